//! Running mean and variance of a stream of answers (Welford's method: stable for
//! millions of values, one pass, constant memory).

/// The answers seen so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    pub n: u64,
    pub mean: f64,
    /// Sum of squared differences from the mean.
    m2: f64,
}

/// The normal quantile for a two-sided 95% interval.
const Z_95: f64 = 1.959_964;

impl Stats {
    pub fn add(&mut self, value: f64) {
        self.n += 1;
        let delta = value - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (value - self.mean);
    }

    /// Sample standard deviation; 0 for fewer than two answers.
    pub fn std_dev(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        (self.m2 / (self.n - 1) as f64).sqrt()
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
        assert!((s.mean - 5.0).abs() < 1e-12);
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
