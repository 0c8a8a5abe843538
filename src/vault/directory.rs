//! Caller-ID directory export: every stored phone number as E.164 digits, ascending and
//! without duplicates, each with a display label chosen by a [`LabelPolicy`] — the list an
//! iOS Call Directory extension hands to `CXCallDirectoryExtensionContext`
//! (`addIdentificationEntry(withNextSequentialPhoneNumber:label:)` rejects the whole load on
//! one out-of-order or repeated number), or an Android app preloads for its dialer directory.
//!
//! Pure: the input is a slice of [`Contact`]s (from [`crate::vault::Vault::export`], which
//! records an `exported` entry in the vault's access log); nothing here reads a clock, a file
//! or randomness.
//!
//! - [`Directory::build`] sorts and deduplicates; a number held by several contacts whose
//!   labels differ gets the neutral [`DirectoryOptions::shared_label`] (default
//!   [`DEFAULT_SHARED_LABEL`]), never one contact's name chosen arbitrarily and never a
//!   concatenation of several names.
//! - [`Directory::to_bytes`] / [`Directory::from_bytes`]: the compact binary layout, and
//!   [`Directory`] itself serialises as the JSON form (`mamori.caller_directory.v1`).
//! - [`Token`]: what the host keeps between loads (numbers and 8-byte label digests, no
//!   label text); [`Directory::changes_since`] gives the [`Changes`] (removals, then
//!   additions) for an incremental CallKit reload, and [`Changes::apply`] applied to the
//!   previous directory's token equals the new token.
//!
//! The layouts are documented in `docs/caller-directory.md`.
//!
//! ```
//! use mamori::vault::directory::{Directory, DirectoryOptions, LabelPolicy};
//! use mamori::vault::Contact;
//!
//! let mut a = Contact::new("佐藤 花子", &["+819012345678"]);
//! a.company = Some("佐藤商事".into());
//! let b = Contact::new("Jane Roe", &["+14155550100", "+819012345678"]);
//! let opts = DirectoryOptions { label_policy: LabelPolicy::Initials, ..Default::default() };
//! let dir = Directory::build(&[a, b], &opts);
//! let numbers: Vec<u64> = dir.entries.iter().map(|e| e.number).collect();
//! assert_eq!(numbers, [14155550100, 819012345678]);
//! assert_eq!(dir.entries[0].label, "J.R.");
//! assert_eq!(dir.entries[1].label, "複数の連絡先"); // shared by two contacts
//! assert_eq!(Directory::from_bytes(&dir.to_bytes())?.entries, dir.entries);
//! # Ok::<(), mamori::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, Result};
use crate::hashchain::hex;
use crate::vault::Contact;

/// The `schema` value of the JSON form.
pub const DIRECTORY_SCHEMA: &str = "mamori.caller_directory.v1";

/// The label a number shared by several contacts with different labels gets by default
/// ("several contacts"; set [`DirectoryOptions::shared_label`] for another language).
pub const DEFAULT_SHARED_LABEL: &str = "複数の連絡先";

/// Magic of the binary directory layout.
pub const DIRECTORY_MAGIC: [u8; 4] = *b"MMRD";
/// Magic of the binary token layout.
pub const TOKEN_MAGIC: [u8; 4] = *b"MMRT";
/// Magic of the binary change-set layout.
pub const CHANGES_MAGIC: [u8; 4] = *b"MMRC";
/// Version byte of all three binary layouts.
pub const LAYOUT_VERSION: u8 = 1;

/// E.164 allows at most 15 digits.
const MAX_E164_DIGITS: usize = 15;

/// What each entry's label shows. JSON: `"name"`, `"company"`, `"name_company"`,
/// `"initials"`, `"none"`.
///
/// Exposure on a lost phone: the labels live in the operating system, outside the vault's
/// encryption. Only [`LabelPolicy::None`] (a bare number list, e.g. for blocking) exports
/// no name; every other policy, `initials` included (initials plus a phone number can
/// identify a person), must be counted as personal data that left the vault (see
/// `docs/caller-directory.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum LabelPolicy {
    /// The contact's display name.
    #[default]
    Name,
    /// The contact's company (empty when it has none).
    Company,
    /// `name (company)`, or the name alone when there is no company.
    NameCompany,
    /// The first character of each whitespace-separated part of the name, upper-cased and
    /// followed by `.` (`Sato Hanako` → `S.H.`, `山田 太郎` → `山.太.`).
    Initials,
    /// Always the empty string (block lists; the number alone leaves the vault).
    None,
}

