//! Rule packs: versioned, schema-checked JSON documents (`schema: "mamori.rulepack.v1"`),
//! compiled once into an evaluator that allocates little per assessment.
//!
//! See `docs/breach.md` and the embedded `rules/default.json` for the full format.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use chrono::{FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::Deserialize;

use super::assessment::{Recipient, Text as AnswerText, Verification};
use super::index::RuleIndex;
use super::predicate::{
    Compiler, FactRef, PersonSelectors, PersonsSel, Pred, PredDoc, PredNodes, is_code,
};
use crate::calendar::{
    BrazilNational, BusinessCalendar, DateListCalendar, JapanAdministrative, WeekendsOnly,
};
use crate::error::{Error, Result};
use crate::text::Lang;

/// The schema tag every rule pack carries.
pub const RULE_PACK_SCHEMA: &str = "mamori.rulepack.v1";

/// The embedded default rule pack (`rules/default.json`).
pub const DEFAULT_PACK_JSON: &str = include_str!("../../rules/default.json");

/// The same pack without the whitespace between tokens (made by `build.rs`): what the library
/// parses (tests compare it with [`DEFAULT_PACK_JSON`]).
#[cfg(test)]
const DEFAULT_PACK_MIN: &str = include_str!(concat!(env!("OUT_DIR"), "/default.min.json"));

/// The minified pack zlib-compressed by `build.rs`: what a shipped binary carries (about
/// 0.1 MB instead of 0.9 MB of JSON text; issue 27, size). Inflated once, on first use
/// ([`default_pack_text`]; cost in BENCHMARKS.md "Library size").
const DEFAULT_PACK_ZLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.min.json.zlib"));

/// The minified default pack's text, inflated from [`DEFAULT_PACK_ZLIB`].
fn default_pack_text() -> String {
    // Both checks guard the build's own output (zlib's Adler-32 covers the bytes); the test
    // suite checks the round trip, so a failure here is a build defect, like a bad pack.
    let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(DEFAULT_PACK_ZLIB)
        .unwrap_or_else(|e| panic!("embedded default rule pack does not inflate: {e:?}"));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("embedded default rule pack: {e}"))
}

/// Names of the built-in calendars a rule may use for `roll_forward` / `calendar`.
pub const BUILTIN_CALENDARS: &[&str] = &["jp_admin", "weekends", "br_national"];

mod doc;
pub(crate) use doc::*;

// ---------------------------------------------------------------------------------------------
// Compiled form.

/// A reason text with `{fact.path}` placeholders resolved at load time, in English and (when
/// the pack has it) Japanese.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub segs: Vec<Seg>,
    /// The Japanese text; `None` = the pack has none (English is the fallback).
    pub ja: Option<Vec<Seg>>,
    pub len_hint: usize,
    /// The English and Japanese texts when they name no fact, built once here: an answer
    /// shares them instead of rendering a copy per obligation.
    pub shared: Option<AnswerText>,
    pub shared_ja: Option<AnswerText>,
    /// The same number for templates of the same text (rules of one law repeat their
    /// reasons): an even number from 2, so that an answer renders each text once.
    pub key: usize,
    /// `segs` and `ja` with their literal text escaped for a JSON string when the pack is
    /// loaded: the JSON writer copies these and escapes only the request's facts.
    /// Shared, so that the compiler's per-text cache of templates clones them by pointer.
    pub esc: Arc<[Seg]>,
    pub esc_ja: Option<Arc<[Seg]>>,
}

impl Template {
    /// The segments in `lang` (English when the pack has no translation).
    pub(crate) fn segs(&self, lang: Lang) -> &[Seg] {
        match (lang, &self.ja) {
            (Lang::Ja, Some(ja)) => ja,
            _ => &self.segs,
        }
    }

    /// [`Template::segs`] with the literal text JSON-escaped (see [`Template::esc`]).
    pub(crate) fn esc_segs(&self, lang: Lang) -> &[Seg] {
        match (lang, &self.esc_ja) {
            (Lang::Ja, Some(ja)) => ja,
            _ => &self.esc,
        }
    }

    /// The text in `lang` when it names no fact (shared, nothing to render).
    pub(crate) fn shared(&self, lang: Lang) -> Option<&AnswerText> {
        match (lang, &self.ja) {
            (Lang::Ja, Some(_)) => self.shared_ja.as_ref(),
            _ => self.shared.as_ref(),
        }
    }
}

/// `segs` with each literal escaped for the inside of a JSON string.
fn escaped_segs(segs: &[Seg]) -> Arc<[Seg]> {
    segs.iter()
        .map(|seg| match seg {
            Seg::Lit(l) => {
                let mut e = String::with_capacity(l.len());
                super::json_out::escaped(&mut e, l);
                Seg::Lit(e)
            }
            Seg::Fact(f) => Seg::Fact(f.clone()),
        })
        .collect()
}

/// The text of `segs` when they are literals only.
fn shared_text(segs: &[Seg]) -> Option<AnswerText> {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Lit(l) => s.push_str(l),
            Seg::Fact(_) => return None,
        }
    }
    Some(AnswerText::shared(&s))
}

/// A rule's texts as answers carry them, built once when the pack is loaded and shared by
/// every answer (cloning one copies a pointer).
#[derive(Debug, Clone)]
pub(crate) struct RuleText {
    pub id: AnswerText,
    pub jurisdiction: AnswerText,
    pub basis: AnswerText,
    /// The name of the rule's zone (the plan's `due.zone`).
    pub zone: AnswerText,
}

