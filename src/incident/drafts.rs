//! Japanese-first drafts filled from the incident log: the 漏えい等報告 to the 個人情報保護委員会
//! (PPC Rules Art. 8(1), nine items; 速報 and 確報) and the notices (お詫びとお知らせ, HP公表,
//! 問い合わせ窓口の回答, その後の状況報告). Every draft is marked as a draft for a person to edit;
//! the library never sends anything.
//!
//! JSON: `mamori.draft_request.v1` in; `mamori.report_draft.v1` / `mamori.notice_draft.v1` out.

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AccessResult, ChainStatus, DataStorage, Incident, IncidentState, LocateResult, StolenOrDropped,
    assess_request, kind_name, verify,
};
use crate::breach::{
    AssessRequest, Assessment, Count, Due, IncidentKind, ObligationStatus, OrgType, Organisation,
    Protection, Recipient, Role,
};
use crate::device::Device;
use crate::error::Result;
use crate::text::{Lang, fmt_time, t};

mod notice;
pub use notice::notice_draft;

/// Schema tag of [`DraftRequest`].
pub const DRAFT_REQUEST_SCHEMA: &str = "mamori.draft_request.v1";
/// Schema tag of [`ReportDraft`].
pub const REPORT_DRAFT_SCHEMA: &str = "mamori.report_draft.v1";
/// Schema tag of [`NoticeDraft`].
pub const NOTICE_DRAFT_SCHEMA: &str = "mamori.notice_draft.v1";

/// Which report to the regulator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ReportStage {
    /// 速報: what is known so far (items not yet known are marked as under investigation).
    #[default]
    Preliminary,
    /// 確報: complete, or the list of what is still missing.
    Final,
}

/// Which notice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum NoticeKind {
    /// The letter to the affected customers (お詫びとお知らせ).
    #[default]
    CustomerLetter,
    /// The notice on the website (HP公表).
    PublicNotice,
    /// Answers for the inquiry desk (問い合わせ窓口).
    InquiryAnswers,
    /// A follow-up report (その後の状況報告): what is now known to have leaked and what not.
    FollowUp,
}

/// A request for a draft (`schema: "mamori.draft_request.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// Must be `"mamori.draft_request.v1"`.
    pub schema: String,
    /// The incident log.
    pub incident: Incident,
    /// The register's record of the device involved.
    #[serde(default)]
    pub device: Option<Device>,
    /// The assessment to cite (default: the one recorded in the log).
    #[serde(default)]
    pub assessment: Option<Assessment>,
    /// Language of the draft (default `ja`).
    #[serde(default)]
    pub lang: Lang,
    /// For report drafts: 速報 (default) or 確報.
    #[serde(default)]
    pub stage: ReportStage,
    /// For notice drafts: which notice (default the customer letter).
    #[serde(default)]
    pub notice: NoticeKind,
    /// The organisation's name as it signs letters (default a placeholder to fill in).
    #[serde(default)]
    pub organisation_name: Option<String>,
    /// Where the PPC delegated its authority (APPI Art. 150), the 事業所管大臣 to report to,
    /// e.g. `"金融庁長官"`; `null` = the 個人情報保護委員会.
    #[serde(default)]
    pub delegated_to: Option<String>,
    /// How customers reach the inquiry desk (default: the one recorded, or a placeholder).
    #[serde(default)]
    pub inquiry_desk: Option<String>,
    /// The caller's current time (dates the draft; the library never reads the clock).
    pub now: DateTime<FixedOffset>,
}

/// Whether a report item is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ItemStatus {
    /// Filled from the log.
    Filled,
    /// Not yet known (shown as under investigation).
    Missing,
}

/// One of the nine items of PPC Rules Art. 8(1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftItem {
    /// 1–9.
    pub number: u8,
    /// Stable key (`summary`, `data_items`, `affected_count`, `cause`, `secondary_harm`,
    /// `individual_response_status`, `publication_status`, `prevention_measures`, `other`).
    pub key: String,
    /// The item's name in the requested language.
    pub label: String,
    /// The item's wording in the rule (Japanese, always).
    pub label_ja: String,
    /// Filled or missing.
    pub status: ItemStatus,
    /// The text (for a missing item, the under-investigation marker).
    pub text: String,
}

