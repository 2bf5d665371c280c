//! Deduplication of overlapping exports (docs/inputs.md): who a sender is, and how copies merge.
//!
//! Two rows are one invitation when they have the same recipient, arrived in the same minute and
//! come from the same sender, as `identity` decides: the same profile key, or the same name key
//! when either row lacks a URL.

use std::collections::HashMap;
use std::num::NonZeroU128;

use rayon::prelude::*;

use crate::identity::{name_key, profile_key};
use crate::model::Invitation;
use rustc_hash::FxBuildHasher;

/// A 128-bit hash of (sender key, recipient key, minute): the index holds a row's place under
/// this instead of copies of its keys, a fifth of the memory. Two different slots share a hash
/// with probability about 2⁻¹²⁸ per pair: never, for any file that fits on a disk.
type Slot = NonZeroU128;

/// Removes copies of one invitation, keeping the first copy's place in the input order.
///
/// The copy with the most advanced outcome (accepted > declined > ignored > withdrawn > pending)
/// gives the status, times, source and line; fields it lacks (headline, note, URL, …) are filled
/// from the other copy, and a reply seen in either copy is kept with the latest time.
pub fn deduplicate(mut invitations: Vec<Invitation>) -> Vec<Invitation> {
    // Sized up front: most rows are distinct, and rehashing a million keys costs more than
    // the room.
    let room = invitations.len();
    let mut by_url: HashMap<Slot, usize, FxBuildHasher> =
        HashMap::with_capacity_and_hasher(room, FxBuildHasher);
    let mut by_name: HashMap<Slot, usize, FxBuildHasher> =
        HashMap::with_capacity_and_hasher(room, FxBuildHasher);
    // Copies are merged into the first copy in place, then dropped together at the end: no
    // second list of a million invitations.
    let mut merged = vec![false; room];
    // A row's slots depend on that row alone: worked out in parallel, looked up in order.
    let slots: Vec<[Option<Slot>; 2]> = invitations
        .par_iter()
        .map_init(String::new, slots_of)
        .collect();
    for (i, [url_slot, name_slot]) in slots.into_iter().enumerate() {
        let same_url = url_slot.and_then(|s| by_url.get(&s)).copied();
        // By name only when one of the two rows has no URL: two URLs that differ are two people.
        let same_name = || {
            name_slot
                .and_then(|s| by_name.get(&s))
                .copied()
                .filter(|&j| {
                    url_slot.is_none() || profile_key(&invitations[j].sender_profile_url).is_none()
                })
        };
        match same_url.or_else(same_name) {
            Some(j) => {
                let (kept, rest) = invitations.split_at_mut(i);
                merge_into(&mut kept[j], &mut rest[0]);
                merged[i] = true;
                if let Some(slot) = url_slot {
                    by_url.entry(slot).or_insert(j);
                }
            }
            None => {
                if let Some(slot) = url_slot {
                    by_url.insert(slot, i);
                }
                if let Some(slot) = name_slot {
                    by_name.entry(slot).or_insert(i);
                }
            }
        }
    }
    let mut merged = merged.into_iter();
    invitations.retain(|_| !merged.next().unwrap_or(false));
    invitations
}

/// The slots of an invitation under its profile URL and under its name, if it has them.
fn slots_of(buffer: &mut String, invitation: &Invitation) -> [Option<Slot>; 2] {
    let recipient = name_key(&invitation.recipient).unwrap_or_default();
    let minute = invitation.received_at.timestamp().div_euclid(60);
    let mut slot = |kind: &str, key: Option<String>| {
        key.map(|key| slot_hash(buffer, kind, &key, &recipient, minute))
    };
    [
        slot("url", profile_key(&invitation.sender_profile_url)),
        slot("name", name_key(&invitation.sender_name)),
    ]
}

/// `Slot` of one way of naming the sender (`kind`: url or name), built in `buffer`.
fn slot_hash(buffer: &mut String, kind: &str, key: &str, recipient: &str, minute: i64) -> Slot {
    use std::fmt::Write;
    buffer.clear();
    // Lengths first, so that ("ab", "c") and ("a", "bc") stay apart whatever the keys hold.
    let _ = write!(
        buffer,
        "{kind} {} {} {minute} {key}{recipient}",
        key.len(),
        recipient.len()
    );
    // Zero, which `NonZeroU128` leaves free so that an absent slot costs no room, becomes one.
    NonZeroU128::new(xxhash_rust::xxh3::xxh3_128(buffer.as_bytes())).unwrap_or(NonZeroU128::MIN)
}

/// Merges `other` into `kept`, leaving `other` emptied: the more advanced copy's outcome wins.
fn merge_into(kept: &mut Invitation, other: &mut Invitation) {
    if other.status > kept.status {
        std::mem::swap(kept, other);
    }
    fill_from(kept, other);
}

