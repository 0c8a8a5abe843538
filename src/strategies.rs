//! Well-shaped random inputs for downstream test suites (features `arbitrary` and `proptest`).
//!
//! A CRM vendor's own suite can fuzz or property-test the policy engine with requests that
//! always parse, instead of bytes that mostly fail at the JSON layer:
//!
//! - feature **`arbitrary`**: [`arbitrary::Arbitrary`] for [`AssessRequest`] and its parts
//!   ([`Organisation`], [`IncidentFacts`], [`DataFacts`], [`Protection`], [`ReportInput`],
//!   [`OrgType`], [`Role`], [`IncidentKind`], [`RiskLevel`]), for `cargo fuzz` targets
//!   (`fuzz_target!(|req: AssessRequest| ...)`) and other structure-aware fuzzers;
//! - feature **`proptest`**: strategies in [`prop`] (e.g. [`prop::assess_request`]).
//!
//! Both draw from the same shapes: every tri-state fact as `true`/`false`/unknown; head counts
//! clustered around the thresholds (100, 1,000, 1,001) with unknown and absent counts; all
//! incident kinds, organisation types and roles; recognised and unrecognised algorithms; and
//! `aware_at` instants from 2000 to 2040 in any offset from −12:00 to +14:00, with extra weight on
//! year ends, Golden Week, the equinoxes and leap days. Every generated request is accepted by
//! `mamori::breach` (it is valid `mamori.assess.v1`).
//!
//! ```toml
//! [dev-dependencies]
//! mamori = { version = "0.1", features = ["arbitrary", "proptest"] }
//! ```

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use serde_json::{Value, json};

use crate::breach::{
    ASSESS_REQUEST_SCHEMA, AssessRequest, DataFacts, IncidentFacts, IncidentKind, OrgType,
    Organisation, Protection, ReportInput, RiskLevel, Role,
};

/// Every incident kind.
pub const INCIDENT_KINDS: [IncidentKind; 7] = [
    IncidentKind::Loss,
    IncidentKind::Theft,
    IncidentKind::Misdelivery,
    IncidentKind::UnauthorizedAccess,
    IncidentKind::Malware,
    IncidentKind::Insider,
    IncidentKind::Other,
];

/// Algorithm names the generators use: recognised (AES, Camellia) and not (DES, RC4, ...).
pub const ALGORITHMS: [&str; 10] = [
    "AES-256-GCM",
    "AES-128-CBC",
    "Camellia-256",
    "ChaCha20-Poly1305",
    "3DES",
    "DES",
    "RC4",
    "XOR",
    "none",
    "",
];

/// Head counts around the Japanese thresholds (100 for public bodies, 1,000 for businesses).
pub const THRESHOLD_COUNTS: [u64; 12] = [0, 1, 3, 99, 100, 101, 500, 999, 1000, 1001, 1200, 50_000];

/// Jurisdiction sets for `organisation.established_in`.
pub const ESTABLISHMENTS: [&[&str]; 8] = [
    &["JP"],
    &["JP", "EU"],
    &["EU"],
    &[],
    &["US-CA"],
    &["JP", "UK"],
    &["UK"],
    &["KR", "SG"],
];

/// Jurisdiction codes used as keys of `data.persons`.
pub const PERSON_KEYS: [&str; 8] = ["JP", "EU", "UK", "KR", "SG", "AU", "US-CA", "US"];

/// First and last day the generators use for `aware_at`.
pub const FIRST_DAY: (i32, u32, u32) = (2000, 1, 1);
/// Number of days from [`FIRST_DAY`] to 2040-12-31 inclusive.
pub const DAYS: u32 = 14_976;

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or_default()
}

/// The choices that make up one request, drawn by either generator and then assembled.
#[derive(Debug, Clone, Default)]
struct Spec {
    org_type: u8,
    processor: bool,
    establishment: u8,
    kind: u8,
    recovered: Option<bool>,
    sensitive: Option<bool>,
    financial: Option<bool>,
    malicious: Option<bool>,
    risk: Option<u8>,
    protection: Option<(u8, Option<bool>, Option<bool>)>,
    /// (key index, None = unknown count, Some(n)).
    persons: Vec<(u8, Option<u64>)>,
    aware: Instant,
    report: Option<ReportInput>,
}

/// An instant chosen as (day, second of the day, offset in quarter hours), or near a special
/// date: `special` = (which kind, year, shift in days, back off 29/59 days to make the special
/// date the nominal 確報 day).
#[derive(Debug, Clone, Copy, Default)]
struct Instant {
    day: u32,
    second: u32,
    quarter_hours: i8,
    special: Option<(u8, u8, u8, u8)>,
}

