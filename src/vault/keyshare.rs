//! Server side of `passcode+server` key slots: issue a share, release it after the host has
//! authenticated the user, revoke (destroy) it on a loss report.
//!
//! A company server embeds the same library: it keeps a [`ShareRegistry`] (persisting the
//! live shares in its own secure storage with [`ShareRegistry::insert`] on start-up), hands a
//! fresh share to a device when it enrols a vault, and releases it again at every unlock.
//! The transport and the user authentication are the host's. Once a share is revoked, no
//! copy of the vault file made before or after can be opened any more: the share is half of
//! the key-encryption key and exists nowhere else.
//!
//! ```
//! use mamori::vault::keyshare::ShareRegistry;
//! let mut reg = ShareRegistry::new();
//! let issued = reg.issue(&mut rand_core::OsRng);
//! assert_eq!(*reg.release(&issued.id)?, *issued.share);
//! reg.revoke(&issued.id)?;
//! assert_eq!(reg.release(&issued.id).unwrap_err().code(), mamori::ErrorCode::ShareRevoked);
//! # Ok::<(), mamori::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// A share id: 16 random bytes, public (the vault records it in its slot).
pub type ShareId = [u8; 16];

/// A freshly issued share.
pub struct IssuedShare {
    /// The id the server records with the user's account and the vault stores in its slot.
    pub id: ShareId,
    /// The 32-byte secret share (zeroized on drop). Send it to the device over an
    /// authenticated channel; the device uses it and forgets it.
    pub share: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for IssuedShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedShare")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The server's table of live and revoked shares (in memory; the server persists it).
#[derive(Default)]
pub struct ShareRegistry {
    live: BTreeMap<ShareId, Zeroizing<[u8; 32]>>,
    revoked: BTreeSet<ShareId>,
}

impl std::fmt::Debug for ShareRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareRegistry")
            .field("live", &self.live.len())
            .field("revoked", &self.revoked.len())
            .finish()
    }
}

impl ShareRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Issue a new random share and record it.
    pub fn issue(&mut self, rng: &mut dyn CryptoRngCore) -> IssuedShare {
        let mut id = [0u8; 16];
        let mut share = Zeroizing::new([0u8; 32]);
        loop {
            rng.fill_bytes(&mut id);
            if !self.live.contains_key(&id) && !self.revoked.contains(&id) {
                break;
            }
        }
        rng.fill_bytes(share.as_mut());
        self.live.insert(id, share.clone());
        IssuedShare { id, share }
    }

    /// Record a share the server persisted earlier (e.g. on start-up).
    /// [`Error::ShareRevoked`] if that id was revoked: a revoked share never comes back.
    pub fn insert(&mut self, id: ShareId, share: &[u8; 32]) -> Result<()> {
        if self.revoked.contains(&id) {
            return Err(Error::ShareRevoked);
        }
        self.live.insert(id, Zeroizing::new(*share));
        Ok(())
    }

    /// Record a revoked id the server persisted earlier (so it is refused forever).
    pub fn insert_revoked(&mut self, id: ShareId) {
        self.live.remove(&id);
        self.revoked.insert(id);
    }

    /// The share for `id`, to send to an authenticated device. [`Error::ShareRevoked`] after
    /// [`ShareRegistry::revoke`]; [`Error::NotFound`] for an unknown id.
    pub fn release(&self, id: &ShareId) -> Result<Zeroizing<[u8; 32]>> {
        if self.revoked.contains(id) {
            return Err(Error::ShareRevoked);
        }
        self.live
            .get(id)
            .cloned()
            .ok_or_else(|| Error::not_found("key share"))
    }

    /// Destroy the share (loss report): its bytes are zeroized and the id is refused from now
    /// on. [`Error::NotFound`] for an id never issued.
    pub fn revoke(&mut self, id: &ShareId) -> Result<()> {
        match self.live.remove(id) {
            Some(share) => {
                drop(share);
                self.revoked.insert(*id);
                Ok(())
            }
            None if self.revoked.contains(id) => Ok(()),
            None => Err(Error::not_found("key share")),
        }
    }

    /// Whether `id` was revoked.
    pub fn is_revoked(&self, id: &ShareId) -> bool {
        self.revoked.contains(id)
    }

    /// The ids of the live (not revoked) shares.
    pub fn live_ids(&self) -> Vec<ShareId> {
        self.live.keys().copied().collect()
    }
}
