//! The engine's own human-readable text (what does not come from a rule pack: how a deadline
//! was counted, "not in force", ranges of counts, ...) as data: one message table per
//! language (`messages/en.json`, `messages/ja.json`, embedded at build time) with `{name}`
//! placeholders. Both tables have exactly the same keys (serde refuses a missing or unknown
//! key) and the same placeholders per key (checked by a test).

use std::sync::LazyLock;

use serde::Deserialize;

use crate::text::{Lang, Msg};

/// The English table, as embedded.
pub(crate) const MESSAGES_EN: &str = include_str!("messages/en.json");
/// The Japanese table, as embedded.
pub(crate) const MESSAGES_JA: &str = include_str!("messages/ja.json");

macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// The engine's messages in one language.
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct Messages {
            $($(#[$doc])* pub $name: Msg,)*
        }

        #[cfg(test)]
        impl Messages {
            fn all(&self) -> Vec<(&'static str, &Msg)> {
                vec![$((stringify!($name), &self.$name)),*]
            }
        }
    };
}

messages! {
    /// `{start} {offset} {days} {nth}`: first-day-inclusive counting.
    counting_inclusive,
    /// `{start} {offset} {days} {nth}`: counting from the day after.
    counting_exclusive,
    /// `{last}`: the deadline fell on a closed day.
    counting_rolled,
    /// The deadline is an open day.
    counting_open_day,
    /// End of the counting sentence.
    counting_end,
    /// `{basis} {from} {day} {offset}`.
    not_yet_in_force,
    /// `{basis} {to}`.
    no_longer_in_force,
    /// `{reason}`: a condition whose fact is unknown and that has no `reason_unknown`.
    undetermined,
    /// The deadline is counted from `aware_at` because `assessed_at` is missing.
    anchor_aware_at,
    /// `{min} {max}`.
    total_range,
    /// `{min}`.
    total_at_least,
    /// A wholly unknown count.
    total_unknown,
    /// `{maybe}`: persons of unknown jurisdiction who may belong to a count.
    count_may_belong,
    /// After an algorithm accepted although not on the lists.
    algorithm_accepted_unlisted,
    /// After an unrecognised algorithm.
    algorithm_unrecognised,
    /// No protection given.
    protection_none,
    /// Between list items.
    list_separator,
}

fn parse(src: &str) -> Messages {
    // The tables are checked by the test suite; a broken table would degrade to empty
    // messages at run time, never to a panic.
    serde_json::from_str(src).unwrap_or_default()
}

static EN: LazyLock<Messages> = LazyLock::new(|| parse(MESSAGES_EN));
static JA: LazyLock<Messages> = LazyLock::new(|| parse(MESSAGES_JA));

/// The engine's messages in `lang`.
pub(crate) fn messages(lang: Lang) -> &'static Messages {
    match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_parse_with_the_same_placeholders() {
        let en: Messages = serde_json::from_str(MESSAGES_EN).expect("en.json");
        let ja: Messages = serde_json::from_str(MESSAGES_JA).expect("ja.json");
        for ((name, e), (_, j)) in en.all().into_iter().zip(ja.all()) {
            assert_eq!(e.vars(), j.vars(), "placeholders of `{name}`");
            assert!(!e.is_empty() && !j.is_empty(), "`{name}` is empty");
        }
    }
}
