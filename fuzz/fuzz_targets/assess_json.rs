//! `mamori.assess.v1` JSON as bytes: never a panic; a parsed request is assessed
//! deterministically, satisfies the engine's invariants, and is offset-independent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori::breach::AssessRequest;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match mamori::error::from_json::<AssessRequest>(text) {
        Ok(req) => {
            // A request that parses must be assessed (or rejected with a typed error, e.g. a
            // wrong schema tag) without panicking.
            mamori_fuzz::assess_and_check(&req);
        }
        Err(e) => {
            // Bad input is a typed error that names where it is.
            assert_eq!(e.code(), mamori::ErrorCode::InvalidInput, "{e}");
        }
    }
});
