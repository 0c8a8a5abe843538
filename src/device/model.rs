//! The device record (`schema: "mamori.device.v1"`) and its security posture.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use super::Imei;
use crate::error::{Error, Result};
use crate::vault::Manifest;

/// The schema tag of a device record.
pub const DEVICE_SCHEMA: &str = "mamori.device.v1";

/// What kind of device it is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum DeviceKind {
    /// A mobile phone (社用携帯 / スマートフォン).
    Phone,
    /// A tablet.
    Tablet,
    /// A laptop computer.
    Laptop,
    /// A USB stick or other removable storage.
    UsbStorage,
    /// Anything else.
    Other,
}

impl DeviceKind {
    /// Whether the device normally has a mobile line (calling it, carrier suspension).
    pub const fn has_line(self) -> bool {
        matches!(self, DeviceKind::Phone | DeviceKind::Tablet)
    }
}

/// Who owns the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Ownership {
    /// Issued by the company (the company holds the carrier contract).
    Company,
    /// The employee's own device used for work (BYOD).
    Personal,
}

/// How the screen is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[derive(strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ScreenLock {
    /// No screen lock.
    None,
    /// An unlock pattern.
    Pattern,
    /// A numeric PIN of `length` digits (6 recommended over 4).
    Pin {
        /// Number of digits.
        length: u8,
    },
    /// An alphanumeric password.
    Password,
    /// Biometric unlock (with a PIN/password fallback).
    Biometric,
}

impl ScreenLock {
    /// The lock in words for reasons and reports: its JSON `type`, with a PIN's length
    /// (`none`, `pattern`, `pin (6 digits)`, `password`, `biometric`).
    pub fn describe(&self) -> String {
        match self {
            ScreenLock::Pin { length } => format!("pin ({length} digits)"),
            other => <&'static str>::from(*other).to_string(),
        }
    }
}

/// The device's security posture at the time it was last audited or issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityPosture {
    /// Screen lock.
    pub screen_lock: ScreenLock,
    /// Storage encryption is on (device-level; not by itself 高度な暗号化 for a powered-on phone).
    pub storage_encrypted: bool,
    /// Enrolled in an MDM.
    pub mdm_enrolled: bool,
    /// Remote lock is available (MDM or the carrier's business service).
    pub remote_lock: bool,
    /// Remote locate is available.
    pub remote_locate: bool,
    /// Remote wipe is available.
    pub remote_wipe: bool,
    /// The manifest of the mamori vault on the device, if one is present.
    #[serde(default)]
    pub vault: Option<Manifest>,
}

impl Default for SecurityPosture {
    fn default() -> Self {
        SecurityPosture {
            screen_lock: ScreenLock::None,
            storage_encrypted: false,
            mdm_enrolled: false,
            remote_lock: false,
            remote_locate: false,
            remote_wipe: false,
            vault: None,
        }
    }
}

/// A phone number in international form (`+81 90 1234 5678`), stored as `+` and digits.
///
/// Its `Debug` output is redacted: phone numbers never appear in logs or error messages.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parse a number in international form: `+`, then 8–15 digits; spaces, hyphens and
    /// parentheses between digits are ignored.
    pub fn parse(input: &str) -> Result<Self> {
        let mut chars = input.trim().chars();
        if chars.next() != Some('+') {
            return Err(Error::invalid(
                "phone_number",
                "use international form starting with + and the country code",
            ));
        }
        let mut out = String::from("+");
        for c in chars {
            match c {
                '0'..='9' => out.push(c),
                ' ' | '-' | '(' | ')' => {}
                _ => {
                    return Err(Error::invalid(
                        "phone_number",
                        "only digits, spaces, hyphens and parentheses may follow +",
                    ));
                }
            }
        }
        let n = out.len() - 1;
        if !(8..=15).contains(&n) {
            return Err(Error::invalid(
                "phone_number",
                format!("expected 8 to 15 digits, found {n}"),
            ));
        }
        Ok(PhoneNumber(out))
    }

    /// The number as `+` and digits (handle as personal data).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PhoneNumber(<redacted>)")
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PhoneNumber::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A device in the register (`schema: "mamori.device.v1"`).
///
/// `state` and `assignee` are maintained by the [`Register`](super::Register); a device added
/// to a register always starts `in_stock` with no assignee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Always `"mamori.device.v1"`.
    pub schema: String,
    /// The asset tag (unique in the register).
    pub id: String,
    /// Kind of device.
    pub kind: DeviceKind,
    /// Model name or number (型番), e.g. `"SC-52C"`.
    pub model: String,
    /// Serial number.
    #[serde(default)]
    pub serial: Option<String>,
    /// IMEI (phones and cellular tablets).
    #[serde(default)]
    pub imei: Option<Imei>,
    /// The line's phone number (redacted in `Debug`).
    #[serde(default)]
    pub phone_number: Option<PhoneNumber>,
    /// Colour, as the police lost-property form asks for it.
    #[serde(default)]
    pub colour: Option<String>,
    /// Other identifying features (case, stickers, scratches).
    #[serde(default)]
    pub features: Vec<String>,
    /// Company-issued or personal (BYOD).
    pub ownership: Ownership,
    /// The employee currently holding it (set by check-out).
    #[serde(default)]
    pub assignee: Option<String>,
    /// Security posture.
    pub posture: SecurityPosture,
    /// Lifecycle state (set by the register).
    #[serde(default = "default_state")]
    pub state: super::LifecycleState,
}

fn default_state() -> super::LifecycleState {
    super::LifecycleState::InStock
}

impl Device {
    /// A new device record with the given asset tag, kind, model and ownership, an empty
    /// posture and state `in_stock`. Fill in the other fields directly.
    pub fn new(
        id: impl Into<String>,
        kind: DeviceKind,
        model: impl Into<String>,
        ownership: Ownership,
    ) -> Self {
        Device {
            schema: DEVICE_SCHEMA.to_string(),
            id: id.into(),
            kind,
            model: model.into(),
            serial: None,
            imei: None,
            phone_number: None,
            colour: None,
            features: Vec::new(),
            ownership,
            assignee: None,
            posture: SecurityPosture::default(),
            state: super::LifecycleState::InStock,
        }
    }

    /// Check the record's invariants (schema tag, non-empty id and model).
    pub fn validate(&self) -> Result<()> {
        if self.schema != DEVICE_SCHEMA {
            return Err(Error::invalid(
                "schema",
                format!("expected \"{DEVICE_SCHEMA}\""),
            ));
        }
        if self.id.trim().is_empty() {
            return Err(Error::invalid("id", "the asset tag must not be empty"));
        }
        if self.model.trim().is_empty() {
            return Err(Error::invalid("model", "the model must not be empty"));
        }
        if let ScreenLock::Pin { length } = self.posture.screen_lock
            && !(4..=16).contains(&length)
        {
            return Err(Error::invalid(
                "posture.screen_lock.length",
                "a PIN has 4 to 16 digits",
            ));
        }
        Ok(())
    }

    /// The identifying features the police lost-property form (遺失届) and the report need:
    /// model, serial, IMEI, colour and features (never the phone number).
    pub fn identifying_features(&self) -> Vec<String> {
        let mut out = vec![format!("model {}", self.model)];
        if let Some(s) = &self.serial {
            out.push(format!("serial {s}"));
        }
        if let Some(i) = &self.imei {
            out.push(format!("IMEI {i}"));
        }
        if let Some(c) = &self.colour {
            out.push(format!("colour {c}"));
        }
        out.extend(self.features.iter().cloned());
        out
    }
}
