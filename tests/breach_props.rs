//! Property tests of the policy engine over generated requests.
//!
//! - adding a true trigger never removes a required obligation;
//! - making protection stronger never adds (or raises) an obligation;
//! - deadlines never precede `aware_at`;
//! - the 確報 deadline never falls on an administrative closed day;
//! - the output is identical when `aware_at` is given in another offset for the same instant;
//! - `possible` obligations exist exactly when `missing_facts` is non-empty.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use mamori::breach::{
    self, AssessRequest, Assessment, Count, DataFacts, Due, IncidentFacts, IncidentKind,
    ObligationStatus, OrgType, Organisation, Protection, RiskLevel, Role,
};
use mamori::calendar::{BusinessCalendar, JapanAdministrative};
use proptest::prelude::*;

const CODES: &[&str] = &["JP", "EU", "UK", "KR", "SG", "AU", "IN", "US-CA", "US-NY"];
const ALGS: &[&str] = &[
    "AES-256-GCM",
    "aes-128-cbc",
    "XTS-AES-128",
    "ChaCha20-Poly1305",
    "DES",
    "RC4",
    "none",
];

fn tri() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), Just(Some(false)), Just(Some(true))]
}

fn kind() -> impl Strategy<Value = IncidentKind> {
    prop_oneof![
        Just(IncidentKind::Loss),
        Just(IncidentKind::Theft),
        Just(IncidentKind::Misdelivery),
        Just(IncidentKind::UnauthorizedAccess),
        Just(IncidentKind::Malware),
        Just(IncidentKind::Insider),
        Just(IncidentKind::Other),
    ]
}

fn risk() -> impl Strategy<Value = Option<RiskLevel>> {
    prop_oneof![
        Just(None),
        Just(Some(RiskLevel::Unlikely)),
        Just(Some(RiskLevel::Risk)),
        Just(Some(RiskLevel::High)),
    ]
}

fn offset() -> impl Strategy<Value = FixedOffset> {
    // Quarter-hour offsets from -12:00 to +14:00.
    (-48i32..=56).prop_map(|q| FixedOffset::east_opt(q * 900).unwrap())
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2021-06-01 .. 2031-01-01: covers effective dates (APPI 2022-04, CA 2026, India 2027-05)
    // and many year ends and Golden Weeks.
    (1_622_505_600i64..1_924_992_000i64).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
}

fn protection() -> impl Strategy<Value = Option<Protection>> {
    prop_oneof![
        Just(None),
        (prop::sample::select(ALGS), tri(), tri()).prop_map(|(a, k, w)| Some(Protection {
            algorithm: a.to_string(),
            key_separated: k,
            remote_wipe: w,
            ..Protection::default()
        })),
    ]
}

fn persons() -> impl Strategy<Value = BTreeMap<String, Option<Count>>> {
    prop::collection::btree_map(
        prop::sample::select(CODES).prop_map(str::to_string),
        prop_oneof![
            1 => Just(None),
            4 => (0u64..3000).prop_map(|n| Some(Count::exact(n))),
        ],
        0..4,
    )
}

prop_compose! {
    fn request()(
        org_type in prop_oneof![Just(OrgType::Business), Just(OrgType::PublicBody)],
        role in prop_oneof![3 => Just(Role::Controller), 1 => Just(Role::Processor)],
        established in prop::sample::subsequence(CODES, 0..3),
        hipaa in tri(),
        kind in kind(),
        at in instant(),
        off in offset(),
        recovered in tri(),
        persons in persons(),
        sensitive in tri(),
        financial in tri(),
        malicious in tri(),
        risk in risk(),
        protection in protection(),
    ) -> AssessRequest {
        AssessRequest {
            schema: "mamori.assess.v1".into(),
            organisation: Organisation {
                org_type,
                role,
                established_in: established.iter().map(|s| s.to_string()).collect(),
                hipaa_covered: hipaa,
                us_financial_institution: None,
                sec_registrant: None,
                nydfs_covered: None,
                nis2_entity: None,
                small_agent: None,
                kr_ict_provider: None,
                jp_report_to: None,
            },
            incident: IncidentFacts {
                kind,
                aware_at: at.with_timezone(&off),
                recovered_unviewed: recovered,
                assessed_at: None,
                done: Default::default(),
            },
            data: DataFacts {
                persons,
                sensitive,
                categories: None,
                financial_risk: financial,
                malicious,
                risk,
                protection,
            },
            report: None,
            lang: None,
            detail: None,
            assume: Default::default(),
        }
    }
}

