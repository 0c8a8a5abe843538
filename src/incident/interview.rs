//! The loss interview (ヒアリング): the structured questions from the playbook, the answers,
//! and what follows from them (the exposure window and the `aware_at` instant).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Warning, WarningCode};
use crate::breach::{Count, IncidentKind, Protection};
use crate::error::{Error, Result};

/// One interview question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Question {
    /// Stable id; also the name of the answer field it fills.
    pub id: &'static str,
    /// The question in Japanese.
    pub ja: &'static str,
    /// The question in English.
    pub en: &'static str,
    /// Why it matters.
    pub why: &'static str,
}

/// The interview's questions, in the order the playbook asks them (seeds 000/001).
pub const QUESTIONS: &[Question] = &[
    Question {
        id: "last_confirmed_at",
        ja: "最後に端末を確認したのはいつ、どこですか？",
        en: "When and where did you last see the device for certain?",
        why: "start of the exposure window",
    },
    Question {
        id: "noticed_missing_at",
        ja: "無くなったと気付いたのはいつですか？",
        en: "When did you notice it was missing?",
        why: "the organisation's awareness (知った時点) starts the legal clocks",
    },
    Question {
        id: "places_since",
        ja: "最後に確認した時から、どこに行きましたか？（行動範囲）",
        en: "Where did you go since you last saw it?",
        why: "venues to contact and where to search",
    },
    Question {
        id: "where_kept",
        ja: "端末をどこに保管していましたか？（鞄、ポケットなど）",
        en: "Where did you keep it (bag, pocket, desk)?",
        why: "loss or theft; how easily it could fall out",
    },
    Question {
        id: "moments_apart",
        ja: "端末から離れた場面はありましたか？",
        en: "Were there moments when you were apart from it?",
        why: "opportunities for theft",
    },
    Question {
        id: "stolen_or_dropped",
        ja: "盗難か、落としたのか区別できますか？",
        en: "Can you tell whether it was stolen or dropped?",
        why: "theft is a malicious act (reportable regardless of head count) and needs a 被害届",
    },
    Question {
        id: "companions_asked",
        ja: "一緒にいた人に、端末を見なかったか確認してもらいましたか？",
        en: "Have the people you were with been asked whether they saw it?",
        why: "a companion may have picked it up",
    },
    Question {
        id: "places_searched",
        ja: "既に探した場所はどこですか？",
        en: "Where have you already searched?",
        why: "search the remaining places first",
    },
    Question {
        id: "data_on_device",
        ja: "端末にどんな情報が入っていた可能性がありますか？（電話帳、通話履歴、メール、LINE、資料）",
        en: "What information may have been on the device (contacts, call history, e-mail, messages, files)?",
        why: "who is affected and how many; what was protected",
    },
    Question {
        id: "identifying_features",
        ja: "端末の特徴は？（機種、色、ケース、シールなど）",
        en: "What does the device look like (model, colour, case, stickers)?",
        why: "the 遺失届 and venue enquiries need it",
    },
    Question {
        id: "others_aware",
        ja: "社内で他に、いつからこの件を知っていた人はいますか？",
        en: "Did anyone else in the organisation know about it earlier, and since when?",
        why: "awareness is the first moment anyone in the organisation knew",
    },
];

/// Stolen, dropped, or cannot tell (question `stolen_or_dropped`). It decides `data.malicious`
/// for a loss: see [`crate::incident::malice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum StolenOrDropped {
    /// Signs of theft: `data.malicious` is `true`.
    Stolen,
    /// Dropped or left behind, on the employee's account of where and how (the evidence the
    /// question asks for): `data.malicious` is `false` unless the kind is presumed malicious.
    Dropped,
    /// Cannot be told apart: theft is not ruled out, `data.malicious` stays unknown (`null`),
    /// so the malicious-act trigger is `possible` and listed in `missing_facts`.
    CannotTell,
}

/// Where a piece of data on the device was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum DataStorage {
    /// In the clear (the phone's own phonebook, call history, mail app).
    Plaintext,
    /// Inside the mamori vault described by the device's manifest.
    MamoriVault,
    /// In another encrypted store.
    Encrypted {
        /// How it was protected.
        protection: Protection,
    },
}

