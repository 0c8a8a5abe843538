//! The `mamori.assess.v1` request: the facts of an incident, as the engine reads them.
//!
//! Tri-state facts are `Option<bool>`: `Some(true)`, `Some(false)`, or `None` = unknown (JSON
//! `null` or an absent field). An unknown fact that decides an obligation makes it `possible`
//! and is listed in the assessment's `missing_facts`; it is never silently treated as `false`.
//!
//! Unknown fields are rejected (a misspelt field must not silently become "unknown").

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::count::Count;
pub use crate::text::Lang;

/// The schema tag every request carries.
pub const ASSESS_REQUEST_SCHEMA: &str = "mamori.assess.v1";

/// A request to assess an incident (`schema: "mamori.assess.v1"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessRequest {
    /// Must be `"mamori.assess.v1"`.
    pub schema: String,
    /// Who holds the data.
    pub organisation: Organisation,
    /// What happened and when the organisation learned of it.
    pub incident: IncidentFacts,
    /// What data was involved and how it was protected.
    pub data: DataFacts,
    /// Optional report text for the Japanese report draft (PPC Rules Art. 8(1) items); the
    /// engine copies it into `jp_report_draft` and lists the items still empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportInput>,
    /// The language of the reasons: `"en"` (the default when absent) or `"ja"`. Rule texts
    /// come from the pack (English where it has no translation), the engine's own phrases
    /// (deadline counting, ranges, "not in force") from its message tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// What the answer contains: `"full"` (the default: every obligation with its reasons,
    /// and the plan) or `"plan"` (the plan without the per-rule obligations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<super::plan::Detail>,
    /// Residency assumptions the host declares, applied only when given and recorded in the
    /// reasons and in the answer's `assumptions`: `"unknown"` (persons of unknown
    /// jurisdiction) → a jurisdiction code (`"JP"`, `"US-CA"`), or a country code whose
    /// persons' subdivision is unknown (`"US"`) → one of its subdivisions (`"US-CA"`).
    /// Example: `{"unknown": "JP", "US": "US-CA"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub assume: BTreeMap<String, String>,
}

impl AssessRequest {
    /// The language of the reasons (`lang`, English when absent).
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or(Lang::En)
    }
}

/// The organisation whose data leaked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Private business or public body (Japan treats them differently).
    #[serde(rename = "type")]
    pub org_type: OrgType,
    /// Controller (holds the duty) or processor (委託先: notifies its controller).
    pub role: Role,
    /// Jurisdiction codes where the organisation is established (e.g. `["JP"]`, `["JP","EU"]`).
    pub established_in: Vec<String>,
    /// A HIPAA covered entity (US health data); `null`/absent = unknown. Only consulted when
    /// US persons are affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hipaa_covered: Option<bool>,
    /// Declares being a financial institution under the US Gramm-Leach-Bliley Act that the FTC
    /// Safeguards Rule covers (16 CFR 314.2: non-bank lenders, brokers, tax preparers, ...).
    /// `null`/absent = not declared: the FTC rule is not assessed (nothing is asked of others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us_financial_institution: Option<bool>,
    /// Declares being an SEC registrant (files Forms 8-K; SEC Form 8-K Item 1.05).
    /// `null`/absent = not declared: the SEC rule is not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sec_registrant: Option<bool>,
    /// Declares being a covered entity of the New York DFS cybersecurity regulation
    /// (23 NYCRR 500; licensed by NYDFS). `null`/absent = not declared: 500.17 is not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nydfs_covered: Option<bool>,
    /// The organisation's status under NIS2 (Directive (EU) 2022/2555), as the host declares
    /// it: `essential`, `important` or `none`. `null`/absent = not declared, read as not in
    /// scope: the `eu.nis2.*` rules apply only to a declared essential or important entity
    /// (an undeclared status does not make them `possible` for every company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nis2_entity: Option<Nis2Entity>,
    /// A small processing agent under Brazil's LGPD (agente de tratamento de pequeno porte,
    /// Resolution CD/ANPD 2/2022): its ANPD deadlines are doubled. `null`/absent = unknown
    /// (the single, shorter deadline applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_agent: Option<bool>,
    /// Who receives the organisation's Japanese leak reports (漏えい等報告, APPI Art. 26(1)), as
    /// the host declares it from the PPC's list of delegations: `ppc`, `fsa`, `mic` or
    /// `other_minister`. APPI Art. 150(1) lets the PPC delegate its power to receive these
    /// reports to the minister in charge of the business (事業所管大臣) for some sectors.
    /// Only who receives the 速報 and 確報 changes, never whether or when they are due.
    /// `null`/absent = not declared: the reports name the PPC, with a note that delegated
    /// sectors report to their 事業所管大臣.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jp_report_to: Option<JpReportTo>,
    /// An information-and-communications service provider (정보통신서비스 제공자) under Korea's
    /// former PIPA Art. 39-4 (until 2023-09-14): it had to notify users and report any leak
    /// to the PIPC/KISA within 24 hours, whatever the count. `null`/absent = unknown: for an
    /// incident before 2023-09-15 the Korean obligations are then `possible` with the
    /// 24-hour deadline; `false` = the general PIPA Art. 34 rules only. Not read after
    /// 2023-09-15 (the provisions were merged into Art. 34).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kr_ict_provider: Option<bool>,
}