/// A draft of the 漏えい等報告 (`schema: "mamori.report_draft.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportDraft {
    /// Always `"mamori.report_draft.v1"`.
    pub schema: String,
    /// Always `true`: a person must check and edit it before filing.
    pub draft: bool,
    /// The incident id.
    pub incident_id: String,
    /// Language.
    pub lang: Lang,
    /// 速報 or 確報.
    pub stage: ReportStage,
    /// The report's title.
    pub title: String,
    /// Who receives it (個人情報保護委員会, or the 事業所管大臣 where delegated).
    pub recipient: String,
    /// The deadline, as text (from the assessment; `null` without one).
    pub deadline: Option<String>,
    /// The assessment's determination when it does not require a report: 「報告対象外と判定」
    /// (nothing required) or that a report may be required (unknown facts); `null` when a
    /// report is required or without an assessment.
    #[serde(default)]
    pub determination: Option<String>,
    /// The nine items, in the rule's order.
    pub items: Vec<DraftItem>,
    /// Keys of the items still missing.
    pub missing: Vec<String>,
    /// Every item is filled (a 確報 needs this).
    pub complete: bool,
    /// The corrections in the log, as sentences.
    pub corrections: Vec<String>,
    /// The chain check of the log (status and summary).
    pub chain_status: ChainStatus,
    /// The chain check's summary sentence.
    pub chain_summary: String,
    /// Plain text ready to paste into the PPC's online form.
    pub text: String,
}

/// A notice draft (`schema: "mamori.notice_draft.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeDraft {
    /// Always `"mamori.notice_draft.v1"`.
    pub schema: String,
    /// Always `true`: never sent by the library.
    pub draft: bool,
    /// The incident id.
    pub incident_id: String,
    /// Language.
    pub lang: Lang,
    /// Which notice.
    pub kind: NoticeKind,
    /// The title.
    pub title: String,
    /// The body (plain text).
    pub text: String,
    /// Facts the notice needs that the log does not have yet (fill them before sending).
    pub missing: Vec<String>,
}

/// The nine item keys, in PPC Rules Art. 8(1) order.
pub const REPORT_ITEM_KEYS: [&str; 9] = [
    "summary",
    "data_items",
    "affected_count",
    "cause",
    "secondary_harm",
    "individual_response_status",
    "publication_status",
    "prevention_measures",
    "other",
];

fn fmt_json_value(lang: Lang, json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => DateTime::parse_from_rfc3339(&s)
            .map(|d| fmt_time(lang, d))
            .unwrap_or(s),
        Ok(serde_json::Value::Null) => t(lang, "draft.none", &[]),
        // A list (places, names) reads as a list, never as raw JSON.
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(match lang {
                Lang::Ja => "、",
                Lang::En => ", ",
            }),
        Ok(serde_json::Value::Bool(b)) => t(lang, if b { "answer.yes" } else { "answer.no" }, &[]),
        _ => json.to_string(),
    }
}

/// The corrections of the log as sentences ("最終確認日時: 当初 6月13日 と記録、6月15日に
/// 6月12日 へ訂正（理由: ...）"), followed by where the legal clocks start.
pub fn correction_lines(state: &IncidentState, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for c in &state.corrections {
        let reason = if c.reason.trim().is_empty() {
            t(lang, "correction.undeclared", &[])
        } else {
            c.reason.clone()
        };
        for ch in &c.changes {
            let fkey = format!("field.{}", ch.field);
            let field = if crate::text::has_message(lang, &fkey) {
                t(lang, &fkey, &[])
            } else {
                ch.field.clone()
            };
            let (before, after) = if ch.field == "data" {
                (ch.before.clone(), ch.after.clone())
            } else {
                (
                    fmt_json_value(lang, &ch.before),
                    fmt_json_value(lang, &ch.after),
                )
            };
            out.push(t(
                lang,
                "correction.line",
                &[
                    ("field", &field),
                    ("before", &before),
                    ("after", &after),
                    ("recorded", &fmt_time(lang, c.recorded_at)),
                    ("index", &c.event_index.to_string()),
                    ("reason", &reason),
                ],
            ));
        }
    }
    if !out.is_empty() {
        let f = state.findings();
        out.push(t(
            lang,
            "correction.clock",
            &[("aware", &fmt_time(lang, f.aware_at))],
        ));
    }
    out
}

