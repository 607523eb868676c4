//! A deterministic generator of realistic journey maps of any size, for benchmarks
//! and tests.
//!
//! [`generate`] writes the YAML text of a valid map (no errors, no warnings) with
//! exactly the requested number of touchpoints and personas. The same options always
//! give the same bytes; another seed gives another map of the same shape. The maps
//! use most of the format the way the examples do:
//!
//! - personas with roles, quotes, goals, frustrations and sometimes a colour;
//! - standard stages for small maps, and more custom stages (with goals) as maps
//!   grow, about `3 + √n / 2` of them;
//! - built-in and declared channels, descriptions, actions, thoughts, pain points,
//!   opportunities, metrics and owners, in short and long text, with accents,
//!   typographic quotes, a few long unbreakable words (URLs), and now and then CJK
//!   or an emoji, so text measurement and wrapping take all their paths;
//! - a flow with branches: a touchpoint whose `next` splits the personas into two
//!   groups that meet again two steps later (each group's touchpoint is scored only
//!   for that group, so each persona follows its own branch), alternatives open to
//!   everyone, optional detours (`next: [a, b]` where `a` leads to `b`), loops back
//!   to an earlier touchpoint, and touchpoints for one persona only;
//! - emotion scores that wander up and down per persona, with pain points where
//!   they are low.
//!
//! Every map stays within the limits of the format (docs/format.md, "Limits"): the
//! largest maps (10,000 touchpoints) would exceed the 4 MiB and 250,000-node limits
//! at the density of the examples, so the generator thins the optional content
//! (fewer lists, shorter descriptions) until the text fits, with a margin; and with
//! many personas, fewer touchpoints carry a score for everyone, so the map stays
//! under the limit of 50,000 emotion scores.
//!
//! The random numbers come from SplitMix64, seeded by [`GenerateOptions::seed`]; no
//! external crate, and no dependence on the platform or the Rust version.

use std::fmt::Write as _;

use crate::limits;

/// Most emotion scores in a generated map (before the 0.9 margin): 10,000 touchpoints
/// × 3 personas, the benchmark map, whose pages are about 25 MB, just under
/// [`limits::MAX_OUTPUT_BYTES`]. More personas share the same number of scores, so
/// every generated map builds.
const GENERATED_SCORES: usize = 34_000;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of touchpoints, from 1 to 10,000 (clamped).
    pub touchpoints: usize,
    /// Number of personas, from 0 to the format's limit of 100 (clamped). 0 writes
    /// no `personas:`, so the map has the one implicit persona.
    pub personas: usize,
    /// Seed of the random choices; the same seed gives the same map.
    pub seed: u64,
    /// Adds a service blueprint of six lanes ([`BLUEPRINT_LANES`]: one of each
    /// role, two frontstage, two support) with cells on every touchpoint, in three
    /// or four lanes each: an item, a fail point with a wait, or two items. The
    /// rest of the map is the map without it, unless a large map must be thinned
    /// to fit the limits; then the cells are thinned with the rest.
    pub blueprint: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            touchpoints: 20,
            personas: 3,
            seed: 1,
            blueprint: false,
        }
    }
}

/// The lanes of a generated service blueprint: `(id, role, name, owner)`.
pub const BLUEPRINT_LANES: [(&str, &str, &str, Option<&str>); 6] = [
    (
        "evidence",
        "physical_evidence",
        "What the customer sees",
        None,
    ),
    ("staff", "frontstage", "Staff", Some("Operations")),
    ("app", "frontstage", "App", Some("Digital")),
    ("checks", "backstage", "Checks", Some("Risk")),
    ("core", "support", "Core systems", Some("Technology")),
    ("vendors", "support", "Suppliers", None),
];

/// The YAML text of a valid journey map with exactly `options.touchpoints`
/// touchpoints and `options.personas` personas (both clamped to the format's limits).
pub fn generate(options: GenerateOptions) -> String {
    // Thin the optional content until the map fits the limits with a 10% margin;
    // then, for very large maps, the scores until its pages fit the output limit.
    // Each attempt restarts from the seed, so the result is deterministic.
    let mut richness = 1.0;
    let mut scores = 1.0;
    loop {
        let (text, size) = Generator::new(options, richness, scores).map();
        if !size.fits(text.len()) && richness > 0.0 {
            richness = f64::max(richness - 0.1, 0.0);
        } else if scores > 0.15 && !outputs_fit(&text) {
            scores -= 0.1;
        } else {
            return text;
        }
    }
}

