//! The tagger on arbitrary notes, headlines, companies and names: every invitation gets valid
//! tags, never a panic. NUL bytes split the input into fields, and the same fields are used
//! for several invitations so the template clustering sees repeated notes.
#![no_main]

use chrono::{TimeZone, Utc};
use invitescope::model::{Invitation, KnownOutcomes, Status};
use invitescope::tag::{tag_all, Rules, TagOptions};
use libfuzzer_sys::fuzz_target;

/// The embedded rules, built once: building them per input would be most of each run.
static RULES: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(Rules::embedded);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let fields: Vec<&str> = text.split('\0').collect();
    let field = |i: usize| fields.get(i).copied().unwrap_or("").into();
    let at = Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap();
    let invitation = |n: usize| Invitation {
        invite_id: format!("fuzz-{n}").into(),
        source: "fuzz".into(),
        line: n as u64 + 2,
        received_at: at,
        recipient: field(4),
        sender_name: field(2),
        sender_profile_url: Default::default(),
        sender_headline: field(1),
        sender_company: field(3),
        message: field(0),
        status: Status::Pending,
        accepted_at: None,
        responded: false,
        responded_at: None,
        explicit_category: None,
        known: KnownOutcomes::ALL,
    };
    let invitations: Vec<Invitation> = (0..4).map(invitation).collect();
    let tags = tag_all(
        &invitations,
        &RULES,
        TagOptions {
            template_min: 3,
            senders: None,
        },
    );
    assert_eq!(tags.len(), invitations.len());
    for t in &tags {
        assert!(t.courtesy.score() <= 4, "courtesy is scored 0–4");
        assert!(!t.category_reason.is_empty(), "every category has a reason");
        assert!(
            !t.personalisation_reason.is_empty(),
            "every level has a reason"
        );
        assert_eq!(t.note_chars, invitations[0].message.chars().count());
    }
});