/// The interview findings together with the corrections that shaped them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FindingsWithCorrections {
    /// The findings (aware_at never later than the earliest awareness stated).
    pub findings: super::InterviewFindings,
    /// The corrections as sentences, in the requested language.
    pub corrections: Vec<String>,
}

/// The interview findings with the corrections (see [`correction_lines`]).
pub fn findings_with_corrections(state: &IncidentState, lang: Lang) -> FindingsWithCorrections {
    FindingsWithCorrections {
        findings: state.findings(),
        corrections: correction_lines(state, lang),
    }
}

struct Ctx<'a> {
    lang: Lang,
    st: IncidentState,
    device: Option<&'a Device>,
    assessment: Option<Assessment>,
    /// The engine request built from the same log and device as the assessment: the persons
    /// and the protection every statement about data and counts is derived from.
    facts: AssessRequest,
    org: String,
    desk: String,
}

impl Ctx<'_> {
    fn t(&self, key: &str, args: &[(&str, &str)]) -> String {
        t(self.lang, key, args)
    }
    fn time(&self, at: DateTime<FixedOffset>) -> String {
        fmt_time(self.lang, at)
    }
    fn kind(&self) -> String {
        self.t(&format!("kind.{}", kind_name(self.st.kind)), &[])
    }
    fn device_text(&self) -> String {
        match self.device {
            Some(d) => {
                let f = device_features(self.lang, d);
                self.t(
                    &format!("device.{}", device_kind_key(d)),
                    &[("features", &f.join(self.sep()))],
                )
            }
            None => self.t("device.unknown", &[]),
        }
    }
    fn data_items(&self) -> Option<String> {
        let items = self.st.interview.data_on_device.as_ref()?;
        if items.is_empty() {
            return Some(self.t("data.none", &[]));
        }
        Some(
            items
                .iter()
                .map(|i| {
                    let storage = match &i.storage {
                        DataStorage::Plaintext => self.t("storage.plaintext", &[]),
                        DataStorage::MamoriVault => match self.manifest() {
                            Some(m) => self.protection_text("vault", &m.protection()),
                            None => self.t("storage.vault_no_manifest", &[]),
                        },
                        DataStorage::Encrypted { protection } => {
                            self.protection_text("encrypted", protection)
                        }
                    };
                    match self.lang {
                        Lang::Ja => format!("{}（{}）", i.description, storage),
                        Lang::En => format!("{} ({})", i.description, storage),
                    }
                })
                .chain(self.exported_labels())
                .collect::<Vec<_>>()
                .join(self.sep()),
        )
    }
    fn manifest(&self) -> Option<&crate::vault::Manifest> {
        self.device.and_then(|d| d.posture.vault.as_ref())
    }
    /// Caller-ID labels the vault handed to the operating system: plaintext on the device.
    fn exported_labels(&self) -> Option<String> {
        let l = self
            .manifest()?
            .labels_outside_vault
            .as_ref()
            .filter(|l| l.any())?;
        Some(if l.labelled_persons.max() == Some(0) {
            self.t("data.caller_id_numbers", &[])
        } else {
            self.t("data.caller_id_labels", &[])
        })
    }
    /// How a store was protected and what that means for the 高度な暗号化 exemption. The
    /// words 高度な暗号化 are affirmed only when the exemption holds for the data as assessed:
    /// every store encrypted (the request carries a protection) and this store's key kept
    /// apart or remotely erasable with a recognised algorithm.
    fn protection_text(&self, store: &str, p: &Protection) -> String {
        let alg = p.algorithm.as_str();
        if !crate::breach::algorithms::is_recognised_algorithm(alg) {
            return self.t("storage.encrypted_unrecognised", &[("algorithm", alg)]);
        }
        let all_protected = self.facts.data.protection.as_ref();
        match advanced_encryption(p) {
            Some(true) => {
                let applied = all_protected.and_then(advanced_encryption) == Some(true);
                let why = self.t(
                    match (p.key_separated == Some(true), p.remote_wipe == Some(true)) {
                        (true, true) => "protection.why_separated_wipe",
                        (true, false) => "protection.why_separated",
                        _ => "protection.why_wipe",
                    },
                    &[],
                );
                let key = if applied {
                    format!("storage.{store}_advanced")
                } else if store == "vault" {
                    "storage.vault_apart_mixed".to_string()
                } else {
                    "storage.encrypted".to_string()
                };
                self.t(&key, &[("algorithm", alg), ("why", &why)])
            }
            Some(false) => {
                let mut why = self.t("protection.why_not", &[]);
                let mut details = Vec::new();
                if let Some(ks) = &p.key_source {
                    let k = format!("protection.key_source.{ks}");
                    if crate::text::has_message(self.lang, &k) {
                        details.push(self.t(&k, &[]));
                    }
                }
                if let Some(n) = p.offline_guess_log2 {
                    details.push(self.t("protection.guess", &[("n", &n.to_string())]));
                }
                if !details.is_empty() {
                    let d = details.join(self.sep());
                    match self.lang {
                        Lang::Ja => why.push_str(&format!("（{d}）")),
                        Lang::En => why.push_str(&format!(" ({d})")),
                    }
                }
                self.t(
                    &format!("storage.{store}_not_advanced"),
                    &[("algorithm", alg), ("why", &why)],
                )
            }
            None => self.t(
                &format!("storage.{store}_undetermined"),
                &[("algorithm", alg)],
            ),
        }
    }
    fn sep(&self) -> &'static str {
        match self.lang {
            Lang::Ja => "、",
            Lang::En => "; ",
        }
    }
    /// Item (3): the total of the persons the assessment counted (every person, foreigners
    /// included), in the language's number form; a range is marked as an estimate.
    fn affected(&self) -> Option<String> {
        let persons = &self.facts.data.persons;
        if persons.is_empty() {
            return self
                .st
                .interview
                .data_on_device
                .is_some()
                .then(|| self.t("count.exact", &[("n", "0")]));
        }
        let total = persons
            .values()
            .try_fold(Count::exact(0), |acc, c| c.map(|c| acc.add(c)))?;
        Some(fmt_count(self.lang, total))
    }
    fn cause(&self) -> Option<String> {
        let theft = self.st.kind == IncidentKind::Theft
            || self.st.interview.stolen_or_dropped == Some(StolenOrDropped::Stolen);
        if theft {
            return Some(self.t("cause.theft", &[("device", &self.device_text())]));
        }
        match self.st.kind {
            IncidentKind::Loss => {
                let places = self
                    .st
                    .interview
                    .places_since
                    .as_ref()
                    .filter(|p| !p.is_empty())
                    .map(|p| p.join(self.sep()));
                Some(match places {
                    Some(p) => self.t(
                        "cause.loss_places",
                        &[("device", &self.device_text()), ("places", &p)],
                    ),
                    None => self.t("cause.loss", &[("device", &self.device_text())]),
                })
            }
            _ => Some(self.t("cause.other", &[("kind", &self.kind())])),
        }
    }
    fn secondary_harm(&self) -> Option<String> {
        let c = self.st.data_access.as_ref()?;
        Some(match c.result {
            AccessResult::NoAccessFound => self.t("harm.none_found", &[("at", &self.time(c.at))]),
            AccessResult::Accessed => self.t("harm.accessed", &[("at", &self.time(c.at))]),
            AccessResult::Undetermined => self.t("harm.undetermined", &[("at", &self.time(c.at))]),
        })
    }
    fn individual_response(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(at) = self.st.customers_notified_at {
            parts.push(self.t(
                "response.notified",
                &[
                    ("n", &self.st.customers_notified.to_string()),
                    ("at", &self.time(at)),
                ],
            ));
        }
        if let Some(at) = self.st.inquiry_desk_at {
            parts.push(self.t("response.desk", &[("at", &self.time(at))]));
        }
        (!parts.is_empty()).then(|| parts.join(self.sep()))
    }
    fn publication(&self) -> Option<String> {
        self.st
            .public_notice_at
            .map(|at| self.t("publication.done", &[("at", &self.time(at))]))
    }
    fn prevention(&self) -> Option<String> {
        (!self.st.prevention.is_empty()).then(|| {
            self.st
                .prevention
                .iter()
                .map(|p| {
                    format!(
                        "{}: {}",
                        self.t(&format!("prevention.{}", <&str>::from(p.category)), &[]),
                        p.description
                    )
                })
                .collect::<Vec<_>>()
                .join(self.sep())
        })
    }
    fn summary(&self) -> String {
        let st = &self.st;
        let f = st.findings();
        let mut s = self.t(
            "summary.reported",
            &[
                ("reported", &self.time(st.reported_at)),
                ("reporter", &st.reporter),
                ("device", &self.device_text()),
                ("kind", &self.kind()),
                ("summary", &st.summary),
            ],
        );
        if let Some(at) = st.interview.last_confirmed_at {
            match st
                .interview
                .last_confirmed_place
                .as_deref()
                .filter(|p| !p.trim().is_empty())
            {
                Some(place) => s.push_str(&self.t(
                    "summary.last_seen",
                    &[("at", &self.time(at)), ("place", place)],
                )),
                None => {
                    s.push_str(&self.t("summary.last_seen_no_place", &[("at", &self.time(at))]))
                }
            }
        }
        if let Some(at) = st.interview.noticed_missing_at {
            s.push_str(&self.t("summary.noticed", &[("at", &self.time(at))]));
        }
        s.push_str(&self.t("summary.aware", &[("at", &self.time(f.aware_at))]));
        s
    }
    fn other(&self) -> String {
        let st = &self.st;
        let mut parts = Vec::new();
        if let Some(at) = st.remote_lock.issued_at {
            parts.push(self.t("other.lock", &[("at", &self.time(at))]));
        }
        if let Some(at) = st.remote_wipe.confirmed_at {
            parts.push(self.t("other.wipe_confirmed", &[("at", &self.time(at))]));
        } else if let Some(at) = st.remote_wipe.issued_at {
            parts.push(self.t("other.wipe_issued", &[("at", &self.time(at))]));
        }
        if let Some(c) = &st.carrier_suspension {
            parts.push(self.t(
                "other.carrier",
                &[("at", &self.time(c.at)), ("carrier", &c.carrier)],
            ));
        }
        if let Some(p) = &st.police_lost_report {
            parts.push(self.t(
                "other.police_lost",
                &[
                    ("at", &self.time(p.at)),
                    ("station", &p.station),
                    ("receipt", &p.receipt_number),
                ],
            ));
        }
        if let Some(p) = &st.police_damage_report {
            parts.push(self.t(
                "other.police_damage",
                &[
                    ("at", &self.time(p.at)),
                    ("station", &p.station),
                    ("receipt", &p.receipt_number),
                ],
            ));
        }
        if st
            .locate_attempts
            .iter()
            .any(|a| a.result == LocateResult::Located)
        {
            parts.push(self.t("other.located", &[]));
        }
        if let Some(r) = &st.recovered {
            parts.push(self.t("other.recovered", &[("at", &self.time(r.at))]));
        } else if st.device_id.is_some() {
            parts.push(self.t("other.not_recovered", &[]));
        }
        if parts.is_empty() {
            parts.push(self.t("other.nothing", &[]));
        }
        parts.join(self.sep())
    }
    fn recipient(&self, delegated: Option<&str>) -> String {
        match delegated.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => self.t("recipient.minister", &[("name", d)]),
            None => self.t("recipient.ppc", &[]),
        }
    }
    /// What the assessment says about reporting to the PPC: `Some(NotRequired)` when no
    /// report is required or possible (報告対象外と判定), `None` without an assessment.
    fn jp_regulator_status(&self) -> Option<ObligationStatus> {
        let a = self.assessment.as_ref()?;
        Some(
            a.obligations
                .iter()
                .filter(|o| o.jurisdiction == "JP" && o.recipient == Recipient::Regulator)
                .map(|o| o.status)
                .min()
                .unwrap_or(ObligationStatus::NotRequired),
        )
    }
    fn determination(&self) -> Option<String> {
        match self.jp_regulator_status()? {
            ObligationStatus::NotRequired => Some(self.t("determination.not_required", &[])),
            ObligationStatus::Possible => Some(self.t("determination.possible", &[])),
            ObligationStatus::Required => None,
        }
    }
    fn deadline(&self, stage: ReportStage) -> Option<String> {
        let a = self.assessment.as_ref()?;
        let o = a.obligations.iter().find(|o| {
            o.jurisdiction == "JP"
                && o.recipient == Recipient::Regulator
                && o.status != ObligationStatus::NotRequired
                && matches!(
                    (&o.due, stage),
                    (Due::Window { .. }, ReportStage::Preliminary)
                        | (Due::Deadline { .. }, ReportStage::Final)
                )
        })?;
        let aware = self.time(self.st.findings().aware_at);
        Some(match &o.due {
            Due::Window { target, latest } => self.t(
                "deadline.window",
                &[
                    ("target", &self.time(*target)),
                    ("latest", &self.time(*latest)),
                    ("aware", &aware),
                ],
            ),
            Due::Deadline { at } => {
                self.t("deadline.at", &[("at", &self.time(*at)), ("aware", &aware)])
            }
            Due::WithoutUndueDelay | Due::AfterObligation { latest: None, .. } => {
                self.t("deadline.asap", &[])
            }
            Due::AfterObligation {
                latest: Some(at), ..
            } => self.t("deadline.at", &[("at", &self.time(*at)), ("aware", &aware)]),
        })
    }
}