impl LabelPolicy {
    /// The policy's name as in JSON (`name`, `company`, `name_company`, `initials`, `none`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The policy's byte in the binary layouts.
    pub fn code(self) -> u8 {
        match self {
            LabelPolicy::None => 0,
            LabelPolicy::Name => 1,
            LabelPolicy::Company => 2,
            LabelPolicy::NameCompany => 3,
            LabelPolicy::Initials => 4,
        }
    }

    /// The policy for a byte of the binary layouts.
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => LabelPolicy::None,
            1 => LabelPolicy::Name,
            2 => LabelPolicy::Company,
            3 => LabelPolicy::NameCompany,
            4 => LabelPolicy::Initials,
            _ => return None,
        })
    }

    /// The label of one contact under this policy.
    pub fn label(self, c: &Contact) -> String {
        let name = c.name.trim();
        let company = c.company.as_deref().map(str::trim).unwrap_or("");
        match self {
            LabelPolicy::Name => name.to_string(),
            LabelPolicy::Company => company.to_string(),
            LabelPolicy::NameCompany if company.is_empty() => name.to_string(),
            LabelPolicy::NameCompany if name.is_empty() => company.to_string(),
            LabelPolicy::NameCompany => format!("{name} ({company})"),
            LabelPolicy::Initials => {
                let mut out = String::new();
                for part in name.split(char::is_whitespace).filter(|p| !p.is_empty()) {
                    if let Some(ch) = part.chars().next() {
                        out.extend(ch.to_uppercase());
                        out.push('.');
                    }
                }
                out
            }
            LabelPolicy::None => String::new(),
        }
    }
}

/// Options of a directory export (JSON: `{"label_policy": "name", "shared_label": "..."}`,
/// both optional; unknown fields are refused).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectoryOptions {
    /// What the labels show (default `name`).
    #[serde(default)]
    pub label_policy: LabelPolicy,
    /// The label of a number shared by contacts whose labels differ (default
    /// [`DEFAULT_SHARED_LABEL`]). Ignored under `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_label: Option<String>,
}

/// One directory entry: E.164 digits without `+` (`+81 90-1234-5678` → `819012345678`, the
/// `CXCallDirectoryPhoneNumber` form) and its label. Zeroized on drop; `Debug` hides the
/// label.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct DirectoryEntry {
    /// E.164 digits (country code first, at most 15 digits).
    pub number: u64,
    /// The display label (UTF-8; empty under `none`).
    pub label: String,
}

impl fmt::Debug for DirectoryEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DirectoryEntry")
            .field("label", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// A full directory export (JSON form `mamori.caller_directory.v1`): entries strictly
/// ascending by number.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    /// Always `"mamori.caller_directory.v1"`.
    pub schema: String,
    /// The policy the labels were made with.
    pub label_policy: LabelPolicy,
    /// Strictly ascending, unique numbers.
    pub entries: Vec<DirectoryEntry>,
    /// Stored phone numbers that are not E.164 (they did not parse when stored, e.g.
    /// `内線1234`) and so cannot be listed.
    pub skipped_phones: u64,
    /// Numbers held by more than one contact (each listed once).
    pub shared_numbers: u64,
    /// The hex form of [`Directory::token`]'s bytes, to keep for the next incremental load.
    pub token: String,
}

impl fmt::Debug for Directory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Directory")
            .field("label_policy", &self.label_policy)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

/// The E.164 digits of a stored phone (`+` and 1–15 digits, not starting with 0).
pub fn e164_digits(phone: &str) -> Option<u64> {
    let d = phone.strip_prefix('+')?;
    if d.is_empty()
        || d.len() > MAX_E164_DIGITS
        || d.starts_with('0')
        || !d.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    d.parse().ok()
}

