//! Mass-sent templates: near-duplicate clusters of masked notes (docs/tagging.md).
//!
//! Takes masked texts (`None` for no note), each standing for one note (`cluster`) or for a
//! count of notes (`cluster_counted`: the tagger passes each distinct analysis once); gives each
//! its cluster's stable id and size, in notes. Two notes are linked when the Jaccard similarity
//! of their word-trigram sets is at least 0.8; clusters are the connected components of those
//! links.
//!
//! No all-pairs comparison: identical texts are merged first, then MinHash signatures
//! (Broder 1997) with LSH banding (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*,
//! ch. 3.4) propose candidate pairs, one band at a time, and each candidate is checked with the
//! Jaccard of the hashed trigram sets (unless the two sets' sizes alone rule it out).
//! With 16 bands of 4 rows, a pair at similarity 0.8 becomes a candidate with probability
//! 1 − (1 − 0.8⁴)¹⁶ ≈ 0.9998, one at 0.3 with probability ≈ 0.12. Hashes are fixed functions
//! (no random state), work is split with rayon and every merge is order-independent, so the
//! output is deterministic.

use arcstr::ArcStr;
use std::collections::HashMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use rustc_hash::FxBuildHasher;

/// Jaccard similarity from which two notes are one template.
pub const THRESHOLD: f64 = 0.8;
const BANDS: usize = 16;
const ROWS: usize = 4;
const HASHES: usize = BANDS * ROWS;
/// In one LSH bucket, each text is checked against at most this many representatives: a bucket
/// of one huge template stays linear, and its members are linked through other bands anyway.
const LEADERS: usize = 8;

/// One note's template: a stable id when its cluster has two or more notes, and the size.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    pub id: Option<ArcStr>,
    /// Notes in the cluster (1 for a unique note, 0 for no note).
    pub size: usize,
}

/// Clusters masked note texts; output order is input order.
pub fn cluster<S: AsRef<str> + Sync>(keys: &[Option<S>]) -> Vec<Template> {
    cluster_counted(keys, &vec![1; keys.len()])
}

