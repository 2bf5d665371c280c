//! Benchmark of template clustering (docs/tagging.md) and of the whole tagger on many notes.
//!
//! ```sh
//! cargo run --release --example template_bench -- 1000000
//! ```
//!
//! Builds N synthetic notes (default one million): 60% copies of 500 mass-sent templates with
//! names swapped and now and then a word changed, 40% unique notes drawn from a vocabulary, so
//! that the LSH has real work. Prints the time of `tag::templates::cluster` on the masked texts
//! and of `tag::tag_all` on whole invitations. A benchmark, not a test: nothing is asserted.

use arcstr::ArcStr;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use invitescope::model::Invitation;
use invitescope::tag::{note, tag_all, templates, Rules, TagOptions};
use rayon::prelude::*;

const NAMES: [&str; 12] = [
    "Tom", "Ann", "Raj", "Zoë", "Priya", "Leo", "Marta", "Kenji", "Aisha", "Sam", "Olu", "Ines",
];
const WORDS: [&str; 40] = [
    "data",
    "team",
    "role",
    "growth",
    "hiring",
    "platform",
    "engineering",
    "finance",
    "client",
    "market",
    "network",
    "product",
    "design",
    "cloud",
    "security",
    "sales",
    "talent",
    "project",
    "remote",
    "london",
    "leeds",
    "berlin",
    "startup",
    "scale",
    "opportunity",
    "experience",
    "interview",
    "salary",
    "contract",
    "permanent",
    "senior",
    "junior",
    "lead",
    "manager",
    "analytics",
    "python",
    "java",
    "insight",
    "strategy",
    "people",
];

/// SplitMix64: a tiny fixed generator, so every run builds the same notes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentence(rng: &mut Rng, words: usize) -> Vec<&'static str> {
    (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(42);
    let bodies: Vec<Vec<&str>> = (0..500).map(|_| sentence(&mut rng, 25)).collect();
    let notes: Vec<String> = (0..n)
        .map(|_| {
            let name = NAMES[rng.below(NAMES.len())];
            if rng.below(10) < 6 {
                let mut body = bodies[rng.below(bodies.len())].clone();
                if rng.below(4) == 0 {
                    let at = rng.below(body.len());
                    body[at] = WORDS[rng.below(WORDS.len())];
                }
                format!("Hi {name}, {}. Kind regards, Sam", body.join(" "))
            } else {
                let len = 8 + rng.below(30);
                format!("Hi {name}, {}.", sentence(&mut rng, len).join(" "))
            }
        })
        .collect();
    let invitations: Vec<Invitation> = notes
        .iter()
        .enumerate()
        .map(|(i, message)| Invitation {
            invite_id: i.to_string().into(),
            source: ArcStr::from("bench"),
            line: i as u64 + 2,
            message: message.clone().into(),
            ..Invitation::pending(
                "Sam Lee",
                Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap(),
            )
        })
        .collect();
    let threads = rayon::current_num_threads();
    let rules = Rules::embedded();

    // The masked texts the tagger would cluster (greeting and sign-off names masked).
    let keys: Vec<Option<String>> = notes
        .par_iter()
        .map(|m| note::analyse(m, "Sam Lee", "", &rules).template_key)
        .collect();
    let start = Instant::now();
    let clusters = templates::cluster(&keys);
    let cluster_time = start.elapsed();
    let mut ids: Vec<&str> = clusters.iter().filter_map(|t| t.id.as_deref()).collect();
    ids.sort_unstable();
    ids.dedup();

    let start = Instant::now();
    let options = TagOptions {
        template_min: 3,
        senders: None,
    };
    let tags = tag_all(&invitations, &rules, options);
    let tag_time = start.elapsed();
    let mass_sent = tags.iter().filter(|t| t.template_size >= 3).count();
    println!(
        "{n} notes, {threads} threads: templates::cluster {:.2} s ({} clusters of 2+); \
         tag_all {:.2} s ({mass_sent} notes in templates of 3+)",
        cluster_time.as_secs_f64(),
        ids.len(),
        tag_time.as_secs_f64(),
    );
}
