//! Deduplication of overlapping exports (docs/inputs.md): who a sender is, and how copies merge.
//!
//! Two rows are one invitation when they have the same recipient, arrived in the same minute and
//! come from the same sender, as `identity` decides: the same profile key, or the same name key
//! when either row lacks a URL.

use std::collections::HashMap;
use std::num::NonZeroU128;

use rayon::prelude::*;

use crate::identity::{name_key, profile_key, write_profile_key};
use crate::model::Invitation;
use rustc_hash::FxBuildHasher;

/// A 128-bit hash of (sender key, recipient key, minute): the index holds a row's place under
/// this instead of copies of its keys. Two different slots share a hash with probability about
/// 2⁻¹²⁸ per pair: never, for any file that fits on a disk. Keys and raw values stand for
/// themselves by 128-bit hashes too (`Keys`), with the same odds.
type Slot = NonZeroU128;

/// Removes copies of one invitation, keeping the first copy's place in the input order.
///
/// The copy with the most advanced outcome (accepted > declined > ignored > withdrawn > pending)
/// gives the status, times, source and line; fields it lacks (headline, note, URL, …) are filled
/// from the other copy, and a reply seen in either copy is kept with the latest time.
pub fn deduplicate(invitations: Vec<Invitation>) -> Vec<Invitation> {
    deduplicate_kept(invitations).0
}

/// `deduplicate`, also giving the place in `invitations` of each invitation kept.
pub fn deduplicate_kept(mut invitations: Vec<Invitation>) -> (Vec<Invitation>, Vec<usize>) {
    let rows = invitations.len();
    // A row's slots depend on that row alone: worked out in parallel, looked up in order.
    let slots = slots_of_all(&invitations);
    // Each index holds rows, and a row stands for the slot it has there: 4 bytes a row where a
    // map from slot to row took 32.
    let mut by_url = SlotIndex::new(rows);
    let mut by_name = SlotIndex::new(rows);
    // The row each row's invitation is kept in: itself, or the earlier copy it was merged into.
    // Copies are merged into the first copy in place, then dropped together at the end: no
    // second list of a million invitations.
    let mut kept_in: Vec<u32> = (0..rows).map(row_id).collect();
    for i in 0..rows {
        let [url_slot, name_slot] = slots[i];
        let url_of = |row: usize| slots[row][0];
        let name_of = |row: usize| slots[row][1];
        let url_place = url_slot.map(|slot| by_url.find(slot, url_of));
        let same_url = match url_place {
            Some(Ok(row)) => Some(kept_in[row] as usize),
            _ => None,
        };
        let name_place = name_slot.map(|slot| by_name.find(slot, name_of));
        // By name only when one of the two rows has no URL: two URLs that differ are two people.
        let same_name = || match name_place {
            Some(Ok(row)) => Some(kept_in[row] as usize).filter(|&j| {
                url_slot.is_none() || profile_key(&invitations[j].sender_profile_url).is_none()
            }),
            _ => None,
        };
        match same_url.or_else(same_name) {
            Some(j) => {
                let (kept, rest) = invitations.split_at_mut(i);
                merge_into(&mut kept[j], &mut rest[0]);
                kept_in[i] = row_id(j);
                // This copy's URL now finds the kept row too, unless another row has it already.
                if let Some(Err(place)) = url_place {
                    by_url.insert(place, i);
                }
            }
            None => {
                if let Some(Err(place)) = url_place {
                    by_url.insert(place, i);
                }
                if let Some(Err(place)) = name_place {
                    by_name.insert(place, i);
                }
            }
        }
    }
    let kept: Vec<usize> = (0..rows).filter(|&i| kept_in[i] as usize == i).collect();
    let mut rows = 0..;
    invitations.retain(|_| rows.next().is_some_and(|i| kept_in[i] as usize == i));
    (invitations, kept)
}

/// The rows that may be copies of one another, found without holding the rows: those that
/// share a slot with another row under URL, or under name with a row that has no URL
/// (`deduplicate` decides which are). Deduplicated among themselves, they give what they give
/// among all the rows: no other row can find one of them, or be found by one.
///
/// Keeps 64 bits of each slot, 16 bytes a row: two slots that differ share them with
/// probability about 2⁻⁶⁴ per pair, and then two rows are taken for possible copies that
/// `deduplicate` finds are not.
#[derive(Debug, Default)]
pub struct PossibleCopies {
    /// For each row, the low 64 bits of its slot under URL and under name (0 for none).
    slots: Vec<[u64; 2]>,
}

