//! The rule-pack loader: malformed packs are `RULE_PACK`/`INVALID_INPUT` errors, never a panic;
//! a pack that loads assesses the worked requests deterministically without panicking, and the
//! embedded default pack, loaded through the same path, answers exactly like `assess`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mamori::ErrorCode;
use mamori::breach::{AssessRequest, DEFAULT_PACK_JSON, RulePack, assess_json, assess_json_with};

const REQUESTS: [&str; 3] = [
    include_str!("../corpus/assess_json/lost_phone_1200.json"),
    include_str!("../corpus/assess_json/stolen_laptop_3.json"),
    include_str!("../corpus/assess_json/wiped_vault.json"),
];

fn default_agrees() -> bool {
    static ONCE: OnceLock<bool> = OnceLock::new();
    *ONCE.get_or_init(|| {
        let pack = RulePack::from_json(DEFAULT_PACK_JSON).expect("default pack loads");
        for r in REQUESTS {
            assert_eq!(
                assess_json_with(&pack, r).expect("assess"),
                assess_json(r).expect("assess"),
                "default pack via from_json differs from the embedded engine"
            );
        }
        true
    })
}

fuzz_target!(|data: &[u8]| {
    assert!(default_agrees());
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match RulePack::from_json(text) {
        Ok(pack) => {
            assert!(!pack.version().is_empty() || !pack.id().is_empty());
            for r in REQUESTS {
                let a = assess_json_with(&pack, r);
                let b = assess_json_with(&pack, r);
                match (a, b) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(a, b, "not deterministic");
                        let req: AssessRequest = serde_json::from_str(r).expect("request");
                        let out = serde_json::from_str(&a).expect("assessment JSON");
                        mamori_fuzz::check_pack_assessment(&req, &out);
                    }
                    (Err(e), Err(_)) => assert!(
                        !matches!(e.code(), ErrorCode::Panic),
                        "untyped error from a loaded pack: {e}"
                    ),
                    _ => panic!("same pack, same request, different outcome"),
                }
            }
        }
        Err(e) => assert!(
            matches!(e.code(), ErrorCode::RulePack | ErrorCode::InvalidInput),
            "pack error has code {:?}: {e}",
            e.code()
        ),
    }
});
