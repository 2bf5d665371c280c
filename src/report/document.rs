//! A small document model for the report, with two renderers: Markdown (`summary.md`) and one
//! self-contained HTML page (`report.html`). The summary is built once as blocks, so both files
//! always say the same thing; each renderer escapes text for its own format.
//!
//! Pure: blocks in, `String` out. The HTML renderer embeds images as `data:` URIs from bytes it
//! is given and references nothing outside the file (no network, no scripts).

use std::fmt::Write;

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
    Code(String),
}

/// A line of text made of styled runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rich(pub Vec<Inline>);

impl Rich {
    pub fn new() -> Rich {
        Rich::default()
    }

    pub fn text(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Inline::Text(text.into()));
        self
    }

    pub fn strong(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Inline::Strong(text.into()));
        self
    }

    pub fn emphasis(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Inline::Emphasis(text.into()));
        self
    }

    pub fn code(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Inline::Code(text.into()));
        self
    }
}

impl From<String> for Rich {
    fn from(text: String) -> Rich {
        Rich::new().text(text)
    }
}

impl From<&str> for Rich {
    fn from(text: &str) -> Rich {
        Rich::new().text(text)
    }
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 is the title; sections are level 2.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Rich),
    List(Vec<Rich>),
    Table {
        columns: Vec<(String, Align)>,
        rows: Vec<Vec<Rich>>,
    },
    /// An image file relative to the report folder, with its caption.
    Image {
        src: String,
        caption: String,
    },
}

/// A whole report: its title (also the first heading) and its blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn heading(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level: 2,
            text: text.into(),
        });
    }

    pub fn paragraph(&mut self, text: impl Into<Rich>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn list(&mut self, items: Vec<Rich>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    pub fn table(&mut self, columns: &[(&str, Align)], rows: Vec<Vec<Rich>>) {
        self.blocks.push(Block::Table {
            columns: columns
                .iter()
                .map(|(name, align)| (name.to_string(), *align))
                .collect(),
            rows,
        });
    }

    pub fn image(&mut self, src: impl Into<String>, caption: impl Into<String>) {
        self.blocks.push(Block::Image {
            src: src.into(),
            caption: caption.into(),
        });
    }
}

/// GitHub-flavoured Markdown.
pub fn markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n\n", md_text(&doc.title, false));
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                let _ = write!(out, "{hashes} {}\n\n", md_text(text, false));
            }
            Block::Paragraph(rich) => {
                let _ = write!(out, "{}\n\n", md_rich(rich, false));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", md_rich(item, false));
                }
                out.push('\n');
            }
            Block::Table { columns, rows } => {
                out.push('|');
                for (name, _) in columns {
                    let _ = write!(out, " {} |", md_text(name, true));
                }
                out.push_str("\n|");
                for (_, align) in columns {
                    out.push_str(match align {
                        Align::Left => "---|",
                        Align::Right => "---:|",
                    });
                }
                out.push('\n');
                for row in rows {
                    out.push('|');
                    for cell in row {
                        let _ = write!(out, " {} |", md_rich(cell, true));
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Image { src, caption } => {
                let _ = write!(out, "![{}]({})\n\n", md_text(caption, false), md_url(src));
            }
        }
    }
    // One newline at the end of the file, not a blank line.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn md_rich(rich: &Rich, in_table: bool) -> String {
    let mut out = String::new();
    for inline in &rich.0 {
        match inline {
            Inline::Text(t) => out.push_str(&md_text(t, in_table)),
            Inline::Strong(t) => {
                let _ = write!(out, "**{}**", md_text(t, in_table));
            }
            Inline::Emphasis(t) => {
                let _ = write!(out, "*{}*", md_text(t, in_table));
            }
            Inline::Code(t) => out.push_str(&md_code(t, in_table)),
        }
    }
    out
}