impl PossibleCopies {
    /// Adds the next rows.
    pub fn add(&mut self, invitations: &[Invitation]) {
        let short = |slot: Option<Slot>| slot.map_or(0, |s| (s.get() as u64).max(1));
        self.slots.extend(
            slots_of_all(invitations)
                .into_iter()
                .map(|[url, name]| [short(url), short(name)]),
        );
    }

    /// The rows added so far that share a slot with another, in order.
    pub fn rows(&self) -> Vec<usize> {
        let mut possible = vec![false; self.slots.len()];
        // Sized once: grown by doubling, it held its old and new buffers at once (100 MB at ten
        // million rows).
        let mut order: Vec<u32> = Vec::with_capacity(self.slots.len());
        const URL: usize = 0;
        for kind in 0..2 {
            order.clear();
            order.extend(
                (0..self.slots.len())
                    .filter(|&row| self.slots[row][kind] != 0)
                    .map(row_id),
            );
            order.par_sort_unstable_by_key(|&row| self.slots[row as usize][kind]);
            let same_slot =
                |&a: &u32, &b: &u32| self.slots[a as usize][kind] == self.slots[b as usize][kind];
            for same in order.chunk_by(same_slot) {
                // Rows of one name are copies only where one of two has no URL (`deduplicate`:
                // two URLs that differ are two people, and a merge never takes a URL away).
                let may_merge =
                    kind == URL || same.iter().any(|&row| self.slots[row as usize][URL] == 0);
                if same.len() > 1 && may_merge {
                    for &row in same {
                        possible[row as usize] = true;
                    }
                }
            }
        }
        (0..possible.len()).filter(|&row| possible[row]).collect()
    }
}

/// A row's place as the indexes hold it. A million invitations take hundreds of megabytes, so
/// four billion of them cannot be in memory at once.
fn row_id(row: usize) -> u32 {
    u32::try_from(row).expect("fewer than 2³² invitations in memory")
}

/// Rows by slot: an open-addressing hash table of row numbers, half empty at most, whose keys
/// are the rows' own slots (`find` is told how to get them).
struct SlotIndex {
    /// Row + 1 in each used entry, 0 in an empty one.
    entries: Vec<u32>,
    mask: usize,
}

impl SlotIndex {
    /// Room for `rows` rows without growing.
    fn new(rows: usize) -> SlotIndex {
        let size = rows.saturating_mul(2).next_power_of_two().max(16);
        SlotIndex {
            entries: vec![0; size],
            mask: size - 1,
        }
    }

    /// The row held under `slot`, or the empty entry where it would go.
    fn find(&self, slot: Slot, slot_of: impl Fn(usize) -> Option<Slot>) -> Result<usize, usize> {
        // A slot is a hash already: its low bits are as good as any.
        let mut place = slot.get() as usize & self.mask;
        loop {
            match self.entries[place] {
                0 => return Err(place),
                entry => {
                    let row = entry as usize - 1;
                    if slot_of(row) == Some(slot) {
                        return Ok(row);
                    }
                }
            }
            place = (place + 1) & self.mask;
        }
    }

    /// Puts `row` in the empty entry `find` gave.
    fn insert(&mut self, place: usize, row: usize) {
        debug_assert_eq!(self.entries[place], 0);
        self.entries[place] = row_id(row) + 1;
    }
}

/// The slots of every invitation under its profile URL and under its name, if it has them.
///
/// Names repeat (a million rows may have forty thousand sender names and a handful of
/// recipients), so each part of the rows, read in parallel, works out the key of each distinct
/// name once; profile keys, cheaper and more often distinct, are worked out row by row without
/// allocating.
fn slots_of_all(invitations: &[Invitation]) -> Vec<[Option<Slot>; 2]> {
    let mut slots = vec![[None; 2]; invitations.len()];
    // A few parts a thread, so a slow one does not hold up the rest; each part computes the keys
    // of its own distinct names.
    let part = invitations
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(1 << 12);
    invitations
        .par_chunks(part)
        .zip(slots.par_chunks_mut(part))
        .for_each(|(invitations, slots)| {
            let mut keys = Keys::default();
            for (invitation, slots) in invitations.iter().zip(slots) {
                *slots = keys.slots_of(invitation);
            }
        });
    slots
}

/// A 128-bit hash of a string, which stands for it as a slot stands for its keys.
type Hash = NonZeroU128;

fn hash(bytes: &[u8]) -> Hash {
    // Zero, which `NonZeroU128` leaves free so that an absent key costs no room, becomes one.
    NonZeroU128::new(xxhash_rust::xxh3::xxh3_128(bytes)).unwrap_or(NonZeroU128::MIN)
}

