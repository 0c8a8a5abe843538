//! The jurisdiction index: which obligations (rule groups) can possibly be in scope for the
//! jurisdictions a request names, so that an assessment evaluates only those.
//!
//! For each rule, a conservative *footprint* of its scope predicate is computed at load time:
//! a list of atoms ("some person key that matches or may belong to selector S is present",
//! "`organisation.established_in` has a code under C") such that, when none of the atoms holds
//! for a request, the scope is certainly `false` — so the rule would be skipped by the engine
//! anyway (an out-of-scope rule produces no obligation). Scopes that cannot be bounded this way
//! (constants, negations, facts other than jurisdictions) are always evaluated. Persons of
//! unknown jurisdiction (`data.persons.unknown`) reach every rule with a person atom, and a
//! country key reaches the rules of its subdivisions (`US` may be any US state). Skipping
//! never changes a result; `tests/breach_index.rs` checks this against unindexed evaluation.

use super::pack::Rule;
use super::predicate::{Cmp, PersonsSel, Pred, UNKNOWN_KEY};
use super::request::AssessRequest;

/// Groups per bitset word.
const W: usize = 64;

/// A set of rule groups (bit `i` = group `i`).
type Bits = Vec<u64>;

/// What must hold for a scope to be anything but `false`.
enum Atom {
    /// A person key matching or possibly belonging to this count slot's selector is present.
    Person(u8),
    /// `organisation.established_in` has a code under one of these.
    Est(Vec<String>),
}

/// `None`: the scope cannot be bounded by jurisdictions (always evaluate). `Some(atoms)`: the
/// scope is `false` unless one of `atoms` holds (an empty list: never in scope).
fn footprint(p: &Pred) -> Option<Vec<Atom>> {
    match p {
        Pred::Const(false) => Some(Vec::new()),
        Pred::Const(true) | Pred::Not(_) | Pred::Bool { .. } | Pred::Enum { .. } => None,
        Pred::Count {
            slot, cmp, value, ..
        } => match cmp {
            // With no matching or possibly-belonging key the total is exactly 0.
            Cmp::Gt => Some(vec![Atom::Person(*slot)]),
            Cmp::Ge if *value >= 1 => Some(vec![Atom::Person(*slot)]),
            Cmp::Eq if *value >= 1 => Some(vec![Atom::Person(*slot)]),
            _ => None,
        },
        Pred::EstablishedIn(codes) => Some(vec![Atom::Est(codes.clone())]),
        // False when any part is false: the most selective part bounds the whole.
        Pred::All(ps) => ps.iter().filter_map(footprint).min_by_key(Vec::len),
        // False only when every part is false: all parts' atoms.
        Pred::Any(ps) => {
            let mut out = Vec::new();
            for q in ps {
                out.extend(footprint(q)?);
            }
            Some(out)
        }
    }
}

/// A sorted code → bitset table.
#[derive(Debug, Clone, Default)]
struct Table {
    keys: Vec<(String, Bits)>,
}

impl Table {
    fn add(&mut self, code: &str, group: usize, words: usize) {
        let i = match self.keys.binary_search_by(|(k, _)| k.as_str().cmp(code)) {
            Ok(i) => i,
            Err(i) => {
                self.keys.insert(i, (code.to_string(), vec![0; words]));
                i
            }
        };
        self.keys[i].1[group / W] |= 1 << (group % W);
    }

    fn get(&self, code: &str) -> Option<&Bits> {
        self.keys
            .binary_search_by(|(k, _)| k.as_str().cmp(code))
            .ok()
            .map(|i| &self.keys[i].1)
    }
}

/// Rule groups by the jurisdictions that can bring them into scope.
#[derive(Debug, Clone)]
pub(crate) struct RuleIndex {
    words: usize,
    /// Groups with a rule whose scope cannot be bounded by jurisdictions.
    always: Bits,
    /// Groups reached by any person key (`data.persons.*`).
    any_person: Bits,
    /// Groups reached by persons of unknown jurisdiction (every person atom).
    unknown: Bits,
    /// Groups reached by a person key equal to the code.
    exact: Table,
    /// Groups reached by a person key equal to the code or one of its subdivisions.
    under: Table,
    /// Groups reached by an `established_in` code equal to the code or under it.
    est_under: Table,
}

