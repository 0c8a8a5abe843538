//! The contact and incident-log generators of `mamori::strategies` (run with
//! `cargo test --features arbitrary,proptest --test strategies_records`).
//!
//! Properties: every generated phone number normalises back to the number it was written from,
//! in every format the generators use; every generated contact is accepted by `Vault::put`,
//! reads back equal (phones in E.164, absent timestamps filled in), survives a reopen, and is
//! found by caller-ID lookup under each of its numbers written in every other format; every
//! generated incident log is accepted, replays event by event through `append`, and
//! round-trips through JSON. The same holds for values drawn through `Arbitrary` from random
//! bytes, which must also cover the shapes (all event kinds, full-width / `+81` / `0081`
//! numbers, kana readings, ...).
#![cfg(all(feature = "arbitrary", feature = "proptest"))]

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Utc};
use mamori::incident::{Event, EventData, Incident, WarningCode};
use mamori::strategies::{EVENT_TYPES, NOT_PHONES, PHONE_REGION, phone_formats, prop};
use mamori::vault::{
    Contact, ContactId, FixedClock, LibPhoneNormalizer, Normalizer, Vault, VaultOptions,
};
use proptest::prelude::*;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

const KEY: [u8; 32] = [42; 32];

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T12:34:56.789Z")
        .unwrap()
        .to_utc()
}

fn options() -> VaultOptions {
    VaultOptions::default().with_clock(FixedClock(now()))
}

fn normalize(p: &str) -> Option<String> {
    LibPhoneNormalizer.normalize(p, PHONE_REGION)
}

/// What `get` must return for `c` stored under `id` at `now()`: phones in E.164 where they
/// parse, else trimmed; absent timestamps set to the vault clock; everything else unchanged.
fn stored(c: &Contact, id: ContactId) -> Contact {
    let mut s = c.clone();
    s.id = Some(id);
    s.phones = c
        .phones
        .iter()
        .map(|p| normalize(p).unwrap_or_else(|| p.trim().to_string()))
        .collect();
    s.created_at = c.created_at.or(Some(now()));
    s.updated_at = c.updated_at.or(Some(now()));
    s
}

/// An in-memory model of a vault: contacts by id and the order they were last stored in.
#[derive(Default)]
struct Model {
    contacts: BTreeMap<ContactId, Contact>,
    order: Vec<ContactId>,
}

impl Model {
    fn put(&mut self, v: &Vault, c: Contact) {
        let json = serde_json::to_string(&c).expect("a contact serialises");
        let back: Contact = serde_json::from_str(&json).expect("contact JSON parses back");
        assert!(back == c, "contact JSON does not round-trip: {json}");
        let id = v
            .put(c.clone())
            .expect("Vault::put accepts every generated contact");
        if let Some(want) = c.id {
            assert_eq!(id, want, "a caller-chosen id is kept");
        }
        self.contacts.insert(id, stored(&c, id));
        self.order.retain(|x| *x != id);
        self.order.push(id);
    }

    /// The contact lookup must return for `e164`: the most recently stored one holding it.
    fn owner(&self, e164: &str) -> Option<ContactId> {
        self.order
            .iter()
            .rev()
            .find(|id| self.contacts[id].phones.iter().any(|p| p == e164))
            .copied()
    }

    /// The vault holds exactly the model; every indexed number is found in every format.
    /// Returns the number of lookups made.
    fn check(&self, v: &Vault) -> usize {
        assert_eq!(v.len().unwrap(), self.contacts.len());
        for (id, want) in &self.contacts {
            let got = v.get(id).expect("a stored contact reads back");
            assert!(
                &got == want,
                "contact {id} differs after put/get: got {} phones {:?}, want {:?}",
                got.name,
                got.phones,
                want.phones
            );
        }
        let mut lookups = 0;
        for c in self.contacts.values() {
            for e in c.phones.iter().filter(|p| p.starts_with('+')) {
                let formats = phone_formats(e);
                if formats.len() == 1 {
                    continue; // not a kind of number the generators write in several ways
                }
                let owner = self.owner(e);
                for f in &formats {
                    assert_eq!(normalize(f).as_deref(), Some(e.as_str()), "{f:?}");
                    let found = v.lookup_phone(f).expect("lookup").expect("number found");
                    assert_eq!(found.id, owner, "lookup {f:?} found another contact");
                    lookups += 1;
                }
            }
        }
        lookups
    }
}

fn reopened(dir: &tempfile::TempDir, v: Vault) -> Vault {
    v.close().unwrap();
    drop(v);
    Vault::open_with_raw_key(dir.path().join("v.vault"), &KEY, options()).expect("reopen")
}

