//! Phone-number normalisation to E.164 behind a small trait.
//!
//! The default [`LibPhoneNormalizer`] folds full-width / NFKC-compatible characters
//! (`０９０－１２３４－５６７８`), caps the input length, takes a fast path for input that is
//! already canonical E.164 (`+819012345678`), and otherwise parses with the `rlibphonenumber`
//! port of libphonenumber (built with its `lite` regex engine) under a default region.

use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat, Region};

/// Inputs longer than this many bytes are refused before any parsing (a 10 MB string is a
/// quick error, not a slow parse).
pub const MAX_PHONE_INPUT: usize = 128;

/// Turns a phone number as typed or as delivered by the telephony stack into E.164.
///
/// The id and version are recorded in the vault header; when they change, the vault
/// rebuilds its caller-ID index on the next writable open.
pub trait Normalizer: Send + Sync {
    /// A short stable identifier, e.g. `"rlibphonenumber-lite"` (at most 23 ASCII bytes
    /// together with [`Normalizer::version`] plus a `/`; see the file format).
    fn id(&self) -> &str;
    /// The version of the normaliser *and its metadata*; a change triggers an index rebuild.
    fn version(&self) -> &str;
    /// The E.164 form (`+` and digits) of `input`, or `None` if it is not a phone number.
    /// `default_region` is an ISO 3166 alpha-2 code such as `"JP"`. Must never panic.
    fn normalize(&self, input: &str, default_region: &str) -> Option<String>;
    /// [`Normalizer::normalize`], plus the extension (its digits) when `input` names one
    /// (`03-1234-5678 内線123`, `ext. 12`, `x12`, `#12`, `,12`, `;ext=12`): the E.164 form is
    /// the main number's, so a caller-ID lookup of the main number finds the contact, and
    /// the vault keeps the extension with the contact (`+81312345678;ext=123`). The default
    /// recognises no extension.
    fn normalize_with_extension(
        &self,
        input: &str,
        default_region: &str,
    ) -> Option<(String, Option<String>)> {
        self.normalize(input, default_region).map(|e| (e, None))
    }
    /// Whether `region` (ISO 3166 alpha-2) is one this normaliser has numbering metadata
    /// for; a vault's `default_region` must be one. The default accepts every code.
    fn knows_region(&self, region: &str) -> bool {
        let _ = region;
        true
    }
}

/// The separator between a stored number's E.164 form and its extension (RFC 3966's `ext`
/// parameter): `+81312345678;ext=123`.
pub const EXTENSION_SEPARATOR: &str = ";ext=";

/// The main number of a stored phone: `+81312345678` for `+81312345678;ext=123` (what the
/// caller-ID index, the call directory and the jurisdiction count use).
pub fn main_number(stored: &str) -> &str {
    stored
        .find(EXTENSION_SEPARATOR)
        .map_or(stored, |i| &stored[..i])
}

/// `03-1234-5678 内線123` (also `（内線：123）`, already width-folded) → the number before
/// `内線` and the extension's digits. `None` when `内線` is not followed by digits and
/// nothing else, which is then not a phone number; `Some((input, None))` without `内線`.
fn split_naisen(s: &str) -> Option<(&str, Option<&str>)> {
    let Some(i) = s.find("内線") else {
        return Some((s, None));
    };
    let main = s[..i].trim_end().trim_end_matches('(').trim_end();
    let rest = s[i + "内線".len()..].trim_start_matches([' ', ':', '.']);
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[n..].trim().trim_start_matches(')').trim();
    (n > 0 && after.is_empty()).then_some((main, Some(&rest[..n])))
}

/// The default normaliser: `rlibphonenumber` (libphonenumber metadata) with full-width folding.
#[derive(Debug, Clone, Copy, Default)]
pub struct LibPhoneNormalizer;

/// Fold full-width and other compatibility forms that appear in typed Japanese numbers to
/// ASCII: U+FF01..U+FF5E → U+0021..U+007E, ideographic space → space, the dash family
/// (‐ ‑ ‒ – — ― − ー ｰ) → `-`. Returns `None` if the result would not fit the length cap.
pub fn fold_width(input: &str) -> Option<String> {
    let mut out = String::with_capacity(input.len().min(MAX_PHONE_INPUT));
    for ch in input.chars() {
        let c = match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '\u{3000}' => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' => '-',
            c => c,
        };
        out.push(c);
        if out.len() > MAX_PHONE_INPUT {
            return None;
        }
    }
    Some(out)
}

