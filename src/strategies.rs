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

// ---------------------------------------------------------------- contacts

/// The default region the phone generators assume (the vault's default, `JP`): numbers written
/// in national format are Japanese; every other country's numbers are written internationally.
pub const PHONE_REGION: &str = "JP";

/// The most phones, e-mails or tags a contact may hold (`Vault::put` refuses more).
pub const MAX_CONTACT_ITEMS: usize = 64;

/// Surnames: (kanji, hiragana reading, romaji).
pub const SURNAMES: [(&str, &str, &str); 10] = [
    ("山田", "やまだ", "Yamada"),
    ("佐藤", "さとう", "Sato"),
    ("鈴木", "すずき", "Suzuki"),
    ("高橋", "たかはし", "Takahashi"),
    ("田中", "たなか", "Tanaka"),
    ("渡辺", "わたなべ", "Watanabe"),
    ("伊藤", "いとう", "Ito"),
    ("中村", "なかむら", "Nakamura"),
    ("小林", "こばやし", "Kobayashi"),
    ("齋藤", "さいとう", "Saito"),
];

/// Given names: (kanji, hiragana reading, romaji).
pub const GIVEN_NAMES: [(&str, &str, &str); 8] = [
    ("太郎", "たろう", "Taro"),
    ("花子", "はなこ", "Hanako"),
    ("一郎", "いちろう", "Ichiro"),
    ("美咲", "みさき", "Misaki"),
    ("翔", "しょう", "Sho"),
    ("陽子", "ようこ", "Yoko"),
    ("健", "けん", "Ken"),
    ("さくら", "さくら", "Sakura"),
];

/// Companies (including the empty string, which the vault stores as given).
pub const COMPANIES: [&str; 8] = [
    "山田商事株式会社",
    "株式会社ACME",
    "(株)サンプル",
    "Example K.K.",
    "ＡＢＣ物産",
    "合同会社みらい",
    "O'Brien & Sons",
    "",
];

/// E-mail domains (including an internationalised one and upper case).
pub const EMAIL_DOMAINS: [&str; 6] = [
    "example.jp",
    "example.com",
    "mail.example.co.jp",
    "EXAMPLE.NET",
    "例え.テスト",
    "docomo.ne.jp",
];

/// Contact tags (counted per tag in the manifest).
pub const CONTACT_TAGS: [&str; 8] = [
    "顧客",
    "vip",
    "取引先",
    "家族",
    "要注意",
    "newsletter",
    "ＶＩＰ",
    "",
];

/// Postal addresses.
pub const ADDRESSES: [&str; 5] = [
    "東京都千代田区千代田1-1",
    "〒530-0001 大阪府大阪市北区梅田3-1-1",
    "神奈川県横浜市西区みなとみらい２－２－１",
    "1 Infinite Loop, Cupertino, CA",
    "",
];

/// Notes.
pub const CONTACT_NOTES: [&str; 5] = [
    "折り返し希望",
    "VIP対応（要配慮）",
    "line one\nline two",
    "quote \" and backslash \\",
    "",
];

/// Strings that are not phone numbers: the vault stores them trimmed and never indexes them.
pub const NOT_PHONES: [&str; 8] = ["内線 123", "", "   ", "n/a", "非通知", "+", "tel:", "#"];

/// Milliseconds of 2000-01-01T00:00:00Z.
const FIRST_MS: i64 = 946_684_800_000;
/// Milliseconds from [`FIRST_MS`] to 2041-01-01T00:00:00Z.
const SPAN_MS: u64 = DAYS as u64 * 86_400_000;

/// A phone number the generators draw: what kind of number, its digits, how it is written.
#[derive(Debug, Clone, Copy, Default)]
struct PhoneSpec {
    kind: u8,
    digits: u64,
    format: u8,
}

impl PhoneSpec {
    /// The number in E.164: Japanese mobile (070/080/090), Tokyo, Osaka and Yokohama fixed
    /// lines, a US number, a London number and a UK mobile.
    fn e164(self) -> String {
        let d = self.digits;
        let low = |k: u32| d % 10u64.pow(k);
        let lead = 2 + (d >> 40) % 8; // a subscriber number's first digit: 2–9
        match self.kind % 10 {
            0..=3 => format!("+81{}0{:08}", 7 + d % 3, (d / 3) % 100_000_000),
            4 => format!("+813{lead}{:07}", low(7)),
            5 => format!("+816{lead}{:07}", low(7)),
            6 => format!("+8145{lead}{:06}", low(6)),
            7 => format!(
                "+1{}{:02}{}{:02}{:04}",
                lead,
                (d >> 20) % 100,
                2 + (d >> 48) % 8,
                (d >> 30) % 100,
                low(4)
            ),
            8 => format!("+4420{}{:07}", [3, 7, 8][(d >> 44) as usize % 3], low(7)),
            _ => format!(
                "+447{}{:08}",
                [4, 5, 7, 8, 9][(d >> 44) as usize % 5],
                low(8)
            ),
        }
    }

