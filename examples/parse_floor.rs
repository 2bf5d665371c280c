//! The floor for `report`'s speed: read and parse a CSV file with the csv crate, counting
//! records and doing nothing else. `scripts/bench.sh` reports `report`'s time as a multiple of it.
//!
//!     cargo run --release --example parse_floor -- FILE

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: parse_floor FILE")?;
    let started = Instant::now();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
    let mut record = csv::ByteRecord::new();
    let mut records = 0u64;
    while reader.read_byte_record(&mut record)? {
        records += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{records} records in {seconds:.3} s");
    Ok(())
}
