//! The rule packs' predicate language: tri-state (Kleene) logic over the request's facts.
//!
//! JSON forms (each object has exactly one of these shapes):
//!
//! | Form | Meaning |
//! |---|---|
//! | `{"all": [P, ...]}` | every P holds (false wins over unknown) |
//! | `{"any": [P, ...]}` | some P holds (true wins over unknown) |
//! | `{"not": P}` | negation (unknown stays unknown) |
//! | `{"const": true}` | a constant |
//! | `{"fact": BOOL_FACT, "is": true}` | a yes/no fact; add `"unknown_as": false` to read unknown as a value |
//! | `{"fact": COUNT_FACT, "gt": 1000}` | a count compared with `gt`, `ge`, `lt`, `le` or `eq` |
//! | `{"fact": COUNT_FACT, "gt": 500, "range": "bounds"}` | a range is above only when its minimum is; one that straddles the threshold is unknown (default `"suspected"`: its maximum suffices) |
//! | `{"fact": ENUM_FACT, "eq": "public_body"}` / `{"fact": ..., "in": ["risk","high"]}` | an enumerated fact |
//! | `{"fact": "organisation.established_in", "contains": "JP"}` | membership |
//!
//! Facts: see [`FACT_PATHS`].

use serde::Deserialize;

use super::algorithms::{AlgorithmClass, classify_algorithm};
use super::count::Count;
use super::messages::{Messages, messages};
use super::request::{
    AssessRequest, Category, IncidentKind, JpReportTo, Nis2Entity, OrgType, RiskLevel, Role,
};
use crate::error::Error;
use crate::text::Lang;

/// Every fact path a predicate may name. `data.persons.<CODE>` counts one jurisdiction
/// (an absent key counts 0, `null` is unknown); `data.persons.<PREFIX>*` sums the keys equal to
/// PREFIX or starting with `PREFIX-` (e.g. `US*` = `US`, `US-CA`, ...); `data.persons.*` sums all.
pub const FACT_PATHS: &[&str] = &[
    "organisation.type",
    "organisation.role",
    "organisation.established_in",
    "organisation.hipaa_covered",
    "incident.kind",
    "incident.recovered_unviewed",
    "data.persons.<CODE>",
    "data.persons.<PREFIX>*",
    "data.persons.*",
    "data.sensitive",
    "data.financial_risk",
    "data.malicious",
    "data.risk",
    "data.protection",
    "data.protection.algorithm_recognised",
    "data.protection.key_separated",
    "data.protection.remote_wipe",
    "data.protection.advanced_encryption",
    "data.protection.unintelligible",
    "data.categories.<CATEGORY>",
    "data.persons.max(<COUNTRY>-*)",
    "organisation.us_financial_institution",
    "organisation.sec_registrant",
    "organisation.nydfs_covered",
    "organisation.nis2_entity",
    "organisation.small_agent",
    "organisation.jp_report_to",
    "organisation.kr_ict_provider",
];

/// Tri-state truth value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tri {
    True,
    False,
    Unknown,
}

/// A tri-state value plus the set of unknown facts (bit mask over the pack's fact slots) that
/// made it unknown. The mask is empty unless `tri == Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Eval {
    pub tri: Tri,
    pub missing: Mask,
}

impl Eval {
    pub(crate) const TRUE: Eval = Eval {
        tri: Tri::True,
        missing: 0,
    };
    pub(crate) const FALSE: Eval = Eval {
        tri: Tri::False,
        missing: 0,
    };
    fn of(b: bool) -> Eval {
        if b { Eval::TRUE } else { Eval::FALSE }
    }
    fn unknown(mask: Mask) -> Eval {
        Eval {
            tri: Tri::Unknown,
            missing: mask,
        }
    }
    pub(crate) fn not(self) -> Eval {
        match self.tri {
            Tri::True => Eval::FALSE,
            Tri::False => Eval::TRUE,
            Tri::Unknown => self,
        }
    }
    pub(crate) fn and(self, o: Eval) -> Eval {
        match (self.tri, o.tri) {
            (Tri::False, _) | (_, Tri::False) => Eval::FALSE,
            (Tri::True, Tri::True) => Eval::TRUE,
            _ => Eval::unknown(self.missing | o.missing),
        }
    }
    pub(crate) fn or(self, o: Eval) -> Eval {
        match (self.tri, o.tri) {
            (Tri::True, _) | (_, Tri::True) => Eval::TRUE,
            (Tri::False, Tri::False) => Eval::FALSE,
            _ => Eval::unknown(self.missing | o.missing),
        }
    }
}

/// A set of fact slots (bit `i` = slot `i`): the facts that made a value unknown.
pub(crate) type Mask = u128;

/// Fixed fact slots (bits of the missing-facts mask). Person-count slots follow.
pub(crate) const SLOT_RECOVERED: u8 = 0;
pub(crate) const SLOT_SENSITIVE: u8 = 1;
pub(crate) const SLOT_FINANCIAL: u8 = 2;
/// `data.malicious` (unknown only for kinds not presumed malicious).
pub(crate) const SLOT_MALICIOUS: u8 = 3;
pub(crate) const SLOT_KEY_SEPARATED: u8 = 4;
pub(crate) const SLOT_REMOTE_WIPE: u8 = 5;
pub(crate) const SLOT_RISK: u8 = 6;
pub(crate) const SLOT_HIPAA: u8 = 7;
pub(crate) const SLOT_CATEGORIES: u8 = 8;
pub(crate) const SLOT_US_FI: u8 = 9;
pub(crate) const SLOT_SEC: u8 = 10;
pub(crate) const SLOT_NYDFS: u8 = 11;
/// `organisation.nis2_entity` (host-declared; rules read "not declared" as not in scope).
pub(crate) const SLOT_NIS2: u8 = 12;
/// `organisation.small_agent` (Brazil).
pub(crate) const SLOT_SMALL_AGENT: u8 = 13;
/// `organisation.kr_ict_provider` (Korea before 2023-09-15).
pub(crate) const SLOT_KR_ICT: u8 = 14;
pub(crate) const FIXED_SLOTS: [&str; 15] = [
    "incident.recovered_unviewed",
    "data.sensitive",
    "data.financial_risk",
    "data.malicious",
    "data.protection.key_separated",
    "data.protection.remote_wipe",
    "data.risk",
    "organisation.hipaa_covered",
    "data.categories",
    "organisation.us_financial_institution",
    "organisation.sec_registrant",
    "organisation.nydfs_covered",
    "organisation.nis2_entity",
    "organisation.small_agent",
    "organisation.kr_ict_provider",
];
/// Maximum number of distinct person-count facts one pack may use.
pub(crate) const MAX_COUNT_SLOTS: usize = Mask::BITS as usize - FIXED_SLOTS.len();

