//! A direct JSON writer for [`Assessment`], byte-for-byte identical to
//! `serde_json::to_string(&assessment)` (checked by the property tests), but several times
//! faster: the pack's constant text (each rule's obligation head and basis, every reason
//! template's literal text) is escaped once when the pack is loaded ([`RuleJson`],
//! `Template::esc`) and copied; only the request's facts and the plan's texts are escaped where
//! they are written, eight bytes per step, runs without escapes copied whole.

use super::assessment::{
    Assessment, Due, DueStatus, JpReportDraft, Obligation, ObligationStatus, Recipient,
    Verification,
};
use super::assume::Assumption;
use super::plan::{PlanView, ResponsePlan};

/// Serialise `a` exactly as `serde_json::to_string` would.
#[cfg(test)]
pub(crate) fn assessment_to_json(a: &Assessment) -> String {
    let mut out = String::with_capacity(8192);
    assessment_into(&mut out, a);
    out
}

/// [`assessment_to_json`], appending to `out`.
pub(crate) fn assessment_into(out: &mut String, a: &Assessment) {
    head(out, &a.schema, &a.rules_version);
    for (i, o) in a.obligations.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        obligation(out, o);
    }
    tail(
        out,
        &a.missing_facts,
        a.jp_report_draft.as_ref(),
        a.plan.as_ref().map(Plan::Typed),
        &a.assumptions,
        &a.uncovered,
    );
}

/// The assessment up to the opening bracket of `obligations`.
pub(crate) fn head(out: &mut String, schema: &str, rules_version: &str) {
    out.push_str("{\"schema\":");
    string(out, schema);
    out.push_str(",\"rules_version\":");
    string(out, rules_version);
    out.push_str(",\"obligations\":[");
}

/// The plan of an answer: the typed one (serde writes it) or the engine's borrowed view
/// (written here, byte for byte as serde writes the typed plan).
pub(crate) enum Plan<'p, 'a> {
    Typed(&'p ResponsePlan),
    View(&'p PlanView<'a>),
}

/// The assessment from the closing bracket of `obligations` to the end.
pub(crate) fn tail(
    out: &mut String,
    missing_facts: &[String],
    jp_report_draft: Option<&JpReportDraft>,
    plan: Option<Plan<'_, '_>>,
    assumptions: &[Assumption],
    uncovered: &[super::UncoveredPersons],
) {
    out.push_str("],\"missing_facts\":");
    strings(out, missing_facts);
    if let Some(d) = jp_report_draft {
        out.push_str(",\"jp_report_draft\":");
        draft(out, d);
    }
    match plan {
        Some(Plan::Typed(p)) => {
            out.push_str(",\"plan\":");
            out.push_str(&serde_json::to_string(p).unwrap_or_else(|_| "null".into()));
        }
        Some(Plan::View(p)) => {
            out.push_str(",\"plan\":");
            plan_view(out, p);
        }
        None => {}
    }
    // The assumptions are small and rare: serde writes them.
    if !assumptions.is_empty() {
        out.push_str(",\"assumptions\":");
        out.push_str(&serde_json::to_string(assumptions).unwrap_or_else(|_| "[]".into()));
    }
    // Rare too (a key no rule covers): serde writes them.
    if !uncovered.is_empty() {
        out.push_str(",\"uncovered\":");
        out.push_str(&serde_json::to_string(uncovered).unwrap_or_else(|_| "[]".into()));
    }
    out.push('}');
}

/// The fields of an obligation before its reasons.
pub(crate) struct ObligationHead<'a> {
    pub id: &'a str,
    pub jurisdiction: &'a str,
    pub recipient: Recipient,
    pub status: ObligationStatus,
    pub due: &'a Due,
    pub basis: &'a str,
    pub verification: Verification,
}

fn obligation(out: &mut String, o: &Obligation) {
    obligation_head(
        out,
        ObligationHead {
            id: &o.id,
            jurisdiction: &o.jurisdiction,
            recipient: o.recipient,
            status: o.status,
            due: &o.due,
            basis: &o.basis,
            verification: o.verification,
        },
    );
    for (i, r) in o.reasons.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, r);
    }
    out.push(']');
    if let Some(t) = o.timing {
        timing(out, t);
    }
    out.push('}');
}

