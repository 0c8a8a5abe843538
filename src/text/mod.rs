//! Foundation: the library's human-readable text. [`Lang`], one template type (`Msg`:
//! `{name}` placeholders, parsed once) behind every message table, the shared message table of
//! the incident and hand-over workflows ([`t`], `text/ja.json` and `text/en.json`, embedded at
//! build time, keyed by stable message keys; every key exists in both tables, a test checks it),
//! time formatting ([`fmt_time`]) and CSV export with a formula-injection guard ([`csv`]).
//!
//! Layer 2 of `tests/layering.rs`: it uses only `json`/`error`, so every module above can.

pub mod csv;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The language of human-readable output.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Lang {
    /// 日本語 (the default for documents addressed to Japanese authorities and customers).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// `"ja"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// The Japanese message table, as embedded.
pub const MESSAGES_JA: &str = include_str!("ja.json");
/// The English message table, as embedded.
pub const MESSAGES_EN: &str = include_str!("en.json");

type Table = BTreeMap<String, Msg>;

fn table(lang: Lang) -> &'static Table {
    static JA: OnceLock<Table> = OnceLock::new();
    static EN: OnceLock<Table> = OnceLock::new();
    let (cell, src) = match lang {
        Lang::Ja => (&JA, MESSAGES_JA),
        Lang::En => (&EN, MESSAGES_EN),
    };
    // A table that fails to parse would be caught by the test suite; at run time it degrades
    // to printing keys, never to a panic.
    cell.get_or_init(|| serde_json::from_str(src).unwrap_or_default())
}

/// The keys of a language's table, sorted.
pub fn message_keys(lang: Lang) -> Vec<&'static str> {
    table(lang).keys().map(String::as_str).collect()
}

/// Whether `key` exists in `lang`'s table.
pub fn has_message(lang: Lang, key: &str) -> bool {
    table(lang).contains_key(key)
}

/// The message `key` in `lang` with `{name}` placeholders replaced by `args` (a placeholder
/// without an argument stays as written). A missing key yields the key itself (visible, never
/// a panic).
pub fn t(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let Some(msg) = table(lang).get(key) else {
        return key.to_string();
    };
    let mut out = String::with_capacity(msg.len_hint() + 16);
    msg.render(&mut out, |name, out| {
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    });
    out
}

/// A time in the language's format (`2025年6月13日 9時10分` / `2025-06-13 09:10 +09:00`).
pub fn fmt_time(lang: Lang, at: DateTime<FixedOffset>) -> String {
    at.format(&t(lang, "fmt.datetime", &[])).to_string()
}

/// One message template, split at its `{name}` placeholders once, when its table is read: the
/// one template engine of the library (the incident and hand-over table above, the breach
/// engine's typed table in `breach::messages`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Msg {
    segs: Vec<MSeg>,
}

#[derive(Debug, Clone)]
enum MSeg {
    Lit(String),
    Var(String),
}

impl Msg {
    /// Split `text` at its placeholders; a `{` without a closing `}` is literal text.
    pub(crate) fn parse(text: &str) -> Msg {
        let mut segs = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            if open > 0 {
                segs.push(MSeg::Lit(rest[..open].to_string()));
            }
            segs.push(MSeg::Var(after[..close].to_string()));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            segs.push(MSeg::Lit(rest.to_string()));
        }
        Msg { segs }
    }

    /// Append the message to `out`; `arg(name, out)` appends the value of placeholder `name`.
    pub(crate) fn render(&self, out: &mut String, mut arg: impl FnMut(&str, &mut String)) {
        for s in &self.segs {
            match s {
                MSeg::Lit(l) => out.push_str(l),
                MSeg::Var(v) => arg(v, out),
            }
        }
    }

    /// Append a message without placeholders.
    pub(crate) fn push(&self, out: &mut String) {
        self.render(out, |_, _| {});
    }

    /// Whether the message has no text at all.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }

    fn len_hint(&self) -> usize {
        self.segs
            .iter()
            .map(|s| match s {
                MSeg::Lit(l) => l.len(),
                MSeg::Var(_) => 8,
            })
            .sum()
    }

    /// The placeholder names, sorted (for the consistency tests).
    #[cfg(test)]
    pub(crate) fn vars(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .segs
            .iter()
            .filter_map(|s| match s {
                MSeg::Var(v) => Some(v.as_str()),
                MSeg::Lit(_) => None,
            })
            .collect();
        v.sort_unstable();
        v
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Msg::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_fills_placeholders_and_keeps_unknown_ones() {
        let m = Msg::parse("a {x} b {y} c {unclosed");
        let mut out = String::new();
        m.render(
            &mut out,
            |n, o| {
                if n == "x" { o.push('1') } else { o.push('?') }
            },
        );
        assert_eq!(out, "a 1 b ? c {unclosed");
        assert_eq!(t(Lang::En, "no.such.key", &[]), "no.such.key");
        assert_eq!(m.vars(), ["x", "y"]);
    }
}
