//! The rule pack's JSON document model (`mamori.rulepack.v1`), as read before compiling.

use super::*;

/// A rule pack document (`mamori.rulepack.v1`); see docs/breach.md "Rule packs".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RulePackDocument")]
pub(super) struct PackDoc {
    pub(super) schema: String,
    pub(super) id: String,
    pub(super) version: String,
    #[serde(default)]
    #[allow(dead_code)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) calendars: BTreeMap<String, DateListCalendar>,
    /// Jurisdiction groups: a name usable in `data.persons.<NAME>` and
    /// `organisation.established_in` → the person keys it covers (country codes, subdivisions,
    /// legacy regime keys).
    #[serde(default)]
    pub(super) jurisdiction_groups: BTreeMap<String, Vec<String>>,
    pub(super) rules: Vec<RuleDoc>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleDoc {
    pub(super) id: String,
    pub(super) jurisdiction: String,
    pub(super) recipient: Recipient,
    #[serde(default)]
    #[allow(dead_code)]
    pub(super) title: Option<Text>,
    #[serde(default)]
    pub(super) offset: Option<String>,
    /// An IANA time zone (`America/Los_Angeles`); deadlines follow its daylight-saving rules.
    #[serde(default)]
    pub(super) zone: Option<String>,
    #[serde(default)]
    pub(super) effective_from: Option<NaiveDate>,
    #[serde(default)]
    pub(super) effective_to: Option<NaiveDate>,
    pub(super) scope: PredDoc,
    #[serde(default)]
    pub(super) scope_reason: Option<Text>,
    #[serde(default)]
    pub(super) triggers: Vec<CondDoc>,
    #[serde(default)]
    pub(super) no_trigger_reason: Option<Text>,
    #[serde(default)]
    pub(super) exemptions: Vec<CondDoc>,
    pub(super) deadline: DeadlineDoc,
    #[serde(default)]
    pub(super) overrides: Vec<OverrideDoc>,
    pub(super) basis: String,
    pub(super) verification: Verification,
    #[serde(default)]
    pub(super) notes: Vec<NoteDoc>,
    #[serde(default)]
    pub(super) report_draft: bool,
}

/// A rule's note: a text shown whenever the obligation is `required` or `possible`, or
/// `{"when": <predicate>, "text": <text>}`, shown only when the predicate is true (e.g. who
/// receives the report, from a host-declared fact).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(super) enum NoteDoc {
    When(Box<WhenNoteDoc>),
    Plain(Text),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct WhenNoteDoc {
    pub(super) when: PredDoc,
    pub(super) text: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct CondDoc {
    pub(super) id: String,
    pub(super) when: PredDoc,
    pub(super) reason: Text,
    #[serde(default)]
    pub(super) reason_unknown: Option<Text>,
    #[serde(default)]
    pub(super) reason_false: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct OverrideDoc {
    pub(super) when: PredDoc,
    pub(super) deadline: DeadlineDoc,
    pub(super) reason: Text,
    /// Also apply when `when` is unknown but this trigger is the only one not false (the
    /// obligation then exists only if the trigger, and so the override, holds).
    #[serde(default)]
    pub(super) sole_trigger: Option<String>,
}

/// A human-readable text in a rule pack: one string (the same in every language) or one
/// string per language, `{"en": "...", "ja": "..."}`. English is required in the per-language
/// form; it is the fallback for a language the pack does not have.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub(crate) enum Text {
    /// One text for every language.
    Plain(String),
    /// One text per language.
    Lang {
        /// English (required; the fallback).
        en: String,
        /// Japanese.
        #[serde(default)]
        ja: Option<String>,
    },
}

impl Text {
    /// The English text (the fallback of every language).
    pub(crate) fn en(&self) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Lang { en, .. } => en,
        }
    }

    /// The Japanese text, if the pack has one (a plain text counts for every language).
    #[allow(dead_code)]
    pub(crate) fn ja(&self) -> Option<&str> {
        match self {
            Text::Plain(s) => Some(s),
            Text::Lang { ja, .. } => ja.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Anchor {
    #[default]
    AwareAt,
    AssessedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(super) enum DeadlineKind {
    Hours,
    CalendarDays,
    BusinessDays,
    Window,
    DaysAfterYearEnd,
    WithoutUndueDelay,
    AfterObligation,
}

/// A deadline in JSON. A flat struct (not a tagged enum) so that errors name the exact field.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct DeadlineDoc {
    pub(super) kind: DeadlineKind,
    #[serde(default)]
    pub(super) hours: Option<u32>,
    #[serde(default)]
    pub(super) days: Option<u32>,
    #[serde(default)]
    pub(super) first_day_inclusive: Option<bool>,
    #[serde(default)]
    pub(super) roll_forward: Option<String>,
    #[serde(default)]
    pub(super) calendar: Option<String>,
    #[serde(default)]
    pub(super) target_days: Option<u32>,
    #[serde(default)]
    pub(super) latest_days: Option<u32>,
    #[serde(default)]
    pub(super) anchor: Option<Anchor>,
    /// `after_obligation`: the id of the obligation whose completion starts the clock.
    #[serde(default)]
    pub(super) obligation: Option<String>,
}