/// The length (1–3) of the country calling code that starts `digits`, if any. Calling codes
/// are prefix-free, so the first prefix that names a code is the code.
fn cc_len(digits: &[u8]) -> Option<usize> {
    // Which of 0..1000 are calling codes, read once from the metadata (a caller-ID lookup
    // would otherwise pay up to three hash-map probes here).
    static CODES: std::sync::OnceLock<[bool; 1000]> = std::sync::OnceLock::new();
    let codes = CODES.get_or_init(|| {
        let mut t = [false; 1000];
        for (cc, slot) in t.iter_mut().enumerate() {
            *slot = PHONE_NUMBER_UTIL
                .get_region_for_country_code(cc as i32)
                .is_some();
        }
        t
    });
    let mut cc = 0usize;
    for (n, d) in digits.iter().take(3).enumerate() {
        cc = cc * 10 + usize::from(d - b'0');
        if codes[cc] {
            return Some(n + 1);
        }
    }
    None
}

/// Input that is already canonical E.164: `+`, 7–15 ASCII digits, a known country calling
/// code, and no `0` right after it (libphonenumber may strip such a `0` as a national
/// prefix; those inputs take the full parse). Such input is its own E.164 form.
fn fast_e164(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || b.len() > 16 || b[0] != b'+' {
        return false;
    }
    let d = &b[1..];
    if !d.iter().all(u8::is_ascii_digit) || d[0] == b'0' {
        return false;
    }
    matches!(cc_len(d), Some(n) if d[n] != b'0')
}

/// Japanese mobile numbers in national format (`070`/`080`/`090` + 8 digits, optionally
/// separated by ASCII spaces or hyphens) when the default region is JP: the E.164 form is
/// `+81` and the number without its trunk `0` — exactly what the full parse returns (checked
/// by the tests), without its cost.
fn fast_jp_mobile(s: &str, region: &str) -> Option<String> {
    if region != "JP" || s.len() > 15 {
        return None;
    }
    let mut digits = [0u8; 11];
    let mut n = 0;
    for &c in s.as_bytes() {
        match c {
            b'0'..=b'9' => {
                if n == 11 {
                    return None;
                }
                digits[n] = c;
                n += 1;
            }
            b'-' | b' ' if n > 0 => {}
            _ => return None,
        }
    }
    if n != 11 || digits[0] != b'0' || !matches!(digits[1], b'7' | b'8' | b'9') || digits[2] != b'0'
    {
        return None;
    }
    let mut out = String::with_capacity(13);
    out.push_str("+81");
    out.push_str(std::str::from_utf8(&digits[1..]).ok()?);
    Some(out)
}

/// The full libphonenumber parse of `input` (already width-folded), formatted as E.164, or `None`
/// when it is not a possible number or the result is not valid E.164 (`+`, a non-zero first
/// digit, at most 15 digits). Panics inside the port are contained.
fn full_parse(input: &str, region: Option<Region>) -> Option<String> {
    full_parse_ext(input, region).map(|(e, _)| e)
}

/// [`full_parse`], plus the extension libphonenumber read (`ext. 12`, `x12`, `#12`, ...).
fn full_parse_ext(input: &str, region: Option<Region>) -> Option<(String, Option<String>)> {
    let (parsed, ext) = std::panic::catch_unwind(|| {
        let pn = PHONE_NUMBER_UTIL.parse(input, region).ok()?;
        // Only numbers of a possible length for their country are indexed ("内線 123" has
        // digits but is not a phone number).
        if pn.national_number == 0 || !PHONE_NUMBER_UTIL.is_possible_number(&pn) {
            return None;
        }
        let ext = pn
            .extension
            .as_deref()
            .filter(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned);
        Some((
            PHONE_NUMBER_UTIL
                .format(&pn, PhoneNumberFormat::E164)
                .into_owned(),
            ext,
        ))
    })
    .ok()
    .flatten()?;
    let b = parsed.as_bytes();
    let valid = (3..=16).contains(&b.len())
        && b[0] == b'+'
        && b[1] != b'0'
        && b[1..].iter().all(u8::is_ascii_digit);
    valid.then_some((parsed, ext))
}

impl Normalizer for LibPhoneNormalizer {
    fn id(&self) -> &str {
        "rlibphonenumber-lite"
    }

    fn version(&self) -> &str {
        // The crate version pins its bundled metadata; `+ext`: extensions are split off (a
        // vault written before is re-indexed on its next writable open, so its `内線`
        // numbers become findable).
        "2.2+ext"
    }

