//! Well-shaped random inputs for downstream test suites (features `arbitrary` and `proptest`).
//!
//! A CRM vendor's own suite can fuzz or property-test mamori with values that are always
//! accepted, instead of bytes that mostly fail at the JSON layer:
//!
//! - feature **`arbitrary`**: [`arbitrary::Arbitrary`] for
//!   - the breach request: [`AssessRequest`] and its parts ([`Organisation`], [`IncidentFacts`],
//!     [`DataFacts`], [`Protection`], [`ReportInput`], [`OrgType`], [`Role`], [`IncidentKind`],
//!     [`RiskLevel`]);
//!   - the vault's contacts: [`Contact`] and [`ContactId`];
//!   - incidents: [`Incident`] (a whole valid event log), [`Event`] and [`EventData`] (one event
//!     of any kind);
//!
//!   for `cargo fuzz` targets (`fuzz_target!(|req: AssessRequest| ...)`) and other
//!   structure-aware fuzzers;
//! - feature **`proptest`**: strategies in [`prop`] ([`prop::assess_request`],
//!   [`prop::contact`], [`prop::phone`], [`prop::incident`], [`prop::event`], ...).
//!
//! Both draw from the same shapes.
//!
//! **Breach requests.** Every tri-state fact as `true`/`false`/unknown; head counts clustered
//! around the thresholds (100, 1,000, 1,001) with unknown and absent counts; all incident kinds,
//! organisation types and roles; recognised and unrecognised algorithms; and `aware_at` instants
//! from 2000 to 2040 in any offset from −12:00 to +14:00, with extra weight on year ends, Golden
//! Week, the equinoxes and leap days. Every generated request is accepted by `mamori::breach`
//! (it is valid `mamori.assess.v1`).
//!
//! **Contacts.** Names in kanji (with an ASCII, ideographic or no space), katakana, hiragana,
//! romaji, upper case, full-width Latin, with emoji or surrounding spaces, or any non-blank text;
//! readings in hiragana or katakana matching the name, empty or absent; companies, addresses,
//! notes, e-mail addresses (also upper-case and internationalised domains) and tags from pools
//! or free text; the sensitive flag; `created_at` / `updated_at` from 2000 to 2040 at millisecond
//! precision, or absent; now and then a caller-chosen id. Phones: Japanese mobile (070/080/090)
//! and Tokyo / Osaka / Yokohama fixed lines, US and UK numbers, each written in one of the forms
//! of [`phone_formats`] (E.164, `090-1234-5678`, `+81 90 …`, `0081 …`, full-width
//! `０９０－１２３４－５６７８`, `ー` or `‐` as hyphens, parentheses, surrounding spaces, ...), mixed
//! with strings that are not numbers ([`NOT_PHONES`], free text); usually 0–4, sometimes up to
//! the limit of [`MAX_CONTACT_ITEMS`]. Every generated contact is accepted by `Vault::put`
//! (default region `JP`), and every format of one of its numbers finds it by caller-ID lookup.
//!
//! **Incidents.** A generated [`Incident`] starts with `reported` (any kind, with or without a
//! device) and continues with up to 24 events of every other kind in an order the log accepts:
//! device actions only when a device is involved, confirmations after their commands, one line
//! suspension and one recovery, reclassification to another kind, assessments computed by the
//! breach engine for the incident, filings and waivers only for obligations of the recorded
//! assessment (a filing after the deadline carries a delay reason), interview answers whose
//! merged times stay ordered, and sometimes `closed` last. Times move forward by seconds to
//! weeks in one of [`EVENT_OFFSETS`], now and then fall before the report (valid, with a
//! warning), and stay within 2000–2040. Every generated log is accepted by
//! `Incident::from_json`, by `Incident::state` and by appending its events one by one.
//!
//! ```toml
//! [dev-dependencies]
//! mamori = { version = "0.1", features = ["arbitrary", "proptest"] }
//! ```

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use serde_json::{Value, json};

use crate::breach::{
    ASSESS_REQUEST_SCHEMA, AssessRequest, Assessment, DataFacts, Due, IncidentFacts, IncidentKind,
    OrgType, Organisation, Protection, ReportInput, RiskLevel, Role,
};
use crate::incident::{
    AccessResult, Awareness, DataItem, DataStorage, Event, EventData, Incident, InterviewAnswers,
    LocateResult, Position, PreventionCategory, StolenOrDropped,
};
use crate::vault::{Contact, ContactId};

mod contact;
mod incident;

pub use contact::*;
pub use incident::*;

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
    &["GB"],
    &["KR", "SG", "DE"],
];

