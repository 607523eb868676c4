//! Colour syntax: the colours a user may write (`#rgb`, `#rrggbb`, CSS named
//! colours) and the default palette. A leaf: the format layer lists the named
//! colours in the JSON Schema, the model validates a persona's colour, and render
//! computes contrast from the same values.

/// A validated colour: what to write into CSS/SVG, and its sRGB value for contrast maths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Color {
    /// Always `#rrggbb`, lowercase, so that nothing the user typed reaches CSS or SVG.
    pub hex: String,
    pub rgb: [u8; 3],
}

impl Color {
    pub fn from_rgb(rgb: [u8; 3]) -> Self {
        Color {
            hex: format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]),
            rgb,
        }
    }

    /// Parses `#rgb`, `#rrggbb` or a CSS named colour (case-insensitive); `None` otherwise.
    pub fn parse(text: &str) -> Option<Color> {
        let text = text.trim();
        if let Some(hex) = text.strip_prefix('#') {
            if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
            let pair = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            return match hex.len() {
                3 => Some(Color::from_rgb([
                    digit(0)? * 17,
                    digit(1)? * 17,
                    digit(2)? * 17,
                ])),
                6 => Some(Color::from_rgb([pair(0)?, pair(2)?, pair(4)?])),
                _ => None,
            };
        }
        let lower = text.to_ascii_lowercase();
        NAMED_COLORS
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|(_, value)| {
                Color::from_rgb([(value >> 16) as u8, (value >> 8) as u8, *value as u8])
            })
    }

    /// WCAG relative luminance.
    pub fn luminance(&self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.rgb[0])
            + 0.7152 * channel(self.rgb[1])
            + 0.0722 * channel(self.rgb[2])
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(&self, other: &Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour mixed towards `other` by `amount` (0 = self, 1 = other).
    pub fn mix(&self, other: &Color, amount: f64) -> Color {
        let m = |a: u8, b: u8| {
            (f64::from(a) + (f64::from(b) - f64::from(a)) * amount)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Color::from_rgb([
            m(self.rgb[0], other.rgb[0]),
            m(self.rgb[1], other.rgb[1]),
            m(self.rgb[2], other.rgb[2]),
        ])
    }
}

/// The persona palette when a persona has no `color`: Okabe–Ito hues, darkened where needed
/// so that lines and markers keep 3:1 contrast on white. Personas also differ by dash and
/// marker shape, so the curve reads without colour.
pub const PALETTE: [[u8; 3]; 8] = [
    [0x00, 0x72, 0xb2], // blue
    [0xc8, 0x4a, 0x00], // vermillion
    [0x00, 0x7a, 0x5a], // bluish green
    [0xa8, 0x3f, 0x87], // reddish purple
    [0x8a, 0x62, 0x00], // ochre (orange, darkened)
    [0x2b, 0x7f, 0xb8], // sky blue, darkened
    [0x44, 0x44, 0x44], // grey
    [0x6b, 0x4c, 0x9a], // violet
];

/// CSS Color Module Level 4 named colours.
pub const NAMED_COLORS: &[(&str, u32)] = &[
    ("aliceblue", 0xf0f8ff),
    ("antiquewhite", 0xfaebd7),
    ("aqua", 0x00ffff),
    ("aquamarine", 0x7fffd4),
    ("azure", 0xf0ffff),
    ("beige", 0xf5f5dc),
    ("bisque", 0xffe4c4),
    ("black", 0x000000),
    ("blanchedalmond", 0xffebcd),
    ("blue", 0x0000ff),
    ("blueviolet", 0x8a2be2),
    ("brown", 0xa52a2a),
    ("burlywood", 0xdeb887),
    ("cadetblue", 0x5f9ea0),
    ("chartreuse", 0x7fff00),
    ("chocolate", 0xd2691e),
    ("coral", 0xff7f50),
    ("cornflowerblue", 0x6495ed),
    ("cornsilk", 0xfff8dc),
    ("crimson", 0xdc143c),
    ("cyan", 0x00ffff),
    ("darkblue", 0x00008b),
    ("darkcyan", 0x008b8b),
    ("darkgoldenrod", 0xb8860b),
    ("darkgray", 0xa9a9a9),
    ("darkgreen", 0x006400),
    ("darkgrey", 0xa9a9a9),
    ("darkkhaki", 0xbdb76b),
    ("darkmagenta", 0x8b008b),
    ("darkolivegreen", 0x556b2f),
    ("darkorange", 0xff8c00),
    ("darkorchid", 0x9932cc),
    ("darkred", 0x8b0000),
    ("darksalmon", 0xe9967a),
    ("darkseagreen", 0x8fbc8f),
    ("darkslateblue", 0x483d8b),
    ("darkslategray", 0x2f4f4f),
    ("darkslategrey", 0x2f4f4f),
    ("darkturquoise", 0x00ced1),
    ("darkviolet", 0x9400d3),
    ("deeppink", 0xff1493),
    ("deepskyblue", 0x00bfff),
    ("dimgray", 0x696969),
    ("dimgrey", 0x696969),
    ("dodgerblue", 0x1e90ff),
    ("firebrick", 0xb22222),
    ("floralwhite", 0xfffaf0),
    ("forestgreen", 0x228b22),
    ("fuchsia", 0xff00ff),
    ("gainsboro", 0xdcdcdc),
    ("ghostwhite", 0xf8f8ff),
    ("gold", 0xffd700),
    ("goldenrod", 0xdaa520),
    ("gray", 0x808080),
    ("green", 0x008000),
    ("greenyellow", 0xadff2f),
    ("grey", 0x808080),
    ("honeydew", 0xf0fff0),
    ("hotpink", 0xff69b4),
    ("indianred", 0xcd5c5c),
    ("indigo", 0x4b0082),
    ("ivory", 0xfffff0),
    ("khaki", 0xf0e68c),
    ("lavender", 0xe6e6fa),
    ("lavenderblush", 0xfff0f5),
    ("lawngreen", 0x7cfc00),
    ("lemonchiffon", 0xfffacd),
    ("lightblue", 0xadd8e6),
    ("lightcoral", 0xf08080),
    ("lightcyan", 0xe0ffff),
    ("lightgoldenrodyellow", 0xfafad2),
    ("lightgray", 0xd3d3d3),
    ("lightgreen", 0x90ee90),
    ("lightgrey", 0xd3d3d3),
    ("lightpink", 0xffb6c1),
    ("lightsalmon", 0xffa07a),
    ("lightseagreen", 0x20b2aa),
    ("lightskyblue", 0x87cefa),
    ("lightslategray", 0x778899),
    ("lightslategrey", 0x778899),
    ("lightsteelblue", 0xb0c4de),
    ("lightyellow", 0xffffe0),
    ("lime", 0x00ff00),
    ("limegreen", 0x32cd32),
    ("linen", 0xfaf0e6),
    ("magenta", 0xff00ff),
    ("maroon", 0x800000),
    ("mediumaquamarine", 0x66cdaa),
    ("mediumblue", 0x0000cd),
    ("mediumorchid", 0xba55d3),
    ("mediumpurple", 0x9370db),
    ("mediumseagreen", 0x3cb371),
    ("mediumslateblue", 0x7b68ee),
    ("mediumspringgreen", 0x00fa9a),
    ("mediumturquoise", 0x48d1cc),
    ("mediumvioletred", 0xc71585),
    ("midnightblue", 0x191970),
    ("mintcream", 0xf5fffa),
    ("mistyrose", 0xffe4e1),
    ("moccasin", 0xffe4b5),
    ("navajowhite", 0xffdead),
    ("navy", 0x000080),
    ("oldlace", 0xfdf5e6),
    ("olive", 0x808000),
    ("olivedrab", 0x6b8e23),
    ("orange", 0xffa500),
    ("orangered", 0xff4500),
    ("orchid", 0xda70d6),
    ("palegoldenrod", 0xeee8aa),
    ("palegreen", 0x98fb98),
    ("paleturquoise", 0xafeeee),
    ("palevioletred", 0xdb7093),
    ("papayawhip", 0xffefd5),
    ("peachpuff", 0xffdab9),
    ("peru", 0xcd853f),
    ("pink", 0xffc0cb),
    ("plum", 0xdda0dd),
    ("powderblue", 0xb0e0e6),
    ("purple", 0x800080),
    ("rebeccapurple", 0x663399),
    ("red", 0xff0000),
    ("rosybrown", 0xbc8f8f),
    ("royalblue", 0x4169e1),
    ("saddlebrown", 0x8b4513),
    ("salmon", 0xfa8072),
    ("sandybrown", 0xf4a460),
    ("seagreen", 0x2e8b57),
    ("seashell", 0xfff5ee),
    ("sienna", 0xa0522d),
    ("silver", 0xc0c0c0),
    ("skyblue", 0x87ceeb),
    ("slateblue", 0x6a5acd),
    ("slategray", 0x708090),
    ("slategrey", 0x708090),
    ("snow", 0xfffafa),
    ("springgreen", 0x00ff7f),
    ("steelblue", 0x4682b4),
    ("tan", 0xd2b48c),
    ("teal", 0x008080),
    ("thistle", 0xd8bfd8),
    ("tomato", 0xff6347),
    ("turquoise", 0x40e0d0),
    ("violet", 0xee82ee),
    ("wheat", 0xf5deb3),
    ("white", 0xffffff),
    ("whitesmoke", 0xf5f5f5),
    ("yellow", 0xffff00),
    ("yellowgreen", 0x9acd32),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms_and_nothing_else() {
        assert_eq!(
            Color::parse("#2563EB").map(|c| c.hex),
            Some("#2563eb".to_owned())
        );
        assert_eq!(Color::parse("#fa0").map(|c| c.rgb), Some([255, 170, 0]));
        assert_eq!(
            Color::parse("RebeccaPurple").map(|c| c.hex),
            Some("#663399".to_owned())
        );
        for bad in [
            "#12345",
            "red;background:url(x)",
            "rgb(1,2,3)",
            "#ggg",
            "",
            "#",
            "javascript:alert(1)",
        ] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
        assert_eq!(NAMED_COLORS.len(), 148);
    }

    /// Machado, Oliveira and Fernandes (2009) simulation matrices at full severity,
    /// applied in linear RGB.
    const CVD: [(&str, [[f64; 3]; 3]); 3] = [
        (
            "protanopia",
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        ),
        (
            "deuteranopia",
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        ),
        (
            "tritanopia",
            [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        ),
    ];

    fn linear(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    /// CIE L*a*b* of a linear-RGB colour (D65).
    fn lab(rgb: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = rgb.map(|v| v.clamp(0.0, 1.0));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f64| {
            if t > 0.008_856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    #[test]
    fn palette_stays_distinguishable_with_colour_blindness() {
        // The first four palette colours (most maps have up to four personas) stay at
        // least ΔE 10 apart (clearly different at a glance) under each simulated
        // deficiency; dashes and the legend carry the rest.
        for (name, m) in CVD {
            let simulated: Vec<[f64; 3]> = PALETTE[..4]
                .iter()
                .map(|c| {
                    let v = [linear(c[0]), linear(c[1]), linear(c[2])];
                    lab([0, 1, 2].map(|i| m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2]))
                })
                .collect();
            for i in 0..simulated.len() {
                for j in i + 1..simulated.len() {
                    let (a, b) = (simulated[i], simulated[j]);
                    let delta =
                        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2))
                            .sqrt();
                    assert!(
                        delta >= 10.0,
                        "{name}: palette {i} and {j} are only ΔE {delta:.1} apart"
                    );
                }
            }
        }
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let black = Color::from_rgb([0, 0, 0]);
        let white = Color::from_rgb([255, 255, 255]);
        assert!((black.contrast(&white) - 21.0).abs() < 1e-9);
        for rgb in PALETTE {
            assert!(Color::from_rgb(rgb).contrast(&white) >= 3.0, "{rgb:?}");
        }
    }
}
