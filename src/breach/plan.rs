//! The response plan of an assessment (`plan` in `mamori.assessment.v1`): the obligations
//! grouped by rule family and recipient, each group with its worst status, its earliest due
//! time, the rule ids behind it and the facts that would settle it, ordered so that the first
//! thing to do comes first.
//!
//! The plan is a summary computed from the finished obligations (one pass, one small sort);
//! it never changes them. Families: every US state or territory law (`US-CA`, `US-NY`, ...)
//! is one family, `us-states`; every other rule belongs to the family named by the first
//! segment of its id (`jp`, `eu`, `uk`, `us` for federal rules, ...). A report in stages
//! (速報 and 確報, GDPR-style initial reports) keeps one group per stage, so each stage has
//! its own due time.

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assessment::{Due, ObligationStatus, Recipient, Text};
use super::count::Count;
use super::pack::{RuleText, Zone};
use super::request::{AssessRequest, Lang};

/// What an assessment answer contains (`detail` in `mamori.assess.v1`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Detail {
    /// Every obligation with its reasons, and the plan (the default).
    #[default]
    Full,
    /// The plan only: `obligations` is empty (a short answer for many jurisdictions).
    Plan,
}

/// The response plan: what to do, for whom, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResponsePlan {
    /// The language of the texts (the request's `lang`).
    pub lang: Lang,
    /// One line: how many obligations are required or possible, and what is due first.
    pub summary: String,
    /// The groups, first thing to do first: required before possible, then by earliest due
    /// time (groups without a fixed time after the dated ones), then by key.
    pub groups: Vec<PlanGroup>,
    /// Obligations that are `not_required` (not listed in any group).
    pub not_required: u32,
}

/// Obligations of one rule family for one recipient (and one stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanGroup {
    /// Stable key: `family:recipient` or `family:recipient:stage`, e.g. `us-states:individuals`,
    /// `jp:regulator:preliminary`.
    pub key: Text,
    /// The rule family (`us-states`, `jp`, `eu`, ...).
    pub family: Text,
    /// Who must be told.
    pub recipient: Recipient,
    /// The worst status in the group (`required` before `possible`).
    pub status: ObligationStatus,
    /// E.g. "US state breach laws — individuals: possible in 54 jurisdictions".
    pub title: String,
    /// How many obligations of the group are `required`.
    pub required: u32,
    /// How many are `possible`.
    pub possible: u32,
    /// The jurisdictions of the group, in rule order, without repeats.
    pub jurisdictions: Vec<Text>,
    /// The rule ids behind the group, in rule order.
    pub rules: Vec<Text>,
    /// The earliest due time of the group (`null` when no obligation has a fixed time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<PlanDue>,
    /// Some obligation of the group has no fixed time: "without undue delay", or a deadline
    /// counted from another obligation that has no fixed date and is not yet done
    /// (`after_obligation` with `latest: null`; act as soon as that one is done).
    pub without_undue_delay: bool,
    /// What would settle a `possible` group, in words (e.g. "the states of 1,000 US
    /// persons"); empty when every obligation of the group is `required`.
    pub settle: Vec<Text>,
    /// The same facts as JSON paths of the request (as in `missing_facts`).
    pub missing_facts: Vec<String>,
}

/// The earliest due time of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanDue {
    /// The rule it comes from.
    pub rule: Text,
    /// The jurisdiction of that rule.
    pub jurisdiction: Text,
    /// The deadline, or a window's target; in the rule's offset.
    pub at: DateTime<FixedOffset>,
    /// A window's latest acceptable time (`null` for a hard deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<DateTime<FixedOffset>>,
    /// The rule's time zone, as the rule pack gives it: an IANA name (`America/New_York`) or a
    /// fixed UTC offset (`+09:00`). The iCalendar form writes the due time in this zone. An
    /// additive field: plans written before it lack it, and their events are written in UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Text>,
}

/// What the plan needs of one obligation (borrowed from the engine's decision).
pub(crate) struct PlanItem<'a, 'd> {
    /// The rule's texts (id, jurisdiction, family, group key, zone name).
    pub text: &'a RuleText,
    /// The report's stage (see [`PlanKey`]).
    pub stage: Option<&'static str>,
    pub recipient: Recipient,
    pub status: ObligationStatus,
    pub due: &'d Due,
    /// The facts that kept it `possible` (0 otherwise).
    pub mask: u128,
}