/// Jurisdiction codes used as keys of `data.persons`: ISO 3166-1 countries (`DE`, `FR` are
/// EU members, `GB` the UK), ISO 3166-2 subdivisions, a bare country whose subdivision is
/// unknown (`US`), legacy regime keys (`EU`) and `unknown` (any jurisdiction).
pub const PERSON_KEYS: [&str; 16] = [
    "JP", "DE", "FR", "GB", "KR", "SG", "AU", "IN", "US-CA", "US-NY", "US-TX", "US", "EU", "CN",
    "CA-QC", "unknown",
];

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
        for _ in 0..u.int_in_range(0..=3u8)? {
            persons.push((
                u.int_in_range(0..=(PERSON_KEYS.len() - 1) as u8)?,
                count(u)?,
            ));
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

    // ------------------------------------------------------------ contacts

    /// Free texts (any Unicode, capped) that the generators mix into the pooled ones.
    fn texts(u: &mut Unstructured<'_>) -> Result<Vec<String>> {
        let n = u.int_in_range(0u8..=2)?;
        (0..n)
            .map(|_| Ok(cap(String::arbitrary(u)?, 256)))
            .collect()
    }

    fn phone(u: &mut Unstructured<'_>) -> Result<PhoneChoice> {
        Ok(match u.int_in_range(0u8..=15)? {
            0 => PhoneChoice::NotPhone(u8::arbitrary(u)?),
            1 => PhoneChoice::Custom(String::arbitrary(u)?),
            _ => PhoneChoice::Number(PhoneSpec {
                kind: u8::arbitrary(u)?,
                digits: u64::arbitrary(u)?,
                format: u8::arbitrary(u)?,
            }),
        })
    }

    fn opt<'a, T>(
        u: &mut Unstructured<'a>,
        num: u8,
        den: u8,
        f: impl FnOnce(&mut Unstructured<'a>) -> Result<T>,
    ) -> Result<Option<T>> {
        Ok(if u.ratio(num, den)? {
            Some(f(u)?)
        } else {
            None
        })
    }

    fn contact_spec<'a>(u: &mut Unstructured<'a>) -> Result<ContactSpec> {
        let n_phones = if u.ratio(1u8, 40)? {
            u.int_in_range(5..=MAX_CONTACT_ITEMS)?
        } else {
            u.int_in_range(0..=4)?
        };
        let phones = (0..n_phones)
            .map(|_| phone(u))
            .collect::<Result<Vec<_>>>()?;
        let n_emails = u.int_in_range(0u8..=3)?;
        let emails = (0..n_emails)
            .map(|_| <(u8, u8, u8)>::arbitrary(u))
            .collect::<Result<Vec<_>>>()?;
        let n_tags = u.int_in_range(0u8..=4)?;
        let tags = (0..n_tags)
            .map(|_| u8::arbitrary(u))
            .collect::<Result<Vec<_>>>()?;
        Ok(ContactSpec {
            id: opt(u, 1, 8, u64::arbitrary)?,
            name: <(u8, u8, u8)>::arbitrary(u)?,
            custom_name: opt(u, 1, 8, String::arbitrary)?,
            reading: u8::arbitrary(u)?,
            company: Option::<u8>::arbitrary(u)?,
            phones,
            emails,
            custom_email: opt(u, 1, 10, String::arbitrary)?,
            address: Option::<u8>::arbitrary(u)?,
            notes: opt(u, 1, 2, |u| {
                Ok((u8::arbitrary(u)?, opt(u, 1, 4, String::arbitrary)?))
            })?,
            tags,
            sensitive: u.ratio(1u8, 4)?,
            created: Option::<u64>::arbitrary(u)?,
            updated: Option::<u32>::arbitrary(u)?,
        })
    }

    impl<'a> Arbitrary<'a> for Contact {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(contact_spec(u)?.contact())
        }
    }

    impl<'a> Arbitrary<'a> for ContactId {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(ContactId::from_u64(u64::arbitrary(u)?.max(1)))
        }
    }

    // ------------------------------------------------------------ incidents

    fn log_spec(u: &mut Unstructured<'_>) -> Result<LogSpec> {
        let n = u.int_in_range(0u8..=24)?;
        let steps = (0..n)
            .map(|_| <(u8, u64, u32)>::arbitrary(u))
            .collect::<Result<Vec<_>>>()?;
        Ok(LogSpec {
            id: u16::arbitrary(u)?,
            kind: u8::arbitrary(u)?,
            device: !u.ratio(1u8, 5)?,
            reported: instant(u)?,
            steps,
            close: u.ratio(1u8, 3)?,
            texts: texts(u)?,
        })
    }

    impl<'a> Arbitrary<'a> for Incident {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(log_spec(u)?.incident())
        }
    }

    impl<'a> Arbitrary<'a> for Event {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            let (k, seed) = <(u8, u64)>::arbitrary(u)?;
            let at = instant(u)?;
            Ok(any_event(k, seed, at, &texts(u)?))
        }
    }

    impl<'a> Arbitrary<'a> for EventData {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(Event::arbitrary(u)?.data)
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
        let persons = proptest::collection::vec((0u8..PERSON_KEYS.len() as u8, count()), 0..4);
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

    // ------------------------------------------------------------ contacts

    /// Free text: any printable Unicode, up to 24 characters.
    fn text() -> impl Strategy<Value = String> + Clone {
        "\\PC{0,24}"
    }

    fn texts() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(text(), 0..3)
    }

    fn phone_spec() -> impl Strategy<Value = PhoneSpec> + Clone {
        (any::<u8>(), any::<u64>(), any::<u8>()).prop_map(|(kind, digits, format)| PhoneSpec {
            kind,
            digits,
            format,
        })
    }

    fn phone_choice() -> impl Strategy<Value = PhoneChoice> + Clone {
        prop_oneof![
            14 => phone_spec().prop_map(PhoneChoice::Number),
            1 => any::<u8>().prop_map(PhoneChoice::NotPhone),
            1 => "[0-9０-９+ ()ー-]{0,16}".prop_map(PhoneChoice::Custom),
        ]
    }

    /// A phone number (Japanese mobile or fixed line, US, UK) written in one of the ways
    /// [`phone_formats`] lists: E.164, national with hyphens, `0081`,
    /// full-width digits, ...
    pub fn phone() -> impl Strategy<Value = String> + Clone {
        phone_spec().prop_map(PhoneSpec::render)
    }

    /// A contact id (never 0).
    pub fn contact_id() -> impl Strategy<Value = ContactId> + Clone {
        (1u64..).prop_map(ContactId::from_u64)
    }

    fn contact_spec() -> impl Strategy<Value = ContactSpec> {
        let phones = prop_oneof![
            30 => proptest::collection::vec(phone_choice(), 0..5),
            1 => proptest::collection::vec(phone_choice(), 5..=MAX_CONTACT_ITEMS),
        ];
        let head = (
            option::weighted(0.125, any::<u64>()),
            any::<(u8, u8, u8)>(),
            option::weighted(0.125, text()),
            any::<u8>(),
            option::of(any::<u8>()),
            phones,
        );
        let tail = (
            proptest::collection::vec(any::<(u8, u8, u8)>(), 0..4),
            option::weighted(0.1, text()),
            option::of(any::<u8>()),
            option::weighted(0.5, (any::<u8>(), option::weighted(0.25, text()))),
            proptest::collection::vec(any::<u8>(), 0..5),
            proptest::bool::weighted(0.25),
            option::of(any::<u64>()),
            option::of(any::<u32>()),
        );
        (head, tail).prop_map(|(h, t)| ContactSpec {
            id: h.0,
            name: h.1,
            custom_name: h.2,
            reading: h.3,
            company: h.4,
            phones: h.5,
            emails: t.0,
            custom_email: t.1,
            address: t.2,
            notes: t.3,
            tags: t.4,
            sensitive: t.5,
            created: t.6,
            updated: t.7,
        })
    }

    /// A contact `Vault::put` accepts: kanji / kana / romaji / full-width names with matching
    /// readings (or none), companies, up to 64 phones in the formats of
    /// [`phone_formats`] mixed with strings that are not numbers, e-mail
    /// addresses, tags, notes, the sensitive flag, timestamps from 2000 to 2040 at millisecond
    /// precision or absent, and sometimes a caller-chosen id.
    pub fn contact() -> impl Strategy<Value = Contact> {
        contact_spec().prop_map(|s| s.contact())
    }

    // ------------------------------------------------------------ incidents

    fn log_spec() -> impl Strategy<Value = LogSpec> {
        (
            any::<u16>(),
            0u8..7,
            proptest::bool::weighted(0.8),
            instant(),
            proptest::collection::vec((any::<u8>(), any::<u64>(), any::<u32>()), 0..24),
            proptest::bool::weighted(0.35),
            texts(),
        )
            .prop_map(
                |(id, kind, device, reported, steps, close, texts)| LogSpec {
                    id,
                    kind,
                    device,
                    reported,
                    steps,
                    close,
                    texts,
                },
            )
    }

    /// An incident log `Incident::from_json` accepts: `reported` first, then up to 24 events of
    /// every kind in an order the log allows (confirmations after their commands, filings and
    /// waivers for obligations of a recorded engine assessment, a delay reason when late,
    /// ...), dated from 2000 to 2040 in several offsets, now and then before the report;
    /// sometimes `closed` last.
    pub fn incident() -> impl Strategy<Value = Incident> {
        log_spec().prop_map(|s| s.incident())
    }

    /// Any single event, of any of the 25 kinds, with fields valid on their own.
    pub fn event() -> impl Strategy<Value = Event> {
        (0u8..25, any::<u64>(), instant(), texts())
            .prop_map(|(k, seed, at, texts)| any_event(k, seed, at, &texts))
    }

    /// The data of any single event (see [`event`]).
    pub fn event_data() -> impl Strategy<Value = EventData> {
        event().prop_map(|e| e.data)
    }
}
