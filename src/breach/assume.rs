//! Residency assumptions the host declares (`assume` in `mamori.assess.v1`), e.g.
//! `{"unknown": "JP", "US": "US-CA"}`: persons of unknown jurisdiction are counted as
//! residents of Japan, US persons of unknown state as Californians. Applied only when given;
//! every assumption is listed in the answer's `assumptions` and stated in every obligation's
//! reasons, so an answer built on an assumption never looks like one built on facts.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assessment::Assessment;
use super::count::Count;
use super::predicate::is_code;
use super::request::{AssessRequest, Lang};
use crate::error::{Error, Result};

/// One applied assumption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Assumption {
    /// The request field, e.g. `assume.unknown`.
    pub field: String,
    /// The persons key it applies to (`unknown`, `US`).
    pub from: String,
    /// The jurisdiction they are assumed to belong to (`JP`, `US-CA`).
    pub to: String,
    /// The persons moved (`null` = an unknown count; absent from the request = 0).
    pub persons: Option<Count>,
    /// Whether the request had persons under `from` (an assumption about nobody changes
    /// nothing, and says so).
    pub applied: bool,
    /// The assumption in words, in the request's language (also added to every reason list).
    pub text: String,
}

fn is_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// A jurisdiction code: a country (`JP`) or a subdivision (`US-CA`).
fn is_jurisdiction(s: &str) -> bool {
    is_code(s)
        && match s.split_once('-') {
            None => is_country(s),
            Some((c, sub)) => is_country(c) && !sub.is_empty() && !sub.contains('-'),
        }
}

fn add(a: Option<Count>, b: Option<Count>) -> Option<Count> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.add(b)),
        (Some(k), None) | (None, Some(k)) => Some(Count::range(k.min(), None)),
        (None, None) => None,
    }
}

fn describe(
    lang: Lang,
    field: &str,
    from: &str,
    to: &str,
    n: Option<Count>,
    applied: bool,
) -> String {
    let c = match n {
        Some(c) if c.is_exact() => c.min().to_string(),
        Some(c) => match c.max() {
            Some(m) => format!("{}–{m}", c.min()),
            None => format!("≥ {}", c.min()),
        },
        None => match lang {
            Lang::En => "an unknown number of".into(),
            Lang::Ja => "人数不明の".into(),
        },
    };
    let who = |en: &str, ja: &str| match lang {
        Lang::En => en.to_string(),
        Lang::Ja => ja.to_string(),
    };
    let persons = if from == "unknown" {
        who(
            &format!("{c} persons of unknown jurisdiction"),
            &format!("国・地域が不明な本人{c}人"),
        )
    } else {
        who(
            &format!("{c} persons in {from} of unknown subdivision"),
            &format!("州・地域が不明な{from}の本人{c}人"),
        )
    };
    match (lang, applied) {
        (Lang::En, true) => format!(
            "Assumed by the host ({field} = {to}), not established: the {persons} are counted in {to}."
        ),
        (Lang::Ja, true) => format!(
            "ホストが宣言した前提（{field} = {to}、事実として確認されたものではない）: {persons}を {to} に数えた。"
        ),
        (Lang::En, false) => format!(
            "Assumption {field} = {to} declared by the host; the request has no such persons, so it changes nothing."
        ),
        (Lang::Ja, false) => format!(
            "ホストが前提 {field} = {to} を宣言したが、該当する本人がいないため判定は変わらない。"
        ),
    }
}

/// Check `req.assume` and return the request with the assumptions applied (and `assume`
/// cleared), with the list of what was applied. Errors name the field (`assume.US`).
pub(crate) fn apply(req: &AssessRequest) -> Result<(AssessRequest, Vec<Assumption>)> {
    let lang = req.lang();
    let mut adjusted = req.clone();
    adjusted.assume = BTreeMap::new();
    let mut out = Vec::with_capacity(req.assume.len());
    for (from, to) in &req.assume {
        let field = format!("assume.{from}");
        if !is_jurisdiction(to) {
            return Err(Error::invalid(
                &field,
                format!("`{to}` is not a jurisdiction code (expected e.g. \"JP\" or \"US-CA\")"),
            ));
        }
        if from != "unknown" {
            if !is_country(from) {
                return Err(Error::invalid(
                    &field,
                    "expected `unknown` or a country code whose persons' subdivision is unknown (e.g. `US`)",
                ));
            }
            if to.split_once('-').is_none_or(|(c, _)| c != from) {
                return Err(Error::invalid(
                    &field,
                    format!("`{to}` is not a subdivision of {from} (expected e.g. \"{from}-CA\")"),
                ));
            }
        } else if to == "unknown" {
            return Err(Error::invalid(&field, "must name a jurisdiction"));
        }
        let moved = adjusted.data.persons.remove(from);
        let applied = moved.is_some();
        let n = moved.flatten();
        if let Some(m) = moved {
            let slot = adjusted.data.persons.remove(to.as_str());
            let sum = match slot {
                Some(s) => add(s, m),
                None => m,
            };
            adjusted.data.persons.insert(to.clone(), sum);
        }
        let text = describe(lang, &field, from, to, n, applied);
        out.push(Assumption {
            field,
            from: from.clone(),
            to: to.clone(),
            persons: if applied { n } else { Some(Count::exact(0)) },
            applied,
            text,
        });
    }
    Ok((adjusted, out))
}

/// Record the assumptions in the answer: the list, and a sentence in every obligation's
/// reasons (never silently).
pub(crate) fn record(assumptions: Vec<Assumption>, _lang: Lang, out: &mut Assessment) {
    for o in &mut out.obligations {
        for a in &assumptions {
            o.reasons.push(a.text.as_str().into());
        }
    }
    out.assumptions = assumptions;
}