fn statuses(a: &Assessment) -> BTreeMap<String, ObligationStatus> {
    a.obligations
        .iter()
        .map(|o| (o.id.to_string(), o.status))
        .collect()
}

/// Required external obligations. Internal ones (the AU/SG "finish assessing" clocks) are
/// discharged by establishing the facts, so a known risk level rightly removes them.
fn required(a: &Assessment) -> BTreeSet<String> {
    a.obligations
        .iter()
        .filter(|o| {
            o.status == ObligationStatus::Required && o.recipient != breach::Recipient::Internal
        })
        .map(|o| o.id.to_string())
        .collect()
}

fn rank(s: ObligationStatus) -> u8 {
    match s {
        ObligationStatus::NotRequired => 0,
        ObligationStatus::Possible => 1,
        ObligationStatus::Required => 2,
    }
}

/// One way of making a trigger true.
#[derive(Debug, Clone)]
enum Add {
    Sensitive,
    Financial,
    Malicious,
    MorePersons(usize, u64),
    RaiseRisk,
}

fn add() -> impl Strategy<Value = Add> {
    prop_oneof![
        Just(Add::Sensitive),
        Just(Add::Financial),
        Just(Add::Malicious),
        (0..CODES.len(), 1u64..5000).prop_map(|(i, n)| Add::MorePersons(i, n)),
        Just(Add::RaiseRisk),
    ]
}

fn apply(mut r: AssessRequest, a: &Add) -> AssessRequest {
    match a {
        Add::Sensitive => r.data.sensitive = Some(true),
        Add::Financial => r.data.financial_risk = Some(true),
        Add::Malicious => r.data.malicious = Some(true),
        Add::MorePersons(i, n) => {
            let e = r
                .data
                .persons
                .entry(CODES[*i].to_string())
                .or_insert(Some(Count::exact(0)));
            *e = Some(e.unwrap_or(Count::exact(0)).add(Count::exact(*n)));
        }
        Add::RaiseRisk => {
            r.data.risk = Some(match r.data.risk {
                None | Some(RiskLevel::Unlikely) => RiskLevel::Risk,
                Some(_) => RiskLevel::High,
            })
        }
    }
    r
}

/// "At least as strong" for a tri-state protection fact: false < unknown < true.
fn stronger_tri(v: Option<bool>, pick: u8) -> Option<bool> {
    match (v, pick % 3) {
        (Some(true), _) => Some(true),
        (None, 0) => None,
        (None, _) => Some(true),
        (Some(false), 0) => Some(false),
        (Some(false), 1) => None,
        (Some(false), _) => Some(true),
    }
}

fn strengthen(mut r: AssessRequest, k: u8, w: u8, upgrade_alg: bool) -> AssessRequest {
    let p = r.data.protection.take().unwrap_or(Protection {
        algorithm: "none".into(),
        key_separated: Some(false),
        remote_wipe: Some(false),
        ..Protection::default()
    });
    let listed = mamori::breach::algorithms::is_recognised_algorithm(&p.algorithm);
    r.data.protection = Some(Protection {
        algorithm: if upgrade_alg || listed {
            if listed {
                p.algorithm
            } else {
                "AES-256-GCM".into()
            }
        } else {
            p.algorithm
        },
        key_separated: stronger_tri(p.key_separated, k),
        remote_wipe: stronger_tri(p.remote_wipe, w),
        ..Protection::default()
    });
    r
}