/// The recipient of Japanese leak reports (APPI Art. 26(1)) under the PPC's delegations
/// (APPI Art. 150; the Cabinet Order; the PPC's published list). The host reads its business
/// in the PPC's list; mamori does not map sectors to ministers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum JpReportTo {
    /// The Personal Information Protection Commission (個人情報保護委員会): no delegation covers
    /// the business.
    Ppc,
    /// The Commissioner of the Financial Services Agency (金融庁長官), to whom the Prime
    /// Minister's delegated powers pass for matters of the FSA (APPI Art. 150(4)); filed with a
    /// Local Finance Bureau (財務局) where further delegated (Art. 150(6)): banks, insurers,
    /// securities firms and other businesses the FSA supervises.
    Fsa,
    /// The Minister for Internal Affairs and Communications (総務大臣), e.g. for
    /// telecommunications businesses, where the PPC's list delegates to it.
    Mic,
    /// Another competent minister (事業所管大臣) named in the PPC's list for the business.
    OtherMinister,
}

/// An organisation's status under NIS2 (Directive (EU) 2022/2555, Art. 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum Nis2Entity {
    /// An essential entity (Art. 3(1)).
    Essential,
    /// An important entity (Art. 3(2)).
    Important,
    /// Neither: NIS2 does not apply.
    None,
}

/// Kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum OrgType {
    /// A private business (個人情報取扱事業者).
    Business,
    /// A public body (行政機関等); Japan's head-count threshold is more than 100.
    PublicBody,
    /// A local government body (地方公共団体の機関, 地方独立行政法人): a public body under
    /// APPI Art. 68 from 2023-04-01 (令和3年改正法第51条); before that, local ordinances applied.
    LocalGovernment,
}

/// The organisation's role for the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// Decides what the data is for; carries the reporting duty.
    Controller,
    /// Processes on behalf of a controller (委託先).
    Processor,
}

/// Kind of incident.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum IncidentKind {
    /// A device or medium was lost.
    Loss,
    /// A device or medium was stolen (malicious by default).
    Theft,
    /// Data sent to the wrong recipient (mis-sent e-mail, fax, post).
    Misdelivery,
    /// Unauthorised access to systems (malicious by default).
    UnauthorizedAccess,
    /// Malware or ransomware (malicious by default).
    Malware,
    /// An insider took or misused data (malicious by default).
    Insider,
    /// Anything else.
    Other,
}

impl IncidentKind {
    /// Whether this kind is presumed to be a malicious act when `data.malicious` is unknown.
    pub const fn presumed_malicious(self) -> bool {
        matches!(
            self,
            IncidentKind::Theft
                | IncidentKind::UnauthorizedAccess
                | IncidentKind::Malware
                | IncidentKind::Insider
        )
    }
}

/// The incident's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentFacts {
    /// What happened.
    pub kind: IncidentKind,
    /// When the organisation first learned of it (RFC 3339 with an offset; required).
    pub aware_at: DateTime<FixedOffset>,
    /// All data was recovered before any third party viewed it (tri-state).
    #[serde(default)]
    pub recovered_unviewed: Option<bool>,
    /// When the organisation assessed the breach as notifiable (Singapore PDPA s26D counts
    /// from this day); absent = the engine counts from `aware_at`, the earliest possible day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_at: Option<DateTime<FixedOffset>>,
    /// Obligations already carried out: obligation id (e.g. `us-ca.residents`) → when. A
    /// deadline that runs from another obligation (`due.kind = "after_obligation"`, e.g. the
    /// California Attorney General's 15 days after the notice to residents) counts from this
    /// time; absent = not yet done (the engine then gives the latest possible date).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub done: BTreeMap<String, DateTime<FixedOffset>>,
}

