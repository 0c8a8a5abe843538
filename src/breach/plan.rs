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
    /// The rule's texts (id, jurisdiction, zone name).
    pub text: &'a RuleText,
    /// Where the rule goes in the plan (its group, pre-rendered JSON).
    pub key: &'a PlanKey,
    pub status: ObligationStatus,
    pub due: &'d Due,
    /// The facts that kept it `possible` (0 otherwise).
    pub mask: u128,
}

/// A plan group of a rule pack (family, recipient, stage) and its constant texts, built once
/// when the pack is loaded and shared by the rules of the group ([`link`]).
#[derive(Debug, Clone)]
pub(crate) struct GroupText {
    key: Text,
    family: Text,
    recipient: Recipient,
    stage: Option<&'static str>,
    /// The title up to its status: "{family} — {recipient}: " in English, then Japanese.
    title: [Box<str>; 2],
    /// The group's JSON object up to its status value:
    /// `{"key":"…","family":"…","recipient":"…","status":"`.
    json_head: Box<str>,
    /// The ids of the group's rules in pack order (one per id) as JSON strings joined by
    /// commas, and where each ends: a run of consecutive rules is written as one copy.
    rules_json: Box<str>,
    rule_ends: Box<[u32]>,
    /// The same for their jurisdictions (one per id, repeats included).
    jurs_json: Box<str>,
    jur_ends: Box<[u32]>,
}

impl GroupText {
    /// Append the JSON array of the items of `list` (joined JSON, item ends) at the ranks
    /// `ranks` (increasing): consecutive ranks are copied as one run.
    fn write_ranks(out: &mut String, list: &str, ends: &[u32], ranks: impl Iterator<Item = u32>) {
        let span = |a: u32, b: u32| {
            let start = match a.checked_sub(1) {
                Some(p) => ends.get(p as usize).map_or(0, |&e| e as usize + 1),
                None => 0,
            };
            let end = ends.get(b as usize).map_or(list.len(), |&e| e as usize);
            list.get(start..end).unwrap_or_default()
        };
        out.push('[');
        let mut run: Option<(u32, u32)> = None;
        for r in ranks {
            run = match run {
                Some((a, b)) if r == b + 1 => Some((a, r)),
                Some((a, b)) => {
                    out.push_str(span(a, b));
                    out.push(',');
                    Some((r, r))
                }
                None => Some((r, r)),
            };
        }
        if let Some((a, b)) = run {
            out.push_str(span(a, b));
        }
        out.push(']');
    }
}

/// Where a rule goes in the plan, worked out once when its pack is loaded: its group (shared
/// by every rule of the group once [`link`] has run), and its id, jurisdiction and zone as
/// JSON strings (the plan lists them; writing them is then a copy).
#[derive(Debug, Clone)]
pub(crate) struct PlanKey {
    group: std::sync::Arc<GroupText>,
    /// Another rule (of another id) in the same plan group has the same jurisdiction: only
    /// then can a group list the jurisdiction twice (checked per assessment).
    jur_dup: bool,
    /// The rule's place among the ids of its plan group, in pack order.
    rank: u32,
    id_json: Box<str>,
    jur_json: Box<str>,
    zone_json: Box<str>,
}

/// `s` as a JSON string (quoted and escaped).
fn json_str(s: &str) -> Box<str> {
    let mut out = String::with_capacity(s.len() + 2);
    super::json_out::string(&mut out, s);
    out.into_boxed_str()
}

/// The family of the rule with `id` in `jurisdiction` (every US state or territory law,
/// `US-CA`, ..., is one family, `us-states`; every other rule belongs to the family named by
/// the first segment of its id), and its stage (`preliminary`, `final` and `initial` ids).
fn family_stage<'i>(id: &'i str, jurisdiction: &str) -> (&'i str, Option<&'static str>) {
    let j = jurisdiction.as_bytes();
    let last = id.rsplit('.').next().unwrap_or(id);
    let family = if j.len() > 3 && j.starts_with(b"US-") {
        "us-states"
    } else {
        id.split('.').next().unwrap_or(id)
    };
    let stage = ["preliminary", "final", "initial"]
        .into_iter()
        .find(|s| *s == last);
    (family, stage)
}

/// The plan group key: `family:recipient` or `family:recipient:stage`.
fn group_key(family: &str, recipient: Recipient, stage: Option<&str>) -> String {
    let mut key = String::with_capacity(family.len() + 24);
    key.push_str(family);
    key.push(':');
    key.push_str(recipient_name(recipient));
    if let Some(s) = stage {
        key.push(':');
        key.push_str(s);
    }
    key
}

