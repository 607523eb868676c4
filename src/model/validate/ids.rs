//! Id tables: each kind of id (persona, stage, channel, touchpoint) defined once,
//! looked up by reference, with "did you mean" for a mistyped one.

use std::cell::Cell;
use std::collections::HashMap;

use crate::diag::{Candidate, Diagnostic, Span, list_known};
use crate::format::Text;

/// Looks up ids of one kind, remembering where each was defined.
pub(super) struct IdTable {
    kind: &'static str,
    /// Unknown references reported so far; past a few dozen, no more suggestions
    /// are computed (each compares with every known id).
    unknown: Cell<usize>,
    /// Only looked up, never iterated (`order` keeps the order), so a hash map:
    /// a map of 10,000 touchpoints resolves some 50,000 ids.
    ids: HashMap<String, (usize, Span)>,
    order: Vec<String>,
    /// The name each id is shown by, in `order`, so `Priya Nair` can suggest `priya`.
    names: Vec<Option<String>>,
}

/// Unknown references that get a "did you mean" or the list of known ids; past this
/// many, only the error itself.
const MAX_SUGGESTIONS: usize = 50;

impl IdTable {
    pub(super) fn new(kind: &'static str) -> Self {
        IdTable {
            kind,
            unknown: Cell::new(0),
            ids: HashMap::new(),
            order: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Registers an id; reports a duplicate and returns false if it was defined already.
    pub(super) fn define(&mut self, id: &Text, diagnostics: &mut Vec<Diagnostic>) -> bool {
        self.define_named(id, None, diagnostics)
    }

    /// Registers an id shown by `name`, which a mistaken reference may have written.
    pub(super) fn define_named(
        &mut self,
        id: &Text,
        name: Option<&str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        if let Some((_, first)) = self.ids.get(&id.value) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("{} id `{}` is used twice", self.kind, id.value),
                )
                .at(id.span)
                .with_label("second definition")
                .with_related(*first, "first defined here")
                .with_hint(format!(
                    "ids must be unique among {}s; rename one of them",
                    self.kind
                )),
            );
            return false;
        }
        self.ids
            .insert(id.value.clone(), (self.order.len(), id.span));
        self.order.push(id.value.clone());
        self.names.push(name.map(str::to_owned));
        true
    }

    /// Registers a built-in id that the file does not write (so it has no span).
    pub(super) fn define_builtin(
        &mut self,
        id: &str,
        name: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let id = Text::new(id.to_owned(), Span::default());
        self.define_named(&id, Some(name), diagnostics);
    }

    pub(super) fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).map(|(index, _)| *index)
    }

    /// Resolves a reference, reporting an unknown id with the closest known one.
    pub(super) fn resolve(
        &self,
        id: &Text,
        referrer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        if let Some(index) = self.get(&id.value) {
            return Some(index);
        }
        diagnostics.push(self.unknown_ref(id, referrer));
        None
    }

    fn unknown_ref(&self, id: &Text, referrer: &str) -> Diagnostic {
        let known = self
            .order
            .iter()
            .zip(&self.names)
            .map(|(id, name)| Candidate {
                id,
                name: name.as_deref(),
            });
        self.unknown.set(self.unknown.get() + 1);
        let mut diagnostic = Diagnostic::error(
            "unknown-ref",
            format!("unknown {} `{}` in {referrer}", self.kind, id.value),
        )
        .at(id.span);
        // The first few carry a suggestion or the list of known ids; after that, 150,000
        // copies of a list of long ids would only fill memory.
        if self.unknown.get() <= MAX_SUGGESTIONS {
            diagnostic = diagnostic.suggest(&id.value, known);
            if diagnostic.label.is_none() {
                diagnostic = diagnostic.with_hint(self.known_ids_hint());
            }
        }
        diagnostic
    }

    /// "known stages: `a`, `b`", all of them or the first few and how many more.
    fn known_ids_hint(&self) -> String {
        if self.order.is_empty() {
            format!("the map defines no {}s", self.kind)
        } else {
            let known = list_known(self.order.iter().map(String::as_str));
            format!("known {}s: {known}", self.kind)
        }
    }
}