/// Where a rule goes in the plan, worked out once when its pack is loaded (the plan used to
/// split every obligation's id twice per assessment).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlanKey {
    /// The family is `us-states` (a US state or territory law).
    us_state: bool,
    /// Otherwise the family is the id up to this byte (its first segment).
    family_end: usize,
    /// The report's stage (the id's last segment), if it is one.
    pub stage: Option<&'static str>,
}

impl PlanKey {
    /// The plan key of the rule with `id` in `jurisdiction`: every US state or territory law
    /// (`US-CA`, ...) is one family, `us-states`; every other rule belongs to the family named
    /// by the first segment of its id; `preliminary`, `final` and `initial` ids are stages.
    pub(crate) fn of(id: &str, jurisdiction: &str) -> PlanKey {
        let j = jurisdiction.as_bytes();
        let last = id.rsplit('.').next().unwrap_or(id);
        PlanKey {
            us_state: j.len() > 3 && j.starts_with(b"US-"),
            family_end: id.find('.').unwrap_or(id.len()),
            stage: ["preliminary", "final", "initial"]
                .into_iter()
                .find(|s| *s == last),
        }
    }

    /// The family of the rule with `id` (the id this key was made from).
    pub(crate) fn family<'a>(&self, id: &'a str) -> &'a str {
        if self.us_state {
            "us-states"
        } else {
            id.get(..self.family_end).unwrap_or(id)
        }
    }
}

/// The texts of the rule with `id` as answers carry them (see [`RuleText`]).
pub(crate) fn rule_text(
    id: &str,
    jurisdiction: &str,
    basis: &str,
    recipient: Recipient,
    zone: Zone,
) -> RuleText {
    let k = PlanKey::of(id, jurisdiction);
    let family = k.family(id);
    let mut key = String::with_capacity(family.len() + 24);
    key.push_str(family);
    key.push(':');
    key.push_str(recipient_name(recipient));
    if let Some(s) = k.stage {
        key.push(':');
        key.push_str(s);
    }
    let mut z = String::new();
    zone.write_name(&mut z);
    RuleText {
        id: Text::shared(id),
        jurisdiction: Text::shared(jurisdiction),
        basis: Text::shared(basis),
        plan_key: Text::shared(&key),
        family: Text::shared(family),
        zone: Text::shared(&z),
    }
}

fn recipient_name(r: Recipient) -> &'static str {
    match r {
        Recipient::Regulator => "regulator",
        Recipient::Individuals => "individuals",
        Recipient::Controller => "controller",
        Recipient::Public => "public",
        Recipient::Internal => "internal",
    }
}

/// Append the label of family `f` in `lang`.
fn push_family_label(s: &mut String, lang: Lang, f: &str) {
    let (en, ja) = match f {
        "us-states" => ("US state breach laws", "米国各州の漏えい通知法"),
        "us" => ("US federal rules", "米国連邦法"),
        "jp" => ("Japan APPI", "個人情報保護法"),
        "eu" => ("EU GDPR", "EU一般データ保護規則"),
        "uk" => ("UK GDPR", "英国GDPR"),
        "kr" => ("Korea PIPA", "韓国個人情報保護法"),
        "sg" => ("Singapore PDPA", "シンガポール個人データ保護法"),
        "au" => ("Australia NDB scheme", "豪州データ漏えい通知制度"),
        "in" => ("India DPDP Act", "インドDPDP法"),
        other => {
            s.extend(other.chars().map(|c| c.to_ascii_uppercase()));
            return;
        }
    };
    s.push_str(match lang {
        Lang::En => en,
        Lang::Ja => ja,
    });
}