impl PlanKey {
    /// The plan key of the rule with `id` in `jurisdiction` for `recipient`, due in `zone`
    /// (its group is its own until [`link`] shares it).
    pub(crate) fn of(id: &str, jurisdiction: &str, recipient: Recipient, zone: Zone) -> PlanKey {
        let (family, stage) = family_stage(id, jurisdiction);
        let key = group_key(family, recipient, stage);
        let title = [Lang::En, Lang::Ja].map(|lang| {
            let mut t = String::with_capacity(64);
            push_family_label(&mut t, lang, family);
            t.push_str(" — ");
            push_recipient_label(&mut t, lang, recipient, stage);
            t.push_str(": ");
            t.into_boxed_str()
        });
        let mut head = String::with_capacity(key.len() + family.len() + 64);
        head.push_str("{\"key\":");
        super::json_out::string(&mut head, &key);
        head.push_str(",\"family\":");
        super::json_out::string(&mut head, family);
        head.push_str(",\"recipient\":\"");
        head.push_str(recipient_name(recipient));
        head.push_str("\",\"status\":\"");
        let mut z = String::new();
        zone.write_name(&mut z);
        PlanKey {
            group: std::sync::Arc::new(GroupText {
                key: Text::shared(&key),
                family: Text::shared(family),
                recipient,
                stage,
                title,
                json_head: head.into_boxed_str(),
                rules_json: Box::default(),
                rule_ends: Box::default(),
                jurs_json: Box::default(),
                jur_ends: Box::default(),
            }),
            jur_dup: false,
            rank: 0,
            id_json: json_str(id),
            jur_json: json_str(jurisdiction),
            zone_json: json_str(&z),
        }
    }
}

impl PlanKey {
    /// The rule's id as a JSON string.
    pub(crate) fn id_json(&self) -> &str {
        &self.id_json
    }

    /// The rule's jurisdiction as a JSON string.
    pub(crate) fn jur_json(&self) -> &str {
        &self.jur_json
    }

    /// The name of the rule's zone as a JSON string.
    pub(crate) fn zone_json(&self) -> &str {
        &self.zone_json
    }
}

/// Share one [`GroupText`] between the rules of each plan group (the plan finds a group by
/// pointer), and mark the rules whose group has another rule id in the same jurisdiction
/// (`jur_dup`). `groups` are the pack's rules grouped by id (one id: one jurisdiction and
/// recipient), in pack order.
pub(crate) fn link(
    groups: &mut [Vec<super::pack::Rule>],
    count_slots: &[super::predicate::PersonsSel],
) -> PackPlan {
    let mut shared: Vec<std::sync::Arc<GroupText>> = Vec::new();
    let mut pairs: std::collections::HashMap<(usize, String), u32> =
        std::collections::HashMap::new();
    let mut of_group = Vec::with_capacity(groups.len());
    for g in groups.iter_mut() {
        let mut first = None;
        for r in g.iter_mut() {
            let t = &r.plan.group;
            let i = match shared.iter().position(|s| {
                s.family == t.family && s.recipient == t.recipient && s.stage == t.stage
            }) {
                Some(i) => i,
                None => {
                    shared.push(t.clone());
                    shared.len() - 1
                }
            };
            r.plan.group = shared[i].clone();
            first.get_or_insert((i, r.jurisdiction.clone()));
        }
        if let Some(k) = first.clone() {
            *pairs.entry(k).or_insert(0) += 1;
        }
        of_group.push(first);
    }
    // Each plan group's ids and jurisdictions in pack order, for writing runs of them.
    let mut lists: Vec<(String, Vec<u32>, String, Vec<u32>)> =
        vec![Default::default(); shared.len()];
    let mut ranks = Vec::with_capacity(groups.len());
    for (g, k) in groups.iter().zip(&of_group) {
        let (Some((i, _)), Some(r)) = (k, g.first()) else {
            ranks.push(0);
            continue;
        };
        let (ids, id_ends, jurs, jur_ends) = &mut lists[*i];
        ranks.push(id_ends.len() as u32);
        for (text, list, ends) in [
            (&r.plan.id_json, ids, id_ends),
            (&r.plan.jur_json, jurs, jur_ends),
        ] {
            if !list.is_empty() {
                list.push(',');
            }
            list.push_str(text);
            ends.push(list.len() as u32);
        }
    }
    let shared: Vec<std::sync::Arc<GroupText>> = shared
        .into_iter()
        .zip(lists)
        .map(|(t, (ids, id_ends, jurs, jur_ends))| {
            std::sync::Arc::new(GroupText {
                rules_json: ids.into_boxed_str(),
                rule_ends: id_ends.into_boxed_slice(),
                jurs_json: jurs.into_boxed_str(),
                jur_ends: jur_ends.into_boxed_slice(),
                ..(*t).clone()
            })
        })
        .collect();
    for ((g, k), rank) in groups.iter_mut().zip(of_group).zip(ranks) {
        let dup = k
            .as_ref()
            .is_some_and(|k| pairs.get(k).is_some_and(|&n| n > 1));
        for r in g {
            r.plan.jur_dup = dup;
            r.plan.rank = rank;
            if let Some((i, _)) = &k {
                r.plan.group = shared[*i].clone();
            }
        }
    }
    PackPlan::new(count_slots)
}

/// What the plan needs of a whole rule pack, worked out when it is loaded.
#[derive(Debug, Clone)]
pub(crate) struct PackPlan {
    /// The countries (sorted) of which some count selector names a subdivision (`US` for
    /// `US-CA`), or names the largest subdivision (`max(US-*)`): the only keys other than
    /// `unknown` whose persons *may* belong to a selection they do not match. A key with an
    /// exact count outside this list is never a missing fact.
    may_countries: Vec<String>,
}

