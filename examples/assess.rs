//! Print the assessment for a `mamori.assess.v1` request.
//!
//! ```text
//! cargo run --example assess -- examples/requests/lost_phone_1200.json
//! cat request.json | cargo run --example assess -- -
//! ```

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!("usage: assess <request.json | ->");
        return ExitCode::from(2);
    };
    let input = if arg == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("cannot read stdin: {e}");
            return ExitCode::from(2);
        }
        s
    } else {
        match std::fs::read_to_string(&arg) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("cannot read {arg}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let result = mamori::breach::parse_request(&input).and_then(|r| mamori::breach::assess(&r));
    match result {
        Ok(a) => match serde_json::to_string_pretty(&a) {
            Ok(s) => {
                // A closed pipe (e.g. `| head`) is not an error worth a panic.
                let _ = writeln!(std::io::stdout().lock(), "{s}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot serialise: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error {} ({}): {e}", e.code().as_u32(), e.code().name());
            ExitCode::FAILURE
        }
    }
}