/// `cluster` where entry `i` stands for `counts[i]` notes with its text: the tagger passes each
/// distinct analysis of a note once, not once per invitation. Gives each entry its template,
/// whose size counts notes.
pub fn cluster_counted<S: AsRef<str> + Sync>(keys: &[Option<S>], counts: &[u32]) -> Vec<Template> {
    assert_eq!(keys.len(), counts.len(), "a count for each key");
    // An entry for no note at all would still link clusters and lend one its id.
    assert!(
        counts.iter().all(|&c| c > 0),
        "each entry stands for a note at least"
    );
    // 1. Identical texts are one entry with a count.
    let mut index: HashMap<&str, u32, FxBuildHasher> = HashMap::default();
    let mut unique: Vec<&str> = Vec::new();
    let mut totals: Vec<usize> = Vec::new();
    let of_note: Vec<Option<u32>> = keys
        .iter()
        .zip(counts)
        .map(|(k, &count)| {
            let key = k.as_ref()?.as_ref();
            let id = *index.entry(key).or_insert_with(|| {
                unique.push(key);
                totals.push(0);
                (unique.len() - 1) as u32
            });
            totals[id as usize] += count as usize;
            Some(id)
        })
        .collect();
    drop(index);
    let counts = totals;

    // Texts in an order of their own, not the notes': the most frequent first (they lead the
    // buckets of step 4), then by text. Which texts lead then depends on the texts alone, so
    // the clusters of a set of notes do not depend on the order they come in (a history store's
    // months a run reads, then those it does not).
    let (unique, counts, of_note) = {
        let mut order: Vec<u32> = (0..unique.len() as u32).collect();
        order.par_sort_unstable_by_key(|&i| {
            (std::cmp::Reverse(counts[i as usize]), unique[i as usize])
        });
        let mut rank = vec![0u32; unique.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let sorted: Vec<&str> = order.iter().map(|&i| unique[i as usize]).collect();
        let counts: Vec<usize> = order.iter().map(|&i| counts[i as usize]).collect();
        let of_note: Vec<Option<u32>> = of_note
            .into_iter()
            .map(|id| id.map(|id| rank[id as usize]))
            .collect();
        (sorted, counts, of_note)
    };

    // 2. Shingles, and from the MinHash signature its band keys, in parallel; the signature
    //    itself is not kept, and the shingles are kept for the exact checks at half their size
    //    (`short`).
    let (shingles, bands): (Vec<Vec<u32>>, Vec<[u32; BANDS]>) = unique
        .par_iter()
        .map(|t| {
            let shingles = shingles(t);
            let sig = signature(&shingles);
            let bands = std::array::from_fn(|b| band_hash(b, &sig[b * ROWS..(b + 1) * ROWS]));
            (short(&shingles), bands)
        })
        .unzip();

    // 3. One band at a time (a sixteenth of the entries at once): its LSH buckets, texts with
    //    the same key, sorted so that each bucket is contiguous and lists its texts in order.
    // 4. Candidates of a bucket checked with the Jaccard of their shingles; the similar ones
    //    linked.
    let mut components = UnionFind::new(unique.len());
    let mut entries: Vec<(u32, u32)> = Vec::with_capacity(unique.len());
    for band in 0..BANDS {
        entries.clear();
        entries.extend(bands.iter().enumerate().map(|(i, b)| (b[band], i as u32)));
        entries.par_sort_unstable();
        let buckets: Vec<&[(u32, u32)]> = entries
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|bucket| bucket.len() > 1)
            .collect();
        let links: Vec<(u32, u32)> = buckets
            .par_iter()
            .flat_map_iter(|bucket| {
                let mut leaders: Vec<u32> = Vec::new();
                let mut links = Vec::new();
                for &(_, member) in bucket.iter() {
                    let similar = leaders.iter().copied().find(|&leader| {
                        similar(&shingles[leader as usize], &shingles[member as usize])
                    });
                    match similar {
                        Some(leader) => links.push((leader, member)),
                        None if leaders.len() < LEADERS => leaders.push(member),
                        None => {}
                    }
                }
                links
            })
            .collect();
        // Union–find gives the same components whatever the order of the links.
        for (a, b) in links {
            components.union(a as usize, b as usize);
        }
    }
    drop((entries, bands, shingles));

    // 5. Sizes, and ids from each cluster's smallest text, so they do not depend on input order.
    let roots: Vec<u32> = (0..unique.len())
        .map(|i| components.find(i) as u32)
        .collect();
    let mut size = vec![0usize; unique.len()];
    let mut smallest: Vec<Option<&str>> = vec![None; unique.len()];
    for (i, &text) in unique.iter().enumerate() {
        let root = roots[i] as usize;
        size[root] += counts[i];
        if smallest[root].is_none_or(|s| text < s) {
            smallest[root] = Some(text);
        }
    }
    let ids: Vec<Option<ArcStr>> = smallest
        .par_iter()
        .zip(&size)
        .map(|(text, &size)| {
            text.filter(|_| size >= 2)
                .map(|t| ArcStr::from(template_id(t)))
        })
        .collect();
    of_note
        .par_iter()
        .map(|id| match id {
            None => Template::default(),
            Some(id) => {
                let root = roots[*id as usize] as usize;
                Template {
                    id: ids[root].clone(),
                    size: size[root],
                }
            }
        })
        .collect()
}

/// A cluster's id: `t` and 10 hex digits of the SHA-256 of its smallest masked text.
pub fn template_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("t{}", hex::encode(&digest[..5]))
}