impl PackPlan {
    fn new(count_slots: &[super::predicate::PersonsSel]) -> PackPlan {
        use super::predicate::PersonsSel;
        let country = |c: &String| c.split_once('-').map(|(k, _)| k.to_string());
        let mut may_countries: Vec<String> = count_slots
            .iter()
            .flat_map(|sel| match sel {
                PersonsSel::Key(c) => country(c).into_iter().collect::<Vec<_>>(),
                PersonsSel::Group(ms) => ms.iter().filter_map(country).collect(),
                PersonsSel::LargestSub(p) => vec![p.clone()],
                PersonsSel::Prefix(_) | PersonsSel::All => Vec::new(),
            })
            .collect();
        may_countries.sort_unstable();
        may_countries.dedup();
        PackPlan { may_countries }
    }

    /// Set the persons (bits by index into `persons`) that a missing count may name: those
    /// of an inexact count, of unknown jurisdiction, or under a country in `may_countries`.
    fn candidates(
        &self,
        persons: &std::collections::BTreeMap<String, Option<Count>>,
        out: &mut [u64],
    ) {
        for (j, (k, v)) in persons.iter().enumerate() {
            let exact = v.is_some_and(|c| c.is_exact());
            let may = !exact
                || k == super::predicate::UNKNOWN_KEY
                || self
                    .may_countries
                    .binary_search_by(|c| c.as_str().cmp(k))
                    .is_ok();
            if may && let Some(w) = out.get_mut(j / 64) {
                *w |= 1 << (j % 64);
            }
        }
    }
}

/// The texts of the rule with `id` as answers carry them (see [`RuleText`]).
pub(crate) fn rule_text(id: &str, jurisdiction: &str, basis: &str, zone: Zone) -> RuleText {
    let mut z = String::new();
    zone.write_name(&mut z);
    RuleText {
        id: Text::shared(id),
        jurisdiction: Text::shared(jurisdiction),
        basis: Text::shared(basis),
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

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Ja => 1,
    }
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
    let mut out = String::new();
    push_grouped(&mut out, n);
    out
}

/// Append `n` with thousands separators.
fn push_grouped(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let digits = super::engine::decimal(n, &mut buf);
    out.reserve(digits.len() + digits.len() / 3);
    for (k, &c) in digits.iter().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(char::from(c));
    }
}

/// Append a head count in words ("1,000", "900–1,500", "at least 5", "an unknown number of").
fn push_count(s: &mut String, lang: Lang, c: Option<Count>) {
    match c {
        None => s.push_str(match lang {
            Lang::En => "an unknown number of",
            Lang::Ja => "人数不明の",
        }),
        Some(c) => match (c.is_exact(), c.max(), lang) {
            (true, _, _) => push_grouped(s, c.min()),
            (false, Some(m), lang) => {
                push_grouped(s, c.min());
                s.push_str(match lang {
                    Lang::En => "–",
                    Lang::Ja => "～",
                });
                push_grouped(s, m);
            }
            (false, None, Lang::En) => {
                s.push_str("at least ");
                push_grouped(s, c.min());
            }
            (false, None, Lang::Ja) => {
                push_grouped(s, c.min());
                s.push_str("以上の");
            }
        },
    }
}

/// Append the missing person count under `data.persons.{k}` in words.
fn push_person_fact(s: &mut String, lang: Lang, k: &str, n: Option<Count>) {
    let exact = n.is_some_and(|n| n.is_exact());
    let parts: [&str; 2] = match (k, lang) {
        ("unknown", Lang::En) => ["the countries of ", " persons of unknown jurisdiction"],
        ("unknown", Lang::Ja) => ["国・地域が不明な本人", "人の国・地域"],
        ("US", Lang::En) => ["the states of ", " US persons"],
        ("US", Lang::Ja) => ["米国の本人", "人の州"],
        (_, Lang::En) if exact => {
            s.push_str("the subdivisions of ");
            push_count(s, lang, n);
            s.push_str(" persons in ");
            s.push_str(k);
            return;
        }
        (_, Lang::En) => {
            s.push_str("the number of persons in ");
            s.push_str(k);
            s.push_str(" (");
            push_count(s, lang, n);
            s.push(')');
            return;
        }
        (_, Lang::Ja) if exact => {
            s.push_str(k);
            s.push_str("の本人");
            push_count(s, lang, n);
            s.push_str("人の州・地域");
            return;
        }
        (_, Lang::Ja) => {
            s.push_str(k);
            s.push_str("の本人の数（");
            push_count(s, lang, n);
            s.push('）');
            return;
        }
    };
    s.push_str(parts[0]);
    push_count(s, lang, n);
    s.push_str(parts[1]);
}

/// A missing fact that is not a person count, in words (English, Japanese); the path itself
/// for facts without words.
fn fixed_fact_text(path: &'static str) -> (&'static str, &'static str) {
    match path {
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
        other => (other, other),
    }
}

use super::predicate::FIXED_SLOTS;

