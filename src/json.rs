//! The one strict JSON entry point for every JSON document the library reads (breach requests
//! and rule packs, incident logs, events and queries, register documents and commands, vault
//! contacts and options).
//!
//! [`from_str_strict`] accepts exactly one JSON document and rejects, with one typed error
//! shape ([`JsonError`], converted to `Error::InvalidInput` by `error.rs`: this module is
//! the lowest layer and uses no other):
//!
//! - trailing data after the document, including a second, concatenated document;
//! - duplicate object keys at any depth (serde's default would keep the last one for maps and
//!   `serde_json::Value`s, so `{"JP": 1, "JP": 2000}` would silently mean 2000);
//! - malformed or truncated JSON, lone surrogates in `\u` escapes;
//! - (for byte input, [`from_slice_strict`]) bytes that are not UTF-8.
//!
//! Every error names the JSON path of the offending field (`data.persons.JP`, `[1].name`,
//! `$` for the document itself) and says what was expected; a timestamp without an offset
//! says "timestamp needs an offset, e.g. +09:00". [`from_str_secret`] is the variant for
//! documents that hold contact data: its messages never quote an input value.
//!
//! Timestamps are RFC 3339 (`2026-12-03T10:15:00+09:00`). chrono's reader is more lenient
//! (`+0900`, ` UTC`, spaces inside the date), so the key-checking walk refuses any
//! string value that chrono would read as a date and time but RFC 3339 does not allow, with
//! the path of the value (a free-text field holding exactly such a string is refused too:
//! nothing the library reads is meant to look like a timestamp and not be one).
//!
//! A valid document is read once (cargo feature `json-fast-path`, on by default): the typed
//! read goes through a checking deserializer that refuses duplicate keys, lenient timestamps
//! and trailing data itself, without path bookkeeping. Any failure repeats the read the
//! thorough way — a key-checking walk (syntax, duplicate keys, timestamps, trailing data),
//! then a typed read with path tracking — which names the field; so errors are the same
//! whichever pass found them. Without the feature only the thorough way runs (a smaller
//! library).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// What kind of problem a [`JsonError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonErrorKind {
    /// Not JSON (or a lone surrogate escape).
    Syntax,
    /// The document ended early.
    Truncated,
    /// Something follows the document (garbage or a second document).
    TrailingData,
    /// An object has the same key twice.
    DuplicateKey,
    /// The input bytes are not UTF-8.
    InvalidUtf8,
    /// Valid JSON of the wrong shape (type, missing or unknown field, bad value).
    Data,
}

/// The one error shape of the strict JSON entry point: where (a JSON path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    /// The JSON path of the offending field (`$` for the document itself).
    pub(crate) path: String,
    /// The category.
    pub(crate) kind: JsonErrorKind,
    /// What is wrong and what was expected (never an input value in secret mode).
    pub(crate) message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid input at `{}`: {}", self.path, self.message)
    }
}

/// Parse exactly one JSON document into `T` (see the module docs). Messages may quote a
/// mistyped value (e.g. an unknown enum variant); use [`from_str_secret`] for contact data.
pub(crate) fn from_str_strict<T: DeserializeOwned>(json: &str) -> Result<T, JsonError> {
    parse(json, None)
}

/// [`from_str_strict`] for documents holding secrets (contacts): messages name the path and
/// what was expected, never the value found. `what` names the document (`"contact"`).
pub(crate) fn from_str_secret<T: DeserializeOwned>(json: &str, what: &str) -> Result<T, JsonError> {
    parse(json, Some(what))
}

/// Check that member `key` of `object` (if present) reads as a `T`; an error's path is
/// prefixed with `prefix` (the path of `object`, empty for the root) and `key`. For finding
/// the field inside an internally tagged enum, whose derived reader loses the path.
pub(crate) fn check_member<T: DeserializeOwned>(
    object: &serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    key: &str,
) -> Result<(), JsonError> {
    let Some(value) = object.get(key) else {
        return Ok(());
    };
    let json = value.to_string();
    match from_str_strict::<T>(&json) {
        Ok(_) => Ok(()),
        Err(mut e) => {
            let head = if prefix.is_empty() {
                key.to_string()
            } else {
                format!("{prefix}.{key}")
            };
            e.path = match e.path.as_str() {
                "$" => head,
                p if p.starts_with('[') => format!("{head}{p}"),
                p => format!("{head}.{p}"),
            };
            Err(e)
        }
    }
}

/// [`from_str_strict`] on bytes that must be UTF-8.
#[allow(dead_code)] // the C ABI checks UTF-8 at the argument (`MAMORI_INVALID_UTF8`)
pub(crate) fn from_slice_strict<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    let json = std::str::from_utf8(bytes).map_err(|e| JsonError {
        path: "$".into(),
        kind: JsonErrorKind::InvalidUtf8,
        message: format!("not valid UTF-8 (byte {})", e.valid_up_to()),
    })?;
    from_str_strict(json)
}

fn parse<T: DeserializeOwned>(json: &str, secret: Option<&str>) -> Result<T, JsonError> {
    // One strict pass first (see [`Strict`]): a valid document is read once. Any failure
    // repeats the read below, which finds and names the problem.
    #[cfg(feature = "json-fast-path")]
    {
        let mut de = serde_json::Deserializer::from_str(json);
        if let Ok(v) = T::deserialize(Strict(&mut de))
            && de.end().is_ok()
        {
            return Ok(v);
        }
    }
    check_document(json, secret)?;
    // Well-formed, no duplicate keys, no lenient timestamps: the typed read (with the path
    // tracked) names the field it refuses. Without `json-fast-path` (the size-optimised
    // packaging) this is the only read: the same results and errors, one instantiation of
    // each type's reader instead of two (about 0.4 MB less code), slower on valid input.
    tracked_read::<T>(json, secret)
}

