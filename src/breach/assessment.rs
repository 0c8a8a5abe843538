//! The `mamori.assessment.v1` output.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag every assessment carries.
pub const ASSESSMENT_SCHEMA: &str = "mamori.assessment.v1";

/// The engine's answer: every obligation it considered, and the facts it still needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Assessment {
    /// Always `"mamori.assessment.v1"`.
    pub schema: Text,
    /// The id and version of the rule pack that produced this assessment.
    pub rules_version: Text,
    /// One entry per rule considered, in a stable order.
    pub obligations: Vec<Obligation>,
    /// JSON paths of request fields whose unknown value kept an obligation `possible`.
    pub missing_facts: Vec<String>,
    /// The Japanese report draft (PPC Rules Art. 8(1), nine items), present when a report to
    /// the PPC is `required` or `possible`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jp_report_draft: Option<JpReportDraft>,
    /// The response plan: the obligations grouped by rule family and recipient, first thing
    /// to do first (always present in the engine's answers; absent in documents written
    /// before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<super::plan::ResponsePlan>,
    /// The residency assumptions the host declared (`assume`), as applied; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<super::assume::Assumption>,
    /// Persons under a jurisdiction code no rule of the pack covers (`data.persons.ZA` with a
    /// pack that has no rule for ZA): that law was not assessed, and they count only toward
    /// rules that count every person. Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncovered: Vec<super::coverage::UncoveredPersons>,
}

/// One duty to report or notify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Obligation {
    /// Stable id, e.g. `jp.appi.ppc.final`.
    pub id: Text,
    /// Jurisdiction code, e.g. `JP`, `EU`.
    pub jurisdiction: Text,
    /// Who must be told.
    pub recipient: Recipient,
    /// Whether it applies.
    pub status: ObligationStatus,
    /// When it is due.
    pub due: Due,
    /// Legal basis, e.g. `APPI Art. 26(1); PPC Rules Art. 8(2)`.
    pub basis: Text,
    /// Whether the rule's reading has been checked against the primary text.
    pub verification: Verification,
    /// Human-readable reasons naming the facts that decided it.
    pub reasons: Vec<Text>,
    /// Timing relative to a caller-supplied `now` (only set by `assess_at` / `with_timing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<DueStatus>,
}

/// Where an obligation stands relative to a caller-supplied `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum DueStatus {
    /// The obligation does not apply (`not_required`).
    NotApplicable,
    /// Due, and more than the due-soon margin remains.
    OnTrack,
    /// Less than the due-soon margin remains before the deadline (or the window's target).
    DueSoon,
    /// A window's target has passed but its latest time has not.
    TargetPassed,
    /// The deadline (or the window's latest time) has passed.
    Overdue,
    /// No fixed time (`without_undue_delay`): act now.
    Immediate,
}

/// A structured draft of the Japanese report to the PPC: the nine items of PPC Rules
/// Art. 8(1) (施行規則第8条第1項). A 速報 carries the items known so far; a 確報 is complete only
/// when all nine are filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JpReportDraft {
    /// The nine items, in the rule's order.
    pub items: Vec<ReportItem>,
    /// Keys of the items still empty, in order.
    pub empty_items: Vec<Cow<'static, str>>,
    /// Whether all nine items are filled (a 確報 needs this).
    pub final_report_complete: bool,
    /// Keys of the items the notice to individuals needs (items 1, 2, 4, 5, 9) that are empty.
    pub individual_notice_empty_items: Vec<Cow<'static, str>>,
}

/// One item of the Japanese report draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportItem {
    /// Item number in PPC Rules Art. 8(1), 1–9.
    pub number: u8,
    /// Stable key, e.g. `summary`, `affected_count`.
    pub key: Cow<'static, str>,
    /// The item's wording in the rule (Japanese).
    pub label_ja: Cow<'static, str>,
    /// The text so far; `null` = still empty.
    pub value: Option<String>,
}

/// Who receives a report or notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Recipient {
    /// A supervisory authority (PPC, a DPA, PIPC, PDPC, ...).
    Regulator,
    /// The affected individuals.
    Individuals,
    /// The controller (when the organisation is a processor).
    Controller,
    /// The public (announcement; HIPAA's prominent media outlets).
    Public,
    /// The organisation itself: an internal deadline, e.g. to finish assessing a suspected
    /// breach (Australia s26WH, Singapore s26C).
    Internal,
}

/// Whether an obligation applies.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ObligationStatus {
    /// It applies.
    Required,
    /// It applies unless an unknown fact turns out otherwise (see `missing_facts`).
    Possible,
    /// It does not apply on these facts.
    NotRequired,
}