/// An obligation's `timing` member (after its `reasons`).
pub(crate) fn timing(out: &mut String, t: DueStatus) {
    out.push_str(",\"timing\":\"");
    out.push_str(match t {
        DueStatus::NotApplicable => "not_applicable",
        DueStatus::OnTrack => "on_track",
        DueStatus::DueSoon => "due_soon",
        DueStatus::TargetPassed => "target_passed",
        DueStatus::Overdue => "overdue",
        DueStatus::Immediate => "immediate",
    });
    out.push('"');
}

/// An obligation object up to the opening bracket of its `reasons` (the caller writes the
/// reasons, the closing bracket, `timing` if any and the closing brace).
pub(crate) fn obligation_head(out: &mut String, o: ObligationHead<'_>) {
    head_before_status(out, o.id, o.jurisdiction, o.recipient);
    status_and_due(out, o.status, o.due);
    head_from_basis(out, o.basis, o.verification);
}

/// The constant JSON of a rule's obligation object, written once when the pack is loaded:
/// an answer copies these bytes instead of escaping the rule's id, jurisdiction and basis
/// again for every obligation.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleJson {
    /// `{"id":…,"jurisdiction":…,"recipient":"…","status":"`
    head: Box<str>,
    /// `,"basis":…,"verification":"…","reasons":[`
    basis: Box<str>,
}

impl RuleJson {
    pub(crate) fn new(
        id: &str,
        jurisdiction: &str,
        recipient: Recipient,
        basis: &str,
        verification: Verification,
    ) -> Self {
        let mut head = String::new();
        head_before_status(&mut head, id, jurisdiction, recipient);
        let mut b = String::new();
        head_from_basis(&mut b, basis, verification);
        RuleJson {
            head: head.into_boxed_str(),
            basis: b.into_boxed_str(),
        }
    }

    /// The constant bytes of the obligation objects of this rule (bases are the longest).
    pub(crate) fn len(&self) -> usize {
        self.head.len() + self.basis.len()
    }
}

/// [`obligation_head`] from a rule's pre-rendered [`RuleJson`]: the same bytes.
pub(crate) fn obligation_head_of(
    out: &mut String,
    j: &RuleJson,
    status: ObligationStatus,
    due: &Due,
) {
    out.push_str(&j.head);
    status_and_due(out, status, due);
    out.push_str(&j.basis);
}

/// `{"id":…,"jurisdiction":…,"recipient":"…","status":"`
fn head_before_status(out: &mut String, id: &str, jurisdiction: &str, recipient: Recipient) {
    out.push_str("{\"id\":");
    string(out, id);
    out.push_str(",\"jurisdiction\":");
    string(out, jurisdiction);
    out.push_str(",\"recipient\":\"");
    out.push_str(recipient_str(recipient));
    out.push_str("\",\"status\":\"");
}

/// `,"basis":…,"verification":"…","reasons":[`
fn head_from_basis(out: &mut String, basis: &str, verification: Verification) {
    out.push_str(",\"basis\":");
    string(out, basis);
    out.push_str(",\"verification\":\"");
    out.push_str(match verification {
        Verification::Confirmed => "confirmed",
        Verification::Unverified => "unverified",
    });
    out.push_str("\",\"reasons\":[");
}

