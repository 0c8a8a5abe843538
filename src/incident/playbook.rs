//! The response playbook: from the incident, the device and the assessment, the ordered list
//! of next actions with due times and reasons, and the guard warnings on irreversible steps.

use chrono::{DateTime, Duration, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AccessResult, DataStorage, EventData, IncidentState, LocateResult, StolenOrDropped, Warning,
};
use crate::breach::{Assessment, Due, IncidentKind, Obligation, Recipient};
use crate::device::{Device, LifecycleState, Ownership};

/// Which step of the playbook an action is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ActionId {
    /// Interview the employee (ヒアリング).
    Interview,
    /// Bring the register (台帳) in line with the incident (lost, stolen, recovered, wiped).
    UpdateRegister,
    /// Call the device (a finder may answer).
    CallDevice,
    /// Contact the venues / facility managers (施設の管理者).
    ContactVenues,
    /// File a lost-property report (遺失届).
    PoliceLostReport,
    /// Locate the device.
    Locate,
    /// Remote lock / lost mode.
    RemoteLock,
    /// Suspend the carrier line (回線停止) — after locating, with approval.
    CarrierSuspension,
    /// Remote wipe (遠隔消去).
    RemoteWipe,
    /// Check whether data was accessed (データの確認).
    DataAccessCheck,
    /// File a damage report (被害届).
    PoliceDamageReport,
    /// Run and record the breach assessment.
    Assess,
    /// Notify affected customers (本人通知 / 訪問と謝罪).
    NotifyCustomers,
    /// Open an inquiry desk (問い合わせ窓口).
    InquiryDesk,
    /// Publish a notice (HP公表).
    PublicNotice,
    /// File a report for an obligation (速報, 確報, a DPA notification...).
    RegulatorReport,
    /// Obtain the employee's written report (始末書/報告書).
    WrittenReport,
    /// Add recurrence-prevention measures (再発防止策).
    PreventionMeasures,
    /// Close the incident.
    Close,
}

/// One next action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextAction {
    /// Which step.
    pub id: ActionId,
    /// For obligation-driven actions, the obligation id.
    pub obligation_id: Option<String>,
    /// What to do (English).
    pub title: String,
    /// What to do (Japanese term).
    pub title_ja: String,
    /// When it is due (`null` = as soon as possible, no set time).
    pub due: Option<DateTime<FixedOffset>>,
    /// For a window (速報), the latest acceptable time.
    pub latest: Option<DateTime<FixedOffset>>,
    /// `now` is past `due` (or past `latest` for a window).
    pub overdue: bool,
    /// Why.
    pub reason: String,
    /// Supporting detail (for obligations: the engine's reasons, verbatim).
    pub details: Vec<String>,
    /// Who must approve it first.
    pub needs_approval: Option<String>,
    /// Guard warnings for doing it now.
    pub warnings: Vec<Warning>,
    /// A legal hold this action conflicts with (the remote wipe of a device under hold):
    /// the action is then "do not wipe: lock and locate", and the conflict is stated in both
    /// languages. Absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<HoldConflict>,
}

/// A conflict between a next action and a legal hold, in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldConflict {
    /// The hold (who placed it, when, why).
    pub hold: super::LegalHold,
    /// The conflict, what to do instead and the risk, in English.
    pub en: String,
    /// The same in Japanese.
    pub ja: String,
}

impl HoldConflict {
    /// The conflict of message `key` (`hold.conflict.wipe`, `hold.conflict.pending_wipe`) with
    /// the hold's id, who, when and why, and `extra` placeholders.
    fn new(hold: &super::LegalHold, key: &str, extra: &[(&str, &str)]) -> Self {
        let at = hold.placed.at.to_rfc3339();
        let mut args: Vec<(&str, &str)> = vec![
            ("hold_id", &hold.hold_id),
            ("by", &hold.placed.by),
            ("at", &at),
            ("reason", &hold.placed.reason),
        ];
        args.extend_from_slice(extra);
        HoldConflict {
            hold: hold.clone(),
            en: super::messages::t(super::messages::Lang::En, key, &args),
            ja: super::messages::t(super::messages::Lang::Ja, key, &args),
        }
    }
}