/// Whether `load` accepts the map's outputs (it measures them only for large maps).
fn outputs_fit(text: &str) -> bool {
    let loaded = crate::load(crate::diag::SourceFile::new("generated.yaml", text));
    !loaded.diagnostics.iter().any(|d| d.code == "too-large")
}

/// What a generated map holds, counted against the limits.
struct Size {
    nodes: usize,
    list_items: usize,
    text_chars: usize,
}

impl Size {
    /// Within 90% of every limit that grows with the content.
    fn fits(&self, bytes: usize) -> bool {
        let within = |count: usize, limit: usize| count <= limit / 10 * 9;
        within(self.nodes, limits::MAX_NODES)
            && within(bytes, limits::MAX_FILE_BYTES)
            && within(self.list_items, limits::MAX_LIST_ITEMS_IN_MAP)
            && within(self.text_chars, limits::MAX_TEXT_CHARS_IN_MAP)
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len());
        items.get(i).copied().unwrap_or_default()
    }
}

const FIRST_NAMES: &[&str] = &[
    "maya", "tom", "grace", "priya", "marcus", "dana", "olu", "sofia", "kenji", "amara", "lukas",
    "zoe", "ines", "ravi", "hana", "mateo", "chloe", "yusuf", "elena", "noah",
];
const LAST_NAMES: &[&str] = &[
    "Chen",
    "Berger",
    "Okafor",
    "Nair",
    "Lee",
    "Ruiz",
    "Adeyemi",
    "Rossi",
    "Tanaka",
    "Diallo",
    "Novák",
    "Müller",
    "García",
    "Kowalski",
    "Haddad",
    "O'Brien",
    "Johansson",
    "Silva",
];
const ROLES: &[&str] = &[
    "First-time buyer",
    "Owner of a six-person architecture studio",
    "Parent buying for a student",
    "Head of product operations",
    "IT and security lead",
    "Finance business partner",
    "Engineering manager and daily user",
    "Returning customer who switched from a competitor",
    "Small-business accountant",
    "Retired teacher, new to online banking",
];
const QUOTES: &[&str] = &[
    "If it isn't on my phone, it doesn't exist.",
    "I don't have time to be my own IT department.",
    "I want to hold it before I pay for it.",
    "Tell me where the data lives and I'll tell you when you can have it.",
    "We already have a tool for that. Convince me.",
    "No PO, no payment.",
    "Just tell me what happens next — and when.",
];
const GOALS: &[&str] = &[
    "Get it done in one evening",
    "Pay no more than the price on the website",
    "One invoice, paid by bank transfer",
    "Talk to a person when something goes wrong",
    "Keep the whole team on one tool",
    "Understand the contract before signing it",
    "Never repeat the same information twice",
];
const FRUSTRATIONS: &[&str] = &[
    "Spec sheets full of jargon",
    "Waiting on hold",
    "Forms that forget what was typed",
    "Surprise fees at the last step",
    "Being told about changes after they are decided",
    "Notification noise",
];
/// Each with at least 4.5:1 contrast on the curve's backgrounds, so generated maps
/// load without warnings; in every colour syntax the format takes.
const COLORS: &[&str] = &[
    "\"#2563eb\"",
    "darkgreen",
    "\"#936\"",
    "\"#b55000\"",
    "\"#007a7a\"",
    "\"#7c3aed\"",
];
const CUSTOM_STAGES: &[&str] = &[
    "Onboarding",
    "Setup",
    "First use",
    "Billing",
    "Support",
    "Renewal",
    "Expansion",
    "Offboarding",
    "Win-back",
    "Referral",
];
const STAGE_GOALS: &[&str] = &[
    "Realise there is a shop worth checking",
    "Find the right option at the right price",
    "Pay without surprises",
    "Get a working product, on time",
    "Get help quickly when something breaks",
    "Tell others whether it was worth it",
];
const CHANNELS: &[&str] = &[
    "web", "mobile", "app", "email", "social", "chat", "phone", "sms", "store", "support", "mail",
    "ads", "courier", "kiosk",
];
const VERBS: &[&str] = &[
    "Compares",
    "Reads",
    "Opens",
    "Asks about",
    "Pays for",
    "Signs up for",
    "Checks",
    "Books",
    "Cancels",
    "Downloads",
    "Tracks",
    "Reviews",
    "Calls about",
    "Uploads",
    "Renews",
    "Shares",
];
const OBJECTS: &[&str] = &[
    "the pricing page",
    "the order confirmation",
    "a delivery slot",
    "the mortgage offer",
    "the onboarding checklist",
    "two laptops in the store",
    "the invoice",
    "the returns label",
    "a support ticket",
    "the mobile app",
    "the security questionnaire",
    "the renewal quote",
    "the welcome email",
    "the contract",
];
const QUALIFIERS: &[&str] = &[
    "on her phone",
    "between meetings",
    "with a colleague",
    "late at night",
    "for the second time",
    "in the café",
    "before the deadline",
];
const ACTIONS: &[&str] = &[
    "Scrolls Instagram",
    "Taps the ad",
    "Filters by price",
    "Opens four product pages",
    "Pastes the job ad's software list",
    "Forwards the quote to the accountant",
    "Follows the tracking link",
    "Sends a video of the fault",
    "Prints the returns label",
    "Types the card number twice",
    "Searches the help centre",
    "Asks a friend",
];
const THOUGHTS: &[&str] = &[
    "Is that the one my friend has?",
    "What does \"U-series\" even mean?",
    "Please just tell me which one.",
    "Good, it's actually happening.",
    "Delivered to 'safe place'? Which safe place?",
    "I paid for the business warranty for exactly this.",
    "Why is this so hard?",
    "That was quicker than I expected.",
    "Can we take it home today?",
    "Do they even read these?",
    "Fine — next-day delivery is worth $15.",
];
const THOUGHTS_RARE: &[&str] = &[
    "Seriously? 🙄",
    "これで大丈夫かな？",
    "Great 👍 that worked.",
    "Is the naïve option good enough?",
];
const PAINS: &[&str] = &[
    "Price not shown",
    "Eighteen minutes on hold",
    "The compare table needs horizontal scrolling on a phone",
    "Stock by store is only shown after choosing a store",
    "The quote takes two business days to arrive",
    "Support does not see the order history",
    "The discount code field is hidden in a collapsed section",
    "No confirmation that the item is set aside",
    "The form resets when switching apps",
];
const OPPORTUNITIES: &[&str] = &[
    "Show price and battery life in the ad",
    "Call-back instead of hold",
    "Self-serve quotes for up to ten units",
    "Plain-language summaries",
    "Link business quotes to the customer record used by support",
    "Send a ready-for-collection message with a photo",
    "Offer a clean install option at checkout",
];
const METRICS: &[(&str, &str)] = &[
    ("bounce_rate", "\"41%\""),
    ("conversion", "\"2.4%\""),
    ("calls_per_week", "320"),
    ("first_response_time", "40s"),
    ("median_time_on_page", "2m 10s"),
    ("open_rate", "\"71%\""),
    ("csat", "3.9"),
    ("average_hold_time", "14 min"),
];
const OWNERS: &[&str] = &[
    "Growth marketing",
    "Web team",
    "Checkout squad",
    "Customer service",
    "Logistics",
    "CRM team",
    "Store operations",
    "Business sales",
];
const SENTENCES: &[&str] = &[
    "The trigger differs from persona to persona.",
    "Most customers do this on a phone, between two other things.",
    "This is where the business first learns the customer's name.",
    "About a third of customers drop out here and come back a week later.",
    "The step depends on a partner system that is slow at the end of the month.",
    "Customers who call here have usually tried the website first.",
    "The wording on this screen was last reviewed two years ago.",
];
const LONG_WORDS: &[&str] = &[
    "https://help.example.com/articles/where-is-my-order-and-how-do-i-track-it",
    "Kundenzufriedenheitsumfrageergebnisse",
];