impl Instant {
    fn to_datetime(self) -> DateTime<FixedOffset> {
        let date = match self.special {
            None => day0() + Duration::days(i64::from(self.day % DAYS)),
            Some((which, year, shift, back)) => {
                let y = 2000 + i32::from(year % 41);
                let (m, d, span) = match which % 5 {
                    0 => (12, 20, 22), // year end: 20 Dec .. 10 Jan
                    1 => (4, 24, 16),  // Golden Week
                    2 => (3, 16, 10),  // vernal equinox
                    3 => (9, 12, 16),  // 敬老の日 and autumnal equinox
                    _ => (2, 26, 5),   // leap day (in leap years)
                };
                let y = if which % 5 == 4 { y - y % 4 } else { y };
                let base = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
                    + Duration::days(i64::from(shift) % span);
                base - Duration::days(match back % 3 {
                    0 => 0,
                    1 => 29,
                    _ => 59,
                })
            }
        };
        // The engine supports 2000–2149: keep the local date from 2000-01-02 on.
        let date = if date < day0() + Duration::days(1) {
            date + Duration::days(366)
        } else {
            date
        };
        let q = i32::from(self.quarter_hours).clamp(-48, 56);
        let off = FixedOffset::east_opt(q * 900).unwrap_or(FixedOffset::east_opt(0).unwrap());
        let local = date.and_hms_opt(0, 0, 0).unwrap_or_default()
            + Duration::seconds(i64::from(self.second % 86_400));
        off.from_local_datetime(&local)
            .single()
            .unwrap_or_else(|| off.from_utc_datetime(&local))
    }
}

fn tri(v: Option<bool>) -> Value {
    json!(v)
}

impl Spec {
    fn organisation(&self) -> Value {
        let est: Vec<&str> =
            ESTABLISHMENTS[usize::from(self.establishment) % ESTABLISHMENTS.len()].to_vec();
        json!({
            "type": if self.org_type % 3 == 2 { "public_body" } else { "business" },
            "role": if self.processor { "processor" } else { "controller" },
            "established_in": est,
        })
    }

    fn incident(&self) -> Value {
        json!({
            "kind": INCIDENT_KINDS[usize::from(self.kind) % INCIDENT_KINDS.len()],
            "aware_at": self.aware.to_datetime().to_rfc3339(),
            "recovered_unviewed": tri(self.recovered),
        })
    }

    fn data(&self) -> Value {
        let mut persons = serde_json::Map::new();
        for (k, n) in &self.persons {
            persons.insert(
                PERSON_KEYS[usize::from(*k) % PERSON_KEYS.len()].into(),
                json!(n),
            );
        }
        let risk = self
            .risk
            .map(|r| ["unlikely", "risk", "high"][usize::from(r % 3)]);
        let protection = match self.protection {
            None => Value::Null,
            Some((a, k, w)) => json!({
                "algorithm": ALGORITHMS[usize::from(a) % ALGORITHMS.len()],
                "key_separated": k,
                "remote_wipe": w,
            }),
        };
        json!({
            "persons": persons,
            "sensitive": self.sensitive,
            "financial_risk": self.financial,
            "malicious": self.malicious,
            "risk": risk,
            "protection": protection,
        })
    }

    fn request(&self) -> Option<AssessRequest> {
        let mut v = json!({
            "schema": ASSESS_REQUEST_SCHEMA,
            "organisation": self.organisation(),
            "incident": self.incident(),
            "data": self.data(),
        });
        if let Some(r) = &self.report {
            v["report"] = serde_json::to_value(r).ok()?;
        }
        serde_json::from_value(v).ok()
    }
}

fn from_json<T: serde::de::DeserializeOwned>(v: Value) -> Option<T> {
    serde_json::from_value(v).ok()
}

#[cfg(feature = "arbitrary")]
mod arb {
    use arbitrary::{Arbitrary, Error, Result, Unstructured};

    use super::*;

    fn tri(u: &mut Unstructured<'_>) -> Result<Option<bool>> {
        Ok(match u.int_in_range(0u8..=2)? {
            0 => Some(true),
            1 => Some(false),
            _ => None,
        })
    }

    fn count(u: &mut Unstructured<'_>) -> Result<Option<u64>> {
        Ok(match u.int_in_range(0u8..=9)? {
            0 => None,
            1..=6 => Some(*u.choose(&THRESHOLD_COUNTS)?),
            7 => Some(u.int_in_range(0..=5000)?),
            8 => Some(u64::arbitrary(u)? >> 1),
            _ => Some(u.int_in_range(0..=200)?),
        })
    }

