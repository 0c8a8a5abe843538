//! The phone-number normaliser: never a panic; output is E.164 (`+` and at most 15 digits) and a
//! fixed point (normalising it again, under any valid default region, gives itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori::vault::{LibPhoneNormalizer, MAX_PHONE_INPUT, Normalizer, fold_width, jurisdiction};

const REGIONS: [&str; 6] = ["JP", "US", "GB", "DE", "KR", "ZZ"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let region = REGIONS[usize::from(sel) % REGIONS.len()];
    let n = LibPhoneNormalizer;
    if let Some(folded) = fold_width(input) {
        assert!(
            folded.len() <= MAX_PHONE_INPUT,
            "fold_width result over the cap"
        );
    }
    let Some(e164) = n.normalize(input, region) else {
        return;
    };
    assert!(e164.starts_with('+'), "{e164:?} lacks '+'");
    let digits = &e164[1..];
    assert!(
        !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()),
        "not E.164: {e164:?}"
    );
    for r in &REGIONS[..5] {
        assert_eq!(
            n.normalize(&e164, r).as_deref(),
            Some(e164.as_str()),
            "E.164 {e164:?} is not a fixed point under region {r}"
        );
    }
    let _ = jurisdiction(&e164);
});