/// The first 8 bytes of SHA-256 of a label (what a [`Token`] keeps instead of the label).
pub fn label_digest(label: &str) -> [u8; 8] {
    let h = Sha256::digest(label.as_bytes());
    let mut d = [0u8; 8];
    d.copy_from_slice(&h[..8]);
    d
}

impl Directory {
    /// Build the directory of `contacts` under `options`.
    pub fn build(contacts: &[Contact], options: &DirectoryOptions) -> Directory {
        let policy = options.label_policy;
        let shared = options
            .shared_label
            .as_deref()
            .unwrap_or(DEFAULT_SHARED_LABEL);
        // number → (label of the first holder, holders, whether the labels differ)
        let mut map: BTreeMap<u64, (String, u64, bool)> = BTreeMap::new();
        let mut skipped = 0u64;
        for c in contacts {
            let mut seen: Vec<u64> = Vec::with_capacity(c.phones.len());
            for p in &c.phones {
                // A number with an extension rings as its main number.
                let Some(n) = e164_digits(crate::vault::main_number(p)) else {
                    skipped += 1;
                    continue;
                };
                if seen.contains(&n) {
                    continue; // the same number twice on one contact
                }
                seen.push(n);
                let label = policy.label(c);
                match map.get_mut(&n) {
                    None => {
                        map.insert(n, (label, 1, false));
                    }
                    Some(slot) => {
                        slot.1 += 1;
                        if slot.0 != label {
                            slot.2 = true;
                        }
                        let mut label = label;
                        label.zeroize();
                    }
                }
            }
        }
        let mut shared_numbers = 0;
        let entries: Vec<DirectoryEntry> = map
            .into_iter()
            .map(|(number, (mut label, holders, differ))| {
                if holders > 1 {
                    shared_numbers += 1;
                }
                let label = if differ {
                    label.zeroize();
                    shared.to_string()
                } else {
                    label
                };
                DirectoryEntry { number, label }
            })
            .collect();
        let mut d = Directory {
            schema: DIRECTORY_SCHEMA.to_string(),
            label_policy: policy,
            entries,
            skipped_phones: skipped,
            shared_numbers,
            token: String::new(),
        };
        d.token = hex(&d.token().to_bytes());
        d
    }

    /// The token of this directory: what the host keeps to ask for changes next time.
    pub fn token(&self) -> Token {
        Token {
            entries: self
                .entries
                .iter()
                .map(|e| (e.number, label_digest(&e.label)))
                .collect(),
        }
    }

    /// The binary layout (little-endian; `docs/caller-directory.md`):
    /// `"MMRD"`, version `1`, policy byte, 2 zero bytes, `u32` count, `count` × `u64`
    /// numbers (ascending), then `count` × (`u32` byte length, UTF-8 label).
    pub fn to_bytes(&self) -> Vec<u8> {
        let labels: usize = self.entries.iter().map(|e| 4 + e.label.len()).sum();
        let mut b = Vec::with_capacity(12 + 8 * self.entries.len() + labels);
        put_header(&mut b, &DIRECTORY_MAGIC, self.label_policy);
        put_entries(&mut b, &self.entries);
        b
    }

    /// Parse the binary layout back, checking that the numbers are strictly ascending and
    /// the labels UTF-8 (`skipped_phones` and `shared_numbers` are not part of the layout
    /// and read as 0). [`Error::InvalidInput`] names the offset of the first problem.
    pub fn from_bytes(b: &[u8]) -> Result<Directory> {
        let mut r = Rd::new(b, "directory");
        let policy = r.header(&DIRECTORY_MAGIC)?;
        let entries = r.entries()?;
        r.end()?;
        let mut d = Directory {
            schema: DIRECTORY_SCHEMA.to_string(),
            label_policy: policy,
            entries,
            skipped_phones: 0,
            shared_numbers: 0,
            token: String::new(),
        };
        d.token = hex(&d.token().to_bytes());
        Ok(d)
    }

