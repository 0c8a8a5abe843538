//! Issue 26, item 3, round 6b: the vendor ("owner") clauses of MS, MT, OH, PA, TN and TX and
//! Montana's Attorney-General clause, read as quoted (each rule's basis names the two
//! independent sources and where they were read). Each expectation is written from those words
//! (quoted in the comments), not from `rules/tools/us_states.py`.

mod breach_common;

use breach_common::*;
use mamori::breach::Verification;

use breach_common::us_rule as rule;

#[test]
fn clauses_read_in_round_6b_are_confirmed_with_their_deciding_words() {
    assert_confirmed_with(&[
        // Miss. Code §75-24-29(4).
        (
            "us-ms.owner",
            "shall notify the owner or licensee of the information of any breach of the security of the data as soon as practicable following its discovery",
        ),
        // Mont. Code §30-14-1704(2) and (8).
        (
            "us-mt.owner",
            "of any breach of the security of the data system immediately following discovery",
        ),
        (
            "us-mt.attorney_general",
            "shall simultaneously submit an electronic copy of the notification",
        ),
        // Ohio Rev. Code §1349.19(C).
        (
            "us-oh.owner",
            "of any breach of the security of the system in an expeditious manner",
        ),
        // 73 P.S. §2303(b).
        (
            "us-pa.owner",
            "shall provide notice of any breach of the security system following discovery to the Entity on whose behalf",
        ),
        // Tenn. Code §47-18-2107(c).
        (
            "us-tn.owner",
            "The disclosure must be made no later than 45 days from the discovery or notification of the breach",
        ),
        // Tex. Bus. & Com. Code §521.053(c).
        (
            "us-tx.owner",
            "shall notify the owner or license holder of the information of any breach of system security immediately after discovering the breach",
        ),
    ]);
}

#[test]
fn clauses_not_settled_stay_unverified_and_say_what_was_tried() {
    for (id, tried) in [
        // SB 626's enacted §163 was found (regulon.ai, legiplex.com) but not reached.
        ("us-ok.attorney_general", "regulon.ai"),
        // §163(B): "immediately" in one copy, "as soon as practicable" in a chart.
        ("us-ok.owner", "not settled"),
        // No vendor clause in §11-49.3-4 (Snell & Wilmer: "Third Party Notice: Not required").
        ("us-ri.owner", "Third Party Notice: Not required"),
        // §§22-40-19 to -26 have none either; the copy read is script-written, not scraped.
        ("us-sd.owner", "populate-missing-states"),
    ] {
        let (v, basis) = rule(id);
        assert_eq!(v, Verification::Unverified, "{id}");
        assert!(basis.contains(tried), "{id}: {basis}");
    }
}

#[test]
fn tennessee_vendor_tells_the_owner_within_forty_five_days() {
    // §47-18-2107(c): "The disclosure must be made no later than 45 days from the discovery or
    // notification of the breach" (the Mintz chart: "immediately following discovery of the
    // breach but no later than forty-five (45) days"). Aware 2026-07-01 (Chicago): day 45 ends
    // 2026-08-15.
    let a = assess(&as_processor(us_case("TN", 1, &["government_id"])));
    assert_eq!(status(&a, "us-tn.owner"), Required);
    assert_eq!(deadline(&a, "us-tn.owner"), "2026-08-15T23:59:59-05:00");
    // Encrypted data whose key was kept apart is not a "breach of system security" (§47-18-2107
    // (a)(1)(A)(ii): encrypted data only "and the encryption key").
    let a = assess(&as_processor(with(
        us_case("TN", 1, &["government_id"]),
        "data.protection",
        serde_json::json!({"algorithm": "AES-256-GCM", "key_separated": true}),
    )));
    assert_eq!(status(&a, "us-tn.owner"), NotRequired);
}

#[test]
fn mississippi_vendor_notice_is_not_narrowed_to_fraudulent_purposes() {
    // §75-24-29(4) asks for the notice when the data was acquired "for fraudulent purposes"; a
    // request cannot say why the data was taken, so mamori asks it of every processor whose
    // residents' data was breached (cautious).
    let a = assess(&as_processor(us_case("MS", 1, &["government_id"])));
    assert_eq!(status(&a, "us-ms.owner"), Required);
    let (_, basis) = rule("us-ms.owner");
    assert!(basis.contains("without the \"for fraudulent purposes\" condition"));
}

#[test]
fn montana_attorney_general_hears_of_every_residents_notice_at_the_same_time() {
    // §30-14-1704(8): whoever "is required to issue a notification shall simultaneously submit an
    // electronic copy": no threshold, and no later than the residents' notice.
    let a = assess(&us_case("MT", 1, &["government_id"]));
    assert_eq!(status(&a, "us-mt.attorney_general"), Required);
    assert_eq!(
        format!("{:?}", ob(&a, "us-mt.attorney_general").due),
        format!("{:?}", ob(&a, "us-mt.residents").due)
    );
}