#[test]
fn not_phones_are_not_numbers() {
    for s in NOT_PHONES {
        assert_eq!(normalize(s), None, "{s:?}");
    }
}

#[test]
fn phone_formats_cover_the_written_forms() {
    let jp = phone_formats("+819012345678");
    for want in [
        "+819012345678",
        "090-1234-5678",
        "+81 90 1234 5678",
        "0081 90 1234 5678",
        "０９０－１２３４－５６７８",
    ] {
        assert!(jp.iter().any(|f| f == want), "{want} missing from {jp:?}");
    }
    assert_eq!(
        phone_formats("+33123456789"),
        vec!["+33123456789".to_string()]
    );
    assert!(phone_formats("+14155550123").contains(&"+1 (415) 555-0123".to_string()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A generated number normalises to the E.164 number it was written from (it is one of that
    /// number's formats), and so does every other format of it; the E.164 form is a fixed point.
    #[test]
    fn generated_phones_normalise_to_their_number(p in prop::phone()) {
        let e = normalize(&p);
        prop_assert!(e.is_some(), "{:?} does not normalise", p);
        let e = e.unwrap();
        let formats = phone_formats(&e);
        prop_assert!(formats.contains(&p), "{:?} normalised to {} whose formats are {:?}", p, e, formats);
        for f in &formats {
            prop_assert_eq!(normalize(f), Some(e.clone()), "{:?}", f);
        }
        prop_assert_eq!(normalize(&e), Some(e.clone()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Generated contacts are accepted, read back equal (also after a reopen), and are found by
    /// caller-ID lookup under every format of each of their numbers.
    #[test]
    fn generated_contacts_round_trip_through_a_vault(
        contacts in proptest::collection::vec(prop::contact(), 1..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create_with_raw_key(dir.path().join("v.vault"), &KEY, options()).unwrap();
        let mut model = Model::default();
        for c in contacts {
            model.put(&v, c);
        }
        model.check(&v);
        let v = reopened(&dir, v);
        model.check(&v);
    }
}

/// Draw `n` values from seeded random bytes through `Arbitrary`.
fn arbitrary_values<T: for<'a> Arbitrary<'a>>(n: usize, seed: u64, len: usize) -> Vec<T> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut buf = vec![0u8; len];
    (0..n)
        .map(|_| {
            rng.fill_bytes(&mut buf);
            T::arbitrary(&mut Unstructured::new(&buf)).expect("generation never fails")
        })
        .collect()
}

#[test]
fn arbitrary_contacts_round_trip_and_cover_the_shapes() {
    let contacts: Vec<Contact> = arbitrary_values(300, 11, 512);
    let phones: Vec<&String> = contacts.iter().flat_map(|c| &c.phones).collect();
    let any_phone = |f: &dyn Fn(&str) -> bool| phones.iter().any(|p| f(p));
    assert!(
        any_phone(&|p| p.chars().any(|c| ('０'..='９').contains(&c))),
        "full-width digits"
    );
    assert!(any_phone(&|p| p.starts_with("+81")), "+81");
    assert!(any_phone(&|p| p.starts_with("0081")), "0081");
    assert!(
        any_phone(&|p| p.starts_with("0") && p.contains('-')),
        "national with hyphens"
    );
    assert!(
        any_phone(&|p| p.starts_with("+1") || p.starts_with("+44")),
        "foreign numbers"
    );
    assert!(
        any_phone(&|p| NOT_PHONES.contains(&p)),
        "strings that are not numbers"
    );
    assert!(contacts.iter().any(|c| c.phones.len() > 4), "many phones");
    assert!(contacts.iter().any(|c| c.phones.is_empty()), "no phone");
    let kana = |c: &Contact, lo: char, hi: char| {
        c.reading
            .as_deref()
            .is_some_and(|r| r.chars().any(|x| (lo..=hi).contains(&x)))
    };
    assert!(
        contacts.iter().any(|c| kana(c, 'ぁ', 'ゖ')),
        "hiragana reading"
    );
    assert!(
        contacts.iter().any(|c| kana(c, 'ァ', 'ヶ')),
        "katakana reading"
    );
    assert!(contacts.iter().any(|c| c.reading.is_none()));
    assert!(contacts.iter().any(|c| c.sensitive) && contacts.iter().any(|c| !c.sensitive));
    assert!(contacts.iter().any(|c| c.id.is_some()), "caller-chosen ids");
    assert!(
        contacts
            .iter()
            .any(|c| !c.emails.is_empty() && !c.tags.is_empty())
    );
    assert!(contacts.iter().any(|c| c.created_at.is_none()));
    let years: BTreeSet<i32> = contacts
        .iter()
        .filter_map(|c| c.created_at.map(|t| t.year()))
        .collect();
    assert!(years.iter().all(|y| (2000..=2040).contains(y)), "{years:?}");
    assert!(
        years.len() > 15,
        "timestamps spread over the years: {years:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create_with_raw_key(dir.path().join("v.vault"), &KEY, options()).unwrap();
    let mut model = Model::default();
    for c in contacts {
        model.put(&v, c);
    }
    let lookups = model.check(&v);
    assert!(lookups > 1000, "only {lookups} caller-ID lookups");
    let v = reopened(&dir, v);
    assert_eq!(model.check(&v), lookups);
}

// ---------------------------------------------------------------- incident logs

fn first_instant() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
        .unwrap()
}

fn last_instant() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2040, 12, 31, 23, 59, 59)
        .unwrap()
}

/// The log is accepted, replays event by event through `append` to the same log and state,
/// and it and each of its events round-trip through JSON.
fn check_log(inc: &Incident) -> mamori::incident::IncidentState {
    let state = inc.state().unwrap_or_else(|e| panic!("log refused: {e}"));
    assert_eq!(state.event_count, inc.events.len());
    assert!(matches!(inc.events[0].data, EventData::Reported { .. }));
    for (i, e) in inc.events.iter().enumerate() {
        assert!(
            e.at >= first_instant() && e.at <= last_instant(),
            "events[{i}] at {}",
            e.at
        );
        if matches!(e.data, EventData::Closed { .. }) {
            assert_eq!(i + 1, inc.events.len(), "closed is last");
        }
        let json = serde_json::to_string(e).unwrap();
        let back: Event = serde_json::from_str(&json).expect("event JSON parses back");
        assert_eq!(&back, e, "event JSON does not round-trip");
    }
    assert_eq!(
        state.is_closed(),
        matches!(
            inc.events.last().map(|e| &e.data),
            Some(EventData::Closed { .. })
        )
    );
    let mut again = Incident::new(inc.id.clone());
    for (i, e) in inc.events.iter().enumerate() {
        again
            .append(e.clone())
            .unwrap_or_else(|err| panic!("append refused events[{i}]: {err}"));
    }
    assert_eq!(&again, inc);
    assert_eq!(again.state().unwrap(), state);
    let json = serde_json::to_string(inc).unwrap();
    let back = Incident::from_json(&json).expect("the log's JSON is accepted");
    assert_eq!(&back, inc, "log JSON does not round-trip");
    state
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Generated logs are valid: accepted by `from_json`, `state` and event-by-event `append`.
    #[test]
    fn generated_logs_are_accepted(inc in prop::incident()) {
        check_log(&inc);
    }

    /// A standalone event of any kind round-trips through JSON.
    #[test]
    fn generated_events_round_trip(e in prop::event()) {
        let json = serde_json::to_string(&e).unwrap();
        let back: Event = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, e);
    }
}

#[test]
fn arbitrary_logs_are_accepted_and_cover_every_event_kind() {
    let logs: Vec<Incident> = arbitrary_values(400, 23, 768);
    let mut kinds = BTreeSet::new();
    let mut offsets = BTreeSet::new();
    let mut years = BTreeSet::new();
    let (mut before_report, mut late_filings, mut closed) = (0, 0, 0);
    for inc in &logs {
        let st = check_log(inc);
        for e in &inc.events {
            kinds.insert(e.data.type_name());
            offsets.insert(e.at.offset().local_minus_utc());
            years.insert(e.at.naive_utc().year());
        }
        before_report += st
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::BeforeReport)
            .count();
        late_filings += st.filings.values().filter(|f| f.late).count();
        closed += usize::from(st.is_closed());
    }
    let missing: Vec<_> = EVENT_TYPES.iter().filter(|t| !kinds.contains(*t)).collect();
    assert!(
        missing.is_empty(),
        "event kinds never generated: {missing:?}"
    );
    assert!(offsets.len() >= 5, "{offsets:?}");
    assert!(
        years.len() > 25,
        "instants spread over 2000–2040: {years:?}"
    );
    assert!(before_report > 0 && late_filings > 0 && closed > 0);
    assert!(logs.iter().any(|i| i.events.len() > 15), "long logs");

    let events: Vec<Event> = arbitrary_values(600, 29, 128);
    let kinds: BTreeSet<&str> = events.iter().map(|e| e.data.type_name()).collect();
    assert_eq!(
        kinds.len(),
        EVENT_TYPES.len(),
        "standalone events of every kind"
    );
    for e in &events {
        let back: Event = serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap();
        assert_eq!(&back, e);
    }
}