    fn render(self) -> String {
        let e = self.e164();
        let all = phone_formats(&e);
        all[usize::from(self.format) % all.len()].clone()
    }
}

/// (country calling code, national significant number, digit groups) of the numbers the
/// generators produce.
fn phone_parts(e164: &str) -> Option<(&'static str, &str, Vec<usize>)> {
    let d = e164.strip_prefix('+')?;
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (cc, nsn) = if let Some(n) = d.strip_prefix("81") {
        ("81", n)
    } else if let Some(n) = d.strip_prefix("44") {
        ("44", n)
    } else if let Some(n) = d.strip_prefix('1') {
        ("1", n)
    } else {
        return None;
    };
    let groups = match (cc, nsn.len()) {
        ("81", 10) if ["70", "80", "90"].iter().any(|p| nsn.starts_with(p)) => vec![2, 4, 4],
        ("81", 9) if nsn.starts_with("45") => vec![2, 3, 4],
        ("81", 9) if nsn.starts_with('3') || nsn.starts_with('6') => vec![1, 4, 4],
        ("1", 10) => vec![3, 3, 4],
        ("44", 10) if nsn.starts_with("20") => vec![2, 4, 4],
        ("44", 10) if nsn.starts_with('7') => vec![4, 6],
        _ => return None,
    };
    Some((cc, nsn, groups))
}

fn grouped(nsn: &str, groups: &[usize], sep: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&nsn[at..at + g]);
        at += g;
    }
    out
}

/// Full-width forms of ASCII (`０９０－１２３４`), the ideographic space for a space.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => '\u{3000}',
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Every way the generators write the number `e164` (itself included), for numbers of the
/// kinds they draw (Japanese mobile and fixed lines, US, UK); just `[e164]` for any other
/// input. With the default region `JP` each of them normalises to `e164`, so a contact stored
/// with one of them is found by caller-ID lookup with any other:
///
/// - Japanese numbers: `+819012345678`, `090-1234-5678`, `09012345678`, `+81 90 1234 5678`,
///   `+81-90-1234-5678`, `00819012345678`, `0081 90 1234 5678`, `０９０－１２３４－５６７８`,
///   `＋８１　９０　１２３４　５６７８`, `090ー1234ー5678`, `(090) 1234 5678`,
///   `  090 1234 5678  `, `+81 090 1234 5678`, `090‐1234‐5678` (U+2010);
/// - other countries: `+14155550123`, `+1 415 555 0123`, `+1-415-555-0123`, `0014155550123`,
///   `001 415 555 0123`, `＋１　４１５－５５５－０１２３`, `+1 (415) 555-0123`.
pub fn phone_formats(e164: &str) -> Vec<String> {
    let Some((cc, nsn, groups)) = phone_parts(e164) else {
        return vec![e164.to_string()];
    };
    let g = |sep: &str| grouped(nsn, &groups, sep);
    let first = &nsn[..groups[0]];
    let rest = grouped(&nsn[groups[0]..], &groups[1..], " ");
    let mut v = vec![
        format!("+{cc}{nsn}"),
        format!("+{cc} {}", g(" ")),
        format!("+{cc}-{}", g("-")),
        format!("00{cc}{nsn}"),
        format!("00{cc} {}", g(" ")),
    ];
    if cc == "81" {
        v.extend([
            format!("0{}", g("-")),
            format!("0{nsn}"),
            full_width(&format!("0{}", g("-"))),
            full_width(&format!("+81 {}", g(" "))),
            format!("0{}", g("ー")),
            format!("(0{first}) {rest}"),
            format!("  0{}  ", g(" ")),
            format!("+81 0{}", g(" ")),
            format!("0{}", g("\u{2010}")),
        ]);
    } else {
        v.extend([
            full_width(&format!("+{cc} {}", g("-"))),
            format!(
                "+{cc} ({first}) {}",
                grouped(&nsn[groups[0]..], &groups[1..], "-")
            ),
        ]);
    }
    v
}

/// A phone entry of a generated contact.
#[derive(Debug, Clone)]
enum PhoneChoice {
    Number(PhoneSpec),
    NotPhone(u8),
    Custom(String),
}

/// The choices that make up one contact.
#[derive(Debug, Clone, Default)]
struct ContactSpec {
    id: Option<u64>,
    /// (style, surname, given name).
    name: (u8, u8, u8),
    custom_name: Option<String>,
    reading: u8,
    company: Option<u8>,
    phones: Vec<PhoneChoice>,
    /// (style, domain, number).
    emails: Vec<(u8, u8, u8)>,
    custom_email: Option<String>,
    address: Option<u8>,
    notes: Option<(u8, Option<String>)>,
    tags: Vec<u8>,
    sensitive: bool,
    created: Option<u64>,
    /// Seconds after `created` (or after 2000-01-01).
    updated: Option<u32>,
}

