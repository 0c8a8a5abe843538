//! The retention rule for contacts (which to keep, which to delete) at a hand-over.

use super::*;

/// The retention rule: contacts unused for this many days are listed for deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionPolicy {
    /// Days without use after which a contact is listed (at least 1).
    pub max_unused_days: u32,
}

/// Where a contact's last-use time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum UsageBasis {
    /// The host's last-used map.
    LastUsed,
    /// The contact's `updated_at`.
    UpdatedAt,
    /// The contact's `created_at`.
    CreatedAt,
    /// No date at all.
    NoDate,
    /// The record cannot be read.
    Unreadable,
}

/// One contact listed by the retention rule (ids only: no names or numbers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionEntry {
    /// The contact's id.
    pub id: ContactId,
    /// Where the last-use time came from.
    pub basis: UsageBasis,
    /// The last-use time used (`null` when unknown).
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
    /// Whole days since then (`null` when unknown).
    #[serde(default)]
    pub days_unused: Option<i64>,
}

/// The retention review (`schema: "mamori.retention.v1"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionReport {
    /// Always `"mamori.retention.v1"`.
    pub schema: String,
    /// The caller's time of the review.
    pub now: DateTime<FixedOffset>,
    /// The policy applied.
    pub max_unused_days: u32,
    /// Listed for deletion: unused for at least `max_unused_days`, oldest first.
    pub delete: Vec<RetentionEntry>,
    /// No usable date (or unreadable): a person must decide; never counted as fresh.
    pub unknown: Vec<RetentionEntry>,
    /// Contacts used within the period.
    pub kept: u64,
}

/// Apply the retention rule to contacts (each must carry its id). `last_used` is the host's
/// map of last use (calls, messages); where a contact has no entry, `updated_at` and then
/// `created_at` are used; with none of them the contact is `unknown`.
pub fn retention_of(
    contacts: &[Contact],
    policy: &RetentionPolicy,
    last_used: Option<&BTreeMap<ContactId, DateTime<Utc>>>,
    now: DateTime<FixedOffset>,
) -> Result<RetentionReport> {
    if policy.max_unused_days == 0 {
        return Err(Error::invalid("max_unused_days", "must be at least 1"));
    }
    let now_utc = now.with_timezone(&Utc);
    let mut delete = Vec::new();
    let mut unknown = Vec::new();
    let mut kept = 0u64;
    for (i, c) in contacts.iter().enumerate() {
        let id =
            c.id.ok_or_else(|| Error::invalid(format!("[{i}].id"), "a stored contact has an id"))?;
        let (basis, when) = match (
            last_used.and_then(|m| m.get(&id)),
            c.updated_at,
            c.created_at,
        ) {
            (Some(t), _, _) => (UsageBasis::LastUsed, Some(*t)),
            (None, Some(t), _) => (UsageBasis::UpdatedAt, Some(t)),
            (None, None, Some(t)) => (UsageBasis::CreatedAt, Some(t)),
            (None, None, None) => (UsageBasis::NoDate, None),
        };
        let days = when.map(|w| (now_utc - w).num_days());
        let entry = RetentionEntry {
            id,
            basis,
            last_used: when,
            days_unused: days,
        };
        match days {
            None => unknown.push(entry),
            Some(d) if d >= i64::from(policy.max_unused_days) => delete.push(entry),
            Some(_) => kept += 1,
        }
    }
    delete.sort_by(|a, b| a.last_used.cmp(&b.last_used).then(a.id.cmp(&b.id)));
    Ok(RetentionReport {
        schema: RETENTION_SCHEMA.to_string(),
        now,
        max_unused_days: policy.max_unused_days,
        delete,
        unknown,
        kept,
    })
}

/// [`retention_of`] over an open vault; records that cannot be read are listed as `unknown`
/// (`unreadable`). Refused with [`Error::LegalHold`] while a legal hold in the vault's log is
/// on and not overridden ([`Vault::hold`]): nothing may be listed for deletion then.
pub fn retention_review(
    vault: &Vault,
    policy: &RetentionPolicy,
    last_used: Option<&BTreeMap<ContactId, DateTime<Utc>>>,
    now: DateTime<FixedOffset>,
) -> Result<RetentionReport> {
    vault.check_hold("retention deletion (retention review)")?;
    let ids = vault.ids()?;
    let contacts = vault.list()?;
    let mut r = retention_of(&contacts, policy, last_used, now)?;
    for id in ids {
        if !contacts.iter().any(|c| c.id == Some(id)) {
            r.unknown.push(RetentionEntry {
                id,
                basis: UsageBasis::Unreadable,
                last_used: None,
                days_unused: None,
            });
        }
    }
    Ok(r)
}

impl RetentionReport {
    /// A one-line summary in `lang`.
    pub fn summary(&self, lang: Lang) -> String {
        t(
            lang,
            "retention.summary",
            &[
                ("days", &self.max_unused_days.to_string()),
                ("delete", &self.delete.len().to_string()),
                ("unknown", &self.unknown.len().to_string()),
                ("kept", &self.kept.to_string()),
            ],
        )
    }

    /// The ids listed for deletion (to pass as `delete` to [`Handover::move_contacts`]).
    pub fn delete_ids(&self) -> Vec<ContactId> {
        self.delete.iter().map(|e| e.id).collect()
    }
}
