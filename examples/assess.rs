//! Print the assessment for a `mamori.assess.v1` request.
//!
//! ```text
//! cargo run --example assess -- examples/requests/lost_phone_1200.json
//! cargo run --example assess -- --plan examples/requests/us_unknown_state_jp.json
//! cargo run --example assess -- --plan --lang ja examples/requests/us_unknown_state_jp.json
//! cat request.json | cargo run --example assess -- -
//! ```
//!
//! `--plan` asks for `detail: "plan"` and prints the response plan as text (one line per
//! group, first thing to do first); `--lang ja|en` sets the request's language.

use std::io::{Read, Write};
use std::process::ExitCode;

use mamori::breach::{Assessment, Detail, Lang};

struct Args {
    plan: bool,
    lang: Option<Lang>,
    input: String,
}

fn args() -> Option<Args> {
    let mut plan = false;
    let mut lang = None;
    let mut input = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--plan" => plan = true,
            "--lang" => {
                lang = Some(match it.next()?.as_str() {
                    "ja" => Lang::Ja,
                    "en" => Lang::En,
                    _ => return None,
                })
            }
            _ if input.is_none() => input = Some(a),
            _ => return None,
        }
    }
    Some(Args {
        plan,
        lang,
        input: input?,
    })
}

fn print_plan(a: &Assessment) -> String {
    let mut s = String::new();
    let Some(p) = &a.plan else {
        return s;
    };
    s.push_str(&p.summary);
    s.push('\n');
    for (i, g) in p.groups.iter().enumerate() {
        s.push_str(&format!("{}. {}\n", i + 1, g.title));
        match &g.due {
            Some(d) => {
                s.push_str(&format!("   due: {} ({}", d.at.to_rfc3339(), d.rule));
                if let Some(l) = d.latest {
                    s.push_str(&format!("; latest {}", l.to_rfc3339()));
                }
                s.push_str(")\n");
            }
            None => s.push_str("   due: without undue delay\n"),
        }
        if g.without_undue_delay && g.due.is_some() {
            s.push_str("   (some of these without undue delay)\n");
        }
        for f in &g.settle {
            s.push_str(&format!("   to settle: {f}\n"));
        }
        let shown: Vec<&str> = g.rules.iter().take(6).map(|r| r.as_str()).collect();
        let more = g.rules.len().saturating_sub(shown.len());
        s.push_str(&format!("   rules: {}", shown.join(", ")));
        if more > 0 {
            s.push_str(&format!(" and {more} more"));
        }
        s.push('\n');
    }
    // Persons no rule of the pack covers: their own law was not assessed (never silent).
    if !a.uncovered.is_empty() {
        s.push_str("Not assessed:\n");
        for u in &a.uncovered {
            s.push_str(&format!("  - {}\n", u.note));
        }
    }
    if !a.assumptions.is_empty() {
        s.push_str("Assumptions:\n");
        for x in &a.assumptions {
            s.push_str(&format!("  - {}\n", x.text));
        }
    }
    s
}

fn main() -> ExitCode {
    let Some(args) = args() else {
        eprintln!("usage: assess [--plan] [--lang ja|en] <request.json | ->");
        return ExitCode::from(2);
    };
    let input = if args.input == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("cannot read stdin: {e}");
            return ExitCode::from(2);
        }
        s
    } else {
        match std::fs::read_to_string(&args.input) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("cannot read {}: {e}", args.input);
                return ExitCode::from(2);
            }
        }
    };
    let result = mamori::breach::parse_request(&input).and_then(|mut r| {
        if args.plan {
            r.detail = Some(Detail::Plan);
        }
        if args.lang.is_some() {
            r.lang = args.lang;
        }
        mamori::breach::assess(&r)
    });
    let text = match result {
        Ok(a) if args.plan => Ok(print_plan(&a)),
        Ok(a) => serde_json::to_string_pretty(&a).map(|s| s + "\n"),
        Err(e) => {
            eprintln!("error {} ({}): {e}", e.code().as_u32(), e.code().name());
            return ExitCode::FAILURE;
        }
    };
    match text {
        Ok(s) => {
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = write!(std::io::stdout().lock(), "{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot serialise: {e}");
            ExitCode::FAILURE
        }
    }
}