/// The status (its opening quote already written), then `","due":{…}`.
fn status_and_due(out: &mut String, status: ObligationStatus, due: &Due) {
    out.push_str(status_str(status));
    out.push_str("\",\"due\":");
    match due {
        Due::Deadline { at } => {
            out.push_str("{\"kind\":\"deadline\",\"at\":\"");
            time(out, at);
            out.push_str("\"}");
        }
        Due::Window { target, latest } => {
            out.push_str("{\"kind\":\"window\",\"target\":\"");
            time(out, target);
            out.push_str("\",\"latest\":\"");
            time(out, latest);
            out.push_str("\"}");
        }
        Due::WithoutUndueDelay => out.push_str("{\"kind\":\"without_undue_delay\"}"),
        Due::AfterObligation {
            obligation,
            days,
            business_days,
            done_at,
            latest,
        } => {
            out.push_str("{\"kind\":\"after_obligation\",\"obligation\":");
            string(out, obligation);
            out.push_str(",\"days\":");
            out.push_str(&days.to_string());
            out.push_str(if *business_days {
                ",\"business_days\":true"
            } else {
                ",\"business_days\":false"
            });
            if let Some(d) = done_at {
                out.push_str(",\"done_at\":\"");
                time(out, d);
                out.push('"');
            }
            match latest {
                Some(l) => {
                    out.push_str(",\"latest\":\"");
                    time(out, l);
                    out.push_str("\"}");
                }
                None => out.push_str(",\"latest\":null}"),
            }
        }
    }
}

fn recipient_str(r: Recipient) -> &'static str {
    match r {
        Recipient::Regulator => "regulator",
        Recipient::Individuals => "individuals",
        Recipient::Controller => "controller",
        Recipient::Public => "public",
        Recipient::Internal => "internal",
    }
}

fn status_str(s: ObligationStatus) -> &'static str {
    match s {
        ObligationStatus::Required => "required",
        ObligationStatus::Possible => "possible",
        ObligationStatus::NotRequired => "not_required",
    }
}

fn push_u32(out: &mut String, n: u32) {
    super::engine::push_u64(out, u64::from(n));
}

/// A [`PlanView`] exactly as serde writes the [`ResponsePlan`] it stands for: the pack's texts
/// (group heads, rule ids, jurisdictions, zones) were made JSON when the pack was loaded and
/// are copied; the titles, summary and settle texts are written into one scratch string and
/// escaped from there.
fn plan_view(out: &mut String, p: &PlanView<'_>) {
    let mut scratch = String::with_capacity(256);
    out.push_str("{\"lang\":\"");
    out.push_str(p.lang.code());
    out.push_str("\",\"summary\":");
    p.push_summary(&mut scratch);
    string(out, &scratch);
    out.push_str(",\"groups\":[");
    for (i, g) in p.groups().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(g.json_head());
        out.push_str(status_str(g.status()));
        out.push_str("\",\"title\":");
        scratch.clear();
        g.push_title(&mut scratch);
        string(out, &scratch);
        out.push_str(",\"required\":");
        push_u32(out, g.required());
        out.push_str(",\"possible\":");
        push_u32(out, g.possible());
        out.push_str(",\"jurisdictions\":");
        g.write_jurisdictions(out);
        out.push_str(",\"rules\":");
        g.write_rules(out);
        if let Some(d) = g.due() {
            out.push_str(",\"due\":{\"rule\":");
            out.push_str(d.key.id_json());
            out.push_str(",\"jurisdiction\":");
            out.push_str(d.key.jur_json());
            out.push_str(",\"at\":\"");
            time(out, &d.at);
            out.push('"');
            if let Some(l) = &d.latest {
                out.push_str(",\"latest\":\"");
                time(out, l);
                out.push('"');
            }
            out.push_str(",\"zone\":");
            out.push_str(d.key.zone_json());
            out.push('}');
        }
        out.push_str(if g.without_undue_delay() {
            ",\"without_undue_delay\":true"
        } else {
            ",\"without_undue_delay\":false"
        });
        out.push_str(",\"settle\":[");
        for (k, f) in g.facts().enumerate() {
            if k > 0 {
                out.push(',');
            }
            f.write_text_json(out, p.lang, &mut scratch);
        }
        out.push_str("],\"missing_facts\":[");
        for (k, f) in g.facts().enumerate() {
            if k > 0 {
                out.push(',');
            }
            f.write_path_json(out, &mut scratch);
        }
        out.push_str("]}");
    }
    out.push_str("],\"not_required\":");
    push_u32(out, p.not_required);
    out.push('}');
}

/// chrono's serde format: RFC 3339, automatic fractional seconds (3, 6 or 9 digits), `Z`
/// for UTC — written directly without a temporary string; chrono's own formatter for the rare
/// cases this does not cover (years outside 0–9999, leap seconds, second-level offsets).
fn time(out: &mut String, t: &chrono::DateTime<chrono::FixedOffset>) {
    rfc3339(out, t, true);
}

