//! CSV records, each with the physical line it starts on and held to a size limit.
//!
//! Takes any byte stream; gives one record at a time, or says that a record was over the limit
//! and which lines it spans. Must never hold more than one record's limit in memory, whatever
//! the input: a 1 GB file that is one line, or a quote left open near the top of a 1 GB file.
//!
//! Built on csv-core, which parses into buffers its caller owns. The csv crate's `Reader` grows
//! its record buffer until the record ends, and cannot be stopped part-way through one. Past
//! the limit this reader keeps the parser running over the rest of the record with a small
//! scratch buffer, so the parser stops exactly where a full read would have and the next record
//! is read as usual (the parse is the csv crate's: same dialect, BOM stripped, blank lines
//! skipped).
//!
//! Lines: the csv crate's own `Position::line` is off in CRLF files and after blank lines
//! (BurntSushi/rust-csv#395, #208), and every reject must name the right line. A record starts
//! at the first byte after the previous record that is neither `\r` nor `\n` (the parser skips
//! blank lines), and the line breaks before that byte give its line. A line break is `\n`,
//! `\r\n` or a lone `\r`, as the parser and most editors see it: Excel for Mac's "CSV
//! (Macintosh)" ends lines with `\r` alone, and counting only `\n`s put every row of such a file
//! on line 1.

use std::io::{ErrorKind, Read};

/// How large one record may grow before it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordLimits {
    /// Bytes of field text (quotes, separators and line ends not counted).
    pub max_bytes: usize,
    /// Fields; each costs a `usize` of memory however short it is, so `,,,,` needs a limit of
    /// its own.
    pub max_fields: usize,
}

impl RecordLimits {
    /// 16 MiB of text and 1 Mi fields (8 MiB of field offsets), so one record never takes more
    /// than 24 MiB however the file is broken.
    ///
    /// A real invitation is a few hundred bytes: a note is at most 300 characters on LinkedIn
    /// and the other columns are names, a headline, URLs and dates; a canonical file has 13
    /// known columns (docs/inputs.md) and an export a handful. 16 MiB is tens of thousands of times
    /// that, and above the 10 MB note the nasty-input suite must still read and tag, so no
    /// file written by a person or a tool is refused; what it stops is a file that is one giant
    /// line, or a quote left open that would swallow the rest of a large file into one record.
    /// It is kept well below the 256 MB an export member may unpack to, so a record over it is
    /// refused before memory is at risk.
    pub const DEFAULT: RecordLimits = RecordLimits {
        max_bytes: 16 << 20,
        max_fields: 1 << 20,
    };
}

/// Which limit a record went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Bytes,
    Fields,
}

/// A record over its limit, which the reader stepped over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    pub limit: Limit,
    /// 1-based line where the record starts.
    pub line: u64,
    /// 1-based line where it ends.
    pub last_line: u64,
    /// The record ran to the end of the input: nothing after `line` could be read as records
    /// (usually a quote left open).
    pub to_end_of_input: bool,
}

impl TooLong {
    /// What went wrong, for a message that names the file first: "the row is longer than …".
    pub fn describe(&self, limits: RecordLimits) -> String {
        let over = match self.limit {
            Limit::Bytes => format!(
                "is longer than the {} limit for one row",
                human_bytes(limits.max_bytes)
            ),
            Limit::Fields => format!(
                "has more than the {} fields allowed in one row",
                limits.max_fields
            ),
        };
        if self.to_end_of_input {
            format!(
                "the row starting here {over} and runs to the end of the file (line {}), so \
                 nothing after line {} can be read; look for a quote left open on line {}",
                self.last_line, self.line, self.line
            )
        } else if self.last_line > self.line {
            format!(
                "the row {over} (it runs to line {}); look for a quote left open on line {}",
                self.last_line, self.line
            )
        } else {
            format!("the row {over}; a real invitation is a few hundred bytes")
        }
    }
}

/// `16 MiB` for a power of two in MiB, else bytes.
fn human_bytes(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes}-byte")
    }
}

/// What `RecordReader::read` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The record is filled in.
    Record,
    /// A record over the limit; the record holds as much of its start as fitted.
    TooLong(TooLong),
    /// No more records.
    End,
}

