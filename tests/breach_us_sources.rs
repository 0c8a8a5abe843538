//! Issue 26, sources audit (session 10): the public repository Ansvar-Systems/US-law-mcp does
//! not hold scraped statute text for 16 states. Its `scripts/populate-missing-states.ts` writes
//! the provisions of AK, AZ, AR, CO, DC, GA, ME, MS, NE, NH, OK, PA, RI, SD, WI and WY itself
//! ("authoritative statutory text otherwise"), so those copies show what the script's author
//! wrote, not the code. No `confirmed` rule may rest on them. Each expectation below is written
//! from the text named in its comment, not from `rules/tools/us_states.py`.

mod breach_common;

use breach_common::*;
use mamori::breach::Verification;
use serde_json::{Value, json};

/// The states whose Ansvar-Systems/US-law-mcp copy is written by `populate-missing-states.ts`.
const SCRIPT_WRITTEN: [&str; 16] = [
    "AK", "AZ", "AR", "CO", "DC", "GA", "ME", "MS", "NE", "NH", "OK", "PA", "RI", "SD", "WI", "WY",
];

const COPY: &str = "Ansvar-Systems/US-law-mcp";
const DISCLAIMER: &str = "not relied on";

fn pack() -> Value {
    serde_json::from_str(mamori::breach::DEFAULT_PACK_JSON).unwrap()
}

/// The `confirmed` rules of a script-written state whose basis names the Ansvar copy more often
/// than it says that copy is "not relied on" (each mention must be disowned).
fn relying_on_the_script_written_copy(pack: &Value) -> Vec<String> {
    pack["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            let state = r["jurisdiction"].as_str().unwrap_or("");
            let basis = r["basis"].as_str().unwrap_or("");
            state
                .strip_prefix("US-")
                .is_some_and(|s| SCRIPT_WRITTEN.contains(&s))
                && r["verification"] == "confirmed"
                && basis.matches(COPY).count() > basis.matches(DISCLAIMER).count()
        })
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn no_confirmed_rule_relies_on_a_script_written_copy() {
    // Failed before this audit on us-ak.owner, us-az.residents, us-az.owner, us-co.residents,
    // us-co.owner, us-dc.attorney_general, us-dc.owner, us-me.residents and
    // us-me.attorney_general (their basis quoted the script's text as "scraped" or "reproduced",
    // or set it aside without saying why).
    let relying = relying_on_the_script_written_copy(&pack());
    assert!(relying.is_empty(), "{relying:?}");
}

#[test]
fn the_check_itself_catches_a_basis_that_relies_on_the_copy() {
    // The check is not vacuous: a confirmed rule of one of the 16 states quoting the copy is
    // caught, one that disowns it (or that is unverified) is not.
    let rule = |id: &str, v: &str, basis: &str| json!({"id": id, "jurisdiction": "US-RI", "verification": v, "basis": basis});
    let pack = json!({"rules": [
        rule("a", "confirmed", "text read in the Ansvar-Systems/US-law-mcp repository's scraped text"),
        rule("b", "confirmed", "the Ansvar-Systems/US-law-mcp copy is written by its populate-missing-states script, not scraped: not relied on"),
        rule("c", "unverified", "seen only in the Ansvar-Systems/US-law-mcp copy"),
        json!({"id": "d", "jurisdiction": "US-NY", "verification": "confirmed", "basis": "Ansvar-Systems/US-law-mcp, scraped from lawserver.com"}),
    ]});
    assert_eq!(
        relying_on_the_script_written_copy(&pack),
        vec!["a".to_string()]
    );
}