/// Read `json` into `T` with path tracking; an error names the field.
fn tracked_read<T: DeserializeOwned>(json: &str, secret: Option<&str>) -> Result<T, JsonError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let e = match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let segments: Vec<Seg> = e
        .path()
        .iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone().into())),
            _ => None,
        })
        .collect();
    let inner = e.into_inner();
    let raw = inner.to_string();
    // serde_json appends " at line L column C"; keep the description only.
    let text = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    let message = describe_data(text, json, &segments, secret);
    let kind = match inner.classify() {
        serde_json::error::Category::Eof => JsonErrorKind::Truncated,
        serde_json::error::Category::Syntax => JsonErrorKind::Syntax,
        _ => JsonErrorKind::Data,
    };
    Err(JsonError {
        path: path_string(&segments),
        kind,
        message,
    })
}

const CHRONO_MESSAGES: &[&str] = &[
    "premature end of input",
    "input contains invalid characters",
    "trailing input",
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "bad or unsupported format string",
];

/// The message for a typed-read error `text` at `segments`.
fn describe_data(text: &str, json: &str, segments: &[Seg], secret: Option<&str>) -> String {
    let prefix = secret.map(|w| format!("{w}: ")).unwrap_or_default();
    // A custom error from one of our own types already reads "invalid input at `x`: ...";
    // the path names `x`, so keep only the description.
    let text = match text.strip_prefix("invalid input at `") {
        Some(rest) => rest.split_once("`: ").map_or(text, |(_, m)| m),
        None => text,
    };
    // "missing field `x`" (at the path of the object that lacks it) names the field already.
    if text.starts_with("missing field `") {
        return format!("{prefix}{text}");
    }
    if CHRONO_MESSAGES.contains(&text) {
        let value = value_at(json, segments);
        let no_offset = value.as_deref().is_some_and(looks_like_local_datetime);
        return if no_offset {
            format!(
                "{prefix}timestamp needs an offset, e.g. +09:00 \
                 (RFC 3339, such as 2026-12-03T10:15:00+09:00)"
            )
        } else {
            format!(
                "{prefix}expected an RFC 3339 timestamp with an offset, e.g. \
                 2026-12-03T10:15:00+09:00 ({text})"
            )
        };
    }
    if secret.is_none() {
        return text.to_string();
    }
    // Secret mode: keep serde's own descriptions of fields and types, never the value found.
    for keep in ["unknown field `", "duplicate field `", "invalid length "] {
        if text.starts_with(keep) {
            return format!("{prefix}{text}");
        }
    }
    for (head, label) in [
        ("invalid type: ", "wrong type"),
        ("invalid value: ", "invalid value"),
        ("unknown variant ", "unknown value"),
    ] {
        if text.starts_with(head) {
            return match text.rfind(", expected ") {
                Some(i) => format!("{prefix}{label}, expected {}", &text[i + 11..]),
                None => format!("{prefix}{label} (value not shown)"),
            };
        }
    }
    format!("{prefix}invalid value (not shown)")
}

/// What is wrong with `s` when chrono's lenient reader takes it for a date and time with an
/// offset (`2026-12-03T10:15:00+0900`, `... UTC`) but RFC 3339 does not; `None` for RFC 3339
/// timestamps and for strings that are no timestamp at all (the cheap prefix test keeps
/// ordinary strings off the parsers).
fn lenient_timestamp(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    if !(16..=64).contains(&b.len()) || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    // RFC 3339 first: a valid timestamp (the common case) skips chrono's slower lenient reader.
    if chrono::DateTime::parse_from_rfc3339(s).is_ok()
        || s.parse::<chrono::DateTime<chrono::FixedOffset>>().is_err()
    {
        return None;
    }
    let t = s.trim_end().as_bytes();
    let n = t.len();
    let tail_digits = |k: usize| n > k && t[n - k..].iter().all(u8::is_ascii_digit);
    Some(if tail_digits(4) && matches!(t[n - 5], b'+' | b'-') {
        "the UTC offset needs a colon (+09:00, not +0900)"
    } else if s.to_ascii_uppercase().trim_end().ends_with("UTC") {
        "write the UTC offset as Z or +00:00, not UTC"
    } else {
        "RFC 3339 allows no spaces inside the date or time, and a 2-digit seconds field"
    })
}

/// `2026-12-03T10:15:00` or `2026-12-03 10:15:00.5`: a date and a time, no offset.
fn looks_like_local_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let date = b.len() >= 16
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    date && matches!(b[10], b'T' | b't' | b' ')
        && s[11..]
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b':' || c == b'.')
}