/// The key of each URL and name seen so far, both as hashes: looking a value up reads no string
/// but the row's own.
#[derive(Default)]
struct Keys {
    names: HashMap<Hash, Option<Hash>, FxBuildHasher>,
    /// Buffers for profile keys, which are worked out row by row: URLs repeat less than names.
    folded: String,
    key: String,
}

impl Keys {
    fn slots_of(&mut self, invitation: &Invitation) -> [Option<Slot>; 2] {
        let minute = invitation.received_at.timestamp().div_euclid(60);
        // A recipient without a name key is the empty key, as a row without a recipient is.
        let recipient =
            name_hash(&mut self.names, &invitation.recipient).unwrap_or_else(|| hash(b""));
        let url = write_profile_key(
            &invitation.sender_profile_url,
            &mut self.folded,
            &mut self.key,
        )
        .then(|| hash(self.key.as_bytes()));
        let name = name_hash(&mut self.names, &invitation.sender_name);
        [
            url.map(|key| slot_hash(b'u', key, recipient, minute)),
            name.map(|key| slot_hash(b'n', key, recipient, minute)),
        ]
    }
}

/// The hash of `name`'s name key, if it has one, worked out once a distinct name.
fn name_hash(names: &mut HashMap<Hash, Option<Hash>, FxBuildHasher>, name: &str) -> Option<Hash> {
    *names
        .entry(hash(name.as_bytes()))
        .or_insert_with(|| name_key(name).map(|k| hash(k.as_bytes())))
}

