//! Contacts, their ids and their compact binary plaintext encoding.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{Error, Result};

/// A contact's id inside one vault: 64 random bits, serialised as 16 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Zeroize)]
pub struct ContactId(pub(crate) u64);

impl ContactId {
    /// The id as 16 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        format!("{:016x}", self.0)
    }

    /// Parse 16 hex digits (either case). Anything else is [`Error::InvalidInput`].
    pub fn parse(s: &str) -> Result<Self> {
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::invalid("id", "a contact id is 16 hex digits"));
        }
        u64::from_str_radix(s, 16)
            .map(ContactId)
            .map_err(|_| Error::invalid("id", "a contact id is 16 hex digits"))
    }

    /// The raw 64-bit value.
    pub fn as_u64(&self) -> u64 {
        self.0
    }

    /// An id from a raw 64-bit value.
    pub fn from_u64(v: u64) -> Self {
        ContactId(v)
    }
}

impl fmt::Debug for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContactId({:016x})", self.0)
    }
}

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl std::str::FromStr for ContactId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ContactId::parse(s)
    }
}

impl Serialize for ContactId {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for ContactId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ContactId::parse(&s).map_err(|_| serde::de::Error::custom("a contact id is 16 hex digits"))
    }
}

impl JsonSchema for ContactId {
    fn schema_name() -> Cow<'static, str> {
        "ContactId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9a-fA-F]{16}$",
            "description": "A contact id: 16 hex digits."
        })
    }
}

/// One contact. JSON shape: `{"id"?, "name", "reading"?, "company"?, "phones": [..],
/// "emails"?: [..], "address"?, "notes"?, "tags"?: [..], "sensitive"?: bool, "created_at"?,
/// "updated_at"?, "person_id"?}`; only `name` and `phones` are required.
///
/// Phone numbers are normalised to E.164 when the contact is stored (a number that does not
/// parse is stored trimmed, as given, and is not indexed for caller-ID lookup). A number with
/// an extension (`03-1234-5678 内線123`, `ext. 12`, `x12`, `#12`, `,12`) is indexed by its
/// main number, so a call from `03-1234-5678` finds the contact, and is stored with the
/// extension as RFC 3966's `ext` parameter: `+81312345678;ext=123`. The
/// timestamps are filled in from the vault's clock when absent and kept at millisecond
/// precision. All fields are zeroized on drop and `Debug` never shows them.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The id (absent for a new contact; `put` assigns one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ContactId>,
    /// Display name.
    pub name: String,
    /// Reading (furigana / kana) of the name, used by name-prefix search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Phone numbers (stored as E.164 when they parse; with an extension as
    /// `+81312345678;ext=123`, found by caller ID under the main number).
    pub phones: Vec<String>,
    /// E-mail addresses.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Tags (counted per tag in the manifest).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The contact holds sensitive personal information (要配慮個人情報).
    #[serde(default)]
    pub sensitive: bool,
    /// When the contact was first stored (filled in by the vault when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[zeroize(skip)]
    pub created_at: Option<DateTime<Utc>>,
    /// When the contact was last stored (set by the vault on every put when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[zeroize(skip)]
    pub updated_at: Option<DateTime<Utc>>,
    /// The host's own id of the person (e.g. a CRM person key). Contacts with the same
    /// `person_id` are counted as one person in the manifest, contacts with different ones
    /// never are (see [`crate::vault::count_persons`]). Absent = no such evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
}

impl fmt::Debug for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contact")
            .field("id", &self.id)
            .field("name", &"<redacted>")
            .field("phones", &self.phones.len())
            .field("emails", &self.emails.len())
            .field("tags", &self.tags.len())
            .field("sensitive", &self.sensitive)
            .finish_non_exhaustive()
    }
}

impl Contact {
    /// A contact with a name and phone numbers, everything else empty.
    pub fn new(name: impl Into<String>, phones: &[&str]) -> Self {
        let mut c = Contact::default();
        c.name = name.into();
        c.phones = phones.iter().map(|p| p.to_string()).collect();
        c
    }
}

/// What an incoming-call screen shows: the contact's id, name and company — the answer of
/// [`crate::vault::Vault::caller_id`], which decodes only these fields of the matching
/// record. JSON shape: `{"id", "name", "company"?}`. Zeroized on drop; `Debug` shows only
/// the id.
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct CallerId {
    /// The contact's id.
    pub id: ContactId,
    /// Display name.
    pub name: String,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
}

