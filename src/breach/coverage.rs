//! Persons under a jurisdiction no rule of the pack covers (issue 27 item 6). A valid
//! ISO 3166-1 code such as `ZA` passes the request check, but when no rule of the pack is for
//! that jurisdiction its law is not assessed at all: those persons count only toward rules that
//! count every person (APPI's, PIPA's), and with none of those in scope the answer would be
//! "nothing to report" without a word about them. The answer's `uncovered` lists each such key
//! with its count and a sentence, so the gap is never silent.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::pack::RulePack;
use super::predicate::{PersonsSel, UNKNOWN_KEY};
use super::{AssessRequest, Count};
use crate::text::Lang;

/// Persons under a jurisdiction code that no rule of the pack covers (an entry of the
/// assessment's `uncovered`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncoveredPersons {
    /// The key of `data.persons` (`ZA`).
    pub jurisdiction: String,
    /// Its count as the request gave it (`null` = unknown).
    pub persons: Option<Count>,
    /// What it means, in the request's language.
    pub note: String,
}

/// Whether `key` is `code` or one of its subdivisions (`US-CA` under `US`).
fn under(key: &str, code: &str) -> bool {
    key.strip_prefix(code)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// Whether some rule of `pack` is for `key`: a rule of that jurisdiction (or of its country, or
/// of one of its subdivisions), or a rule counting persons of a selection `key` belongs or may
/// belong to (a group such as `EU` ⊇ `DE`). Rules that count every person do not count: they
/// assess their own law, not `key`'s.
fn covered(pack: &RulePack, key: &str) -> bool {
    pack.jurisdictions
        .iter()
        .any(|j| under(key, j) || under(j, key))
        || pack
            .count_slots
            .iter()
            .any(|s| !matches!(s, PersonsSel::All) && (s.matches(key) || s.may_match(key)))
}

fn count_text(c: Option<Count>, lang: Lang) -> String {
    let n = match c {
        None => String::new(),
        Some(c) => match (c.max(), lang) {
            (Some(max), _) if c.is_exact() => max.to_string(),
            (Some(max), _) => format!("{}–{max}", c.min()),
            (None, Lang::Ja) => format!("{}以上", c.min()),
            (None, _) => format!("at least {}", c.min()),
        },
    };
    match (c, lang) {
        (None, Lang::Ja) => "人数不明の本人".to_string(),
        (None, _) => "an unknown number of".to_string(),
        (Some(_), Lang::Ja) => format!("{n}人"),
        (Some(_), _) => n,
    }
}

/// The keys of `data.persons` with persons (not a count of exactly 0) that no rule of `pack`
/// covers, in key order.
pub(crate) fn uncovered(pack: &RulePack, req: &AssessRequest) -> Vec<UncoveredPersons> {
    let lang = req.lang();
    req.data
        .persons
        .iter()
        .filter(|(k, c)| {
            k.as_str() != UNKNOWN_KEY
                && !c.is_some_and(|c| c.max() == Some(0))
                && !covered(pack, k)
        })
        .map(|(k, c)| {
            let n = count_text(*c, lang);
            let note = match lang {
                Lang::Ja => format!(
                    "data.persons.{k}: {k}の{n}はこのルールパックのどの規則の対象でもありません。{k}の法令による報告・通知義務は判定していません（すべての本人を数える規則にだけ数えています）。要確認。"
                ),
                _ => format!(
                    "data.persons.{k}: {n} person(s) in {k}, a jurisdiction no rule of this pack covers: obligations under {k}'s law were not assessed (these persons count only toward rules that count every person). Check {k}'s law."
                ),
            };
            UncoveredPersons {
                jurisdiction: k.clone(),
                persons: *c,
                note,
            }
        })
        .collect()
}