    /// The changes that turn `prev` (the token of an earlier export) into this directory:
    /// every number of `prev` that is gone or whose label changed is removed, every number
    /// that is new or whose label changed is added (removals are applied first, as
    /// CallKit's incremental load does).
    pub fn changes_since(&self, prev: &Token) -> Changes {
        let mut removed = Vec::new();
        let mut added = Vec::new();
        let (mut i, mut j) = (0, 0);
        let old = &prev.entries;
        while i < old.len() || j < self.entries.len() {
            let o = old.get(i);
            let n = self.entries.get(j);
            match (o, n) {
                (Some(&(on, od)), Some(e)) if on == e.number => {
                    if od != label_digest(&e.label) {
                        removed.push(on);
                        added.push(e.clone());
                    }
                    i += 1;
                    j += 1;
                }
                (Some(&(on, _)), Some(e)) if on < e.number => {
                    removed.push(on);
                    i += 1;
                }
                (Some(&(on, _)), None) => {
                    removed.push(on);
                    i += 1;
                }
                (_, Some(e)) => {
                    added.push(e.clone());
                    j += 1;
                }
                (None, None) => break,
            }
        }
        Changes {
            label_policy: self.label_policy,
            removed,
            added,
            token: self.token(),
        }
    }
}

/// What a host keeps between directory loads: each number with the first 8 bytes of
/// SHA-256 of its label. It holds the numbers in clear and unkeyed label digests (a short
/// name can be guessed from its digest): keep it in the app's protected storage, like the
/// directory itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Token {
    /// `(number, label digest)`, strictly ascending by number.
    pub entries: Vec<(u64, [u8; 8])>,
}

impl Token {
    /// Binary layout: `"MMRT"`, version `1`, 3 zero bytes, `u32` count, then `count` ×
    /// (`u64` number, 8 digest bytes), little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(12 + 16 * self.entries.len());
        b.extend_from_slice(&TOKEN_MAGIC);
        b.push(LAYOUT_VERSION);
        b.extend_from_slice(&[0, 0, 0]);
        put_u32(&mut b, self.entries.len());
        for (n, d) in &self.entries {
            b.extend_from_slice(&n.to_le_bytes());
            b.extend_from_slice(d);
        }
        b
    }

    /// Parse a token; the empty input is the token of an empty (never loaded) directory.
    /// Also accepts a full binary directory (its token is computed).
    pub fn from_bytes(b: &[u8]) -> Result<Token> {
        if b.is_empty() {
            return Ok(Token::default());
        }
        if b.starts_with(&DIRECTORY_MAGIC) {
            return Ok(Directory::from_bytes(b)?.token());
        }
        let mut r = Rd::new(b, "token");
        r.magic(&TOKEN_MAGIC)?;
        r.zeros(3)?;
        let count = r.count(16)?;
        let mut entries = Vec::with_capacity(count);
        let mut last: Option<u64> = None;
        for _ in 0..count {
            let n = r.u64()?;
            if last.is_some_and(|l| l >= n) {
                return Err(r.err("numbers are not strictly ascending"));
            }
            last = Some(n);
            let d: [u8; 8] = r.take(8)?.try_into().expect("8 bytes");
            entries.push((n, d));
        }
        r.end()?;
        Ok(Token { entries })
    }
}

/// An incremental update: numbers to remove, then entries to add, and the token to keep
/// afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes {
    /// The policy of the new labels.
    pub label_policy: LabelPolicy,
    /// Numbers to remove (strictly ascending).
    pub removed: Vec<u64>,
    /// Entries to add (strictly ascending by number).
    pub added: Vec<DirectoryEntry>,
    /// The token of the directory after the change.
    pub token: Token,
}

