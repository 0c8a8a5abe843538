//! Vault options, the clock seam and injectable randomness.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand_core::CryptoRngCore;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::keysource::FactorSource;
use super::manifest::KdfParams;
use super::phone::{LibPhoneNormalizer, Normalizer};

/// The source of "now" for timestamps, the access log and the idle-wipe policy.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's wall clock (`std::time::SystemTime`): the default, replaceable by
/// any [`Clock`] (tests use [`FixedClock`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        DateTime::from_timestamp_millis(d.as_millis().min(i64::MAX as u128) as i64)
            .unwrap_or_default()
    }
}

/// A clock that always says the same time.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A boxed cryptographic RNG.
pub type BoxRng = Box<dyn CryptoRngCore + Send + Sync>;

/// Options for [`crate::vault::Vault::create`] and [`crate::vault::Vault::open`].
///
/// JSON shape: `{"kdf": {"m_kib": 19456, "t": 2, "p": 1}, "default_region": "JP",
/// "remote_wipe": false, "wipe_after_failed": null, "wipe_after_idle_days": null,
/// "factor_source": null, "min_passcode_guess_log2": null, "anchor": null, "read_only":
/// false}`, every field optional. `kdf`, `default_region` and the policies are fixed at create time and
/// stored in the header; on open they are ignored (the header's values apply). The RNG, the
/// clock and the normaliser are not part of the JSON: set them with the `with_*` methods
/// (defaults: `OsRng`, [`SystemClock`], [`LibPhoneNormalizer`]).
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VaultOptions {
    /// Argon2id parameters for the passcode (default m = 19456 KiB, t = 2, p = 1).
    #[serde(default)]
    pub kdf: KdfParams,
    /// Region for numbers written without a country code (ISO 3166 alpha-2, default `JP`).
    #[serde(default = "default_region")]
    pub default_region: String,
    /// The host has a remote-wipe path (MDM, server push) that calls `wipe`.
    #[serde(default)]
    pub remote_wipe: bool,
    /// Crypto-erase the vault after this many consecutive wrong passcodes.
    #[serde(default)]
    pub wipe_after_failed: Option<u32>,
    /// Crypto-erase the vault when it is opened more than this many days after the last
    /// successful open (host clock).
    #[serde(default)]
    pub wipe_after_idle_days: Option<u32>,
    /// Where the 32-byte factor of `create_with_factor` comes from (required there; ignored
    /// otherwise). `"server"` makes a `passcode+server` slot.
    #[serde(default)]
    pub factor_source: Option<FactorSource>,
    /// Minimum estimated strength (log2 of guesses) of a passcode-only slot's passcode, on
    /// create and on every change. Default: none, but digits-only PINs shorter than
    /// [`crate::vault::MIN_PIN_DIGITS`] are always refused for passcode-only slots.
    #[serde(default)]
    pub min_passcode_guess_log2: Option<u8>,
    /// A rollback anchor ([`crate::vault::Vault::anchor`], `mamori.anchor.v1`) to check on
    /// open: a file older than it is refused with [`crate::Error::RolledBack`] before
    /// anything is written; an anchor of another vault with [`crate::Error::Corrupt`].
    /// Ignored by `create`.
    #[serde(default)]
    pub anchor: Option<super::chain::Anchor>,
    /// Open without writing anything (a backup agent, a forensic copy, a manifest taken for
    /// an incident): the file is opened read-only under a shared lock; no `opened` entry, no
    /// torn-tail cut (it is reported instead), no upgrade or rewrite; every call that writes
    /// (`put`, `delete`, `export` — it logs —, `compact`, `wipe`, ...) returns
    /// [`crate::Error::InvalidInput`]. The vault's own policies still win: a wrong passcode
    /// is counted and the idle wipe runs (both reopen the file for writing; on a file that
    /// cannot be written, a wrong passcode cannot be counted). Ignored by `create`.
    #[serde(default)]
    pub read_only: bool,
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) rng: Option<BoxRng>,
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) clock: Option<Arc<dyn Clock>>,
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) normalizer: Option<Arc<dyn Normalizer>>,
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) rotate_after: Option<u64>,
}

fn default_region() -> String {
    "JP".to_string()
}

impl Default for VaultOptions {
    fn default() -> Self {
        VaultOptions {
            kdf: KdfParams::default(),
            default_region: default_region(),
            remote_wipe: false,
            wipe_after_failed: None,
            wipe_after_idle_days: None,
            factor_source: None,
            min_passcode_guess_log2: None,
            rng: None,
            clock: None,
            normalizer: None,
            rotate_after: None,
            anchor: None,
            read_only: false,
        }
    }
}

impl fmt::Debug for VaultOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaultOptions")
            .field("kdf", &self.kdf)
            .field("default_region", &self.default_region)
            .field("remote_wipe", &self.remote_wipe)
            .field("wipe_after_failed", &self.wipe_after_failed)
            .field("wipe_after_idle_days", &self.wipe_after_idle_days)
            .field("factor_source", &self.factor_source)
            .field("min_passcode_guess_log2", &self.min_passcode_guess_log2)
            .field("anchor", &self.anchor)
            .field("read_only", &self.read_only)
            .field("custom_rng", &self.rng.is_some())
            .field("custom_clock", &self.clock.is_some())
            .finish()
    }
}

/// Options for opening: the same type (create-time fields are ignored on open).
pub type OpenOptions = VaultOptions;

impl VaultOptions {
    /// Options with the smallest Argon2id parameters the vault accepts (m = 8 MiB, t = 1,
    /// p = 1). For tests; real vaults should keep the default or stronger.
    pub fn fast_for_tests() -> Self {
        VaultOptions {
            kdf: KdfParams::MIN,
            ..VaultOptions::default()
        }
    }

    /// Use this RNG for salts, keys, nonces and contact ids.
    pub fn with_rng(mut self, rng: impl CryptoRngCore + Send + Sync + 'static) -> Self {
        self.rng = Some(Box::new(rng));
        self
    }

    /// Use this clock.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Use this clock (shared).
    pub fn with_shared_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Use this phone-number normaliser.
    pub fn with_normalizer(mut self, n: impl Normalizer + 'static) -> Self {
        self.normalizer = Some(Arc::new(n));
        self
    }

    /// Set the Argon2id parameters.
    pub fn with_kdf(mut self, kdf: KdfParams) -> Self {
        self.kdf = kdf;
        self
    }

    /// Rotate the record key after this many sealed frames instead of
    /// [`crate::vault::ROTATE_AFTER`] (for tests of the rotation path).
    #[doc(hidden)]
    pub fn with_rotation_threshold(mut self, n: u64) -> Self {
        self.rotate_after = Some(n);
        self
    }

    pub(crate) fn take_parts(&mut self) -> (BoxRng, Arc<dyn Clock>, Arc<dyn Normalizer>) {
        (
            self.rng
                .take()
                .unwrap_or_else(|| Box::new(rand_core::OsRng)),
            self.clock.take().unwrap_or_else(|| Arc::new(SystemClock)),
            self.normalizer
                .take()
                .unwrap_or_else(|| Arc::new(LibPhoneNormalizer)),
        )
    }
}
