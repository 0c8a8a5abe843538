//! The link to the breach engine: build a `mamori.assess.v1` request from the incident, the
//! device and the vault manifest on it.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{AccessResult, DataStorage, IncidentState, StolenOrDropped};
use crate::breach::{
    ASSESS_REQUEST_SCHEMA, AssessRequest, Count, DataFacts, IncidentFacts, IncidentKind, Lang,
    Organisation, Protection, ReportInput,
};
use crate::device::Device;

/// A request built from an incident, with the reasoning behind each derived fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssessLink {
    /// The request to pass to [`crate::breach::assess`].
    pub request: AssessRequest,
    /// How each fact was derived, for the case file: in the language asked
    /// ([`assess_request_in`], the query's `lang`), English by default. Ids, field names and
    /// values (`data_on_device`, `AES-256-GCM`, times) stay as they are.
    pub notes: Vec<String>,
}

/// Add `from` into `into`, key by key, never shrinking a count: bounds add; an unknown count
/// (`None`) added to a known one leaves its minimum and makes the maximum unbounded; unknown
/// plus unknown stays unknown.
fn add_persons(into: &mut BTreeMap<String, Option<Count>>, from: &BTreeMap<String, Option<Count>>) {
    for (j, n) in from {
        match into.get_mut(j) {
            None => {
                into.insert(j.clone(), *n);
            }
            Some(slot) => *slot = add_counts(*slot, *n),
        }
    }
}

/// The sum of two possibly unknown counts (see [`add_persons`]).
fn add_counts(a: Option<Count>, b: Option<Count>) -> Option<Count> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.add(b)),
        (Some(k), None) | (None, Some(k)) => Some(Count::range(k.min(), None)),
        (None, None) => None,
    }
}

/// The persons of a vault manifest's `labels_outside_vault`, by jurisdiction: those whose
/// labels left the vault as they are, and those whose number alone left (policy `none`) from
/// 0 (a number alone may or may not identify a person). Empty when no labels are outside.
fn exported_persons(m: &crate::vault::Manifest) -> BTreeMap<String, Option<Count>> {
    let mut out = BTreeMap::new();
    let Some(l) = m.labels_outside_vault.as_ref().filter(|l| l.any()) else {
        return out;
    };
    let labelled: BTreeMap<String, Option<Count>> = l
        .labelled_by_jurisdiction
        .iter()
        .map(|(k, v)| (k.clone(), Some(*v)))
        .collect();
    let numbers: BTreeMap<String, Option<Count>> = l
        .numbers_only_by_jurisdiction
        .iter()
        .map(|(k, v)| (k.clone(), Some(Count::range(0, v.max()))))
        .collect();
    add_persons(&mut out, &labelled);
    add_persons(&mut out, &numbers);
    out
}

/// The persons of two sets that may overlap (a vault's persons and those of its exported
/// labels, who were in the vault when exported): per jurisdiction at least the larger
/// minimum, at most the sum of the maxima. An unknown count makes the maximum unbounded.
fn union_persons(
    a: &BTreeMap<String, Option<Count>>,
    b: &BTreeMap<String, Option<Count>>,
) -> BTreeMap<String, Option<Count>> {
    let mut out = a.clone();
    for (j, n) in b {
        let slot = out.entry(j.clone()).or_insert(Some(Count::exact(0)));
        *slot = match (*slot, *n) {
            (Some(x), Some(y)) => Some(Count::range(
                x.min().max(y.min()),
                x.max().zip(y.max()).map(|(p, q)| p.saturating_add(q)),
            )),
            (Some(k), None) | (None, Some(k)) => Some(Count::range(k.min(), None)),
            (None, None) => None,
        };
    }
    out
}