impl Changes {
    /// Apply to the directory entries of an earlier export: remove, then add (the result is
    /// sorted). [`Error::InvalidInput`] if a removed number is absent or an added one is
    /// still present (the change set was made against another export).
    pub fn apply(&self, prev: &[DirectoryEntry]) -> Result<Vec<DirectoryEntry>> {
        let mut map: BTreeMap<u64, String> =
            prev.iter().map(|e| (e.number, e.label.clone())).collect();
        for n in &self.removed {
            if map.remove(n).is_none() {
                return Err(Error::invalid(
                    "removed",
                    "number not in the previous export",
                ));
            }
        }
        for e in &self.added {
            if map.insert(e.number, e.label.clone()).is_some() {
                return Err(Error::invalid("added", "number already in the export"));
            }
        }
        Ok(map
            .into_iter()
            .map(|(number, label)| DirectoryEntry { number, label })
            .collect())
    }

    /// Binary layout: `"MMRC"`, version `1`, policy byte, 2 zero bytes, `u32` removed count,
    /// removed `u64`s, `u32` added count, added `u64`s, added × (`u32` length, UTF-8 label),
    /// `u32` token length, token bytes ([`Token::to_bytes`]); little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        put_header(&mut b, &CHANGES_MAGIC, self.label_policy);
        put_u32(&mut b, self.removed.len());
        for n in &self.removed {
            b.extend_from_slice(&n.to_le_bytes());
        }
        put_entries(&mut b, &self.added);
        let t = self.token.to_bytes();
        put_u32(&mut b, t.len());
        b.extend_from_slice(&t);
        b
    }

    /// Parse the binary layout back.
    pub fn from_bytes(b: &[u8]) -> Result<Changes> {
        let mut r = Rd::new(b, "changes");
        let policy = r.header(&CHANGES_MAGIC)?;
        let nr = r.count(8)?;
        let removed = r.numbers(nr)?;
        let added = r.entries()?;
        let tl = r.count(1)?;
        let token = Token::from_bytes(r.take(tl)?)?;
        r.end()?;
        Ok(Changes {
            label_policy: policy,
            removed,
            added,
            token,
        })
    }
}