/// The code itself and its ancestors (`US-CA-X` → `US-CA-X`, `US-CA`, `US`), at any depth and
/// without allocating.
fn ancestors(code: &str) -> impl Iterator<Item = &str> {
    std::iter::once(code).chain(code.rmatch_indices('-').map(move |(i, _)| &code[..i]))
}

fn country_of(code: &str) -> Option<&str> {
    code.split_once('-').map(|(c, _)| c)
}

impl RuleIndex {
    /// Build the index over `groups` (versions of one obligation share a group).
    pub(crate) fn build(groups: &[Vec<Rule>], preds: &[Pred], slots: &[PersonsSel]) -> Self {
        let words = groups.len().div_ceil(W).max(1);
        let mut ix = RuleIndex {
            words,
            always: vec![0; words],
            any_person: vec![0; words],
            unknown: vec![0; words],
            exact: Table::default(),
            under: Table::default(),
            est_under: Table::default(),
        };
        let fixed = super::predicate::FIXED_SLOTS.len();
        for (g, group) in groups.iter().enumerate() {
            let bit = 1u64 << (g % W);
            for rule in group {
                let Some(atoms) = preds.get(rule.scope).and_then(footprint) else {
                    ix.always[g / W] |= bit;
                    continue;
                };
                for atom in atoms {
                    match atom {
                        Atom::Est(codes) => {
                            for c in &codes {
                                ix.est_under.add(c, g, words);
                            }
                        }
                        Atom::Person(slot) => {
                            ix.unknown[g / W] |= bit;
                            let Some(sel) = slots.get(usize::from(slot).wrapping_sub(fixed)) else {
                                ix.always[g / W] |= bit;
                                continue;
                            };
                            match sel {
                                PersonsSel::All => ix.any_person[g / W] |= bit,
                                PersonsSel::Key(k) => {
                                    ix.exact.add(k, g, words);
                                    if let Some(c) = country_of(k) {
                                        ix.exact.add(c, g, words);
                                    }
                                }
                                PersonsSel::Prefix(p) | PersonsSel::LargestSub(p) => {
                                    ix.under.add(p, g, words);
                                }
                                PersonsSel::Group(ms) => {
                                    for m in ms {
                                        ix.under.add(m, g, words);
                                        if let Some(c) = country_of(m) {
                                            ix.exact.add(c, g, words);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        ix
    }

    /// Number of bitset words (`groups / 64`, rounded up).
    pub(crate) fn words(&self) -> usize {
        self.words
    }

    /// Mark in `out` (of [`words`](Self::words) words, cleared by the caller) every group that
    /// may be in scope for `req`.
    pub(crate) fn active(&self, req: &AssessRequest, out: &mut [u64]) {
        let or = |out: &mut [u64], b: &Bits| {
            for (o, w) in out.iter_mut().zip(b) {
                *o |= *w;
            }
        };
        or(out, &self.always);
        if !req.data.persons.is_empty() {
            or(out, &self.any_person);
        }
        for k in req.data.persons.keys() {
            if k == UNKNOWN_KEY {
                or(out, &self.unknown);
                continue;
            }
            if let Some(b) = self.exact.get(k) {
                or(out, b);
            }
            for a in ancestors(k) {
                if let Some(b) = self.under.get(a) {
                    or(out, b);
                }
            }
        }
        for c in &req.organisation.established_in {
            for a in ancestors(c) {
                if let Some(b) = self.est_under.get(a) {
                    or(out, b);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_of_codes() {
        assert_eq!(ancestors("JP").collect::<Vec<_>>(), ["JP"]);
        assert_eq!(ancestors("US-CA").collect::<Vec<_>>(), ["US-CA", "US"]);
        assert_eq!(
            ancestors("A-B-C").collect::<Vec<_>>(),
            ["A-B-C", "A-B", "A"]
        );
        // Deeper than the four levels the old fixed buffer kept: every ancestor, none lost.
        assert_eq!(
            ancestors("A-B-C-D-E-F").collect::<Vec<_>>(),
            ["A-B-C-D-E-F", "A-B-C-D-E", "A-B-C-D", "A-B-C", "A-B", "A"]
        );
    }
}