fn or_tri(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// Build the `mamori.assess.v1` request for this incident.
///
/// - `incident.aware_at` is the interview's [`aware_at`](IncidentState::aware_at).
/// - `data.persons`: persons whose data sat **unprotected** on the device (plaintext items
///   from the interview's `data_on_device`). If none did, the persons in protected stores
///   (the mamori vault's `persons_by_jurisdiction`, other encrypted items) are given together
///   with their `protection`, so the engine can apply the encryption exclusion. Persons in a
///   protected store are not added to plaintext counts (they did not leak).
/// - Counts are never shrunk: the counts of one jurisdiction from several items (and the
///   vault) are added as ranges (`{min, max}` bounds add); an unknown count added to a known
///   one keeps the known minimum with no upper bound; ranges and the vault's country codes
///   (`JP`, `DE`, `US`, ..., `unknown`) are passed on as they are.
/// - A vault manifest that is not `intact` (the file lost something, or the manifest is from
///   before the field): its head count is undetermined — its `unknown` persons lose their
///   upper bound — and its sensitivity is unknown unless it was `true` (the note says what
///   was lost).
/// - `data.protection`: the vault manifest's protection (or the first other encrypted store's)
///   when all personal data was protected; `null` when any sat in plaintext.
/// - `data.malicious` ([`malice`]): `true` if the interview says stolen or the kind is
///   presumed malicious (theft, unauthorised access, malware, insider); `false` if the
///   interview says dropped; `null` (unknown) when the employee cannot tell, or the question
///   is not answered yet, for a loss, misdelivery or `other` — the engine then makes the
///   malicious-act trigger `possible` and lists `data.malicious` in `missing_facts`. The note
///   gives the reason.
/// - `incident.recovered_unviewed`: `false` while the device is missing; after recovery the
///   negation of the evidence of access (or of an `accessed` data-access check); `null` when
///   that is not yet known.
///
/// - Caller-ID directory labels the vault handed to the operating system (the manifest's
///   `labels_outside_vault`, state `exported` or `unknown`) are plaintext on the device:
///   their persons are counted as plaintext (`protection: null`, so no 高度な暗号化
///   exemption), those of policy `none` (a number alone) from 0 to their count, and the
///   report's data items name "names and phone numbers". When the vault's key is not kept
///   apart its persons are counted too, merged with the exported ones as overlapping sets
///   (at least the larger count, at most the sum).
///
/// Device-level storage encryption and screen locks are recorded in the notes but are not
/// treated as 高度な暗号化 (a powered-on phone decrypts its storage for whoever unlocks it).
pub fn assess_request(
    state: &IncidentState,
    device: Option<&Device>,
    organisation: &Organisation,
) -> AssessLink {
    assess_request_in(state, device, organisation, Lang::En)
}

/// [`assess_request`] with its notes in `lang` (the request itself is the same; its `lang` is
/// left for the caller to set).
pub fn assess_request_in(
    state: &IncidentState,
    device: Option<&Device>,
    organisation: &Organisation,
    lang: Lang,
) -> AssessLink {
    let ja = lang == Lang::Ja;
    let tri = |v: Option<bool>| tri_in(ja, v);
    let fmt_persons = |p: &BTreeMap<String, Option<Count>>| fmt_persons(ja, p);
    let mut notes = Vec::new();
    let findings = state.findings();
    notes.push(if ja {
        format!(
            "aware_at {}（根拠：{}）",
            findings.aware_at.to_rfc3339(),
            aware_basis_ja(state, findings.aware_at)
        )
    } else {
        format!(
            "aware_at {} ({})",
            findings.aware_at.to_rfc3339(),
            findings.aware_basis
        )
    });

    let manifest = device.and_then(|d| d.posture.vault.as_ref());
    // The vault's protection as this incident can stand behind it (a server share's claims
    // need its recorded revocation and a clean registry log).
    let vault_protection = manifest.map(|m| vault_protection(m, state, ja, &mut notes));
    let items = state.interview.data_on_device.as_deref().unwrap_or(&[]);
    let mut plain: BTreeMap<String, Option<Count>> = BTreeMap::new();
    let mut protected: BTreeMap<String, Option<Count>> = BTreeMap::new();
    let mut plain_sensitive = Some(false);
    let mut protected_sensitive = Some(false);
    let mut plain_fin = Some(false);
    let mut protected_fin = Some(false);
    let mut other_protection: Option<Protection> = None;
    // Persons in protected stores whose key is not shown to be separated or remotely
    // erasable (e.g. a PIN-only vault): counted with plaintext data when there is any.
    let mut weak: BTreeMap<String, Option<Count>> = BTreeMap::new();
    let mut weak_sensitive = Some(false);
    // The vault's own persons when its key is not kept apart (kept apart from `weak`: the
    // persons of its exported labels are among them, see `union_persons`).
    let mut vault_weak: Option<BTreeMap<String, Option<Count>>> = None;
    let mut any_plain = false;
    for item in items {
        match &item.storage {
            DataStorage::Plaintext => {
                if item.persons.is_empty() {
                    continue;
                }
                any_plain = true;
                add_persons(&mut plain, &item.persons);
                plain_sensitive = or_tri(plain_sensitive, item.sensitive);
                plain_fin = or_tri(plain_fin, item.financial_risk);
                notes.push(if ja {
                    format!(
                        "端末に平文で保存：{}（{}）",
                        item.description,
                        fmt_persons(&item.persons)
                    )
                } else {
                    format!(
                        "plaintext on the device: {} ({})",
                        item.description,
                        fmt_persons(&item.persons)
                    )
                });
            }
            DataStorage::MamoriVault => {
                // Counted from the manifest below (the manifest is authoritative).
                notes.push(if ja {
                    format!("mamori 保管庫内：{}", item.description)
                } else {
                    format!("in the mamori vault: {}", item.description)
                });
            }
            DataStorage::Encrypted { protection } => {
                add_persons(&mut protected, &item.persons);
                protected_sensitive = or_tri(protected_sensitive, item.sensitive);
                protected_fin = or_tri(protected_fin, item.financial_risk);
                if !key_kept_apart(protection) {
                    add_persons(&mut weak, &item.persons);
                    weak_sensitive = or_tri(weak_sensitive, item.sensitive);
                }
                other_protection.get_or_insert_with(|| protection.clone());
                notes.push(if ja {
                    format!(
                        "端末に暗号化（{}）して保存：{}（{}）",
                        protection.algorithm,
                        item.description,
                        fmt_persons(&item.persons)
                    )
                } else {
                    format!(
                        "encrypted ({}) on the device: {} ({})",
                        protection.algorithm,
                        item.description,
                        fmt_persons(&item.persons)
                    )
                });
            }
        }
    }
    if let (Some(m), Some(vprot)) = (manifest, vault_protection.as_ref()) {
        // Country codes (and `unknown`) as the vault counted them; ranges kept.
        let mut vp: BTreeMap<String, Option<Count>> = m
            .persons_by_jurisdiction
            .iter()
            .map(|(k, v)| (k.clone(), Some(*v)))
            .collect();
        // A vault that is not intact lost something whose contents are unknown: its head
        // count is undetermined (no upper bound) and it may have held sensitive data. A
        // manifest before v3 cannot show that it is intact.
        let mut vault_sensitive = m.sensitive;
        if !m.intact_proven() {
            let u = vp
                .entry(crate::vault::UNKNOWN_JURISDICTION.to_string())
                .or_insert(Some(Count::exact(0)));
            *u = Some(Count::range(u.map_or(0, |c| c.min()), None));
            if vault_sensitive != Some(true) {
                vault_sensitive = None;
            }
            let lost = if m.intact {
                if ja {
                    format!("{} の文書では何も失われていないことを示せない", m.schema)
                } else {
                    format!("a {} document cannot show that nothing was lost", m.schema)
                }
            } else if m.lost.is_empty() {
                if ja {
                    "マニフェストは何が失われたかを示していない".to_string()
                } else {
                    "the manifest does not say what was lost".to_string()
                }
            } else {
                m.lost.join("; ")
            };
            notes.push(if ja {
                format!(
                    "mamori 保管庫 {} は完全でない（{}）：人数は確定できず（上限なし）、\
                     要配慮個人情報を含んでいたかは {}",
                    m.vault_id,
                    lost,
                    tri(vault_sensitive)
                )
            } else {
                format!(
                    "mamori vault {} is not intact ({}): its head count is undetermined (no \
                     upper bound) and whether it held sensitive data is {}",
                    m.vault_id,
                    lost,
                    tri(vault_sensitive)
                )
            });
        }
        add_persons(&mut protected, &vp);
        protected_sensitive = or_tri(protected_sensitive, vault_sensitive);
        if !key_kept_apart(vprot) {
            vault_weak = Some(vp.clone());
            weak_sensitive = or_tri(weak_sensitive, vault_sensitive);
        }
        // What the assessment uses (after the revocation check), not the manifest's claim.
        notes.push(if ja {
            format!(
                "mamori 保管庫 {}：連絡先 {} 件に本人 {} 人（{}）、{}、鍵の分離：{}、遠隔消去：{}",
                m.vault_id,
                m.contacts,
                m.persons,
                fmt_persons(&vp),
                m.algorithm,
                tri(vprot.key_separated),
                tri(vprot.remote_wipe)
            )
        } else {
            format!(
                "mamori vault {}: {} persons in {} contacts ({}), {} with key separated: {}, remote wipe: {}",
                m.vault_id,
                m.persons,
                m.contacts,
                fmt_persons(&vp),
                m.algorithm,
                tri(vprot.key_separated),
                tri(vprot.remote_wipe)
            )
        });
    }
    // Caller-ID labels the vault handed to the operating system: plaintext on the device.
    let exported = manifest.map(exported_persons).unwrap_or_default();
    if let Some(l) = manifest
        .and_then(|m| m.labels_outside_vault.as_ref())
        .filter(|l| l.any())
    {
        // An export of no persons (no contact had a number) exposed nobody.
        any_plain |= !exported.is_empty();
        let labelled = fmt_persons(
            &l.labelled_by_jurisdiction
                .iter()
                .map(|(k, v)| (k.clone(), Some(*v)))
                .collect(),
        );
        let policies = |sep: &str| {
            l.policies
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(sep)
        };
        notes.push(if ja {
            format!(
                "発信者番号表示用のディレクトリを OS に書き出し、保管庫の暗号化の外にある（state = {}、\
                 書き出し {} 回、{} 以降、ラベル方針 {}、検証済みログ：{}）：氏名・会社名・イニシャルと\
                 電話番号のある本人 {}（{}）、電話番号のみの本人（policy = none。番号だけでは本人を識別\
                 できるとは限らないため 0 人から数える）{} — 平文として数える",
                l.state.as_str(),
                l.exports,
                l.since.map_or_else(|| "不明".to_string(), |t| t.to_rfc3339()),
                if l.policies.is_empty() {
                    "不明".to_string()
                } else {
                    policies("/")
                },
                tri(Some(l.verified)),
                l.labelled_persons,
                labelled,
                l.numbers_only_persons,
            )
        } else {
            format!(
                "caller-ID directory exported to the operating system, outside the vault's encryption (state {}, {} export(s) since {}, label policies {}, from a verified log: {}): persons with a name, company or initials and a phone number {} ({}); persons with only a phone number (policy none, counted from 0 since a number alone may or may not identify a person) {} — counted as plaintext",
                l.state.as_str(),
                l.exports,
                l.since.map_or_else(|| "unknown".to_string(), |t| t.to_rfc3339()),
                if l.policies.is_empty() {
                    "unknown".to_string()
                } else {
                    policies(", ")
                },
                l.verified,
                l.labelled_persons,
                labelled,
                l.numbers_only_persons,
            )
        });
    }
    match vault_weak {
        Some(vp) if any_plain => add_persons(&mut weak, &union_persons(&vp, &exported)),
        Some(vp) => add_persons(&mut weak, &vp),
        None => add_persons(&mut plain, &exported),
    }
    let (persons, protection, sensitive, financial_risk) = if any_plain {
        if !weak.is_empty() {
            // Never under-report: a store whose key a copy of it may yield counts as exposed.
            notes.push(if ja {
                format!(
                    "鍵が分離されず遠隔消去もできない暗号化保存先の本人（{}）は平文のデータと合わせて数える（鍵が分離された保存先は数えない）",
                    fmt_persons(&weak)
                )
            } else {
                format!(
                    "persons in encrypted stores whose key is not kept apart nor remotely erasable ({}) are counted with the plaintext data (stores with the key kept apart are not)",
                    fmt_persons(&weak)
                )
            });
            add_persons(&mut plain, &weak);
            plain_sensitive = or_tri(plain_sensitive, weak_sensitive);
        }
        if weak.is_empty() && !protected.is_empty() {
            notes.push(if ja {
                format!(
                    "保護された保存先の本人（{}）は数えない：データは鍵が分離されたまま暗号化されていた",
                    fmt_persons(&protected)
                )
            } else {
                format!(
                    "persons in protected stores ({}) are not counted: their data stayed encrypted with the key kept apart",
                    fmt_persons(&protected)
                )
            });
        }
        notes.push(if ja {
            "保護：なし（個人データが端末に平文で保存されていた）".into()
        } else {
            "protection: none (personal data sat in plaintext on the device)".into()
        });
        (plain, None, plain_sensitive, plain_fin)
    } else if !protected.is_empty() {
        let p = vault_protection.clone().or(other_protection);
        if let Some(p) = &p {
            notes.push(if ja {
                format!(
                    "保護：{}（端末上の個人データはすべて暗号化されていた）",
                    p.algorithm
                )
            } else {
                format!(
                    "protection: {} (all personal data on the device was encrypted)",
                    p.algorithm
                )
            });
        }
        (protected, p, protected_sensitive, protected_fin)
    } else {
        if state.interview.data_on_device.is_none() {
            notes.push(if ja {
                "端末に何があったかはまだ確定していない（聴取項目 data_on_device）".into()
            } else {
                "what was on the device is not yet established (interview question data_on_device)"
                    .into()
            });
        } else {
            notes.push(if ja {
                "端末に個人データはなかった".into()
            } else {
                "no personal data was on the device".into()
            });
        }
        (BTreeMap::new(), None, None, None)
    };
    if let Some(d) = device {
        let p = &d.posture;
        notes.push(if ja {
            format!(
                "端末の状態：画面ロック screen_lock = {}、ストレージ暗号化 {}、MDM {}、遠隔ロック／位置確認／消去 {}／{}／{}（端末レベルの保護は高度な暗号化とみなさない）",
                p.screen_lock.describe().replace(' ', ""),
                tri(Some(p.storage_encrypted)),
                tri(Some(p.mdm_enrolled)),
                tri(Some(p.remote_lock)),
                tri(Some(p.remote_locate)),
                tri(Some(p.remote_wipe))
            )
        } else {
            format!(
                "device posture: screen lock {}, storage encryption {}, MDM {}, remote lock/locate/wipe {}/{}/{} (device-level protection is not counted as 高度な暗号化)",
                p.screen_lock.describe(),
                p.storage_encrypted,
                p.mdm_enrolled,
                p.remote_lock,
                p.remote_locate,
                p.remote_wipe
            )
        });
    }

    let (malicious, why) = malice_in(state.kind, state.interview.stolen_or_dropped, lang);
    notes.push(if ja {
        format!("悪意ある行為：{}（{why}）", tri(malicious))
    } else {
        format!("malicious: {} ({why})", tri(malicious))
    });

    let recovered_unviewed = match &state.recovered {
        None => Some(false),
        Some(r) => {
            let accessed = state.data_access.as_ref().map(|c| c.result);
            match (r.evidence_of_access, accessed) {
                (Some(true), _) | (_, Some(AccessResult::Accessed)) => Some(false),
                (Some(false), _) | (None, Some(AccessResult::NoAccessFound)) => Some(true),
                _ => None,
            }
        }
    };
    notes.push(if ja {
        format!(
            "回収され閲覧されていない（recovered_unviewed）：{}",
            tri(recovered_unviewed)
        )
    } else {
        format!("recovered_unviewed: {}", tri(recovered_unviewed))
    });

    AssessLink {
        request: AssessRequest {
            schema: ASSESS_REQUEST_SCHEMA.to_string(),
            organisation: organisation.clone(),
            incident: IncidentFacts {
                kind: state.kind,
                aware_at: findings.aware_at,
                recovered_unviewed,
                assessed_at: None,
                done: Default::default(),
            },
            data: DataFacts {
                persons,
                sensitive,
                categories: None,
                financial_risk,
                malicious,
                risk: None,
                protection,
            },
            report: Some(report_input(state, device)),
            lang: None,
            detail: None,
            assume: BTreeMap::new(),
        },
        notes,
    }
}

/// Why the organisation became aware at `at`, in Japanese (the interview findings'
/// `aware_basis`, derived again from the same answers).
fn aware_basis_ja(state: &IncidentState, at: chrono::DateTime<chrono::FixedOffset>) -> String {
    let i = &state.interview;
    if let Some(e) = state.earliest_awareness.as_ref().filter(|e| e.at == at)
        && state
            .interview
            .findings(state.kind, state.reported_at, &state.reporter)
            .aware_at
            > at
    {
        return format!(
            "events[{}] で述べられた時刻（後の訂正では時計を戻さない）",
            e.event_index
        );
    }
    if let Some(a) = i.others_aware.iter().flatten().find(|a| a.at == at) {
        return format!("組織内の「{}」が知った時刻", a.who);
    }
    if i.noticed_missing_at == Some(at) {
        let who = i.noticed_by.as_deref().unwrap_or(&state.reporter);
        return format!("「{who}」が紛失に気付いた時刻");
    }
    format!("「{}」が組織に報告した時刻", state.reporter)
}

/// The vault's `protection` as the incident can stand behind it. A claim that rests on a
/// company-server key share — `key_separated` or `remote_wipe` of a vault with a
/// `passcode+server` slot (or any `remote_wipe` claim) — holds only when the incident records
/// the share's revocation (`key_share_revoked`) with the registry's log, the log's hash chain
/// verifies, it shows every such share revoked, and it shows no release of any of them at or
/// after the moment the device was last confirmed in hand (the interview's
/// `last_confirmed_at`). Otherwise `key_separated` (if claimed) becomes unknown and
/// `remote_wipe` unknown — `false` when a release after that moment is shown: whoever held
/// the device may hold the share — and `key_summary` says why, so the engine's reason
/// quotes it. Never raises a claim.
fn vault_protection(
    m: &crate::vault::Manifest,
    state: &IncidentState,
    ja: bool,
    notes: &mut Vec<String>,
) -> Protection {
    let mut p = m.protection();
    let (ids, unnamed) = m.server_share_ids();
    // Separation rests on the share only when the vault has a server slot; a remote-erasure
    // claim always does (the library makes it only for server slots).
    let server = !ids.is_empty() || unnamed;
    let claimed = (server && p.key_separated == Some(true)) || p.remote_wipe == Some(true);
    if !claimed {
        return p;
    }
    let check = if server {
        share_revocation(&ids, unnamed, state)
    } else {
        Err(Why {
            en: "the manifest claims remote_wipe but names no passcode+server key slot whose \
                 revocation could be shown"
                .into(),
            ja: "マニフェストは remote_wipe を主張しているが、失効を示せる passcode+server の\
                 鍵スロットを挙げていない"
                .into(),
            released: false,
        })
    };
    match check {
        Ok((note, note_ja)) => notes.push(if ja { note_ja } else { note }),
        Err(Why {
            en: why,
            ja: why_ja,
            released,
        }) => {
            if server && p.key_separated == Some(true) {
                p.key_separated = None;
            }
            if p.remote_wipe == Some(true) {
                p.remote_wipe = if released { Some(false) } else { None };
            }
            let why =
                format!("remote erasure of the vault's server key share not established: {why}");
            let why_ja = format!("サーバーの共有鍵による遠隔消去は確認できていない：{why_ja}");
            notes.push(if ja {
                format!(
                    "mamori 保管庫 {}：{why_ja}（鍵の分離 {}、遠隔消去 {}）",
                    m.vault_id,
                    tri_in(true, p.key_separated),
                    tri_in(true, p.remote_wipe)
                )
            } else {
                format!(
                    "mamori vault {}: {why} (key_separated {}, remote_wipe {})",
                    m.vault_id,
                    tri_in(false, p.key_separated),
                    tri_in(false, p.remote_wipe)
                )
            });
            // The Japanese summary: the manifest's, else its English one marked as such.
            let base_ja = match (p.key_summary_ja.take(), &p.key_summary) {
                (Some(k), _) if !k.is_empty() => Some(k),
                (_, Some(k)) if !k.is_empty() => Some(format!("{k}（英語のみ）")),
                _ => None,
            };
            p.key_summary_ja = Some(match base_ja {
                Some(k) => format!("{k}；{why_ja}"),
                None => why_ja,
            });
            p.key_summary = Some(match p.key_summary.take() {
                Some(k) if !k.is_empty() => format!("{k}; {why}"),
                _ => why,
            });
        }
    }
    p
}

/// Why a server share's revocation is not shown, in English and Japanese, and whether a
/// release after the device was last confirmed in hand is shown.
struct Why {
    en: String,
    ja: String,
    released: bool,
}

/// Whether the incident shows the server shares `ids` revoked with no release since the
/// device was last confirmed in hand: `Ok(note)`, or `Err(why)`. See [`vault_protection`].
fn share_revocation(
    ids: &[&str],
    unnamed: bool,
    state: &IncidentState,
) -> Result<(String, String), Why> {
    use crate::vault::keyshare::share_id_from_hex;
    let no = |en: String, ja: String| {
        Err(Why {
            en,
            ja,
            released: false,
        })
    };
    if unnamed || ids.is_empty() {
        return no(
            "the manifest does not name the vault's server share (key_slots[].share_id: \
             a manifest before mamori.manifest.v3, or a slot that is not authenticated)"
                .into(),
            "マニフェストが保管庫のサーバー共有鍵を挙げていない（key_slots[].share_id：\
             mamori.manifest.v3 より前のマニフェスト、又は認証されないスロット）"
                .into(),
        );
    }
    if state.share_revocations.is_empty() {
        return no(
            "the incident records no revocation of the vault's key share (event \
             key_share_revoked)"
                .into(),
            "インシデントに保管庫の共有鍵の失効の記録がない（イベント key_share_revoked）".into(),
        );
    }
    for id in ids {
        if !state
            .share_revocations
            .iter()
            .any(|r| r.share_ids.iter().any(|x| x.eq_ignore_ascii_case(id)))
        {
            return no(
                format!("the incident records no revocation of share {id}"),
                format!("インシデントに共有鍵 {id} の失効の記録がない"),
            );
        }
    }
    let Some(log) = state
        .share_revocations
        .iter()
        .rev()
        .find_map(|r| r.registry_log.as_deref())
    else {
        return no(
            "the key_share_revoked event carries no registry log: nothing shows when \
             the share was released"
                .into(),
            "key_share_revoked イベントに登録ログがなく、共有鍵がいつ払い出されたかを示すものが\
             ない"
                .into(),
        );
    };
    if let Err(e) = log.verify(None) {
        return no(
            format!("the registry log does not verify ({e})"),
            format!(
                "登録ログの検証に失敗した（エラーコード {}）",
                e.code() as u32
            ),
        );
    }
    let Some(last) = state.interview.last_confirmed_at else {
        return no(
            "when the device was last confirmed in hand is not known (interview \
             question last_confirmed_at), so a release to whoever held it cannot be ruled out"
                .into(),
            "デバイスを最後に手元で確認した時刻が不明（聴取項目 last_confirmed_at）のため、\
             それを持っていた者への払い出しを否定できない"
                .into(),
        );
    };
    let after = last.with_timezone(&chrono::Utc);
    for id in ids {
        let Some(sid) = share_id_from_hex(id) else {
            return no(
                format!("share id {id} is not 32 hexadecimal digits"),
                format!("共有鍵 ID {id} が 16 進 32 桁でない"),
            );
        };
        let c = log.released_after(&sid, after);
        if !c.revoked {
            return no(
                format!("the registry log shows no revocation of share {id}"),
                format!("登録ログに共有鍵 {id} の失効が記録されていない"),
            );
        }
        match c.released_after {
            Some(false) => {}
            Some(true) => {
                return Err(Why {
                    en: format!(
                        "{}; the device was last confirmed in hand at {}: whoever held it may \
                         hold the share, and a copy of the vault opens with the share and the \
                         passcode",
                        c.reason,
                        last.to_rfc3339()
                    ),
                    ja: format!(
                        "登録ログでは、デバイスを最後に手元で確認した {} 以降に共有鍵 {id} が\
                         払い出されている：デバイスを持っていた者が共有鍵を持ち得、保管庫の複製は\
                         共有鍵とパスコードで開ける",
                        last.to_rfc3339()
                    ),
                    released: true,
                });
            }
            None => {
                return no(
                    c.reason,
                    format!(
                        "登録ログでは、デバイスを最後に手元で確認した {} 以降の共有鍵 {id} の\
                         払い出しの有無を示せない",
                        last.to_rfc3339()
                    ),
                );
            }
        }
    }
    Ok((
        format!(
            "remote erasure: server share(s) {} revoked (registry log verified: {} entries, \
             head {}) and not released since the device was last confirmed in hand at {}",
            ids.join(", "),
            log.entries.len(),
            log.head().unwrap_or("-"),
            last.to_rfc3339()
        ),
        format!(
            "遠隔消去：サーバーの共有鍵 {} は失効済み（登録ログ検証済み：{} 件、先頭 {}）で、\
             デバイスを最後に手元で確認した {} 以降に払い出されていない",
            ids.join("、"),
            log.entries.len(),
            log.head().unwrap_or("-"),
            last.to_rfc3339()
        ),
    ))
}

/// `data.malicious` as the interview knows it, with the reason (see [`assess_request`]).
pub fn malice(kind: IncidentKind, answer: Option<StolenOrDropped>) -> (Option<bool>, String) {
    malice_in(kind, answer, Lang::En)
}

/// [`malice`] with the reason in `lang`.
pub fn malice_in(
    kind: IncidentKind,
    answer: Option<StolenOrDropped>,
    lang: Lang,
) -> (Option<bool>, String) {
    let kn = super::kind_name(kind);
    if lang == Lang::Ja {
        return match answer {
            Some(StolenOrDropped::Stolen) => (Some(true), "聴取では端末は盗まれた".into()),
            _ if kind.presumed_malicious() => (
                Some(true),
                format!("incident.kind = {kn}：悪意ある行為と推定する"),
            ),
            Some(StolenOrDropped::Dropped) => {
                (Some(false), "聴取では端末は落とした又は置き忘れた".into())
            }
            Some(StolenOrDropped::CannotTell) => (
                None,
                format!(
                    "不明：盗まれたか落としたかを従業員が区別できない（incident.kind = {kn}）。盗難を否定できないため悪意ある行為の可能性が残る（data.malicious は不足している事実）"
                ),
            ),
            None => (
                None,
                format!(
                    "不明：盗まれたか落としたかがまだ確定していない（incident.kind = {kn}、聴取項目 stolen_or_dropped）"
                ),
            ),
        };
    }
    match answer {
        Some(StolenOrDropped::Stolen) => (
            Some(true),
            "the interview says the device was stolen".into(),
        ),
        _ if kind.presumed_malicious() => {
            (Some(true), format!("{kn}: presumed to be a malicious act"))
        }
        Some(StolenOrDropped::Dropped) => (
            Some(false),
            "the interview says the device was dropped or left behind".into(),
        ),
        Some(StolenOrDropped::CannotTell) => (
            None,
            format!(
                "unknown: the employee cannot tell stolen from dropped ({kn}); theft is not ruled out, so a malicious act stays possible (data.malicious is a missing fact)"
            ),
        ),
        None => (
            None,
            format!(
                "unknown: whether the device was stolen or dropped is not yet established ({kn}; interview question stolen_or_dropped)"
            ),
        ),
    }
}

fn tri_in(ja: bool, v: Option<bool>) -> &'static str {
    match (v, ja) {
        (Some(true), false) => "true",
        (Some(false), false) => "false",
        (None, false) => "unknown",
        (Some(true), true) => "はい",
        (Some(false), true) => "いいえ",
        (None, true) => "不明",
    }
}

