//! Hostile text in every field stays text: the SVG parses as XML with only our own
//! elements, and the HTML carries no element, attribute or script from the input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "]]><!-- --><![CDATA[x]]>",
    "</style><style>body{display:none}</style>",
    "\\3c script\\3e ;} * { color: red }",
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "\u{202e}evil\u{202c} \u{2066}x\u{2069}",
    "nul\u{0}byte and \u{1b}[31m escape",
    "&amp; &lt; &#x3c; &",
];

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A map with hostile strings in every text field and every free-form key.
fn hostile_map(s: &str) -> String {
    let q = quoted(s);
    format!(
        "title: {q}\nscenario: {q}\npersonas:\n  p1:\n    name: {q}\n    role: {q}\n    description: {q}\n    quote: {q}\n    goals: [{q}]\n    frustrations: [{q}]\nstages:\n  - {{ id: s1, name: {q}, goal: {q}, description: {q} }}\nchannels:\n  c1: {{ name: {q} }}\nlabels: {{ pain_points: {q}, only: {q}, legend_title: {q}, persona_toggles: {q}, summary: {q}, scores_intro: {q} }}\ntouchpoints:\n  - id: t1\n    stage: s1\n    name: {q}\n    description: {q}\n    channel: c1\n    actions: [{q}]\n    thoughts: [{q}]\n    emotion: 2\n    pain_points: [{q}, {{ text: {q}, personas: [p1] }}]\n    opportunities: [{q}]\n    metrics: {{ {q}: {q} }}\n    owner: {q}\n    blueprint:\n      l1: [{q}, {{ text: {q}, fail_point: true, wait: {q} }}]\n      l2: {q}\n  - {{ id: t2, stage: s1, name: {q}, emotion: 4 }}\nlanes:\n  - {{ id: l1, role: frontstage, name: {q}, owner: {q} }}\n  - {{ id: l2, role: support, name: {q} }}\n"
    )
}

const SVG_ELEMENTS: &[&str] = &[
    "svg", "title", "desc", "rect", "text", "g", "path", "circle", "line",
];

#[test]
fn hostile_text_never_becomes_markup_in_svg() {
    for s in HOSTILE {
        let map = common::valid_map("hostile.yaml", &hostile_map(s));
        let svg = journeymap::build(&map).svg;
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{s:?}: SVG does not parse: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(
                SVG_ELEMENTS.contains(&name),
                "{s:?}: unexpected element <{name}>"
            );
            for attr in node.attributes() {
                assert!(
                    !attr.name().starts_with("on"),
                    "{s:?}: event attribute {}",
                    attr.name()
                );
                assert!(
                    !attr.value().contains("javascript:"),
                    "{s:?}: script URL in {}",
                    attr.name()
                );
            }
        }
        // The title round-trips as text (minus the characters XML cannot hold).
        let title = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name("title"))
            .unwrap();
        let expected: String = s
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        assert_eq!(title.text().unwrap_or_default(), expected.as_str());
    }
}

/// Elements our HTML template writes; anything else came from the input.
const HTML_ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "li",
    "div",
    "blockquote",
    "main",
    "section",
    "article",
    "span",
    "svg",
    "path",
    "circle",
    "rect",
    "line",
    "text",
    "g",
    "dl",
    "dt",
    "dd",
    "footer",
    "button",
    "script",
    "details",
    "summary",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

#[test]
fn hostile_text_never_becomes_markup_in_html() {
    for s in HOSTILE {
        let map = common::valid_map("hostile.yaml", &hostile_map(s));
        let html = journeymap::build(&map).html;
        let doc = scraper::Html::parse_document(&html);
        let mut scripts = 0;
        for node in doc.tree.nodes() {
            if let Some(element) = node.value().as_element() {
                let name = element.name();
                assert!(
                    HTML_ELEMENTS.contains(&name),
                    "{s:?}: unexpected element <{name}>"
                );
                scripts += usize::from(name == "script");
                for (attr, value) in element.attrs() {
                    assert!(!attr.starts_with("on"), "{s:?}: event attribute {attr}");
                    // No attribute that loads or links anything exists at all.
                    assert!(
                        ![
                            "href",
                            "src",
                            "action",
                            "formaction",
                            "srcset",
                            "xlink:href"
                        ]
                        .contains(&attr),
                        "{s:?}: {attr}"
                    );
                    if attr == "style" {
                        assert!(
                            value.starts_with("grid-column: ")
                                && value
                                    .chars()
                                    .all(|c| c.is_ascii_alphanumeric() || " :-/".contains(c)),
                            "{s:?}: style {value:?}"
                        );
                    }
                }
            }
            if let Some(comment) = node.value().as_comment() {
                panic!("{s:?}: a comment came from the input: {comment:?}");
            }
        }
        assert_eq!(scripts, 1, "{s:?}: only our own script");
        assert!(!html.contains('\u{0}'), "{s:?}: NUL passed through");
        // The title is the user's text, as text.
        let title = doc
            .select(&scraper::Selector::parse("h1").unwrap())
            .next()
            .unwrap();
        let expected: String = s
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        assert_eq!(title.text().collect::<String>(), expected);
    }
}

#[test]
fn the_page_forbids_everything_but_its_own_style_and_script() {
    let map = common::valid_map("m.yaml", &hostile_map("x"));
    let html = journeymap::build(&map).html;
    let csp = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(csp.contains("style-src 'unsafe-inline'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    // The printed pages are SVG pictures, which name their namespace.
    let without_namespace = html.replace("http://www.w3.org/2000/svg", "");
    assert!(
        !without_namespace.contains("http://") && !without_namespace.contains("https://"),
        "no URL other than the SVG namespace"
    );
}

#[test]
fn colours_are_validated_before_they_reach_css() {
    let text = "title: T\npersonas:\n  p: { name: P, color: \"red;}</style><script>x</script>\" }\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n";
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("c.yaml", text));
    assert!(loaded.map.is_none());
    assert_eq!(loaded.diagnostics[0].code, "bad-color");
}
