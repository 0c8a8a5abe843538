//! Enum text names come from one source (issue 28). Every unit-only enum with a JSON form
//! derives its text name (`strum::IntoStaticStr`, `as_str`) from the same attributes as serde,
//! and the name equals the JSON name for every variant of every such enum. A new enum, a new
//! variant or a serde rename without the matching strum one fails here.

use std::path::PathBuf;

#[path = "support/src_files.rs"]
mod src_files;

use strum::VariantArray;

fn sources() -> Vec<PathBuf> {
    src_files::rust_files("src")
}

/// `(file, enum name, attributes)` of every `pub enum` in library code whose variants carry no
/// data and that derives `Serialize`.
fn unit_serialize_enums() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lib = text.split("#[cfg(test)]").next().unwrap();
        let mut from = 0;
        while let Some(pos) = lib[from..].find("pub enum ") {
            let at = from + pos;
            let name_start = at + "pub enum ".len();
            let name: String = lib[name_start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let open = at + lib[at..].find('{').unwrap();
            let close = open + lib[open..].find("\n}").unwrap();
            from = close;
            // The attributes: the lines above the enum up to the previous item.
            let before = &lib[..at];
            let attrs_start = before
                .rfind("\n\n")
                .or_else(|| before.rfind("}\n"))
                .unwrap_or(0);
            let attrs = &before[attrs_start..];
            if !attrs.contains("Serialize") {
                continue;
            }
            let body: String = lib[open + 1..close]
                .lines()
                .map(str::trim)
                .filter(|l| !l.starts_with("//") && !l.starts_with("#["))
                .collect();
            if body.contains('(') || body.contains('{') {
                continue;
            }
            out.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                name,
                attrs.to_string(),
            ));
        }
    }
    out
}

#[test]
fn every_unit_enum_derives_its_text_name() {
    let enums = unit_serialize_enums();
    assert!(enums.len() >= 40, "found only {} enums", enums.len());
    let mut bad = Vec::new();
    for (file, name, attrs) in &enums {
        if !attrs.contains("IntoStaticStr") || !attrs.contains("VariantArray") {
            bad.push(format!(
                "{file}: {name} does not derive strum::IntoStaticStr and strum::VariantArray"
            ));
        }
        if attrs.contains("rename_all") && !attrs.contains("serialize_all") {
            bad.push(format!(
                "{file}: {name} renames for serde but not for strum (serialize_all)"
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every unit enum with a JSON form, by public path; `every_unit_enum_is_checked` makes sure a
/// new one is added here.
macro_rules! all_enums {
    ($m:ident) => {
        $m!(
            mamori::breach::DueStatus,
            mamori::breach::Recipient,
            mamori::breach::ObligationStatus,
            mamori::breach::Verification,
            mamori::breach::Detail,
            mamori::breach::JpReportTo,
            mamori::breach::Nis2Entity,
            mamori::breach::OrgType,
            mamori::breach::Role,
            mamori::breach::IncidentKind,
            mamori::breach::Category,
            mamori::breach::RiskLevel,
            mamori::calendar::japan::HolidayKind,
            mamori::handover::RecipientKind,
            mamori::handover::RevocationMethod,
            mamori::handover::HandoverActionId,
            mamori::handover::UsageBasis,
            mamori::device::DeviceKind,
            mamori::device::Ownership,
            mamori::device::LifecycleState,
            mamori::hold::HoldAction,
            mamori::vault::keyshare::ShareOp,
            mamori::vault::directory::LabelPolicy,
            mamori::ErrorCode,
            mamori::incident::BundleStatus,
            mamori::incident::ChainStatus,
            mamori::incident::ChainProblemCode,
            mamori::incident::ReportStage,
            mamori::incident::NoticeKind,
            mamori::incident::ItemStatus,
            mamori::incident::LocateResult,
            mamori::incident::AccessResult,
            mamori::incident::PreventionCategory,
            mamori::incident::StolenOrDropped,
            mamori::incident::ActionId,
            mamori::incident::SignatureStatus,
            mamori::incident::SignatureProblemCode,
            mamori::incident::WarningCode,
            mamori::text::Lang,
            mamori::vault::FactorSource,
            mamori::vault::KeySource,
            mamori::vault::AccessEvent,
            mamori::vault::FactorAssurance,
            mamori::vault::LabelsState
        )
    };
}

fn check<T: VariantArray + serde::Serialize + Into<&'static str> + Copy + std::fmt::Debug>(
    bad: &mut Vec<String>,
) {
    for v in T::VARIANTS {
        let text: &'static str = (*v).into();
        let json = serde_json::to_value(v).unwrap();
        if json.as_str() != Some(text) {
            bad.push(format!(
                "{}::{v:?}: text name {text:?}, JSON name {json}",
                std::any::type_name::<T>()
            ));
        }
    }
}

#[test]
fn every_enum_text_name_equals_its_json_name() {
    let mut bad = Vec::new();
    macro_rules! run {
        ($($t:ty),*) => { $(check::<$t>(&mut bad);)* };
    }
    all_enums!(run);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_unit_enum_is_checked() {
    macro_rules! names {
        ($($t:ty),*) => { vec![$(stringify!($t).rsplit("::").next().unwrap().trim().to_string()),*] };
    }
    let mut listed: Vec<String> = all_enums!(names);
    listed.sort();
    let mut found: Vec<String> = unit_serialize_enums()
        .into_iter()
        .map(|(_, n, _)| n)
        .collect();
    // Generated by `define_error_code!` from the one table of codes in `src/error.rs`, which
    // the source scan does not expand.
    found.push("ErrorCode".to_string());
    found.sort();
    assert_eq!(
        listed, found,
        "add the new enum to all_enums! in tests/enum_names.rs"
    );
}
