//! Issue 26, item 3, round 6c: New York DFS (23 NYCRR 500.17, as amended 2023-11-01) read and
//! confirmed; the Washington, Utah, Vermont, Virgin Islands, Wisconsin and Wyoming rules that
//! stay `unverified` say in their basis what was searched. Each expectation is written from the
//! text (section and words in the comment), not from `rules/tools/us_states.py`.

mod breach_common;

use breach_common::*;
use mamori::breach::Verification;
use serde_json::json;

/// A DFS-covered business aware on Wed 1 July 2026, 10:00 New York time, of a lost laptop.
fn covered() -> serde_json::Value {
    let v = with(base(), "organisation.nydfs_covered", json!(true));
    with(v, "incident.aware_at", json!("2026-07-01T10:00:00-04:00"))
}

#[test]
fn nydfs_rule_is_confirmed_from_500_17_and_the_incident_definition() {
    let a = assess(&with(covered(), "incident.kind", json!("malware")));
    let o = ob(&a, "us-ny.dfs");
    assert_eq!(o.verification, Verification::Confirmed);
    for words in [
        // 500.17(a)(1).
        "in no event later than 72 hours after determining that a cybersecurity incident has occurred",
        // 500.1(g)(1) and (3).
        "requires the covered entity to notify any government body",
        "results in the deployment of ransomware",
        "law.cornell.edu/regulations/new-york/23-NYCRR-500.17",
    ] {
        assert!(o.basis.contains(words), "{words}: {}", o.basis);
    }
    // "no later than 72 hours after determining": counted from awareness (the earliest moment).
    assert_eq!(deadline(&a, "us-ny.dfs"), "2026-07-04T10:00:00-04:00");
}

#[test]
fn nydfs_counts_a_notice_to_any_government_body_not_only_a_us_state() {
    // 500.1(g)(1): a cybersecurity event that "requires the covered entity to notify any
    // government body, self-regulatory agency or any other supervisory body". Japanese
    // customers' passport numbers (a PPC report under the APPI for a malicious act, a state
    // notice nowhere): the old pack looked only at `data.persons.US*` and answered not_required.
    let v = with(covered(), "incident.kind", json!("theft"));
    let v = with(v, "data.malicious", json!(true));
    let v = with(v, "data.categories", json!(["government_id"]));
    let a = assess(&v);
    assert_eq!(status(&a, "us-ny.dfs"), Required);
    // My Number is a government ID too.
    let v = with(covered(), "data.categories", json!(["my_number"]));
    assert_eq!(status(&assess(&v), "us-ny.dfs"), Required);
    // EU residents' card numbers.
    let v = with(covered(), "data.persons", json!({"DE": 40}));
    let v = with(v, "data.categories", json!(["payment_card"]));
    assert_eq!(status(&assess(&v), "us-ny.dfs"), Required);
}

#[test]
fn nydfs_stays_out_for_contact_data_and_for_entities_not_declared_covered() {
    // Contact details only, no malware: no breach notice to a government body is triggered by
    // the listed categories (the rule's notes say what is not modelled).
    let v = with(covered(), "data.categories", json!(["contact"]));
    assert_eq!(status(&assess(&v), "us-ny.dfs"), NotRequired);
    // Unknown categories could hold a government ID: undetermined, never silently out.
    assert_eq!(status(&assess(&covered()), "us-ny.dfs"), Possible);
    // Recovered before anyone viewed it: no cybersecurity incident to report.
    let v = with(covered(), "data.categories", json!(["government_id"]));
    let v = with(v, "incident.recovered_unviewed", json!(true));
    assert_eq!(status(&assess(&v), "us-ny.dfs"), NotRequired);
    // Only entities declared covered are assessed.
    let v = with(base(), "data.categories", json!(["government_id"]));
    assert!(!has(&assess(&v), "us-ny.dfs"));
}

#[test]
fn rules_not_reached_stay_unverified_and_say_what_was_searched() {
    // RCW 19.255.010 itself, 9 V.S.A. §2435(b)(3)(B), Utah §13-44-202 as amended by SB 127 and
    // the vendor clauses of 14 V.I.C. §2209, Wis. Stat. §134.98 and Wyo. Stat. §40-12-502 were
    // not reached in a text (or only in the Ansvar-Systems copy, contradicted elsewhere).
    for (id, words) in [
        (
            "us-wa.residents",
            "RCW 19.255.010 itself was searched again",
        ),
        (
            "us-wa.attorney_general",
            "RCW 19.255.010 itself was searched again",
        ),
        ("us-wa.owner", "RCW 42.56.590(2)"),
        ("us-ut.attorney_general", "§63A-19-405"),
        ("us-vi.owner", "contradicts the agency wording"),
        (
            "us-wi.owner",
            "\"(5) Timing\" subsection that no other source has",
        ),
        // (Vermont's (3)(B) and Wyoming's vendor clause were read in the state codes in round
        // 6d: tests/breach_us_codes.rs.)
    ] {
        let (v, basis) = us_rule(id);
        assert_eq!(v, Verification::Unverified, "{id}");
        assert!(basis.contains("not confirmed: "), "{id}: {basis}");
        assert!(basis.contains("session 10 (issue 26)"), "{id}: {basis}");
        assert!(basis.contains(words), "{id}: {basis}");
    }
}