    fn instant(u: &mut Unstructured<'_>) -> Result<Instant> {
        let special = if u.ratio(1u8, 2)? {
            Some(<(u8, u8, u8, u8)>::arbitrary(u)?)
        } else {
            None
        };
        Ok(Instant {
            day: u.int_in_range(0..=DAYS - 1)?,
            second: u.int_in_range(0..=86_399)?,
            quarter_hours: if u.ratio(1u8, 3)? {
                36
            } else {
                u.int_in_range(-48..=56)?
            },
            special,
        })
    }

    fn spec(u: &mut Unstructured<'_>) -> Result<Spec> {
        let mut persons = Vec::new();
        for key in 0..3u8 {
            if u.ratio(2u8, 3)? {
                persons.push((key, count(u)?));
            }
        }
        Ok(Spec {
            org_type: u8::arbitrary(u)?,
            processor: u.ratio(1u8, 6)?,
            establishment: u8::arbitrary(u)?,
            kind: u8::arbitrary(u)?,
            recovered: tri(u)?,
            sensitive: tri(u)?,
            financial: tri(u)?,
            malicious: if u.ratio(1u8, 2)? { None } else { tri(u)? },
            risk: Option::<u8>::arbitrary(u)?,
            protection: if u.ratio(2u8, 5)? {
                None
            } else {
                Some((u8::arbitrary(u)?, tri(u)?, tri(u)?))
            },
            persons,
            aware: instant(u)?,
            report: if u.ratio(1u8, 4)? {
                Some(ReportInput::arbitrary(u)?)
            } else {
                None
            },
        })
    }

    impl<'a> Arbitrary<'a> for AssessRequest {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            spec(u)?.request().ok_or(Error::IncorrectFormat)
        }
    }

    impl<'a> Arbitrary<'a> for Organisation {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            from_json(spec(u)?.organisation()).ok_or(Error::IncorrectFormat)
        }
    }

    impl<'a> Arbitrary<'a> for IncidentFacts {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            from_json(spec(u)?.incident()).ok_or(Error::IncorrectFormat)
        }
    }

    impl<'a> Arbitrary<'a> for DataFacts {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            from_json(spec(u)?.data()).ok_or(Error::IncorrectFormat)
        }
    }

    impl<'a> Arbitrary<'a> for Protection {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            from_json(json!({
                "algorithm": u.choose(&ALGORITHMS)?,
                "key_separated": tri(u)?,
                "remote_wipe": tri(u)?,
            }))
            .ok_or(Error::IncorrectFormat)
        }
    }

    impl<'a> Arbitrary<'a> for ReportInput {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            let text = |u: &mut Unstructured<'a>| -> Result<Option<String>> {
                Ok(if u.ratio(1u8, 2)? {
                    Some(String::arbitrary(u)?)
                } else {
                    None
                })
            };
            from_json(json!({
                "summary": text(u)?,
                "data_items": text(u)?,
                "affected_count": Option::<u64>::arbitrary(u)?.map(|n| n >> 1),
                "cause": text(u)?,
                "secondary_harm": text(u)?,
                "individual_response_status": text(u)?,
                "publication_status": text(u)?,
                "prevention_measures": text(u)?,
                "other": text(u)?,
            }))
            .ok_or(Error::IncorrectFormat)
        }
    }

    impl<'a> Arbitrary<'a> for OrgType {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(*u.choose(&[OrgType::Business, OrgType::PublicBody])?)
        }
    }

    impl<'a> Arbitrary<'a> for Role {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(*u.choose(&[Role::Controller, Role::Processor])?)
        }
    }

    impl<'a> Arbitrary<'a> for IncidentKind {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(*u.choose(&INCIDENT_KINDS)?)
        }
    }

    impl<'a> Arbitrary<'a> for RiskLevel {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(*u.choose(&[RiskLevel::Unlikely, RiskLevel::Risk, RiskLevel::High])?)
        }
    }
}

/// `proptest` strategies for the request types (feature `proptest`).
#[cfg(feature = "proptest")]
pub mod prop {
    use proptest::option;
    use proptest::prelude::*;

    use super::*;

    /// A tri-state fact: `Some(true)`, `Some(false)` or unknown, equally likely.
    pub fn tri() -> impl Strategy<Value = Option<bool>> + Clone {
        prop_oneof![Just(Some(true)), Just(Some(false)), Just(None)]
    }

    /// A head count: mostly around the thresholds, sometimes unknown (`None`) or large.
    pub fn count() -> impl Strategy<Value = Option<u64>> + Clone {
        prop_oneof![
            1 => Just(None),
            6 => proptest::sample::select(THRESHOLD_COUNTS.to_vec()).prop_map(Some),
            2 => (0u64..5000).prop_map(Some),
            1 => (0u64..=u64::MAX >> 1).prop_map(Some),
        ]
    }