/// A fact of [`FIXED_SLOTS`] as the plan writes it: path and words (English, Japanese), and
/// the same as JSON strings.
pub(crate) struct FixedFact {
    path: &'static str,
    text: [&'static str; 2],
    path_json: Box<str>,
    text_json: [Box<str>; 2],
}

/// The facts of [`FIXED_SLOTS`] in the order of their paths, split where the paths of
/// `data.persons.*` go (none of them starts with `data.persons.`, so each sorts before or
/// after all of those), and each slot's rank in that order.
struct FixedOrder {
    facts: Vec<FixedFact>,
    rank: [u8; FIXED_SLOTS.len()],
    /// How many sort before `data.persons.`.
    before: u32,
}

static FIXED_ORDER: std::sync::LazyLock<FixedOrder> = std::sync::LazyLock::new(|| {
    let mut slots: Vec<usize> = (0..FIXED_SLOTS.len()).collect();
    slots.sort_unstable_by_key(|&i| FIXED_SLOTS[i]);
    let mut rank = [0u8; FIXED_SLOTS.len()];
    for (r, &i) in slots.iter().enumerate() {
        rank[i] = r as u8;
    }
    let facts = slots
        .iter()
        .map(|&i| {
            let path = FIXED_SLOTS[i];
            let (en, ja) = fixed_fact_text(path);
            FixedFact {
                path,
                text: [en, ja],
                path_json: json_str(path),
                text_json: [json_str(en), json_str(ja)],
            }
        })
        .collect();
    let before = slots
        .iter()
        .take_while(|&&i| FIXED_SLOTS[i] < PERSONS_PREFIX)
        .count() as u32;
    FixedOrder {
        facts,
        rank,
        before,
    }
});

const PERSONS_PREFIX: &str = "data.persons.";
const FIXED_BITS: u128 = (1 << FIXED_SLOTS.len()) - 1;

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

/// The earliest due time of a group, borrowing its rule's texts.
pub(crate) struct DueView<'a> {
    pub rule: &'a RuleText,
    pub key: &'a PlanKey,
    pub at: DateTime<FixedOffset>,
    pub latest: Option<DateTime<FixedOffset>>,
}

const NONE: u32 = u32::MAX;

/// One obligation in a group: its rule, the next obligation of the same group, and whether it
/// is the group's first in its jurisdiction.
struct Entry<'a> {
    text: &'a RuleText,
    key: &'a PlanKey,
    next: u32,
    first: bool,
}

/// One group of the plan as the obligations are summed up (no lists: its obligations are a
/// chain through [`PlanView::entries`]).
pub(crate) struct Acc<'a> {
    group: &'a GroupText,
    head: u32,
    tail: u32,
    status: ObligationStatus,
    required: u32,
    possible: u32,
    jurisdictions: u32,
    due: Option<DueView<'a>>,
    without_undue_delay: bool,
    mask: u128,
    /// Where its named persons start in [`PlanView::named`] (words of bits by index into
    /// `data.persons`).
    named_at: usize,
}

/// The response plan of one assessment, borrowing the pack's texts and the request's person
/// counts: what the JSON answer writes directly ([`json_out`](super::json_out)), and what
/// [`fill`](PlanView::fill) writes into a typed [`ResponsePlan`] (reusing its allocations).
pub(crate) struct PlanView<'a> {
    pub lang: Lang,
    pub not_required: u32,
    /// The groups, in the plan's order.
    groups: Vec<Acc<'a>>,
    entries: Vec<Entry<'a>>,
    persons: &'a std::collections::BTreeMap<String, Option<Count>>,
    /// Per group, `words` words of bits: the persons whose keys are missing facts.
    named: Vec<u64>,
    words: usize,
    /// The union of the groups' missing facts (the answer's `missing_facts`).
    mask: u128,
}

/// A missing fact of a group, in the order of its path.
#[derive(Clone, Copy)]
pub(crate) enum Fact<'a> {
    /// A fact of [`FIXED_SLOTS`].
    Fixed(&'static FixedFact),
    /// The persons under `data.persons.{key}`.
    Persons(&'a str, Option<Count>),
}

impl Fact<'_> {
    /// Append the fact in words.
    pub(crate) fn push_text(self, s: &mut String, lang: Lang) {
        match self {
            Fact::Fixed(f) => s.push_str(f.text[lang_index(lang)]),
            Fact::Persons(k, n) => push_person_fact(s, lang, k, n),
        }
    }

    /// Append the fact's request path.
    pub(crate) fn push_path(self, s: &mut String) {
        match self {
            Fact::Fixed(f) => s.push_str(f.path),
            Fact::Persons(k, _) => {
                s.push_str(PERSONS_PREFIX);
                s.push_str(k);
            }
        }
    }

    /// Append the fact in words as a JSON string (`scratch`: room to write it first).
    pub(crate) fn write_text_json(self, out: &mut String, lang: Lang, scratch: &mut String) {
        match self {
            Fact::Fixed(f) => out.push_str(&f.text_json[lang_index(lang)]),
            Fact::Persons(..) => {
                scratch.clear();
                self.push_text(scratch, lang);
                super::json_out::string(out, scratch);
            }
        }
    }

    /// Append the fact's request path as a JSON string.
    pub(crate) fn write_path_json(self, out: &mut String, scratch: &mut String) {
        match self {
            Fact::Fixed(f) => out.push_str(&f.path_json),
            Fact::Persons(..) => {
                scratch.clear();
                self.push_path(scratch);
                super::json_out::string(out, scratch);
            }
        }
    }
}

/// The missing facts of one group or answer, in the order of their paths: the fixed facts
/// before `data.persons.*`, the persons, then the other fixed facts.
pub(crate) struct Facts<'p, 'a> {
    /// Ranks (in [`FixedOrder`]) of the fixed facts still to give.
    ranks: u32,
    before: u32,
    order: &'static FixedOrder,
    named: &'p [u64],
    /// The persons still to look at (none when no person is named).
    persons:
        Option<std::iter::Enumerate<std::collections::btree_map::Iter<'a, String, Option<Count>>>>,
    len: usize,
}