/// How a person-count fact selects keys of `data.persons`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PersonsSel {
    Key(String),
    Prefix(String),
    /// A jurisdiction group of the pack (e.g. `EU` = the EU/EEA member states plus the legacy
    /// keys `EU`, `EEA`); each member matches itself and its subdivisions (`DE` ⊇ `DE-BY`).
    Group(Vec<String>),
    /// The largest single subdivision under a country (`max(US-*)`: the most persons in any one
    /// US state).
    LargestSub(String),
    All,
}

/// Whether `key` is `code` or one of its subdivisions (`US-CA` under `US`).
fn under(key: &str, code: &str) -> bool {
    key.len() >= code.len()
        && key.starts_with(code)
        && (key.len() == code.len() || key.as_bytes()[code.len()] == b'-')
}

/// The country part of a subdivision code (`US-CA` → `US`), if it has one.
fn country_of(code: &str) -> Option<&str> {
    code.split_once('-').map(|(c, _)| c)
}

/// `country_of(code) == Some(key)`: `code` is a subdivision of country `key` (`US-CA` of
/// `US`), tested by bytes (no search for the `-` in `code`: the plan asks this for every
/// count slot of every group, ≈ 7,000 times per US-unknown answer).
fn subdivision_of(code: &str, key: &str) -> bool {
    code.as_bytes().get(key.len()) == Some(&b'-')
        && code.starts_with(key)
        && !key.as_bytes().contains(&b'-')
}

/// The person key for persons of unknown jurisdiction.
pub(crate) const UNKNOWN_KEY: &str = "unknown";

impl PersonsSel {
    pub(crate) fn matches(&self, key: &str) -> bool {
        match self {
            PersonsSel::Key(k) => k == key,
            PersonsSel::Prefix(p) => under(key, p),
            PersonsSel::Group(ms) => ms.iter().any(|m| under(key, m)),
            PersonsSel::LargestSub(p) => key.len() > p.len() && under(key, p),
            PersonsSel::All => true,
        }
    }

    /// Keys whose persons *may* belong to this selection: persons of unknown jurisdiction, and
    /// persons of a known country but unknown subdivision (`US` for a `US-CA` rule).
    pub(crate) fn may_match(&self, key: &str) -> bool {
        if matches!(self, PersonsSel::All) || self.matches(key) {
            return false;
        }
        if key == UNKNOWN_KEY {
            return true;
        }
        match self {
            PersonsSel::Key(k) => subdivision_of(k, key),
            PersonsSel::Prefix(_) | PersonsSel::All => false,
            PersonsSel::Group(ms) => ms.iter().any(|m| subdivision_of(m, key)),
            PersonsSel::LargestSub(p) => p == key,
        }
    }

    /// (definite total, total that may also belong): the sum of the matching counts as a range
    /// (an unknown count adds `0..∞`), and the same for the keys that may match. The engine
    /// uses the id form ([`Facts::count`]); this string form is its reference in tests.
    #[cfg(test)]
    pub(crate) fn total(&self, req: &AssessRequest) -> (Total, Total) {
        let mut t = Total::exact(0);
        let mut maybe = Total::exact(0);
        if let PersonsSel::Key(k) = self
            && country_of(k).is_none()
        {
            // Fast path: one key (plus persons of unknown jurisdiction).
            if let Some(c) = req.data.persons.get(k.as_str()) {
                t = Total::of(*c);
            }
            if let Some(c) = req.data.persons.get(UNKNOWN_KEY) {
                maybe = Total::of(*c);
            }
            return (t, maybe);
        }
        let largest = matches!(self, PersonsSel::LargestSub(_));
        for (k, v) in &req.data.persons {
            if self.matches(k) {
                t = if largest {
                    t.max(Total::of(*v))
                } else {
                    t.add(Total::of(*v))
                };
            } else if self.may_match(k) {
                maybe = maybe.add(Total::of(*v));
            }
        }
        (t, maybe)
    }
}

/// Most ancestors a valid code can have (`is_code`: at most 16 bytes, so at most 15 `-`,
/// plus the code itself).
const MAX_ANCESTORS: usize = 17;

/// A person selector over interned code ids (see [`PersonSelectors`]): the same matching as
/// [`PersonsSel::matches`] / [`PersonsSel::may_match`], by integer compares.
#[derive(Debug, Clone)]
enum SelIds {
    /// The key's id, and the id of its country part if it has one.
    Key {
        id: u32,
        country: Option<u32>,
    },
    Prefix(u32),
    /// Member ids, and the ids of the members' country parts.
    Group {
        members: Box<[u32]>,
        countries: Box<[u32]>,
    },
    LargestSub(u32),
    All,
}

/// A pack's person selectors compiled once at load: every code a selector names (and the
/// country part of each subdivision code) is interned in a sorted table, so that per request
/// each `data.persons` key is resolved once to the ids of itself and its ancestors and each
/// rule's count is integer compares instead of string splitting.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonSelectors {
    codes: Vec<Box<str>>,
    sels: Vec<SelIds>,
}

impl PersonSelectors {
    pub(crate) fn build(slots: &[PersonsSel]) -> PersonSelectors {
        let mut codes: Vec<&str> = Vec::new();
        for s in slots {
            match s {
                PersonsSel::Key(k) => {
                    codes.extend(std::iter::once(k.as_str()).chain(country_of(k)))
                }
                PersonsSel::Prefix(p) | PersonsSel::LargestSub(p) => codes.push(p),
                PersonsSel::Group(ms) => {
                    for m in ms {
                        codes.extend(std::iter::once(m.as_str()).chain(country_of(m)));
                    }
                }
                PersonsSel::All => {}
            }
        }
        codes.sort_unstable();
        codes.dedup();
        let id = |c: &str| codes.binary_search(&c).map_or(u32::MAX, |i| i as u32);
        let sels = slots
            .iter()
            .map(|s| match s {
                PersonsSel::Key(k) => SelIds::Key {
                    id: id(k),
                    country: country_of(k).map(id),
                },
                PersonsSel::Prefix(p) => SelIds::Prefix(id(p)),
                PersonsSel::LargestSub(p) => SelIds::LargestSub(id(p)),
                PersonsSel::Group(ms) => SelIds::Group {
                    members: ms.iter().map(|m| id(m)).collect(),
                    countries: ms.iter().filter_map(|m| country_of(m)).map(id).collect(),
                },
                PersonsSel::All => SelIds::All,
            })
            .collect();
        PersonSelectors {
            codes: codes.into_iter().map(Box::from).collect(),
            sels,
        }
    }

    fn id(&self, code: &str) -> Option<u32> {
        self.codes
            .binary_search_by(|c| (**c).cmp(code))
            .ok()
            .map(|i| i as u32)
    }