/// When an obligation is due. Times are RFC 3339 in the jurisdiction's offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Due {
    /// A hard deadline.
    Deadline {
        /// The last instant that is still on time.
        at: DateTime<FixedOffset>,
    },
    /// A soft window: aim for `target`, do not pass `latest`.
    Window {
        /// The target.
        target: DateTime<FixedOffset>,
        /// The latest acceptable time.
        latest: DateTime<FixedOffset>,
    },
    /// No number of days is set: "without undue delay", "promptly".
    WithoutUndueDelay,
    /// A deadline that runs from another obligation being done, e.g. the California Attorney
    /// General's sample notice "within 15 calendar days of notifying affected consumers".
    AfterObligation {
        /// The obligation whose completion starts the clock (an id in `obligations`).
        obligation: String,
        /// How many days after the day it is done (local time of this obligation's rule).
        days: u32,
        /// `true`: business days (weekends skipped); `false`: calendar days.
        business_days: bool,
        /// When that obligation was done, from the request's `incident.done`; `null` = not yet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        done_at: Option<DateTime<FixedOffset>>,
        /// The last instant that is still on time: `days` after `done_at`, or, while it is not
        /// done, after that obligation's own deadline (the latest it can be done on time).
        /// `null` when that obligation has no fixed deadline ("without undue delay") and is not
        /// yet done: act as soon as it is done.
        latest: Option<DateTime<FixedOffset>>,
    },
}

/// Whether a rule's reading was checked against the primary legal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Verification {
    /// Read in the primary text (or an exact quotation of it).
    Confirmed,
    /// From secondary sources or the engine's own reading; check before relying on it.
    Unverified,
}

/// A text of an answer (an obligation's id, jurisdiction, basis and reasons; the plan's keys,
/// rule ids and jurisdictions): shared with the rule pack when it comes from the pack as is
/// (built once when the pack is loaded; cloning it copies a pointer), or rendered from the
/// request's facts — owned, or shared between the obligations of one answer that give the
/// same reason. [`RulePack::assess_into`](super::RulePack::assess_into) refills the owned
/// ones in place. Reads like a `&str` (`Deref`, `AsRef<str>`,
/// `Borrow<str>`, comparisons with `str` and `String`, `Display`) and serialises as a plain
/// JSON string: the JSON shape is the same as a `String`'s.
///
/// ```
/// use mamori::breach::Text;
/// let t = Text::from("jp.appi.ppc.preliminary");
/// assert_eq!(t, "jp.appi.ppc.preliminary");
/// assert!(t.starts_with("jp."));
/// assert_eq!(serde_json::to_string(&t).unwrap(), "\"jp.appi.ppc.preliminary\"");
/// ```
#[derive(Clone)]
pub struct Text(TextRepr);

#[derive(Clone)]
enum TextRepr {
    Static(&'static str),
    Shared(std::sync::Arc<str>),
    Owned(String),
}

impl Text {
    /// A text borrowed for the whole program (no allocation).
    pub const fn from_static(s: &'static str) -> Text {
        Text(TextRepr::Static(s))
    }

    /// A text shared by reference count (what a rule pack hands out).
    pub fn shared(s: &str) -> Text {
        Text(TextRepr::Shared(std::sync::Arc::from(s)))
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            TextRepr::Static(s) => s,
            TextRepr::Shared(s) => s,
            TextRepr::Owned(s) => s,
        }
    }

    /// The text as an owned `String`.
    pub fn into_string(self) -> String {
        match self.0 {
            TextRepr::Owned(s) => s,
            other => Text(other).as_str().to_owned(),
        }
    }

    /// Whether `self` and `other` are the same shared text (no comparison of the bytes).
    #[inline]
    fn same_shared(&self, other: &Text) -> bool {
        match (&self.0, &other.0) {
            (TextRepr::Shared(a), TextRepr::Shared(b)) => std::sync::Arc::ptr_eq(a, b),
            (TextRepr::Static(a), TextRepr::Static(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }

    /// Make `self` a clone of the shared text `t`, doing nothing when it already is one.
    #[inline]
    pub(crate) fn set_shared(&mut self, t: &Text) {
        if !self.same_shared(t) {
            *self = t.clone();
        }
    }

    /// Make `self` an owned, empty string (reusing its allocation when it owns one) and hand
    /// it out to be written.
    pub(crate) fn owned_cleared(&mut self) -> &mut String {
        if !matches!(self.0, TextRepr::Owned(_)) {
            self.0 = TextRepr::Owned(String::new());
        }
        match &mut self.0 {
            TextRepr::Owned(s) => {
                s.clear();
                s
            }
            // Made owned just above; never taken.
            TextRepr::Static(_) | TextRepr::Shared(_) => unreachable!("owned above"),
        }
    }

    /// Make `self` an owned copy of `s`, reusing its allocation when it owns one.
    pub(crate) fn set_owned(&mut self, s: &str) {
        match &mut self.0 {
            TextRepr::Owned(o) => {
                o.clear();
                o.push_str(s);
            }
            _ => *self = Text(TextRepr::Owned(s.to_owned())),
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from_static("")
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(TextRepr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(TextRepr::Owned(s.to_owned()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.into_string()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

macro_rules! text_eq {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for Text {
            fn eq(&self, other: &$t) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<Text> for $t {
            fn eq(&self, other: &Text) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
text_eq!(str, &str, String);

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// The same schema as a `String` (the JSON shape does not change).
impl JsonSchema for Text {
    fn inline_schema() -> bool {
        String::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        String::schema_id()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
}