/// Append the label of recipient `r` (and the report's stage) in `lang`.
fn push_recipient_label(s: &mut String, lang: Lang, r: Recipient, stage: Option<&str>) {
    let (en, ja) = match r {
        Recipient::Regulator => ("regulator", "監督機関への報告"),
        Recipient::Individuals => ("individuals", "本人への通知"),
        Recipient::Controller => ("controller", "委託元への通知"),
        Recipient::Public => ("public", "公表"),
        Recipient::Internal => ("internal deadline", "社内の期限"),
    };
    let (sen, sja) = match stage {
        Some("preliminary") => (" (preliminary report)", "（速報）"),
        Some("final") => (" (final report)", "（確報）"),
        Some("initial") => (" (initial report)", "（初報）"),
        _ => ("", ""),
    };
    let (a, b) = match lang {
        Lang::En => (en, sen),
        Lang::Ja => (ja, sja),
    };
    s.push_str(a);
    s.push_str(b);
}

/// A group's title: "{family} — {recipient}: {status} ({jurisdiction})" or "... in {n}
/// jurisdictions" (Japanese: "…（{jurisdiction}）", "…: {n}法域で{status}").
fn title(lang: Lang, g: &Acc<'_>) -> String {
    let n = g.jurisdictions.len();
    let word = status_word(lang, g.status);
    let mut t = String::with_capacity(96);
    push_family_label(&mut t, lang, g.family);
    t.push_str(" — ");
    push_recipient_label(&mut t, lang, g.recipient, g.stage);
    t.push_str(": ");
    match (lang, n) {
        (_, 1) => {
            let (open, close) = match lang {
                Lang::En => (" (", ")"),
                Lang::Ja => ("（", "）"),
            };
            t.push_str(word);
            t.push_str(open);
            t.push_str(&g.jurisdictions[0].jurisdiction);
            t.push_str(close);
        }
        (Lang::En, _) => {
            t.push_str(word);
            t.push_str(" in ");
            super::engine::push_u64(&mut t, n as u64);
            t.push_str(" jurisdictions");
        }
        (Lang::Ja, _) => {
            super::engine::push_u64(&mut t, n as u64);
            t.push_str("法域で");
            t.push_str(word);
        }
    }
    t
}

fn status_word(lang: Lang, s: ObligationStatus) -> &'static str {
    match (lang, s) {
        (Lang::En, ObligationStatus::Required) => "required",
        (Lang::En, ObligationStatus::Possible) => "possible",
        (Lang::En, ObligationStatus::NotRequired) => "not required",
        (Lang::Ja, ObligationStatus::Required) => "必要",
        (Lang::Ja, ObligationStatus::Possible) => "必要となる可能性あり",
        (Lang::Ja, ObligationStatus::NotRequired) => "不要",
    }
}

/// A head count with thousands separators: `1234567` → `1,234,567`.
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn count_text(lang: Lang, c: Option<Count>) -> String {
    match c {
        None => match lang {
            Lang::En => "an unknown number of".into(),
            Lang::Ja => "人数不明の".into(),
        },
        Some(c) => match (c.is_exact(), c.max(), lang) {
            (true, _, _) => group_digits(c.min()),
            (false, Some(m), Lang::En) => format!("{}–{}", group_digits(c.min()), group_digits(m)),
            (false, Some(m), Lang::Ja) => format!("{}～{}", group_digits(c.min()), group_digits(m)),
            (false, None, Lang::En) => format!("at least {}", group_digits(c.min())),
            (false, None, Lang::Ja) => format!("{}以上の", group_digits(c.min())),
        },
    }
}