    /// Resolve one `data.persons` entry.
    fn resolve<'r>(&self, key: &'r str, count: Option<Count>) -> ResolvedKey<'r> {
        let mut r = ResolvedKey {
            key,
            full: self.id(key),
            anc: [0; MAX_ANCESTORS],
            n: 0,
            unknown: key == UNKNOWN_KEY,
            overflow: false,
            total: Total::of(count),
        };
        let ancestors = std::iter::once(key).chain(key.rmatch_indices('-').map(|(i, _)| &key[..i]));
        for a in ancestors {
            if let Some(id) = self.id(a) {
                if r.n == MAX_ANCESTORS {
                    r.overflow = true;
                    break;
                }
                r.anc[r.n] = id;
                r.n += 1;
            }
        }
        r
    }
}

/// A `data.persons` key resolved against a pack's [`PersonSelectors`].
#[derive(Debug, Clone, Copy)]
struct ResolvedKey<'r> {
    key: &'r str,
    /// The key's own id (when a selector names it).
    full: Option<u32>,
    /// Ids of the key and its ancestors that selectors name (`anc[..n]`).
    anc: [u32; MAX_ANCESTORS],
    n: usize,
    unknown: bool,
    /// More ancestors than a valid code has: match by strings (never for a validated request).
    overflow: bool,
    total: Total,
}

impl ResolvedKey<'_> {
    fn under(&self, id: u32) -> bool {
        self.anc[..self.n].contains(&id)
    }

    /// (counts in the selection, counts as "may belong") of `sel` (the string form `s`) for
    /// this key: `PersonsSel::matches` / `may_match`, as `PersonsSel::total` uses them.
    fn test(&self, sel: &SelIds, s: &PersonsSel) -> (bool, bool) {
        if self.overflow {
            return (s.matches(self.key), s.may_match(self.key));
        }
        let m = match sel {
            SelIds::Key { id, .. } => self.full == Some(*id),
            SelIds::Prefix(p) => self.under(*p),
            SelIds::Group { members, .. } => members.iter().any(|m| self.under(*m)),
            SelIds::LargestSub(p) => self.full != Some(*p) && self.under(*p),
            SelIds::All => return (true, false),
        };
        if m {
            // `PersonsSel::total`'s one-key path counts persons of unknown jurisdiction as
            // "may belong" to a country-less key even when that key is `unknown` itself.
            let also = self.unknown && matches!(sel, SelIds::Key { country: None, .. });
            return (true, also);
        }
        if self.unknown {
            return (false, true);
        }
        let may = match (sel, self.full) {
            (_, None) => false,
            (SelIds::Key { country, .. }, f) => country.is_some() && *country == f,
            (SelIds::Group { countries, .. }, Some(f)) => countries.contains(&f),
            (SelIds::LargestSub(p), Some(f)) => *p == f,
            (SelIds::Prefix(_) | SelIds::All, _) => false,
        };
        (false, may)
    }
}

/// The request's `data.persons`, resolved once (inline for the usual few keys).
struct ResolvedPersons<'r> {
    inline: [Option<ResolvedKey<'r>>; 4],
    spill: Vec<ResolvedKey<'r>>,
}

impl<'r> ResolvedPersons<'r> {
    fn new(req: &'r AssessRequest, sels: &PersonSelectors) -> Self {
        let mut out = ResolvedPersons {
            inline: [None; 4],
            spill: Vec::new(),
        };
        for (i, (k, v)) in req.data.persons.iter().enumerate() {
            let r = sels.resolve(k, *v);
            match out.inline.get_mut(i) {
                Some(slot) => *slot = Some(r),
                None => out.spill.push(r),
            }
        }
        out
    }

    fn iter(&self) -> impl Iterator<Item = &ResolvedKey<'r>> {
        self.inline
            .iter()
            .map_while(Option::as_ref)
            .chain(&self.spill)
    }
}

/// A person-count total: `min..=max` (`max: None` = unbounded), `exact` when every part was
/// an exact count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Total {
    pub min: u64,
    pub max: Option<u64>,
    pub exact: bool,
}