impl<'a> Iterator for Facts<'_, 'a> {
    type Item = Fact<'a>;

    fn next(&mut self) -> Option<Fact<'a>> {
        let r = self.ranks.trailing_zeros();
        if self.ranks != 0 && (r < self.before || self.persons.is_none()) {
            self.ranks &= self.ranks - 1;
            self.len -= 1;
            return self.order.facts.get(r as usize).map(Fact::Fixed);
        }
        if let Some(it) = &mut self.persons {
            for (j, (k, n)) in it.by_ref() {
                if self
                    .named
                    .get(j / 64)
                    .is_some_and(|w| w & (1 << (j % 64)) != 0)
                {
                    self.len -= 1;
                    return Some(Fact::Persons(k.as_str(), *n));
                }
            }
            self.persons = None;
            return self.next();
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl ExactSizeIterator for Facts<'_, '_> {}

/// Set the persons (bits by index into `persons`) that a missing count of any slot of `slots`
/// names, as `missing_paths` does: a key whose count is inexact and that the slot's selector
/// matches, or whose persons may belong to it (unknown jurisdiction, unknown subdivision) and
/// are not exactly 0. `within`: the persons that can be named at all (the union's); stops once
/// all of them are.
fn name_persons(
    mut slots: u128,
    count_slots: &[super::predicate::PersonsSel],
    persons: &std::collections::BTreeMap<String, Option<Count>>,
    out: &mut [u64],
    within: Option<&[u64]>,
) {
    let mut left: u32 = match within {
        Some(w) => w.iter().map(|x| x.count_ones()).sum(),
        None => persons.len() as u32,
    };
    while slots != 0 && left > 0 {
        let i = slots.trailing_zeros() as usize;
        slots &= slots - 1;
        let Some(sel) = count_slots.get(i) else {
            break;
        };
        for (j, (k, v)) in persons.iter().enumerate() {
            let (w, b) = (j / 64, 1u64 << (j % 64));
            if out[w] & b != 0 || within.is_some_and(|u| u[w] & b == 0) {
                continue;
            }
            let inexact = !v.is_some_and(|c| c.is_exact());
            let may = sel.may_match(k) && *v != Some(Count::exact(0));
            if (inexact && sel.matches(k)) || may {
                out[w] |= b;
                left -= 1;
            }
        }
    }
}

/// Build the plan from the obligations (in the assessment's order).
pub(crate) fn build<'a>(
    req: &'a AssessRequest,
    items: impl ExactSizeIterator<Item = PlanItem<'a, 'a>>,
    count_slots: &[super::predicate::PersonsSel],
    pack: &PackPlan,
) -> PlanView<'a> {
    let lang = req.lang();
    let mut groups: Vec<Acc<'a>> = Vec::new();
    let mut entries: Vec<Entry<'a>> = Vec::with_capacity(items.len());
    let mut not_required = 0u32;
    for o in items {
        if o.status == ObligationStatus::NotRequired {
            not_required += 1;
            continue;
        }
        let t = o.text;
        let group = &*o.key.group;
        let gi = match groups.iter().position(|g| std::ptr::eq(g.group, group)) {
            Some(i) => i,
            None => {
                groups.push(Acc {
                    group,
                    head: NONE,
                    tail: NONE,
                    status: ObligationStatus::NotRequired,
                    required: 0,
                    possible: 0,
                    jurisdictions: 0,
                    due: None,
                    without_undue_delay: false,
                    mask: 0,
                    named_at: 0,
                });
                groups.len() - 1
            }
        };
        let e = entries.len() as u32;
        let g = &mut groups[gi];
        // A new jurisdiction for the group unless another rule id of the group in the same
        // jurisdiction came first (only possible when the pack has such rules: `jur_dup`).
        let first = !o.key.jur_dup || {
            let j = t.jurisdiction.as_str();
            let mut at = g.head;
            let mut seen = false;
            while let Some(x) = entries.get(at as usize) {
                if x.first && x.text.jurisdiction.as_str() == j {
                    seen = true;
                    break;
                }
                at = x.next;
            }
            !seen
        };
        entries.push(Entry {
            text: t,
            key: o.key,
            next: NONE,
            first,
        });
        match entries.get_mut(g.tail as usize) {
            Some(prev) => prev.next = e,
            None => g.head = e,
        }
        g.tail = e;
        g.jurisdictions += u32::from(first);
        g.status = g.status.min(o.status);
        match o.status {
            ObligationStatus::Required => g.required += 1,
            _ => g.possible += 1,
        }
        g.mask |= o.mask;
        match due_at(o.due) {
            Some((at, latest)) => {
                if g.due.as_ref().is_none_or(|d| at < d.at) {
                    g.due = Some(DueView {
                        rule: t,
                        key: o.key,
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
            .then_with(|| x.group.key.cmp(&y.group.key))
    });
    // The persons each group's missing counts name: the union's once, then each distinct
    // set of slots within it (most groups share theirs).
    let persons = &req.data.persons;
    let slots_of = |g: &Acc<'_>| {
        if g.possible > 0 {
            g.mask >> FIXED_SLOTS.len()
        } else {
            0
        }
    };
    let union = groups.iter().fold(0, |u, g| u | slots_of(g));
    let mut named = Vec::new();
    let mut words = 0;
    if union != 0 && !persons.is_empty() {
        words = persons.len().div_ceil(64);
        named.resize(words * (groups.len() + 2), 0);
        let (blocks, rest) = named.split_at_mut(words * groups.len());
        let (all, may) = rest.split_at_mut(words);
        // Only keys a missing count can name are looked at (most requests name one or two).
        pack.candidates(persons, may);
        name_persons(union, count_slots, persons, all, Some(may));
        for i in 0..groups.len() {
            let s = slots_of(&groups[i]);
            groups[i].named_at = i * words;
            if s == 0 {
                continue;
            }
            let (done, rest) = blocks.split_at_mut(i * words);
            let out = &mut rest[..words];
            if s == union {
                out.copy_from_slice(all);
            } else if let Some(j) = (0..i).find(|&j| slots_of(&groups[j]) == s) {
                out.copy_from_slice(&done[j * words..(j + 1) * words]);
            } else {
                name_persons(s, count_slots, persons, out, Some(all));
            }
        }
    }
    let mask = groups.iter().fold(0, |m, g| m | g.mask);
    PlanView {
        lang,
        not_required,
        groups,
        entries,
        persons,
        named,
        words,
        mask,
    }
}

/// One group of a [`PlanView`], with access to its obligations and facts.
pub(crate) struct GroupRef<'p, 'a> {
    plan: &'p PlanView<'a>,
    g: &'p Acc<'a>,
}

impl<'p, 'a> GroupRef<'p, 'a> {
    fn members(&self) -> impl Iterator<Item = &'p Entry<'a>> + use<'p, 'a> {
        let entries = &self.plan.entries;
        let mut at = self.g.head;
        std::iter::from_fn(move || {
            let e = entries.get(at as usize)?;
            at = e.next;
            Some(e)
        })
    }

    /// The group's JSON object up to its status value.
    pub(crate) fn json_head(&self) -> &'a str {
        &self.g.group.json_head
    }

    pub(crate) fn status(&self) -> ObligationStatus {
        self.g.status
    }

    pub(crate) fn required(&self) -> u32 {
        self.g.required
    }

    pub(crate) fn possible(&self) -> u32 {
        self.g.possible
    }

    pub(crate) fn without_undue_delay(&self) -> bool {
        self.g.without_undue_delay
    }

    pub(crate) fn due(&self) -> Option<&'p DueView<'a>> {
        self.g.due.as_ref()
    }

    /// Append the JSON array of the group's rule ids.
    pub(crate) fn write_rules(&self, out: &mut String) {
        let t = self.g.group;
        GroupText::write_ranks(
            out,
            &t.rules_json,
            &t.rule_ends,
            self.members().map(|e| e.key.rank),
        );
    }

    /// Append the JSON array of the group's jurisdictions (without repeats).
    pub(crate) fn write_jurisdictions(&self, out: &mut String) {
        let t = self.g.group;
        GroupText::write_ranks(
            out,
            &t.jurs_json,
            &t.jur_ends,
            self.members().filter(|e| e.first).map(|e| e.key.rank),
        );
    }

    /// Append the group's title: "{family} — {recipient}: {status} ({jurisdiction})" or "...
    /// in {n} jurisdictions" (Japanese: "…（{jurisdiction}）", "…: {n}法域で{status}").
    pub(crate) fn push_title(&self, t: &mut String) {
        let lang = self.plan.lang;
        let g = self.g;
        let word = status_word(lang, g.status);
        t.push_str(&g.group.title[lang_index(lang)]);
        match (lang, g.jurisdictions) {
            (_, 1) => {
                let (open, close) = match lang {
                    Lang::En => (" (", ")"),
                    Lang::Ja => ("（", "）"),
                };
                t.push_str(word);
                t.push_str(open);
                if let Some(e) = self.members().next() {
                    t.push_str(&e.text.jurisdiction);
                }
                t.push_str(close);
            }
            (Lang::En, n) => {
                t.push_str(word);
                t.push_str(" in ");
                super::engine::push_u64(t, u64::from(n));
                t.push_str(" jurisdictions");
            }
            (Lang::Ja, n) => {
                super::engine::push_u64(t, u64::from(n));
                t.push_str("法域で");
                t.push_str(word);
            }
        }
    }

    /// The facts that would settle the group, in the order of their paths (none when every
    /// obligation of the group is `required`).
    pub(crate) fn facts(&self) -> Facts<'p, 'a> {
        let g = self.g;
        let plan = self.plan;
        if g.possible > 0 {
            let named = plan
                .named
                .get(g.named_at..g.named_at + plan.words)
                .unwrap_or(&[]);
            facts_of(g.mask & FIXED_BITS, named, plan.persons)
        } else {
            facts_of(0, &[], plan.persons)
        }
    }
}

/// The facts of the fixed slots `fixed` and of the persons `named` (bits by index into
/// `persons`), in the order of their paths.
fn facts_of<'p, 'a>(
    fixed: u128,
    named: &'p [u64],
    persons: &'a std::collections::BTreeMap<String, Option<Count>>,
) -> Facts<'p, 'a> {
    let order = &*FIXED_ORDER;
    let mut ranks = 0u32;
    let mut bits = fixed;
    while bits != 0 {
        let slot = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        if let Some(&r) = order.rank.get(slot) {
            ranks |= 1 << r;
        }
    }
    let n_named: u32 = named.iter().map(|w| w.count_ones()).sum();
    Facts {
        ranks,
        before: order.before,
        order,
        named,
        persons: (n_named > 0).then(|| persons.iter().enumerate()),
        len: (ranks.count_ones() + n_named) as usize,
    }
}

/// Room for `n` items in `v`: an empty vector is allocated at that size directly (a fresh
/// answer's lists; cheaper than growing), a used one grows only if it must.
/// Not plain `Vec::reserve`: with it a fresh typed lost-phone answer cost 54,656 instructions
/// instead of 51,223 (callgrind, session 11 review; measured together with `draft_applies`,
/// which only removes work).
fn reserve_vec<T>(v: &mut Vec<T>, n: usize) {
    if v.capacity() == 0 {
        *v = Vec::with_capacity(n);
    } else {
        v.reserve(n.saturating_sub(v.len()));
    }
}

/// [`reserve_vec`] for a string (cleared).
fn reserve_str(s: &mut String, n: usize) {
    if s.capacity() == 0 {
        *s = String::with_capacity(n);
    }
}

/// Make `v` the request paths of `facts`, reusing its strings.
pub(crate) fn set_paths<'f>(v: &mut Vec<String>, facts: impl ExactSizeIterator<Item = Fact<'f>>) {
    reserve_vec(v, facts.len());
    let mut n = 0;
    for f in facts {
        match v.get_mut(n) {
            Some(s) => {
                s.clear();
                f.push_path(s);
            }
            None => v.push(match f {
                Fact::Fixed(f) => f.path.to_owned(),
                Fact::Persons(k, _) => {
                    let mut s = String::with_capacity(PERSONS_PREFIX.len() + k.len());
                    f.push_path(&mut s);
                    s
                }
            }),
        }
        n += 1;
    }
    v.truncate(n);
}