/// The personas on one touchpoint.
#[derive(Clone)]
enum Who {
    Everyone,
    Group(Vec<usize>),
}

/// One touchpoint's flow, decided before any text is written.
#[derive(Clone)]
struct Slot {
    who: Who,
    /// Explicit `next`, as touchpoint indices; `None` for the default (the next one).
    next: Option<Vec<usize>>,
}

struct Generator {
    rng: Rng,
    touchpoints: usize,
    personas: usize,
    /// 1 for the density of the examples, lower to fit large maps within the limits.
    richness: f64,
    blueprint: bool,
    out: String,
    /// YAML nodes written so far, counted as the parser counts them.
    nodes: usize,
    /// List items written so far (`limits::MAX_LIST_ITEMS_IN_MAP`).
    list_items: usize,
    /// Characters of text written so far, ids and numbers included, so at least
    /// what the decoder counts (`limits::MAX_TEXT_CHARS_IN_MAP`).
    text_chars: usize,
    persona_ids: Vec<String>,
    /// Current emotion score of each persona, in half points on the 1–5 scale.
    mood: Vec<f64>,
    /// The share of touchpoints for everyone that get scores, so that touchpoints
    /// × personas stays within 90% of the limit on emotion scores.
    score_share: f64,
}

impl Generator {
    /// `richness` thins the optional content, `scores` the share of scored personas.
    fn new(options: GenerateOptions, richness: f64, scores: f64) -> Self {
        let touchpoints = options.touchpoints.clamp(1, limits::MAX_TOUCHPOINTS);
        let personas = options.personas.min(limits::MAX_PERSONAS);
        let all_scores = (touchpoints * personas.max(1)) as f64;
        Generator {
            rng: Rng(options.seed ^ 0x6A6F_7572_6E65_796D),
            touchpoints,
            personas,
            richness,
            blueprint: options.blueprint,
            out: String::new(),
            nodes: 0,
            list_items: 0,
            text_chars: 0,
            persona_ids: Vec::new(),
            mood: Vec::new(),
            score_share: (GENERATED_SCORES.min(limits::MAX_SCORES) as f64 * 0.9 * scores
                / all_scores)
                .min(1.0),
        }
    }