/// `t` as `to_rfc3339_opts(SecondsFormat::AutoSi, use_z)` writes it (`use_z = false`:
/// `DateTime::to_rfc3339`), without `core::fmt` in the common case.
pub(crate) fn rfc3339(out: &mut String, t: &chrono::DateTime<chrono::FixedOffset>, use_z: bool) {
    use chrono::{Datelike, Timelike};
    let local = t.naive_local();
    let nanos = local.nanosecond();
    let off = t.offset().local_minus_utc();
    if !(0..=9999).contains(&local.year()) || nanos >= 1_000_000_000 || off % 60 != 0 {
        out.push_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, use_z));
        return;
    }
    fn digits(out: &mut String, v: u32, n: u32) {
        let mut p = 10u32.pow(n - 1);
        while p > 0 {
            out.push(char::from(b'0' + (v / p % 10) as u8));
            p /= 10;
        }
    }
    digits(out, local.year() as u32, 4);
    out.push('-');
    digits(out, local.month(), 2);
    out.push('-');
    digits(out, local.day(), 2);
    out.push('T');
    digits(out, local.hour(), 2);
    out.push(':');
    digits(out, local.minute(), 2);
    out.push(':');
    digits(out, local.second(), 2);
    if nanos != 0 {
        out.push('.');
        if nanos.is_multiple_of(1_000_000) {
            digits(out, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            digits(out, nanos / 1_000, 6);
        } else {
            digits(out, nanos, 9);
        }
    }
    if off == 0 && use_z {
        out.push('Z');
    } else {
        out.push(if off < 0 { '-' } else { '+' });
        let m = off.unsigned_abs() / 60;
        digits(out, m / 60, 2);
        out.push(':');
        digits(out, m % 60, 2);
    }
}

/// `{"number":…,"key":…,"label_ja":…,"value":` of a report draft item.
fn draft_item_head(out: &mut String, number: u8, key: &str, label: &str) {
    out.push_str("{\"number\":");
    super::engine::push_u64(out, u64::from(number));
    out.push_str(",\"key\":");
    string(out, key);
    out.push_str(",\"label_ja\":");
    string(out, label);
    out.push_str(",\"value\":");
}

/// [`draft_item_head`] of the nine items every draft has, written once.
static DRAFT_HEADS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    (1u8..)
        .zip(super::engine::ITEMS)
        .map(|(n, (key, label))| {
            let mut s = String::new();
            draft_item_head(&mut s, n, key, label);
            s
        })
        .collect()
});

fn draft(out: &mut String, d: &JpReportDraft) {
    out.push_str("{\"items\":[");
    for (i, it) in d.items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match (DRAFT_HEADS.get(i), super::engine::ITEMS.get(i)) {
            (Some(head), Some(&(key, label)))
                if usize::from(it.number) == i + 1 && it.key == key && it.label_ja == label =>
            {
                out.push_str(head);
            }
            _ => draft_item_head(out, it.number, &it.key, &it.label_ja),
        }
        match &it.value {
            Some(v) => string(out, v),
            None => out.push_str("null"),
        }
        out.push('}');
    }
    out.push_str("],\"empty_items\":");
    strings(out, &d.empty_items);
    out.push_str(",\"final_report_complete\":");
    out.push_str(if d.final_report_complete {
        "true"
    } else {
        "false"
    });
    out.push_str(",\"individual_notice_empty_items\":");
    strings(out, &d.individual_notice_empty_items);
    out.push('}');
}

fn strings<S: AsRef<str>>(out: &mut String, list: &[S]) {
    strings_of(out, list.iter().map(AsRef::as_ref));
}

/// A JSON array of the strings `list`.
fn strings_of<'s>(out: &mut String, list: impl Iterator<Item = &'s str>) {
    out.push('[');
    for (i, s) in list.enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, s);
    }
    out.push(']');
}