/// One record's fields, reused from record to record like the csv crate's `ByteRecord`.
#[derive(Debug, Default)]
pub struct Record {
    /// Field text back to back; only `text[..ends[fields - 1]]` is the record's.
    text: Vec<u8>,
    /// Where each field ends in `text`.
    ends: Vec<usize>,
    fields: usize,
    line: u64,
    /// The input ended inside a quoted field that had swallowed line breaks (`open_quote`).
    open_quote: bool,
}

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    /// 1-based physical line where the record starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.fields
    }

    pub fn is_empty(&self) -> bool {
        self.fields == 0
    }

    /// Bytes the record uses: its text and one offset per field (a row of a million empty
    /// fields is 8 MB of offsets and no text).
    pub fn used_bytes(&self) -> usize {
        let text = self.fields.checked_sub(1).map_or(0, |last| self.ends[last]);
        text + self.fields * std::mem::size_of::<usize>()
    }

    /// Bytes the record's buffers hold on to, used or not.
    pub fn held_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }

    /// The line breaks inside the record's fields (`\n`, `\r\n` or a lone `\r`, each once):
    /// only a quoted field holds one, so a record with any spans several lines.
    pub fn line_breaks(&self) -> u64 {
        count_breaks(self.text_and_ends().0, 0)
    }

    /// Whether field `index` looks like rows a quote left open took into it: a line break and
    /// a comma (those between the rows' fields). A value pasted with a line break in it, or
    /// after it, has no comma. False when there is no such field.
    pub fn holds_rows(&self, index: usize) -> bool {
        self.iter().nth(index).is_some_and(|field| {
            memchr::memchr2(b'\n', b'\r', field).is_some() && memchr::memchr(b',', field).is_some()
        })
    }

    /// Why this record is most likely rows a quote left open took, when one of `single_line`
    /// (a field's place and its column's name), fields that never span lines, holds rows
    /// (`holds_rows`); `None` when none does. The fields happen to line up then: a later quote
    /// closed the one left open.
    pub fn taken_rows<'n>(
        &self,
        single_line: impl IntoIterator<Item = (usize, &'n str)>,
    ) -> Option<String> {
        if self.line_breaks() == 0 {
            return None;
        }
        let (_, name) = single_line
            .into_iter()
            .find(|&(index, _)| self.holds_rows(index))?;
        Some(self.taken_by_open_quote(&format!(
            "its '{name}' field, which never spans lines, holds line breaks and commas"
        )))
    }

    /// The reason given for a record over several lines that `tell` (what gives it away, as
    /// "has 9 fields where the header has 6") shows to be rows a quote left open took.
    pub fn taken_by_open_quote(&self, tell: &str) -> String {
        let line = self.line;
        format!(
            "the row runs over lines {line}–{} and {tell}: a quote left open on line {line} may \
             have taken the lines after it into one field; check that quote",
            line + self.line_breaks()
        )
    }

    /// The fields' text back to back, and where each field ends in it.
    pub fn text_and_ends(&self) -> (&[u8], &[usize]) {
        let ends = &self.ends[..self.fields];
        (&self.text[..ends.last().copied().unwrap_or(0)], ends)
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + Clone + '_ {
        let ends = &self.ends[..self.fields];
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends).map(|(start, &end)| &self.text[start..end])
    }

    fn clear(&mut self) {
        self.fields = 0;
        self.line = 0;
        self.open_quote = false;
    }

    /// Whether the input ended inside a quoted field that spans lines: a quote left open,
    /// which took every line after it into this record's last field. The parser closes such a
    /// field at the end of the input without a word, so the reader counts the record's quote
    /// characters: an odd count at the end of the input, with a line break inside a field
    /// (which only a quoted field can hold), is a quote never closed.
    pub fn open_quote(&self) -> bool {
        self.open_quote
    }
}