impl Total {
    pub(crate) const fn exact(n: u64) -> Total {
        Total {
            min: n,
            max: Some(n),
            exact: true,
        }
    }
    pub(crate) fn of(c: Option<Count>) -> Total {
        match c {
            None => Total {
                min: 0,
                max: None,
                exact: false,
            },
            Some(c) => Total {
                min: c.min(),
                max: c.max(),
                exact: c.is_exact(),
            },
        }
    }
    pub(crate) fn add(self, o: Total) -> Total {
        Total {
            min: self.min.saturating_add(o.min),
            max: match (self.max, o.max) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            },
            exact: self.exact && o.exact,
        }
    }

    /// The larger of two totals (bound by bound).
    pub(crate) fn max(self, o: Total) -> Total {
        Total {
            min: self.min.max(o.min),
            max: match (self.max, o.max) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            },
            exact: self.exact && o.exact,
        }
    }

    /// [`compare`](Self::compare) when `maybe` more persons may belong to the selection: decided
    /// only when it is decided the same way with and without them.
    /// With `bounds`, a range is compared by its bounds only ([`compare_bounds`](Self::compare_bounds)).
    pub(crate) fn compare_with(self, maybe: Total, cmp: Cmp, v: u64, bounds: bool) -> Option<bool> {
        let cmp_of = |t: Total| {
            if bounds {
                t.compare_bounds(cmp, v)
            } else {
                t.compare(cmp, v)
            }
        };
        let d = cmp_of(self);
        if maybe.exact && maybe.min == 0 {
            return d;
        }
        let all_in = self.add(maybe);
        if cmp_of(all_in) == d { d } else { None }
    }

    /// Like [`compare`](Self::compare), except that `gt`/`ge` hold for a range only when its
    /// minimum does: a range that straddles the threshold is unknown (a statute's head count,
    /// not the PPC's suspected-case reading).
    pub(crate) fn compare_bounds(self, cmp: Cmp, v: u64) -> Option<bool> {
        match cmp {
            Cmp::Gt | Cmp::Ge if !self.exact => {
                let holds = |n: u64| if cmp == Cmp::Gt { n > v } else { n >= v };
                if holds(self.min) {
                    Some(true)
                } else if self.max.is_some_and(|m| !holds(m)) {
                    Some(false)
                } else {
                    None
                }
            }
            _ => self.compare(cmp, v),
        }
    }

    /// Compare with a threshold. `gt`/`ge`: true when the minimum holds, or the (known)
    /// maximum does (a suspected case counts: 漏えい等のおそれ); false when the maximum does
    /// not; unknown when the maximum is unbounded. `lt`/`le`: true only when the maximum holds
    /// (every value in the range); false when the minimum does not. `eq`: true only for an
    /// exact equal count; false when the value lies outside the range.
    pub(crate) fn compare(self, cmp: Cmp, v: u64) -> Option<bool> {
        let Total { min, max, exact } = self;
        if exact {
            return Some(match cmp {
                Cmp::Gt => min > v,
                Cmp::Ge => min >= v,
                Cmp::Lt => min < v,
                Cmp::Le => min <= v,
                Cmp::Eq => min == v,
            });
        }
        match cmp {
            Cmp::Gt | Cmp::Ge => {
                let holds = |n: u64| if cmp == Cmp::Gt { n > v } else { n >= v };
                if holds(min) {
                    Some(true)
                } else {
                    max.map(holds)
                }
            }
            Cmp::Lt | Cmp::Le => {
                let holds = |n: u64| if cmp == Cmp::Lt { n < v } else { n <= v };
                if !holds(min) {
                    Some(false)
                } else if max.is_some_and(holds) {
                    Some(true)
                } else {
                    None
                }
            }
            Cmp::Eq => (min > v || max.is_some_and(|m| m < v)).then_some(false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum BoolFact {
    HipaaCovered,
    RecoveredUnviewed,
    Sensitive,
    FinancialRisk,
    Malicious,
    ProtectionPresent,
    AlgorithmRecognised,
    KeySeparated,
    RemoteWipe,
    AdvancedEncryption,
    Unintelligible,
    Category(Category),
    UsFinancialInstitution,
    SecRegistrant,
    NydfsCovered,
    SmallAgent,
    KrIctProvider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum EnumFact {
    OrgType,
    Role,
    Kind,
    Risk,
    Nis2Entity,
    /// `organisation.jp_report_to` (a declaration: predicates on it must give `unknown_as`).
    JpReportTo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Cmp {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
}

/// A compiled predicate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Pred {
    Const(bool),
    All(Vec<Pred>),
    Any(Vec<Pred>),
    Not(Box<Pred>),
    Bool {
        fact: BoolFact,
        is: bool,
        unknown_as: Option<bool>,
    },
    Count {
        slot: u8,
        cmp: Cmp,
        value: u64,
        /// `"range": "bounds"`: a range straddling the threshold is unknown, not above.
        bounds: bool,
    },
    /// Enumerated fact; `mask` has bit `i` set for each accepted variant index.
    Enum {
        fact: EnumFact,
        mask: u16,
        unknown_as: Option<bool>,
    },
    /// `organisation.established_in` contains one of these codes (a group's members, or one
    /// code); a member also matches its subdivisions.
    EstablishedIn(Vec<String>),
}

/// One node of a pack's predicates in their shared, flat form ([`PredNodes`]): `all`, `any`
/// and `not` with their parts referred to by node number, or a leaf (a constant or a fact
/// test, as in [`Pred`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Node {
    All(Box<[u32]>),
    Any(Box<[u32]>),
    Not(u32),
    Leaf(Pred),
}

/// A pack's predicates compiled once at load into shared nodes: every distinct sub-predicate
/// (at any depth) is one node, so a request evaluates it once however many rules or larger
/// predicates contain it. The ≈ 54 US state rules repeat the same data-element lists,
/// exemptions and per-state counts inside differently shaped scopes and triggers; in tree form
/// each containing predicate re-evaluated them.
#[derive(Debug, Clone, Default)]
pub(crate) struct PredNodes {
    /// The nodes; a node's parts come before it.
    pub nodes: Vec<Node>,
    /// `roots[i]` = the node of the pack's predicate `i` (`RulePack::preds`).
    pub roots: Vec<u32>,
    /// `memo[n]` = the number of node `n` among the nodes whose values a request keeps
    /// (all but constants), or [`NO_MEMO`]. (Reading the leaves again instead of keeping them
    /// was measured slower: +21k instructions for the US-unknown + JP plan-only answer.)
    pub memo: Vec<u32>,
    /// How many nodes have a `memo` number.
    pub memos: usize,
}

/// `PredNodes::memo` of a node whose value is not kept.
pub(crate) const NO_MEMO: u32 = u32::MAX;

impl PredNodes {
    /// The nodes of `preds`, plus for each of `lists` (lists of predicate indices) one node
    /// for "any of them holds" (returned in order; `None` for an empty list): a rule's
    /// triggers or exemptions combined, which rules with the same lists share.
    pub(crate) fn build(preds: &[Pred], lists: &[&[usize]]) -> (PredNodes, Vec<Option<u32>>) {
        let mut b = NodeBuilder::default();
        let roots: Vec<u32> = preds.iter().map(|p| b.add(p)).collect();
        let anys = lists
            .iter()
            .map(|l| match l {
                [] => None,
                // `any` of one part has that part's value (`false ∨ x = x`, missing facts too).
                [one] => roots.get(*one).copied(),
                more => {
                    let parts = more.iter().filter_map(|&i| roots.get(i).copied());
                    Some(b.intern(Node::Any(parts.collect())))
                }
            })
            .collect();
        (b.finish(roots), anys)
    }
}

impl NodeBuilder {
    fn finish(self, roots: Vec<u32>) -> PredNodes {
        let mut memos = 0;
        let memo = self
            .nodes
            .iter()
            .map(|n| match n {
                Node::Leaf(Pred::Const(_)) => NO_MEMO,
                _ => {
                    memos += 1;
                    memos as u32 - 1
                }
            })
            .collect();
        PredNodes {
            nodes: self.nodes,
            roots,
            memo,
            memos,
        }
    }
}

#[derive(Default)]
struct NodeBuilder {
    nodes: Vec<Node>,
    ids: std::collections::HashMap<Node, u32>,
}

impl NodeBuilder {
    fn intern(&mut self, n: Node) -> u32 {
        if let Some(&id) = self.ids.get(&n) {
            return id;
        }
        let id = self.nodes.len() as u32;
        self.nodes.push(n.clone());
        self.ids.insert(n, id);
        id
    }

    fn add(&mut self, p: &Pred) -> u32 {
        let n = match p {
            Pred::All(ps) => Node::All(ps.iter().map(|q| self.add(q)).collect()),
            Pred::Any(ps) => Node::Any(ps.iter().map(|q| self.add(q)).collect()),
            Pred::Not(q) => Node::Not(self.add(q)),
            leaf => Node::Leaf(leaf.clone()),
        };
        self.intern(n)
    }
}

/// Facts derived once per request (so rules do not recompute them).
pub(crate) struct Facts<'a> {
    pub req: &'a AssessRequest,
    /// `data.malicious`, or `true` for presumed-malicious kinds; `None` = unknown.
    pub malicious: Option<bool>,
    pub algorithm: AlgorithmClass,
    /// The pack's person-count selectors (slot i + FIXED_SLOTS.len()).
    pub count_slots: &'a [PersonsSel],
    /// The same selectors over interned code ids.
    sels: &'a PersonSelectors,
    /// `data.persons`, each key resolved once to code ids.
    persons: ResolvedPersons<'a>,
    /// The language of reasons (`lang`, English by default).
    pub lang: Lang,
    /// The engine's messages in [`lang`](Self::lang).
    pub msgs: &'static Messages,
    /// `incident.aware_at` as a Unix timestamp (compared with every rule's effective dates).
    pub aware_ts: i64,
}

impl<'a> Facts<'a> {
    pub(crate) fn new(
        req: &'a AssessRequest,
        count_slots: &'a [PersonsSel],
        sels: &'a PersonSelectors,
    ) -> Facts<'a> {
        let malicious = req
            .data
            .malicious
            .or_else(|| req.incident.kind.presumed_malicious().then_some(true));
        let algorithm = match &req.data.protection {
            Some(p) => classify_algorithm(&p.algorithm),
            None => AlgorithmClass::Unrecognised,
        };
        let lang = req.lang();
        Facts {
            req,
            malicious,
            algorithm,
            count_slots,
            sels,
            persons: ResolvedPersons::new(req, sels),
            lang,
            msgs: messages(lang),
            aware_ts: req.incident.aware_at.timestamp(),
        }
    }

    /// The (definite, may-also-belong) totals of a person-count slot: the same as
    /// [`PersonsSel::total`], over the resolved keys.
    pub(crate) fn count(&self, slot: u8) -> (Total, Total) {
        let i = usize::from(slot).wrapping_sub(FIXED_SLOTS.len());
        let (Some(sel), Some(ids)) = (self.count_slots.get(i), self.sels.sels.get(i)) else {
            return (Total::of(None), Total::exact(0));
        };
        let largest = matches!(sel, PersonsSel::LargestSub(_));
        let mut t = Total::exact(0);
        let mut maybe = Total::exact(0);
        for k in self.persons.iter() {
            let (is, may) = k.test(ids, sel);
            if is {
                t = if largest {
                    t.max(k.total)
                } else {
                    t.add(k.total)
                };
            }
            if may {
                maybe = maybe.add(k.total);
            }
        }
        (t, maybe)
    }

    pub(crate) fn bool_fact(&self, f: BoolFact) -> Eval {
        let d = &self.req.data;
        let leaf = |v: Option<bool>, slot: u8| match v {
            Some(b) => Eval::of(b),
            None => Eval::unknown(1 << slot),
        };
        let recognised = self.algorithm != AlgorithmClass::Unrecognised;
        match f {
            BoolFact::HipaaCovered => leaf(self.req.organisation.hipaa_covered, SLOT_HIPAA),
            BoolFact::UsFinancialInstitution => {
                leaf(self.req.organisation.us_financial_institution, SLOT_US_FI)
            }
            BoolFact::SecRegistrant => leaf(self.req.organisation.sec_registrant, SLOT_SEC),
            BoolFact::NydfsCovered => leaf(self.req.organisation.nydfs_covered, SLOT_NYDFS),
            BoolFact::RecoveredUnviewed => {
                leaf(self.req.incident.recovered_unviewed, SLOT_RECOVERED)
            }
            BoolFact::Sensitive => leaf(d.effective_sensitive(), SLOT_SENSITIVE),
            BoolFact::FinancialRisk => leaf(d.effective_financial_risk(), SLOT_FINANCIAL),
            BoolFact::Malicious => leaf(self.malicious, SLOT_MALICIOUS),
            BoolFact::Category(c) => leaf(d.has_category(c), SLOT_CATEGORIES),
            BoolFact::SmallAgent => leaf(self.req.organisation.small_agent, SLOT_SMALL_AGENT),
            BoolFact::KrIctProvider => leaf(self.req.organisation.kr_ict_provider, SLOT_KR_ICT),
            BoolFact::ProtectionPresent => Eval::of(d.protection.is_some()),
            BoolFact::AlgorithmRecognised => Eval::of(recognised),
            BoolFact::KeySeparated => match &d.protection {
                None => Eval::FALSE,
                Some(p) => leaf(p.key_separated, SLOT_KEY_SEPARATED),
            },
            BoolFact::RemoteWipe => match &d.protection {
                None => Eval::FALSE,
                Some(p) => leaf(p.remote_wipe, SLOT_REMOTE_WIPE),
            },
            BoolFact::AdvancedEncryption => match &d.protection {
                Some(p) if recognised => leaf(p.key_separated, SLOT_KEY_SEPARATED)
                    .or(leaf(p.remote_wipe, SLOT_REMOTE_WIPE)),
                _ => Eval::FALSE,
            },
            BoolFact::Unintelligible => match &d.protection {
                Some(p) if recognised => leaf(p.key_separated, SLOT_KEY_SEPARATED),
                _ => Eval::FALSE,
            },
        }
    }

    fn enum_index(&self, f: EnumFact) -> Option<u16> {
        let r = self.req;
        Some(match f {
            EnumFact::OrgType => r.organisation.org_type as u16,
            EnumFact::Role => r.organisation.role as u16,
            EnumFact::Kind => r.incident.kind as u16,
            EnumFact::Risk => r.data.risk? as u16,
            EnumFact::Nis2Entity => r.organisation.nis2_entity? as u16,
            EnumFact::JpReportTo => r.organisation.jp_report_to? as u16,
        })
    }

    /// A predicate's value evaluated as a tree (no memo): the reference the engine's shared
    /// nodes ([`PredNodes`]) are checked against.
    #[cfg(test)]
    pub(crate) fn eval(&self, p: &Pred) -> Eval {
        match p {
            Pred::Const(b) => Eval::of(*b),
            Pred::All(ps) => {
                let mut acc = Eval::TRUE;
                for q in ps {
                    acc = acc.and(self.eval(q));
                    if acc.tri == Tri::False {
                        break;
                    }
                }
                acc
            }
            Pred::Any(ps) => {
                let mut acc = Eval::FALSE;
                for q in ps {
                    acc = acc.or(self.eval(q));
                    if acc.tri == Tri::True {
                        break;
                    }
                }
                acc
            }
            Pred::Not(q) => self.eval(q).not(),
            leaf => self.leaf(leaf, |slot| self.count(slot)),
        }
    }

    /// The value of a leaf predicate (a constant or a fact test; `false` for `all`, `any` and
    /// `not`, which their evaluators combine), reading person counts through `count`.
    pub(crate) fn leaf(&self, p: &Pred, count: impl FnOnce(u8) -> (Total, Total)) -> Eval {
        match p {
            Pred::Const(b) => Eval::of(*b),
            Pred::Bool {
                fact,
                is,
                unknown_as,
            } => self.eval_bool(*fact, *is, *unknown_as),
            Pred::Count {
                slot,
                cmp,
                value,
                bounds,
            } => eval_count(count(*slot), *slot, *cmp, *value, *bounds),
            Pred::Enum {
                fact,
                mask,
                unknown_as,
            } => self.eval_enum(*fact, *mask, *unknown_as),
            Pred::EstablishedIn(codes) => self.eval_established_in(codes),
            Pred::All(_) | Pred::Any(_) | Pred::Not(_) => Eval::FALSE,
        }
    }

    /// `{"fact": BOOL_FACT, "is": is}` (with `unknown_as`).
    fn eval_bool(&self, fact: BoolFact, is: bool, unknown_as: Option<bool>) -> Eval {
        let v = self.bool_fact(fact);
        let v = match (v.tri, unknown_as) {
            (Tri::Unknown, Some(b)) => Eval::of(b),
            _ => v,
        };
        if is { v } else { v.not() }
    }

    /// An enumerated fact against the accepted variants `mask`.
    fn eval_enum(&self, fact: EnumFact, mask: u16, unknown_as: Option<bool>) -> Eval {
        match self.enum_index(fact) {
            Some(i) => Eval::of(mask & (1 << i) != 0),
            None => match unknown_as {
                Some(b) => Eval::of(b),
                None if fact == EnumFact::Nis2Entity => Eval::unknown(1 << SLOT_NIS2),
                None => Eval::unknown(1 << SLOT_RISK),
            },
        }
    }

    /// `organisation.established_in` contains one of `codes` (or a subdivision of one).
    fn eval_established_in(&self, codes: &[String]) -> Eval {
        Eval::of(
            self.req
                .organisation
                .established_in
                .iter()
                .any(|c| codes.iter().any(|m| under(c, m))),
        )
    }
}

/// A person count (the slot's (definite, may-also-belong) totals) compared with a threshold.
fn eval_count((t, maybe): (Total, Total), slot: u8, cmp: Cmp, value: u64, bounds: bool) -> Eval {
    match t.compare_with(maybe, cmp, value, bounds) {
        Some(b) => Eval::of(b),
        None => Eval::unknown(1 << slot),
    }
}

// ---------------------------------------------------------------------------------------------
// JSON form and compilation.

/// The JSON form of a predicate (validated by [`Compiler::compile`]).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PredDoc {
    #[serde(default)]
    all: Option<Vec<PredDoc>>,
    #[serde(default)]
    any: Option<Vec<PredDoc>>,
    #[serde(default)]
    not: Option<Box<PredDoc>>,
    #[serde(default, rename = "const")]
    konst: Option<bool>,
    #[serde(default)]
    fact: Option<String>,
    #[serde(default)]
    is: Option<bool>,
    #[serde(default)]
    unknown_as: Option<bool>,
    #[serde(default)]
    gt: Option<u64>,
    #[serde(default)]
    ge: Option<u64>,
    #[serde(default)]
    lt: Option<u64>,
    #[serde(default)]
    le: Option<u64>,
    #[serde(default)]
    eq: Option<serde_json::Value>,
    #[serde(default, rename = "in")]
    in_: Option<Vec<String>>,
    #[serde(default)]
    contains: Option<String>,
    /// How a count range meets a `gt`/`ge` threshold: `"suspected"` (default) or `"bounds"`.
    #[serde(default)]
    range: Option<RangeReading>,
}

