//! Incident event logs (`mamori.incident.v1`) and events: never a panic; errors are typed;
//! folding is deterministic; a log round-trips through JSON; a log the library appended an
//! event to reloads (append-time and replay-time validation agree) with one more event.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori::ErrorCode;
use mamori::incident::{AppendResult, Incident, append_json, state_json};

fn typed(e: &mamori::Error) {
    assert!(
        !matches!(e.code(), ErrorCode::Internal | ErrorCode::Panic),
        "untyped error: {e}"
    );
}

fuzz_target!(|data: &[u8]| {
    // <incident log JSON> [NUL <event JSON>]
    let (log, event) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(log) = std::str::from_utf8(log) else {
        return;
    };
    match state_json(log) {
        Ok(state) => {
            assert_eq!(state_json(log).expect("deterministic"), state);
            let inc = Incident::from_json(log).expect("state_json accepted the log");
            let again = serde_json::to_string(&inc).expect("serialises");
            assert_eq!(
                state_json(&again).expect("round-tripped log loads"),
                state,
                "state changes after a JSON round trip"
            );
            if let Some(Ok(ev)) = event.map(std::str::from_utf8) {
                match append_json(log, ev) {
                    Ok(out) => {
                        let r: AppendResult = serde_json::from_str(&out).expect("append result");
                        assert_eq!(r.incident.events.len(), inc.events.len() + 1);
                        let new_log = serde_json::to_string(&r.incident).expect("serialises");
                        if let Err(e) = state_json(&new_log) {
                            panic!("appended log does not reload: {e}");
                        }
                    }
                    Err(e) => typed(&e),
                }
            }
        }
        Err(e) => typed(&e),
    }
});