fn device_kind_key(d: &Device) -> &'static str {
    match <&'static str>::from(d.kind) {
        k @ ("phone" | "tablet" | "laptop" | "usb_storage") => k,
        _ => "other",
    }
}

/// The device's identifying features in the language (`機種 …、製造番号 …`).
fn device_features(lang: Lang, d: &Device) -> Vec<String> {
    let mut out = vec![t(lang, "feature.model", &[("v", &d.model)])];
    if let Some(s) = &d.serial {
        out.push(t(lang, "feature.serial", &[("v", s)]));
    }
    if let Some(i) = &d.imei {
        out.push(t(lang, "feature.imei", &[("v", &i.to_string())]));
    }
    if let Some(c) = &d.colour {
        out.push(t(lang, "feature.colour", &[("v", c)]));
    }
    out.extend(d.features.iter().cloned());
    out
}

/// The 高度な暗号化 fact exactly as the engine reads it (`data.protection.advanced_encryption`):
/// a recognised algorithm and the key kept apart or remotely erasable; unknown when neither
/// is established and neither is ruled out.
pub fn advanced_encryption(p: &Protection) -> Option<bool> {
    if !crate::breach::algorithms::is_recognised_algorithm(&p.algorithm) {
        return Some(false);
    }
    match (p.key_separated, p.remote_wipe) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

pub use crate::breach::group_digits;

/// A head count in the language's form: `1,200人`, `900～1,500人（推定）`, `900人以上（推定、…）`.
pub fn fmt_count(lang: Lang, c: Count) -> String {
    match (c.is_exact(), c.max()) {
        (true, _) => t(lang, "count.exact", &[("n", &group_digits(c.min()))]),
        (false, Some(max)) => t(
            lang,
            "count.range",
            &[("min", &group_digits(c.min())), ("max", &group_digits(max))],
        ),
        (false, None) => t(lang, "count.at_least", &[("min", &group_digits(c.min()))]),
    }
}

/// The facts the engine is given for this log and device ([`assess_request`]); the
/// organisation does not change the data facts, so a neutral one is used.
fn data_facts(st: &IncidentState, device: Option<&Device>) -> AssessRequest {
    let org = Organisation {
        org_type: OrgType::Business,
        role: Role::Controller,
        established_in: vec!["JP".to_string()],
        hipaa_covered: None,
        us_financial_institution: None,
        sec_registrant: None,
        nydfs_covered: None,
        nis2_entity: None,
        small_agent: None,
        kr_ict_provider: None,
        jp_report_to: None,
    };
    assess_request(st, device, &org).request
}

fn context<'a>(req: &'a DraftRequest) -> Result<Ctx<'a>> {
    super::json::check_request(
        &req.schema,
        DRAFT_REQUEST_SCHEMA,
        &req.incident,
        req.device.as_ref(),
    )?;
    let st = req.incident.state()?;
    let lang = req.lang;
    let org = req
        .organisation_name
        .clone()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| t(lang, "placeholder.org", &[]));
    let desk = req
        .inquiry_desk
        .clone()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| t(lang, "placeholder.desk", &[]));
    let assessment = req.assessment.clone().or_else(|| st.assessment.clone());
    let facts = data_facts(&st, req.device.as_ref());
    Ok(Ctx {
        lang,
        st,
        device: req.device.as_ref(),
        assessment,
        facts,
        org,
        desk,
    })
}