/// The line breaks in `bytes` (`\n`, `\r\n` or a lone `\r`, each once), `before` being the byte
/// that precedes them, so a `\r\n` split between two reads counts once.
fn count_breaks(bytes: &[u8], before: u8) -> u64 {
    memchr::memchr2_iter(b'\r', b'\n', bytes)
        .filter(|&i| {
            let previous = if i == 0 { before } else { bytes[i - 1] };
            bytes[i] == b'\r' || previous != b'\r'
        })
        .count() as u64
}

/// Doubles `buffer` up to `limit` elements; false when it is already there.
fn grow<T: Default + Clone>(buffer: &mut Vec<T>, limit: usize, first: usize) -> bool {
    if buffer.len() >= limit {
        return false;
    }
    let size = (buffer.len() * 2).max(first).min(limit);
    // Exactly: `resize` alone may double the capacity again, past the limit.
    buffer.reserve_exact(size - buffer.len());
    buffer.resize(size, T::default());
    true
}

/// Reads CSV records from a byte stream (see the module header).
pub struct RecordReader<R> {
    input: R,
    parser: csv_core::Reader,
    limits: RecordLimits,
    buffer: Box<[u8]>,
    /// The bytes read but not yet parsed are `buffer[start..end]`.
    start: usize,
    end: usize,
    /// `input` has returned 0.
    input_done: bool,
    /// The parser has said there are no more records.
    finished: bool,
    /// Bytes and line breaks the parser has consumed.
    consumed: u64,
    breaks: u64,
    /// The last byte consumed (0 before the first).
    last_byte: u8,
    /// Where the parser writes the rest of a record over the limit.
    scratch: Box<[u8]>,
    scratch_ends: Box<[usize]>,
}

const BUFFER: usize = 64 << 10;
const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R: Read> RecordReader<R> {
    pub fn new(input: R, limits: RecordLimits) -> RecordReader<R> {
        RecordReader {
            input,
            parser: csv_core::Reader::new(),
            limits,
            buffer: vec![0; BUFFER].into_boxed_slice(),
            start: 0,
            end: 0,
            input_done: false,
            finished: false,
            consumed: 0,
            breaks: 0,
            last_byte: 0,
            scratch: vec![0; BUFFER].into_boxed_slice(),
            scratch_ends: vec![0; 1024].into_boxed_slice(),
        }
    }

    /// The next record into `record`. Errs only when the input does.
    pub fn read(&mut self, record: &mut Record) -> std::io::Result<Outcome> {
        use csv_core::ReadRecordResult as Parsed;

        record.clear();
        if self.finished {
            return Ok(Outcome::End);
        }
        let mut line = None;
        let mut over = None;
        let mut quotes = 0usize;
        let (mut text_len, mut fields) = (0, 0);
        loop {
            if self.start == self.end && !self.input_done {
                self.fill()?;
            }
            let input = &self.buffer[self.start..self.end];
            if line.is_none() {
                line = self.start_line(input);
            }
            let (parsed, read, written, ended) = if over.is_some() {
                self.parser
                    .read_record(input, &mut self.scratch, &mut self.scratch_ends)
            } else {
                self.parser.read_record(
                    input,
                    &mut record.text[text_len..],
                    &mut record.ends[fields..],
                )
            };
            let at_end_of_input = input.is_empty();
            self.breaks += count_breaks(&input[..read], self.last_byte);
            quotes += memchr::memchr_iter(b'"', &input[..read]).count();
            if read > 0 {
                self.last_byte = input[read - 1];
            }
            self.consumed += read as u64;
            self.start += read;
            if over.is_none() {
                text_len += written;
                fields += ended;
            }
            match parsed {
                Parsed::InputEmpty => {}
                // The parser asks for room before it knows whether the next byte needs any,
                // so the buffers may grow one past the limit; a record that fills that slot
                // is over it.
                Parsed::OutputFull => {
                    if over.is_none() && !grow(&mut record.text, self.limits.max_bytes + 1, 1 << 10)
                    {
                        over = Some(Limit::Bytes);
                        record.keep_start(text_len, fields, self.limits);
                    }
                }
                Parsed::OutputEndsFull => {
                    if over.is_none() && !grow(&mut record.ends, self.limits.max_fields + 1, 64) {
                        over = Some(Limit::Fields);
                        record.keep_start(text_len, fields, self.limits);
                    }
                }
                Parsed::Record => {
                    // No record starts with a line break, so `line` is known by now.
                    let line = line.unwrap_or(self.breaks + 1);
                    record.line = line;
                    if over.is_none() && fields > self.limits.max_fields {
                        over = Some(Limit::Fields);
                        record.keep_start(text_len, fields, self.limits);
                    }
                    let Some(limit) = over else {
                        record.fields = fields;
                        record.open_quote =
                            at_end_of_input && quotes % 2 == 1 && record.line_breaks() > 0;
                        return Ok(Outcome::Record);
                    };
                    // The line of the record's last byte: a line break there is counted already.
                    let after_break = matches!(self.last_byte, b'\r' | b'\n');
                    let last_line = self.breaks + u64::from(!after_break);
                    if at_end_of_input {
                        self.finished = true;
                    }
                    return Ok(Outcome::TooLong(TooLong {
                        limit,
                        line,
                        last_line: last_line.max(line),
                        to_end_of_input: at_end_of_input,
                    }));
                }
                Parsed::End => {
                    self.finished = true;
                    return Ok(Outcome::End);
                }
            }
        }
    }

    /// The line of a record whose first bytes are `input`, unless `input` is only line breaks
    /// (or empty), which the parser skips.
    fn start_line(&self, input: &[u8]) -> Option<u64> {
        let input = match input.strip_prefix(BOM) {
            Some(rest) if self.consumed == 0 => rest,
            _ => input,
        };
        let blank = input.iter().position(|b| *b != b'\r' && *b != b'\n')?;
        Some(self.breaks + count_breaks(&input[..blank], self.last_byte) + 1)
    }

    /// Refills the empty buffer. At the very start it reads a byte past a byte-order mark: the
    /// parser strips a BOM only when it sees it whole, and takes the empty input left after
    /// stripping one for the end of the file.
    fn fill(&mut self) -> std::io::Result<()> {
        self.start = 0;
        self.end = 0;
        loop {
            let n = match self.input.read(&mut self.buffer[self.end..]) {
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                self.input_done = true;
                return Ok(());
            }
            self.end += n;
            if self.consumed > 0 || self.end > BOM.len() {
                return Ok(());
            }
        }
    }
}

