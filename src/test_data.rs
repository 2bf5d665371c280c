//! Data the unit tests of the runs share: generated inputs, and copies of them as an
//! overlapping export would hold them.

use std::path::{Path, PathBuf};

/// `generate`'s canonical file of `rows` invitations (three in four with a note), written to
/// `folder/name`.
pub fn generated(folder: &Path, name: &str, rows: usize, seed: u64) -> PathBuf {
    let path = folder.join(name);
    let options = crate::generate::GenerateOptions {
        rows,
        seed,
        note_percent: 75,
        ..Default::default()
    };
    crate::generate::write_canonical(&options, std::fs::File::create(&path).unwrap()).unwrap();
    path
}

/// `rows` of `a`'s invitations again, written to `b`: every other one without its URL, and the
/// pending ones declined: copies that merge by URL and by name, and advance the outcome.
pub fn copies_of(a: &Path, rows: std::ops::Range<usize>, b: PathBuf) -> PathBuf {
    let mut reader = csv::Reader::from_path(a).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (url, status) = (at("sender_profile_url"), at("status"));
    let mut writer = csv::Writer::from_path(&b).unwrap();
    writer.write_record(&header).unwrap();
    for (i, record) in reader
        .records()
        .enumerate()
        .skip(rows.start)
        .take(rows.len())
    {
        let mut fields: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if i % 2 == 0 {
            fields[url].clear();
        }
        if fields[status] == "pending" {
            fields[status] = "declined".into();
        }
        writer.write_record(&fields).unwrap();
    }
    writer.flush().unwrap();
    b
}