/// One kind of information that may have been on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataItem {
    /// What it is ("phonebook", "call history", "customer list.xlsx").
    pub description: String,
    /// Where it was kept.
    pub storage: DataStorage,
    /// Persons involved by jurisdiction code (an ISO country such as `JP` or `DE`, a regime
    /// such as `EU`, or `unknown`): a number, a range `{"min": 200, "max": 1500}` when the
    /// employee can only estimate, or `null` = unknown count.
    #[serde(default)]
    pub persons: BTreeMap<String, Option<Count>>,
    /// Sensitive data (要配慮個人情報) included (tri-state).
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// Risk of financial damage if misused (tri-state).
    #[serde(default)]
    pub financial_risk: Option<bool>,
}

/// Someone in the organisation who knew, and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Awareness {
    /// Who (employee id or role).
    pub who: String,
    /// Since when.
    pub at: DateTime<FixedOffset>,
}

/// Answers to the interview. Every field is optional (not yet answered); an
/// `interview_answered` event merges its answered fields over earlier ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewAnswers {
    /// When the device was last seen for certain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_confirmed_at: Option<DateTime<FixedOffset>>,
    /// Where it was last seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_confirmed_place: Option<String>,
    /// When it was noticed missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noticed_missing_at: Option<DateTime<FixedOffset>>,
    /// Who noticed (defaults to the reporter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noticed_by: Option<String>,
    /// Places visited since it was last seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places_since: Option<Vec<String>>,
    /// Where it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub where_kept: Option<String>,
    /// Moments the employee was apart from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moments_apart: Option<Vec<String>>,
    /// Stolen or dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stolen_or_dropped: Option<StolenOrDropped>,
    /// Companions asked whether they saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companions_asked: Option<Vec<String>>,
    /// Places already searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places_searched: Option<Vec<String>>,
    /// Everything that may have been on the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_on_device: Option<Vec<DataItem>>,
    /// Identifying features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifying_features: Option<Vec<String>>,
    /// Others in the organisation who knew, and since when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others_aware: Option<Vec<Awareness>>,
    /// Insider cases: the person suspected of the act, whose knowledge does not count as the
    /// organisation's awareness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrongdoer: Option<String>,
}

macro_rules! merge_fields {
    ($self:ident, $other:ident; $($f:ident),*) => {
        $( if $other.$f.is_some() { $self.$f = $other.$f.clone(); } )*
    };
}

impl InterviewAnswers {
    /// Merge `newer` over `self`: every answered field of `newer` replaces the earlier answer.
    pub fn merge(&mut self, newer: &InterviewAnswers) {
        merge_fields!(self, newer; last_confirmed_at, last_confirmed_place, noticed_missing_at,
            noticed_by, places_since, where_kept, moments_apart, stolen_or_dropped,
            companions_asked, places_searched, data_on_device, identifying_features,
            others_aware, wrongdoer);
    }

    /// How many of the interview questions are answered.
    pub fn answered_count(&self) -> usize {
        QUESTIONS.iter().filter(|q| self.is_answered(q.id)).count()
    }

    /// Whether the question with this id is answered.
    pub fn is_answered(&self, id: &str) -> bool {
        match id {
            "last_confirmed_at" => self.last_confirmed_at.is_some(),
            "noticed_missing_at" => self.noticed_missing_at.is_some(),
            "places_since" => self.places_since.is_some(),
            "where_kept" => self.where_kept.is_some(),
            "moments_apart" => self.moments_apart.is_some(),
            "stolen_or_dropped" => self.stolen_or_dropped.is_some(),
            "companions_asked" => self.companions_asked.is_some(),
            "places_searched" => self.places_searched.is_some(),
            "data_on_device" => self.data_on_device.is_some(),
            "identifying_features" => self.identifying_features.is_some(),
            "others_aware" => self.others_aware.is_some(),
            _ => false,
        }
    }