/// How a person-count range is compared with a `gt`/`ge` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RangeReading {
    /// Above when the minimum or the maximum is (a suspected case counts: PPC GL 3-5-3-1).
    Suspected,
    /// Above only when the minimum is; a range straddling the threshold is unknown.
    Bounds,
}

/// A resolved fact reference (for predicates and reason templates).
#[derive(Debug, Clone)]
pub(crate) enum FactRef {
    Bool(BoolFact),
    Count(u8),
    Enum(EnumFact),
    EstablishedIn,
    Algorithm,
    AwareAt,
    /// `data.protection.key_summary` (reason text only).
    KeySummary,
}

/// Compiles predicate docs, allocating person-count slots.
#[derive(Debug, Default)]
pub(crate) struct Compiler {
    pub count_slots: Vec<PersonsSel>,
    /// The pack's jurisdiction groups (name → member codes).
    pub groups: std::collections::BTreeMap<String, Vec<String>>,
}

fn err(path: &str, message: impl Into<String>) -> Error {
    Error::RulePack {
        path: path.to_string(),
        message: message.into(),
    }
}

pub(crate) fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 16
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// The JSON names of an enum fact's values, in declaration order (the order of the
/// enum's discriminants, which the compiled predicates index).
pub(crate) fn enum_variants(f: EnumFact) -> &'static [&'static str] {
    match f {
        EnumFact::OrgType => <OrgType as strum::VariantNames>::VARIANTS,
        EnumFact::Role => <Role as strum::VariantNames>::VARIANTS,
        EnumFact::Kind => <IncidentKind as strum::VariantNames>::VARIANTS,
        EnumFact::Risk => <RiskLevel as strum::VariantNames>::VARIANTS,
        EnumFact::Nis2Entity => <Nis2Entity as strum::VariantNames>::VARIANTS,
        EnumFact::JpReportTo => <JpReportTo as strum::VariantNames>::VARIANTS,
    }
}