/// The data involved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataFacts {
    /// Affected persons by jurisdiction code (`JP`, `EU`, `UK`, `KR`, `SG`, `AU`, `US-CA`, ...):
    /// an exact number, a range `{"min": 756, "max": 1001}`, or `null` = unknown count.
    #[serde(default)]
    pub persons: BTreeMap<String, Option<Count>>,
    /// Sensitive data (要配慮個人情報, GDPR Art. 9 categories) included. A shorthand: when
    /// `null` and `categories` is given, derived from it (`health`, `genetic`,
    /// `special_category`).
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// The kinds of data involved, as a complete list (`null`/absent = not established). Each
    /// regime maps them to its own triggers (see `docs/breach.md`, "Data categories").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<Category>>,
    /// Risk of financial damage if misused (card numbers, credentials with payment).
    #[serde(default)]
    pub financial_risk: Option<bool>,
    /// A malicious act (possibly) caused it. `null` = `true` for presumed-malicious kinds
    /// (theft, unauthorized_access, malware, insider); for `loss`, `misdelivery` and `other` it
    /// stays unknown (a `possible` malicious-act trigger, listed in `missing_facts`); a host
    /// that knows a loss was a plain drop sends `false`.
    #[serde(default)]
    pub malicious: Option<bool>,
    /// The controller's risk assessment for GDPR-style rules; `null` = not yet assessed.
    #[serde(default)]
    pub risk: Option<RiskLevel>,
    /// How the data was protected; `null` = no protection.
    #[serde(default)]
    pub protection: Option<Protection>,
}

/// A kind of personal data (`data.categories`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Category {
    /// Names, phone numbers, e-mail or postal addresses (contact details only).
    Contact,
    /// Japan's individual number (マイナンバー, 特定個人情報).
    MyNumber,
    /// Government identifiers: SSN, passport, driver's licence, resident registration, tax or
    /// alien registration numbers (Korea's 고유식별정보; California's ID numbers).
    GovernmentId,
    /// Bank or other financial account numbers.
    FinancialAccount,
    /// Payment card numbers (with or without security codes).
    PaymentCard,
    /// Login credentials: user name or e-mail with password or security answer.
    Credentials,
    /// Medical or health data (病歴, medical information, PHI).
    Health,
    /// Health-insurance information (policy or subscriber numbers, claims).
    HealthInsurance,
    /// Biometric data (fingerprints, face or voice templates).
    Biometric,
    /// Genetic data.
    Genetic,
    /// Other special categories: 要配慮個人情報 (race, creed, criminal record, ...), GDPR
    /// Art. 9/10 data, Korea's 민감정보.
    SpecialCategory,
    /// 条例要配慮個人情報: sensitive data designated by a Japanese local ordinance (PPC Rules
    /// Art. 43(5); local government bodies).
    OrdinanceSensitive,
    /// Information exempt from disclosure under APPI Art. 78(1) (不開示情報; a public body
    /// need not notify individuals, Art. 68(2)(ii)).
    NonDisclosure,
    /// Anything else.
    Other,
}

impl Category {
    /// The JSON names, in declaration order.
    pub const NAMES: &'static [&'static str] = &[
        "contact",
        "my_number",
        "government_id",
        "financial_account",
        "payment_card",
        "credentials",
        "health",
        "health_insurance",
        "biometric",
        "genetic",
        "special_category",
        "ordinance_sensitive",
        "non_disclosure",
        "other",
    ];
    const ALL: [Category; 14] = [
        Category::Contact,
        Category::MyNumber,
        Category::GovernmentId,
        Category::FinancialAccount,
        Category::PaymentCard,
        Category::Credentials,
        Category::Health,
        Category::HealthInsurance,
        Category::Biometric,
        Category::Genetic,
        Category::SpecialCategory,
        Category::OrdinanceSensitive,
        Category::NonDisclosure,
        Category::Other,
    ];

    /// The category with this JSON name.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Category::ALL[i])
    }

    /// Covered by the `sensitive` shorthand (要配慮個人情報 / GDPR Art. 9).
    pub const fn is_sensitive(self) -> bool {
        matches!(
            self,
            Category::Health | Category::Genetic | Category::SpecialCategory
        )
    }

    /// Covered by the `financial_risk` shorthand (PPC Rules Art. 7(2): 財産的被害).
    pub const fn is_financial(self) -> bool {
        matches!(
            self,
            Category::PaymentCard | Category::FinancialAccount | Category::Credentials
        )
    }
}

impl DataFacts {
    /// `sensitive`, combined with what `categories` says (either being true makes it true;
    /// `null` with no categories stays unknown).
    pub fn effective_sensitive(&self) -> Option<bool> {
        let derived = self
            .categories
            .as_ref()
            .map(|l| l.iter().any(|c| c.is_sensitive()));
        match (self.sensitive, derived) {
            (Some(a), Some(b)) => Some(a || b),
            (a, b) => a.or(b),
        }
    }

