//! Algorithms the engine recognises for Japan's 高度な暗号化 (advanced encryption) exemption and
//! for "unintelligible data" safe harbours elsewhere.
//!
//! The PPC's reading (QM17-14; the APPI wording is seen in secondary sources) requires an
//! algorithm listed in the 電子政府推奨暗号リスト (CRYPTREC) or ISO/IEC 18033, correctly
//! implemented. Names are matched case-insensitively; `_` and spaces count as `-`, and the key
//! size may be written with or without a dash (`AES256-GCM`, `aes_256_gcm`, `XTS-AES-128`).
//!
//! | Name pattern | Cipher listed in | Mode |
//! |---|---|---|
//! | `AES[-128/192/256][-MODE]` | CRYPTREC 電子政府推奨暗号リスト (128-bit block ciphers); ISO/IEC 18033-3 | see below |
//! | `CAMELLIA[-128/192/256][-MODE]` | CRYPTREC 電子政府推奨暗号リスト; ISO/IEC 18033-3 | see below |
//! | `CHACHA20-POLY1305`, `XCHACHA20-POLY1305` | **not** on the CRYPTREC list nor in ISO/IEC 18033 (RFC 8439); accepted by mamori as equivalent-strength AEAD — flagged in the reasons | AEAD |
//!
//! Modes: `GCM`, `CCM` (CRYPTREC-listed authenticated encryption modes), `CBC`, `CTR`, `CFB`,
//! `OFB` (CRYPTREC-listed confidentiality modes), `XTS` (IEEE 1619 / NIST SP 800-38E, the
//! standard disk-encryption mode; not itself a CRYPTREC-listed mode, accepted because the
//! cipher is listed), `SIV`/`GCM-SIV` (RFC 5297 / 8452, likewise). A bare cipher name with no
//! mode (`AES-256`) is accepted. Anything else (`DES`, `3DES`, `RC4`, `AES-ECB`, `XOR`,
//! unknown names) is not recognised.

/// How an algorithm name was classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlgorithmClass {
    /// A cipher on the CRYPTREC list / ISO/IEC 18033 (AES, Camellia) in an accepted mode.
    Listed,
    /// Accepted by mamori but not itself on those lists (ChaCha20-Poly1305).
    AcceptedUnlisted,
    /// Not recognised.
    Unrecognised,
}

const MAX_LEN: usize = 48;

/// Classify an algorithm name (see the module docs for the accepted names).
pub fn classify_algorithm(name: &str) -> AlgorithmClass {
    let bytes = name.trim().as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_LEN {
        return AlgorithmClass::Unrecognised;
    }
    // Normalise into a stack buffer: upper case, `_`/space → `-`, split letters from a
    // following key size ("AES256" → "AES-256").
    let mut buf = [0u8; MAX_LEN * 2];
    let mut n = 0;
    let mut prev_alpha = false;
    for &b in bytes {
        let c = match b {
            b'_' | b' ' | b'/' => b'-',
            _ => b.to_ascii_uppercase(),
        };
        if !(c.is_ascii_alphanumeric() || c == b'-') {
            return AlgorithmClass::Unrecognised;
        }
        if prev_alpha && c.is_ascii_digit() && is_cipher_prefix(&buf[..n]) {
            buf[n] = b'-';
            n += 1;
        }
        prev_alpha = c.is_ascii_alphabetic();
        buf[n] = c;
        n += 1;
    }
    let norm = &buf[..n];
    if norm == b"CHACHA20-POLY1305" || norm == b"XCHACHA20-POLY1305" {
        return AlgorithmClass::AcceptedUnlisted;
    }
    let mut cipher = false;
    let mut size = false;
    let mut mode = false;
    let mut siv_after_gcm = false;
    for tok in norm.split(|&c| c == b'-').filter(|t| !t.is_empty()) {
        match tok {
            b"AES" | b"CAMELLIA" if !cipher => cipher = true,
            b"128" | b"192" | b"256" if !size => size = true,
            b"GCM" | b"CCM" | b"CBC" | b"CTR" | b"CFB" | b"OFB" | b"XTS" | b"SIV" if !mode => {
                mode = true
            }
            b"SIV" if mode && !siv_after_gcm => siv_after_gcm = true,
            _ => return AlgorithmClass::Unrecognised,
        }
    }
    if cipher {
        AlgorithmClass::Listed
    } else {
        AlgorithmClass::Unrecognised
    }
}

fn is_cipher_prefix(s: &[u8]) -> bool {
    s.ends_with(b"AES") || s.ends_with(b"CAMELLIA")
}

/// Whether the name is a recognised algorithm (listed or accepted).
pub fn is_recognised_algorithm(name: &str) -> bool {
    classify_algorithm(name) != AlgorithmClass::Unrecognised
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_names() {
        for n in [
            "AES-256-GCM",
            "aes-128-gcm",
            "AES_256_CBC",
            "aes256-ctr",
            "XTS-AES-128",
            "AES-256-XTS",
            "AES-256",
            "AES",
            "Camellia-256-GCM",
            "aes-256-gcm-siv",
            "AES 192 CCM",
        ] {
            assert_eq!(classify_algorithm(n), AlgorithmClass::Listed, "{n}");
        }
        assert_eq!(
            classify_algorithm("ChaCha20-Poly1305"),
            AlgorithmClass::AcceptedUnlisted
        );
        assert_eq!(
            classify_algorithm("xchacha20_poly1305"),
            AlgorithmClass::AcceptedUnlisted
        );
    }

    #[test]
    fn rejected_names() {
        for n in [
            "",
            "DES",
            "3DES",
            "RC4",
            "AES-ECB",
            "AES-512-GCM",
            "AES-256-GCM-GCM",
            "AES-AES",
            "ROT13",
            "XOR",
            "none",
            "AES-256-GCM\u{0}",
            "ＡＥＳ",
            "AES-256-GCM-with-a-very-long-suffix-that-goes-on-and-on",
        ] {
            assert_eq!(classify_algorithm(n), AlgorithmClass::Unrecognised, "{n}");
        }
    }
}