/// The string at `segments` in `json`, if there is one (error path only).
fn value_at(json: &str, segments: &[Seg]) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(json).ok()?;
    for s in segments {
        v = match (s, v) {
            (Seg::Key(k), serde_json::Value::Object(mut m)) => m.remove(k.as_ref())?,
            (Seg::Index(i), serde_json::Value::Array(mut a)) if *i < a.len() => a.swap_remove(*i),
            _ => return None,
        };
    }
    match v {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

#[derive(Debug, Clone)]
enum Seg {
    Key(Cow<'static, str>),
    Index(usize),
}

/// `data.persons.JP`, `[1].name`, `$` for the root (serde_path_to_error's convention).
fn path_string(segments: &[Seg]) -> String {
    if segments.is_empty() {
        return "$".into();
    }
    let mut s = String::new();
    for seg in segments {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// The key-checking walk: syntax, duplicate keys at any depth, timestamps that are not RFC
/// 3339, then nothing after the document. The first walk keeps no path; a failed walk is
/// repeated with the path tracked.
fn check_document(json: &str, secret: Option<&str>) -> Result<(), JsonError> {
    if walk(json, false).is_ok() {
        return Ok(());
    }
    let (e, st) = match walk(json, true) {
        Ok(()) => return Ok(()),
        Err(x) => x,
    };
    let raw = e.to_string();
    if let Some(path) = st.duplicate {
        return Err(JsonError {
            path: path_string(&path),
            kind: JsonErrorKind::DuplicateKey,
            message: "duplicate key (each key may appear once per object)".into(),
        });
    }
    if let Some((path, why)) = st.timestamp {
        let prefix = secret.map(|w| format!("{w}: ")).unwrap_or_default();
        let value = value_at(json, &path)
            .filter(|_| secret.is_none())
            // debug-quote: the caller's own value, quoted and escaped
            .map(|v| format!("{v:?} "))
            .unwrap_or_default();
        return Err(JsonError {
            path: path_string(&path),
            kind: JsonErrorKind::Data,
            message: format!(
                "{prefix}{value}is not an RFC 3339 timestamp: {why}; write e.g. \
                 2026-12-03T10:15:00+09:00"
            ),
        });
    }
    if raw.starts_with("trailing characters") {
        return Err(JsonError {
            path: "$".into(),
            kind: JsonErrorKind::TrailingData,
            message: format!(
                "expected the end of input after the JSON document, found more data at {} \
                 (one document per call)",
                position(&e)
            ),
        });
    }
    let path = st.error_path.as_deref().map(path_string);
    let (kind, what) = match e.classify() {
        serde_json::error::Category::Eof => (JsonErrorKind::Truncated, "truncated JSON"),
        _ => (JsonErrorKind::Syntax, "malformed JSON"),
    };
    let text = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    Err(JsonError {
        path: path.unwrap_or_else(|| "$".into()),
        kind,
        message: format!("{what}: {text} at {}", position(&e)),
    })
}

fn walk(json: &str, track: bool) -> Result<(), (serde_json::Error, Box<WalkState>)> {
    let state = RefCell::new(WalkState {
        track,
        ..WalkState::default()
    });
    let mut de = serde_json::Deserializer::from_str(json);
    let r = Walk { state: &state }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    r.map_err(|e| (e, Box::new(state.into_inner())))
}

fn position(e: &serde_json::Error) -> String {
    format!("line {} column {}", e.line(), e.column())
}

#[derive(Default)]
struct WalkState {
    /// Keep `path` up to date (only when describing an error).
    track: bool,
    path: Vec<Seg>,
    /// The path of the first duplicate key found.
    duplicate: Option<Vec<Seg>>,
    /// The path of the first timestamp that is not RFC 3339, and what is wrong with it.
    timestamp: Option<(Vec<Seg>, &'static str)>,
    /// The innermost path at which the walk failed.
    error_path: Option<Vec<Seg>>,
}

#[derive(Clone, Copy)]
struct Walk<'s> {
    state: &'s RefCell<WalkState>,
}

impl Walk<'_> {
    fn push(&self, seg: impl FnOnce() -> Seg) {
        let mut st = self.state.borrow_mut();
        if st.track {
            st.path.push(seg());
        }
    }

    fn pop(&self) {
        let mut st = self.state.borrow_mut();
        if st.track {
            st.path.pop();
        }
    }

    /// Remember where the walk failed (the innermost call notes it first).
    fn mark<T, E>(&self, r: Result<T, E>) -> Result<T, E> {
        if r.is_err() {
            let mut st = self.state.borrow_mut();
            if st.error_path.is_none() {
                st.error_path = Some(st.path.clone());
            }
        }
        r
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// A map key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Objects with more members than this switch from a linear scan to a hash set.
const LINEAR_KEYS: usize = 24;

/// The keys of one object read so far: the first [`LINEAR_KEYS`] kept inline and scanned (a
/// request's objects have a handful of members: no allocation), the rest in a hash set.
struct SeenKeys<'de> {
    inline: [Cow<'de, str>; LINEAR_KEYS],
    n: usize,
    many: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> SeenKeys<'de> {
    fn new() -> Self {
        SeenKeys {
            inline: std::array::from_fn(|_| Cow::Borrowed("")),
            n: 0,
            many: None,
        }
    }

    /// Note `key`; `false` if the object already had it.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        if self.n < LINEAR_KEYS {
            let (seen, free) = self.inline.split_at_mut(self.n);
            if seen.contains(&key) {
                return false;
            }
            if let Some(slot) = free.first_mut() {
                *slot = key;
            }
            self.n += 1;
            return true;
        }
        self.many
            .get_or_insert_with(|| self.inline.iter().cloned().collect())
            .insert(key)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if let Some(why) = lenient_timestamp(v) {
            let mut st = self.state.borrow_mut();
            st.timestamp = Some((st.path.clone(), why));
            return Err(E::custom("timestamp not RFC 3339"));
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            self.push(|| Seg::Index(i));
            let r = self.mark(seq.next_element_seed(self));
            self.pop();
            match r? {
                Some(()) => i += 1,
                None => return Ok(()),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = SeenKeys::new();
        while let Some(Key(key)) = self.mark(map.next_key::<Key<'de>>())? {
            self.push(|| Seg::Key(Cow::Owned(key.to_string())));
            if !seen.insert(key) {
                let mut st = self.state.borrow_mut();
                st.duplicate = Some(st.path.clone());
                return Err(de::Error::custom("duplicate key"));
            }
            let r = self.mark(map.next_value_seed(self));
            self.pop();
            r?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// One strict pass (cargo feature `json-fast-path`): the typed read itself refuses what the
// key-checking walk refuses.
//
// [`Strict`] wraps serde_json's deserializer and hands every visitor a wrapper that refuses a
// repeated object key and a string value that is a timestamp chrono reads but RFC 3339 does
// not ([`lenient_timestamp`]); values the typed reader skips are walked by [`Walk`]. It is
// never more lenient than the walk plus the typed read (a key it cannot see as a string is a
// failure too), and its errors carry no path: any failure repeats the read the old way
// (walk, then a tracked read), which names the field. So the valid document, the common case,
// is read once instead of twice, with the same result.

#[cfg(feature = "json-fast-path")]
mod strict {
    use super::*;

    /// A deserializer whose visitors refuse duplicate keys and lenient timestamps.
    pub(super) struct Strict<D>(pub(super) D);

    /// A `DeserializeSeed` read through [`Strict`].
    struct StrictSeed<S>(S);

    impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictSeed<S> {
        type Value = S::Value;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
            self.0.deserialize(Strict(d))
        }
    }

    /// Calls `$forward!` with every `Deserializer` method that takes a visitor, except
    /// `deserialize_ignored_any` (which [`Strict`] implements itself), and their extra
    /// arguments: the one list both wrapping deserializers forward.
    macro_rules! every_deserialize_method {
        ($forward:ident) => {
            $forward! {
                deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
                deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
                deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
                deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
                deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
                deserialize_option(), deserialize_unit(), deserialize_seq(), deserialize_map(),
                deserialize_identifier(),
                deserialize_unit_struct(name: &'static str),
                deserialize_newtype_struct(name: &'static str),
                deserialize_tuple(len: usize),
                deserialize_tuple_struct(name: &'static str, len: usize),
                deserialize_struct(name: &'static str, fields: &'static [&'static str]),
                deserialize_enum(name: &'static str, variants: &'static [&'static str]),
            }
        };
    }

    macro_rules! strict_forward {
        ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
            $(
                fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* v: V) -> Result<V::Value, D::Error> {
                    self.0.$method($($arg,)* StrictVisitor(v))
                }
            )*
        };
    }

    impl<'de, D: de::Deserializer<'de>> de::Deserializer<'de> for Strict<D> {
        type Error = D::Error;

        every_deserialize_method!(strict_forward);

        /// A skipped value is still checked, by the walk.
        fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
            let state = RefCell::new(WalkState::default());
            self.0.deserialize_any(Walk { state: &state })?;
            v.visit_unit()
        }

        fn is_human_readable(&self) -> bool {
            self.0.is_human_readable()
        }
    }

    /// A visitor that checks string values and wraps nested maps, sequences and enums.
    struct StrictVisitor<V>(V);

    /// Refuse a string value the walk would refuse (see [`lenient_timestamp`]).
    fn strict_str<E: de::Error>(v: &str) -> Result<(), E> {
        match lenient_timestamp(v) {
            Some(_) => Err(E::custom("timestamp not RFC 3339")),
            None => Ok(()),
        }
    }

    fn strict_bytes<E: de::Error>(v: &[u8]) -> Result<(), E> {
        std::str::from_utf8(v).map_or(Ok(()), strict_str)
    }

    macro_rules! visit_forward {
        ($($method:ident($ty:ty)),* $(,)?) => {
            $(
                fn $method<E: de::Error>(self, x: $ty) -> Result<V::Value, E> {
                    self.0.$method(x)
                }
            )*
        };
    }

    impl<'de, V: Visitor<'de>> Visitor<'de> for StrictVisitor<V> {
        type Value = V::Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.expecting(f)
        }

        visit_forward! {
            visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
            visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
            visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char),
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
            strict_str(v)?;
            self.0.visit_str(v)
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
            strict_str(v)?;
            self.0.visit_borrowed_str(v)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
            strict_str(&v)?;
            self.0.visit_string(v)
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
            strict_bytes(v)?;
            self.0.visit_bytes(v)
        }
        fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
            strict_bytes(v)?;
            self.0.visit_borrowed_bytes(v)
        }
        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
            strict_bytes(&v)?;
            self.0.visit_byte_buf(v)
        }
        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_none()
        }
        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_unit()
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.0.visit_some(Strict(d))
        }
        fn visit_newtype_struct<D: de::Deserializer<'de>>(
            self,
            d: D,
        ) -> Result<V::Value, D::Error> {
            self.0.visit_newtype_struct(Strict(d))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            self.0.visit_seq(StrictSeq(seq))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.0.visit_map(StrictMap {
                map,
                seen: SeenKeys::new(),
            })
        }
        fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
            self.0.visit_enum(StrictEnum(data))
        }
    }

    struct StrictSeq<A>(A);

    impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<A> {
        type Error = A::Error;
        fn next_element_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<Option<S::Value>, A::Error> {
            self.0.next_element_seed(StrictSeed(seed))
        }
        fn size_hint(&self) -> Option<usize> {
            self.0.size_hint()
        }
    }

    /// An object's members: each key must be seen as a string and appear once.
    struct StrictMap<'de, A> {
        map: A,
        seen: SeenKeys<'de>,
    }

    impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<'de, A> {
        type Error = A::Error;
        fn next_key_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<Option<S::Value>, A::Error> {
            let mut key = None;
            let r = self.map.next_key_seed(KeySeed {
                seed,
                key: &mut key,
            })?;
            if r.is_none() {
                return Ok(None);
            }
            let Some(key) = key else {
                return Err(de::Error::custom("object key not read as a string"));
            };
            if !self.seen.insert(key) {
                return Err(de::Error::custom("duplicate key"));
            }
            Ok(r)
        }
        fn next_value_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<S::Value, A::Error> {
            self.map.next_value_seed(StrictSeed(seed))
        }
        fn size_hint(&self) -> Option<usize> {
            self.map.size_hint()
        }
    }

    struct StrictEnum<A>(A);

    impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for StrictEnum<A> {
        type Error = A::Error;
        type Variant = StrictVariant<A::Variant>;
        fn variant_seed<S: DeserializeSeed<'de>>(
            self,
            seed: S,
        ) -> Result<(S::Value, Self::Variant), A::Error> {
            // The variant name is checked like a string value (stricter than the walk for
            // `{"variant": ...}`: a refusal only means the slow path runs).
            let (v, rest) = self.0.variant_seed(StrictSeed(seed))?;
            Ok((v, StrictVariant(rest)))
        }
    }

    struct StrictVariant<A>(A);

    impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for StrictVariant<A> {
        type Error = A::Error;
        fn unit_variant(self) -> Result<(), A::Error> {
            self.0.unit_variant()
        }
        fn newtype_variant_seed<S: DeserializeSeed<'de>>(
            self,
            seed: S,
        ) -> Result<S::Value, A::Error> {
            self.0.newtype_variant_seed(StrictSeed(seed))
        }
        fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, A::Error> {
            self.0.tuple_variant(len, StrictVisitor(v))
        }
        fn struct_variant<V: Visitor<'de>>(
            self,
            fields: &'static [&'static str],
            v: V,
        ) -> Result<V::Value, A::Error> {
            self.0.struct_variant(fields, StrictVisitor(v))
        }
    }

    /// The seed of an object key: reads it through [`KeyDe`], which notes the key's text.
    struct KeySeed<'k, 'de, S> {
        seed: S,
        key: &'k mut Option<Cow<'de, str>>,
    }

    impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, 'de, S> {
        type Value = S::Value;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
            self.seed.deserialize(KeyDe { d, key: self.key })
        }
    }

    /// An object key's deserializer: whatever the reader asks for, the key's text is noted when
    /// it is visited as a string (a key read any other way leaves it unnoted: a failure).
    struct KeyDe<'k, 'de, D> {
        d: D,
        key: &'k mut Option<Cow<'de, str>>,
    }

    macro_rules! key_forward {
        ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
            $(
                fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* v: V) -> Result<V::Value, D::Error> {
                    self.d.$method($($arg,)* KeyVisitor { v, key: self.key })
                }
            )*
        };
    }

    impl<'de, D: de::Deserializer<'de>> de::Deserializer<'de> for KeyDe<'_, 'de, D> {
        type Error = D::Error;

        every_deserialize_method!(key_forward);
        key_forward!(deserialize_ignored_any());

        fn is_human_readable(&self) -> bool {
            self.d.is_human_readable()
        }
    }

    struct KeyVisitor<'k, 'de, V> {
        v: V,
        key: &'k mut Option<Cow<'de, str>>,
    }

    macro_rules! key_visit_forward {
        ($($method:ident($ty:ty)),* $(,)?) => {
            $(
                fn $method<E: de::Error>(self, x: $ty) -> Result<V::Value, E> {
                    self.v.$method(x)
                }
            )*
        };
    }

    impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, 'de, V> {
        type Value = V::Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.v.expecting(f)
        }

        key_visit_forward! {
            visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
            visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
            visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char),
            visit_bytes(&[u8]), visit_byte_buf(Vec<u8>), visit_borrowed_bytes(&'de [u8]),
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
            *self.key = Some(Cow::Owned(v.to_owned()));
            self.v.visit_str(v)
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
            *self.key = Some(Cow::Borrowed(v));
            self.v.visit_borrowed_str(v)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
            *self.key = Some(Cow::Owned(v.clone()));
            self.v.visit_string(v)
        }
        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            self.v.visit_none()
        }
        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            self.v.visit_unit()
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.v.visit_some(KeyDe { d, key: self.key })
        }
        fn visit_newtype_struct<D: de::Deserializer<'de>>(
            self,
            d: D,
        ) -> Result<V::Value, D::Error> {
            self.v.visit_newtype_struct(KeyDe { d, key: self.key })
        }
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
            Err(de::Error::custom("object key not read as a string"))
        }
        fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
            Err(de::Error::custom("object key not read as a string"))
        }
        fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
            self.v.visit_enum(KeyEnum {
                data,
                key: self.key,
            })
        }
    }

    /// A key read as an enum (`BTreeMap<SomeEnum, _>`): the variant name is the key.
    struct KeyEnum<'k, 'de, A> {
        data: A,
        key: &'k mut Option<Cow<'de, str>>,
    }

    impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for KeyEnum<'_, 'de, A> {
        type Error = A::Error;
        type Variant = A::Variant;
        fn variant_seed<S: DeserializeSeed<'de>>(
            self,
            seed: S,
        ) -> Result<(S::Value, A::Variant), A::Error> {
            self.data.variant_seed(KeySeed {
                seed,
                key: self.key,
            })
        }
    }
}
#[cfg(feature = "json-fast-path")]
use strict::Strict;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        #[serde(default)]
        persons: BTreeMap<String, u64>,
        #[serde(default)]
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        n: u32,
    }

    fn err(json: &str) -> JsonError {
        from_str_strict::<Doc>(json).unwrap_err()
    }

    #[test]
    fn accepts_one_document_with_surrounding_whitespace() {
        let d: Doc = from_str_strict(" \n{\"name\":\"a\",\"persons\":{\"JP\":1}}\r\n\t").unwrap();
        assert_eq!(d.persons["JP"], 1);
    }

    /// chrono reads `+0900`, `+09` and ` UTC`; RFC 3339 does not, and the docs promise it.
    #[test]
    fn rejects_timestamps_that_are_not_rfc3339() {
        for (bad, why) in [
            ("2026-12-03T10:15:00+0900", "needs a colon"),
            ("2026-12-03T10:15:00-0500", "needs a colon"),
            ("2026-12-03 10:15:00 UTC", "not UTC"),
            ("2026-12-03T10:15:00 +09:00", "no spaces"),
        ] {
            let json = format!(r#"{{"name":"a","at":"{bad}"}}"#);
            let e = err(&json);
            assert_eq!(e.path, "at", "{bad}: {e}");
            assert_eq!(e.kind, JsonErrorKind::Data, "{bad}: {e}");
            assert!(e.message.contains(why), "{bad}: {e}");
            assert!(e.message.contains(&format!("{bad:?}")), "{bad}: {e}");
            // Deeper: the path names the element.
            let json =
                format!(r#"{{"name":"a","items":[{{"n":1}}],"persons":{{}},"x":["{bad}"]}}"#);
            assert_eq!(err(&json).path, "x[0]", "{bad}");
            // Secret documents name the field, never the value.
            let json = format!(r#"{{"name":"a","at":"{bad}"}}"#);
            let e = from_str_secret::<Doc>(&json, "contact").unwrap_err();
            assert_eq!(e.path, "at");
            assert!(!e.message.contains(bad), "{e}");
        }
        for good in [
            "2026-12-03T10:15:00+09:00",
            "2026-12-03T10:15:00Z",
            "2026-12-03t10:15:00.250z",
            "2026-12-03 10:15:00-05:00",
        ] {
            let d: Doc = from_str_strict(&format!(r#"{{"name":"a","at":"{good}"}}"#)).unwrap();
            assert!(d.at.is_some(), "{good}");
        }
        // Strings that only start like a date are no timestamps.
        for other in [
            "2026-12-03",
            "2026-12-03: meeting notes",
            "20261203101500+0900",
        ] {
            let d: Doc = from_str_strict(&format!(r#"{{"name":"{other}"}}"#)).unwrap();
            assert_eq!(d.name, other);
        }
    }

    #[test]
    fn rejects_trailing_data_and_concatenated_documents() {
        for bad in [
            r#"{"name":"a"} xyz"#,
            r#"{"name":"a"}{"name":"b"}"#,
            r#"{"name":"a"} {"name":"b"}"#,
            r#"{"name":"a"}}"#,
            r#"{"name":"a"},"#,
            r#"{"name":"a"} 1"#,
        ] {
            let e = err(bad);
            assert_eq!(e.kind, JsonErrorKind::TrailingData, "{bad}: {e}");
            assert_eq!(e.path, "$");
            assert!(e.message.contains("one document per call"), "{e}");
        }
    }

    /// The inline key list finds a repeat at every position, below, at and past the point
    /// where it moves to a hash set; both readers (the one strict pass and the walk, through
    /// `from_str_strict`'s fallback) refuse the repeated member and accept the object without it.
    #[test]
    fn seen_keys_finds_a_repeat_inline_and_past_the_linear_limit() {
        for n in [
            1,
            2,
            LINEAR_KEYS - 1,
            LINEAR_KEYS,
            LINEAR_KEYS + 1,
            2 * LINEAR_KEYS + 3,
        ] {
            let keys: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            let mut seen = SeenKeys::new();
            for k in &keys {
                assert!(seen.insert(Cow::Borrowed(k)), "{n} {k}");
            }
            for k in &keys {
                assert!(!seen.insert(Cow::Borrowed(k)), "{n} {k}");
            }
            assert!(seen.insert(Cow::Borrowed("")));
            let members: Vec<String> = keys.iter().map(|k| format!("\"{k}\":1")).collect();
            let ok = format!("{{{}}}", members.join(","));
            assert!(
                from_str_strict::<BTreeMap<String, u32>>(&ok).is_ok(),
                "{ok}"
            );
            for k in &keys {
                let doc = format!("{{{},\"{k}\":2}}", members.join(","));
                let e = from_str_strict::<BTreeMap<String, u32>>(&doc).unwrap_err();
                assert_eq!(e.path, *k, "{doc}");
            }
        }
    }

    #[test]
    fn rejects_duplicate_keys_at_any_depth() {
        let cases = [
            (r#"{"name":"a","name":"b"}"#, "name"),
            (r#"{"name":"a","persons":{"JP":1,"JP":2000}}"#, "persons.JP"),
            (
                r#"{"name":"a","items":[{"n":1},{"n":1,"n":2}]}"#,
                "items[1].n",
            ),
            (r#"{"name":"a","x":{"y":[{"z":1,"z":1}]}}"#, "x.y[0].z"),
            (
                r#"{"name":"a","persons":{"J\u0050":1,"JP":2}}"#,
                "persons.JP",
            ),
        ];
        for (bad, path) in cases {
            let e = err(bad);
            assert_eq!(e.kind, JsonErrorKind::DuplicateKey, "{bad}: {e}");
            assert_eq!(e.path, path, "{bad}");
        }
    }

    /// The one-pass read refuses what the walk refuses also where the typed reader looks at
    /// nothing itself: members it skips, map keys read as enums, values inside `Option`s and
    /// internally tagged enums.
    #[test]
    fn one_pass_checks_skipped_values_keys_and_tagged_enums() {
        #[derive(Debug, Deserialize)]
        struct Loose {
            #[serde(default)]
            by: BTreeMap<Kind, u32>,
            #[serde(default)]
            at: Option<String>,
            #[serde(default)]
            tagged: Option<Tagged>,
        }
        #[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
        enum Kind {
            A,
            B,
        }
        #[derive(Debug, Deserialize)]
        #[serde(tag = "t")]
        enum Tagged {
            X { v: String },
        }
        let read = |j: &str| from_str_strict::<Loose>(j);
        let ok = read(r#"{"by":{"A":1,"B":2},"at":"2026-12-03T10:15:00+09:00","skip":{"k":[1]}}"#)
            .unwrap();
        assert_eq!(ok.by.len(), 2);
        assert!(ok.at.is_some());
        let t = read(r#"{"tagged":{"t":"X","v":"x"}}"#).unwrap().tagged;
        assert!(matches!(t, Some(Tagged::X { v }) if v == "x"));
        for (bad, kind, path) in [
            (
                r#"{"skip":{"k":1,"k":2}}"#,
                JsonErrorKind::DuplicateKey,
                "skip.k",
            ),
            (
                r#"{"skip":[{"k":"2026-12-03T10:15:00+0900"}]}"#,
                JsonErrorKind::Data,
                "skip[0].k",
            ),
            (
                r#"{"by":{"A":1,"A":2}}"#,
                JsonErrorKind::DuplicateKey,
                "by.A",
            ),
            (
                r#"{"at":"2026-12-03 10:15:00 UTC"}"#,
                JsonErrorKind::Data,
                "at",
            ),
            (
                r#"{"tagged":{"t":"X","v":"x","v":"y"}}"#,
                JsonErrorKind::DuplicateKey,
                "tagged.v",
            ),
            (
                r#"{"tagged":{"t":"X","v":"2026-12-03T10:15:00+0900"}}"#,
                JsonErrorKind::Data,
                "tagged.v",
            ),
            (r#"{"at":null} {}"#, JsonErrorKind::TrailingData, "$"),
        ] {
            let e = read(bad).unwrap_err();
            assert_eq!((e.kind, e.path.as_str()), (kind, path), "{bad}: {e}");
            // The one pass itself refuses it (the thorough way only names the field).
            #[cfg(feature = "json-fast-path")]
            {
                let mut de = serde_json::Deserializer::from_str(bad);
                let one = Loose::deserialize(Strict(&mut de)).and_then(|_| de.end());
                assert!(one.is_err(), "{bad}");
            }
        }
    }

    #[test]
    fn errors_name_the_field_and_what_was_expected() {
        let e = err(r#"{"name":"a","at":"2026-12-03T10:15:00"}"#);
        assert_eq!(e.path, "at");
        assert!(
            e.message.contains("timestamp needs an offset, e.g. +09:00"),
            "{e}"
        );
        let e = err(r#"{"name":"a","at":"yesterday"}"#);
        assert_eq!(e.path, "at");
        assert!(e.message.contains("RFC 3339"), "{e}");
        let e = err(r#"{"persons":{}}"#);
        assert_eq!(e.path, "$");
        assert!(e.message.contains("missing field `name`"), "{e}");
        let e = err(r#"{"name":"a","items":[{"n":1},{"n":-1}]}"#);
        assert_eq!(e.path, "items[1].n");
        let e = err(r#"{"name":"a","persons":{"JP":1,"EU":"x"}}"#);
        assert_eq!(e.path, "persons.EU");
        let e = err(r#"{"name":"a","persons":{"JP":"#);
        assert_eq!(e.kind, JsonErrorKind::Truncated);
        let e = err(r#"{"name":"a","persons":{"JP":1,}}"#);
        assert_eq!(e.kind, JsonErrorKind::Syntax);
        assert_eq!(e.path, "persons");
    }

    #[test]
    fn secret_messages_never_quote_values() {
        let e = from_str_secret::<Doc>(
            r#"{"name":"090-1234-5678","items":[{"n":"090-1234"}]}"#,
            "contact",
        )
        .unwrap_err();
        assert_eq!(e.path, "items[0].n");
        assert!(!e.message.contains("090"), "{e}");
        assert!(e.message.contains("expected u32"), "{e}");
        let e = from_str_secret::<Doc>(r#"{"items":[]}"#, "contact").unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("$", "contact: missing field `name`")
        );
    }

    #[test]
    fn non_utf8_bytes_are_rejected() {
        let e = from_slice_strict::<Doc>(b"{\"name\":\"\xff\"}").unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::InvalidUtf8);
        assert!(e.message.contains("byte 9"), "{e}");
        let e = from_str_strict::<Doc>(r#"{"name":"\ud800"}"#).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::Syntax, "{e}");
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            "[a-zA-Z0-9 ぁ-ん\"\\\\]{0,6}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..5)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Every `"key":` position in `s` that starts an object member (outside strings).
    fn first_object_member(s: &str) -> Option<(usize, usize)> {
        // Find `{"k":` produced by serde_json's compact writer: the key follows `{`.
        let b = s.as_bytes();
        let mut in_str = false;
        let mut esc = false;
        for i in 0..b.len() {
            let c = b[i];
            if in_str {
                if esc {
                    esc = false;
                } else if c == b'\\' {
                    esc = true;
                } else if c == b'"' {
                    in_str = false;
                }
                continue;
            }
            if c == b'"' {
                in_str = true;
            } else if c == b'{' && b.get(i + 1) == Some(&b'"') {
                // The member ends at the matching `,` or `}` at depth 0 relative to it.
                let start = i + 1;
                let mut depth = 0i32;
                let (mut in_s, mut e2) = (false, false);
                for (j, &d) in b.iter().enumerate().skip(start) {
                    if in_s {
                        if e2 {
                            e2 = false;
                        } else if d == b'\\' {
                            e2 = true;
                        } else if d == b'"' {
                            in_s = false;
                        }
                        continue;
                    }
                    match d {
                        b'"' => in_s = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' if depth == 0 => return Some((start, j)),
                        b'}' | b']' => depth -= 1,
                        b',' if depth == 0 => return Some((start, j)),
                        _ => {}
                    }
                }
            }
        }
        None
    }

    /// A JSON object whose members use the keys `by`, `at`, `list` and `skip` (a typed reader
    /// reads, maps or skips them), with leaf values that include lenient timestamps and
    /// objects that may repeat a key.
    fn loose_document() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec![
            "1",
            "null",
            "\"x\"",
            "\"2026-12-03T10:15:00+09:00\"",
            "\"2026-12-03T10:15:00+0900\"",
            "\"2026-12-03 10:15:00\"",
        ]);
        let key = prop::sample::select(vec!["by", "at", "list", "skip", "k"]);
        let member = (key.clone(), leaf.clone()).prop_map(|(k, v)| format!("\"{k}\":{v}"));
        let object =
            prop::collection::vec(member, 0..4).prop_map(|m| format!("{{{}}}", m.join(",")));
        let value = prop_oneof![
            leaf.prop_map(str::to_string),
            object.clone(),
            prop::collection::vec(object, 0..3).prop_map(|o| format!("[{}]", o.join(","))),
        ];
        prop::collection::vec((key, value), 0..5).prop_map(|m| {
            let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            format!("{{{}}}", members.join(","))
        })
    }

    proptest! {
        /// Any serialised value parses back to itself; with trailing garbage or a second
        /// document it is rejected as trailing data; with a member repeated it is rejected as
        /// a duplicate key.
        #[test]
        fn strict_entry_point_properties(v in json_value(), tail in "[ \t\n]{1,2}[a-z0-9{}\\[\\]\",]{1,4}") {
            let s = serde_json::to_string(&v).unwrap();
            let back: serde_json::Value = from_str_strict(&s).unwrap();
            prop_assert_eq!(&back, &v);
            let padded = format!(" {s}\n");
            prop_assert_eq!(from_str_strict::<serde_json::Value>(&padded).unwrap(), v.clone());
            let e = from_str_strict::<serde_json::Value>(&format!("{s}\n{s}")).unwrap_err();
            prop_assert!(matches!(e.kind, JsonErrorKind::TrailingData | JsonErrorKind::Syntax), "{}", e);
            let with_tail = format!("{s}{tail}");
            prop_assert!(from_str_strict::<serde_json::Value>(&with_tail).is_err());
            if let Some((a, b)) = first_object_member(&s) {
                let member = &s[a..b];
                let dup = format!("{}{},{}", &s[..a], member, &s[a..]);
                let e = from_str_strict::<serde_json::Value>(&dup).unwrap_err();
                prop_assert_eq!(e.kind, JsonErrorKind::DuplicateKey, "{}", dup);
            }
        }

        /// The one strict pass never accepts what the key-checking walk refuses: documents
        /// built from keys a typed reader reads, skips or reads as map keys, and values with
        /// RFC 3339 and lenient timestamps, repeated keys and nesting.
        #[cfg(feature = "json-fast-path")]
        #[test]
        fn the_strict_pass_accepts_nothing_the_walk_refuses(doc in loose_document()) {
            #[derive(Deserialize)]
            #[allow(dead_code)]
            struct Loose {
                #[serde(default)]
                by: BTreeMap<String, serde_json::Value>,
                #[serde(default)]
                at: Option<String>,
                #[serde(default)]
                list: Vec<serde_json::Value>,
            }
            let mut de = serde_json::Deserializer::from_str(&doc);
            let strict = Loose::deserialize(strict::Strict(&mut de)).is_ok() && de.end().is_ok();
            if strict {
                prop_assert!(check_document(&doc, None).is_ok(), "{}", doc);
            }
        }

        /// Arbitrary bytes never panic the entry point, and whatever it accepts is what
        /// serde_json accepts.
        #[test]
        fn arbitrary_input_never_panics(s in "\\PC{0,40}") {
            let strict = from_str_strict::<serde_json::Value>(&s);
            if let Ok(v) = strict {
                prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
            }
        }
    }
}
