//! Issue 15 item 4: caller-ID directory exports are recorded in the vault's authenticated
//! access log, and the manifest's `labels_outside_vault` reports the persons whose labels
//! left the vault until the host acknowledges their removal (docs/vault-format.md §5.3,
//! docs/caller-directory.md).
//!
//! On the code before item 4 an export was an `exported` entry with a contact count and no
//! policy; the manifest had no `labels_outside_vault`; a copy of the file without the export
//! looked the same as one with it. Every test here failed there (most did not compile:
//! `Vault::caller_directory`, `ack_labels_removed` and the manifest field did not exist).

use std::path::PathBuf;

use mamori::ErrorCode;
use mamori::breach::Count;
use mamori::vault::directory::{DirectoryOptions, LabelPolicy};
use mamori::vault::{
    AccessEvent, Contact, KeySpec, LabelsOutsideVault, LabelsState, Vault, VaultOptions,
};

#[path = "support/vault_files.rs"]
mod vault_files;
use vault_files::{KEY, open, open_anchored, transactions};

fn opts(policy: LabelPolicy) -> DirectoryOptions {
    DirectoryOptions {
        label_policy: policy,
        shared_label: None,
    }
}

/// Three persons: two in Japan, one in Germany (plus an extension that is not exported).
fn vault() -> (tempfile::TempDir, PathBuf, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.mamori");
    let v = Vault::create_with_raw_key(&path, &KEY, VaultOptions::fast_for_tests()).unwrap();
    v.put_many(vec![
        Contact::new("山田 太郎", &["+81 90-1234-5678"]),
        Contact::new("佐藤 花子", &["+81 80-2222-3333"]),
        Contact::new("Anna Schmidt", &["+49 30 1234567"]),
        Contact::new("内線", &["内線1234"]),
    ])
    .unwrap();
    (dir, path, v)
}

fn labels(v: &Vault) -> LabelsOutsideVault {
    v.manifest()
        .unwrap()
        .labels_outside_vault
        .expect("the manifest reports labels_outside_vault")
}

fn events(v: &Vault) -> Vec<AccessEvent> {
    v.access_log()
        .unwrap()
        .entries
        .iter()
        .map(|e| e.event)
        .collect()
}

#[test]
fn an_export_is_logged_and_the_manifest_reports_its_persons() {
    let (_d, path, v) = vault();
    let l = labels(&v);
    assert_eq!(l.state, LabelsState::None);
    assert!(l.verified);
    assert_eq!(l.persons, Count::exact(0));

    let dir = v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    assert_eq!(dir.entries.len(), 3);
    let log = v.access_log().unwrap();
    assert!(log.verified);
    let i = log
        .entries
        .iter()
        .position(|e| e.event == AccessEvent::DirectoryExported)
        .expect("a directory_exported entry");
    assert_eq!(log.entries[i].count, 3, "numbers exported");
    assert_eq!(log.entries[i + 1].event, AccessEvent::DirectoryPolicy);
    assert_eq!(
        log.entries[i + 1].count,
        u32::from(LabelPolicy::Name.code())
    );
    assert_eq!(log.entries[i + 2].event, AccessEvent::DirectoryPersonsMin);
    assert_eq!(log.entries[i + 2].count, 3);
    assert_eq!(log.entries[i + 3].event, AccessEvent::DirectoryPersonsMax);
    assert_eq!(log.entries[i + 3].count, 3);
    let jp: Vec<_> = log.entries[i + 4..]
        .iter()
        .filter(|e| e.jurisdiction.as_deref() == Some("JP"))
        .map(|e| (e.event, e.count))
        .collect();
    assert_eq!(
        jp,
        vec![
            (AccessEvent::DirectoryJurisdictionMin, 2),
            (AccessEvent::DirectoryJurisdictionMax, 2)
        ]
    );

    let l = labels(&v);
    assert_eq!(l.state, LabelsState::Exported);
    assert!(l.verified);
    assert_eq!(l.policies, vec![LabelPolicy::Name]);
    assert_eq!(l.exports, 1);
    assert!(l.since.is_some());
    assert_eq!(l.persons, Count::exact(3));
    assert_eq!(l.labelled_persons, Count::exact(3));
    assert_eq!(l.labelled_by_jurisdiction["JP"], Count::exact(2));
    assert_eq!(l.labelled_by_jurisdiction["DE"], Count::exact(1));
    assert_eq!(l.numbers_only_persons, Count::exact(0));
    assert_eq!(l.numbers, Count::exact(3));

    // Reopen: it comes from the file.
    drop(v);
    let v = open(&path).unwrap();
    assert_eq!(labels(&v), l);
    assert!(v.damage().unwrap().intact);
}