#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Lit(String),
    Fact(FactRef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CalRef {
    JpAdmin,
    Weekends,
    List(usize),
    BrNational,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DeadlineSpec {
    Hours {
        hours: u32,
        anchor: Anchor,
    },
    CalendarDays {
        days: u32,
        inclusive: bool,
        roll: Option<CalRef>,
        anchor: Anchor,
    },
    BusinessDays {
        days: u32,
        cal: CalRef,
        anchor: Anchor,
    },
    Window {
        target: u32,
        latest: u32,
        inclusive: bool,
        anchor: Anchor,
    },
    DaysAfterYearEnd {
        days: u32,
    },
    WithoutUndueDelay,
    /// `days` (business days on `cal`, or calendar days) after the day the obligation of group
    /// `target` is done (see [`Due::AfterObligation`](super::assessment::Due::AfterObligation)).
    AfterObligation {
        target: usize,
        days: u32,
        cal: Option<CalRef>,
    },
}

impl DeadlineSpec {
    pub(crate) fn anchor(&self) -> Anchor {
        match self {
            DeadlineSpec::Hours { anchor, .. }
            | DeadlineSpec::CalendarDays { anchor, .. }
            | DeadlineSpec::BusinessDays { anchor, .. }
            | DeadlineSpec::Window { anchor, .. } => *anchor,
            _ => Anchor::AwareAt,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Note {
    /// Index into [`RulePack::preds`]: the note is shown only when it is true.
    pub when: Option<usize>,
    pub text: Template,
}

#[derive(Debug, Clone)]
pub(crate) struct Cond {
    /// Index into [`RulePack::preds`].
    pub when: usize,
    pub reason: Template,
    pub reason_unknown: Option<Template>,
    pub reason_false: Option<Template>,
}

#[derive(Debug, Clone)]
pub(crate) struct Override {
    /// Index into [`RulePack::preds`].
    pub when: usize,
    pub deadline: DeadlineSpec,
    /// The number of (`deadline`, the rule's zone) among the pack's deadlines (see
    /// [`number_dues`]).
    pub due_key: usize,
    pub reason: Template,
    /// Index into the rule's triggers (see `OverrideDoc::sole_trigger`).
    pub sole_trigger: Option<usize>,
}

/// Where a rule's days begin and end: a fixed UTC offset or an IANA zone with DST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    Fixed(FixedOffset),
    Iana(chrono_tz::Tz),
}

impl Zone {
    /// The UTC offset in force at instant `t`.
    pub(crate) fn offset_at(self, t: chrono::DateTime<FixedOffset>) -> FixedOffset {
        match self {
            Zone::Fixed(o) => o,
            Zone::Iana(tz) => {
                use chrono::Offset as _;
                use chrono::TimeZone as _;
                tz.offset_from_utc_datetime(&t.naive_utc()).fix()
            }
        }
    }

    /// How the pack names this zone: the IANA name (`America/New_York`) or the fixed offset
    /// (`+09:00`), appended to `out` (the plan's `due.zone`).
    pub(crate) fn write_name(self, out: &mut String) {
        match self {
            Zone::Iana(tz) => out.push_str(tz.name()),
            Zone::Fixed(o) => {
                let s = o.local_minus_utc();
                let m = s.unsigned_abs() / 60;
                out.push(if s < 0 { '-' } else { '+' });
                for d in [m / 600, m / 60 % 10, 10, m % 60 / 10, m % 10] {
                    out.push(if d == 10 {
                        ':'
                    } else {
                        char::from(b'0' + d as u8)
                    });
                }
            }
        }
    }

    /// `t` shown in this zone's offset at that instant.
    pub(crate) fn local(self, t: chrono::DateTime<FixedOffset>) -> chrono::DateTime<FixedOffset> {
        t.with_timezone(&self.offset_at(t))
    }

    /// Unix timestamp of 00:00 local time on `d`.
    fn midnight_ts(self, d: NaiveDate) -> i64 {
        match self {
            Zone::Fixed(o) => midnight_ts(d, o),
            Zone::Iana(tz) => {
                use chrono::TimeZone as _;
                tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                    .earliest()
                    .map_or_else(|| midnight_ts(d, FIXED_UTC), |t| t.timestamp())
            }
        }
    }
}

const FIXED_UTC: FixedOffset = match FixedOffset::east_opt(0) {
    Some(o) => o,
    None => panic!("UTC offset"),
};

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub jurisdiction: String,
    pub recipient: Recipient,
    pub zone: Zone,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `from` / `to` as Unix timestamps of local midnight in `offset` (cheap comparisons).
    pub from_ts: Option<i64>,
    pub to_ts: Option<i64>,
    /// Index into [`RulePack::preds`] (identical predicates are evaluated once per request).
    pub scope: usize,
    pub scope_reason: Option<Template>,
    pub triggers: Vec<Cond>,
    pub no_trigger_reason: Option<Template>,
    pub exemptions: Vec<Cond>,
    /// The node (in [`RulePack::pred_nodes`]) of "some trigger holds" (`None`: no trigger,
    /// always triggered) and of "some exemption holds" (`None`: none): rules with the same
    /// lists (the US state rules share their exemptions) share the node, evaluated once per
    /// request instead of once per rule and condition.
    pub trigger_node: Option<u32>,
    pub exemption_node: Option<u32>,
    pub deadline: DeadlineSpec,
    /// The number of (`deadline`, `zone`) among the pack's deadlines (see [`number_dues`]).
    pub due_key: usize,
    pub overrides: Vec<Override>,
    pub basis: String,
    pub verification: Verification,
    pub notes: Vec<Note>,
    pub report_draft: bool,
    /// Its family and stage in the response plan.
    pub plan: super::plan::PlanKey,
    /// Its texts as answers carry them (shared).
    pub text: RuleText,
    /// The constant JSON of its obligation object (the JSON writer copies it).
    pub json: super::json_out::RuleJson,
}

/// A compiled rule pack. Build one with [`RulePack::from_json`] or
/// [`RulePack::default_pack`], then call [`RulePack::assess`].
#[derive(Debug, Clone)]
pub struct RulePack {
    pub(crate) id: String,
    pub(crate) version: String,
    pub(crate) rules_version: String,
    /// `rules_version` as answers carry it (shared).
    pub(crate) rules_version_text: AnswerText,
    /// Rules grouped by id (versions / variants of one obligation), in first-appearance order.
    pub(crate) groups: Vec<Vec<Rule>>,
    pub(crate) count_slots: Vec<PersonsSel>,
    /// The distinct jurisdictions of the rules, sorted: what [`super::coverage`] checks each
    /// `data.persons` key against, computed once here instead of scanning every rule per key.
    pub(crate) jurisdictions: Vec<String>,
    /// `count_slots` over interned code ids (the engine's fast form).
    pub(crate) person_sels: PersonSelectors,
    pub(crate) calendars: Vec<DateListCalendar>,
    /// Distinct predicates (scopes, triggers, exemptions, overrides) in tree form, referred to
    /// by index (kept for the tests that check the shared nodes against them).
    #[cfg(test)]
    pub(crate) preds: Vec<Pred>,
    /// `preds` as shared nodes (what the engine evaluates, each distinct part once per request).
    pub(crate) pred_nodes: PredNodes,
    /// Rule groups by the jurisdictions that can bring them into scope; `None` = evaluate
    /// every group (see [`RulePack::without_index`]).
    pub(crate) index: Option<RuleIndex>,
    /// What the response plan needs of the whole pack (see [`super::plan::PackPlan`]).
    pub(crate) plan: super::plan::PackPlan,
}

static DEFAULT_PACK: LazyLock<RulePack> = LazyLock::new(|| {
    // The embedded pack is checked by the test suite; a failure here is a build defect.
    RulePack::from_json(&default_pack_text()).unwrap_or_else(|e| {
        panic!("embedded rules/default.json is invalid: {e}");
    })
});

/// The embedded default pack, parsed once on first use (immutable afterwards).
pub(crate) fn default_pack_ref() -> &'static RulePack {
    &DEFAULT_PACK
}

fn err(path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::RulePack {
        path: path.into(),
        message: message.into(),
    }
}

impl RulePack {
    /// The embedded default pack (`rules/default.json`): Japan APPI (business and public
    /// body), EU GDPR, UK GDPR, Korea PIPA, Singapore PDPA, Australia NDB, California,
    /// US HIPAA and India DPDP Rule 7.
    pub fn default_pack() -> RulePack {
        default_pack_ref().clone()
    }

    /// Parse and validate a pack. Errors are [`Error::RulePack`] whose `path` names the
    /// offending location, e.g. `rules[3].deadline.days`.
    ///
    /// ```
    /// use mamori::breach::{RulePack, ObligationStatus};
    /// let pack = RulePack::from_json(r#"{
    ///   "schema": "mamori.rulepack.v1", "id": "acme", "version": "1",
    ///   "rules": [{
    ///     "id": "acme.ciso", "jurisdiction": "JP", "recipient": "controller", "offset": "+09:00",
    ///     "scope": {"fact": "organisation.established_in", "contains": "JP"},
    ///     "triggers": [{"id": "many", "when": {"fact": "data.persons.*", "gt": 100},
    ///                   "reason": "{data.persons.*} persons affected (ACME policy 7.2)."}],
    ///     "deadline": {"kind": "hours", "hours": 24},
    ///     "basis": "ACME policy 7.2", "verification": "confirmed"
    ///   }]
    /// }"#)?;
    /// let req = mamori::breach::parse_request(r#"{"schema": "mamori.assess.v1",
    ///   "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
    ///   "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00"},
    ///   "data": {"persons": {"JP": 150}}}"#)?;
    /// let a = pack.assess(&req)?;
    /// assert_eq!(a.rules_version, "acme@1");
    /// assert_eq!(a.obligations[0].status, ObligationStatus::Required);
    /// assert_eq!(a.obligations[0].reasons[0], "150 persons affected (ACME policy 7.2).");
    ///
    /// let bad = RulePack::from_json(r#"{"schema": "mamori.rulepack.v1", "id": "x", "version": "1",
    ///   "rules": [{"id": "x", "jurisdiction": "JP", "recipient": "controller", "offset": "+09:00",
    ///     "scope": {"const": true}, "deadline": {"kind": "calendar_days", "days": 0,
    ///     "first_day_inclusive": true}, "basis": "b", "verification": "confirmed"}]}"#);
    /// match bad {
    ///     Err(mamori::Error::RulePack { path, .. }) => assert_eq!(path, "rules[0].deadline.days"),
    ///     other => panic!("{other:?}"),
    /// }
    /// # Ok::<(), mamori::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<RulePack> {
        let doc: PackDoc =
            crate::json::from_str_strict(json).map_err(|e| err(e.path, e.message))?;
        compile_pack(doc)
    }

    /// The JSON Schema of a rule pack document (`mamori.rulepack.v1`), as committed in
    /// `schemas/rulepack.schema.json`. Loading checks more than the schema can say (rule ids,
    /// predicates, calendars, `after_obligation` targets); errors name the JSON path.
    pub fn json_schema() -> schemars::Schema {
        schemars::schema_for!(PackDoc)
    }

    /// The pack's id (e.g. `mamori-default`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The pack's version (e.g. `2026.11.1`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `id@version`, as reported in each assessment's `rules_version`.
    pub fn rules_version(&self) -> &str {
        &self.rules_version
    }

    /// The distinct obligation ids this pack can produce, in output order.
    pub fn obligation_ids(&self) -> Vec<&str> {
        self.groups.iter().map(|g| g[0].id.as_str()).collect()
    }

    /// The same pack without its jurisdiction index: every rule's scope is evaluated for every
    /// request. The results are identical (a test checks it); this exists for that test and
    /// for benchmarks that compare the two.
    pub fn without_index(mut self) -> RulePack {
        self.index = None;
        self
    }

    pub(crate) fn calendar(&self, c: CalRef) -> &dyn BusinessCalendar {
        match c {
            CalRef::JpAdmin => &JapanAdministrative,
            CalRef::Weekends => &WeekendsOnly,
            CalRef::List(i) => &self.calendars[i],
            CalRef::BrNational => &BrazilNational,
        }
    }
}

fn is_rule_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    // "+09:00", "-05:30", "Z"
    if s == "Z" {
        return FixedOffset::east_opt(0);
    }
    let b = s.as_bytes();
    if b.len() != 6 || b[3] != b':' || !(b[0] == b'+' || b[0] == b'-') {
        return None;
    }
    let h: i32 = s[1..3].parse().ok()?;
    let m: i32 = s[4..6].parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    let secs = (h * 3600 + m * 60) * if b[0] == b'-' { -1 } else { 1 };
    FixedOffset::east_opt(secs)
}