    fn instant() -> impl Strategy<Value = Instant> {
        (
            0..DAYS,
            0u32..86_400,
            prop_oneof![Just(36i8), -48i8..=56],
            option::of(any::<(u8, u8, u8, u8)>()),
        )
            .prop_map(|(day, second, quarter_hours, special)| Instant {
                day,
                second,
                quarter_hours,
                special,
            })
    }

    /// An `aware_at` instant between 2000 and 2040 in an offset from −12:00 to +14:00, half of
    /// them near a year end, Golden Week, an equinox or a leap day (or 29/59 days before one).
    pub fn aware_at() -> impl Strategy<Value = DateTime<FixedOffset>> {
        instant().prop_map(Instant::to_datetime)
    }

    /// An organisation type.
    pub fn org_type() -> impl Strategy<Value = OrgType> + Clone {
        prop_oneof![Just(OrgType::Business), Just(OrgType::PublicBody)]
    }

    /// A role.
    pub fn role() -> impl Strategy<Value = Role> + Clone {
        prop_oneof![Just(Role::Controller), Just(Role::Processor)]
    }

    /// An incident kind.
    pub fn incident_kind() -> impl Strategy<Value = IncidentKind> + Clone {
        proptest::sample::select(INCIDENT_KINDS.to_vec())
    }

    /// A GDPR risk level.
    pub fn risk_level() -> impl Strategy<Value = RiskLevel> + Clone {
        prop_oneof![
            Just(RiskLevel::Unlikely),
            Just(RiskLevel::Risk),
            Just(RiskLevel::High)
        ]
    }

    /// A protection block (recognised or unrecognised algorithm, tri-state key facts).
    pub fn protection() -> impl Strategy<Value = Protection> {
        (proptest::sample::select(ALGORITHMS.to_vec()), tri(), tri())
            .prop_filter_map("valid protection", |(a, k, w)| {
                from_json(json!({"algorithm": a, "key_separated": k, "remote_wipe": w}))
            })
    }

    fn report_input() -> impl Strategy<Value = ReportInput> {
        let text = || option::of("[a-zA-Z0-9 ぁ-んァ-ン一-龯]{0,24}");
        (
            (text(), text(), option::of(0u64..100_000), text(), text()),
            (text(), text(), text(), text()),
        )
            .prop_filter_map("valid report", |(a, b)| {
                from_json(json!({
                    "summary": a.0, "data_items": a.1, "affected_count": a.2, "cause": a.3,
                    "secondary_harm": a.4, "individual_response_status": b.0,
                    "publication_status": b.1, "prevention_measures": b.2, "other": b.3,
                }))
            })
    }

    fn spec() -> impl Strategy<Value = Spec> {
        let facts = (
            any::<u8>(),
            proptest::bool::weighted(1.0 / 6.0),
            any::<u8>(),
            any::<u8>(),
            tri(),
            tri(),
            tri(),
            prop_oneof![Just(None), tri()],
            option::of(any::<u8>()),
            option::weighted(0.6, (any::<u8>(), tri(), tri())),
        );
        let persons = proptest::collection::vec((0u8..3, count()), 0..3);
        (
            facts,
            persons,
            instant(),
            option::weighted(0.25, report_input()),
        )
            .prop_map(|(f, persons, aware, report)| Spec {
                org_type: f.0,
                processor: f.1,
                establishment: f.2,
                kind: f.3,
                recovered: f.4,
                sensitive: f.5,
                financial: f.6,
                malicious: f.7,
                risk: f.8,
                protection: f.9,
                persons,
                aware,
                report,
            })
    }

    /// A valid `mamori.assess.v1` request covering all fact combinations.
    pub fn assess_request() -> impl Strategy<Value = AssessRequest> {
        spec().prop_filter_map("valid request", |s| s.request())
    }

    /// The `organisation` part of a request.
    pub fn organisation() -> impl Strategy<Value = Organisation> {
        spec().prop_filter_map("valid organisation", |s| from_json(s.organisation()))
    }

    /// The `incident` part of a request.
    pub fn incident_facts() -> impl Strategy<Value = IncidentFacts> {
        spec().prop_filter_map("valid incident", |s| from_json(s.incident()))
    }

    /// The `data` part of a request.
    pub fn data_facts() -> impl Strategy<Value = DataFacts> {
        spec().prop_filter_map("valid data", |s| from_json(s.data()))
    }
}