    fn normalize(&self, input: &str, default_region: &str) -> Option<String> {
        self.normalize_with_extension(input, default_region)
            .map(|(e, _)| e)
    }

    fn normalize_with_extension(
        &self,
        input: &str,
        default_region: &str,
    ) -> Option<(String, Option<String>)> {
        if input.len() > MAX_PHONE_INPUT * 4 {
            return None;
        }
        if fast_e164(input) {
            return Some((input.to_string(), None));
        }
        if let Some(e) = fast_jp_mobile(input, default_region) {
            return Some((e, None));
        }
        let folded = fold_width(input)?;
        let (folded, naisen) = split_naisen(folded.trim())?;
        let naisen = naisen.map(str::to_owned);
        if folded.is_empty() || !folded.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        if fast_e164(folded) {
            return Some((folded.to_string(), naisen));
        }
        if let Some(e) = fast_jp_mobile(folded, default_region) {
            return Some((e, naisen));
        }
        // `00` is the ITU-recommended international prefix (Japan's own is `010`, which the
        // metadata handles); treat a leading `00` as `+`.
        let plus;
        let folded = match folded.strip_prefix("00") {
            Some(rest) if !rest.starts_with('0') => {
                plus = format!("+{rest}");
                plus.as_str()
            }
            _ => folded,
        };
        let region = Region::from_code(default_region).ok();
        let (e164, ext) = full_parse_ext(folded, region)?;
        // A stored number and a looked-up number must meet at the same key, so the canonical
        // form must be its own normal form. libphonenumber strips what it reads as a national
        // prefix after some country codes (`+810005…` → `+81005…`), so such an output is not
        // stable: it is not indexed. Outputs the fast path accepts are fixed points by
        // construction; the rest are parsed once more.
        if !fast_e164(&e164) && full_parse(&e164, region).as_deref() != Some(e164.as_str()) {
            return None;
        }
        // `内線` and a second, ASCII extension marker: not one number.
        if naisen.is_some() && ext.is_some() {
            return None;
        }
        Some((e164, naisen.or(ext)))
    }

    fn knows_region(&self, region: &str) -> bool {
        Region::from_code(region)
            .ok()
            .is_some_and(|r| PHONE_NUMBER_UTIL.get_country_code_for_region(r).is_some())
    }
}