    /// Writes the map; returns its text and what it holds.
    fn map(mut self) -> (String, Size) {
        let n = self.touchpoints;
        self.out.reserve(n * 420 + 4096);
        self.nodes += 1; // the top-level mapping
        let _ = writeln!(
            self.out,
            "# Generated by `journeymap generate` ({n} touchpoints, {} personas).",
            self.personas
        );
        let title = format!(
            "{} {} journey",
            self.rng
                .pick(&["Buying", "Renewing", "Switching", "Onboarding to"]),
            self.rng.pick(&[
                "a laptop",
                "a mortgage",
                "a SaaS plan",
                "broadband",
                "insurance"
            ])
        );
        self.key_text(0, "title", &title);
        let count = 2 + self.rng.below(3);
        let scenario = self.sentences(count);
        self.key_text(0, "scenario", &scenario);
        self.personas_section();
        let stages = self.stages_section(n);
        self.channels_section();
        if self.blueprint {
            self.lanes_section();
        }
        self.touchpoints_section(&stages);
        let size = Size {
            nodes: self.nodes,
            list_items: self.list_items,
            text_chars: self.text_chars,
        };
        (self.out, size)
    }

    // --- YAML writing, counting nodes as serde-saphyr's budget does ---------------

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    /// `key: text` on its own line.
    fn key_text(&mut self, depth: usize, key: &str, text: &str) {
        self.count_text(text);
        self.indent(depth);
        self.out.push_str(key);
        self.out.push_str(": ");
        push_scalar(&mut self.out, text);
        self.out.push('\n');
        self.nodes += 2;
    }

    /// `key: value` with `value` written as is (a number, an id, a quoted colour).
    fn key_raw(&mut self, depth: usize, key: &str, value: &str) {
        self.count_text(value);
        self.indent(depth);
        let _ = writeln!(self.out, "{key}: {value}");
        self.nodes += 2;
    }