/// Make `v` the shared texts `src`, reusing its allocation and its entries.
fn set_texts<'t>(v: &mut Vec<Text>, len: usize, src: impl Iterator<Item = &'t Text>) {
    reserve_vec(v, len);
    let mut n = 0;
    for t in src {
        match v.get_mut(n) {
            Some(s) => s.set_shared(t),
            None => v.push(t.clone()),
        }
        n += 1;
    }
    v.truncate(n);
}

impl<'a> PlanView<'a> {
    /// The groups, first thing to do first.
    pub(crate) fn groups(&self) -> impl ExactSizeIterator<Item = GroupRef<'_, 'a>> {
        self.groups.iter().map(move |g| GroupRef { plan: self, g })
    }

    /// The missing facts of the whole answer (every obligation's), in the order of their
    /// paths: what `missing_paths` gives for the union of the obligations' masks, sorted.
    pub(crate) fn missing_facts(&self) -> Facts<'_, 'a> {
        let at = self.words * self.groups.len();
        let named = self.named.get(at..at + self.words).unwrap_or(&[]);
        facts_of(self.mask & FIXED_BITS, named, self.persons)
    }

    /// Append the plan's one-line summary: how many obligations are required or possible, and
    /// what is due first.
    pub(crate) fn push_summary(&self, s: &mut String) {
        let lang = self.lang;
        let required: u32 = self.groups.iter().map(|g| g.required).sum();
        let possible: u32 = self.groups.iter().map(|g| g.possible).sum();
        if required + possible == 0 {
            s.push_str(match lang {
                Lang::En => "Nothing to report or notify on these facts.",
                Lang::Ja => "この事実関係では報告・通知の対象なし（報告対象外と判定）。",
            });
            return;
        }
        // "{required} obligation(s) required, {possible} possible, in {groups} group(s)" /
        // "必要 {required}件、可能性あり {possible}件（{groups}グループ）": texts around three
        // numbers.
        let texts: [&str; 4] = match lang {
            Lang::En => [
                "",
                " obligation(s) required, ",
                " possible, in ",
                " group(s)",
            ],
            Lang::Ja => ["必要 ", "件、可能性あり ", "件（", "グループ）"],
        };
        s.reserve(160);
        for (text, n) in texts
            .iter()
            .zip([required, possible, self.groups.len() as u32])
        {
            s.push_str(text);
            super::engine::push_u64(s, u64::from(n));
        }
        s.push_str(texts[3]);
        // "; first: {title} — {when}"
        if let Some(g) = self.groups().next() {
            s.push_str(match lang {
                Lang::En => "; first: ",
                Lang::Ja => "。最初に: ",
            });
            g.push_title(s);
            s.push_str(" — ");
            match g.due() {
                Some(d) => super::json_out::rfc3339(s, &d.at, false),
                None => s.push_str(match lang {
                    Lang::En => "without undue delay",
                    Lang::Ja => "速やかに",
                }),
            }
        }
    }