/// A missing fact in words.
fn fact_text(lang: Lang, path: &str, req: &AssessRequest) -> Text {
    if let Some(k) = path.strip_prefix("data.persons.") {
        let n = req.data.persons.get(k).copied().flatten();
        let c = count_text(lang, n);
        return Text::from(match (k, lang) {
            ("unknown", Lang::En) => {
                format!("the countries of {c} persons of unknown jurisdiction")
            }
            ("unknown", Lang::Ja) => format!("国・地域が不明な本人{c}人の国・地域"),
            ("US", Lang::En) => format!("the states of {c} US persons"),
            ("US", Lang::Ja) => format!("米国の本人{c}人の州"),
            (k, Lang::En) if n.is_some_and(|n| n.is_exact()) => {
                format!("the subdivisions of {c} persons in {k}")
            }
            (k, Lang::En) => format!("the number of persons in {k} ({c})"),
            (k, Lang::Ja) if n.is_some_and(|n| n.is_exact()) => {
                format!("{k}の本人{c}人の州・地域")
            }
            (k, Lang::Ja) => format!("{k}の本人の数（{c}）"),
        });
    }
    let (en, ja) = match path {
        "data.malicious" => (
            "whether a malicious act caused it",
            "不正の目的によるおそれの有無",
        ),
        "data.sensitive" => (
            "whether sensitive data was involved",
            "要配慮個人情報の有無",
        ),
        "data.financial_risk" => (
            "whether misuse could cause financial damage",
            "財産的被害のおそれの有無",
        ),
        "data.risk" => ("the risk assessment (data.risk)", "リスク評価（data.risk）"),
        "data.categories" => ("the kinds of data involved", "漏えい等したデータの種類"),
        "organisation.kr_ict_provider" => (
            "whether the organisation was a Korean ICT service provider",
            "韓国の情報通信サービス提供者に当たるか",
        ),
        "organisation.hipaa_covered" => (
            "whether the organisation is a HIPAA covered entity",
            "HIPAAの対象事業者（covered entity）か",
        ),
        "incident.recovered_unviewed" => (
            "whether everything was recovered before anyone viewed it",
            "第三者が閲覧する前に回収されたか",
        ),
        "data.protection.key_separated" => (
            "whether the key was kept apart from the data",
            "鍵がデータと分離されていたか",
        ),
        "data.protection.remote_wipe" => (
            "whether the key or data can be erased remotely",
            "鍵又はデータを遠隔で消去できるか",
        ),
        other => return Text::from(other),
    };
    Text::from_static(match lang {
        Lang::En => en,
        Lang::Ja => ja,
    })
}

/// The instant a due time is compared by: a deadline, or a window's target.
fn due_at(d: &Due) -> Option<(DateTime<FixedOffset>, Option<DateTime<FixedOffset>>)> {
    match d {
        Due::Deadline { at } => Some((*at, None)),
        Due::Window { target, latest } => Some((*target, Some(*latest))),
        Due::WithoutUndueDelay => None,
        // Runs from another obligation: the latest instant still on time (that obligation's
        // own deadline plus the days), or none while it has no fixed deadline.
        Due::AfterObligation { latest, .. } => latest.map(|l| (l, None)),
    }
}

struct Acc<'a> {
    key: &'a Text,
    family: &'a Text,
    recipient: Recipient,
    stage: Option<&'static str>,
    status: ObligationStatus,
    required: u32,
    possible: u32,
    /// The first rule of each jurisdiction (its texts name the jurisdiction).
    jurisdictions: Vec<&'a RuleText>,
    /// [`short_hash`] of each of `jurisdictions`.
    jurisdiction_hashes: Vec<u64>,
    rules: Vec<&'a RuleText>,
    due: Option<DueView<'a>>,
    without_undue_delay: bool,
    mask: u128,
}

/// The first eight bytes of a (short) code and its length, as one number: equal codes give
/// equal numbers, and codes of up to eight bytes (`JP`, `US-CA`, `EU`) differ when they do.
fn short_hash(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_le_bytes(b) ^ ((s.len() as u64) << 56)
}

/// A [`PlanDue`] borrowing its rule's texts (id, jurisdiction, zone name).
pub(crate) struct DueView<'a> {
    pub rule: &'a RuleText,
    pub at: DateTime<FixedOffset>,
    pub latest: Option<DateTime<FixedOffset>>,
}

/// A [`ResponsePlan`] borrowing the rules' texts from the pack: what the JSON answer writes
/// directly, and what [`fill`](PlanView::fill) turns into the typed plan.
pub(crate) struct PlanView<'a> {
    pub lang: Lang,
    pub summary: String,
    pub groups: Vec<GroupView<'a>>,
    pub not_required: u32,
}

