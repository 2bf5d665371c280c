//! One CSV file of an export as a table whose columns are found by name.
//!
//! LinkedIn changes its headers between eras (columns added, renamed in capitals, every field
//! quoted) and puts a `Notes:` paragraph before some of them, so the header is the first record
//! that names the columns we need, never "line N". Records come from `ingest::records`, as for
//! canonical files: BOM, CRLF or lone-CR line ends, blank lines and quoted fields with real
//! newlines are handled there, lines are counted right, and a record is held to a size limit.

use crate::ingest::records::{self, Outcome, Record as RawRecord, RecordLimits, RecordReader};
use crate::model::normalise_key;

/// A parsed file: the header and every record after it, with its line.
#[derive(Debug)]
pub struct Table {
    /// Header names as written (BOM and surrounding spaces removed).
    pub names: Vec<String>,
    keys: Vec<String>,
    pub records: Vec<Record>,
    /// (line, reason, start of the record) of each record stepped over: over the size limit,
    /// or running over several lines with its fields out of line or a line break where none
    /// belongs (a quote left open).
    pub stepped_over: Vec<(u64, String, String)>,
}

/// Why a file cannot be read as a table.
#[derive(Debug, PartialEq, Eq)]
pub enum TableError {
    /// No record names the needed columns: most likely not the export file it is named as.
    Header(String),
    /// Nothing can be read from `line` on (a quote left open runs to the end of the file).
    Unreadable { line: u64, reason: String },
}

/// One data record.
#[derive(Debug)]
pub struct Record {
    /// 1-based physical line where the record starts.
    pub line: u64,
    pub fields: csv::ByteRecord,
}

/// How many records may come before the header (the `Notes:` preamble takes two).
const HEADER_SEARCH: usize = 20;

impl Table {
    /// Parses `bytes`, taking as header the first record that has every column in `required`
    /// (compared as `normalise_key` does). Errs with what it looked for and what it saw.
    /// `single_line` names the columns that never span lines (names, dates, URLs): a record
    /// with line breaks and commas in one of them (`Record::holds_rows`) is stepped over as a
    /// likely open quote.
    pub fn parse(
        bytes: &[u8],
        required: &[&str],
        single_line: &[&str],
    ) -> Result<Table, TableError> {
        let limits = RecordLimits::DEFAULT;
        let mut reader = RecordReader::new(bytes, limits);
        let mut stepped_over = Vec::new();
        // The next record that fits the limit, stepping over and noting those that do not.
        let mut read = |record: &mut RawRecord| loop {
            return match reader.read(record) {
                // The lines after a quote left open in the last column became its field.
                Ok(Outcome::Record) if record.open_quote() => Err(TableError::Unreadable {
                    line: record.line(),
                    reason: format!(
                        "a quote opened in this row is never closed, so every line after it \
                         was read as one field and nothing after line {} can be read; close \
                         the quote or remove it",
                        record.line()
                    ),
                }),
                Ok(Outcome::Record) => Ok(true),
                Ok(Outcome::End) => Ok(false),
                Ok(Outcome::TooLong(long)) if long.to_end_of_input => Err(TableError::Unreadable {
                    line: long.line,
                    reason: long.describe(limits),
                }),
                Ok(Outcome::TooLong(long)) => {
                    let start = records::preview(record.iter());
                    stepped_over.push((long.line, long.describe(limits), start));
                    continue;
                }
                // Reading bytes already in memory cannot fail.
                Err(e) => Err(TableError::Header(format!("not readable as CSV: {e}"))),
            };
        };
        let wanted: Vec<String> = required.iter().map(|r| normalise_key(r)).collect();
        let mut record = RawRecord::new();
        let mut seen = Vec::new();
        let mut header = None;
        for _ in 0..HEADER_SEARCH {
            if !read(&mut record)? {
                break;
            }
            let names: Vec<String> = record
                .iter()
                .map(|f| {
                    String::from_utf8_lossy(f)
                        .trim_start_matches('\u{feff}')
                        .trim()
                        .to_string()
                })
                .collect();
            let keys: Vec<String> = names.iter().map(|n| normalise_key(n)).collect();
            if wanted.iter().all(|w| keys.contains(w)) {
                header = Some((names, keys));
                break;
            }
            if seen.len() < 3 {
                // Control characters masked: a binary file must not write them into a log.
                seen.push(
                    names
                        .join(",")
                        .chars()
                        .take(80)
                        .map(|c| if c.is_control() { '?' } else { c })
                        .collect::<String>(),
                );
            }
        }
        let Some((names, keys)) = header else {
            return Err(TableError::Header(format!(
                "no header line with the columns {} in its first {HEADER_SEARCH} lines (found: {})",
                required.join(", "),
                if seen.is_empty() {
                    "nothing".to_string()
                } else {
                    seen.join(" | ")
                }
            )));
        };
        let single_line: Vec<usize> = single_line
            .iter()
            .filter_map(|name| keys.iter().position(|k| *k == normalise_key(name)))
            .collect();
        let mut records = Vec::new();
        let mut misaligned = Vec::new();
        while read(&mut record)? {
            // A record of one empty field is a line of spaces or a stray separator: no data.
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            // A quote left open takes the lines after it into one field until a later quote
            // closes it: the record then spans lines, and its fields no longer line up or, when
            // they happen to, a name, a date or a URL holds the rows taken, line breaks and
            // commas. (A message may hold both, in a record of the header's width.)
            let out_of_line = if record.len() != names.len() && record.line_breaks() > 0 {
                Some(record.taken_by_open_quote(&format!(
                    "has {} fields where the header has {}",
                    record.len(),
                    names.len()
                )))
            } else {
                record.taken_rows(single_line.iter().map(|&i| (i, names[i].as_str())))
            };
            if let Some(reason) = out_of_line {
                misaligned.push((record.line(), reason, records::quote(record.iter())));
                continue;
            }
            records.push(Record {
                line: record.line(),
                fields: record.iter().collect(),
            });
        }
        // In line order with the rows over the size limit.
        stepped_over.extend(misaligned);
        stepped_over.sort_by_key(|(line, ..)| *line);
        Ok(Table {
            names,
            keys,
            records,
            stepped_over,
        })
    }

