//! The incident layer's human-readable text as data: one message table per language
//! (`messages/ja.json`, `messages/en.json`, embedded at build time), keyed by stable message
//! keys, with `{name}` placeholders. Every key exists in both tables (a test checks it).

use std::collections::BTreeMap;
use std::sync::OnceLock;

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
pub const MESSAGES_JA: &str = include_str!("messages/ja.json");
/// The English message table, as embedded.
pub const MESSAGES_EN: &str = include_str!("messages/en.json");

type Table = BTreeMap<String, String>;

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

/// The message `key` in `lang` with `{name}` placeholders replaced by `args`. A missing key
/// yields the key itself (visible, never a panic).
pub fn t(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let Some(tpl) = table(lang).get(key) else {
        return key.to_string();
    };
    let mut out = String::with_capacity(tpl.len() + 16);
    let mut rest = tpl.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