    /// The ids of the questions not yet answered, in interview order.
    pub fn open_questions(&self) -> Vec<&'static str> {
        QUESTIONS
            .iter()
            .filter(|q| !self.is_answered(q.id))
            .map(|q| q.id)
            .collect()
    }

    /// Check the answers for contradictions (noticed missing before last seen; a data item
    /// with an empty description).
    pub fn validate(&self) -> Result<()> {
        if let (Some(last), Some(noticed)) = (self.last_confirmed_at, self.noticed_missing_at)
            && noticed < last
        {
            return Err(Error::InvalidEvent(
                "interview: noticed_missing_at is before last_confirmed_at".into(),
            ));
        }
        if let Some(items) = &self.data_on_device {
            for (i, d) in items.iter().enumerate() {
                if d.description.trim().is_empty() {
                    return Err(Error::InvalidEvent(format!(
                        "interview: data_on_device[{i}].description is empty"
                    )));
                }
            }
        }
        Ok(())
    }

    /// What follows from the answers, given the incident kind and when/by whom it was
    /// reported.
    pub fn findings(
        &self,
        kind: IncidentKind,
        reported_at: DateTime<FixedOffset>,
        reporter: &str,
    ) -> InterviewFindings {
        let wrongdoer = if kind == IncidentKind::Insider {
            self.wrongdoer.as_deref()
        } else {
            None
        };
        let excluded = |who: &str| wrongdoer.is_some_and(|w| w == who);
        let mut aware_at = reported_at;
        let mut basis = format!("reported to the organisation by {reporter}");
        if let Some(n) = self.noticed_missing_at {
            let who = self.noticed_by.as_deref().unwrap_or(reporter);
            if excluded(who) {
                // The wrongdoer's own knowledge is not the organisation's awareness.
            } else if n < aware_at {
                aware_at = n;
                basis = format!("noticed missing by {who}");
            }
        }
        for a in self.others_aware.iter().flatten() {
            if !excluded(&a.who) && a.at < aware_at {
                aware_at = a.at;
                basis = format!("known to {} in the organisation", a.who);
            }
        }
        let mut warnings = Vec::new();
        let report_delay_minutes = self
            .noticed_missing_at
            .filter(|_| !excluded(self.noticed_by.as_deref().unwrap_or(reporter)))
            .map(|n| (reported_at - n).num_minutes());
        if let Some(m) = report_delay_minutes
            && m > 60
        {
            warnings.push(Warning {
                event_index: None,
                code: WarningCode::LateReport,
                message: format!(
                    "reported {}h{:02}m after it was noticed missing: report at once (すぐ報告); the legal clocks started when it was noticed",
                    m / 60,
                    m % 60
                ),
            });
        }
        if self.stolen_or_dropped == Some(StolenOrDropped::Stolen) && kind == IncidentKind::Loss {
            warnings.push(Warning {
                event_index: None,
                code: WarningCode::TheftSuspected,
                message: "the interview points to theft: reclassify the incident and file a 被害届"
                    .into(),
            });
        }
        let loss_window = match (self.last_confirmed_at, self.noticed_missing_at) {
            (Some(from), Some(to)) => Some(TimeWindow { from, to: Some(to) }),
            (Some(from), None) => Some(TimeWindow {
                from,
                to: Some(reported_at),
            }),
            _ => None,
        };
        InterviewFindings {
            aware_at,
            aware_basis: basis,
            loss_window,
            report_delay_minutes,
            open_questions: self
                .open_questions()
                .into_iter()
                .map(str::to_string)
                .collect(),
            warnings,
        }
    }
}

/// A span of time; `to: null` = still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    /// Start.
    pub from: DateTime<FixedOffset>,
    /// End, or `null` while open.
    pub to: Option<DateTime<FixedOffset>>,
}

/// What the interview establishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InterviewFindings {
    /// The first moment anyone in the organisation knew (the wrongdoer excluded in an insider
    /// case): the legal clocks start here.
    pub aware_at: DateTime<FixedOffset>,
    /// Which answer gave `aware_at`.
    pub aware_basis: String,
    /// When the device went missing: last confirmed → noticed missing (or reported).
    pub loss_window: Option<TimeWindow>,
    /// Minutes between noticing and reporting.
    pub report_delay_minutes: Option<i64>,
    /// Questions still unanswered.
    pub open_questions: Vec<String>,
    /// Things the interviewer should act on.
    pub warnings: Vec<Warning>,
}
