//! Harnesses for the coverage-guided fuzz targets in `fuzz/` (cargo-fuzz)
//! and for `tests/fuzz_regressions.rs`, which replays the inputs the fuzzers
//! found through the very same paths on the stable toolchain.
//!
//! Each harness takes arbitrary bytes, runs one input path and checks what
//! must hold whatever the input: no panic, spans inside the text and on
//! character boundaries, the sanitised-text contract of
//! [`crate::ingest::Document::text`], the review-state round trip, a diff no
//! larger than its inputs. A broken invariant panics (a crash to the fuzzer,
//! a failure to the test).

use std::io::{Cursor, Write};
use std::time::Duration;

use crate::compare::diff::{DiffOptions, DiffRow, diff_reports, diff_texts};
use crate::ingest::{self, Document, Format};
use crate::model::{Report, Span};
use crate::review::{ReviewFile, merge};
use crate::rules::{self, Selection};

/// For the fuzz targets' `init`: a panic hook under which a panic is a
/// crash unless it happened inside lopdf, whose panics the PDF reader
/// catches on purpose ([`crate::ingest::pdf::extract`]) and turns into an
/// error. A panic in our own code inside that `catch_unwind` (the layout
/// rebuild) would otherwise be hidden as "this PDF is damaged".
pub fn strict_panics() {
    std::panic::set_hook(Box::new(|info| {
        let file = info.location().map(|l| l.file()).unwrap_or("");
        if file.contains("lopdf") {
            return;
        }
        eprintln!("{info}");
        std::process::abort();
    }));
}

/// Bytes → ingest → parse → rules (the path of `nianbao check FILE`).
/// Returns the report when the bytes were read as a document.
pub fn ingest_parse_check(bytes: &[u8]) -> Option<Report> {
    let doc = ingest::ingest(bytes).ok()?;
    Some(parse_check(doc))
}

/// Parse and check a document, asserting the invariants of each stage.
pub fn parse_check(doc: Document) -> Report {
    check_document(&doc);
    let report = crate::parse::parse(doc);
    check_report(&report);
    let findings = rules::check(&report, &Selection::default());
    let text = report.text();
    for f in &findings {
        for &(a, b) in &f.spans {
            assert!(
                a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b),
                "finding {} span {a}..{b} outside the text or inside a character",
                f.rule
            );
        }
        let lines = report.lines.line(text.len());
        for &l in &f.lines {
            assert!(
                l >= 1 && l <= lines,
                "finding {} line {l} of {lines}",
                f.rule
            );
        }
    }
    report
}

/// The fixed page the `html` target's bytes are put into, around the
/// table: everything before `<table>` …
pub const HTML_HEAD: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>模拟市人民政府2023年政府信息公开工作年度报告</title></head>\n<body>\n<div class=\"art-title\">模拟市人民政府2023年政府信息公开工作年度报告</div>\n<p><strong>一、总体情况</strong></p>\n<p>2023年，全年新收政府信息公开申请8件，办结8件。</p>\n<p><strong>二、主动公开政府信息情况</strong></p>\n<p>本年度制发行政规范性文件1件。</p>\n<p><strong>三、收到和处理政府信息公开申请情况</strong></p>\n<table border=\"1\" cellspacing=\"0\">\n";
/// … and everything after `</table>`.
pub const HTML_TAIL: &str = "\n</table>\n<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>\n<p>本年度未发生行政复议、行政诉讼。</p>\n<p><strong>五、存在的主要问题及改进情况</strong></p>\n<p>主动公开的及时性有待提高。</p>\n<p><strong>六、其他需要报告的事项</strong></p>\n<p>本年度未收取信息处理费。</p>\n</body>\n</html>\n";

/// The `html` target: `table` (any bytes) as the markup of the application
/// table inside a fixed report page, then ingest → parse → rules.
pub fn html_table(table: &[u8]) -> Option<Report> {
    let mut page = Vec::with_capacity(HTML_HEAD.len() + table.len() + HTML_TAIL.len());
    page.extend_from_slice(HTML_HEAD.as_bytes());
    page.extend_from_slice(table);
    page.extend_from_slice(HTML_TAIL.as_bytes());
    let doc = ingest::ingest(&page).ok()?;
    assert_eq!(
        doc.format,
        Format::Html,
        "a page starting <!DOCTYPE html> is HTML"
    );
    Some(parse_check(doc))
}

/// A DOCX file (a zip built in memory, entries stored) whose
/// `word/document.xml` is `document_xml`.
pub fn docx_zip(document_xml: &[u8]) -> Vec<u8> {
    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(document_xml.len() + 512)));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("[Content_Types].xml", opts)
        .and_then(|_| Ok(w.write_all(CONTENT_TYPES.as_bytes())?))
        .and_then(|_| w.start_file("word/document.xml", opts))
        .and_then(|_| Ok(w.write_all(document_xml)?))
        .expect("writing a zip to memory");
    w.finish().expect("writing a zip to memory").into_inner()
}