/// The set of word trigrams of a text, hashed, sorted and deduplicated. A text of fewer than
/// three words is one shingle.
fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<u64> = if words.len() < 3 {
        vec![hash_str(&words.join(" "))]
    } else {
        words
            .windows(3)
            .map(|w| {
                hash_str(w[0]) ^ mix(hash_str(w[1])).rotate_left(21) ^ mix(mix(hash_str(w[2])))
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Sorted, deduplicated shingles as 32-bit values, the top half of each hash (so still sorted),
/// for the exact checks: at ten million invitations the shingles are the template step's
/// largest holding (some 500 MB as 64-bit values). Two different shingles of a pair of notes
/// (some 60 in all) share their top halves with probability about 4·10⁻⁷; that counts one
/// shingle in common too many, or one fewer in a set.
fn short(shingles: &[u64]) -> Vec<u32> {
    let mut short: Vec<u32> = shingles.iter().map(|&s| (s >> 32) as u32).collect();
    short.dedup();
    short
}

/// MinHash signature: for each of the `HASHES` functions h_i(x) = mix(x) + i·mix2(x) (the
/// Kirsch–Mitzenmacher double-hashing family), the minimum over the shingles.
fn signature(shingles: &[u64]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for &s in shingles {
        let a = mix(s);
        let b = mix(s ^ 0x9e37_79b9_7f4a_7c15) | 1;
        let mut h = a;
        for slot in sig.iter_mut() {
            h = h.wrapping_add(b);
            *slot = (*slot).min(h);
        }
    }
    sig
}

/// One band's key: a hash of its rows (32 bits: a rare collision only adds a candidate, which
/// the checks below turn away).
fn band_hash(band: usize, rows: &[u64]) -> u32 {
    let h = rows
        .iter()
        .fold(mix(band as u64 + 1), |acc, &r| mix(acc ^ r));
    (h >> 32) as u32
}

/// Whether two sorted, deduplicated sets are similar: `jaccard(a, b) >= THRESHOLD`, exactly.
fn similar<T: Ord + Copy>(a: &[T], b: &[T]) -> bool {
    // |A ∩ B| / |A ∪ B| is at most min(|A|, |B|) / max(|A|, |B|): sets of too different sizes
    // need no merge.
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    if (small as f64) < THRESHOLD * large as f64 {
        return false;
    }
    // The merge stops as soon as the shingles in common reach the fewest that pass, or can no
    // longer reach them: most pairs of a bucket are decided well before either set's end.
    let needed = common_needed(a.len() + b.len());
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    // Without branches on the comparison, which a merge of random hashes mispredicts half the
    // time: each step advances the side (or both sides) holding the smaller value.
    while i < a.len() && j < b.len() {
        if common >= needed || common + (a.len() - i).min(b.len() - j) < needed {
            break;
        }
        let (x, y) = (a[i], b[j]);
        common += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    common >= needed
}

/// The fewest shingles two sets of `n` shingles in all must share for a Jaccard similarity of
/// at least `THRESHOLD`, as `jaccard` computes it: `c / (n − c)` rises with `c`, rounding
/// included, so this is where it first reaches the threshold (at most `n`, where it is 1).
fn common_needed(n: usize) -> usize {
    let ratio = |c: usize| {
        let union = n - c;
        if union == 0 {
            1.0
        } else {
            c as f64 / union as f64
        }
    };
    // Just below the real-number answer T·n / (1 + T), then up to the first that passes.
    let mut c = ((THRESHOLD * n as f64) / (1.0 + THRESHOLD)).floor() as usize;
    c = c.saturating_sub(1).min(n);
    while c <= n && ratio(c) < THRESHOLD {
        c += 1;
    }
    c
}

/// Exact Jaccard similarity of two sorted, deduplicated sets.
#[cfg(test)]
fn jaccard<T: Ord + Copy>(a: &[T], b: &[T]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        common += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// FNV-1a, then a finaliser: a fixed, fast string hash (no per-process random state).
fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// SplitMix64's finaliser (Steele, Lea & Flood 2014).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index becomes the root: the result does not depend on link order.
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(texts: &[&str]) -> Vec<Option<String>> {
        texts.iter().map(|t| Some(t.to_string())).collect()
    }

    #[test]
    fn near_duplicates_cluster_and_others_do_not() {
        let base = "i came across your profile and i think you would be a great fit for a senior data role with one of my clients in the city";
        let variant = "i came across your profile and i think you would be a great fit for a senior data role with one of my clients in the area";
        let other = "loved your talk on streaming systems at the conference last week would be great to connect";
        let mut keys = some(&[base, variant, other, base]);
        keys.push(None);
        let t = cluster(&keys);
        assert_eq!(t[0].size, 3);
        assert_eq!(t[1].id, t[0].id);
        assert!(t[0].id.is_some());
        assert_eq!(t[2], Template { id: None, size: 1 });
        assert_eq!(t[4], Template::default());
    }

    #[test]
    fn a_counted_entry_stands_for_its_copies() {
        let a = "we are hiring engineers in leeds and would love to tell you more about it";
        let b = "we are hiring engineers in leeds and would love to tell you more about it today";
        let c = "loved your talk on streaming systems at the conference last week";
        let copies = [3, 1, 2, 1];
        let keys = [Some(a), Some(b), Some(c), None];
        let counted = cluster_counted(&keys, &copies);
        let repeated: Vec<Option<&str>> = keys
            .iter()
            .zip(copies)
            .flat_map(|(&k, n)| std::iter::repeat_n(k, n as usize))
            .collect();
        let each = cluster(&repeated);
        // The first copy of each entry.
        let firsts = copies.iter().scan(0, |at, &n| {
            let first = *at;
            *at += n as usize;
            Some(first)
        });
        let each: Vec<Template> = firsts.map(|i| each[i].clone()).collect();
        assert_eq!(counted, each);
        assert_eq!(counted[0].size, 4);
        assert_eq!(
            counted[2],
            Template {
                id: Some(ArcStr::from(template_id(c))),
                size: 2
            }
        );
    }

    #[test]
    fn ids_do_not_depend_on_order() {
        let a = "we are hiring engineers in leeds and would love to tell you more about it";
        let b = "we are hiring engineers in leeds and would love to tell you more about it today";
        let one = cluster(&some(&[a, b]));
        let two = cluster(&some(&[b, a]));
        assert_eq!(one[0].id, two[1].id);
        assert_eq!(one[0].id.as_deref(), Some(template_id(a).as_str()));
    }

    #[test]
    fn clusters_do_not_depend_on_the_order_of_the_notes() {
        // Notes as mail merges make them: a few sentences with slots, each filled from a small
        // vocabulary, so that many texts are near some and far from others.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let keys: Vec<Option<String>> = (0..20000)
            .map(|_| {
                let template = next(8);
                let words: Vec<String> = (0..30)
                    .map(|w| {
                        if w % 6 == 1 {
                            format!("s{}", next(40))
                        } else {
                            format!("t{template}w{w}")
                        }
                    })
                    .collect();
                Some(words.join(" "))
            })
            .collect();
        let reversed: Vec<Option<String>> = keys.iter().rev().cloned().collect();
        let forward = cluster(&keys);
        let mut backward = cluster(&reversed);
        backward.reverse();
        assert_eq!(forward, backward);
    }

    #[test]
    fn half_size_shingles_are_sorted_sets_that_decide_as_the_full_ones() {
        let texts = [
            "hi <name> i came across your profile and would love to connect",
            "hi <name> i came across your profile and would like to connect",
            "hello <name> we are hiring a senior engineer in <place> apply now",
            "hello <name> we are hiring a senior engineer in <place> apply today",
            "short note",
        ];
        for a in texts {
            let short_a = short(&shingles(a));
            assert!(short_a.windows(2).all(|w| w[0] < w[1]), "{a}");
            for b in texts {
                let (full, half) = (
                    similar(&shingles(a), &shingles(b)),
                    similar(&short_a, &short(&shingles(b))),
                );
                assert_eq!(full, half, "{a} / {b}");
                assert_eq!(
                    jaccard(&shingles(a), &shingles(b)),
                    jaccard(&short_a, &short(&shingles(b)))
                );
            }
        }
    }

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard::<u64>(&[], &[]), 1.0);
        assert_eq!(jaccard(&[1, 5, 9], &[1, 5, 9]), 1.0);
        assert_eq!(jaccard(&[1], &[2, 3]), 0.0);
        // Sizes alone rule out 4 of 5 elements against 6 (at most 4/6 < 0.8); 5 of 6 is 0.833.
        assert!(!similar(&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6]));
        assert!(similar(&[1, 2, 3, 4, 5], &[1, 2, 3, 4, 5, 6]));
        assert!(!similar(&[1, 2, 3, 4, 7], &[1, 2, 3, 4, 5, 6]));
    }

    #[test]
    fn stopping_the_merge_early_decides_as_the_whole_merge_does() {
        // Every pair of sets drawn from a few sizes and overlaps, at and around 0.8.
        let set = |from: u64, len: u64, step: u64| -> Vec<u64> {
            (0..len).map(|k| from + k * step).collect()
        };
        let mut sets = vec![Vec::new()];
        for len in 1..=24 {
            for from in 0..4 {
                sets.push(set(from, len, 1));
                sets.push(set(from, len, 2));
            }
        }
        let mut passed = 0;
        for a in &sets {
            for b in &sets {
                let whole = (a.len().min(b.len()) as f64)
                    >= THRESHOLD * a.len().max(b.len()) as f64
                    && jaccard(a, b) >= THRESHOLD;
                assert_eq!(similar(a, b), whole, "{a:?} {b:?}");
                passed += usize::from(whole);
            }
        }
        assert!(passed > sets.len(), "the sets never pass: {passed}");
    }

    #[test]
    fn minhash_estimates_similarity() {
        let a: Vec<u64> = (0..100).collect();
        let b: Vec<u64> = (10..110).collect();
        let (sa, sb) = (signature(&a), signature(&b));
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / HASHES as f64;
        // True Jaccard 90/110 ≈ 0.82.
        assert!((agree - 0.82).abs() < 0.2, "{agree}");
    }
}