/// The jurisdiction (ISO 3166 alpha-2 code of the main region of the country calling code)
/// of an E.164 number, e.g. `+8190…` → `"JP"`, `+1…` → `"US"`. Country calling codes are
/// prefix-free, so the first 1–3 digits that name a code decide.
pub fn jurisdiction(e164: &str) -> Option<String> {
    let d = e164.strip_prefix('+')?;
    for n in 1..=3 {
        let cc: i32 = d.get(..n)?.parse().ok()?;
        if let Some(r) = PHONE_NUMBER_UTIL.get_region_for_country_code(cc) {
            let s = r.to_string();
            if s == "001" {
                return Some("international".to_string());
            }
            return Some(s);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regressions found by the `phone_normalize` fuzz target: the output must be valid E.164
    /// (at most 15 digits) and its own normal form under any default region, or lookups of a
    /// stored number could miss it.
    #[test]
    fn outputs_are_valid_e164_fixed_points() {
        let n = LibPhoneNormalizer;
        let cases = [
            ("901-04901-04-4-4-56#8", "JP"),
            ("00005100005013", "JP"),
            ("\u{0}0004906", "DE"),
            ("+810005100005013", "JP"),
            ("090-1234-5678", "JP"),
            ("+81 3-1234-5678", "US"),
            ("0120-123-456", "JP"),
        ];
        let mut some = 0;
        for (input, region) in cases {
            let Some(e) = n.normalize(input, region) else {
                continue;
            };
            some += 1;
            let digits = &e[1..];
            assert!(
                e.starts_with('+') && !digits.starts_with('0'),
                "{input:?} -> {e:?}"
            );
            assert!(
                digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{input:?} -> {e:?}"
            );
            for r in ["JP", "DE", "US", "GB"] {
                assert_eq!(
                    n.normalize(&e, r).as_deref(),
                    Some(e.as_str()),
                    "{input:?} -> {e:?} under {r}"
                );
            }
        }
        // The well-formed numbers above must still normalise.
        assert!(some >= 3, "only {some} inputs normalised");
    }

    /// The full parse, bypassing the fast paths.
    fn slow(input: &str) -> Option<String> {
        let pn = PHONE_NUMBER_UTIL
            .parse(input, Region::from_code("JP").ok())
            .ok()?;
        PHONE_NUMBER_UTIL.is_possible_number(&pn).then(|| {
            PHONE_NUMBER_UTIL
                .format(&pn, PhoneNumberFormat::E164)
                .into_owned()
        })
    }

    #[test]
    fn fast_paths_agree_with_the_full_parse() {
        let n = LibPhoneNormalizer;
        let mut x: u64 = 0x5EED;
        for i in 0..3000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let prefix = ["070", "080", "090"][(x >> 60) as usize % 3];
            let rest = (x >> 20) % 100_000_000;
            let national = format!("{prefix}{rest:08}");
            let dashed = format!("{prefix}-{:04}-{:04}", rest / 10_000, rest % 10_000);
            let e164 = format!("+81{}{rest:08}", &prefix[1..]);
            let want = slow(&national);
            assert_eq!(want.as_deref(), Some(e164.as_str()), "{national}");
            assert!(fast_jp_mobile(&national, "JP").is_some());
            assert!(fast_e164(&e164), "{e164}");
            assert_eq!(n.normalize(&national, "JP"), want, "{national}");
            assert_eq!(n.normalize(&dashed, "JP"), want, "{dashed}");
            assert_eq!(n.normalize(&e164, "JP"), want, "{e164}");
            if i % 10 == 0 {
                // Other countries' canonical E.164 through the fast path equals the parse.
                let other = format!("+1415{:07}", rest % 10_000_000);
                if let Some(w) = slow(&other) {
                    assert_eq!(n.normalize(&other, "JP"), Some(w));
                }
            }
        }
        assert!(!fast_e164("+8109012345678"));
        assert_eq!(
            n.normalize("+81 090 1234 5678", "JP").as_deref(),
            Some("+819012345678")
        );
        assert_eq!(fast_jp_mobile("090-1234-5678", "US"), None);
    }

    #[test]
    fn extensions_split_off() {
        let n = LibPhoneNormalizer;
        let main = "+81312345678".to_string();
        for (s, ext) in [
            ("03-1234-5678 内線123", "123"),
            ("03-1234-5678内線 123", "123"),
            ("03-1234-5678 (内線:123)", "123"),
            ("０３－１２３４－５６７８（内線１２３）", "123"),
            ("03-1234-5678 ext. 123", "123"),
            ("03-1234-5678 x123", "123"),
            ("03-1234-5678 #123", "123"),
            ("03-1234-5678,123", "123"),
            ("+81312345678;ext=123", "123"),
        ] {
            assert_eq!(
                n.normalize_with_extension(s, "JP"),
                Some((main.clone(), Some(ext.to_string()))),
                "{s}"
            );
            assert_eq!(n.normalize(s, "JP"), Some(main.clone()), "{s}");
        }
        assert_eq!(
            n.normalize_with_extension("03-1234-5678", "JP"),
            Some((main, None))
        );
        for not_one in [
            "内線123",
            "03-1234-5678 内線",
            "03-1234-5678 内線12 ext. 3",
            "03-1234-5678 内線12号",
        ] {
            assert_eq!(n.normalize_with_extension(not_one, "JP"), None, "{not_one}");
        }
        assert_eq!(main_number("+81312345678;ext=123"), "+81312345678");
        assert_eq!(main_number("+81312345678"), "+81312345678");
        assert!(n.knows_region("JP") && n.knows_region("GB"));
        assert!(!n.knows_region("XX") && !n.knows_region("EU") && !n.knows_region("001"));
    }

    #[test]
    fn japanese_formats_agree() {
        let n = LibPhoneNormalizer;
        let want = Some("+819012345678".to_string());
        for s in [
            "090-1234-5678",
            "+81 90 1234 5678",
            "+819012345678",
            "00819012345678",
            "０９０－１２３４－５６７８",
            "(090) 1234 5678",
            "+81 090 1234 5678",
        ] {
            assert_eq!(n.normalize(s, "JP"), want, "{s}");
        }
        assert_eq!(
            n.normalize("03-1234-5678", "JP").as_deref(),
            Some("+81312345678")
        );
        assert_eq!(n.normalize("😀😀😀", "JP"), None);
        assert_eq!(n.normalize(&"9".repeat(10_000_000), "JP"), None);
        assert_eq!(n.normalize("", "JP"), None);
        assert_eq!(jurisdiction("+819012345678").as_deref(), Some("JP"));
        assert_eq!(jurisdiction("+14155550100").as_deref(), Some("US"));
        assert_eq!(jurisdiction("+447700900123").as_deref(), Some("GB"));
    }
}