impl Record {
    /// After the limit: keeps the complete fields and the start of the one being read, so a
    /// message can quote how the record began.
    fn keep_start(&mut self, text_len: usize, fields: usize, limits: RecordLimits) {
        self.fields = fields.min(limits.max_fields);
        let text_len = text_len.min(limits.max_bytes);
        let last_end = self.fields.checked_sub(1).map_or(0, |i| self.ends[i]);
        if text_len > last_end && self.fields < limits.max_fields {
            if self.fields == self.ends.len() {
                self.ends.push(text_len);
            } else {
                self.ends[self.fields] = text_len;
            }
            self.fields += 1;
        }
    }
}

/// A record as a person would recognise it in `rejects.csv`: as a CSV writer writes it
/// (invalid UTF-8 as U+FFFD, a field holding a comma quoted), whole up to 64 KiB, else cut as
/// `preview` cuts it: a row of a million fields must not become a megabyte of rejects.csv.
pub fn quote<'a>(fields: impl Iterator<Item = &'a [u8]> + Clone) -> String {
    const QUOTED_WHOLE: usize = 64 << 10;
    // A separator counts too, so that a row of a million empty fields is cut short as well.
    let size: usize = fields.clone().map(|f| f.len() + 1).sum();
    if size > QUOTED_WHOLE {
        preview(fields)
    } else {
        csv_line(fields)
    }
}

/// The first kilobyte or so of a record, as `quote` writes it, then `…`: how a record over the
/// size limit is quoted, since the whole of it could be megabytes of one line.
pub fn preview<'a>(fields: impl Iterator<Item = &'a [u8]>) -> String {
    const BYTES: usize = 1 << 10;
    let mut left = BYTES;
    let fields = fields.map_while(|field| {
        if left == 0 {
            return None;
        }
        let taken = &field[..field.len().min(left)];
        left = left.saturating_sub(taken.len() + 1);
        Some(taken)
    });
    let mut text = csv_line(fields);
    text.push('…');
    text
}