    /// The position of the first column named like any of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            let key = normalise_key(name);
            self.keys.iter().position(|k| *k == key)
        })
    }

    pub fn width(&self) -> usize {
        self.names.len()
    }
}

impl Record {
    /// The field at `column`, trimmed, as text (`""` when absent; invalid UTF-8 as U+FFFD).
    pub fn get(&self, column: Option<usize>) -> String {
        column
            .and_then(|i| self.fields.get(i))
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .unwrap_or_default()
    }

    /// The record as a person would recognise it, for `rejects.csv`.
    pub fn raw(&self) -> String {
        self.fields
            .iter()
            .map(String::from_utf8_lossy)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The first field that is not UTF-8, by column index.
    pub fn invalid_utf8(&self) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| std::str::from_utf8(f).is_err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of the records `text` gives as a table, and the rows it steps over.
    fn read(text: &str, required: &[&str]) -> (Vec<u64>, Vec<(u64, String, String)>) {
        let t = Table::parse(text.as_bytes(), required, &[]).unwrap();
        (t.records.iter().map(|r| r.line).collect(), t.stepped_over)
    }

    #[test]
    fn the_header_is_found_after_a_notes_preamble() {
        let text = "\u{feff}Notes:\n\"When exporting, some e-mail\naddresses are missing.\"\n\nFirst Name,Last Name,URL,Connected On\nAnn,Lee,https://x/in/ann,09 May 2021\n,,,10 May 2021\n\n";
        let t = Table::parse(
            text.as_bytes(),
            &["First Name", "Last Name", "Connected On"],
            &[],
        )
        .unwrap();
        assert_eq!(t.column(&["url"]), Some(2));
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.records[0].line, 6);
        assert_eq!(t.records[0].get(t.column(&["first name"])), "Ann");
    }

    #[test]
    fn lines_are_counted_in_crlf_and_lone_cr_files() {
        for end in ["\r\n", "\r"] {
            let text = [
                "Notes:",
                "",
                "From,Sent At",
                "Ann,1/2/24",
                "",
                "Bob,1/3/24",
                "",
            ]
            .join(end);
            let t = Table::parse(text.as_bytes(), &["From", "Sent At"], &[]).unwrap();
            let lines: Vec<u64> = t.records.iter().map(|r| r.line).collect();
            assert_eq!(lines, [4, 6], "{end:?}");
        }
    }

