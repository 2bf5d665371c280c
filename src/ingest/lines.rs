//! Physical line numbers for CSV records.
//!
//! The csv crate's own `Position::line` is off in CRLF files and after blank lines
//! (BurntSushi/rust-csv#395, #208), and every reject must name the right line. Its
//! `Position::byte` is where the reader resumed after the previous record, which may still be
//! before the `\n` of a CRLF or before blank lines. So the input is read through `LineTracking`,
//! which notes where each `\r` and `\n` falls; a record starts at the first byte from that
//! offset that is neither, and the `\n`s before it give its line. Only the line breaks of the
//! reader's look-ahead are kept, so memory stays flat.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

/// Offsets of `\r` and `\n` bytes seen but not yet passed, and how many `\n`s lie before them.
#[derive(Debug, Default)]
pub struct LineIndex {
    /// (offset, is `\n`) in input order.
    pending: VecDeque<(u64, bool)>,
    newlines_passed: u64,
}

impl LineIndex {
    /// The 1-based line of the record the reader reports at `offset`, skipping the line breaks
    /// and blank lines it may not have stepped over yet. Offsets must not decrease.
    pub fn record_line(&mut self, mut offset: u64) -> u64 {
        while let Some(&(at, newline)) = self.pending.front() {
            if at < offset {
                self.newlines_passed += u64::from(newline);
            } else if at == offset {
                // A line break where the record should start: it belongs to what came before.
                self.newlines_passed += u64::from(newline);
                offset += 1;
            } else {
                break;
            }
            self.pending.pop_front();
        }
        self.newlines_passed + 1
    }
}

/// A reader that records newline offsets into a shared `LineIndex` as bytes pass through.
pub struct LineTracking<R> {
    inner: R,
    offset: u64,
    index: Rc<RefCell<LineIndex>>,
}

impl<R> LineTracking<R> {
    pub fn new(inner: R) -> (LineTracking<R>, Rc<RefCell<LineIndex>>) {
        let index = Rc::new(RefCell::new(LineIndex::default()));
        let reader = LineTracking {
            inner,
            offset: 0,
            index: Rc::clone(&index),
        };
        (reader, index)
    }
}

impl<R: Read> Read for LineTracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut index = self.index.borrow_mut();
        index.pending.extend(
            memchr::memchr2_iter(b'\n', b'\r', &buf[..n])
                .map(|i| (self.offset + i as u64, buf[i] == b'\n')),
        );
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of_records(text: &[u8]) -> Vec<u64> {
        let (reader, index) = LineTracking::new(text);
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while csv.read_byte_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            lines.push(index.borrow_mut().record_line(byte));
        }
        lines
    }

    #[test]
    fn lines_are_right_with_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines_of_records(b"h\na\nb\n"), [1, 2, 3]);
        assert_eq!(lines_of_records(b"h\r\na\r\nb\r\n"), [1, 2, 3]);
        assert_eq!(lines_of_records(b"h\n\n\n\nb\n"), [1, 5]);
        assert_eq!(lines_of_records(b"h\r\n\r\nb"), [1, 3]);
        assert_eq!(lines_of_records(b"h\n\"x\r\ny\"\nz\n"), [1, 2, 4]);
        assert_eq!(lines_of_records(b"\xEF\xBB\xBFh\na\n"), [1, 2]);
    }
}