impl fmt::Debug for CallerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallerId")
            .field("id", &self.id)
            .field("name", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// Decode only the name and company of a record plaintext (layout version 1). The rest of
/// the record is not parsed: AES-GCM has authenticated all of it already.
pub(crate) fn decode_caller(b: &[u8], id: ContactId) -> Option<CallerId> {
    let mut r = Reader::new(b);
    if r.byte()? != 1 {
        return None;
    }
    let name = r.string()?;
    r.skip_opt()?;
    let company = r.opt()?;
    Some(CallerId { id, name, company })
}

/// Field length limits (bytes) checked on `put`.
pub(crate) const MAX_FIELD: usize = 64 * 1024;
/// At most this many phones / e-mails / tags per contact.
pub(crate) const MAX_ITEMS: usize = 64;

pub(crate) fn validate(c: &Contact) -> Result<()> {
    let check = |path: &str, s: &str| -> Result<()> {
        if s.len() > MAX_FIELD {
            return Err(Error::invalid(path, "field longer than 65536 bytes"));
        }
        Ok(())
    };
    if c.name.trim().is_empty() {
        return Err(Error::invalid("name", "must not be empty"));
    }
    check("name", &c.name)?;
    for (p, v) in [
        ("person_id", &c.person_id),
        ("reading", &c.reading),
        ("company", &c.company),
        ("address", &c.address),
        ("notes", &c.notes),
    ] {
        if let Some(v) = v {
            check(p, v)?;
        }
    }
    for (p, list) in [
        ("phones", &c.phones),
        ("emails", &c.emails),
        ("tags", &c.tags),
    ] {
        if list.len() > MAX_ITEMS {
            return Err(Error::invalid(p, "more than 64 items"));
        }
        for (i, v) in list.iter().enumerate() {
            if v.len() > MAX_FIELD {
                check(&format!("{p}[{i}]"), v)?;
            }
        }
    }
    Ok(())
}

// ---- compact binary plaintext encoding (see docs/vault-format.md §6) ----

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        None => out.push(0),
        Some(s) => {
            put_varint(out, s.len() as u64 + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

fn put_list(out: &mut Vec<u8>, l: &[String]) {
    put_varint(out, l.len() as u64);
    for s in l {
        put_str(out, s);
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Encode the plaintext of a contact (the id is not part of it; it is in the frame and AAD).
pub(crate) fn encode(c: &Contact, out: &mut Vec<u8>) {
    out.push(1); // plaintext layout version
    put_str(out, &c.name);
    put_opt(out, &c.reading);
    put_opt(out, &c.company);
    put_list(out, &c.phones);
    put_list(out, &c.emails);
    put_opt(out, &c.address);
    put_opt(out, &c.notes);
    put_list(out, &c.tags);
    out.push(c.sensitive as u8);
    put_varint(
        out,
        zigzag(c.created_at.map(|t| t.timestamp_millis()).unwrap_or(0)),
    );
    put_varint(
        out,
        zigzag(c.updated_at.map(|t| t.timestamp_millis()).unwrap_or(0)),
    );
    // Optional trailing field: absent in records written before it existed.
    if let Some(p) = &c.person_id {
        put_str(out, p);
    }
}

pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }
    fn byte(&mut self) -> Option<u8> {
        let v = *self.b.get(self.pos)?;
        self.pos += 1;
        Some(v)
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn string(&mut self) -> Option<String> {
        let n = usize::try_from(self.varint()?).ok()?;
        let s = self.bytes(n)?;
        String::from_utf8(s.to_vec()).ok()
    }
    fn opt(&mut self) -> Option<Option<String>> {
        let n = self.varint()?;
        if n == 0 {
            return Some(None);
        }
        let n = usize::try_from(n - 1).ok()?;
        let s = self.bytes(n)?;
        Some(Some(String::from_utf8(s.to_vec()).ok()?))
    }
    fn list(&mut self) -> Option<Vec<String>> {
        let n = usize::try_from(self.varint()?).ok()?;
        if n > MAX_ITEMS {
            return None;
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.string()?);
        }
        Some(v)
    }
    fn skip_str(&mut self) -> Option<()> {
        let n = usize::try_from(self.varint()?).ok()?;
        self.bytes(n).map(|_| ())
    }
    fn skip_opt(&mut self) -> Option<()> {
        let n = self.varint()?;
        if n > 0 {
            self.bytes(usize::try_from(n - 1).ok()?)?;
        }
        Some(())
    }
}

fn millis(v: i64) -> Option<DateTime<Utc>> {
    if v == 0 {
        None
    } else {
        DateTime::from_timestamp_millis(v)
    }
}

/// Decode a plaintext produced by [`encode`]. `None` means malformed.
pub(crate) fn decode(b: &[u8], id: ContactId) -> Option<Contact> {
    let mut r = Reader::new(b);
    if r.byte()? != 1 {
        return None;
    }
    let mut c = Contact {
        id: Some(id),
        name: r.string()?,
        reading: r.opt()?,
        company: r.opt()?,
        phones: r.list()?,
        emails: r.list()?,
        address: r.opt()?,
        notes: r.opt()?,
        tags: r.list()?,
        sensitive: r.byte()? != 0,
        created_at: millis(unzigzag(r.varint()?)),
        updated_at: millis(unzigzag(r.varint()?)),
        person_id: None,
    };
    if r.pos < b.len() {
        c.person_id = Some(r.string()?);
    }
    if r.pos != b.len() {
        return None;
    }
    Some(c)
}

const EXT_SEP: &[u8] = crate::vault::phone::EXTENSION_SEPARATOR.as_bytes();

/// Whether the encoded contact has `e164` among its phones, without building a `Contact`.
pub(crate) fn has_phone(b: &[u8], e164: &str) -> Option<bool> {
    let mut r = Reader::new(b);
    if r.byte()? != 1 {
        return None;
    }
    r.skip_str()?;
    r.skip_opt()?;
    r.skip_opt()?;
    let n = r.varint()?;
    let mut found = false;
    for _ in 0..n {
        let len = usize::try_from(r.varint()?).ok()?;
        let s = r.bytes(len)?;
        // A number stored with its extension (`+81312345678;ext=123`) is found by its main
        // number.
        let s = s
            .windows(EXT_SEP.len())
            .position(|w| w == EXT_SEP)
            .map_or(s, |i| &s[..i]);
        if s.len() == e164.len() && bool::from(subtle::ConstantTimeEq::ct_eq(s, e164.as_bytes())) {
            found = true;
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codec_round_trip() {
        let mut c = Contact::new("山田 太郎", &["+819012345678"]);
        c.reading = Some("やまだ たろう".into());
        c.tags = vec!["顧客".into()];
        c.sensitive = true;
        c.created_at = DateTime::from_timestamp_millis(1_700_000_000_123);
        let mut out = Vec::new();
        encode(&c, &mut out);
        let d = decode(&out, ContactId(7)).unwrap();
        c.id = Some(ContactId(7));
        assert_eq!(c, d);
        assert_eq!(has_phone(&out, "+819012345678"), Some(true));
        assert_eq!(has_phone(&out, "+819012345679"), Some(false));
        for cut in 0..out.len() {
            assert!(decode(&out[..cut], ContactId(7)).is_none());
        }
        assert!(!format!("{c:?}").contains("山田"));
    }

    /// `person_id` is an optional trailing field: records without it keep their old bytes.
    #[test]
    fn person_id_is_optional_and_trailing() {
        let mut c = Contact::new("Anna", &["+4915111111111"]);
        let mut old = Vec::new();
        encode(&c, &mut old);
        c.person_id = Some("crm-42".into());
        let mut new = Vec::new();
        encode(&c, &mut new);
        assert_eq!(&new[..old.len()], &old[..]);
        assert_eq!(decode(&old, ContactId(1)).unwrap().person_id, None);
        assert_eq!(
            decode(&new, ContactId(1)).unwrap().person_id.as_deref(),
            Some("crm-42")
        );
        let j: Contact = serde_json::from_str(r#"{"name":"A","phones":[]}"#).unwrap();
        assert_eq!(j.person_id, None);
        let j: Contact =
            serde_json::from_str(r#"{"name":"A","phones":[],"person_id":"p"}"#).unwrap();
        assert_eq!(j.person_id.as_deref(), Some("p"));
    }

    #[test]
    fn id_hex() {
        let id = ContactId(0xdead_beef);
        assert_eq!(ContactId::parse(&id.to_hex()).unwrap(), id);
        assert!(ContactId::parse("xyz").is_err());
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"00000000deadbeef\"");
    }
}