#[test]
fn acknowledging_removal_clears_it_and_the_next_export_counts_again() {
    let (_d, path, v) = vault();
    v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    v.ack_labels_removed().unwrap();
    assert!(events(&v).contains(&AccessEvent::LabelsRemoved));
    let l = labels(&v);
    assert_eq!(l.state, LabelsState::None, "{l:?}");
    assert!(l.verified);
    drop(v);
    let v = open(&path).unwrap();
    assert_eq!(labels(&v).state, LabelsState::None);
    // A second acknowledgement is harmless.
    v.ack_labels_removed().unwrap();
    assert_eq!(labels(&v).state, LabelsState::None);

    v.caller_directory(&opts(LabelPolicy::Initials)).unwrap();
    let l = labels(&v);
    assert_eq!(l.state, LabelsState::Exported);
    assert_eq!(l.exports, 1, "only the exports since the acknowledgement");
    assert_eq!(l.policies, vec![LabelPolicy::Initials]);
    assert_eq!(l.labelled_persons, Count::exact(3));
}

#[test]
fn several_exports_accumulate_as_a_range_and_none_is_numbers_only() {
    let (_d, _p, v) = vault();
    v.caller_directory(&opts(LabelPolicy::None)).unwrap();
    let l = labels(&v);
    assert_eq!(l.policies, vec![LabelPolicy::None]);
    assert_eq!(l.labelled_persons, Count::exact(0));
    assert_eq!(l.numbers_only_persons, Count::exact(3));
    assert_eq!(l.numbers_only_by_jurisdiction["JP"], Count::exact(2));
    assert_eq!(l.persons, Count::exact(3));

    v.put(Contact::new("鈴木 一郎", &["+81 70-1111-2222"]))
        .unwrap();
    v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    let l = labels(&v);
    assert_eq!(l.exports, 3);
    assert_eq!(l.policies, vec![LabelPolicy::None, LabelPolicy::Name]);
    // Two loads of 4 persons: at least 4, at most 8 (the vault cannot tell whether the OS
    // replaced the first load).
    assert_eq!(l.labelled_persons, Count::range(4, Some(8)));
    assert_eq!(l.labelled_by_jurisdiction["JP"], Count::range(3, Some(6)));
    assert_eq!(l.persons, Count::range(4, Some(11)));
    assert_eq!(l.numbers, Count::range(4, Some(11)));
}

#[test]
fn an_export_sets_a_required_feature_bit_older_readers_refuse() {
    let (_d, path, v) = vault();
    let before = std::fs::read(&path).unwrap();
    assert_eq!(before[640] & 2, 0, "no directory bit before any export");
    v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    drop(v);
    let mut b = std::fs::read(&path).unwrap();
    assert_eq!(
        b[640] & 2,
        2,
        "required feature bit 1 after the first export"
    );
    assert_eq!(b[644] & 1, 1, "labels-outside bit");
    // The bits are MAC-covered: clearing either (to hide the export) breaks the header.
    for (at, bit) in [(640usize, 2u8), (644, 1)] {
        let mut p = b.clone();
        p[at] &= !bit;
        std::fs::write(&path, &p).unwrap();
        assert_eq!(open(&path).unwrap_err().code(), ErrorCode::Corrupt);
    }
    std::fs::write(&path, &b).unwrap();
    let v = open(&path).unwrap();
    v.ack_labels_removed().unwrap();
    drop(v);
    b = std::fs::read(&path).unwrap();
    assert_eq!(b[640] & 2, 2, "the log still holds directory entries");
    assert_eq!(b[644] & 1, 0, "no labels outside after the acknowledgement");
}