    /// Write the typed plan into `p`, reusing its allocations (groups, lists, strings) and
    /// sharing the pack's texts.
    pub(crate) fn fill(&self, p: &mut ResponsePlan) {
        p.lang = self.lang;
        p.summary.clear();
        reserve_str(&mut p.summary, 160);
        self.push_summary(&mut p.summary);
        p.not_required = self.not_required;
        p.groups.truncate(self.groups.len());
        p.groups.reserve(self.groups.len() - p.groups.len());
        for (i, g) in self.groups().enumerate() {
            let gt = g.g.group;
            if i == p.groups.len() {
                p.groups.push(PlanGroup {
                    key: gt.key.clone(),
                    family: gt.family.clone(),
                    recipient: gt.recipient,
                    status: g.g.status,
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
            o.key.set_shared(&gt.key);
            o.family.set_shared(&gt.family);
            o.recipient = gt.recipient;
            o.status = g.g.status;
            o.title.clear();
            reserve_str(&mut o.title, 96);
            g.push_title(&mut o.title);
            o.required = g.g.required;
            o.possible = g.g.possible;
            set_texts(
                &mut o.jurisdictions,
                g.g.jurisdictions as usize,
                g.members()
                    .filter(|e| e.first)
                    .map(|e| &e.text.jurisdiction),
            );
            set_texts(
                &mut o.rules,
                (g.g.required + g.g.possible) as usize,
                g.members().map(|e| &e.text.id),
            );
            match (&g.g.due, &mut o.due) {
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
            o.without_undue_delay = g.g.without_undue_delay;
            set_paths(&mut o.missing_facts, g.facts());
            reserve_vec(&mut o.settle, o.missing_facts.len());
            let mut n = 0;
            for f in g.facts() {
                let t = match f {
                    Fact::Fixed(f) => Text::from_static(f.text[lang_index(self.lang)]),
                    Fact::Persons(..) => {
                        if let Some(t) = o.settle.get_mut(n) {
                            f.push_text(t.owned_cleared(), self.lang);
                            n += 1;
                            continue;
                        }
                        let mut t = String::with_capacity(64);
                        f.push_text(&mut t, self.lang);
                        Text::from(t)
                    }
                };
                match o.settle.get_mut(n) {
                    Some(s) => *s = t,
                    None => o.settle.push(t),
                }
                n += 1;
            }
            o.settle.truncate(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breach::predicate::missing_paths;

    /// The plan's missing facts for a mask — fixed facts in path order, persons named by the
    /// mask's count slots, within the union's persons or not — are exactly what
    /// `missing_paths` gives, sorted and without repeats, over the default pack's count slots,
    /// many person maps and many masks.
    #[test]
    fn facts_match_missing_paths() {
        let pack = crate::breach::pack::default_pack_ref();
        let slots = &pack.count_slots;
        let keys = [
            "JP", "US", "US-CA", "US-NY", "unknown", "EU", "DE", "DE-BY", "KR", "CA", "CA-QC",
        ];
        let counts = [
            None,
            Some(Count::exact(0)),
            Some(Count::exact(7)),
            Some(Count::range(1, Some(9))),
            Some(Count::range(0, None)),
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let person_bits = slots.len().min(128 - FIXED_SLOTS.len());
        let mut checked = 0;
        for _ in 0..400 {
            let mut persons = std::collections::BTreeMap::new();
            for k in keys {
                if next() % 3 == 0 {
                    persons.insert(k.to_string(), counts[(next() % 5) as usize]);
                }
            }
            let mut req: AssessRequest = crate::breach::parse_request(
                r#"{"schema":"mamori.assess.v1",
                "organisation":{"type":"business","role":"controller","established_in":["JP"]},
                "incident":{"kind":"loss","aware_at":"2026-12-03T10:15:00+09:00"},
                "data":{"persons":{}}}"#,
            )
            .unwrap();
            req.data.persons = persons;
            let words = req.data.persons.len().div_ceil(64).max(1);
            let union = (u128::from(next()) << 64 | u128::from(next()))
                & ((1u128 << (FIXED_SLOTS.len() + person_bits)) - 1);
            let mut all = vec![0u64; words];
            name_persons(
                union >> FIXED_SLOTS.len(),
                slots,
                &req.data.persons,
                &mut all,
                None,
            );
            // Looking only at the pack's candidate keys names the same persons.
            let mut may = vec![0u64; words];
            pack.plan.candidates(&req.data.persons, &mut may);
            let mut within_may = vec![0u64; words];
            name_persons(
                union >> FIXED_SLOTS.len(),
                slots,
                &req.data.persons,
                &mut within_may,
                Some(&may),
            );
            assert_eq!(within_may, all, "{:?}", req.data.persons);
            for _ in 0..8 {
                let mask = union & (u128::from(next()) << 64 | u128::from(next()));
                let mut want = Vec::new();
                missing_paths(mask, slots, &req, &mut want);
                want.sort_unstable();
                want.dedup();
                for within in [None, Some(&all[..])] {
                    let mut named = vec![0u64; words];
                    name_persons(
                        mask >> FIXED_SLOTS.len(),
                        slots,
                        &req.data.persons,
                        &mut named,
                        within,
                    );
                    let f = facts_of(mask & FIXED_BITS, &named, &req.data.persons);
                    assert_eq!(f.len(), want.len());
                    let mut got = Vec::new();
                    set_paths(&mut got, f);
                    assert_eq!(got, want, "{mask:x} {:?}", req.data.persons);
                    checked += usize::from(!want.is_empty());
                }
            }
        }
        assert!(checked > 1000);
    }
}
