//! Running mean and variance of a stream of answers: one pass, constant memory.
//!
//! Sums, not Welford's running mean: survey answers are small numbers, so the sum
//! of a million whole answers is exact in an f64 and a mean of all 4s is exactly
//! 4, where a running mean drifts in the last digits.

/// The answers seen so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    pub n: u64,
    sum: f64,
    sum_of_squares: f64,
}

/// The normal quantile for a two-sided 95% interval.
const Z_95: f64 = 1.959_964;

impl Stats {
    pub fn add(&mut self, value: f64) {
        self.n += 1;
        self.sum += value;
        self.sum_of_squares += value * value;
    }

    /// The mean answer; 0 when there are none.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        self.sum / self.n as f64
    }

    /// Sample standard deviation; 0 for fewer than two answers.
    pub fn std_dev(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = self.n as f64;
        let squares = self.sum_of_squares - self.sum * self.sum / n;
        (squares.max(0.0) / (n - 1.0)).sqrt()
    }

    /// Half the width of the 95% confidence interval of the mean (normal
    /// approximation, which the minimum number of responses keeps honest).
    pub fn half_interval(&self) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        Z_95 * self.std_dev() / (self.n as f64).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_interval_of_known_answers() {
        let mut s = Stats::default();
        for v in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            s.add(v);
        }
        assert_eq!(s.n, 8);
        assert_eq!(s.mean(), 5.0);
        // Sample variance 32/7.
        assert!((s.std_dev() - (32.0_f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!((s.half_interval() - Z_95 * (32.0_f64 / 7.0).sqrt() / 8f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn one_answer_has_no_spread() {
        let mut s = Stats::default();
        s.add(3.0);
        assert_eq!(s.half_interval(), 0.0);
    }
}
