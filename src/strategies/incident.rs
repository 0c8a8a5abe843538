//! Whole incident event logs for the incident generators.

use super::*;

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

pub(super) const ACTORS: [&str; 6] = [
    "総務 佐藤",
    "mgr",
    "it-admin",
    "情報システム部",
    "E1234",
    "sales-07",
];
pub(super) const DEVICE_IDS: [&str; 4] = ["P-001", "PC-2026-17", "USB-9", "端末-3"];
pub(super) const SUMMARIES: [&str; 5] = [
    "通勤中に紛失",
    "lost phone on the train",
    "鞄ごと盗難",
    "誤送信",
    "",
];
pub(super) const VENUES: [&str; 5] = [
    "居酒屋 新宿店",
    "JR 新宿駅 忘れ物センター",
    "タクシー会社",
    "Starbucks Shibuya",
    "客先 受付",
];
pub(super) const STATIONS: [&str; 4] = ["新宿警察署", "丸の内警察署", "Osaka Minami PS", "交番"];
pub(super) const RECEIPTS: [&str; 4] = ["R-2026-001", "第123号", "0001", "受理 77"];
pub(super) const CHANNELS: [&str; 5] = [
    "Intune",
    "Jamf",
    "Google Find My Device",
    "docomo 遠隔ロック",
    "MDM",
];
pub(super) const CARRIERS: [&str; 4] = ["NTT docomo", "au", "SoftBank", "Rakuten Mobile"];
pub(super) const PLACES: [&str; 4] = ["駅の遺失物係", "タクシー車内", "自宅", "office desk"];
pub(super) const EVENT_NOTES: [&str; 4] = ["留守番電話", "拾得者が応答", "no answer", "電源オフ"];
pub(super) const REASONS: [&str; 4] = [
    "調査中",
    "判明が遅れたため",
    "the regulator portal was down",
    "事実確認に時間を要した",
];
pub(super) const MEASURES: [&str; 3] = ["訓戒", "始末書の提出", "端末代金の半額負担"];
pub(super) const PREVENTION: [&str; 5] = [
    "ストラップ着用の義務化",
    "MDM 導入",
    "6桁PIN",
    "持出し台帳",
    "研修",
];
pub(super) const REFERENCES: [&str; 3] = ["PPC-2026-0001", "受付番号 123", "ICO-77"];
pub(super) const NOTICE_LOCATIONS: [&str; 3] = [
    "https://example.jp/news/2026/notice",
    "本社ウェブサイト",
    "プレスリリース",
];
pub(super) const DESKS: [&str; 3] = ["お客様相談窓口", "専用ダイヤル窓口", "inquiry desk"];
pub(super) const ITEMS: [&str; 5] = [
    "phonebook",
    "call history",
    "顧客リスト.xlsx",
    "メール",
    "LINE",
];

/// Deterministic detail choices from one 64-bit seed (SplitMix64), so that both generators
/// draw only (kind, seed) pairs per event and share every rule below.
pub(super) struct Mix(u64);

impl Mix {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub(super) fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
    pub(super) fn tri(&mut self) -> Option<bool> {
        [Some(true), Some(false), None][self.below(3) as usize]
    }
    /// A text from `pool`, or (one time in five, when there are any) a caller-supplied one.
    pub(super) fn text(&mut self, pool: &[&str], custom: &[String]) -> String {
        if !custom.is_empty() && self.one_in(5) {
            return cap(
                custom[self.below(custom.len() as u64) as usize].clone(),
                256,
            );
        }
        pool[self.below(pool.len() as u64) as usize].to_string()
    }
    pub(super) fn offset(&mut self) -> FixedOffset {
        let secs = EVENT_OFFSETS[self.below(EVENT_OFFSETS.len() as u64) as usize];
        FixedOffset::east_opt(secs).unwrap_or(FixedOffset::east_opt(0).unwrap())
    }
}

/// The choices that make up one incident log.
#[derive(Debug, Clone, Default)]
pub(super) struct LogSpec {
    pub(super) id: u16,
    pub(super) kind: u8,
    pub(super) device: bool,
    pub(super) reported: Instant,
    /// (event kind, detail seed, time step) per event after `reported`.
    pub(super) steps: Vec<(u8, u64, u32)>,
    pub(super) close: bool,
    pub(super) texts: Vec<String>,
}

/// What the log builder tracks to keep every event valid (the rules of `Incident::append`).
pub(super) struct LogState {
    pub(super) device: bool,
    pub(super) kind: IncidentKind,
    pub(super) reported: DateTime<FixedOffset>,
    pub(super) lock_issued: bool,
    pub(super) wipe_issued: bool,
    pub(super) carrier: bool,
    pub(super) recovered: bool,
    pub(super) last_confirmed: Option<DateTime<FixedOffset>>,
    pub(super) noticed: Option<DateTime<FixedOffset>>,
    /// The recorded assessment's obligations (id, last on-time instant).
    pub(super) obligations: Vec<(String, Option<DateTime<FixedOffset>>)>,
    pub(super) filed: Vec<String>,
    /// Standalone events: no state to respect, obligations from [`OBLIGATION_IDS`].
    pub(super) standalone: bool,
}

/// The latest instant an event is dated (2040-12-31T23:59:59Z).
pub(super) fn last_instant() -> DateTime<FixedOffset> {
    let utc = FixedOffset::east_opt(0).unwrap_or(FixedOffset::east_opt(0).unwrap());
    utc.with_ymd_and_hms(2040, 12, 31, 23, 59, 59)
        .single()
        .unwrap_or_default()
}

/// A report instant from 2000-01-10 to 2040-12-01, so that interview answers dated up to a
/// week earlier are still in 2000 (the breach engine assesses 2000–2149) and a log's later
/// events have room before the end of 2040.
pub(super) fn report_instant(i: Instant) -> DateTime<FixedOffset> {
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
pub(super) const NEEDS_DEVICE: [u8; 8] = [2, 6, 7, 8, 9, 10, 11, 12];
/// Kinds (indices into [`EVENT_TYPES`]) that involve no device.
pub(super) const NO_DEVICE: [u8; 15] = [1, 3, 4, 5, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];

impl LogState {
    pub(super) fn new(kind: IncidentKind, device: bool, reported: DateTime<FixedOffset>) -> Self {
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

    pub(super) fn standalone(at: DateTime<FixedOffset>) -> Self {
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

    pub(super) fn interview(&mut self, m: &mut Mix, texts: &[String]) -> InterviewAnswers {
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
    pub(super) fn assessment(&self, m: &mut Mix) -> Option<Assessment> {
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

    pub(super) fn unfiled(&self, m: &mut Mix) -> Option<(String, Option<DateTime<FixedOffset>>)> {
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
    pub(super) fn event(
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
                                (o.id.to_string(), limit)
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

pub(super) fn data_item(m: &mut Mix, texts: &[String]) -> DataItem {
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
pub(super) fn next_time(
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
pub(super) fn push_sealed(inc: &mut Incident, e: Event) {
    let sealed = inc.seal(e.clone()).unwrap_or(e);
    inc.events.push(sealed);
}

impl LogSpec {
    pub(super) fn incident(&self) -> Incident {
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
pub(super) fn any_event(k: u8, seed: u64, at: Instant, texts: &[String]) -> Event {
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