/// Completes `target` with what only `source` knows.
fn fill_from(target: &mut Invitation, source: &mut Invitation) {
    for (field, value) in [
        (&mut target.sender_name, &mut source.sender_name),
        (
            &mut target.sender_profile_url,
            &mut source.sender_profile_url,
        ),
        (&mut target.sender_headline, &mut source.sender_headline),
        (&mut target.sender_company, &mut source.sender_company),
        (&mut target.message, &mut source.message),
        (&mut target.recipient, &mut source.recipient),
    ] {
        if field.is_empty() {
            *field = std::mem::take(value);
        }
    }
    target.explicit_category = target.explicit_category.or(source.explicit_category);
    // One export that can tell an outcome is enough to know it (a monthly archive without
    // Connections.csv next to one with it).
    target.known.acceptance |= source.known.acceptance;
    target.known.reply |= source.known.reply;
    target.responded |= source.responded;
    target.responded_at = target.responded_at.max(source.responded_at);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use chrono::{DateTime, Utc};
    use std::sync::Arc;

    fn invitation(name: &str, url: &str, at: &str, status: Status) -> Invitation {
        Invitation {
            invite_id: format!("{name}-{at}").into(),
            source: Arc::from("a.csv"),
            line: 2,
            recipient: "me".into(),
            sender_profile_url: url.into(),
            status,
            ..Invitation::pending(
                name,
                DateTime::parse_from_rfc3339(at)
                    .unwrap()
                    .with_timezone(&Utc),
            )
        }
    }

    #[test]
    fn the_most_advanced_copy_wins_and_fills_its_gaps_from_the_other() {
        let mut pending = invitation("Ann", "", "2026-10-01T09:00:10Z", Status::Pending);
        let t = DateTime::parse_from_rfc3339("2026-10-05T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        pending.responded = true;
        pending.responded_at = Some(t);
        pending.sender_headline = "Recruitment consultant at Hays".into();
        pending.message = "Hi, about your post".into();
        let mut accepted = invitation("ann", "", "2026-10-01T09:00:50Z", Status::Accepted);
        accepted.source = Arc::from("b.csv");
        let other_minute = invitation("Ann", "", "2026-10-01T09:01:00Z", Status::Ignored);
        let kept = deduplicate(vec![pending, accepted, other_minute]);
        assert_eq!(kept.len(), 2);
        let ann = &kept[0];
        assert_eq!(ann.status, Status::Accepted);
        assert_eq!(&*ann.source, "b.csv");
        assert_eq!(ann.sender_headline, "Recruitment consultant at Hays".into());
        assert_eq!(ann.message, "Hi, about your post".into());
        assert_eq!(ann.responded_at, Some(t));
        assert!(ann.responded);
        assert_eq!(kept[1].status, Status::Ignored);
    }

    #[test]
    fn a_url_matches_a_name_only_copy_but_two_urls_must_agree() {
        let at = "2026-10-01T09:00:00Z";
        let kept = deduplicate(vec![
            invitation(
                "Bob",
                "https://www.linkedin.com/in/bob",
                at,
                Status::Pending,
            ),
            invitation(
                "Bob",
                "http://linkedin.com/in/bob?trk=x",
                at,
                Status::Accepted,
            ),
            invitation(
                "Cat",
                "https://www.linkedin.com/in/cat",
                at,
                Status::Pending,
            ),
            invitation("Cat", "", at, Status::Declined),
            invitation(
                "Dan",
                "https://www.linkedin.com/in/dan-1",
                at,
                Status::Pending,
            ),
            invitation(
                "Dan",
                "https://www.linkedin.com/in/dan-2",
                at,
                Status::Pending,
            ),
        ]);
        let names: Vec<(&str, Status)> = kept.iter().map(|i| (&*i.sender_name, i.status)).collect();
        assert_eq!(
            names,
            [
                ("Bob", Status::Accepted),
                ("Cat", Status::Declined),
                ("Dan", Status::Pending),
                ("Dan", Status::Pending)
            ]
        );
        assert_eq!(
            kept[1].sender_profile_url,
            "https://www.linkedin.com/in/cat".into()
        );
    }

    #[test]
    fn deduplication_is_idempotent() {
        let a = invitation("Ann", "", "2026-10-01T09:00:00Z", Status::Declined);
        let b = invitation("Bob", "", "2026-10-01T09:00:00Z", Status::Pending);
        let once = deduplicate(vec![a.clone(), b.clone(), a.clone()]);
        let twice = deduplicate(once.clone());
        assert_eq!(once, twice);
        assert_eq!(once.len(), 2);
    }
}