fn instants(a: &Assessment) -> Vec<DateTime<FixedOffset>> {
    let mut v = Vec::new();
    for o in &a.obligations {
        match &o.due {
            Due::Deadline { at } => v.push(*at),
            Due::Window { target, latest } => {
                v.push(*target);
                v.push(*latest);
            }
            Due::WithoutUndueDelay => {}
            Due::AfterObligation { latest, .. } => v.extend(*latest),
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_true_trigger_never_removes_a_required_obligation(r in request(), a in add()) {
        let before = breach::assess(&r).unwrap();
        let after = breach::assess(&apply(r, &a)).unwrap();
        let lost: Vec<_> = required(&before).difference(&required(&after)).cloned().collect();
        prop_assert!(lost.is_empty(), "{:?} removed {:?}", a, lost);
    }

    #[test]
    fn stronger_protection_never_adds_an_obligation(
        r in request(), k in 0u8..3, w in 0u8..3, up in any::<bool>()
    ) {
        let before = breach::assess(&r).unwrap();
        let after = breach::assess(&strengthen(r, k, w, up)).unwrap();
        let b = statuses(&before);
        for (id, s) in statuses(&after) {
            let prev = b.get(&id).copied();
            prop_assert!(prev.is_some(), "{id} appeared");
            prop_assert!(rank(s) <= rank(prev.unwrap()), "{id}: {:?} -> {:?}", prev, s);
        }
    }

    #[test]
    fn deadlines_never_precede_aware_at(r in request()) {
        let a = breach::assess(&r).unwrap();
        for t in instants(&a) {
            prop_assert!(t >= r.incident.aware_at, "{t} < {}", r.incident.aware_at);
        }
    }

    #[test]
    fn final_report_deadline_is_never_a_closed_day(r in request()) {
        let a = breach::assess(&r).unwrap();
        if let Some(o) = a.obligations.iter().find(|o| o.id == "jp.appi.ppc.final") {
            let Due::Deadline { at } = &o.due else { panic!("not a deadline") };
            prop_assert_eq!(at.offset().local_minus_utc(), 9 * 3600);
            prop_assert_eq!(at.time(), chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap());
            prop_assert!(JapanAdministrative.is_open(at.date_naive()), "{}", at);
        }
    }

    #[test]
    fn output_is_identical_for_the_same_instant_in_another_offset(r in request(), off in offset()) {
        let mut moved = r.clone();
        moved.incident.aware_at = r.incident.aware_at.with_timezone(&off);
        let a = serde_json::to_string(&breach::assess(&r).unwrap()).unwrap();
        let b = serde_json::to_string(&breach::assess(&moved).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn possible_iff_missing_facts(r in request()) {
        let a = breach::assess(&r).unwrap();
        let any_possible = a.obligations.iter().any(|o| o.status == ObligationStatus::Possible);
        prop_assert_eq!(any_possible, !a.missing_facts.is_empty(), "{:?}", a.missing_facts);
        let mut sorted = a.missing_facts.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(&sorted, &a.missing_facts);
    }

    #[test]
    fn assess_into_a_reused_buffer_equals_a_fresh_assessment(a in request(), b in request()) {
        let mut buf = breach::assess(&a).unwrap();
        breach::assess_into(&b, &mut buf).unwrap();
        prop_assert_eq!(&buf, &breach::assess(&b).unwrap());
        breach::assess_into(&a, &mut buf).unwrap();
        prop_assert_eq!(&buf, &breach::assess(&a).unwrap());
    }

    /// One buffer reused over a run of requests (full answers and plan-only, both languages):
    /// its reasons and plan texts are refilled in place or re-shared, and each answer must
    /// serialise byte for byte as the JSON contract's answer to the same request.
    #[test]
    fn assess_into_one_buffer_over_many_requests_gives_the_json_answers(
        rs in prop::collection::vec(
            (request(), any::<bool>(), any::<bool>()),
            2..8,
        ),
    ) {
        let mut buf = breach::assess(&rs[0].0).unwrap();
        for (mut r, plan, ja) in rs {
            r.detail = plan.then_some(breach::Detail::Plan);
            r.lang = ja.then_some(breach::Lang::Ja);
            breach::assess_into(&r, &mut buf).unwrap();
            let json = breach::assess_json(&serde_json::to_string(&r).unwrap()).unwrap();
            prop_assert_eq!(serde_json::to_string(&buf).unwrap(), json);
        }
    }

    #[test]
    fn json_round_trip_gives_the_same_assessment(r in request()) {
        let json = serde_json::to_string(&r).unwrap();
        let via_json = breach::assess_json(&json).unwrap();
        let typed = serde_json::to_string(&breach::assess(&r).unwrap()).unwrap();
        prop_assert_eq!(via_json, typed);
    }
}