/// Whether a store's protection keeps its key apart from the data or remotely erasable, as the
/// engine's encryption exemptions require (an unknown counts as not shown).
fn key_kept_apart(p: &Protection) -> bool {
    p.key_separated == Some(true) || p.remote_wipe == Some(true)
}

/// A jurisdiction key in Japanese text: the vault's `unknown` as 国・地域不明, codes as they are.
fn ja_code(j: &str) -> &str {
    if j == crate::vault::UNKNOWN_JURISDICTION {
        "国・地域不明"
    } else {
        j
    }
}

fn fmt_persons(ja: bool, p: &BTreeMap<String, Option<Count>>) -> String {
    if p.is_empty() {
        return if ja { "該当者なし" } else { "no persons" }.into();
    }
    p.iter()
        .map(|(j, n)| match (n, ja) {
            (Some(n), true) if n.max().is_none() => format!("{}: {} 人以上", ja_code(j), n.min()),
            (Some(n), true) => format!("{}: {n}", ja_code(j)),
            (Some(n), false) => format!("{j}: {n}"),
            (None, false) => format!("{j}: unknown count"),
            (None, true) => format!("{}: 人数不明", ja_code(j)),
        })
        .collect::<Vec<_>>()
        .join(if ja { "、" } else { ", " })
}

