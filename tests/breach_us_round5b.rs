//! Issue 26, item 3, round 5b: the Attorney-General and vendor ("owner") clauses read this
//! round. Each expectation is written from the statute text (section and words in the comment),
//! not from `rules/tools/us_states.py`; where the text was read is in each rule's basis.

mod breach_common;

use breach_common::*;
use mamori::breach::Verification;

fn rule(id: &str) -> (Verification, String) {
    let v = us_case(&id[3..5].to_uppercase(), 1000, &["government_id"]);
    // The owner rules are scoped to processors, the rest to whoever owns the data.
    let a = assess(&if id.ends_with(".owner") {
        as_processor(v)
    } else {
        v
    });
    let o = ob(&a, id);
    (o.verification, o.basis.to_string())
}

#[test]
fn clauses_read_this_round_are_confirmed_with_their_deciding_words() {
    for (id, words) in [
        // Md. Com. Law §14-3504(h)(1) and (c)(2).
        (
            "us-md.attorney_general",
            "Prior to giving the notification required under subsection (b)",
        ),
        (
            "us-md.owner",
            "not later than 10 days after the business discovers or is notified",
        ),
        // D.C. Code §28-3852(b-1) and (b).
        (
            "us-dc.attorney_general",
            "if the breach affects 50 or more District of Columbia residents",
        ),
        (
            "us-dc.owner",
            "in the most expedient time possible following discovery",
        ),
        // Iowa Code §715C.2(8).
        (
            "us-ia.attorney_general",
            "within five business days after giving notice of the breach",
        ),
        // 6 Del. C. §12B-102(d).
        (
            "us-de.attorney_general",
            "exceeds 500 residents, the person required to provide notice shall",
        ),
        // N.M. Stat. §57-12C-6(C).
        (
            "us-nm.owner",
            "not later than forty-five calendar days following discovery",
        ),
        // La. Rev. Stat. §51:3074(D).
        (
            "us-la.owner",
            "shall notify the owner or licensee of the information if the personal",
        ),
    ] {
        let (v, basis) = rule(id);
        assert_eq!(v, Verification::Confirmed, "{id}");
        assert!(basis.contains(words), "{id}: {basis}");
    }
    // Not reached in a second independent source this round (or the sources disagree): VT
    // §2435(b)(3)(B), UT §13-44-202 (SB 127), HI §487N-2(f); the vendor clauses
    // of TX, MS (the scraped text and the Perkins Coie/Mintz charts differ), AK, KY, OH, PA, TN,
    // WI, WY, ID. South Dakota has no vendor clause at all: its owner rule stays a cautious
    // addition, so unverified.
    for id in [
        "us-vt.attorney_general",
        "us-ut.attorney_general",
        "us-hi.regulator",
        "us-ms.owner",
        "us-ak.owner",
        "us-pa.owner",
        "us-wy.owner",
        "us-sd.owner",
    ] {
        assert_eq!(rule(id).0, Verification::Unverified, "{id}");
    }
    assert!(
        rule("us-sd.owner")
            .1
            .contains("have no duty to tell the data's owner")
    );
}

#[test]
fn maryland_vendor_tells_the_owner_within_ten_days_and_the_attorney_general_hears_of_any_breach() {
    // §14-3504(c)(2): "not later than 10 days after the business discovers or is notified of the
    // breach of the security of a system".
    let a = assess(&as_processor(us_case("MD", 1, &["government_id"])));
    assert_eq!(status(&a, "us-md.owner"), Required);
    assert_eq!(deadline(&a, "us-md.owner"), "2026-07-11T23:59:59-04:00");
    // §14-3504(h)(1): no threshold; "Prior to giving the notification required under
    // subsection (b)", which is due within 45 days.
    let a = assess(&us_case("MD", 1, &["government_id"]));
    assert_ne!(status(&a, "us-md.attorney_general"), NotRequired);
    assert_eq!(
        deadline(&a, "us-md.attorney_general"),
        deadline(&a, "us-md.residents")
    );
}

/// `id` is due (or possibly due) from `n` residents of `code`, and not below.
fn counts_from(code: &str, id: &str, n: u64) {
    let a = assess(&us_case(code, n, &["government_id"]));
    assert_ne!(status(&a, id), NotRequired, "{id} at {n}");
    let a = assess(&us_case(code, n - 1, &["government_id"]));
    assert_eq!(status(&a, id), NotRequired, "{id} at {}", n - 1);
}

#[test]
fn district_of_columbia_attorney_general_from_fifty_residents() {
    // §28-3852(b-1): "if the breach affects 50 or more District of Columbia residents".
    counts_from("DC", "us-dc.attorney_general", 50);
}

#[test]
fn iowa_attorney_general_counts_five_hundred_cautiously() {
    // §715C.2(8): "more than five hundred residents"; the Attorney General's page says "at least
    // 500": mamori counts 500 (cautious), not 499.
    counts_from("IA", "us-ia.attorney_general", 500);
}

#[test]
fn new_mexico_vendor_tells_the_owner_within_forty_five_days() {
    // §57-12C-6(C): "not later than forty-five calendar days following discovery of the breach".
    let a = assess(&as_processor(us_case("NM", 1, &["government_id"])));
    assert_eq!(status(&a, "us-nm.owner"), Required);
    assert_eq!(deadline(&a, "us-nm.owner"), "2026-08-15T23:59:59-06:00");
}

#[test]
fn delaware_attorney_general_above_five_hundred() {
    // 6 Del. C. §12B-102(d): "exceeds 500 residents".
    counts_from("DE", "us-de.attorney_general", 501);
}