    #[test]
    fn a_row_over_the_size_limit_is_stepped_over_and_one_that_never_ends_stops() {
        let long = "x".repeat(RecordLimits::DEFAULT.max_bytes + 1);
        let text = format!("From,Sent At\nAnn,1/2/24\n{long},1/3/24\nBob,1/4/24\n");
        let (lines, stepped_over) = read(&text, &["From", "Sent At"]);
        assert_eq!(lines, [2, 4]);
        let [(line, reason, start)] = &stepped_over[..] else {
            panic!("one row stepped over: {stepped_over:?}");
        };
        assert_eq!(*line, 3);
        assert!(reason.contains("16 MiB"), "{reason}");
        assert!(start.len() < 2048 && start.ends_with('…'));

        let text = format!("From,Sent At\nAnn,1/2/24\n\"{long}\nBob,1/4/24\n");
        match Table::parse(text.as_bytes(), &["From", "Sent At"], &[]) {
            Err(TableError::Unreadable { line, reason }) => {
                assert_eq!(line, 3);
                assert!(reason.contains("quote left open on line 3"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_quote_left_open_in_the_last_column_stops_the_file() {
        let text = "From,Sent At,Message\nAnn,1/2/24,\"Hello\nBob,1/3/24,Hi\n";
        match Table::parse(text.as_bytes(), &["From", "Sent At"], &[]) {
            Err(TableError::Unreadable { line, reason }) => {
                assert_eq!(line, 2);
                assert!(reason.contains("never closed"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        // Closed, the same quote spans lines and the file reads.
        let text = "From,Sent At,Message\nAnn,1/2/24,\"Hello\nthere\"\nBob,1/3/24,Hi\n";
        let t = Table::parse(text.as_bytes(), &["From", "Sent At"], &[]).unwrap();
        assert_eq!(t.records.len(), 2);
    }

    #[test]
    fn a_quote_left_open_mid_file_steps_over_the_lines_it_took() {
        // The quote opened on line 3 is closed by the one on line 5: lines 3–5 became one
        // record of the wrong width.
        let text = "First Name,Last Name,Connected On\nAnn,Lee,01 May 2021\nBob,Ray,\"02 May 2021\nCy,Ng,03 May 2021\nDi,\"Ox\",04 May 2021\nEd,Yu,05 May 2021\n";
        let (lines, stepped_over) = read(text, &["First Name", "Connected On"]);
        assert_eq!(lines, [2, 6]);
        let [(line, reason, _)] = &stepped_over[..] else {
            panic!("one row stepped over: {stepped_over:?}");
        };
        assert_eq!(*line, 3);
        assert!(reason.contains("lines 3–5"), "{reason}");
        assert!(reason.contains("quote left open on line 3 may"), "{reason}");
        // A line break inside a field of a record of the right width is a message's.
        let text = "From,Content,Date\nAnn,\"Hi,\nthere\",01 May 2021\n";
        let t = Table::parse(text.as_bytes(), &["From", "Date"], &["From", "Date"]).unwrap();
        assert_eq!(t.records.len(), 1);
        assert!(t.stepped_over.is_empty());
    }

    #[test]
    fn a_quote_left_open_that_keeps_the_width_is_found_by_the_rows_it_took() {
        // The quote opened in Company on line 3 is closed by the one on line 5, and the fields
        // happen to line up: six of them, Company holding lines 3–5. Lines 4 and 5 were rows.
        let text = "First Name,Last Name,Email Address,Company,Position,Connected On\n\
                    Ann,Lee,,Acme,Analyst,01 May 2021\n\
                    Flo,Crane,,\"Acme,Analyst,27 Aug 2022\n\
                    Gus,Hale,,Beta,Tester,24 Aug 2022\n\
                    Ida,Moss,,\"Gamma\",Lead,24 Aug 2022\n\
                    Jo,Park,,Delta,Lead,24 Aug 2022\n";
        let required = ["First Name", "Connected On"];
        let all = [
            "First Name",
            "Last Name",
            "Email Address",
            "Company",
            "Position",
            "Connected On",
        ];
        let t = Table::parse(text.as_bytes(), &required, &all).unwrap();
        let lines: Vec<u64> = t.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 6]);
        let [(line, reason, start)] = &t.stepped_over[..] else {
            panic!("one row stepped over: {:?}", t.stepped_over);
        };
        assert_eq!(*line, 3);
        assert!(reason.contains("lines 3–5"), "{reason}");
        assert!(
            reason.contains(
                "its 'Company' field, which never spans lines, holds line breaks and commas"
            ),
            "{reason}"
        );
        assert!(reason.contains("quote left open on line 3 may"), "{reason}");
        assert!(start.contains("Gus,Hale"), "{start}");
        // Without the columns named, the record is read as it stands.
        let t = Table::parse(text.as_bytes(), &required, &[]).unwrap();
        assert_eq!(t.records.len(), 3);
        // A name pasted with a line break in it holds no rows: it is read.
        let text =
            "First Name,Last Name,Company,Connected On\n\"Ann\nMarie\",Lee,Acme,01 May 2021\n";
        let t = Table::parse(text.as_bytes(), &required, &all).unwrap();
        assert_eq!((t.records.len(), t.stepped_over.len()), (1, 0));
        // Nor a name with a comma in a row whose message spans lines.
        let text = "From,Content,Date\n\"Lee, Ann\",\"Hi,\nthere\",01 May 2021\n";
        let t = Table::parse(text.as_bytes(), &["From", "Date"], &["From", "Date"]).unwrap();
        assert_eq!((t.records.len(), t.stepped_over.len()), (1, 0));
    }

    #[test]
    fn a_missing_header_is_described() {
        let Err(TableError::Header(err)) = Table::parse(b"a,b\n1,2\n", &["From", "Sent At"], &[])
        else {
            panic!("a header error");
        };
        assert!(err.contains("From, Sent At"), "{err}");
        assert!(err.contains("a,b"), "{err}");
    }
}