/// The 漏えい等報告 draft (速報 or 確報) for a request.
pub fn report_draft(req: &DraftRequest) -> Result<ReportDraft> {
    let ctx = context(req)?;
    let lang = ctx.lang;
    let values: [Option<String>; 9] = [
        Some(ctx.summary()),
        ctx.data_items(),
        ctx.affected(),
        ctx.cause(),
        ctx.secondary_harm(),
        ctx.individual_response(),
        ctx.publication(),
        ctx.prevention(),
        Some(ctx.other()),
    ];
    let mut items = Vec::with_capacity(9);
    let mut missing = Vec::new();
    for (i, (key, v)) in REPORT_ITEM_KEYS.iter().zip(values).enumerate() {
        let label = t(lang, &format!("item.{key}"), &[]);
        let label_ja = t(Lang::Ja, &format!("item.{key}.law"), &[]);
        let (status, text) = match v {
            Some(v) => (ItemStatus::Filled, v),
            None => {
                missing.push((*key).to_string());
                (ItemStatus::Missing, t(lang, &format!("missing.{key}"), &[]))
            }
        };
        items.push(DraftItem {
            number: (i + 1) as u8,
            key: (*key).to_string(),
            label,
            label_ja,
            status,
            text,
        });
    }
    let corrections = correction_lines(&ctx.st, lang);
    let chain = verify(&req.incident, None, lang);
    let stage = req.stage;
    let title = t(
        lang,
        match stage {
            ReportStage::Preliminary => "report.title.preliminary",
            ReportStage::Final => "report.title.final",
        },
        &[],
    );
    let recipient = ctx.recipient(req.delegated_to.as_deref());
    let deadline = ctx.deadline(stage);
    let determination = ctx.determination();
    let complete = missing.is_empty();
    let mut text = String::new();
    text.push_str(&t(lang, "draft.mark", &[]));
    text.push('\n');
    text.push_str(&title);
    text.push('\n');
    text.push_str(&t(lang, "report.recipient", &[("recipient", &recipient)]));
    text.push('\n');
    text.push_str(&t(
        lang,
        "report.meta",
        &[
            ("id", &req.incident.id),
            ("org", &ctx.org),
            ("date", &fmt_time(lang, req.now)),
        ],
    ));
    text.push('\n');
    if let Some(d) = &determination {
        text.push_str(d);
        text.push('\n');
    }
    if let Some(d) = &deadline {
        text.push_str(d);
        text.push('\n');
    }
    for it in &items {
        text.push_str(&format!("\n({}) {}\n", it.number, it.label_ja));
        if lang == Lang::En {
            text.push_str(&format!("    [{}]\n", it.label));
        }
        for line in it.text.lines() {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
    }
    if !corrections.is_empty() {
        text.push('\n');
        text.push_str(&t(lang, "report.corrections", &[]));
        text.push('\n');
        for c in &corrections {
            text.push_str("  - ");
            text.push_str(c);
            text.push('\n');
        }
    }
    text.push('\n');
    let names: Vec<String> = missing
        .iter()
        .map(|k| t(lang, &format!("item.{k}"), &[]))
        .collect();
    match (stage, complete) {
        (_, true) => text.push_str(&t(lang, "report.complete", &[])),
        (ReportStage::Preliminary, false) => text.push_str(&t(
            lang,
            "report.missing_preliminary",
            &[("items", &names.join(ctx.sep()))],
        )),
        (ReportStage::Final, false) => text.push_str(&t(
            lang,
            "report.missing_final",
            &[("items", &names.join(ctx.sep()))],
        )),
    }
    text.push('\n');
    text.push_str(&chain.summary);
    text.push('\n');
    Ok(ReportDraft {
        schema: REPORT_DRAFT_SCHEMA.to_string(),
        draft: true,
        incident_id: req.incident.id.clone(),
        lang,
        stage,
        title,
        recipient,
        deadline,
        determination,
        items,
        missing,
        complete,
        corrections,
        chain_status: chain.status,
        chain_summary: chain.summary,
        text,
    })
}

/// [`report_draft`] over JSON strings.
pub fn report_draft_json(request_json: &str) -> Result<String> {
    super::json::json_call(request_json, report_draft)
}

/// [`notice_draft`] over JSON strings.
pub fn notice_draft_json(request_json: &str) -> Result<String> {
    super::json::json_call(request_json, notice_draft)
}