#[test]
fn confirmations_that_stand_name_the_text_they_now_rest_on() {
    assert_confirmed_with(&[
        // A.R.S. §18-552(B), quoted from azleg.gov in the dataset referencesource-data.
        (
            "us-az.residents",
            "within forty-five days after the determination, shall: 1. Notify the individuals affected",
        ),
        // C.R.S. §6-1-716(2)(a), CRS title 6 as published in UniCourt/cic-code-co.
        (
            "us-co.residents",
            "but not later than thirty days after the date of determination that a security breach occurred",
        ),
        // D.C. Code §28-3852(b-1) as added by D.C. Law 23-98 and (b) (D.C. Law 16-237), in the
        // Council's repository DCCouncil/law-xml.
        (
            "us-dc.attorney_general",
            "if the breach affects 50 or more District residents",
        ),
        ("us-dc.attorney_general", "DCCouncil/law-xml"),
        (
            "us-dc.owner",
            "shall notify the owner or licensee of the information of any breach of the security of the system in the most expedient time possible following discovery",
        ),
        ("us-dc.owner", "DCCouncil/law-xml"),
        // 10 M.R.S. §1348(1) (2005 text) and the 30 days of LD 696 (mainelegislature.org).
        (
            "us-me.residents",
            "the notices must be made no more than 30 days after",
        ),
        // R.I. Gen. Laws §11-49.3-4(a)(2), whole section in UniCourt/cic-code-ri.
        (
            "us-ri.attorney_general",
            "In the event that more than five hundred (500) Rhode Island residents are to be notified",
        ),
        ("us-ri.attorney_general", "UniCourt/cic-code-ri"),
    ]);
}

#[test]
fn maines_regulator_clause_was_not_read_in_its_own_words() {
    // 10 M.R.S. §1348(5): only summaries (Constangy, cliclaw, csrps, reggi.ai) and the
    // script-written copy give its words; the rule stays asked for every breach that must be
    // notified to residents (cautious), but is no longer `confirmed`. Confirmed before the audit.
    let (v, basis) = us_rule("us-me.attorney_general");
    assert_eq!(v, Verification::Unverified);
    assert!(basis.contains("not confirmed"), "{basis}");
    let a = assess(&us_case("ME", 1, &["government_id"]));
    assert_eq!(status(&a, "us-me.attorney_general"), Required);
}

#[test]
fn rhode_island_tells_its_attorney_general_only_above_500_residents() {
    // R.I. Gen. Laws §11-49.3-4 (all of (a)(1) to (d), UniCourt/cic-code-ri r74): the attorney
    // general is told only "In the event that more than five hundred (500) Rhode Island
    // residents are to be notified", "without delaying notice to affected Rhode Island
    // residents". The script-written copy's "simultaneously send a copy of the notification to
    // the attorney general" for every notice is not in the section.
    let a = assess(&us_case("RI", 500, &["government_id"]));
    assert_eq!(status(&a, "us-ri.residents"), Required);
    assert_eq!(status(&a, "us-ri.attorney_general"), NotRequired);
    let a = assess(&us_case("RI", 501, &["government_id"]));
    assert_eq!(status(&a, "us-ri.attorney_general"), Required);
    let (_, basis) = us_rule("us-ri.attorney_general");
    assert!(
        basis.contains("there is no copy of every notice to the attorney general"),
        "{basis}"
    );
}

#[test]
fn the_district_attorney_general_notice_comes_no_later_than_the_residents_notice() {
    // D.C. Code §28-3852(b-1) (D.C. Law 23-98): "in no event later than when notice is provided
    // under subsection (a)"; (b-2): not delayed because the head count is not yet known; (g):
    // an entity notifying under GLBA or HIPAA "shall, in all cases" notify the Attorney General.
    // The rule says so (the notice had no timing note before the audit).
    let a = assess(&us_case("DC", 50, &["government_id"]));
    assert_eq!(status(&a, "us-dc.attorney_general"), Required);
    assert!(
        reasons_mention(
            &a,
            "us-dc.attorney_general",
            "in no event later than when notice is provided"
        ),
        "{:?}",
        ob(&a, "us-dc.attorney_general").reasons
    );
    let a = assess(&us_case("DC", 49, &["government_id"]));
    assert_eq!(status(&a, "us-dc.attorney_general"), NotRequired);
}