impl Compiler {
    fn count_slot(&mut self, sel: PersonsSel, path: &str) -> Result<u8, Error> {
        if let Some(i) = self.count_slots.iter().position(|s| *s == sel) {
            return Ok((i + FIXED_SLOTS.len()) as u8);
        }
        if self.count_slots.len() >= MAX_COUNT_SLOTS {
            return Err(err(
                path,
                format!("too many distinct person-count facts (at most {MAX_COUNT_SLOTS})"),
            ));
        }
        self.count_slots.push(sel);
        Ok((self.count_slots.len() - 1 + FIXED_SLOTS.len()) as u8)
    }

    /// Resolve a fact path.
    pub(crate) fn fact(&mut self, name: &str, path: &str) -> Result<FactRef, Error> {
        use BoolFact as B;
        Ok(match name {
            "organisation.type" => FactRef::Enum(EnumFact::OrgType),
            "organisation.role" => FactRef::Enum(EnumFact::Role),
            "organisation.established_in" => FactRef::EstablishedIn,
            "organisation.hipaa_covered" => FactRef::Bool(B::HipaaCovered),
            "organisation.us_financial_institution" => FactRef::Bool(B::UsFinancialInstitution),
            "organisation.sec_registrant" => FactRef::Bool(B::SecRegistrant),
            "organisation.nydfs_covered" => FactRef::Bool(B::NydfsCovered),
            "incident.kind" => FactRef::Enum(EnumFact::Kind),
            "incident.aware_at" => FactRef::AwareAt,
            "incident.recovered_unviewed" => FactRef::Bool(B::RecoveredUnviewed),
            "data.sensitive" => FactRef::Bool(B::Sensitive),
            "data.financial_risk" => FactRef::Bool(B::FinancialRisk),
            "data.malicious" => FactRef::Bool(B::Malicious),
            "data.risk" => FactRef::Enum(EnumFact::Risk),
            "data.protection" => FactRef::Bool(B::ProtectionPresent),
            "data.protection.algorithm" => FactRef::Algorithm,
            "data.protection.key_summary" => FactRef::KeySummary,
            "data.protection.algorithm_recognised" => FactRef::Bool(B::AlgorithmRecognised),
            "data.protection.key_separated" => FactRef::Bool(B::KeySeparated),
            "data.protection.remote_wipe" => FactRef::Bool(B::RemoteWipe),
            "data.protection.advanced_encryption" => FactRef::Bool(B::AdvancedEncryption),
            "data.protection.unintelligible" => FactRef::Bool(B::Unintelligible),
            "organisation.nis2_entity" => FactRef::Enum(EnumFact::Nis2Entity),
            "organisation.small_agent" => FactRef::Bool(B::SmallAgent),
            "organisation.kr_ict_provider" => FactRef::Bool(B::KrIctProvider),
            "organisation.jp_report_to" => FactRef::Enum(EnumFact::JpReportTo),
            "data.persons.*" => FactRef::Count(self.count_slot(PersonsSel::All, path)?),
            _ if name.starts_with("data.categories.") => {
                let c = &name["data.categories.".len()..];
                match Category::from_name(c) {
                    Some(c) => FactRef::Bool(B::Category(c)),
                    None => {
                        return Err(err(
                            path,
                            format!(
                                "unknown data category `{c}` (expected one of {})",
                                Category::NAMES.join(", ")
                            ),
                        ));
                    }
                }
            }
            _ if name.starts_with("data.persons.max(") && name.ends_with("-*)") => {
                let code = &name["data.persons.max(".len()..name.len() - 3];
                if !is_code(code) {
                    return Err(err(path, format!("invalid country code in fact `{name}`")));
                }
                FactRef::Count(self.count_slot(PersonsSel::LargestSub(code.to_string()), path)?)
            }
            _ => {
                let Some(code) = name.strip_prefix("data.persons.") else {
                    return Err(err(path, format!("unknown fact `{name}`")));
                };
                let sel = match code.strip_suffix('*') {
                    Some(prefix) if is_code(prefix) => PersonsSel::Prefix(prefix.to_string()),
                    None if self.groups.contains_key(code) => {
                        PersonsSel::Group(self.groups[code].clone())
                    }
                    None if is_code(code) || code == UNKNOWN_KEY => {
                        PersonsSel::Key(code.to_string())
                    }
                    _ => {
                        return Err(err(
                            path,
                            format!("invalid jurisdiction code in fact `{name}` (use A-Z, 0-9, -)"),
                        ));
                    }
                };
                FactRef::Count(self.count_slot(sel, path)?)
            }
        })
    }