/// The `docx` target: `document_xml` (any bytes) as the main part of a
/// valid zip, then ingest → parse → rules.
pub fn docx_document(document_xml: &[u8]) -> Option<Report> {
    let file = docx_zip(document_xml);
    let doc = ingest::ingest(&file).ok()?;
    assert_eq!(
        doc.format,
        Format::Docx,
        "a zip with word/document.xml is DOCX"
    );
    Some(parse_check(doc))
}

/// The `pdf` target: the built-in PDF reader on any bytes. When it reads
/// text, the document goes on through parse → rules.
pub fn pdf(bytes: &[u8]) -> Option<Report> {
    let out = ingest::pdf::extract(bytes).ok()?;
    let doc = Document {
        text: out.text,
        format: Format::Pdf,
        encoding: "pdf",
        pages: out.pages,
        grid: out.grid,
    };
    Some(parse_check(doc))
}

/// The `review_state` target: bytes → state file (TOML) → merged with a
/// valid state both ways → saved → loaded again. Asserts the loaded file
/// equals the one saved, and that merging is symmetric. Returns whether the
/// bytes were a state file.
pub fn review_state(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let Ok(fuzzed) = ReviewFile::from_toml(text) else {
        return false;
    };
    round_trip(&fuzzed);
    let valid = ReviewFile::from_toml(VALID_STATE).expect("the built-in state parses");
    for merged in [merge(&fuzzed, &valid), merge(&valid, &fuzzed)] {
        round_trip(&merged);
    }
    let merged = merge(&fuzzed, &fuzzed);
    round_trip(&merged);
    true
}

/// Save `f`, load it again: the same state (normalised: saving sorts).
fn round_trip(f: &ReviewFile) {
    let saved = f.to_toml();
    let loaded = ReviewFile::from_toml(&saved)
        .unwrap_or_else(|e| panic!("a saved state does not load again: {e}\n{saved}"));
    let mut want = f.clone();
    want.normalize();
    assert_eq!(loaded, want, "the state changed on save and load\n{saved}");
    assert_eq!(loaded.to_toml(), saved, "saving is not stable");
}

/// A valid state with one of everything (the example of
/// `docs/review-state.md`, with an assignment), merged with the fuzzed one.
pub const VALID_STATE: &str = r#"version = 1
path = "003_721dda88c354f693.txt"
sha256 = "b51c8f846d1ec37cf569d93a16ef36a7eaeca70ee401c85f048073e765899863"

[assignment]
reviewer = "张三"
by = "主管"
time = "2026-11-22T15:57:46Z"

[verdict]
status = "changes_requested"
reviewer = "li"
time = "2026-11-22T15:57:46Z"
sha256 = "b51c8f846d1ec37cf569d93a16ef36a7eaeca70ee401c85f048073e765899863"
note = "N01 属实，退回修改"

[[decision]]
id = "20261122T155746.927820Z-f625"
key = "N01:t3.carried_over.total,t3.new_received.total"
rule = "N01"
cells = ["t3.carried_over.total", "t3.new_received.total"]
decision = "confirmed"
reviewer = "li"
time = "2026-11-22T15:57:46Z"
message = "正文称「未发生依申请公开事项」，但表三本年新收申请 1 件、上年结转 0 件"

[[decision]]
id = "20261122T155746.875458Z-5bbc"
key = "S08:格式通知标题引用有误，应为《中华人民共和国政府信息公开工作年度报告格式》"
rule = "S08"
decision = "dismissed"
reviewer = "wang"
time = "2026-11-22T15:57:46Z"
message = "格式通知标题引用有误，应为《中华人民共和国政府信息公开工作年度报告格式》"
reason = "标题简称，不影响"

[[note]]
id = "20261122T155746.887837Z-f7f6"
anchor = "line"
line = 15
quote = "(二)规范办理依申请公开。……2024年，我局未发生依申请公开事项。"
reviewer = "wang"
created = "2026-11-22T15:57:46Z"
text = """
与表三矛盾：表三新收 1 件。
请机关核实后重报。"""

[[note]]
id = "20261122T155746.899788Z-a86d"
anchor = "cell"
target = "t3.new_received.total"
reviewer = "wang"
created = "2026-11-22T15:57:46Z"
text = "核对原件"

[[history]]
time = "2026-11-22T15:57:46Z"
reviewer = "wang"
action = "verdict"
id = "20261122T155746.910709Z-da40"
target = "verdict"
value = "approved"
sha256 = "b51c8f846d1ec37cf569d93a16ef36a7eaeca70ee401c85f048073e765899863"
undecided_errors = ["N01:t3.carried_over.total,t3.new_received.total"]
confirmed = true

