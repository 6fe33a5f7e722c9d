//! Exports cannot attack the person who opens them (issue 15 §4): file
//! names, agency names, reviewers' names and notes come from outside, and a
//! spreadsheet must never run them as formulas, nor may they break the
//! Markdown tables. A batch with hostile names is exported in every format
//! and the outputs are read back.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::review::{Anchor, DecisionKind, Op, Verdict};
use nianbao::rules::Selection;
use quick_xml::events::Event;

const SAMPLE: &str = include_str!("../samples/青禾县交通运输局-2023.txt");
const AGENCY: &str = "青禾县交通运输局";

/// Hostile file names (each a copy of the sample report).
const FILES: [&str; 6] = [
    "=1+2.txt",
    "@SUM(A1).txt",
    "+cmd.txt",
    "-2+3.txt",
    "a|b.txt",
    "\tTAB.txt",
];
/// Agency names the reports give themselves in their titles.
const AGENCY_EQ: &str = "=1+2青禾县交通运输局";
const AGENCY_AT: &str = "@SUM(A1)青禾县交通运输局";
/// A reviewer, a note and a decision's reason written to the review state.
const REVIEWER: &str = "=wang|li";
const NOTE: &str = "=1+2|注意\n第二行|-3";
const REASON: &str = "@SUM(1,2)|原因\r\n第二行";
const VERDICT_NOTE: &str = "+退回|修改\n请更正";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

struct Batch {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn batch() -> Batch {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("批次");
    std::fs::create_dir(&path).unwrap();
    for f in FILES {
        let text = match f {
            "=1+2.txt" => SAMPLE.replacen(AGENCY, AGENCY_EQ, 1),
            "@SUM(A1).txt" => SAMPLE.replacen(AGENCY, AGENCY_AT, 1),
            _ => SAMPLE.to_string(),
        };
        std::fs::write(path.join(f), text).unwrap();
    }
    let l = nianbao::cli::export::load(&path, &Selection::default()).unwrap();
    assert_eq!(l.rows.len(), FILES.len());
    let row = l.rows.iter().find(|r| r.rel == "=1+2.txt").unwrap();
    let rep = l.entries[row.entry].report.as_ref().unwrap();
    assert_eq!(rep.agency.as_deref(), Some(AGENCY_EQ), "the title names it");
    let sha = l.entries[row.entry].sha256.clone();
    let rel = Path::new("=1+2.txt");
    let f = row
        .findings
        .iter()
        .find(|f| nianbao::review::is_actionable(f))
        .expect("the sample has a finding");
    let up = |op: Op| l.store.update(rel, &sha, REVIEWER, op).unwrap();
    up(Op::decide(f, DecisionKind::Confirmed, REASON));
    up(Op::AddNote {
        anchor: Anchor::Section("s3".into()),
        text: NOTE.into(),
    });
    up(Op::verdict(Verdict::ChangesRequested, VERDICT_NOTE));
    Batch { _dir: dir, path }
}

fn export(b: &Batch, format: &str) -> Vec<u8> {
    let out = b.path.parent().unwrap().join(format!("out.{format}"));
    let o = bin()
        .args(["export", "--format", format, "-o"])
        .arg(&out)
        .arg(&b.path)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "export {format}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read(&out).unwrap()
}

/// RFC 4180 records.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "a quote inside an unquoted field: {s}");
                quoted = true;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => {
                assert!(c != '\r', "a bare CR outside quotes");
                field.push(c)
            }
        }
    }
    assert!(!quoted, "unterminated quote");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn dangerous(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err()
}

#[test]
fn csv_fields_never_start_a_formula() {
    let b = batch();
    let csv = String::from_utf8(export(&b, "csv")).unwrap();
    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), 1 + FILES.len(), "{csv}");
    let width = rows[0].len();
    for r in &rows {
        assert_eq!(r.len(), width, "every record has every column: {r:?}");
        for f in r {
            assert!(!dangerous(f), "field {f:?} would be run as a formula");
        }
    }
    let all: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    for want in [
        "'=1+2.txt",
        "'@SUM(A1).txt",
        "'+cmd.txt",
        "'-2+3.txt",
        "a|b.txt",
        "'\tTAB.txt",
        &format!("'{AGENCY_EQ}"),
        &format!("'{AGENCY_AT}"),
        &format!("'{REVIEWER}"),
    ] {
        assert!(all.contains(&want), "missing {want:?} in {csv}");
    }
    // Neutralised fields are quoted; numbers stay numbers.
    assert!(csv.contains("\"'=1+2.txt\""), "{csv}");
    let eq = rows.iter().find(|r| r[0] == "'=1+2.txt").unwrap();
    assert_eq!(eq[2], "2023");
    assert!(eq[8..14].iter().all(|n| n.parse::<u32>().is_ok()), "{eq:?}");
}

/// `|` not escaped by a backslash (an odd number of them before it).
fn unescaped_pipes(line: &str) -> usize {
    let b = line.as_bytes();
    (0..b.len())
        .filter(|&i| {
            b[i] == b'|' && b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 0
        })
        .count()
}