const ESSENTIAL: [&str; 5] = [
    "last_confirmed_at",
    "noticed_missing_at",
    "places_since",
    "stolen_or_dropped",
    "data_on_device",
];

/// The register state the incident implies for its device: `recovered` once recovered,
/// `wiped` once a wipe is confirmed, `stolen` for a theft (or an interview that says stolen),
/// `lost` for a loss; `None` for other kinds.
pub fn expected_device_state(state: &IncidentState) -> Option<LifecycleState> {
    state.device_id.as_ref()?;
    if state.recovered.is_some() {
        return Some(LifecycleState::Recovered);
    }
    if state.remote_wipe.confirmed_at.is_some() {
        return Some(LifecycleState::Wiped);
    }
    if state.kind == IncidentKind::Theft
        || state.interview.stolen_or_dropped == Some(StolenOrDropped::Stolen)
    {
        return Some(LifecycleState::Stolen);
    }
    (state.kind == IncidentKind::Loss).then_some(LifecycleState::Lost)
}

/// The persons whose data sat in plaintext on the device, per the interview (sum over
/// jurisdictions, a range at its maximum; `None` if any count is unknown or unbounded).
pub fn plaintext_persons(state: &IncidentState) -> Option<u64> {
    let mut total: u64 = 0;
    for item in state.interview.data_on_device.iter().flatten() {
        if item.storage == DataStorage::Plaintext {
            for n in item.persons.values() {
                // A range counts with its maximum (never fewer than may be affected).
                total = total.saturating_add((*n)?.max()?);
            }
        }
    }
    Some(total)
}

/// `t + d`, or `None` past chrono's range (no panic on extreme inputs).
fn plus(t: DateTime<FixedOffset>, d: Duration) -> Option<DateTime<FixedOffset>> {
    t.checked_add_signed(d)
}

struct Builder {
    now: DateTime<FixedOffset>,
    out: Vec<NextAction>,
}

impl Builder {
    /// Push the action that discharges obligation `o`: due at its deadline (a window's target,
    /// with `latest` its limit), overdue only once the limit has passed (a soft window's target
    /// is not a miss), the obligation's reasons as details.
    fn push_obligation(
        &mut self,
        id: ActionId,
        title: &str,
        title_ja: &str,
        o: &Obligation,
    ) -> &mut NextAction {
        let (due, latest) = obligation_due(o);
        let now = self.now;
        let reason = format!(
            "{} {} ({}; {})",
            o.jurisdiction,
            o.id,
            <&str>::from(o.status),
            o.basis
        );
        let a = self.push(id, title, title_ja, due, reason);
        a.obligation_id = Some(o.id.to_string());
        a.latest = latest;
        a.overdue = latest.or(due).is_some_and(|d| now > d);
        a.details = o.reasons.iter().map(|r| r.to_string()).collect();
        a
    }

    fn push(
        &mut self,
        id: ActionId,
        title: &str,
        title_ja: &str,
        due: Option<DateTime<FixedOffset>>,
        reason: String,
    ) -> &mut NextAction {
        let overdue = due.is_some_and(|d| self.now > d);
        self.out.push(NextAction {
            id,
            obligation_id: None,
            title: title.to_string(),
            title_ja: title_ja.to_string(),
            due,
            latest: None,
            overdue,
            reason,
            details: Vec::new(),
            needs_approval: None,
            warnings: Vec::new(),
            conflict: None,
        });
        let n = self.out.len() - 1;
        &mut self.out[n]
    }
}