/// At most `n` bytes of `s`, cut at a character boundary.
fn cap(mut s: String, n: usize) -> String {
    if s.len() > n {
        let mut end = n;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// `s`, made non-blank (a field the library requires to be non-empty after trimming).
fn nonblank(s: &str, fallback: &str) -> String {
    let s = cap(s.to_string(), 256);
    if s.trim().is_empty() {
        format!("{s}{fallback}")
    } else {
        s
    }
}

fn katakana(hiragana: &str) -> String {
    hiragana
        .chars()
        .map(|c| match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn pick<T: Copy>(pool: &[T], i: impl Into<u64>) -> T {
    pool[(i.into() % pool.len() as u64) as usize]
}

fn millis(ms: i64) -> Option<DateTime<chrono::Utc>> {
    DateTime::from_timestamp_millis(ms)
}

impl ContactSpec {
    fn contact(&self) -> Contact {
        let (style, s, g) = self.name;
        let (sk, sr, sl) = pick(&SURNAMES, s);
        let (gk, gr, gl) = pick(&GIVEN_NAMES, g);
        let name = match &self.custom_name {
            Some(c) => nonblank(c, "名無し"),
            None => match style % 12 {
                0 => format!("{sk} {gk}"),
                1 => format!("{sk}\u{3000}{gk}"),
                2 => format!("{sk}{gk}"),
                3 => katakana(&format!("{sr} {gr}")),
                4 => format!("{gl} {sl}"),
                5 => format!("{} {gl}", sl.to_uppercase()),
                6 => full_width(&format!("{} {gl}", sl.to_uppercase())),
                7 => format!("{sr} {gr}"),
                8 => format!("{sk}商事 受付"),
                9 => format!("{sk} {gk} 📱"),
                10 => sk.to_string(),
                _ => format!("  {sk} {gk} "),
            },
        };
        let reading = match self.reading % 5 {
            0 => None,
            1 | 2 => Some(format!("{sr} {gr}")),
            3 => Some(katakana(&format!("{sr} {gr}"))),
            _ => Some(String::new()),
        };
        let phones = self
            .phones
            .iter()
            .take(MAX_CONTACT_ITEMS)
            .map(|p| match p {
                PhoneChoice::Number(n) => n.render(),
                PhoneChoice::NotPhone(i) => pick(&NOT_PHONES, *i).to_string(),
                PhoneChoice::Custom(c) => cap(c.clone(), 64),
            })
            .collect();
        let mut emails: Vec<String> = self
            .emails
            .iter()
            .map(|(st, dom, n)| {
                let d = pick(&EMAIL_DOMAINS, *dom);
                let local = match st % 5 {
                    0 => format!("{}.{}", gl.to_lowercase(), sl.to_lowercase()),
                    1 => format!("{}-{}", &gl[..1].to_lowercase(), sl.to_lowercase()),
                    2 => format!("{}{n}", sl.to_lowercase()),
                    3 => sl.to_uppercase(),
                    _ => format!("{}+crm", gl.to_lowercase()),
                };
                format!("{local}@{d}")
            })
            .collect();
        if let Some(e) = &self.custom_email {
            emails.push(cap(e.clone(), 128));
        }
        emails.truncate(MAX_CONTACT_ITEMS);
        let created = self
            .created
            .map(|c| FIRST_MS + (c % SPAN_MS) as i64)
            .and_then(millis);
        let updated = self.updated.and_then(|secs| {
            let from = created.map_or(FIRST_MS, |c| c.timestamp_millis());
            millis((from + i64::from(secs) * 1000).min(FIRST_MS + SPAN_MS as i64 - 1))
        });
        let mut c = Contact::new(name, &[]);
        c.id = self.id.map(|v| ContactId::from_u64(v.max(1)));
        c.reading = reading;
        c.company = self.company.map(|i| pick(&COMPANIES, i).to_string());
        c.phones = phones;
        c.emails = emails;
        c.address = self.address.map(|i| pick(&ADDRESSES, i).to_string());
        c.notes = self.notes.as_ref().map(|(i, custom)| match custom {
            Some(t) => cap(t.clone(), 1024),
            None => pick(&CONTACT_NOTES, *i).to_string(),
        });
        c.tags = self
            .tags
            .iter()
            .take(MAX_CONTACT_ITEMS)
            .map(|t| pick(&CONTACT_TAGS, *t).to_string())
            .collect();
        c.sensitive = self.sensitive;
        c.created_at = created;
        c.updated_at = updated;
        c
    }
}

// ---------------------------------------------------------------- incident event logs

/// Every incident event type (`EventData::type_name`), in declaration order.
pub const EVENT_TYPES: [&str; 25] = [
    "reported",
    "interview_answered",
    "device_called",
    "venue_contacted",
    "police_lost_report_filed",
    "police_damage_report_filed",
    "locate_attempted",
    "remote_lock_issued",
    "remote_lock_confirmed",
    "remote_wipe_issued",
    "remote_wipe_confirmed",
    "carrier_line_suspended",
    "device_recovered",
    "data_access_checked",
    "reclassified",
    "assessment_recorded",
    "customers_notified",
    "public_notice",
    "inquiry_desk_opened",
    "regulator_report_filed",
    "obligation_waived",
    "written_report_received",
    "disciplinary_measure",
    "prevention_measure_added",
    "closed",
];

/// Obligation ids the standalone event generators name (a generated log names only the
/// obligations of the assessment it recorded).
pub const OBLIGATION_IDS: [&str; 6] = [
    "jp.appi.ppc.preliminary",
    "jp.appi.ppc.final",
    "jp.appi.individuals",
    "eu.gdpr.authority",
    "eu.gdpr.individuals",
    "kr.pipa.regulator",
];

/// UTC offsets (seconds) events are written in: JST, UTC, New York, India, Kiritimati, Baker
/// Island, Central Europe.
pub const EVENT_OFFSETS: [i32; 7] = [
    9 * 3600,
    0,
    -5 * 3600,
    5 * 3600 + 1800,
    14 * 3600,
    -12 * 3600,
    3600,
];

const ACTORS: [&str; 6] = [
    "総務 佐藤",
    "mgr",
    "it-admin",
    "情報システム部",
    "E1234",
    "sales-07",
];
const DEVICE_IDS: [&str; 4] = ["P-001", "PC-2026-17", "USB-9", "端末-3"];
const SUMMARIES: [&str; 5] = [
    "通勤中に紛失",
    "lost phone on the train",
    "鞄ごと盗難",
    "誤送信",
    "",
];
const VENUES: [&str; 5] = [
    "居酒屋 新宿店",
    "JR 新宿駅 忘れ物センター",
    "タクシー会社",
    "Starbucks Shibuya",
    "客先 受付",
];
const STATIONS: [&str; 4] = ["新宿警察署", "丸の内警察署", "Osaka Minami PS", "交番"];
const RECEIPTS: [&str; 4] = ["R-2026-001", "第123号", "0001", "受理 77"];
const CHANNELS: [&str; 5] = [
    "Intune",
    "Jamf",
    "Google Find My Device",
    "docomo 遠隔ロック",
    "MDM",
];
const CARRIERS: [&str; 4] = ["NTT docomo", "au", "SoftBank", "Rakuten Mobile"];
const PLACES: [&str; 4] = ["駅の遺失物係", "タクシー車内", "自宅", "office desk"];
const EVENT_NOTES: [&str; 4] = ["留守番電話", "拾得者が応答", "no answer", "電源オフ"];
const REASONS: [&str; 4] = [
    "調査中",
    "判明が遅れたため",
    "the regulator portal was down",
    "事実確認に時間を要した",
];
const MEASURES: [&str; 3] = ["訓戒", "始末書の提出", "端末代金の半額負担"];
const PREVENTION: [&str; 5] = [
    "ストラップ着用の義務化",
    "MDM 導入",
    "6桁PIN",
    "持出し台帳",
    "研修",
];
const REFERENCES: [&str; 3] = ["PPC-2026-0001", "受付番号 123", "ICO-77"];
const NOTICE_LOCATIONS: [&str; 3] = [
    "https://example.jp/news/2026/notice",
    "本社ウェブサイト",
    "プレスリリース",
];
const DESKS: [&str; 3] = ["お客様相談窓口", "専用ダイヤル窓口", "inquiry desk"];
const ITEMS: [&str; 5] = [
    "phonebook",
    "call history",
    "顧客リスト.xlsx",
    "メール",
    "LINE",
];

/// Deterministic detail choices from one 64-bit seed (SplitMix64), so that both generators
/// draw only (kind, seed) pairs per event and share every rule below.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
    fn tri(&mut self) -> Option<bool> {
        [Some(true), Some(false), None][self.below(3) as usize]
    }
    /// A text from `pool`, or (one time in five, when there are any) a caller-supplied one.
    fn text(&mut self, pool: &[&str], custom: &[String]) -> String {
        if !custom.is_empty() && self.one_in(5) {
            return cap(
                custom[self.below(custom.len() as u64) as usize].clone(),
                256,
            );
        }
        pool[self.below(pool.len() as u64) as usize].to_string()
    }
    fn offset(&mut self) -> FixedOffset {
        let secs = EVENT_OFFSETS[self.below(EVENT_OFFSETS.len() as u64) as usize];
        FixedOffset::east_opt(secs).unwrap_or(FixedOffset::east_opt(0).unwrap())
    }
}

/// The choices that make up one incident log.
#[derive(Debug, Clone, Default)]
struct LogSpec {
    id: u16,
    kind: u8,
    device: bool,
    reported: Instant,
    /// (event kind, detail seed, time step) per event after `reported`.
    steps: Vec<(u8, u64, u32)>,
    close: bool,
    texts: Vec<String>,
}

/// What the log builder tracks to keep every event valid (the rules of `Incident::append`).
struct LogState {
    device: bool,
    kind: IncidentKind,
    reported: DateTime<FixedOffset>,
    lock_issued: bool,
    wipe_issued: bool,
    carrier: bool,
    recovered: bool,
    last_confirmed: Option<DateTime<FixedOffset>>,
    noticed: Option<DateTime<FixedOffset>>,
    /// The recorded assessment's obligations (id, last on-time instant).
    obligations: Vec<(String, Option<DateTime<FixedOffset>>)>,
    filed: Vec<String>,
    /// Standalone events: no state to respect, obligations from [`OBLIGATION_IDS`].
    standalone: bool,
}

/// The latest instant an event is dated (2040-12-31T23:59:59Z).
fn last_instant() -> DateTime<FixedOffset> {
    let utc = FixedOffset::east_opt(0).unwrap_or(FixedOffset::east_opt(0).unwrap());
    utc.with_ymd_and_hms(2040, 12, 31, 23, 59, 59)
        .single()
        .unwrap_or_default()
}

/// A report instant from 2000-01-10 to 2040-12-01, so that interview answers dated up to a
/// week earlier are still in 2000 (the breach engine assesses 2000–2149) and a log's later
/// events have room before the end of 2040.
fn report_instant(i: Instant) -> DateTime<FixedOffset> {
    let t = i.to_datetime();
    let start = day0().and_hms_opt(0, 0, 0).unwrap_or_default();
    if t.naive_utc() < start + Duration::days(9) {
        t + Duration::days(10)
    } else if t.naive_utc() > start + Duration::days(i64::from(DAYS) - 31) {
        t - Duration::days(365)
    } else {
        t
    }
}

/// Kinds (indices into [`EVENT_TYPES`]) that need a device.
const NEEDS_DEVICE: [u8; 8] = [2, 6, 7, 8, 9, 10, 11, 12];
/// Kinds (indices into [`EVENT_TYPES`]) that involve no device.
const NO_DEVICE: [u8; 15] = [1, 3, 4, 5, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];

impl LogState {
    fn new(kind: IncidentKind, device: bool, reported: DateTime<FixedOffset>) -> Self {
        LogState {
            device,
            kind,
            reported,
            lock_issued: false,
            wipe_issued: false,
            carrier: false,
            recovered: false,
            last_confirmed: None,
            noticed: None,
            obligations: Vec::new(),
            filed: Vec::new(),
            standalone: false,
        }
    }

    fn standalone(at: DateTime<FixedOffset>) -> Self {
        let mut s = LogState::new(IncidentKind::Loss, true, at);
        s.lock_issued = true;
        s.wipe_issued = true;
        s.standalone = true;
        s.obligations = OBLIGATION_IDS
            .iter()
            .map(|id| (id.to_string(), None))
            .collect();
        s
    }

    fn interview(&mut self, m: &mut Mix, texts: &[String]) -> InterviewAnswers {
        let before = |m: &mut Mix, max_min: u64| {
            (self.reported - Duration::minutes(m.below(max_min) as i64 + 1))
                .with_timezone(&m.offset())
        };
        let mut a = InterviewAnswers::default();
        if m.one_in(2) {
            a.last_confirmed_at = Some(before(m, 7 * 24 * 60));
            a.last_confirmed_place = Some(m.text(&VENUES, texts));
        }
        if m.one_in(2) {
            a.noticed_missing_at = Some(before(m, 3 * 24 * 60));
            a.noticed_by = m.one_in(2).then(|| m.text(&ACTORS, texts));
        }
        // Merged answers must have noticed ≥ last confirmed.
        let last = a.last_confirmed_at.or(self.last_confirmed);
        let noticed = a.noticed_missing_at.or(self.noticed);
        if let (Some(l), Some(n)) = (last, noticed)
            && n < l
        {
            a.noticed_missing_at = Some(l.with_timezone(&m.offset()));
        }
        let list = |m: &mut Mix, pool: &[&str]| -> Option<Vec<String>> {
            m.one_in(2).then(|| {
                (0..m.below(4))
                    .map(|_| m.text(pool, texts))
                    .collect::<Vec<_>>()
            })
        };
        a.places_since = list(m, &VENUES);
        a.where_kept = m.one_in(2).then(|| m.text(&PLACES, texts));
        a.moments_apart = list(m, &PLACES);
        a.stolen_or_dropped = match m.below(4) {
            0 => Some(StolenOrDropped::Stolen),
            1 => Some(StolenOrDropped::Dropped),
            2 => Some(StolenOrDropped::CannotTell),
            _ => None,
        };
        a.companions_asked = list(m, &ACTORS);
        a.places_searched = list(m, &VENUES);
        if m.one_in(2) {
            let n = m.below(4);
            a.data_on_device = Some((0..n).map(|_| data_item(m, texts)).collect());
        }
        a.identifying_features = list(m, &["黒いケース", "iPhone 15", "ステッカー"]);
        if m.one_in(3) {
            let n = m.below(3) + 1;
            a.others_aware = Some(
                (0..n)
                    .map(|_| Awareness {
                        who: m.text(&ACTORS, texts),
                        at: before(m, 5 * 24 * 60),
                    })
                    .collect(),
            );
        }
        a.wrongdoer = m.one_in(4).then(|| m.text(&ACTORS, texts));
        self.last_confirmed = a.last_confirmed_at.or(self.last_confirmed);
        self.noticed = a.noticed_missing_at.or(self.noticed);
        a
    }

    /// A breach assessment from the engine for this incident, dated `at`.
    fn assessment(&self, m: &mut Mix) -> Option<Assessment> {
        let spec = Spec {
            org_type: m.below(256) as u8,
            processor: m.one_in(6),
            establishment: [0, 0, 1, m.below(8) as u8][m.below(4) as usize],
            kind: INCIDENT_KINDS
                .iter()
                .position(|k| *k == self.kind)
                .unwrap_or(0) as u8,
            recovered: m.tri(),
            sensitive: m.tri(),
            financial: m.tri(),
            malicious: if m.one_in(2) { None } else { m.tri() },
            risk: m.one_in(2).then(|| m.below(3) as u8),
            protection: None,
            persons: vec![
                (0, Some(THRESHOLD_COUNTS[m.below(12) as usize])),
                (1, Some(THRESHOLD_COUNTS[m.below(12) as usize])),
            ],
            aware: Instant::default(),
            report: None,
        };
        let mut req = spec.request()?;
        req.incident.aware_at = self.noticed.unwrap_or(self.reported).min(self.reported);
        crate::breach::assess(&req).ok()
    }

    fn unfiled(&self, m: &mut Mix) -> Option<(String, Option<DateTime<FixedOffset>>)> {
        let open: Vec<_> = self
            .obligations
            .iter()
            .filter(|(id, _)| !self.filed.contains(id))
            .collect();
        if open.is_empty() {
            return None;
        }
        Some(open[m.below(open.len() as u64) as usize].clone())
    }

    /// The data of an event of kind `k` (an index into [`EVENT_TYPES`], 1..=23) at `at` that is
    /// valid in this state; a kind that is not possible here is replaced by one that is.
    fn event(
        &mut self,
        mut k: u8,
        m: &mut Mix,
        texts: &[String],
        at: DateTime<FixedOffset>,
    ) -> EventData {
        if !self.device && NEEDS_DEVICE.contains(&k) {
            k = NO_DEVICE[m.below(NO_DEVICE.len() as u64) as usize];
        }
        // Repairs: a confirmation needs its command, a line is suspended and a device recovered
        // once, a filing or waiver needs an obligation of the recorded assessment.
        k = match k {
            8 if !self.lock_issued => 7,
            10 if !self.wipe_issued => 9,
            11 if self.carrier => 6,
            12 if self.recovered => 6,
            19 | 20 if self.unfiled(&mut Mix(m.0)).is_none() => 15,
            k => k,
        };
        let opt_note = |m: &mut Mix, pool: &[&str]| m.one_in(2).then(|| m.text(pool, texts));
        match k {
            1 => EventData::InterviewAnswered {
                answers: Box::new(self.interview(m, texts)),
            },
            2 => EventData::DeviceCalled {
                answered: m.one_in(3),
                note: opt_note(m, &EVENT_NOTES),
            },
            3 => EventData::VenueContacted {
                venue: nonblank(&m.text(&VENUES, texts), "venue"),
                found: m.one_in(4),
                note: opt_note(m, &EVENT_NOTES),
            },
            4 | 5 => {
                let station = m.text(&STATIONS, texts);
                let receipt_number = nonblank(&m.text(&RECEIPTS, texts), "0");
                if k == 4 {
                    EventData::PoliceLostReportFiled {
                        station,
                        receipt_number,
                    }
                } else {
                    EventData::PoliceDamageReportFiled {
                        station,
                        receipt_number,
                    }
                }
            }
            6 => {
                let result = [
                    LocateResult::Located,
                    LocateResult::NoResponse,
                    LocateResult::NotAvailable,
                ][m.below(3) as usize];
                let position =
                    (result == LocateResult::Located && !m.one_in(4)).then(|| Position {
                        lat_microdeg: m.below(180_000_001) as i32 - 90_000_000,
                        lon_microdeg: m.below(360_000_001) as i32 - 180_000_000,
                        accuracy_m: m.one_in(3).then(|| m.below(5000) as u32),
                    });
                EventData::LocateAttempted { result, position }
            }
            7 => {
                self.lock_issued = true;
                EventData::RemoteLockIssued {
                    channel: m.text(&CHANNELS, texts),
                }
            }
            8 => EventData::RemoteLockConfirmed,
            9 => {
                self.wipe_issued = true;
                EventData::RemoteWipeIssued {
                    channel: m.text(&CHANNELS, texts),
                }
            }
            10 => EventData::RemoteWipeConfirmed,
            11 => {
                self.carrier = !self.standalone;
                EventData::CarrierLineSuspended {
                    carrier: m.text(&CARRIERS, texts),
                    approved_by: opt_note(m, &ACTORS),
                }
            }
            12 => {
                self.recovered = !self.standalone;
                EventData::DeviceRecovered {
                    found_at_place: opt_note(m, &PLACES),
                    evidence_of_access: m.tri(),
                }
            }
            14 => {
                let i = INCIDENT_KINDS
                    .iter()
                    .position(|x| *x == self.kind)
                    .unwrap_or(0);
                let kind = INCIDENT_KINDS[(i + 1 + m.below(6) as usize) % INCIDENT_KINDS.len()];
                self.kind = kind;
                EventData::Reclassified {
                    kind,
                    reason: nonblank(&m.text(&REASONS, texts), "reason"),
                }
            }
            15 => match self.assessment(m) {
                Some(a) => {
                    if !self.standalone {
                        self.obligations = a
                            .obligations
                            .iter()
                            .map(|o| {
                                let limit = match o.due {
                                    Due::Deadline { at } => Some(at),
                                    Due::Window { latest, .. } => Some(latest),
                                    Due::WithoutUndueDelay => None,
                                    Due::AfterObligation { latest, .. } => latest,
                                };
                                (o.id.clone(), limit)
                            })
                            .collect();
                    }
                    EventData::AssessmentRecorded {
                        assessment: Box::new(a),
                    }
                }
                None => EventData::DataAccessChecked {
                    result: AccessResult::Undetermined,
                    detail: None,
                },
            },
            16 => EventData::CustomersNotified {
                count: [1, 3, 1000, 1001, 50_000][m.below(5) as usize],
                channel: m.text(&["訪問と謝罪", "letter", "e-mail"], texts),
            },
            17 => EventData::PublicNotice {
                location: m.text(&NOTICE_LOCATIONS, texts),
            },
            18 => EventData::InquiryDeskOpened {
                contact: m.text(&DESKS, texts),
            },
            19 => {
                let (obligation_id, limit) = self
                    .unfiled(m)
                    .unwrap_or_else(|| (OBLIGATION_IDS[0].to_string(), None));
                let late = limit.is_some_and(|d| at > d);
                let delay_reason =
                    (late || m.one_in(3)).then(|| nonblank(&m.text(&REASONS, texts), "reason"));
                if !self.standalone {
                    self.filed.push(obligation_id.clone());
                }
                EventData::RegulatorReportFiled {
                    obligation_id,
                    reference: nonblank(&m.text(&REFERENCES, texts), "ref"),
                    delay_reason,
                }
            }
            20 => {
                let (obligation_id, _) = self
                    .unfiled(m)
                    .unwrap_or_else(|| (OBLIGATION_IDS[0].to_string(), None));
                EventData::ObligationWaived {
                    obligation_id,
                    reason: nonblank(&m.text(&REASONS, texts), "reason"),
                }
            }
            21 => EventData::WrittenReportReceived {
                from: m.text(&ACTORS, texts),
            },
            22 => EventData::DisciplinaryMeasure {
                measure: nonblank(&m.text(&MEASURES, texts), "measure"),
            },
            23 => EventData::PreventionMeasureAdded {
                category: [
                    PreventionCategory::Physical,
                    PreventionCategory::Technical,
                    PreventionCategory::Administrative,
                    PreventionCategory::Educational,
                ][m.below(4) as usize],
                description: nonblank(&m.text(&PREVENTION, texts), "measure"),
                follow_up_at: m
                    .one_in(2)
                    .then(|| (at + Duration::days(m.below(180) as i64)).min(last_instant())),
            },
            _ => EventData::DataAccessChecked {
                result: [
                    AccessResult::NoAccessFound,
                    AccessResult::Accessed,
                    AccessResult::Undetermined,
                ][m.below(3) as usize],
                detail: m.one_in(2).then(|| m.text(&ITEMS, texts)),
            },
        }
    }
}

fn data_item(m: &mut Mix, texts: &[String]) -> DataItem {
    let storage = match m.below(3) {
        0 => DataStorage::Plaintext,
        1 => DataStorage::MamoriVault,
        _ => DataStorage::Encrypted {
            protection: Protection {
                algorithm: ALGORITHMS[m.below(ALGORITHMS.len() as u64) as usize].to_string(),
                key_separated: m.tri(),
                remote_wipe: m.tri(),
                ..Protection::default()
            },
        },
    };
    let mut persons = std::collections::BTreeMap::new();
    for _ in 0..m.below(3) {
        let key = PERSON_KEYS[m.below(PERSON_KEYS.len() as u64) as usize].to_string();
        let n = (!m.one_in(5)).then(|| THRESHOLD_COUNTS[m.below(12) as usize]);
        persons.insert(key, n.map(crate::breach::Count::exact));
    }
    DataItem {
        description: nonblank(&m.text(&ITEMS, texts), "data"),
        storage,
        persons,
        sensitive: m.tri(),
        financial_risk: m.tri(),
    }
}

/// The time of the next event: a step of seconds to weeks after the previous one (never after
/// 2040), or now and then an instant before the report (valid; it raises a warning).
fn next_time(
    prev: DateTime<FixedOffset>,
    reported: DateTime<FixedOffset>,
    step: u32,
    m: &mut Mix,
) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    let off = m.offset();
    if step % 16 == 15 {
        let t = reported - Duration::minutes(i64::from(step % 2880) + 1);
        return (prev, t.with_timezone(&off));
    }
    let secs = match step % 4 {
        0 => i64::from(step % 3600),
        1 => i64::from(step % (12 * 3600)),
        2 => i64::from(step % (7 * 86_400)),
        _ => i64::from(step % (60 * 86_400)),
    };
    let t = (prev + Duration::seconds(secs)).min(last_instant().max(prev));
    (t, t.with_timezone(&off))
}

/// Store `e` as `Incident::append` would (chain fields of a v2 log filled in), without the
/// validity checks: the generator builds logs that are valid by construction.
fn push_sealed(inc: &mut Incident, e: Event) {
    let sealed = inc.seal(e.clone()).unwrap_or(e);
    inc.events.push(sealed);
}

impl LogSpec {
    fn incident(&self) -> Incident {
        let kind = INCIDENT_KINDS[usize::from(self.kind) % INCIDENT_KINDS.len()];
        let reported = report_instant(self.reported);
        let texts = &self.texts;
        let mut m = Mix(u64::from(self.id) << 8 | u64::from(self.kind));
        let mut inc = Incident::new(format!(
            "{}-{:04}",
            ["INC", "事案", "inc"][usize::from(self.id) % 3],
            self.id
        ));
        let actor = |m: &mut Mix| nonblank(&m.text(&ACTORS, texts), "actor");
        let device_id = self
            .device
            .then(|| m.text(&DEVICE_IDS, texts))
            .map(|d| nonblank(&d, "P"));
        push_sealed(
            &mut inc,
            Event::new(
                reported,
                actor(&mut m),
                EventData::Reported {
                    kind,
                    device_id,
                    reporter: nonblank(&m.text(&ACTORS, texts), "reporter"),
                    summary: m.text(&SUMMARIES, texts),
                },
            ),
        );
        let mut st = LogState::new(kind, self.device, reported);
        let mut clock = reported;
        for &(k, seed, step) in &self.steps {
            let mut m = Mix(seed);
            let (c, at) = next_time(clock, reported, step, &mut m);
            clock = c;
            let data = st.event(1 + k % 23, &mut m, texts, at);
            push_sealed(&mut inc, Event::new(at, actor(&mut m), data));
        }
        if self.close {
            let (_, at) = next_time(clock, reported, 7 * 86_400 + 3, &mut m);
            let summary = m.text(&["対応完了", "closed: device recovered", ""], texts);
            push_sealed(
                &mut inc,
                Event::new(at, actor(&mut m), EventData::Closed { summary }),
            );
        }
        inc
    }
}

/// Any single event (of any of the 25 kinds, `reported` and `closed` included), with fields
/// that are valid on their own; whether a log accepts it depends on the log.
fn any_event(k: u8, seed: u64, at: Instant, texts: &[String]) -> Event {
    let mut m = Mix(seed);
    let at = report_instant(at).with_timezone(&m.offset());
    let k = k % 25;
    let data = match k {
        0 => EventData::Reported {
            kind: INCIDENT_KINDS[m.below(7) as usize],
            device_id: m.one_in(4).then(|| m.text(&DEVICE_IDS, texts)),
            reporter: nonblank(&m.text(&ACTORS, texts), "reporter"),
            summary: m.text(&SUMMARIES, texts),
        },
        24 => EventData::Closed {
            summary: m.text(&["対応完了", ""], texts),
        },
        k => LogState::standalone(at).event(k, &mut m, texts, at),
    };
    Event::new(at, nonblank(&m.text(&ACTORS, texts), "actor"), data)
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