#[test]
fn markdown_tables_keep_their_columns() {
    let b = batch();
    let md = String::from_utf8(export(&b, "md")).unwrap();
    // Each table: consecutive lines starting with `|`, same column count.
    let mut tables: Vec<Vec<&str>> = Vec::new();
    let mut in_table = false;
    for line in md.lines() {
        if line.starts_with('|') {
            if !in_table {
                tables.push(Vec::new());
            }
            tables.last_mut().unwrap().push(line);
            in_table = true;
        } else {
            in_table = false;
        }
    }
    assert!(tables.len() >= 3, "{md}");
    for t in &tables {
        let n = unescaped_pipes(t[0]);
        assert!(t.len() >= 2, "a header and a delimiter row: {t:?}");
        for row in t {
            assert_eq!(unescaped_pipes(row), n, "row {row:?} of\n{}", t.join("\n"));
        }
    }
    for want in [
        "| a\\|b.txt |",
        "| =1+2.txt | =1+2青禾县交通运输局 |",
        "=wang\\|li",
        // The confirmed finding's reason, in the open findings' table.
        "@SUM(1,2)\\|原因<br>第二行 |",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
}

fn unzip(bytes: Vec<u8>) -> HashMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = HashMap::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut s = String::new();
        let _ = e.read_to_string(&mut s);
        out.insert(e.name().unwrap().to_string(), s);
    }
    out
}

fn entity(g: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = g.resolve_char_ref() {
        return c.to_string();
    }
    match &**g {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => panic!("unknown entity {other}"),
    }
    .to_string()
}

/// The text of each `item` element, gathered from its `text` elements.
fn texts(xml: &str, item: &str, text: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let (mut out, mut cur, mut in_t) = (Vec::new(), String::new(), false);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == item => cur.clear(),
            Event::End(e) if e.name().as_ref() == item => out.push(cur.clone()),
            Event::Start(e) if e.name().as_ref() == text => in_t = true,
            Event::End(e) if e.name().as_ref() == text => in_t = false,
            Event::Text(t) if in_t => cur.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_t => cur.push_str(&entity(&g)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Every element name in an XML document.
fn elements(xml: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => out.push(e.name().as_ref().to_string()),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn xlsx_has_no_formulas_and_hostile_text_is_text() {
    let b = batch();
    let files = unzip(export(&b, "xlsx"));
    let sheets: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 4, "{:?}", files.keys());
    for s in &sheets {
        let names = elements(&files[*s]);
        assert!(!names.iter().any(|n| n == "f"), "{s} has a formula");
        // Every cell holding text is a shared or inline string.
        let xml = &files[*s];
        assert!(
            !xml.contains("t=\"str\""),
            "{s} has a formula result string"
        );
    }
    // Excel writes a carriage return as `_x000D_`.
    let sst: Vec<String> = texts(&files["xl/sharedStrings.xml"], "si", "t")
        .into_iter()
        .map(|s| s.replace("_x000D_", "\r"))
        .collect();
    for want in FILES
        .iter()
        .copied()
        .chain([AGENCY_EQ, AGENCY_AT, REVIEWER, NOTE, REASON])
    {
        assert!(
            sst.iter().any(|s| s == want),
            "{want:?} not a shared string: {sst:?}"
        );
    }
    // Text that looks like a formula carries Excel's quote prefix, so that
    // editing the cell keeps it text.
    assert!(
        files["xl/styles.xml"].contains("quotePrefix=\"1\""),
        "{}",
        files["xl/styles.xml"]
    );
    // Nothing else that could run: no macros, no external links.
    assert!(
        !files
            .keys()
            .any(|k| k.contains("vbaProject") || k.contains("externalLink"))
    );
}

#[test]
fn docx_has_no_fields_and_hostile_text_is_text() {
    let b = batch();
    let files = unzip(export(&b, "docx"));
    let doc = &files["word/document.xml"];
    let names = elements(doc);
    for field in ["w:fldSimple", "w:fldChar", "w:instrText", "w:hyperlink"] {
        assert!(!names.iter().any(|n| n == field), "document has {field}");
    }
    assert!(
        !files
            .keys()
            .any(|k| k.contains("vbaProject") || k.ends_with(".bin"))
    );
    let text = texts(doc, "w:p", "w:t").join("\n");
    for want in [AGENCY_EQ, "@SUM(1,2)|原因 第二行"] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
}

#[test]
fn json_keeps_the_text_as_it_is() {
    // JSON is for programs: the exact text, no prefix.
    let b = batch();
    let v: serde_json::Value = serde_json::from_slice(&export(&b, "json")).unwrap();
    let reports = v["reports"].as_array().unwrap();
    assert!(reports.iter().any(|r| r["path"] == "=1+2.txt"));
    assert!(reports.iter().any(|r| r["agency"] == AGENCY_EQ));
}