[[history]]
time = "2026-11-22T15:57:46Z"
reviewer = "wang"
action = "undo"
id = "20261122T155746.915804Z-29ee"
target = "verdict"
value = "unreviewed"
undoes = "20261122T155746.910709Z-da40"
"#;

/// The `diff` target's split: the texts before and after the first NUL
/// byte (or the two halves when there is none), decoded lossily.
pub fn split_pair(bytes: &[u8]) -> (String, String) {
    let (a, b) = match bytes.iter().position(|&b| b == 0) {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => bytes.split_at(bytes.len() / 2),
    };
    (
        String::from_utf8_lossy(a).into_owned(),
        String::from_utf8_lossy(b).into_owned(),
    )
}

/// The `diff` target: two texts → the year-over-year diff, both as plain
/// texts and as reports (parsed, sections and tables). Asserts the output
/// is bounded by the input: each paragraph of either side in at most one
/// row, every range inside its text.
pub fn diff(bytes: &[u8]) {
    let (old, new) = split_pair(bytes);
    let opts = DiffOptions {
        // Short deadlines: a fuzzer runs many inputs; the bound is the point.
        hunk_deadline: Duration::from_millis(20),
        budget: Duration::from_millis(100),
        ..DiffOptions::default()
    };
    let (rows, _) = diff_texts(&old, &new, &opts);
    check_rows(&rows, &old, &new);

    let report = |text: String| {
        let text = ingest::sanitize(text);
        crate::parse::parse(Document {
            text,
            format: Format::Text,
            encoding: "utf-8",
            pages: Vec::new(),
            grid: Vec::new(),
        })
    };
    let (a, b) = (report(old), report(new));
    let d = diff_reports(&a, &b, &opts);
    assert_eq!(d.sections.len(), 7, "one section diff per part");
    for s in &d.sections {
        check_rows(&s.rows, a.text(), b.text());
    }
}

fn check_rows(rows: &[DiffRow], old: &str, new: &str) {
    let (mut n_old, mut n_new) = (0usize, 0usize);
    for r in rows {
        assert!(r.old.is_some() || r.new.is_some(), "a row with no side");
        for (p, text, n) in [(&r.old, old, &mut n_old), (&r.new, new, &mut n_new)] {
            if let Some(p) = p {
                *n += 1;
                assert!(
                    p.src.start <= p.src.end && p.src.end <= text.len(),
                    "paragraph range {:?} outside a text of {} bytes",
                    p.src,
                    text.len()
                );
            }
        }
    }
    // Each paragraph is at least one byte of its text, and in one row.
    assert!(
        n_old <= old.len() + 1,
        "{n_old} old paragraphs from {} bytes",
        old.len()
    );
    assert!(
        n_new <= new.len() + 1,
        "{n_new} new paragraphs from {} bytes",
        new.len()
    );
}

/// What [`Document::text`] promises: no C0 control but TAB and LF, no DEL,
/// no C1 control, no bidi override, no line/paragraph separator; page and
/// grid offsets inside the text, in order, at line starts.
pub fn check_document(doc: &Document) {
    let text = &doc.text;
    if let Some(c) = text.chars().find(|&c| {
        matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    }) {
        panic!("{} text holds U+{:04X}", doc.format.as_str(), c as u32);
    }
    assert!(doc.pages.is_sorted(), "page offsets out of order");
    for &p in &doc.pages {
        assert!(
            p <= text.len() && text.is_char_boundary(p),
            "page offset {p}"
        );
    }
    let mut prev = None;
    for g in &doc.grid {
        assert!(
            g.start <= text.len(),
            "grid row at {} past the text",
            g.start
        );
        assert!(
            g.start == 0 || text.as_bytes()[g.start - 1] == b'\n',
            "grid row at {} not at a line start",
            g.start
        );
        assert!(prev < Some(g.start), "grid rows out of order");
        prev = Some(g.start);
    }
}

/// Every span of a parsed report inside the text and on character
/// boundaries (the workbench slices the text by them).
pub fn check_report(r: &Report) {
    let text = r.text();
    let ok = |s: &Span, what: &str| {
        let (a, b) = (s.start as usize, s.end as usize);
        assert!(
            a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b),
            "{what} span {a}..{b} outside a text of {} bytes or inside a character",
            text.len()
        );
    };
    for s in &r.sections {
        ok(&s.heading, "heading");
        assert!(
            s.body.start <= s.body.end && s.body.end <= text.len(),
            "section body {:?}",
            s.body
        );
    }
    for c in &r.cells {
        if let Some(s) = &c.span {
            ok(s, "cell");
        }
        if let Some(s) = &c.printed_label() {
            ok(s, "printed label");
        }
    }
}