struct Ctx<'a> {
    compiler: Compiler,
    calendar_names: &'a BTreeMap<String, DateListCalendar>,
    preds: Vec<(PredDoc, Pred)>,
    /// `after_obligation` deadlines' obligation ids and JSON paths, in the order met.
    after_refs: Vec<(String, String)>,
    /// Each distinct reason text (English, Japanese) → its template key and shared texts.
    template_keys: std::collections::HashMap<(String, Option<String>), Template>,
}

impl Ctx<'_> {
    fn pred(&mut self, doc: &PredDoc, path: &str) -> Result<usize> {
        let pred = self.compiler.compile(doc, path)?;
        if let Some(i) = self.preds.iter().position(|(d, _)| d == doc) {
            return Ok(i);
        }
        self.preds.push((doc.clone(), pred));
        Ok(self.preds.len() - 1)
    }

    fn template(&mut self, text: &Text, path: &str) -> Result<Template> {
        let ja_text = match text {
            Text::Lang { ja, .. } => ja.clone(),
            _ => None,
        };
        let k = (text.en().to_string(), ja_text);
        if let Some(t) = self.template_keys.get(&k) {
            return Ok(t.clone());
        }
        let mut t = self.new_template(text, path)?;
        t.key = 2 * (self.template_keys.len() + 1);
        self.template_keys.insert(k, t.clone());
        Ok(t)
    }

    fn new_template(&mut self, text: &Text, path: &str) -> Result<Template> {
        let ja = match text {
            Text::Lang { ja: Some(ja), .. } => Some(self.template_str(ja, &format!("{path}.ja"))?),
            _ => None,
        };
        let mut t = self.template_str(text.en(), path)?;
        if let Some(ja) = ja {
            t.len_hint = t.len_hint.max(ja.len_hint);
            t.shared_ja = ja.shared;
            t.esc_ja = Some(ja.esc);
            t.ja = Some(ja.segs);
        }
        Ok(t)
    }

    fn template_str(&mut self, text: &str, path: &str) -> Result<Template> {
        let mut segs = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segs.push(Seg::Lit(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(err(path, "unclosed `{` in reason text"));
            };
            let name = &after[..close];
            let fact = self
                .compiler
                .fact(name, path)
                .map_err(|_| err(path, format!("unknown fact `{{{name}}}` in reason text")))?;
            segs.push(Seg::Fact(fact));
            rest = &after[close + 1..];
        }
        if text.contains('}') && segs.is_empty() {
            return Err(err(path, "unmatched `}` in reason text"));
        }
        if !rest.is_empty() {
            segs.push(Seg::Lit(rest.to_string()));
        }
        if text.trim().is_empty() {
            return Err(err(path, "empty reason text"));
        }
        Ok(Template {
            shared: shared_text(&segs),
            shared_ja: None,
            key: 0,
            esc: escaped_segs(&segs),
            esc_ja: None,
            segs,
            ja: None,
            len_hint: text.len() + 16,
        })
    }

    fn opt_template(&mut self, text: &Option<Text>, path: &str) -> Result<Option<Template>> {
        text.as_ref().map(|t| self.template(t, path)).transpose()
    }

    fn calendar(&self, name: &str, path: &str) -> Result<CalRef> {
        match name {
            "jp_admin" => Ok(CalRef::JpAdmin),
            "weekends" => Ok(CalRef::Weekends),
            "br_national" => Ok(CalRef::BrNational),
            _ => match self.calendar_names.keys().position(|k| k == name) {
                Some(i) => Ok(CalRef::List(i)),
                None => Err(err(
                    path,
                    format!(
                        "unknown calendar `{name}` (built in: jp_admin, weekends, br_national; or define it under `calendars`)"
                    ),
                )),
            },
        }
    }

    fn deadline(&mut self, d: &DeadlineDoc, path: &str) -> Result<DeadlineSpec> {
        const MAX_DAYS: u32 = 3660;
        const MAX_HOURS: u32 = 24 * 3660;
        let allowed: &[&str] = match d.kind {
            DeadlineKind::Hours => &["hours", "anchor"],
            DeadlineKind::CalendarDays => {
                &["days", "first_day_inclusive", "roll_forward", "anchor"]
            }
            DeadlineKind::BusinessDays => &["days", "calendar", "anchor"],
            DeadlineKind::Window => &[
                "target_days",
                "latest_days",
                "first_day_inclusive",
                "anchor",
            ],
            DeadlineKind::DaysAfterYearEnd => &["days"],
            DeadlineKind::WithoutUndueDelay => &[],
            DeadlineKind::AfterObligation => &["obligation", "days", "calendar"],
        };
        let present = [
            ("hours", d.hours.is_some()),
            ("days", d.days.is_some()),
            ("first_day_inclusive", d.first_day_inclusive.is_some()),
            ("roll_forward", d.roll_forward.is_some()),
            ("calendar", d.calendar.is_some()),
            ("target_days", d.target_days.is_some()),
            ("latest_days", d.latest_days.is_some()),
            ("anchor", d.anchor.is_some()),
            ("obligation", d.obligation.is_some()),
        ];
        for (name, is) in present {
            if is && !allowed.contains(&name) {
                return Err(err(
                    format!("{path}.{name}"),
                    "not used by this kind of deadline",
                ));
            }
        }
        let need = |v: Option<u32>, field: &str, max: u32| -> Result<u32> {
            match v {
                None => Err(err(format!("{path}.{field}"), "missing")),
                Some(n) if (1..=max).contains(&n) => Ok(n),
                Some(n) => Err(err(
                    format!("{path}.{field}"),
                    format!("must be between 1 and {max}, got {n}"),
                )),
            }
        };
        let inclusive = || {
            d.first_day_inclusive
                .ok_or_else(|| err(format!("{path}.first_day_inclusive"), "missing"))
        };
        let anchor = d.anchor.unwrap_or_default();
        Ok(match d.kind {
            DeadlineKind::Hours => DeadlineSpec::Hours {
                hours: need(d.hours, "hours", MAX_HOURS)?,
                anchor,
            },
            DeadlineKind::CalendarDays => {
                let days = need(d.days, "days", MAX_DAYS)?;
                let roll = d
                    .roll_forward
                    .as_deref()
                    .map(|n| self.calendar(n, &format!("{path}.roll_forward")))
                    .transpose()?;
                DeadlineSpec::CalendarDays {
                    days,
                    inclusive: inclusive()?,
                    roll,
                    anchor,
                }
            }
            DeadlineKind::BusinessDays => {
                let days = need(d.days, "days", MAX_DAYS)?;
                let Some(name) = d.calendar.as_deref() else {
                    return Err(err(format!("{path}.calendar"), "missing"));
                };
                DeadlineSpec::BusinessDays {
                    days,
                    cal: self.calendar(name, &format!("{path}.calendar"))?,
                    anchor,
                }
            }
            DeadlineKind::Window => {
                let target = need(d.target_days, "target_days", MAX_DAYS)?;
                let latest = need(d.latest_days, "latest_days", MAX_DAYS)?;
                if target > latest {
                    return Err(err(
                        format!("{path}.latest_days"),
                        "must not be earlier than target_days",
                    ));
                }
                DeadlineSpec::Window {
                    target,
                    latest,
                    inclusive: inclusive()?,
                    anchor,
                }
            }
            DeadlineKind::DaysAfterYearEnd => DeadlineSpec::DaysAfterYearEnd {
                days: need(d.days, "days", MAX_DAYS)?,
            },
            DeadlineKind::WithoutUndueDelay => DeadlineSpec::WithoutUndueDelay,
            DeadlineKind::AfterObligation => {
                let days = need(d.days, "days", MAX_DAYS)?;
                let Some(name) = d.obligation.as_deref() else {
                    return Err(err(format!("{path}.obligation"), "missing"));
                };
                let cal = d
                    .calendar
                    .as_deref()
                    .map(|n| self.calendar(n, &format!("{path}.calendar")))
                    .transpose()?;
                // Resolved to a group index once every rule is known (`resolve_after`).
                self.after_refs
                    .push((name.to_string(), format!("{path}.obligation")));
                DeadlineSpec::AfterObligation {
                    target: self.after_refs.len() - 1,
                    days,
                    cal,
                }
            }
        })
    }

    fn conds(&mut self, list: &[CondDoc], path: &str) -> Result<Vec<Cond>> {
        let mut out = Vec::with_capacity(list.len());
        for (i, c) in list.iter().enumerate() {
            let p = format!("{path}[{i}]");
            if !is_rule_id(&c.id) {
                return Err(err(
                    format!("{p}.id"),
                    "ids use lower-case letters, digits, `.`, `_`, `-`",
                ));
            }
            out.push(Cond {
                when: self.pred(&c.when, &format!("{p}.when"))?,
                reason: self.template(&c.reason, &format!("{p}.reason"))?,
                reason_unknown: self
                    .opt_template(&c.reason_unknown, &format!("{p}.reason_unknown"))?,
                reason_false: self.opt_template(&c.reason_false, &format!("{p}.reason_false"))?,
            });
        }
        Ok(out)
    }

    fn rule(&mut self, r: &RuleDoc, path: &str) -> Result<Rule> {
        if !is_rule_id(&r.id) {
            return Err(err(
                format!("{path}.id"),
                "ids use lower-case letters, digits, `.`, `_`, `-` (at most 64)",
            ));
        }
        if !is_code(&r.jurisdiction) {
            return Err(err(
                format!("{path}.jurisdiction"),
                "expected a jurisdiction code (A-Z, 0-9, -)",
            ));
        }
        let zone = match (&r.offset, &r.zone) {
            (Some(o), None) => Zone::Fixed(parse_offset(o).ok_or_else(|| {
                err(
                    format!("{path}.offset"),
                    format!("expected a UTC offset like +09:00, got `{o}`"),
                )
            })?),
            (None, Some(z)) => Zone::Iana(z.parse::<chrono_tz::Tz>().map_err(|_| {
                err(
                    format!("{path}.zone"),
                    format!("unknown IANA time zone `{z}` (e.g. `America/New_York`)"),
                )
            })?),
            (Some(_), Some(_)) => {
                return Err(err(
                    format!("{path}.zone"),
                    "give `offset` or `zone`, not both",
                ));
            }
            (None, None) => {
                return Err(err(
                    format!("{path}.offset"),
                    "missing (give a UTC `offset` like +09:00 or an IANA `zone`)",
                ));
            }
        };
        if let (Some(f), Some(t)) = (r.effective_from, r.effective_to)
            && f >= t
        {
            return Err(err(
                format!("{path}.effective_to"),
                "must be after effective_from",
            ));
        }
        if r.basis.trim().is_empty() {
            return Err(err(format!("{path}.basis"), "empty legal basis"));
        }
        let mut overrides = Vec::with_capacity(r.overrides.len());
        for (i, o) in r.overrides.iter().enumerate() {
            let p = format!("{path}.overrides[{i}]");
            let sole_trigger = match &o.sole_trigger {
                None => None,
                Some(id) => Some(r.triggers.iter().position(|t| &t.id == id).ok_or_else(|| {
                    err(
                        format!("{p}.sole_trigger"),
                        format!("no trigger `{id}` in this rule"),
                    )
                })?),
            };
            overrides.push(Override {
                when: self.pred(&o.when, &format!("{p}.when"))?,
                deadline: self.deadline(&o.deadline, &format!("{p}.deadline"))?,
                due_key: 0,
                reason: self.template(&o.reason, &format!("{p}.reason"))?,
                sole_trigger,
            });
        }
        let notes = r
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let p = format!("{path}.notes[{i}]");
                Ok(match n {
                    NoteDoc::Plain(t) => Note {
                        when: None,
                        text: self.template(t, &p)?,
                    },
                    NoteDoc::When(w) => Note {
                        when: Some(self.pred(&w.when, &format!("{p}.when"))?),
                        text: self.template(&w.text, &format!("{p}.text"))?,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Rule {
            id: r.id.clone(),
            jurisdiction: r.jurisdiction.clone(),
            recipient: r.recipient,
            zone,
            from: r.effective_from,
            to: r.effective_to,
            from_ts: r.effective_from.map(|d| zone.midnight_ts(d)),
            to_ts: r.effective_to.map(|d| zone.midnight_ts(d)),
            scope: self.pred(&r.scope, &format!("{path}.scope"))?,
            scope_reason: self.opt_template(&r.scope_reason, &format!("{path}.scope_reason"))?,
            triggers: self.conds(&r.triggers, &format!("{path}.triggers"))?,
            no_trigger_reason: self
                .opt_template(&r.no_trigger_reason, &format!("{path}.no_trigger_reason"))?,
            exemptions: self.conds(&r.exemptions, &format!("{path}.exemptions"))?,
            // Set when the pack's nodes are built (`compile_pack`).
            trigger_node: None,
            exemption_node: None,
            deadline: self.deadline(&r.deadline, &format!("{path}.deadline"))?,
            due_key: 0,
            overrides,
            basis: r.basis.clone(),
            verification: r.verification,
            notes,
            report_draft: r.report_draft,
            plan: super::plan::PlanKey::of(&r.id, &r.jurisdiction, r.recipient, zone),
            text: super::plan::rule_text(&r.id, &r.jurisdiction, &r.basis, zone),
            json: super::json_out::RuleJson::new(
                &r.id,
                &r.jurisdiction,
                r.recipient,
                &r.basis,
                r.verification,
            ),
        })
    }
}

/// Unix timestamp of 00:00 local time on `d` in `offset`.
fn midnight_ts(d: NaiveDate, offset: FixedOffset) -> i64 {
    d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - i64::from(offset.local_minus_utc())
}

/// Number the distinct (deadline, zone) pairs of the rules and their overrides (`due_key`):
/// the engine's per-request memo of computed deadlines finds an entry by this number instead
/// of comparing deadline specs and zones (a US-unknown request decides ≈ 110 state rules over
/// ≈ 37 distinct pairs).
fn number_dues(groups: &mut [Vec<Rule>]) {
    let mut seen: Vec<(DeadlineSpec, Zone)> = Vec::new();
    let mut key = |spec: DeadlineSpec, zone: Zone| match seen
        .iter()
        .position(|&(s, z)| s == spec && z == zone)
    {
        Some(k) => k,
        None => {
            seen.push((spec, zone));
            seen.len() - 1
        }
    };
    for r in groups.iter_mut().flatten() {
        r.due_key = key(r.deadline, r.zone);
        for o in &mut r.overrides {
            o.due_key = key(o.deadline, r.zone);
        }
    }
}

/// Replace each `after_obligation` deadline's reference (an index into `refs`) by the index of
/// the group it names; an unknown id, or a rule counting from itself, is an error.
fn resolve_after(groups: &mut [Vec<Rule>], refs: &[(String, String)]) -> Result<()> {
    if refs.is_empty() {
        return Ok(());
    }
    let mut map = Vec::with_capacity(refs.len());
    for (name, path) in refs {
        let g = groups
            .iter()
            .position(|g| g[0].id == *name)
            .ok_or_else(|| err(path, format!("no rule `{name}` in this pack")))?;
        map.push(g);
    }
    for (gi, g) in groups.iter_mut().enumerate() {
        for r in g.iter_mut() {
            let specs = std::iter::once(&mut r.deadline)
                .chain(r.overrides.iter_mut().map(|o| &mut o.deadline));
            for spec in specs {
                if let DeadlineSpec::AfterObligation { target, .. } = spec {
                    let (name, path) = &refs[*target];
                    *target = map[*target];
                    if *target == gi {
                        return Err(err(
                            path,
                            format!("rule `{name}` cannot count from its own completion"),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

fn compile_pack(doc: PackDoc) -> Result<RulePack> {
    if doc.schema != RULE_PACK_SCHEMA {
        return Err(err(
            "schema",
            format!("expected `{RULE_PACK_SCHEMA}`, got `{}`", doc.schema),
        ));
    }
    if doc.id.trim().is_empty() {
        return Err(err("id", "empty pack id"));
    }
    if doc.version.trim().is_empty() {
        return Err(err("version", "empty pack version"));
    }
    if doc.rules.is_empty() {
        return Err(err("rules", "a pack needs at least one rule"));
    }
    for name in doc.calendars.keys() {
        if BUILTIN_CALENDARS.contains(&name.as_str()) || !is_rule_id(name) {
            return Err(err(
                format!("calendars.{name}"),
                "calendar names use lower-case letters, digits, `.`, `_`, `-` and may not shadow a built-in calendar",
            ));
        }
    }
    for (name, members) in &doc.jurisdiction_groups {
        if !is_code(name) {
            return Err(err(
                format!("jurisdiction_groups.{name}"),
                "group names are jurisdiction codes (A-Z, 0-9, -)",
            ));
        }
        if members.is_empty() {
            return Err(err(format!("jurisdiction_groups.{name}"), "empty group"));
        }
        for (i, m) in members.iter().enumerate() {
            if !is_code(m) {
                return Err(err(
                    format!("jurisdiction_groups.{name}[{i}]"),
                    "expected a jurisdiction code (A-Z, 0-9, -)",
                ));
            }
        }
    }
    let mut ctx = Ctx {
        compiler: Compiler {
            groups: doc.jurisdiction_groups.clone(),
            ..Compiler::default()
        },
        calendar_names: &doc.calendars,
        preds: Vec::new(),
        after_refs: Vec::new(),
        template_keys: std::collections::HashMap::new(),
    };
    let mut groups: Vec<Vec<Rule>> = Vec::new();
    for (i, r) in doc.rules.iter().enumerate() {
        let path = format!("rules[{i}]");
        let rule = ctx.rule(r, &path)?;
        match groups.iter_mut().find(|g| g[0].id == rule.id) {
            Some(g) => {
                let first = &g[0];
                if first.jurisdiction != rule.jurisdiction || first.recipient != rule.recipient {
                    return Err(err(
                        format!("{path}.id"),
                        format!(
                            "rule `{}` is defined again with another jurisdiction or recipient",
                            rule.id
                        ),
                    ));
                }
                g.push(rule);
            }
            None => groups.push(vec![rule]),
        }
    }
    resolve_after(&mut groups, &ctx.after_refs)?;
    number_dues(&mut groups);
    let count_slots = ctx.compiler.count_slots;
    let plan = super::plan::link(&mut groups, &count_slots);
    let preds: Vec<Pred> = ctx.preds.into_iter().map(|(_, p)| p).collect();
    let index = Some(RuleIndex::build(&groups, &preds, &count_slots));
    // Each rule's triggers and exemptions as one shared node each.
    let lists: Vec<Vec<usize>> = groups
        .iter()
        .flatten()
        .flat_map(|r| {
            [
                r.triggers.iter().map(|c| c.when).collect(),
                r.exemptions.iter().map(|c| c.when).collect(),
            ]
        })
        .collect();
    let list_refs: Vec<&[usize]> = lists.iter().map(Vec::as_slice).collect();
    let (pred_nodes, anys) = PredNodes::build(&preds, &list_refs);
    for (r, pair) in groups.iter_mut().flatten().zip(anys.chunks(2)) {
        r.trigger_node = pair[0];
        r.exemption_node = pair[1];
    }
    let mut jurisdictions: Vec<String> = groups
        .iter()
        .flatten()
        .map(|r| r.jurisdiction.clone())
        .collect();
    jurisdictions.sort_unstable();
    jurisdictions.dedup();
    Ok(RulePack {
        index,
        pred_nodes,
        #[cfg(test)]
        preds,
        jurisdictions,
        rules_version_text: AnswerText::shared(&format!("{}@{}", doc.id, doc.version)),
        rules_version: format!("{}@{}", doc.id, doc.version),
        id: doc.id,
        version: doc.version,
        groups,
        person_sels: PersonSelectors::build(&count_slots),
        count_slots,
        plan,
        calendars: doc.calendars.into_values().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drift check of the embedded, minified pack: the same document as `rules/default.json`,
    /// byte for byte apart from the whitespace between tokens.
    #[test]
    fn minified_default_pack_is_the_same_document() {
        let full: serde_json::Value = serde_json::from_str(DEFAULT_PACK_JSON).unwrap();
        let min: serde_json::Value = serde_json::from_str(DEFAULT_PACK_MIN).unwrap();
        assert_eq!(full, min);
        assert!(
            DEFAULT_PACK_MIN.len() * 10 < DEFAULT_PACK_JSON.len() * 8,
            "not minified"
        );
        assert!(!DEFAULT_PACK_MIN.contains("\n  "));
        // Strings keep their spaces (only the whitespace between tokens goes).
        assert!(
            DEFAULT_PACK_MIN.contains("\"description\":\"mamori's default breach-report rules.")
        );
    }

    /// The embedded, compressed pack inflates to exactly the minified text, and is several
    /// times smaller.
    #[test]
    fn compressed_default_pack_inflates_to_the_minified_text() {
        assert_eq!(default_pack_text(), DEFAULT_PACK_MIN);
        assert!(
            DEFAULT_PACK_ZLIB.len() * 5 < DEFAULT_PACK_MIN.len(),
            "{} compressed bytes for {}",
            DEFAULT_PACK_ZLIB.len(),
            DEFAULT_PACK_MIN.len()
        );
    }

    #[test]
    fn default_pack_shares_predicates() {
        let p = default_pack_ref();
        let rules: usize = p.groups.iter().map(Vec::len).sum();
        let doc: serde_json::Value = serde_json::from_str(DEFAULT_PACK_JSON).unwrap();
        let entries = doc["rules"].as_array().unwrap();
        assert_eq!(rules, entries.len());
        // Identical predicates are stored once (and so evaluated once per request). The
        // predicates of the first 50 entries (JP, EU, UK, KR, SG, AU, CA/NY/TX, HIPAA, IN: the
        // regimes before the US state rules, each of which has its own count fact) fit the
        // per-request memo (the first 64 predicates).
        let early: Vec<&str> = entries[..50]
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        for r in p.groups.iter().flatten() {
            if early.contains(&r.id.as_str()) {
                let mut ps = vec![r.scope];
                ps.extend(r.triggers.iter().chain(&r.exemptions).map(|c| c.when));
                assert!(ps.iter().all(|&i| i < 64), "{}: {ps:?}", r.id);
            }
        }
        assert!(p.preds.len() < rules * 3);
        assert_eq!(p.obligation_ids().len(), p.groups.len());
    }

    #[test]
    fn texts_may_be_given_per_language() {
        let pack = |reason: &str| {
            RulePack::from_json(&format!(
                r#"{{"schema": "mamori.rulepack.v1", "id": "t", "version": "1",
                  "rules": [{{"id": "t.r", "jurisdiction": "JP", "recipient": "controller",
                    "offset": "+09:00", "scope": {{"const": true}},
                    "triggers": [{{"id": "a", "when": {{"const": true}}, "reason": {reason}}}],
                    "deadline": {{"kind": "hours", "hours": 24}},
                    "basis": "b", "verification": "confirmed"}}]}}"#
            ))
        };
        assert!(
            pack(r#"{"en": "{data.persons.*} persons", "ja": "本人の数 {data.persons.*}"}"#)
                .is_ok()
        );
        assert!(pack(r#""plain""#).is_ok());
        // English is the fallback, so it is required; unknown languages are refused.
        assert!(pack(r#"{"ja": "日本語のみ"}"#).is_err());
        assert!(pack(r#"{"en": "a", "ja": "b", "xx": "c"}"#).is_err());
        // Placeholders are checked in every language.
        assert!(pack(r#"{"en": "ok", "ja": "{no.such.fact}"}"#).is_err());
    }

    #[test]
    fn more_than_64_person_count_facts_keep_their_missing_facts() {
        let rules: Vec<String> = (0..100)
            .map(|i| {
                format!(
                    r#"{{"id": "t.r{i}", "jurisdiction": "AQ-{i}", "recipient": "regulator",
                      "offset": "+00:00", "scope": {{"fact": "data.persons.AQ-{i}", "gt": 0}},
                      "deadline": {{"kind": "hours", "hours": 72}},
                      "basis": "b", "verification": "unverified"}}"#
                )
            })
            .collect();
        let pack = RulePack::from_json(&format!(
            r#"{{"schema": "mamori.rulepack.v1", "id": "t", "version": "1", "rules": [{}]}}"#,
            rules.join(",")
        ))
        .unwrap();
        assert_eq!(pack.count_slots.len(), 100);
        let req = crate::breach::parse_request(
            r#"{"schema": "mamori.assess.v1",
              "organisation": {"type": "business", "role": "controller", "established_in": ["JP"]},
              "incident": {"kind": "loss", "aware_at": "2026-12-03T10:15:00+09:00"},
              "data": {"persons": {"AQ-99": null, "AQ-3": 5}}}"#,
        )
        .unwrap();
        let a = pack.assess(&req).unwrap();
        let status = |id: &str| {
            a.obligations
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.status)
                .unwrap()
        };
        use crate::breach::ObligationStatus;
        assert_eq!(status("t.r99"), ObligationStatus::Possible);
        assert_eq!(status("t.r3"), ObligationStatus::Required);
        assert!(
            a.missing_facts.iter().any(|f| f == "data.persons.AQ-99"),
            "{:?}",
            a.missing_facts
        );
    }
}