    /// `key: [a, b]` when the items are short, a block list otherwise.
    fn key_list(&mut self, depth: usize, key: &str, items: &[String]) {
        self.list_items += items.len();
        for item in items {
            self.count_text(item);
        }
        self.indent(depth);
        self.out.push_str(key);
        self.out.push(':');
        self.nodes += 2 + items.len();
        if items.iter().map(|i| i.len() + 2).sum::<usize>() <= 70 {
            self.out.push_str(" [");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                push_scalar(&mut self.out, item);
            }
            self.out.push_str("]\n");
        } else {
            self.out.push('\n');
            for item in items {
                self.indent(depth + 1);
                self.out.push_str("- ");
                push_scalar(&mut self.out, item);
                self.out.push('\n');
            }
        }
    }

    /// `key: [id, id]`: ids need no quotes.
    fn key_ids(&mut self, depth: usize, key: &str, ids: &[&str]) {
        for id in ids {
            self.count_text(id);
        }
        self.indent(depth);
        let _ = writeln!(self.out, "{key}: [{}]", ids.join(", "));
        self.nodes += 2 + ids.len();
    }

    /// Counts a text (or id) written, as the decoder will.
    fn count_text(&mut self, text: &str) {
        self.text_chars += text.chars().count();
    }

    // --- Text --------------------------------------------------------------------

    /// `count` different sentences.
    fn sentences(&mut self, count: usize) -> String {
        let start = self.rng.below(SENTENCES.len());
        (0..count.min(SENTENCES.len()))
            .map(|k| SENTENCES[(start + k) % SENTENCES.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn touchpoint_name(&mut self) -> String {
        let mut name = format!("{} {}", self.rng.pick(VERBS), self.rng.pick(OBJECTS));
        if self.rng.chance(0.3) {
            name.push(' ');
            name.push_str(self.rng.pick(QUALIFIERS));
        }
        name
    }

    /// Probability `p`, scaled down for large maps.
    fn rich(&mut self, p: f64) -> bool {
        self.rng.chance(p * self.richness)
    }

    /// One to `max` distinct items from `pool` (fewer for large maps).
    fn items(&mut self, pool: &[&str], max: usize) -> Vec<String> {
        let count = 1 + self.rng.below(max);
        let count = if self.richness < 1.0 { 1 } else { count };
        let start = self.rng.below(pool.len());
        (0..count)
            .map(|k| pool[(start + k) % pool.len()].to_owned())
            .collect()
    }

    // --- Sections ------------------------------------------------------------------

    fn personas_section(&mut self) {
        if self.personas == 0 {
            return;
        }
        self.out.push_str("personas:\n");
        self.nodes += 2;
        for p in 0..self.personas {
            let first = FIRST_NAMES[p % FIRST_NAMES.len()];
            let id = if p < FIRST_NAMES.len() {
                first.to_owned()
            } else {
                format!("{first}-{}", p / FIRST_NAMES.len() + 1)
            };
            let _ = writeln!(self.out, "  {id}:");
            self.nodes += 2;
            let mut display = first.to_owned();
            display[..1].make_ascii_uppercase();
            let name = format!("{display} {}", self.rng.pick(LAST_NAMES));
            self.key_text(2, "name", &name);
            // Long persona cards only for the first few: a map with hundreds of
            // personas lists them, it does not describe each.
            let detailed = p < 8;
            if detailed || self.rng.chance(0.5) {
                let role = self.rng.pick(ROLES);
                self.key_text(2, "role", role);
            }
            if detailed {
                let count = 1 + self.rng.below(2);
                let description = self.sentences(count);
                self.key_text(2, "description", &description);
                let quote = self.rng.pick(QUOTES);
                self.key_text(2, "quote", quote);
                let goals = self.items(GOALS, 2);
                self.key_list(2, "goals", &goals);
                let frustrations = self.items(FRUSTRATIONS, 2);
                self.key_list(2, "frustrations", &frustrations);
                if self.rng.chance(0.5) {
                    let color = self.rng.pick(COLORS);
                    self.key_raw(2, "color", color);
                }
            }
            self.persona_ids.push(id);
            self.mood.push(3.0);
        }
    }

    /// Writes `stages:` and returns the stage id of each touchpoint.
    fn stages_section(&mut self, n: usize) -> Vec<String> {
        let count = ((3.0 + (n as f64).sqrt() / 2.0).round() as usize).clamp(1, n);
        let standard = [
            "awareness",
            "consideration",
            "decision",
            "retention",
            "advocacy",
        ];
        self.out.push_str("stages:\n");
        self.nodes += 2;
        let mut ids = Vec::with_capacity(count);
        for s in 0..count {
            if s < standard.len() && count <= standard.len() && !self.rng.chance(0.4) {
                let _ = writeln!(self.out, "  - {}", standard[s]);
                self.nodes += 1;
                ids.push(standard[s].to_owned());
                continue;
            }
            let (id, name) = if s < standard.len() {
                let mut name = standard[s].to_owned();
                name[..1].make_ascii_uppercase();
                (standard[s].to_owned(), name)
            } else {
                let base = CUSTOM_STAGES[(s - standard.len()) % CUSTOM_STAGES.len()];
                let round = (s - standard.len()) / CUSTOM_STAGES.len();
                let slug = base.to_ascii_lowercase().replace(' ', "-");
                if round == 0 {
                    (slug, base.to_owned())
                } else {
                    (
                        format!("{slug}-{}", round + 1),
                        format!("{base} {}", round + 1),
                    )
                }
            };
            self.out.push_str("  - id: ");
            self.out.push_str(&id);
            self.out.push('\n');
            self.nodes += 3;
            self.key_text(2, "name", &name);
            if self.rng.chance(0.7) {
                let goal = self.rng.pick(STAGE_GOALS);
                self.key_text(2, "goal", goal);
            }
            ids.push(id);
        }
        // Every stage gets at least one touchpoint; the rest are spread at random.
        // Touchpoints are listed stage by stage, as people write maps.
        let mut sizes = vec![1usize; count];
        for _ in count..n {
            let s = self.rng.below(count);
            sizes[s] += 1;
        }
        sizes
            .iter()
            .zip(ids)
            .flat_map(|(&size, id)| std::iter::repeat_n(id, size))
            .collect()
    }

    fn channels_section(&mut self) {
        self.out
            .push_str("channels:\n  courier: { name: Courier }\n  kiosk: { name: Self-service kiosk }\n  store: { name: Flagship store }\n");
        self.nodes += 2 + 3 * 4;
    }

    /// Decides who is on each touchpoint and where it leads.
    fn plan_flow(&mut self, n: usize) -> Vec<Slot> {
        let mut slots = vec![
            Slot {
                who: Who::Everyone,
                next: None,
            };
            n
        ];
        let p = self.personas;
        let mut i = 1;
        while i < n {
            let roll = self.rng.next() % 100;
            if roll < 12 && i + 3 < n && p >= 2 {
                // A branch: i splits the personas into two groups at i+1 and i+2,
                // which meet again at i+3.
                let (a, b) = self.split_groups();
                slots[i].next = Some(vec![i + 1, i + 2]);
                slots[i + 1] = Slot {
                    who: Who::Group(a),
                    next: Some(vec![i + 3]),
                };
                slots[i + 2] = Slot {
                    who: Who::Group(b),
                    next: None,
                };
                i += 4;
            } else if roll < 18 && i + 2 < n {
                // An optional detour: i+1 leads on to i+2, which can also be reached
                // directly. Everyone takes the detour (the first target).
                slots[i].next = Some(vec![i + 1, i + 2]);
                i += 3;
            } else if roll < 20 && i >= 3 && i + 1 < n {
                // A loop back to a touchpoint a few steps earlier.
                let back = i - 1 - self.rng.below(i.min(12) - 1);
                slots[i].next = Some(vec![i + 1, back]);
                i += 2;
            } else if roll < 25 && p >= 2 && i + 1 < n {
                // A touchpoint for one persona only; the others pass through it.
                slots[i].who = Who::Group(vec![self.rng.below(p)]);
                i += 2;
            } else if roll < 29 && i + 3 < n {
                // Alternatives open to everyone (pay online or in the store) that meet
                // again at i+3. Each path takes the first and, as docs/format.md says,
                // picks up the other in a stretch of its own at the end.
                slots[i].next = Some(vec![i + 1, i + 2]);
                slots[i + 1].next = Some(vec![i + 3]);
                i += 4;
            } else {
                i += 1;
            }
        }
        // The examples often end with a loop back, such as a repeat purchase.
        if n >= 10 && slots[n - 1].next.is_none() {
            slots[n - 1].next = Some(vec![n - 4]);
        }
        slots
    }

    /// Two disjoint, non-empty groups of personas, small enough to keep large maps
    /// within the node limit.
    fn split_groups(&mut self) -> (Vec<usize>, Vec<usize>) {
        let p = self.personas;
        let size_a = 1 + self.rng.below((p / 2).clamp(1, 4));
        let start = self.rng.below(p);
        let mut a: Vec<usize> = (0..size_a).map(|k| (start + k) % p).collect();
        let rest: Vec<usize> = (0..p - size_a).map(|k| (start + size_a + k) % p).collect();
        let mut b: Vec<usize> = rest.into_iter().take(4).collect();
        a.sort_unstable();
        b.sort_unstable();
        (a, b)
    }

    /// Moves a persona's mood a little, staying on the 1–5 scale in half points.
    fn step_mood(&mut self, persona: usize) -> f64 {
        let delta = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.0][self.rng.below(7)];
        let pull = (3.0 - self.mood[persona]) * 0.25;
        let next = (self.mood[persona] + delta + pull).clamp(1.0, 5.0);
        let next = (next * 2.0).round() / 2.0;
        self.mood[persona] = next;
        next
    }

    fn touchpoints_section(&mut self, stages: &[String]) {
        let n = stages.len();
        let slots = self.plan_flow(n);
        // Names first: ids are made from them (`compares-12`) and `next` needs ids.
        let names: Vec<String> = (0..n).map(|_| self.touchpoint_name()).collect();
        let ids: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let verb = name.split(' ').next().unwrap_or("step");
                format!("{}-{}", verb.to_ascii_lowercase(), i + 1)
            })
            .collect();
        self.out.push_str("touchpoints:\n");
        self.nodes += 2;
        for (i, slot) in slots.iter().enumerate() {
            self.touchpoint(i, &ids, &names[i], &stages[i], slot);
        }
    }

    fn touchpoint(&mut self, i: usize, ids: &[String], name: &str, stage: &str, slot: &Slot) {
        self.out.push_str("  - id: ");
        self.out.push_str(&ids[i]);
        self.out.push('\n');
        self.nodes += 3;
        self.key_raw(2, "stage", stage);
        self.key_text(2, "name", name);
        if self.rich(0.35) {
            let count = 1 + self.rng.below(3);
            let mut description = self.sentences(count);
            if self.rng.chance(0.1) {
                description.push_str(" See ");
                description.push_str(self.rng.pick(LONG_WORDS));
            }
            self.key_text(2, "description", &description);
        }
        if self.rng.chance(0.85) {
            let channel = self.rng.pick(CHANNELS);
            self.key_raw(2, "channel", channel);
        }
        if self.rich(0.6) {
            let actions = self.items(ACTIONS, 3);
            self.key_list(2, "actions", &actions);
        }
        if self.rich(0.55) {
            let mut thoughts = self.items(THOUGHTS, 2);
            if self.rng.chance(0.05) {
                thoughts.push(self.rng.pick(THOUGHTS_RARE).to_owned());
            }
            self.key_list(2, "thoughts", &thoughts);
        }
        let low = self.emotion(slot, i == 0);
        if self.rich(if low { 0.8 } else { 0.2 }) {
            let pains = self.items(PAINS, 2);
            self.key_list(2, "pain_points", &pains);
        }
        if self.rich(if low { 0.6 } else { 0.2 }) {
            let opportunities = self.items(OPPORTUNITIES, 2);
            self.key_list(2, "opportunities", &opportunities);
        }
        if self.rich(0.3) {
            self.indent(2);
            self.out.push_str("metrics: { ");
            let count = 1 + self.rng.below(2);
            let start = self.rng.below(METRICS.len());
            for k in 0..count {
                let (name, value) = METRICS[(start + k * 3) % METRICS.len()];
                if k > 0 {
                    self.out.push_str(", ");
                }
                let _ = write!(self.out, "{name}: {value}");
                self.list_items += 1;
                self.text_chars += name.chars().count() + value.to_string().chars().count();
            }
            self.out.push_str(" }\n");
            self.nodes += 2 + 2 * count;
        }
        if self.rich(0.5) {
            let owner = self.rng.pick(OWNERS);
            self.key_text(2, "owner", owner);
        }
        if let Some(next) = &slot.next {
            let targets: Vec<&str> = next.iter().map(|&t| ids[t].as_str()).collect();
            self.key_ids(2, "next", &targets);
        }
        if self.blueprint {
            self.blueprint_cells(i);
        }
    }

    fn lanes_section(&mut self) {
        self.out.push_str("lanes:\n");
        self.nodes += 2;
        for (id, role, name, owner) in BLUEPRINT_LANES {
            let _ = write!(self.out, "  - {{ id: {id}, role: {role}, name: {name}");
            self.nodes += 7;
            self.text_chars += id.len() + role.len() + name.len();
            if let Some(owner) = owner {
                let _ = write!(self.out, ", owner: {owner}");
                self.nodes += 2;
                self.text_chars += owner.len();
            }
            self.out.push_str(" }\n");
        }
    }

    /// The cells of touchpoint `i` in three or four lanes, without random choices
    /// (so the rest of the map stays the map without a blueprint). Thinned with
    /// the rest of the content: at richness r, about r of the touchpoints get cells.
    fn blueprint_cells(&mut self, i: usize) {
        if (i * 7 % 10) as f64 >= self.richness * 10.0 {
            return;
        }
        self.indent(2);
        self.out.push_str("blueprint:\n");
        self.nodes += 2;
        for (j, (lane, ..)) in BLUEPRINT_LANES.iter().enumerate() {
            match (i + j) % 5 {
                0 => self.key_list(3, lane, &["Checks the details on screen".to_owned()]),
                1 => {
                    let cell =
                        "{ text: Manual review of the case, fail_point: true, wait: 2 days }";
                    self.key_raw(3, lane, cell);
                    self.nodes += 6;
                    self.list_items += 1;
                }
                2 => self.key_list(
                    3,
                    lane,
                    &[
                        "Sends a confirmation".to_owned(),
                        "Updates the customer record".to_owned(),
                    ],
                ),
                _ => {}
            }
        }
    }

    /// Writes the touchpoint's `emotion` (which also decides who is on it); returns
    /// whether the scores are low, which makes pain points likely.
    fn emotion(&mut self, slot: &Slot, first: bool) -> bool {
        let p = self.personas;
        match &slot.who {
            Who::Group(group) => {
                let scores: Vec<(usize, f64)> =
                    group.iter().map(|&q| (q, self.step_mood(q))).collect();
                self.emotion_map(&scores);
                scores.iter().any(|&(_, s)| s <= 2.0)
            }
            Who::Everyone => {
                // The first touchpoint always scores everyone, so no persona is idle
                // or without a curve.
                let roll = if first {
                    0.0
                } else {
                    self.rng.next() as f64 / u64::MAX as f64
                };
                if !first && self.score_share < 1.0 && !self.rng.chance(self.score_share) {
                    return false;
                }
                if (1..=4).contains(&p) && roll < 0.6 {
                    let scores: Vec<(usize, f64)> =
                        (0..p).map(|q| (q, self.step_mood(q))).collect();
                    self.emotion_map(&scores);
                    scores.iter().any(|&(_, s)| s <= 2.0)
                } else if roll < 0.9 {
                    let score = if p == 0 {
                        if self.mood.is_empty() {
                            self.mood.push(3.0);
                        }
                        self.step_mood(0)
                    } else {
                        let s = self.step_mood(0);
                        for q in 1..p {
                            self.mood[q] = s;
                        }
                        s
                    };
                    self.key_raw(2, "emotion", &format_score(score));
                    score <= 2.0
                } else {
                    false
                }
            }
        }
    }

    fn emotion_map(&mut self, scores: &[(usize, f64)]) {
        self.indent(2);
        self.out.push_str("emotion: { ");
        for (k, &(q, score)) in scores.iter().enumerate() {
            if k > 0 {
                self.out.push_str(", ");
            }
            self.text_chars += self.persona_ids[q].chars().count();
            let _ = write!(self.out, "{}: {}", self.persona_ids[q], format_score(score));
        }
        self.out.push_str(" }\n");
        self.nodes += 2 + 2 * scores.len();
    }
}

fn format_score(score: f64) -> String {
    if score.fract() == 0.0 {
        format!("{}", score as i64)
    } else {
        format!("{score}")
    }
}

/// Appends text as a YAML scalar: plain when that is unambiguous, double-quoted
/// otherwise.
fn push_scalar(out: &mut String, text: &str) {
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '-'))
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off"
        );
    if plain {
        out.push_str(text);
        return;
    }
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_when_yaml_would_misread_them() {
        let mut out = String::new();
        push_scalar(&mut out, "Pays online");
        out.push('|');
        push_scalar(&mut out, "Is it \"in stock\"?");
        out.push('|');
        push_scalar(&mut out, "null");
        assert_eq!(out, "Pays online|\"Is it \\\"in stock\\\"?\"|\"null\"");
    }

    #[test]
    fn the_random_numbers_do_not_depend_on_the_platform() {
        let mut rng = Rng(0);
        assert_eq!(rng.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.below(0), 0);
    }
}