    /// `financial_risk`, combined with `categories` like [`effective_sensitive`](Self::effective_sensitive).
    pub fn effective_financial_risk(&self) -> Option<bool> {
        let derived = self
            .categories
            .as_ref()
            .map(|l| l.iter().any(|c| c.is_financial()));
        match (self.financial_risk, derived) {
            (Some(a), Some(b)) => Some(a || b),
            (a, b) => a.or(b),
        }
    }

    /// Whether data of category `c` was involved (tri-state). With no `categories` list, a
    /// `false` shorthand rules out the categories it covers; everything else is unknown.
    /// `my_number` counts as a `government_id`.
    pub fn has_category(&self, c: Category) -> Option<bool> {
        match &self.categories {
            Some(l) => Some(
                l.contains(&c)
                    || (c == Category::GovernmentId && l.contains(&Category::MyNumber))
                    || (c == Category::SpecialCategory && self.sensitive == Some(true)),
            ),
            None => {
                if (c.is_sensitive() && self.sensitive == Some(false))
                    || (c.is_financial() && self.financial_risk == Some(false))
                {
                    Some(false)
                } else {
                    None
                }
            }
        }
    }
}

/// A GDPR-style risk level.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum RiskLevel {
    /// Unlikely to result in a risk to individuals.
    Unlikely,
    /// A risk.
    Risk,
    /// A high risk.
    High,
}

/// How the data was protected when the incident happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Protection {
    /// Algorithm name, e.g. `"AES-256-GCM"`. Recognised algorithms are those on the CRYPTREC
    /// list / ISO/IEC 18033 (see the engine docs for the accepted names).
    pub algorithm: String,
    /// The decryption key was kept separately from the data (tri-state).
    #[serde(default)]
    pub key_separated: Option<bool>,
    /// The data or its key can be erased remotely (tri-state). From a vault manifest: a
    /// revocable server key share exists (a declared MDM wipe path does not count).
    #[serde(default)]
    pub remote_wipe: Option<bool>,
    /// How the key is made, from a vault manifest (`passcode`, `host_key`,
    /// `passcode+platform`, `passcode+server`); informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_source: Option<String>,
    /// log2 of the Argon2id runs an attacker holding a copy of the data needs (from a vault
    /// manifest); informational (`key_separated` carries the conclusion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_guess_log2: Option<u32>,
    /// The host declared a remote-wipe path (MDM); informational, exempts nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_wipe_declared: Option<bool>,
    /// The key protection in words, quoted in the encryption exemption's reasons
    /// (`{data.protection.key_summary}`), e.g. "6-digit PIN only: an attacker with a copy of
    /// the file needs ≈ 2^20 Argon2id runs".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_summary: Option<String>,
    /// `key_summary` in Japanese, quoted instead of it in `lang: "ja"` reasons (a vault
    /// manifest and the incident link give both). Added beside `key_summary` (which stays as
    /// it was); absent from requests written before it. A Japanese answer whose request has
    /// only the English `key_summary` quotes it marked 「（英語のみ）」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_summary_ja: Option<String>,
}

/// Free-text answers for the nine items of a Japanese report to the PPC (PPC Rules Art. 8(1)).
/// Item 3 (number of persons) is the total of `data.persons` (every person, foreigners
/// included; empty while a count is unknown) unless given here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// (1) 概要: summary of the event.
    #[serde(default)]
    pub summary: Option<String>,
    /// (2) 個人データの項目: the data items involved.
    #[serde(default)]
    pub data_items: Option<String>,
    /// (3) 本人の数: the number of persons (overrides the total of `data.persons`).
    #[serde(default)]
    pub affected_count: Option<u64>,
    /// (4) 原因: the cause.
    #[serde(default)]
    pub cause: Option<String>,
    /// (5) 二次被害又はそのおそれの有無及びその内容: secondary harm.
    #[serde(default)]
    pub secondary_harm: Option<String>,
    /// (6) 本人への対応の実施状況: what was done for the individuals.
    #[serde(default)]
    pub individual_response_status: Option<String>,
    /// (7) 公表の実施状況: public announcement status.
    #[serde(default)]
    pub publication_status: Option<String>,
    /// (8) 再発防止のための措置: measures against recurrence.
    #[serde(default)]
    pub prevention_measures: Option<String>,
    /// (9) その他参考となる事項: anything else of note.
    #[serde(default)]
    pub other: Option<String>,
}