/// The bytes of `x` (eight input bytes, the first in the lowest byte) that JSON must escape
/// — a control character, `"` or `\\` — as high bits (SWAR). The lowest set bit is exact:
/// a borrow can only mark bytes after a marked one, so the first marked byte is the first
/// byte to escape.
fn escape_mask(x: u64) -> u64 {
    const LO: u64 = u64::from_le_bytes([0x01; 8]);
    const HI: u64 = u64::from_le_bytes([0x80; 8]);
    const QUOTE: u64 = u64::from_le_bytes([b'"'; 8]);
    const BACKSLASH: u64 = u64::from_le_bytes([b'\\'; 8]);
    const SPACE: u64 = u64::from_le_bytes([0x20; 8]);
    let q = x ^ QUOTE;
    let b = x ^ BACKSLASH;
    // `v - LO & !v` marks a zero byte of `v`; `x - SPACE & !x` a byte of `x` below 0x20.
    ((x.wrapping_sub(SPACE) & !x) | (q.wrapping_sub(LO) & !q) | (b.wrapping_sub(LO) & !b)) & HI
}

/// The index of the first byte at or after `from` that JSON must escape (`bytes.len()` if
/// none): eight bytes per step, the last `len % 8` one by one.
fn next_escape(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(w) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let m = escape_mask(u64::from_le_bytes(word));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b < 0x20 || b == b'"' || b == b'\\' {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// Write `s` as a JSON string with serde_json's escaping rules: the runs between escapes are
/// found eight bytes at a time and copied whole. (Was a byte-wise "needs escaping?" pass,
/// then, for a string that did — most reasons quote something — a byte-wise copy loop:
/// ≈ 64k instructions of a 14.8 KB lost-phone answer; a word-wise check alone was slower, 72k.)
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    escaped(out, s);
    out.push('"');
}

/// Whether any byte of `bytes` must be escaped in a JSON string.
pub(crate) fn needs_escape(bytes: &[u8]) -> bool {
    next_escape(bytes, 0) < bytes.len()
}

/// `s` escaped as the inside of a JSON string (no quotes). Escaping works character by
/// character, so the escapes of two strings joined are the two escapes joined: text escaped
/// once when the pack is loaded can be copied into an answer beside text escaped there.
pub(crate) fn escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let j = next_escape(bytes, start);
        // `j` is at an ASCII byte or the end: a char boundary.
        out.push_str(&s[start..j]);
        let Some(&b) = bytes.get(j) else {
            break;
        };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        start = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_assessments_match_serde_json() {
        let req = r#"{"schema":"mamori.assess.v1",
          "organisation":{"type":"business","role":"controller","established_in":["JP","EU","UK"]},
          "incident":{"kind":"theft","aware_at":"2026-12-03T10:15:00.250+09:00","recovered_unviewed":null},
          "data":{"persons":{"JP":1200,"EU":null,"UK":3},"sensitive":null,"risk":null,
                  "protection":{"algorithm":"AES-256-GCM","key_separated":null}},
          "report":{"summary":"Lost \"phone\"\n\ttab \u0001 日本語 \\ end","cause":"x"}}"#;
        let r = crate::breach::parse_request(req).unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-06T00:00:00Z").unwrap();
        let a = crate::breach::assess_at(&r, now, chrono::Duration::hours(24)).unwrap();
        assert!(a.jp_report_draft.is_some());
        assert_eq!(assessment_to_json(&a), serde_json::to_string(&a).unwrap());
    }

    /// The draft items' heads written once are used only for the standard nine items; an
    /// item that differs (number, key or label) is written from its own fields.
    #[test]
    fn draft_items_match_serde_json_standard_or_not() {
        let req = r#"{"schema":"mamori.assess.v1",
          "organisation":{"type":"business","role":"controller","established_in":["JP"]},
          "incident":{"kind":"loss","aware_at":"2026-12-03T10:15:00+09:00"},
          "data":{"persons":{"JP":1200},"sensitive":false},
          "report":{"summary":"a \"quoted\" summary"}}"#;
        let r = crate::breach::parse_request(req).unwrap();
        let d = crate::breach::jp_report_draft(&r);
        let json = |d: &JpReportDraft| {
            let mut out = String::new();
            draft(&mut out, d);
            out
        };
        assert_eq!(json(&d), serde_json::to_string(&d).unwrap());
        for i in 0..d.items.len() {
            for change in 0..3 {
                let mut e = d.clone();
                match change {
                    0 => e.items[i].number += 1,
                    1 => e.items[i].key = "k\"ey".into(),
                    _ => e.items[i].label_ja = format!("{}\n", e.items[i].label_ja).into(),
                }
                assert_eq!(json(&e), serde_json::to_string(&e).unwrap(), "{i} {change}");
            }
        }
    }

    #[test]
    fn times_match_chrono() {
        let samples = [
            "2026-12-03T10:15:00+09:00",
            "2026-12-03T10:15:00Z",
            "2026-12-03T10:15:00+00:00",
            "2026-12-03T10:15:00.5+09:00",
            "2026-12-03T10:15:00.25-05:00",
            "2026-12-03T10:15:00.123456+05:30",
            "2026-12-03T10:15:00.123456789-09:30",
            "2026-12-03T10:15:00.000001+14:00",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59.999999999-12:00",
            "2016-12-31T23:59:60+00:00",
        ];
        for t in samples {
            let t = chrono::DateTime::parse_from_rfc3339(t).unwrap();
            let mut out = String::new();
            time(&mut out, &t);
            assert_eq!(
                format!("\"{out}\""),
                serde_json::to_string(&t).unwrap(),
                "{t:?}"
            );
        }
        for t in samples {
            let t = chrono::DateTime::parse_from_rfc3339(t).unwrap();
            let mut out = String::new();
            rfc3339(&mut out, &t, false);
            assert_eq!(out, t.to_rfc3339(), "{t:?}");
        }
        // Second-level offsets (not produced by RFC 3339 input) fall back to chrono.
        let odd = chrono::FixedOffset::east_opt(3_601).unwrap();
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-03T10:15:00Z")
            .unwrap()
            .with_timezone(&odd);
        let mut out = String::new();
        time(&mut out, &t);
        assert_eq!(format!("\"{out}\""), serde_json::to_string(&t).unwrap());
    }

    /// The word-at-a-time scan finds exactly the first byte the byte-wise definition would,
    /// for any byte at any position of the words and of the tail, beside bytes just above the
    /// limits (a borrow from one byte into the next must never make a false or early hit).
    #[test]
    fn next_escape_matches_the_bytewise_definition() {
        let naive = |v: &[u8], from: usize| {
            (from..v.len())
                .find(|&i| v[i] < 0x20 || v[i] == b'"' || v[i] == b'\\')
                .unwrap_or(v.len())
        };
        for fill in [b'x', b' ', b'!', b'#', b'[', b']', 0x80, 0xff] {
            for n in [1usize, 7, 8, 9, 15, 16, 17, 24] {
                for i in 0..n {
                    for b in 0..=255u8 {
                        let mut v = vec![fill; n];
                        v[i] = b;
                        for from in [0, 1, i] {
                            assert_eq!(next_escape(&v, from), naive(&v, from), "{v:?} {from}");
                        }
                        if i + 1 < n {
                            v[i + 1] = 0x1f;
                            assert_eq!(next_escape(&v, 0), naive(&v, 0), "{v:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn strings_match_serde_json() {
        let samples = [
            "",
            "plain ascii text that is longer than eight bytes",
            "quote \" backslash \\ slash / tab \t newline \n cr \r",
            "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}",
            "日本語の文字列 — 高度な暗号化 「速やかに」",
            "mixed 要配慮個人情報 \"quoted\" and \u{2028} line separator",
            "12345678\"",
            "1234567\u{e9}\"x",
        ];
        // Every escape at every position of the 16-byte blocks and of the tail.
        let mut long = Vec::new();
        for n in [1usize, 15, 16, 17, 31, 32, 47] {
            for i in 0..n {
                for c in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                    let mut t: Vec<char> = "x".repeat(n).chars().collect();
                    t[i] = c;
                    long.push(t.into_iter().collect::<String>());
                }
            }
        }
        for s in samples
            .iter()
            .copied()
            .chain(long.iter().map(String::as_str))
        {
            let mut out = String::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }
}