/// The PPC report items (PPC Rules Art. 8(1)) that the incident log already answers: summary,
/// data items, cause, secondary harm, response to individuals, publication, prevention.
pub fn report_input(state: &IncidentState, device: Option<&Device>) -> ReportInput {
    let mut summary = format!(
        "{} reported {} by {}: {}",
        super::kind_name(state.kind),
        state.reported_at.to_rfc3339(),
        state.reporter,
        state.summary
    );
    if let Some(d) = device {
        summary.push_str(&format!(
            " (device: {})",
            d.identifying_features().join(", ")
        ));
    }
    let mut data_items = state.interview.data_on_device.as_ref().map(|items| {
        items
            .iter()
            .map(|i| i.description.clone())
            .collect::<Vec<_>>()
            .join("; ")
    });
    if let Some(l) = device
        .and_then(|d| d.posture.vault.as_ref())
        .and_then(|m| m.labels_outside_vault.as_ref())
        .filter(|l| l.any())
    {
        let item = if l.labelled_persons.max() == Some(0) {
            "phone numbers in the operating system's caller-ID directory, outside the \
             vault's encryption (電話番号)"
        } else {
            "names and phone numbers in the operating system's caller-ID directory, \
             outside the vault's encryption (氏名・電話番号)"
        };
        data_items = Some(match data_items {
            Some(d) if !d.is_empty() => format!("{d}; {item}"),
            _ => item.to_string(),
        });
    }
    let cause = match (state.kind, state.interview.stolen_or_dropped) {
        (crate::breach::IncidentKind::Theft, _) | (_, Some(StolenOrDropped::Stolen)) => {
            Some("theft of the device".to_string())
        }
        (crate::breach::IncidentKind::Loss, _) => Some(match &state.interview.places_since {
            Some(p) if !p.is_empty() => format!(
                "loss of the device (places since last seen: {})",
                p.join(", ")
            ),
            _ => "loss of the device".to_string(),
        }),
        _ => None,
    };
    let secondary_harm = state.data_access.as_ref().map(|c| match c.result {
        AccessResult::NoAccessFound => "no access found in the logs so far".to_string(),
        AccessResult::Accessed => "data was accessed after the loss".to_string(),
        AccessResult::Undetermined => "access could not be determined".to_string(),
    });
    let individual_response_status = (state.customers_notified > 0)
        .then(|| format!("{} persons notified", state.customers_notified));
    let publication_status = state
        .public_notice_at
        .map(|t| format!("published {}", t.to_rfc3339()));
    let prevention_measures = (!state.prevention.is_empty()).then(|| {
        state
            .prevention
            .iter()
            .map(|p| p.description.clone())
            .collect::<Vec<_>>()
            .join("; ")
    });
    ReportInput {
        summary: Some(summary),
        data_items,
        affected_count: None,
        cause,
        secondary_harm,
        individual_response_status,
        publication_status,
        prevention_measures,
        other: None,
    }
}
