//! Foundation: the canonical JSON form behind every SHA-256 record chain (the incident log, the
//! hand-over record, the evidence bundle) and the library's one hex codec.
//!
//! Canonical bytes of a record (see `docs/incident.md`): its JSON object without its `hash`
//! and `signature` members, written with the members of every object sorted by key (UTF-8
//! byte order), no insignificant whitespace, strings escaped as JSON requires (`"`, `\`, and
//! U+0000–U+001F only; `\b \f \n \r \t` short forms, others `\u00xx`), every other character
//! as raw UTF-8, integers in decimal. For documents of strings, integers, booleans and nulls
//! this is RFC 8785 (JCS). The keys are sorted here, explicitly: the bytes do not depend on
//! whether some crate in the final build turns on `serde_json/preserve_order`.
//!
//! Layer 2 of `tests/layering.rs`: it uses only `error`.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Lowercase hex of bytes.
///
/// ```
/// assert_eq!(mamori::hashchain::hex(&[0x00, 0xab, 0x7f]), "00ab7f");
/// ```
pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// Parse hex (either case) of exactly `N` bytes; anything else (another length, a sign, a
/// non-hex character) is `None`.
///
/// ```
/// assert_eq!(mamori::hashchain::unhex::<2>("0aFf"), Some([0x0a, 0xff]));
/// assert_eq!(mamori::hashchain::unhex::<1>("+f"), None);
/// ```
pub fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (nibble(b[2 * i])? << 4) | nibble(b[2 * i + 1])?;
    }
    Some(out)
}

fn write_canonical(v: &Value, out: &mut String) -> Result<()> {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&json_str(k)?);
                out.push(':');
                write_canonical(&m[k], out)?;
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out)?;
            }
            out.push(']');
        }
        Value::String(s) => out.push_str(&json_str(s)?),
        other => out.push_str(&other.to_string()),
    }
    Ok(())
}

fn json_str(s: &str) -> Result<String> {
    serde_json::to_string(s).map_err(|e| Error::Internal(e.to_string()))
}

/// The canonical bytes (module docs) of any serialisable record, without its `hash` and
/// `signature` members: the one canonical form shared by the incident log and the hand-over
/// record.
pub fn canonical_bytes_of<T: Serialize>(record: &T) -> Result<Vec<u8>> {
    let mut v = serde_json::to_value(record).map_err(|e| Error::Internal(e.to_string()))?;
    if let Value::Object(m) = &mut v {
        m.remove("hash");
        // A record's signature signs its hash, so it cannot be part of it (see
        // `incident::sign`).
        m.remove("signature");
    }
    let mut out = String::new();
    write_canonical(&v, &mut out)?;
    Ok(out.into_bytes())
}

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex SHA-256 of a record's canonical bytes (see [`canonical_bytes_of`]).
pub fn record_hash<T: Serialize>(record: &T) -> Result<String> {
    Ok(sha256_hex(&canonical_bytes_of(record)?))
}

/// Lowercase hex SHA-256 of `domain` followed by `id` (a chain's genesis value, e.g.
/// `"mamori.incident.v2:" + incident id`).
pub fn genesis_of(domain: &str, id: &str) -> String {
    let mut h = Sha256::new();
    h.update(domain.as_bytes());
    h.update(id.as_bytes());
    hex(&h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_signs() {
        let b = [0u8, 1, 0x7f, 0x80, 0xff];
        assert_eq!(hex(&b), "00017f80ff");
        assert_eq!(unhex::<5>("00017F80ff"), Some(b));
        // `u8::from_str_radix` accepted "+f"; the one decoder does not.
        assert_eq!(unhex::<1>("+f"), None);
        assert_eq!(unhex::<1>("0g"), None);
        assert_eq!(unhex::<1>("0"), None);
        assert_eq!(unhex::<1>("é"), None);
    }

    #[test]
    fn canonical_form_sorts_keys_and_drops_hash_and_signature() {
        let v = serde_json::json!({"b": 1, "a": {"d": "x\n", "c": [true, null]}, "hash": "h", "signature": {}});
        assert_eq!(
            String::from_utf8(canonical_bytes_of(&v).unwrap()).unwrap(),
            r#"{"a":{"c":[true,null],"d":"x\n"},"b":1}"#
        );
        assert_eq!(
            genesis_of("mamori.incident.v2:", "x"),
            sha256_hex(b"mamori.incident.v2:x")
        );
    }
}