fn put_u32(b: &mut Vec<u8>, n: usize) {
    // Counts and label lengths are bounded far below 4 GiB (a vault field is at most 64 KiB,
    // a vault holds far fewer than 2^32 numbers).
    b.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

/// Magic, version, policy byte, 2 zero bytes.
fn put_header(b: &mut Vec<u8>, magic: &[u8; 4], policy: LabelPolicy) {
    b.extend_from_slice(magic);
    b.push(LAYOUT_VERSION);
    b.push(policy.code());
    b.extend_from_slice(&[0, 0]);
}

/// `u32` count, the numbers, then each label as `u32` length and UTF-8 bytes.
fn put_entries(b: &mut Vec<u8>, entries: &[DirectoryEntry]) {
    put_u32(b, entries.len());
    for e in entries {
        b.extend_from_slice(&e.number.to_le_bytes());
    }
    for e in entries {
        put_u32(b, e.label.len());
        b.extend_from_slice(e.label.as_bytes());
    }
}

/// A bounds-checked little-endian reader whose errors name the offset.
struct Rd<'a> {
    b: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> Rd<'a> {
    fn new(b: &'a [u8], what: &'static str) -> Self {
        Rd { b, at: 0, what }
    }
    fn err(&self, msg: &str) -> Error {
        Error::invalid(self.what, format!("{msg} at byte {}", self.at))
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.b.len() - self.at < n {
            return Err(self.err("truncated"));
        }
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }
    fn magic(&mut self, m: &[u8; 4]) -> Result<()> {
        if self.take(4)? != m {
            return Err(self.err("bad magic"));
        }
        if self.u8()? != LAYOUT_VERSION {
            return Err(self.err("unsupported layout version"));
        }
        Ok(())
    }
    fn zeros(&mut self, n: usize) -> Result<()> {
        if self.take(n)?.iter().any(|&z| z != 0) {
            return Err(self.err("reserved bytes are not zero"));
        }
        Ok(())
    }
    /// A `u32` count of items of at least `min` bytes each that must fit in what is left.
    fn count(&mut self, min: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.b.len() - self.at {
            return Err(self.err("count larger than the data"));
        }
        Ok(n)
    }
    fn numbers(&mut self, count: usize) -> Result<Vec<u64>> {
        let mut v = Vec::with_capacity(count);
        for _ in 0..count {
            let n = self.u64()?;
            if v.last().is_some_and(|&l| l >= n) {
                return Err(self.err("numbers are not strictly ascending"));
            }
            v.push(n);
        }
        Ok(v)
    }
    /// What [`put_header`] wrote: the policy.
    fn header(&mut self, magic: &[u8; 4]) -> Result<LabelPolicy> {
        self.magic(magic)?;
        let policy =
            LabelPolicy::from_code(self.u8()?).ok_or_else(|| self.err("unknown policy"))?;
        self.zeros(2)?;
        Ok(policy)
    }
    /// What [`put_entries`] wrote.
    fn entries(&mut self) -> Result<Vec<DirectoryEntry>> {
        let count = self.count(8)?;
        let numbers = self.numbers(count)?;
        let mut entries = Vec::with_capacity(count);
        for number in numbers {
            let label = self.label()?;
            entries.push(DirectoryEntry { number, label });
        }
        Ok(entries)
    }
    fn label(&mut self) -> Result<String> {
        let len = self.count(1)?;
        let at = self.at;
        let s = std::str::from_utf8(self.take(len)?)
            .map_err(|_| Error::invalid(self.what, format!("label is not UTF-8 at byte {at}")))?;
        Ok(s.to_string())
    }
    fn end(&self) -> Result<()> {
        if self.at != self.b.len() {
            return Err(self.err("trailing bytes"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contact(name: &str, company: Option<&str>, phones: &[&str]) -> Contact {
        let mut c = Contact::new(name, phones);
        c.company = company.map(str::to_string);
        c
    }

    fn sample() -> Vec<Contact> {
        vec![
            contact(
                "佐藤 花子",
                Some("佐藤商事"),
                &["+819012345678", "+81312345678"],
            ),
            // shares the switchboard with 佐藤 (same company), and a foreign mobile
            contact(
                "鈴木 一郎",
                Some("佐藤商事"),
                &["+81312345678", "+447700900123"],
            ),
            contact(
                "Jane Roe",
                None,
                &["+14155550100", "内線1234", "+14155550100"],
            ),
            // same number as Jane, different person
            contact("John Doe", Some("Acme"), &["+14155550100"]),
            contact("Nobody", None, &[]),
        ]
    }

    fn policies() -> [LabelPolicy; 5] {
        [
            LabelPolicy::Name,
            LabelPolicy::Company,
            LabelPolicy::NameCompany,
            LabelPolicy::Initials,
            LabelPolicy::None,
        ]
    }

    #[test]
    fn strictly_ascending_unique_under_every_policy() {
        for p in policies() {
            let opts = DirectoryOptions {
                label_policy: p,
                shared_label: None,
            };
            let d = Directory::build(&sample(), &opts);
            let ns: Vec<u64> = d.entries.iter().map(|e| e.number).collect();
            assert_eq!(
                ns,
                [14155550100, 81312345678, 447700900123, 819012345678],
                "{p:?}"
            );
            assert!(ns.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(d.skipped_phones, 1);
            assert_eq!(d.shared_numbers, 2);
            assert_eq!(
                Directory::from_bytes(&d.to_bytes()).unwrap().entries,
                d.entries
            );
        }
    }

    #[test]
    fn labels_per_policy_and_shared_numbers() {
        let label = |p, n| {
            let d = Directory::build(
                &sample(),
                &DirectoryOptions {
                    label_policy: p,
                    shared_label: None,
                },
            );
            d.entries
                .iter()
                .find(|e| e.number == n)
                .unwrap()
                .label
                .clone()
        };
        assert_eq!(label(LabelPolicy::Name, 819012345678), "佐藤 花子");
        assert_eq!(
            label(LabelPolicy::NameCompany, 819012345678),
            "佐藤 花子 (佐藤商事)"
        );
        assert_eq!(label(LabelPolicy::Initials, 447700900123), "鈴.一.");
        assert_eq!(label(LabelPolicy::Company, 447700900123), "佐藤商事");
        // the switchboard: names differ → neutral label; companies agree → the company
        assert_eq!(label(LabelPolicy::Name, 81312345678), DEFAULT_SHARED_LABEL);
        assert_eq!(label(LabelPolicy::Company, 81312345678), "佐藤商事");
        assert_eq!(
            label(LabelPolicy::Initials, 14155550100),
            DEFAULT_SHARED_LABEL
        );
        assert_eq!(label(LabelPolicy::None, 14155550100), "");
        let custom = Directory::build(
            &sample(),
            &DirectoryOptions {
                label_policy: LabelPolicy::Name,
                shared_label: Some("Several contacts".into()),
            },
        );
        assert_eq!(custom.entries[0].label, "Several contacts");
    }

    #[test]
    fn e164_digits_rules() {
        assert_eq!(e164_digits("+819012345678"), Some(819012345678));
        assert_eq!(e164_digits("+999999999999999"), Some(999_999_999_999_999));
        for bad in [
            "819012345678",
            "+",
            "+0123",
            "+1234567890123456",
            "+81 90",
            "内線1",
        ] {
            assert_eq!(e164_digits(bad), None, "{bad}");
        }
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        let d = Directory::build(&sample(), &DirectoryOptions::default());
        let b = d.to_bytes();
        for cut in 0..b.len() {
            assert!(Directory::from_bytes(&b[..cut]).is_err());
        }
        let mut swapped = b.clone();
        // swap the first two numbers: no longer ascending
        let (x, y) = (12..20, 20..28);
        let first = swapped[x.clone()].to_vec();
        swapped.copy_within(y.clone(), 12);
        swapped[y].copy_from_slice(&first);
        let e = Directory::from_bytes(&swapped).unwrap_err().to_string();
        assert!(e.contains("ascending"), "{e}");
        let c = d.changes_since(&Token::default());
        assert_eq!(Changes::from_bytes(&c.to_bytes()).unwrap(), c);
        assert!(Token::from_bytes(b"MMRT\x02").is_err());
    }

    fn arb_contacts() -> impl Strategy<Value = Vec<Contact>> {
        let phone = prop_oneof![
            (0u64..40).prop_map(|n| format!("+8190{:08}", n)),
            (0u64..10).prop_map(|n| format!("+1415555{:04}", n)),
            Just("内線1234".to_string()),
        ];
        let c = (
            prop::sample::select(vec!["佐藤 花子", "Jane Roe", "山田 太郎", "A"]),
            prop::option::of(prop::sample::select(vec!["佐藤商事", "Acme"])),
            prop::collection::vec(phone, 0..4),
        )
            .prop_map(|(n, co, ps)| {
                let refs: Vec<&str> = ps.iter().map(String::as_str).collect();
                contact(n, co, &refs)
            });
        prop::collection::vec(c, 0..12)
    }

    proptest! {
        /// An incremental export applied to the previous export equals a full export, and
        /// its token equals the full export's token.
        #[test]
        fn incremental_applied_to_previous_equals_full(
            before in arb_contacts(),
            after in arb_contacts(),
            p1 in 0u8..5,
            p2 in 0u8..5,
        ) {
            let o1 = DirectoryOptions { label_policy: LabelPolicy::from_code(p1).unwrap(), shared_label: None };
            let o2 = DirectoryOptions { label_policy: LabelPolicy::from_code(p2).unwrap(), shared_label: None };
            let prev = Directory::build(&before, &o1);
            let full = Directory::build(&after, &o2);
            let token = Token::from_bytes(&prev.token().to_bytes()).unwrap();
            let ch = Changes::from_bytes(&full.changes_since(&token).to_bytes()).unwrap();
            prop_assert!(ch.removed.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(ch.added.windows(2).all(|w| w[0].number < w[1].number));
            let applied = ch.apply(&prev.entries).unwrap();
            prop_assert_eq!(&applied, &full.entries);
            prop_assert_eq!(&ch.token, &full.token());
            // unchanged → empty change set
            let none = full.changes_since(&full.token());
            prop_assert!(none.removed.is_empty() && none.added.is_empty());
        }
    }
}