/// `Slot` of one way of naming the sender (`kind`: `u`rl or `n`ame): the hash of its key's hash,
/// the recipient key's hash and the minute, each of fixed size.
fn slot_hash(kind: u8, key: Hash, recipient: Hash, minute: i64) -> Slot {
    let mut bytes = [0; 41];
    bytes[0] = kind;
    bytes[1..17].copy_from_slice(&key.get().to_le_bytes());
    bytes[17..33].copy_from_slice(&recipient.get().to_le_bytes());
    bytes[33..].copy_from_slice(&minute.to_le_bytes());
    hash(&bytes)
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
    use arcstr::ArcStr;
    use chrono::{DateTime, Utc};

    fn invitation(name: &str, url: &str, at: &str, status: Status) -> Invitation {
        Invitation {
            invite_id: format!("{name}-{at}").into(),
            source: ArcStr::from("a.csv"),
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
    fn the_possible_copies_deduplicated_alone_give_what_all_rows_give() {
        let at = |minute: u32| format!("2026-10-01T09:{minute:02}:00Z");
        let url = |name: &str| format!("https://www.linkedin.com/in/{name}");
        let mut rows = Vec::new();
        for (k, name) in ["Ann", "Bob", "Cat", "Dan", "Eve"].iter().enumerate() {
            let minute = k as u32;
            // One with a URL; its copy without one; another person of that name with a URL of
            // their own; and one row alone in another minute.
            rows.push(invitation(name, &url(name), &at(minute), Status::Pending));
            if k % 2 == 0 {
                rows.push(invitation(name, "", &at(minute), Status::Accepted));
            } else {
                // A copy with the URL: found under URL alone.
                rows.push(invitation(name, &url(name), &at(minute), Status::Declined));
            }
            let other = format!("{name}-2");
            rows.push(invitation(
                name,
                &url(&other),
                &at(minute),
                Status::Declined,
            ));
            rows.push(invitation(
                name,
                &url(name),
                &at(minute + 30),
                Status::Ignored,
            ));
        }
        let mut possible = PossibleCopies::default();
        // In two parts, as batches come.
        possible.add(&rows[..5]);
        possible.add(&rows[5..]);
        let subset = possible.rows();
        // The copies without a URL and the rows of their names (3 × 3), the copies with one
        // and the row they copy (2 × 2); not the other rows of names whose rows all have URLs,
        // nor the rows of another minute.
        assert_eq!(subset.len(), 13, "{subset:?}");

        let (all, kept) = deduplicate_kept(rows.clone());
        assert_eq!(all.len(), rows.len() - 5);
        let (merged, kept_of_subset) =
            deduplicate_kept(subset.iter().map(|&i| rows[i].clone()).collect());
        let mut alone: Vec<(usize, Invitation)> = (0..rows.len())
            .filter(|i| !subset.contains(i))
            .map(|i| (i, rows[i].clone()))
            .collect();
        alone.extend(kept_of_subset.iter().map(|&k| subset[k]).zip(merged));
        alone.sort_by_key(|(i, _)| *i);
        let (places, invitations): (Vec<usize>, Vec<Invitation>) = alone.into_iter().unzip();
        assert_eq!(places, kept);
        assert_eq!(invitations, all);
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
        accepted.source = ArcStr::from("b.csv");
        let other_minute = invitation("Ann", "", "2026-10-01T09:01:00Z", Status::Ignored);
        let kept = deduplicate(vec![pending, accepted, other_minute]);
        assert_eq!(kept.len(), 2);
        let ann = &kept[0];
        assert_eq!(ann.status, Status::Accepted);
        assert_eq!(&*ann.source, "b.csv");
        assert_eq!(ann.sender_headline, "Recruitment consultant at Hays");
        assert_eq!(ann.message, "Hi, about your post");
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
            "https://www.linkedin.com/in/cat"
        );
    }

    /// The rule as first written, with maps keyed by the keys themselves: what the slot index
    /// must agree with.
    fn reference(mut invitations: Vec<Invitation>) -> Vec<Invitation> {
        type Key = (String, String, i64);
        let key = |kind: Option<String>, invitation: &Invitation| {
            kind.map(|k| {
                let recipient = name_key(&invitation.recipient).unwrap_or_default();
                (
                    k,
                    recipient,
                    invitation.received_at.timestamp().div_euclid(60),
                )
            })
        };
        let mut by_url: HashMap<Key, usize> = HashMap::new();
        let mut by_name: HashMap<Key, usize> = HashMap::new();
        let mut merged = vec![false; invitations.len()];
        for i in 0..invitations.len() {
            let url_key = key(
                profile_key(&invitations[i].sender_profile_url),
                &invitations[i],
            );
            let name_key = key(name_key(&invitations[i].sender_name), &invitations[i]);
            let same_url = url_key.as_ref().and_then(|k| by_url.get(k)).copied();
            let same_name = || {
                name_key
                    .as_ref()
                    .and_then(|k| by_name.get(k))
                    .copied()
                    .filter(|&j| {
                        url_key.is_none()
                            || profile_key(&invitations[j].sender_profile_url).is_none()
                    })
            };
            match same_url.or_else(same_name) {
                Some(j) => {
                    let (kept, rest) = invitations.split_at_mut(i);
                    merge_into(&mut kept[j], &mut rest[0]);
                    merged[i] = true;
                    if let Some(k) = url_key {
                        by_url.entry(k).or_insert(j);
                    }
                }
                None => {
                    if let Some(k) = url_key {
                        by_url.insert(k, i);
                    }
                    if let Some(k) = name_key {
                        by_name.entry(k).or_insert(i);
                    }
                }
            }
        }
        let mut merged = merged.into_iter();
        invitations.retain(|_| !merged.next().unwrap_or(false));
        invitations
    }

    #[test]
    fn the_slot_index_agrees_with_maps_of_the_keys() {
        // Few names, URLs, recipients and minutes, so that copies by URL, by name and chains of
        // both are common, and enough rows to fill parts of the slot work and probe runs.
        let names = [
            "Ann Lee",
            "ann  lee",
            "Dr Ann Lee",
            "Bob",
            "",
            "Cat Fox, MBA",
            "🚀",
        ];
        let urls = [
            "",
            "https://www.linkedin.com/in/ann",
            "linkedin.com/in/ANN/",
            "https://www.linkedin.com/in/bob",
            "  ",
        ];
        let recipients = ["me", "Me", "you", ""];
        let statuses = Status::ALL;
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let start = DateTime::parse_from_rfc3339("2026-10-01T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let rows: Vec<Invitation> = (0..20_000)
            .map(|i| {
                let mut invitation = Invitation {
                    invite_id: format!("inv-{i}").into(),
                    line: i as u64 + 2,
                    recipient: recipients[next(recipients.len())].into(),
                    sender_profile_url: urls[next(urls.len())].into(),
                    status: statuses[next(statuses.len())],
                    ..Invitation::pending(
                        names[next(names.len())],
                        start + chrono::Duration::seconds(next(400) as i64 * 20),
                    )
                };
                if next(3) == 0 {
                    invitation.sender_headline = format!("headline {i}").into();
                }
                invitation
            })
            .collect();
        let kept = deduplicate(rows.clone());
        assert!(kept.len() < rows.len() / 2, "{}", kept.len());
        assert_eq!(kept, reference(rows));
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