    /// Compile a predicate; `path` is its location in the pack (e.g. `rules[3].scope`).
    pub(crate) fn compile(&mut self, doc: &PredDoc, path: &str) -> Result<Pred, Error> {
        let forms = [
            doc.all.is_some(),
            doc.any.is_some(),
            doc.not.is_some(),
            doc.konst.is_some(),
            doc.fact.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if forms != 1 {
            return Err(err(
                path,
                "a predicate needs exactly one of `all`, `any`, `not`, `const`, `fact`",
            ));
        }
        let operand_count = [
            doc.is.is_some(),
            doc.gt.is_some(),
            doc.ge.is_some(),
            doc.lt.is_some(),
            doc.le.is_some(),
            doc.eq.is_some(),
            doc.in_.is_some(),
            doc.contains.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if doc.fact.is_none()
            && (operand_count > 0 || doc.unknown_as.is_some() || doc.range.is_some())
        {
            return Err(err(path, "comparison operators need a `fact`"));
        }
        if let Some(list) = &doc.all {
            return Ok(Pred::All(self.compile_list(list, &format!("{path}.all"))?));
        }
        if let Some(list) = &doc.any {
            return Ok(Pred::Any(self.compile_list(list, &format!("{path}.any"))?));
        }
        if let Some(inner) = &doc.not {
            return Ok(Pred::Not(Box::new(
                self.compile(inner, &format!("{path}.not"))?,
            )));
        }
        if let Some(b) = doc.konst {
            return Ok(Pred::Const(b));
        }
        let name = doc.fact.as_deref().unwrap_or_default();
        let fact_path = format!("{path}.fact");
        if operand_count != 1 {
            return Err(err(
                path,
                "a fact needs exactly one of `is`, `gt`, `ge`, `lt`, `le`, `eq`, `in`, `contains`",
            ));
        }
        let fact = self.fact(name, &fact_path)?;
        if doc.range.is_some() && !matches!(fact, FactRef::Count(_)) {
            return Err(err(
                &format!("{path}.range"),
                "`range` applies only to person counts",
            ));
        }
        match fact {
            FactRef::Bool(fact) => {
                let Some(is) = doc.is else {
                    return Err(err(path, format!("`{name}` is a yes/no fact: use `is`")));
                };
                Ok(Pred::Bool {
                    fact,
                    is,
                    unknown_as: doc.unknown_as,
                })
            }
            FactRef::Count(slot) => {
                if doc.unknown_as.is_some() {
                    return Err(err(
                        &format!("{path}.unknown_as"),
                        "`unknown_as` is not supported for counts",
                    ));
                }
                let (cmp, value) = if let Some(v) = doc.gt {
                    (Cmp::Gt, v)
                } else if let Some(v) = doc.ge {
                    (Cmp::Ge, v)
                } else if let Some(v) = doc.lt {
                    (Cmp::Lt, v)
                } else if let Some(v) = doc.le {
                    (Cmp::Le, v)
                } else if let Some(v) = &doc.eq {
                    match v.as_u64() {
                        Some(n) => (Cmp::Eq, n),
                        None => {
                            return Err(err(
                                &format!("{path}.eq"),
                                "a count compares with a non-negative integer",
                            ));
                        }
                    }
                } else {
                    return Err(err(
                        path,
                        format!("`{name}` is a count: use `gt`, `ge`, `lt`, `le` or `eq`"),
                    ));
                };
                let bounds = match doc.range {
                    None | Some(RangeReading::Suspected) => false,
                    Some(RangeReading::Bounds) if matches!(cmp, Cmp::Gt | Cmp::Ge) => true,
                    Some(RangeReading::Bounds) => {
                        return Err(err(
                            &format!("{path}.range"),
                            "`range` applies only to `gt` and `ge`",
                        ));
                    }
                };
                Ok(Pred::Count {
                    slot,
                    cmp,
                    value,
                    bounds,
                })
            }
            FactRef::Enum(fact) => {
                let variants = enum_variants(fact);
                let names: Vec<(String, String)> = if let Some(v) = &doc.eq {
                    match v.as_str() {
                        Some(s) => vec![(s.to_string(), format!("{path}.eq"))],
                        None => {
                            return Err(err(&format!("{path}.eq"), "expected a string"));
                        }
                    }
                } else if let Some(list) = &doc.in_ {
                    list.iter()
                        .enumerate()
                        .map(|(i, s)| (s.clone(), format!("{path}.in[{i}]")))
                        .collect()
                } else {
                    return Err(err(
                        path,
                        format!("`{name}` is enumerated: use `eq` or `in`"),
                    ));
                };
                let mut mask = 0u16;
                for (s, p) in names {
                    match variants.iter().position(|v| *v == s) {
                        Some(i) => mask |= 1 << i,
                        None => {
                            return Err(err(
                                &p,
                                format!(
                                    "unknown value `{s}` for `{name}` (expected one of {})",
                                    variants.join(", ")
                                ),
                            ));
                        }
                    }
                }
                if doc.unknown_as.is_some()
                    && !matches!(
                        fact,
                        EnumFact::Risk | EnumFact::Nis2Entity | EnumFact::JpReportTo
                    )
                {
                    return Err(err(
                        &format!("{path}.unknown_as"),
                        format!("`{name}` is never unknown"),
                    ));
                }
                if doc.unknown_as.is_none() && fact == EnumFact::JpReportTo {
                    return Err(err(
                        path,
                        format!("`{name}` is a declaration: give `unknown_as`"),
                    ));
                }
                Ok(Pred::Enum {
                    fact,
                    mask,
                    unknown_as: doc.unknown_as,
                })
            }
            FactRef::EstablishedIn => match &doc.contains {
                Some(code) if is_code(code) => Ok(Pred::EstablishedIn(
                    self.groups
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| vec![code.clone()]),
                )),
                Some(_) => Err(err(
                    &format!("{path}.contains"),
                    "expected a jurisdiction code (A-Z, 0-9, -)",
                )),
                None => Err(err(path, "`organisation.established_in` needs `contains`")),
            },
            FactRef::Algorithm | FactRef::AwareAt | FactRef::KeySummary => Err(err(
                &fact_path,
                format!("`{name}` can be shown in reasons but not tested"),
            )),
        }
    }

    fn compile_list(&mut self, list: &[PredDoc], path: &str) -> Result<Vec<Pred>, Error> {
        if list.is_empty() {
            return Err(err(path, "empty list"));
        }
        list.iter()
            .enumerate()
            .map(|(i, d)| self.compile(d, &format!("{path}[{i}]")))
            .collect()
    }
}

/// Paths of the unknown facts in `mask`, appended to `out` (the reference for the plan's
/// missing facts, `plan::tests`).
#[cfg(test)]
pub(crate) fn missing_paths(
    mask: Mask,
    count_slots: &[PersonsSel],
    req: &AssessRequest,
    out: &mut Vec<String>,
) {
    for (i, p) in FIXED_SLOTS.iter().enumerate() {
        if mask & (1 << i) != 0 {
            out.push((*p).to_string());
        }
    }
    // Each person key once (a mask names many per-state slots that the same `US` or
    // `unknown` persons keep open; callers sort the paths anyway).
    let mut slots = mask >> FIXED_SLOTS.len();
    let n = req.data.persons.len();
    if slots == 0 || n == 0 {
        return;
    }
    let mut inline = [false; 16];
    let mut heap = Vec::new();
    let named: &mut [bool] = match inline.get_mut(..n) {
        Some(s) => s,
        None => {
            heap.resize(n, false);
            &mut heap
        }
    };
    let mut left = n;
    while slots != 0 && left > 0 {
        let i = slots.trailing_zeros() as usize;
        slots &= slots - 1;
        let Some(sel) = count_slots.get(i) else {
            break;
        };
        for (j, (k, v)) in req.data.persons.iter().enumerate() {
            if named[j] {
                continue;
            }
            let inexact = !v.is_some_and(|c| c.is_exact());
            let may = sel.may_match(k) && *v != Some(Count::exact(0));
            if (inexact && sel.matches(k)) || may {
                named[j] = true;
                left -= 1;
            }
        }
    }
    for ((k, _), named) in req.data.persons.iter().zip(named.iter()) {
        if *named {
            let mut p = String::with_capacity(13 + k.len());
            p.push_str("data.persons.");
            p.push_str(k);
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test answers as `country_of(code) == Some(key)` for every pair.
    #[test]
    fn subdivision_of_matches_country_of() {
        let codes = [
            "", "-", "U", "US", "US-", "US-CA", "US-CA-X", "USA", "USA-1", "JP", "JP-13", "EU",
            "unknown", "US-CAL", "U-S", "-US",
        ];
        for code in codes {
            for key in codes {
                assert_eq!(
                    subdivision_of(code, key),
                    country_of(code) == Some(key),
                    "{code:?} {key:?}"
                );
            }
        }
    }

    /// The interned-id counts give exactly the string selectors' totals, for every selector
    /// shape and key shape (deep codes, `-` edge cases, `unknown`, codes no selector names).
    #[test]
    fn id_counts_match_string_selectors() {
        let s = |v: &str| v.to_string();
        let slots = vec![
            PersonsSel::Key(s("JP")),
            PersonsSel::Key(s("US-CA")),
            PersonsSel::Key(s("A-B-C")),
            PersonsSel::Key(s("unknown")),
            PersonsSel::Key(s("US-")),
            PersonsSel::Prefix(s("US")),
            PersonsSel::Prefix(s("A-B")),
            PersonsSel::Prefix(s("US-")),
            PersonsSel::Group(vec![s("DE"), s("FR"), s("EU"), s("CA-QC"), s("X-Y-Z")]),
            PersonsSel::LargestSub(s("US")),
            PersonsSel::LargestSub(s("A")),
            PersonsSel::All,
        ];
        let sels = PersonSelectors::build(&slots);
        let keys = [
            "JP",
            "US",
            "US-CA",
            "US-NY",
            "US-",
            "US--X",
            "A",
            "A-B",
            "A-B-C",
            "A-B-C-D",
            "DE",
            "DE-BY",
            "CA",
            "CA-QC",
            "CA-QC-1",
            "X",
            "X-Y",
            "X-Y-Z-W",
            "EU",
            "unknown",
            "ZZ",
            "-",
            "--",
            "-A",
            "A-",
            "---------------",
        ];
        let counts = [
            Some(Count::exact(3)),
            None,
            Some(Count::range(2, Some(9))),
            Some(Count::range(1, None)),
            Some(Count::exact(0)),
        ];
        let base: AssessRequest = crate::breach::parse_request(
            r#"{"schema": "mamori.assess.v1",
              "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
              "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00"},
              "data": {"persons": {}}}"#,
        )
        .unwrap();
        // Every key alone, and sliding windows of 1–6 keys with varied counts.
        let mut cases: Vec<Vec<(&str, Option<Count>)>> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            cases.push(vec![(k, counts[i % counts.len()])]);
            for w in 2..=6 {
                cases.push(
                    (0..w)
                        .map(|j| {
                            let idx = (i + j * 7) % keys.len();
                            (keys[idx], counts[(i + j) % counts.len()])
                        })
                        .collect(),
                );
            }
        }
        for case in cases {
            let mut req = base.clone();
            for (k, c) in &case {
                req.data.persons.insert(k.to_string(), *c);
            }
            let facts = Facts::new(&req, &slots, &sels);
            for (i, sel) in slots.iter().enumerate() {
                let slot = (i + FIXED_SLOTS.len()) as u8;
                assert_eq!(facts.count(slot), sel.total(&req), "{sel:?} over {case:?}");
            }
        }
    }
}