/// Fields written as one CSV line, without its line end.
fn csv_line<'a>(fields: impl Iterator<Item = &'a [u8]>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let fields: Vec<_> = fields.map(String::from_utf8_lossy).collect();
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields.iter().map(|f| f.as_bytes()));
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record's line and fields, or `TooLong` as its lines, under `limits`.
    fn read_all(text: &[u8], limits: RecordLimits) -> Vec<(Vec<String>, Option<TooLong>)> {
        let mut reader = RecordReader::new(text, limits);
        let mut record = Record::new();
        let mut out = Vec::new();
        loop {
            let outcome = reader.read(&mut record).unwrap();
            let fields = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            match outcome {
                Outcome::Record => {
                    let mut fields: Vec<String> = fields;
                    fields.insert(0, record.line().to_string());
                    out.push((fields, None));
                }
                Outcome::TooLong(long) => out.push((fields, Some(long))),
                Outcome::End => return out,
            }
        }
    }

    fn lines_of_records(text: &[u8]) -> Vec<u64> {
        read_all(text, RecordLimits::DEFAULT)
            .into_iter()
            .map(|(fields, _)| fields[0].parse().unwrap())
            .collect()
    }

    #[test]
    fn lines_are_right_with_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines_of_records(b"h\na\nb\n"), [1, 2, 3]);
        assert_eq!(lines_of_records(b"h\r\na\r\nb\r\n"), [1, 2, 3]);
        assert_eq!(lines_of_records(b"h\n\n\n\nb\n"), [1, 5]);
        assert_eq!(lines_of_records(b"h\r\n\r\nb"), [1, 3]);
        assert_eq!(lines_of_records(b"h\n\"x\r\ny\"\nz\n"), [1, 2, 4]);
        assert_eq!(lines_of_records(b"\xEF\xBB\xBFh\na\n"), [1, 2]);
        assert_eq!(lines_of_records(b"\xEF\xBB\xBF\n\nh\r\na\r"), [3, 4]);
        // A lone `\r` ends a line too (Excel for Mac), and a `\r\n` is one line break even
        // inside a quoted field.
        assert_eq!(lines_of_records(b"h\ra\r\rb"), [1, 2, 4]);
        assert_eq!(lines_of_records(b"h\r\"x\r\ny\ri\"\r\nz"), [1, 2, 5]);
        // Found by fuzzing: the row after a header ended by a lone `\r` was put on line 1.
        assert_eq!(lines_of_records(b"receivedat,sender\r1"), [1, 2]);
        assert_eq!(lines_of_records(b"\n\r\n"), [0u64; 0]);
    }

    #[test]
    fn a_field_holds_rows_with_a_line_break_and_a_comma() {
        let text = b"\"a\nb\",\"a,b\",\"a,\nb\",\"a,\rb\",plain\n";
        let mut reader = RecordReader::new(&text[..], RecordLimits::DEFAULT);
        let mut record = Record::new();
        assert!(matches!(reader.read(&mut record).unwrap(), Outcome::Record));
        let holds: Vec<bool> = (0..6).map(|i| record.holds_rows(i)).collect();
        // A break alone, a comma alone, both, both with a lone `\r`, neither, no such field.
        assert_eq!(holds, [false, false, true, true, false, false]);
    }

    #[test]
    fn fields_are_parsed_like_the_csv_crate_does() {
        let text = b"\xEF\xBB\xBFa,\"b,\"\"c\"\"\",\r\n\n x ,\"multi\nline\"\n\"\"\n";
        let mut want = Vec::new();
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&text[..]);
        for record in csv.byte_records() {
            let record = record.unwrap();
            want.push(
                record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect::<Vec<_>>(),
            );
        }
        let got: Vec<Vec<String>> = read_all(text, RecordLimits::DEFAULT)
            .into_iter()
            .map(|(mut fields, _)| fields.split_off(1))
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[0], ["a", "b,\"c\"", ""]);
    }

    #[test]
    fn a_record_over_the_limit_is_stepped_over_and_the_next_one_read() {
        let limits = RecordLimits {
            max_bytes: 8,
            max_fields: 4,
        };
        let text = b"h,i\n0123456789abcdef,x\nok,1\r\n\"over\r\nthree\nlines\"\nshort,2\n";
        let got = read_all(text, limits);
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[0].0, ["1", "h", "i"]);
        // The start of the long record is kept for the message.
        assert_eq!(got[1].0, ["01234567"]);
        assert_eq!(
            got[1].1,
            Some(TooLong {
                limit: Limit::Bytes,
                line: 2,
                last_line: 2,
                to_end_of_input: false
            })
        );
        assert_eq!(got[2].0, ["3", "ok", "1"]);
        let long = got[3].1.as_ref().unwrap();
        assert_eq!((long.line, long.last_line), (4, 6));
        assert_eq!(got[4].0, ["7", "short", "2"]);

        // Exactly at the limits is fine.
        let got = read_all(b"12345678,\n,,,\n,,,,\n", limits);
        assert_eq!(got[0].0, ["1", "12345678", ""]);
        assert_eq!(got[1].0, ["2", "", "", "", ""]);
        assert_eq!(got[2].1.as_ref().unwrap().limit, Limit::Fields);
    }

    #[test]
    fn a_quote_left_open_runs_to_the_end_and_says_so() {
        let limits = RecordLimits {
            max_bytes: 16,
            max_fields: 4,
        };
        let mut text = b"h\r\nfine\r\n\"open".to_vec();
        for _ in 0..1000 {
            text.extend_from_slice(b"row,row\r\n");
        }
        let got = read_all(&text, limits);
        assert_eq!(got.len(), 3, "{:?}", &got[..3.min(got.len())]);
        assert_eq!(
            got[2].1,
            Some(TooLong {
                limit: Limit::Bytes,
                line: 3,
                last_line: 1002,
                to_end_of_input: true
            })
        );
        let message = got[2].1.as_ref().unwrap().describe(limits);
        assert!(
            message.contains("runs to the end of the file (line 1002)"),
            "{message}"
        );
        assert!(message.contains("16-byte limit"), "{message}");
    }

    #[test]
    fn memory_stays_at_the_limit_however_long_the_record() {
        let limits = RecordLimits {
            max_bytes: 1 << 10,
            max_fields: 64,
        };
        let mut text = b"h\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 1 << 20));
        text.extend_from_slice(b"\n");
        text.extend(std::iter::repeat_n(b',', 1 << 20));
        text.extend_from_slice(b"\nlast\n");
        let mut reader = RecordReader::new(&text[..], limits);
        let mut record = Record::new();
        let mut outcomes = Vec::new();
        loop {
            let outcome = reader.read(&mut record).unwrap();
            assert!(record.text.capacity() <= limits.max_bytes + 1);
            assert!(record.ends.capacity() <= limits.max_fields + 1);
            if outcome == Outcome::End {
                break;
            }
            outcomes.push(outcome);
        }
        assert!(matches!(&outcomes[1], Outcome::TooLong(t) if t.limit == Limit::Bytes));
        assert!(matches!(&outcomes[2], Outcome::TooLong(t) if t.limit == Limit::Fields));
        assert_eq!(outcomes[3], Outcome::Record);
        assert_eq!(record.line(), 0, "cleared at the end");
    }

    #[test]
    fn a_reader_that_gives_a_byte_at_a_time_reads_the_same() {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                if buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        let text = b"\xEF\xBB\xBFh,i\r\n\r\n\"a\nb\",c\n";
        let mut reader = RecordReader::new(Trickle(text), RecordLimits::DEFAULT);
        let mut record = Record::new();
        let mut got = Vec::new();
        while reader.read(&mut record).unwrap() == Outcome::Record {
            got.push((
                record.line(),
                record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>(),
            ));
        }
        assert_eq!(
            got,
            [
                (1, vec![b"h".to_vec(), b"i".to_vec()]),
                (3, vec![b"a\nb".to_vec(), b"c".to_vec()])
            ]
        );
    }
}