fn obligation_due(
    o: &Obligation,
) -> (Option<DateTime<FixedOffset>>, Option<DateTime<FixedOffset>>) {
    match &o.due {
        Due::Deadline { at } => (Some(*at), None),
        Due::Window { target, latest } => (Some(*target), Some(*latest)),
        Due::WithoutUndueDelay => (None, None),
        Due::AfterObligation { latest, .. } => (*latest, None),
    }
}

/// The ordered next actions for an incident at `now`.
///
/// `device` is the register's record of the device involved (if any). `assessment` is the
/// breach assessment to plan against; when `None`, the assessment recorded in the log is used.
/// Operational steps are due relative to the report time; obligations carry the assessment's
/// deadlines (for a 速報-style window `due` is the target and `latest` the limit). Actions
/// are returned in playbook order (the order the seeds prescribe), not sorted by due time.
/// A closed incident has no next actions.
pub fn next_actions(
    state: &IncidentState,
    device: Option<&Device>,
    assessment: Option<&Assessment>,
    now: DateTime<FixedOffset>,
) -> Vec<NextAction> {
    if state.is_closed() {
        return Vec::new();
    }
    let r = state.reported_at;
    let mut b = Builder {
        now,
        out: Vec::new(),
    };
    let assessment = assessment.or(state.assessment.as_ref());
    let has_device = state.device_id.is_some();
    let missing = has_device && state.recovered.is_none();
    let wiped = state.remote_wipe.confirmed_at.is_some();
    let suspended = state.carrier_suspension.is_some();
    let has_line = device.is_some_and(|d| d.kind.has_line() && d.phone_number.is_some());
    let posture = device.map(|d| &d.posture);
    let located = state
        .locate_attempts
        .iter()
        .any(|a| a.result == LocateResult::Located);

    // 1. Interview.
    let open: Vec<&str> = if has_device {
        ESSENTIAL
            .iter()
            .copied()
            .filter(|q| !state.interview.is_answered(q))
            .collect()
    } else if !state.interview.is_answered("data_on_device") {
        vec!["data_on_device"]
    } else {
        Vec::new()
    };
    if !open.is_empty() {
        b.push(
            ActionId::Interview,
            "Interview the employee",
            "従業員へのヒアリング",
            plus(r, Duration::hours(1)),
            format!("open questions: {}; the answers fix the exposure window and when the organisation knew", open.join(", ")),
        );
    }
    // 1b. The register.
    if let (Some(d), Some(expected)) = (device, expected_device_state(state))
        && d.state != expected
        && d.state.can_transition_to(expected)
    {
        b.push(
            ActionId::UpdateRegister,
            "Update the device register",
            "台帳の更新",
            plus(r, Duration::hours(1)),
            format!(
                "{} is `{}` in the register; the incident says `{}`",
                d.id, d.state, expected
            ),
        );
    }
    // 2. Call the device.
    if missing && has_line && !wiped && !suspended && state.device_called_at.is_none() {
        b.push(
            ActionId::CallDevice,
            "Call the lost device",
            "紛失した端末に電話をかける",
            plus(r, Duration::minutes(30)),
            "a finder may answer; this stops working once the line is suspended".into(),
        );
    }
    // 3. Venues.
    if missing {
        let remaining: Vec<&String> = state
            .interview
            .places_since
            .iter()
            .flatten()
            .filter(|p| !state.venues.iter().any(|v| &v.venue == *p))
            .filter(|p| {
                !state
                    .interview
                    .places_searched
                    .iter()
                    .flatten()
                    .any(|s| s == *p)
            })
            .collect();
        if !remaining.is_empty() {
            b.push(
                ActionId::ContactVenues,
                "Contact the venues and facility managers",
                "紛失場所・施設の管理者へ連絡",
                plus(r, Duration::hours(2)),
                format!(
                    "not yet contacted or searched: {}; items dropped on trains may be at the police station covering the terminal",
                    remaining.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    // 4. 遺失届.
    if missing && state.kind == IncidentKind::Loss && state.police_lost_report.is_none() {
        b.push(
            ActionId::PoliceLostReport,
            "File a lost-property report with the police",
            "警察に遺失届を提出",
            plus(r, Duration::hours(24)),
            "police keep found items for 3 months and can only call back if a report exists; bring model, serial/IMEI, colour".into(),
        );
    }
    // 5. Locate (again, every 6 hours, while it has not answered).
    // A device with a line can be located through the carrier's service even without an MDM;
    // a `not_available` result ends the suggestion.
    let can_locate = posture.is_some_and(|p| p.remote_locate) || has_line;
    let unavailable = state
        .locate_attempts
        .last()
        .is_some_and(|a| a.result == LocateResult::NotAvailable);
    if missing && !wiped && !located && can_locate && !unavailable {
        let last = state.locate_attempts.last().map(|a| a.at);
        let (title, due) = match last {
            None => ("Locate the device", plus(r, Duration::hours(1))),
            Some(at) => ("Locate the device again", plus(at, Duration::hours(6))),
        };
        let mut reason = if last.is_none() {
            "find the device before any irreversible step (line suspension or wipe stops tracking)"
                .to_string()
        } else {
            "no position yet: a phone that is switched on again reports its position".to_string()
        };
        if !posture.is_some_and(|p| p.remote_locate) {
            reason.push_str(
                "; no MDM locate: use the carrier's location service, or record `not_available`",
            );
        }
        if suspended {
            reason.push_str("; the line is suspended, so only Wi-Fi location can still work");
        }
        b.push(ActionId::Locate, title, "端末の位置確認", due, reason);
    }
    // 6. Remote lock.
    if missing
        && !wiped
        && state.remote_lock.issued_at.is_none()
        && posture.is_some_and(|p| p.remote_lock)
    {
        b.push(
            ActionId::RemoteLock,
            "Remote lock (lost mode)",
            "遠隔ロック",
            plus(r, Duration::hours(1)),
            "locks the screen and keeps the device locatable, unlike a wipe".into(),
        );
    }
    // 7. Carrier suspension.
    if missing && has_line && !suspended {
        let company = device.is_some_and(|d| d.ownership == Ownership::Company);
        let a = b.push(
            ActionId::CarrierSuspension,
            "Suspend the carrier line (after locating)",
            "通信事業者へ連絡・回線停止",
            plus(r, Duration::hours(24)),
            "stops misuse of the line (calls, SMS codes); but it also stops GPS location and calling the device — locate first".into(),
        );
        a.needs_approval = Some(if company {
            "manager (上長): the company holds the carrier contract".into()
        } else {
            "the employee (BYOD: their own contract), with the manager informed".into()
        });
        a.warnings = state.guard(
            &EventData::CarrierLineSuspended {
                carrier: String::new(),
                approved_by: Some("manager".into()),
            },
            None,
        );
    }
    // 8. Remote wipe — or, under a legal hold, lock and locate instead (and cancel a wipe
    // issued but not yet carried out: it runs when the device reconnects).
    let hold = state.holds.iter().find(|h| h.blocks());
    let pending_wipe = state
        .remote_wipe
        .issued_at
        .filter(|_| state.remote_wipe.confirmed_at.is_none());
    let could_wipe =
        state.remote_wipe.issued_at.is_none() && posture.is_some_and(|p| p.remote_wipe);
    if let Some(hold) = hold
        && missing
        && (could_wipe || pending_wipe.is_some())
    {
        let issued = pending_wipe.map(|t| t.to_rfc3339()).unwrap_or_default();
        let (key, title) = match pending_wipe {
            Some(_) => ("hold.conflict.pending_wipe", "hold.conflict.pending_title"),
            None => ("hold.conflict.wipe", "hold.conflict.title"),
        };
        let conflict = HoldConflict::new(hold, key, &[("issued", &issued)]);
        let a = b.push(
            ActionId::RemoteWipe,
            &super::messages::t(super::messages::Lang::En, title, &[]),
            &super::messages::t(super::messages::Lang::Ja, title, &[]),
            None,
            conflict.en.clone(),
        );
        a.details = vec![conflict.ja.clone()];
        a.needs_approval = Some(format!(
            "an override of hold {} recorded with who decided it and why (legal_hold_overridden), or its release",
            hold.hold_id
        ));
        a.conflict = Some(conflict);
    } else if missing && could_wipe {
        let a = b.push(
            ActionId::RemoteWipe,
            "Remote wipe if not recovered",
            "遠隔データ消去",
            plus(r, Duration::hours(24)),
            "if the device is not back within 24 hours in lost mode, wipe it; a wipe cannot be undone and ends tracking".into(),
        );
        a.warnings = state.guard(
            &EventData::RemoteWipeIssued {
                channel: String::new(),
            },
            None,
        );
    }
    // 9. Data-access check.
    if state.data_access.is_none() {
        b.push(
            ActionId::DataAccessCheck,
            "Check whether data was accessed, lost or altered",
            "データの確認（不正アクセス・改ざんの有無）",
            plus(r, Duration::hours(48)),
            "server and account logs since the last confirmed moment; the answer decides the 被害届 and the notices".into(),
        );
    }
    // 10. 被害届.
    let accessed = state
        .data_access
        .as_ref()
        .is_some_and(|c| c.result == AccessResult::Accessed)
        || state
            .recovered
            .as_ref()
            .is_some_and(|x| x.evidence_of_access == Some(true));
    let theft = state.kind == IncidentKind::Theft
        || state.interview.stolen_or_dropped == Some(StolenOrDropped::Stolen);
    if (accessed || theft) && state.police_damage_report.is_none() {
        b.push(
            ActionId::PoliceDamageReport,
            "File a damage report with the police",
            "警察に被害届を提出",
            plus(now.max(r), Duration::hours(24)),
            if accessed {
                "data was accessed after the loss".into()
            } else {
                "the device was stolen".into()
            },
        );
    }
    // 11. Assessment.
    match assessment {
        None => {
            b.push(
                ActionId::Assess,
                "Assess the breach-report obligations",
                "漏えい等報告の要否判断",
                plus(r, Duration::hours(24)),
                "the 速報 window starts when the organisation knew; build the request from the incident (assess_request)".into(),
            );
        }
        Some(_) if state.assessment.is_none() => {
            b.push(
                ActionId::Assess,
                "Record the assessment in the incident log",
                "判断結果の記録",
                None,
                "keeps the rules version and the deadlines with the case for audit".into(),
            );
        }
        _ => {}
    }
    // 12–15. Obligations.
    let applicable: Vec<&Obligation> = state.open_in(assessment, true).collect();
    let individuals = applicable
        .iter()
        .any(|o| o.recipient == Recipient::Individuals);
    for o in applicable
        .iter()
        .filter(|o| o.recipient == Recipient::Individuals)
    {
        b.push_obligation(
            ActionId::NotifyCustomers,
            "Notify the affected customers",
            "本人への通知・訪問と謝罪",
            o,
        );
    }
    if individuals && state.inquiry_desk_at.is_none() {
        b.push(
            ActionId::InquiryDesk,
            "Open an inquiry desk",
            "問い合わせ窓口の設置",
            None,
            "customers will call; follow-up status reports as facts emerge".into(),
        );
    }
    let many = plaintext_persons(state).is_none_or(|n| n >= 1000);
    let public_obl: Vec<&&Obligation> = applicable
        .iter()
        .filter(|o| o.recipient == Recipient::Public)
        .collect();
    for o in &public_obl {
        b.push_obligation(
            ActionId::PublicNotice,
            "Publish a public notice",
            "HPでの公表",
            o,
        );
    }
    if public_obl.is_empty() && individuals && many && state.public_notice_at.is_none() {
        b.push(
            ActionId::PublicNotice,
            "Publish a public notice",
            "HPでの公表",
            None,
            "too many persons to visit one by one (or the count is unknown): publish on the website as well".into(),
        );
    }
    for o in applicable
        .iter()
        .filter(|o| matches!(o.recipient, Recipient::Regulator | Recipient::Controller))
    {
        let (title, ja) = match (&o.due, o.recipient) {
            (_, Recipient::Controller) => ("Notify the controller (委託元)", "委託元への通知"),
            (Due::Window { .. }, _) => ("File the preliminary report to the regulator", "速報"),
            (Due::Deadline { .. }, _) => ("File the final report to the regulator", "確報"),
            (Due::WithoutUndueDelay | Due::AfterObligation { .. }, _) => {
                ("Notify the regulator", "監督機関への報告")
            }
        };
        let a = b.push_obligation(ActionId::RegulatorReport, title, ja, o);
        if a.overdue {
            a.reason
                .push_str(" — past the deadline: the report must state the reason for the delay");
        }
    }
    // 16. Written report.
    if has_device && state.written_report_at.is_none() {
        b.push(
            ActionId::WrittenReport,
            "Obtain the employee's written report",
            "始末書・報告書の提出",
            plus(r, Duration::days(7)),
            "the exact sequence of events in the employee's words; any measure (訓戒, cost share) is the company's decision".into(),
        );
    }
    // 17. Prevention.
    if state.prevention.is_empty() {
        b.push(
            ActionId::PreventionMeasures,
            "Decide recurrence-prevention measures",
            "再発防止策",
            plus(r, Duration::days(30)),
            "physical, technical (encrypted vault, 6-digit PIN, MDM), administrative (register, check-out) and educational measures".into(),
        );
    }
    // 18. Close.
    let close_warnings = {
        let mut s = state.clone();
        if s.assessment.is_none() {
            s.assessment = assessment.cloned();
        }
        s.guard(
            &EventData::Closed {
                summary: String::new(),
            },
            None,
        )
    };
    let a = b.push(
        ActionId::Close,
        "Close the incident",
        "対応完了",
        None,
        "once every obligation is done or waived with a reason and the device is recovered, wiped or written off".into(),
    );
    a.warnings = close_warnings;
    b.out
}

/// The snake_case name of an action id (as in JSON).
fn action_key(id: ActionId) -> &'static str {
    id.into()
}

/// The snake_case name of a warning code (as in JSON).
fn warning_key(code: super::WarningCode) -> &'static str {
    code.into()
}

/// A warning's message in `lang` (the message table's text for its code; English keeps the
/// detailed message).
pub fn warning_message(w: &Warning, lang: crate::text::Lang) -> String {
    match lang {
        crate::text::Lang::En => w.message.clone(),
        crate::text::Lang::Ja => {
            crate::text::t(lang, &format!("warning.{}", warning_key(w.code)), &[])
        }
    }
}

/// [`next_actions`] with the titles, reasons and warnings in `lang`. In Japanese the title is
/// the Japanese term and the reason comes from the message table (the obligation's own
/// reference is kept in front); `details` (the breach engine's reasons) are passed through
/// as the engine wrote them.
pub fn next_actions_in(
    state: &IncidentState,
    device: Option<&Device>,
    assessment: Option<&Assessment>,
    now: DateTime<FixedOffset>,
    lang: crate::text::Lang,
) -> Vec<NextAction> {
    let mut out = next_actions(state, device, assessment, now);
    if lang == crate::text::Lang::Ja {
        for a in &mut out {
            a.title = a.title_ja.clone();
            let text = crate::text::t(lang, &format!("action.{}.reason", action_key(a.id)), &[]);
            a.reason = match &a.obligation_id {
                Some(id) => format!("{id}: {text}"),
                None => text,
            };
            for w in &mut a.warnings {
                w.message = warning_message(w, lang);
            }
        }
    }
    out
}