/// A [`PlanGroup`] borrowing from the pack (fields as there; `jurisdictions` holds the first
/// rule of each jurisdiction).
pub(crate) struct GroupView<'a> {
    pub key: &'a Text,
    pub family: &'a Text,
    pub recipient: Recipient,
    pub status: ObligationStatus,
    pub title: String,
    pub required: u32,
    pub possible: u32,
    pub jurisdictions: Vec<&'a RuleText>,
    pub rules: Vec<&'a RuleText>,
    pub due: Option<DueView<'a>>,
    pub without_undue_delay: bool,
    pub settle: Vec<Text>,
    pub missing_facts: Vec<String>,
}

/// Make `v` the texts `src`, reusing its allocation and sharing the texts.
fn set_texts<'t>(v: &mut Vec<Text>, src: impl ExactSizeIterator<Item = &'t Text>) {
    v.truncate(src.len());
    v.reserve(src.len() - v.len());
    for (i, t) in src.enumerate() {
        match v.get_mut(i) {
            Some(s) => s.set_shared(t),
            None => v.push(t.clone()),
        }
    }
}

impl PlanView<'_> {
    /// Write the typed plan into `p`, reusing its allocations (groups, lists) and sharing the
    /// pack's texts.
    pub(crate) fn fill(self, p: &mut ResponsePlan) {
        p.lang = self.lang;
        p.summary = self.summary;
        p.not_required = self.not_required;
        p.groups.truncate(self.groups.len());
        p.groups.reserve(self.groups.len() - p.groups.len());
        for (i, g) in self.groups.into_iter().enumerate() {
            if i == p.groups.len() {
                p.groups.push(PlanGroup {
                    key: g.key.clone(),
                    family: g.family.clone(),
                    recipient: g.recipient,
                    status: g.status,
                    title: String::new(),
                    required: 0,
                    possible: 0,
                    jurisdictions: Vec::new(),
                    rules: Vec::new(),
                    due: None,
                    without_undue_delay: false,
                    settle: Vec::new(),
                    missing_facts: Vec::new(),
                });
            }
            let o = &mut p.groups[i];
            o.key.set_shared(g.key);
            o.family.set_shared(g.family);
            o.recipient = g.recipient;
            o.status = g.status;
            o.title = g.title;
            o.required = g.required;
            o.possible = g.possible;
            set_texts(
                &mut o.jurisdictions,
                g.jurisdictions.iter().map(|r| &r.jurisdiction),
            );
            set_texts(&mut o.rules, g.rules.iter().map(|r| &r.id));
            match (g.due, &mut o.due) {
                (None, d) => *d = None,
                (Some(v), Some(d)) => {
                    d.rule.set_shared(&v.rule.id);
                    d.jurisdiction.set_shared(&v.rule.jurisdiction);
                    d.at = v.at;
                    d.latest = v.latest;
                    match &mut d.zone {
                        Some(z) => z.set_shared(&v.rule.zone),
                        None => d.zone = Some(v.rule.zone.clone()),
                    }
                }
                (Some(v), d) => {
                    *d = Some(PlanDue {
                        rule: v.rule.id.clone(),
                        jurisdiction: v.rule.jurisdiction.clone(),
                        at: v.at,
                        latest: v.latest,
                        zone: Some(v.rule.zone.clone()),
                    })
                }
            }
            o.without_undue_delay = g.without_undue_delay;
            o.settle = g.settle;
            o.missing_facts = g.missing_facts;
        }
    }
}