/// Escapes what Markdown would read as markup; `|` too inside tables.
fn md_text(text: &str, in_table: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escape = match c {
            '\\' | '*' | '_' | '`' | '[' | ']' => true,
            '|' => in_table,
            // `<` opens an autolink or HTML only before a letter, `/`, `!` or `?`.
            '<' => chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '\n' | '\r' => {
                out.push(' ');
                continue;
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span whose fence is longer than any run of backticks inside it.
fn md_code(text: &str, in_table: bool) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let mut body = text.replace(['\n', '\r'], " ");
    if in_table {
        // GFM splits table cells on `|` even inside code spans.
        body = body.replace('|', "\\|");
    }
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

fn md_url(src: &str) -> String {
    src.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// Looks up the bytes of an image by its `src`, to embed it.
pub type ImageBytes<'a> = &'a dyn Fn(&str) -> Option<&'a [u8]>;

/// One HTML page, readable on a laptop and a phone, with PNG images embedded as `data:` URIs.
/// An image whose bytes `images` does not know keeps its relative link.
pub fn html(doc: &Document, images: ImageBytes<'_>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        html_text(&doc.title),
        html_text(&doc.title)
    );
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 6);
                let _ = writeln!(out, "<h{level}>{}</h{level}>", html_text(text));
            }
            Block::Paragraph(rich) => {
                let _ = writeln!(out, "<p>{}</p>", html_rich(rich));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", html_rich(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table { columns, rows } => {
                out.push_str("<div class=\"table\"><table>\n<thead><tr>");
                for (name, align) in columns {
                    let _ = write!(out, "<th{}>{}</th>", align_class(*align), html_text(name));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let align = columns.get(i).map_or(Align::Left, |(_, a)| *a);
                        let _ = write!(out, "<td{}>{}</td>", align_class(align), html_rich(cell));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table></div>\n");
            }
            Block::Image { src, caption } => {
                let src = match images(src) {
                    Some(bytes) => format!("data:image/png;base64,{}", base64(bytes)),
                    None => html_text(src),
                };
                let _ = writeln!(
                    out,
                    "<figure><div class=\"chart\"><img src=\"{src}\" alt=\"{caption}\"></div><figcaption>{caption}</figcaption></figure>",
                    caption = html_text(caption)
                );
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// System font stacks only: nothing is fetched. Tables scroll sideways on narrow screens
/// instead of squeezing. Charts fit the page on a laptop; on a phone, where a 1200 px chart
/// shrunk to the screen is unreadable, they keep a readable width and scroll sideways.
const CSS: &str = "\
:root{color-scheme:light;--text:#222;--muted:#5f5f5f;--rule:#ddd;--band:#f6f6f6}\
*{box-sizing:border-box}\
body{margin:0;background:#fff;color:var(--text);font:16px/1.55 -apple-system,BlinkMacSystemFont,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}\
h1{font-size:1.7rem;line-height:1.25;margin:0 0 1rem}\
h2{font-size:1.3rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;border-bottom:1px solid var(--rule)}\
ul{padding-left:1.3rem}li{margin:.35rem 0}\
code{font:.9em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--band);padding:.05em .3em;border-radius:3px;word-break:break-all}\
.table{overflow-x:auto;margin:1rem 0}\
table{border-collapse:collapse;font-size:.92rem;min-width:100%}\
th,td{padding:.4rem .6rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}\
th{background:var(--band);font-weight:600;white-space:nowrap}\
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1.5rem 0}\
img{display:block;max-width:100%;height:auto;border:1px solid var(--rule)}\
figcaption{color:var(--muted);font-size:.9rem;margin-top:.4rem}\
@media (max-width:600px){body{font-size:15px}main{padding:1rem .75rem 2rem}h1{font-size:1.4rem}\
.chart{overflow-x:auto}.chart img{max-width:none;width:46rem}}\
@media print{main{max-width:none}figure{break-inside:avoid}}";

fn align_class(align: Align) -> &'static str {
    match align {
        Align::Left => "",
        Align::Right => " class=\"num\"",
    }
}

fn html_rich(rich: &Rich) -> String {
    let mut out = String::new();
    for inline in &rich.0 {
        match inline {
            Inline::Text(t) => out.push_str(&html_text(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", html_text(t));
            }
            Inline::Emphasis(t) => {
                let _ = write!(out, "<em>{}</em>", html_text(t));
            }
            Inline::Code(t) => {
                let _ = write!(out, "<code>{}</code>", html_text(t));
            }
        }
    }
    out
}

/// Escapes the five characters that matter in HTML text and attribute values.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 0x3F) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        // RFC 4648 §10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xFF, 0xFE, 0xFD]), "//79");
    }

    fn sample() -> Document {
        let mut doc = Document {
            title: "Report — October 2026".into(),
            blocks: Vec::new(),
        };
        doc.heading("Data");
        doc.paragraph(
            Rich::new()
                .text("Rows read: ")
                .strong("3")
                .text(" (see ")
                .code("rejects.csv")
                .text(")."),
        );
        doc.list(vec![Rich::new().strong("Notes:").text(" p < 0.001, n<5")]);
        doc.table(
            &[("company", Align::Left), ("invites", Align::Right)],
            vec![vec![Rich::from("A|B <script>*x*"), Rich::from("12")]],
        );
        doc.image("charts/a.png", "Acceptance \"rate\"");
        doc
    }

    #[test]
    fn markdown_escapes_markup_in_text() {
        let md = markdown(&sample());
        assert!(
            md.starts_with("# Report — October 2026\n\n## Data\n\n"),
            "{md}"
        );
        assert!(md.contains("Rows read: **3** (see `rejects.csv`)."), "{md}");
        assert!(md.contains("- **Notes:** p < 0.001, n<5\n"), "{md}");
        assert!(
            md.contains("| company | invites |\n|---|---:|\n| A\\|B \\<script>\\*x\\* | 12 |\n"),
            "{md}"
        );
        assert!(
            md.ends_with("![Acceptance \"rate\"](charts/a.png)\n"),
            "{md}"
        );
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(md_code("a`b", false), "``a`b``");
        assert_eq!(md_code("in|put.csv", true), "`in\\|put.csv`");
    }

    #[test]
    fn html_escapes_and_embeds_images() {
        let png = [0x89u8, b'P', b'N', b'G'];
        let lookup = |src: &str| (src == "charts/a.png").then_some(&png[..]);
        let page = html(&sample(), &lookup);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(
            page.contains("<td>A|B &lt;script&gt;*x*</td><td class=\"num\">12</td>"),
            "{page}"
        );
        assert!(page.contains("<li><strong>Notes:</strong> p &lt; 0.001, n&lt;5</li>"));
        assert!(
            page.contains("src=\"data:image/png;base64,iVBORw==\""),
            "{page}"
        );
        assert!(page.contains("alt=\"Acceptance &quot;rate&quot;\""));
        // Self-contained: nothing to fetch, nothing to run.
        for banned in ["http://", "https://", "<script", "<link", "@import", "url("] {
            assert!(!page.contains(banned), "report.html contains {banned}");
        }
    }

    #[test]
    fn html_keeps_a_relative_link_when_bytes_are_missing() {
        let page = html(&sample(), &|_| None);
        assert!(page.contains("<img src=\"charts/a.png\""), "{page}");
    }
}
