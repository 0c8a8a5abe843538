//! docs/breach.md's rule table is generated from `rules/default.json`, so the two cannot drift.
//! Regenerate with `MAMORI_BLESS=1 cargo test --test breach_docs_table`.

use serde_json::Value;

const BEGIN: &str =
    "<!-- BEGIN RULE TABLE (generated from rules/default.json by tests/breach_docs_table.rs) -->";
const END: &str = "<!-- END RULE TABLE -->";

fn deadline(d: &Value) -> String {
    let n = |k: &str| d[k].as_u64().unwrap_or(0);
    let anchor = match d["anchor"].as_str() {
        Some("assessed_at") => " after the assessment",
        _ => "",
    };
    match d["kind"].as_str().unwrap_or("") {
        "hours" => format!("{} h{anchor}", n("hours")),
        "calendar_days" => {
            let first = if d["first_day_inclusive"] == Value::Bool(true) {
                "day 1 = awareness"
            } else {
                "first day excluded"
            };
            let roll = match d["roll_forward"].as_str() {
                Some(c) => format!(", rolled past `{c}` closed days"),
                None => String::new(),
            };
            format!("{} days{anchor} ({first}{roll})", n("days"))
        }
        "business_days" => format!(
            "{} business days (`{}`)",
            n("days"),
            d["calendar"].as_str().unwrap_or("")
        ),
        "window" => format!("end of day {}–{}", n("target_days"), n("latest_days")),
        "days_after_year_end" => format!("{} days after 31 Dec", n("days")),
        "without_undue_delay" => "without undue delay".into(),
        "after_obligation" => format!(
            "{} {}days after `{}` is done",
            n("days"),
            match d["calendar"].as_str() {
                Some(c) => format!("business (`{c}`) "),
                None => String::new(),
            },
            d["obligation"].as_str().unwrap_or("")
        ),
        other => other.into(),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn table(pack: &Value) -> String {
    let mut out = String::from(
        "| Regime | Rule id | In force | Triggers (any) | Deadline | Recipient | Source | Verification |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in pack["rules"].as_array().unwrap() {
        let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
        let triggers: Vec<String> = r["triggers"]
            .as_array()
            .map(|t| {
                t.iter()
                    .map(|c| format!("`{}`", c["id"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default();
        let triggers = if triggers.is_empty() {
            "(every incident in scope)".to_string()
        } else {
            triggers.join(", ")
        };
        let mut dl = deadline(&r["deadline"]);
        if let Some(o) = r["overrides"].as_array().and_then(|o| o.first()) {
            dl.push_str(&format!(
                "; {} when {}",
                deadline(&o["deadline"]),
                o["when"]["fact"].as_str().unwrap_or("an override holds")
            ));
        }
        let zone = r["zone"].as_str().or(r["offset"].as_str()).unwrap_or("");
        let from = r["effective_from"].as_str().unwrap_or("");
        let to = r["effective_to"]
            .as_str()
            .map(|t| format!(" to {t}"))
            .unwrap_or_default();
        let in_force = if from.is_empty() && to.is_empty() {
            "always".to_string()
        } else if from.is_empty() {
            format!("until{}", to.trim_start_matches(" to"))
        } else {
            format!("from {from}{to}")
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} ({}) | {} | {} | {} |\n",
            s("jurisdiction"),
            s("id"),
            in_force,
            triggers,
            cell(&dl),
            zone,
            s("recipient"),
            cell(&s("basis")),
            s("verification"),
        ));
    }
    out
}

#[test]
fn docs_rule_table_matches_the_pack() {
    let root = env!("CARGO_MANIFEST_DIR");
    let pack: Value = serde_json::from_str(mamori::breach::DEFAULT_PACK_JSON).unwrap();
    let want = table(&pack);
    let path = format!("{root}/docs/breach.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/breach.md lacks the rule-table markers");
    };
    let have = &doc[b + BEGIN.len()..e];
    let want_block = format!("\n{want}");
    if have != want_block {
        if std::env::var_os("MAMORI_BLESS").is_some() {
            let new = format!("{}{BEGIN}{want_block}{}", &doc[..b], &doc[e..]);
            std::fs::write(&path, new).unwrap();
        } else {
            panic!(
                "docs/breach.md's rule table is stale; regenerate with `MAMORI_BLESS=1 cargo test --test breach_docs_table`"
            );
        }
    }
}