/// Build the plan from the obligations (in the assessment's order); `paths` turns a mask of
/// missing facts into request paths.
pub(crate) fn build<'a, 'd>(
    req: &AssessRequest,
    items: impl IntoIterator<Item = PlanItem<'a, 'd>>,
    paths: impl Fn(u128, &mut Vec<String>),
) -> PlanView<'a> {
    let lang = req.lang();
    let mut groups: Vec<Acc<'a>> = Vec::new();
    let mut not_required = 0u32;
    for o in items {
        if o.status == ObligationStatus::NotRequired {
            not_required += 1;
            continue;
        }
        let t = o.text;
        let fam = t.family.as_str();
        let st = o.stage;
        let idx = match groups
            .iter()
            .position(|g| g.recipient == o.recipient && g.stage == st && g.family.as_str() == fam)
        {
            Some(i) => i,
            None => {
                groups.push(Acc {
                    key: &t.plan_key,
                    family: &t.family,
                    recipient: o.recipient,
                    stage: st,
                    status: ObligationStatus::NotRequired,
                    required: 0,
                    possible: 0,
                    jurisdictions: Vec::new(),
                    jurisdiction_hashes: Vec::new(),
                    rules: Vec::new(),
                    due: None,
                    without_undue_delay: false,
                    mask: 0,
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[idx];
        g.status = g.status.min(o.status);
        match o.status {
            ObligationStatus::Required => g.required += 1,
            _ => g.possible += 1,
        }
        // Jurisdictions without repeats: compare short hashes first (a family of 54 US
        // states would otherwise compare every new state with every earlier one).
        let j = t.jurisdiction.as_str();
        let h = short_hash(j);
        if !g
            .jurisdiction_hashes
            .iter()
            .zip(&g.jurisdictions)
            .any(|(&gh, r)| gh == h && r.jurisdiction.as_str() == j)
        {
            g.jurisdictions.push(t);
            g.jurisdiction_hashes.push(h);
        }
        g.rules.push(t);
        g.mask |= o.mask;
        match due_at(o.due) {
            Some((at, latest)) => {
                if g.due.as_ref().is_none_or(|d| at < d.at) {
                    g.due = Some(DueView {
                        rule: t,
                        at,
                        latest,
                    });
                }
            }
            None => g.without_undue_delay = true,
        }
    }
    groups.sort_by(|x, y| {
        x.status
            .cmp(&y.status)
            .then_with(|| match (&x.due, &y.due) {
                (Some(a), Some(b)) => a.at.cmp(&b.at),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| x.key.cmp(y.key))
    });
    let out: Vec<GroupView<'a>> = groups
        .into_iter()
        .map(|g| {
            let title = title(lang, &g);
            let mut missing_facts = Vec::new();
            if g.possible > 0 {
                paths(g.mask, &mut missing_facts);
                missing_facts.sort_unstable();
                missing_facts.dedup();
            }
            let settle = missing_facts
                .iter()
                .map(|p| fact_text(lang, p, req))
                .collect();
            GroupView {
                key: g.key,
                family: g.family,
                recipient: g.recipient,
                status: g.status,
                title,
                required: g.required,
                possible: g.possible,
                jurisdictions: g.jurisdictions,
                rules: g.rules,
                due: g.due,
                without_undue_delay: g.without_undue_delay,
                settle,
                missing_facts,
            }
        })
        .collect();
    let summary = summary(lang, &out);
    PlanView {
        lang,
        summary,
        groups: out,
        not_required,
    }
}

fn summary(lang: Lang, groups: &[GroupView<'_>]) -> String {
    let required: u32 = groups.iter().map(|g| g.required).sum();
    let possible: u32 = groups.iter().map(|g| g.possible).sum();
    if required + possible == 0 {
        return match lang {
            Lang::En => "Nothing to report or notify on these facts.".into(),
            Lang::Ja => "この事実関係では報告・通知の対象なし（報告対象外と判定）。".into(),
        };
    }
    // "{required} obligation(s) required, {possible} possible, in {groups} group(s)" /
    // "必要 {required}件、可能性あり {possible}件（{groups}グループ）": texts around three numbers.
    let texts: [&str; 4] = match lang {
        Lang::En => [
            "",
            " obligation(s) required, ",
            " possible, in ",
            " group(s)",
        ],
        Lang::Ja => ["必要 ", "件、可能性あり ", "件（", "グループ）"],
    };
    let mut s = String::with_capacity(160);
    for (text, n) in texts.iter().zip([required, possible, groups.len() as u32]) {
        s.push_str(text);
        super::engine::push_u64(&mut s, u64::from(n));
    }
    s.push_str(texts[3]);
    // "; first: {title} — {when}"
    if let Some(g) = groups.first() {
        s.push_str(match lang {
            Lang::En => "; first: ",
            Lang::Ja => "。最初に: ",
        });
        s.push_str(&g.title);
        s.push_str(" — ");
        match &g.due {
            Some(d) => super::json_out::rfc3339(&mut s, &d.at, false),
            None => s.push_str(match lang {
                Lang::En => "without undue delay",
                Lang::Ja => "速やかに",
            }),
        }
    }
    s
}