#[test]
fn a_copy_with_the_export_cut_off_is_unknown_not_clean() {
    let (_d, path, v) = vault();
    v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    let anchor = v.anchor().unwrap();
    drop(v);
    let bytes = std::fs::read(&path).unwrap();
    let tx = transactions(&bytes);
    // The first export rewrote the file: records, then one log transaction holding every
    // entry and the export. Cut that transaction off the end (a clean cut).
    let (s, _) = *tx.last().unwrap();
    std::fs::write(&path, &bytes[..s]).unwrap();
    assert_eq!(
        open_anchored(&path, &anchor).unwrap_err().code(),
        ErrorCode::RolledBack
    );
    let v = open(&path).unwrap();
    let l = labels(&v);
    assert_eq!(l.state, LabelsState::Unknown, "{l:?}");
    assert!(!l.verified);
    assert_eq!(l.labelled_persons.max(), None, "no upper bound");
    assert!(l.labelled_by_jurisdiction.contains_key("JP"));
}

#[test]
fn a_later_export_cut_from_the_middle_is_damage_and_unknown() {
    let (_d, path, v) = vault();
    v.caller_directory(&opts(LabelPolicy::None)).unwrap();
    v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    v.put(Contact::new("鈴木 一郎", &["+81 70-1111-2222"]))
        .unwrap();
    drop(v);
    let bytes = std::fs::read(&path).unwrap();
    let tx = transactions(&bytes);
    // ..., the Name export (appended), the put; cut the export.
    let (s, e) = tx[tx.len() - 2];
    let mut cut = bytes[..s].to_vec();
    cut.extend_from_slice(&bytes[e..]);
    std::fs::write(&path, &cut).unwrap();
    let v = open(&path).unwrap();
    assert!(!v.damage().unwrap().intact);
    let l = labels(&v);
    assert_eq!(l.state, LabelsState::Unknown, "{l:?}");
    assert!(!l.verified);
    // What survives (the `none` export) still counts, now as possibly labelled, unbounded.
    assert_eq!(l.labelled_persons, Count::range(3, None));
}

#[test]
fn compaction_and_rekey_keep_the_exports() {
    let (_d, path, v) = vault();
    v.caller_directory(&opts(LabelPolicy::Name)).unwrap();
    let l = labels(&v);
    v.compact().unwrap();
    assert_eq!(labels(&v), l);
    v.rekey(KeySpec::HostKey(&KEY)).unwrap();
    assert_eq!(labels(&v), l);
    drop(v);
    let v = open(&path).unwrap();
    assert_eq!(labels(&v), l);
    assert!(v.verify_access_log().is_ok());
}

/// A wipe names what it cannot reach: labels the vault handed to the operating system.
#[test]
fn a_wipe_reports_labels_left_in_the_operating_system() {
    let (_d, path, v) = vault();
    v.caller_directory(&opts(LabelPolicy::Initials)).unwrap();
    let r = v.wipe_reporting().unwrap();
    assert_eq!(r.schema, mamori::vault::WIPE_SCHEMA);
    assert!(r.os_labels_to_remove);
    let l = r.labels_outside_vault.expect("labels before the wipe");
    assert_eq!(l.state, LabelsState::Exported);
    assert_eq!(l.labelled_persons, Count::exact(3));
    assert!(!path.exists(), "the file is gone");
    assert_eq!(v.manifest().unwrap_err().code(), ErrorCode::Wiped);
    assert_eq!(v.wipe_reporting().unwrap_err().code(), ErrorCode::Wiped);

    // Never exported: nothing to remove.
    let (_d, _p, v) = vault();
    let r = v.wipe_reporting().unwrap();
    assert!(!r.os_labels_to_remove);
    assert_eq!(
        r.labels_outside_vault.map(|l| l.state),
        Some(LabelsState::None)
    );
}

/// The names the incident link prints are the JSON names (no Rust `Debug` spelling such as
/// `None` for the numbers-only policy in a reason a compliance officer reads).
#[test]
fn printed_names_are_the_json_names() {
    for p in [
        LabelPolicy::Name,
        LabelPolicy::Company,
        LabelPolicy::NameCompany,
        LabelPolicy::Initials,
        LabelPolicy::None,
    ] {
        assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
    }
    for s in [
        LabelsState::None,
        LabelsState::Exported,
        LabelsState::Unknown,
    ] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}
