//! `nianbao export --format xlsx|docx -o FILE`: build a tiny reviewed batch,
//! export it, and read the files back (unzip, parse the XML).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::review::{Anchor, DecisionKind, Op, Verdict, finding_key};
use nianbao::rules::{Finding, Selection};
use quick_xml::events::Event;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A report of our own: table 3 has two rows, one cell written "—" (blank),
/// the second row short of values (unparsed cells); the rest is missing.
const OWN: &str = "示例县商务局2023年政府信息公开工作年度报告\n\n一、总体情况\n\n本报告统计期限为2023年1月1日至2023年12月31日。本年度共收到政府信息公开申请1件。\n\n二、主动公开政府信息情况\n\n略。\n\n三、收到和处理政府信息公开申请情况\n\n\t一、本年新收政府信息公开申请数量\t1\t—\t0\t0\t0\t0\t1\n\t二、上年结转政府信息公开申请数量\t0\t0\t0\n\n四、政府信息公开行政复议、行政诉讼情况\n\n无。\n\n五、存在的主要问题及改进情况\n\n无。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。\n";

const CONFIRM_REASON: &str = "予以公开合计与分项不符";
const DISMISS_REASON: &str = "核对原件后确认无误";
const LINE_NOTE: &str = "请核对予以公开一行";
const CELL_NOTE: &str = "此数与正文不一致";
const DISMISSED_NOTE: &str = "这一条不计入通报";
const VERDICT_NOTE: &str = "请更正表三后重新发布";
const OWN_NOTE: &str = "表三只填了两行";

struct Batch {
    _dir: tempfile::TempDir,
    path: PathBuf,
    /// The confirmed and the dismissed finding's messages.
    confirmed: String,
    dismissed: String,
}

/// Three reports: ours, and the 青禾县交通运输局 pair from samples/ (2024 has
/// errors A01 and A02). On 2024 one error is confirmed, one dismissed, three
/// notes and the verdict changes_requested; 2023 is approved; ours has a note.
fn batch() -> Batch {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("批次");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("示例县商务局-2023.txt"), OWN).unwrap();
    for f in ["青禾县交通运输局-2023.txt", "青禾县交通运输局-2024.md"] {
        std::fs::copy(root().join("samples").join(f), path.join(f)).unwrap();
    }
    let l = nianbao::cli::export::load(&path, &Selection::default()).unwrap();
    assert_eq!(l.rows.len(), 3);
    let row = |rel: &str| l.rows.iter().find(|r| r.rel == rel).unwrap();
    let sha = |rel: &str| l.entries[row(rel).entry].sha256.clone();
    let r24 = row("青禾县交通运输局-2024.md");
    let find = |rule: &str| -> &Finding {
        r24.findings
            .iter()
            .find(|f| f.rule == rule && f.is_error())
            .unwrap_or_else(|| panic!("no {rule} error in {:?}", r24.findings))
    };
    let (a01, a02) = (find("A01"), find("A02"));
    let rel = Path::new("青禾县交通运输局-2024.md");
    let s24 = sha("青禾县交通运输局-2024.md");
    let up = |rel: &Path, sha: &str, who: &str, op: Op| {
        l.store.update(rel, sha, who, op).unwrap();
    };
    up(
        rel,
        &s24,
        "wang",
        Op::decide(a01, DecisionKind::Confirmed, CONFIRM_REASON),
    );
    up(
        rel,
        &s24,
        "li",
        Op::decide(a02, DecisionKind::Dismissed, DISMISS_REASON),
    );
    let text24 = std::fs::read_to_string(path.join(rel)).unwrap();
    up(
        rel,
        &s24,
        "wang",
        Op::AddNote {
            anchor: Anchor::line(&text24, a01.lines[0]),
            text: LINE_NOTE.into(),
        },
    );
    up(
        rel,
        &s24,
        "li",
        Op::AddNote {
            anchor: Anchor::Cell("t3.granted.total".into()),
            text: CELL_NOTE.into(),
        },
    );
    up(
        rel,
        &s24,
        "li",
        Op::AddNote {
            anchor: Anchor::Finding(finding_key(a02)),
            text: DISMISSED_NOTE.into(),
        },
    );
    up(
        rel,
        &s24,
        "wang",
        Op::verdict(Verdict::ChangesRequested, VERDICT_NOTE),
    );
    up(
        Path::new("青禾县交通运输局-2023.txt"),
        &sha("青禾县交通运输局-2023.txt"),
        "wang",
        Op::verdict(Verdict::Approved, ""),
    );
    up(
        Path::new("示例县商务局-2023.txt"),
        &sha("示例县商务局-2023.txt"),
        "zhao",
        Op::AddNote {
            anchor: Anchor::Section("s3".into()),
            text: OWN_NOTE.into(),
        },
    );
    Batch {
        confirmed: a01.message.clone(),
        dismissed: a02.message.clone(),
        _dir: dir,
        path,
    }
}

fn export(b: &Batch, format: &str) -> PathBuf {
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
    assert!(o.stdout.is_empty(), "nothing on stdout with -o");
    out
}

fn unzip(path: &Path) -> HashMap<String, String> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = HashMap::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut s = String::new();
        if e.read_to_string(&mut s).is_ok() {
            out.insert(e.name().unwrap().to_string(), s);
        } else {
            out.insert(e.name().unwrap().to_string(), String::new());
        }
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap()
                .into_owned()
        })
}

/// Element `tag`'s attribute `name`, for every such element in order.
fn attrs(xml: &str, tag: &str, name: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag => {
                out.extend(attr(&e, name));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The text of each `<si>` of sharedStrings.xml.
fn shared_strings(xml: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let (mut out, mut cur, mut in_t) = (Vec::new(), String::new(), false);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "si" => cur.clear(),
            Event::End(e) if e.name().as_ref() == "si" => out.push(cur.clone()),
            Event::Start(e) if e.name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => cur.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_t => cur.push_str(&entity(&g)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The text of `&amp;` etc. and of character references.
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

#[derive(Debug, Clone, PartialEq)]
enum V {
    Num(f64),
    Str(String),
    /// A cell written with a format only.
    Empty,
}

/// A worksheet's cells by reference ("B3").
fn sheet_cells(xml: &str, sst: &[String]) -> HashMap<String, V> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = HashMap::new();
    let (mut cur, mut t, mut in_v, mut val) = (String::new(), None, false, String::new());
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "c" => {
                cur = attr(&e, "r").unwrap();
                t = attr(&e, "t");
                val.clear();
            }
            Event::Empty(e) if e.name().as_ref() == "c" => {
                out.insert(attr(&e, "r").unwrap(), V::Empty);
            }
            Event::Start(e) if e.name().as_ref() == "v" => in_v = true,
            Event::End(e) if e.name().as_ref() == "v" => in_v = false,
            Event::Text(x) if in_v => val.push_str(&x.xml10_content()),
            Event::End(e) if e.name().as_ref() == "c" => {
                let v = match t.as_deref() {
                    Some("s") => V::Str(sst[val.parse::<usize>().unwrap()].clone()),
                    Some(other) => panic!("cell {cur} of type {other}"),
                    None => V::Num(val.parse().unwrap()),
                };
                out.insert(cur.clone(), v);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// "A", "B", … "Z", "AA" for 0-based column `c`.
fn col_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

fn str_at<'a>(cells: &'a HashMap<String, V>, r: &str) -> &'a str {
    match cells.get(r) {
        Some(V::Str(s)) => s,
        other => panic!("{r}: expected text, found {other:?}"),
    }
}

/// The rows of a sheet as text (numbers formatted), up to the last column.
fn row_texts(cells: &HashMap<String, V>, row: usize, ncols: usize) -> Vec<String> {
    (0..ncols)
        .map(|c| match cells.get(&format!("{}{row}", col_name(c))) {
            Some(V::Str(s)) => s.clone(),
            Some(V::Num(n)) => n.to_string(),
            _ => String::new(),
        })
        .collect()
}

#[test]
fn xlsx_reads_back() {
    let b = batch();
    let out = export(&b, "xlsx");
    let files = unzip(&out);
    // Sheet names, in order.
    let names = attrs(&files["xl/workbook.xml"], "sheet", "name");
    assert_eq!(names, ["汇总", "问题", "表格数据", "批注"]);
    let sst = shared_strings(&files["xl/sharedStrings.xml"]);
    let sheet = |i: usize| {
        let xml = &files[&format!("xl/worksheets/sheet{i}.xml")];
        // Every sheet has a frozen header, an autofilter and set widths.
        assert_eq!(attrs(xml, "pane", "state"), ["frozen"], "sheet {i}");
        assert_eq!(attrs(xml, "autoFilter", "ref").len(), 1, "sheet {i}");
        assert!(!attrs(xml, "col", "width").is_empty(), "sheet {i}");
        (xml.clone(), sheet_cells(xml, &sst))
    };

    // 汇总: the CSV's columns, one row per report, counts as numbers.
    let (_, sum) = sheet(1);
    let csv_cols = nianbao::cli::export::CSV_HEADER.split(',').count();
    let head = row_texts(&sum, 1, csv_cols + 1);
    assert_eq!(head[..csv_cols].len(), csv_cols);
    assert_eq!(&head[..5], ["报告", "机关", "年度", "模板", "状态"]);
    assert_eq!(head[csv_cols], "", "no column beyond the CSV's");
    let rows: Vec<Vec<String>> = (2..=4).map(|r| row_texts(&sum, r, csv_cols)).collect();
    assert!(row_texts(&sum, 5, csv_cols).iter().all(String::is_empty));
    let r24 = rows
        .iter()
        .find(|r| r[0] == "青禾县交通运输局-2024.md")
        .unwrap();
    assert_eq!(
        &r24[1..6],
        ["青禾县交通运输局", "2024", "2021", "需修改", "wang"]
    );
    let r24_idx = rows.iter().position(|r| r == r24).unwrap() + 2;
    assert!(matches!(sum[&format!("C{r24_idx}")], V::Num(y) if y == 2024.0));
    assert!(
        matches!(sum[&format!("H{r24_idx}")], V::Num(e) if e >= 2.0),
        "errors"
    );
    assert!(
        matches!(sum[&format!("J{r24_idx}")], V::Num(d) if d == 2.0),
        "decided"
    );
    assert!(
        matches!(sum[&format!("L{r24_idx}")], V::Num(n) if n == 3.0),
        "notes"
    );

    // 问题: one row per finding, with decisions.
    let (_, fin) = sheet(2);
    let head = row_texts(&fin, 1, 12);
    assert_eq!(
        head,
        [
            "报告",
            "机关",
            "年度",
            "规则",
            "级别",
            "状态",
            "单元格",
            "行",
            "问题",
            "处理",
            "处理人",
            "理由"
        ]
    );
    let l = nianbao::cli::export::load(&b.path, &Selection::default()).unwrap();
    let n_findings: usize = l.rows.iter().map(|r| r.findings.len()).sum();
    assert!(!row_texts(&fin, n_findings + 1, 12)[0].is_empty());
    assert!(row_texts(&fin, n_findings + 2, 12)[0].is_empty());
    let all: Vec<Vec<String>> = (2..n_findings + 2)
        .map(|r| row_texts(&fin, r, 12))
        .collect();
    let a01 = all.iter().find(|r| r[8] == b.confirmed).unwrap();
    assert_eq!(&a01[3..5], ["A01", "错误"]);
    assert_eq!(&a01[9..], ["已确认", "wang", CONFIRM_REASON]);
    assert!(a01[7].parse::<f64>().is_ok(), "line is a number: {a01:?}");
    let a02 = all.iter().find(|r| r[8] == b.dismissed).unwrap();
    assert_eq!(&a02[9..], ["已排除", "li", DISMISS_REASON]);
    assert!(all.iter().any(|r| r[9] == "未处理"));

    // 表格数据: keys, then labels; numbers are numbers; unread cells noted.
    let (xml3, data) = sheet(3);
    assert_eq!(
        attrs(&xml3, "pane", "ySplit"),
        ["2"],
        "two header rows frozen"
    );
    let key_col = |key: &str| {
        (0..400)
            .map(col_name)
            .find(|c| data.get(&format!("{c}1")) == Some(&V::Str(key.into())))
            .unwrap_or_else(|| panic!("no column {key}"))
    };
    let report_row = |rel: &str| {
        (3..=5)
            .find(|r| data.get(&format!("A{r}")) == Some(&V::Str(rel.into())))
            .unwrap()
    };
    let c = key_col("t3.granted.total");
    assert!(str_at(&data, &format!("{c}2")).contains("予以公开"));
    let q24 = report_row("青禾县交通运输局-2024.md");
    let rep = l
        .entries
        .iter()
        .find(|e| e.path.ends_with("青禾县交通运输局-2024.md"))
        .unwrap()
        .report
        .as_ref()
        .unwrap();
    let want = rep
        .cell("t3.granted.total")
        .unwrap()
        .value
        .unwrap()
        .as_f64();
    assert_eq!(data[&format!("{c}{q24}")], V::Num(want));
    let own = report_row("示例县商务局-2023.txt");
    // Blank: nothing in the cell. Unparsed: an empty cell with a note.
    let blank = format!("{}{own}", key_col("t3.new_received.commercial"));
    assert!(!data.contains_key(&blank), "a blank cell is empty");
    assert_eq!(
        data[&format!("{}{own}", key_col("t3.new_received.natural_person"))],
        V::Num(1.0)
    );
    let unparsed = format!("{}{own}", key_col("t3.carried_over.natural_person"));
    assert_eq!(data.get(&unparsed), Some(&V::Empty));
    let comments = files
        .iter()
        .find(|(k, _)| k.starts_with("xl/comments"))
        .map(|(_, v)| v)
        .expect("a comments part");
    let refs = attrs(comments, "comment", "ref");
    assert!(refs.contains(&unparsed), "{unparsed} has a note: {refs:?}");
    assert!(!refs.contains(&blank));
    assert!(comments.contains("未读出（unparsed）"));
    assert!(comments.contains("二、上年结转政府信息公开申请数量"));
    assert!(comments.contains("该行只有 3 个值，应为 7 个"));

    // 批注: every note, with anchor and quote.
    let (_, notes) = sheet(4);
    let rows: Vec<Vec<String>> = (2..=6).map(|r| row_texts(&notes, r, 11)).collect();
    assert!(rows[4][0].is_empty(), "four notes: {rows:?}");
    let line = rows.iter().find(|r| r[6] == LINE_NOTE).unwrap();
    assert_eq!(line[3], "行");
    assert!(line[4].starts_with('第'));
    assert!(line[5].contains("予以公开"), "quote: {line:?}");
    let cell = rows.iter().find(|r| r[6] == CELL_NOTE).unwrap();
    assert!(
        cell[5].contains("予以公开") && cell[5].contains('：'),
        "{cell:?}"
    );
    assert!(rows.iter().any(|r| r[6] == DISMISSED_NOTE));
    let own = rows.iter().find(|r| r[6] == OWN_NOTE).unwrap();
    assert_eq!(own[4], "第三部分");

    soffice(&out, &["审阅人", "青禾县交通运输局", CONFIRM_REASON]);
}

/// The text of each `<w:p>` of document.xml, with its style id.
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    let mut r = quick_xml::Reader::from_str(xml);
    let (mut out, mut cur, mut style, mut in_t) = (Vec::new(), String::new(), String::new(), false);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                cur.clear();
                style.clear();
            }
            Event::End(e) if e.name().as_ref() == "w:p" => out.push((style.clone(), cur.clone())),
            Event::Empty(e) | Event::Start(e) if e.name().as_ref() == "w:pStyle" => {
                style = attr(&e, "w:val").unwrap_or_default();
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::Text(t) if in_t => cur.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_t => cur.push_str(&entity(&g)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn docx_reads_back() {
    let b = batch();
    let out = export(&b, "docx");
    let files = unzip(&out);
    let paras = paragraphs(&files["word/document.xml"]);
    let text: Vec<&str> = paras.iter().map(|(_, t)| t.as_str()).collect();
    let at = |needle: &str| {
        text.iter()
            .position(|t| t.contains(needle))
            .unwrap_or_else(|| panic!("missing {needle:?} in {text:#?}"))
    };
    // Title and date first, then the summary.
    assert_eq!(paras[0].0, "GwTitle");
    assert_eq!(
        text[0],
        "关于2023—2024年度政府信息公开工作年度报告存在问题的通报"
    );
    assert!(
        text[1].contains('年') && text[1].contains('日'),
        "{}",
        text[1]
    );
    let summary = at("本次共审查");
    assert_eq!(summary, 2);
    assert!(text[2].contains("2个单位"), "{}", text[2]);
    assert!(text[2].contains("报告3份"), "{}", text[2]);
    assert!(text[2].contains("需修改1份"), "{}", text[2]);
    assert!(text[2].contains("确认问题1个、排除1个"), "{}", text[2]);
    // One body: 青禾县交通运输局; 示例县商务局 (nothing confirmed) is left out.
    let body = at("一、青禾县交通运输局");
    assert_eq!(paras[body].0, "GwHeading1");
    assert!(
        !text.iter().any(|t| t.contains("示例县商务局")),
        "{text:#?}"
    );
    assert!(!text.iter().any(|t| t.starts_with("二、")), "one body only");
    let title = at("《青禾县交通运输局2024年政府信息公开工作年度报告》");
    assert_eq!(paras[title].0, "GwHeading2");
    let verdict = at("审阅结论：需修改（wang");
    assert!(text[verdict].contains(VERDICT_NOTE));
    let finding = at(b.confirmed.trim_end_matches('。'));
    assert!(text[finding].starts_with("1．"));
    let quote = at("报告原文：");
    let values = at("相关数据：");
    assert!(
        text[values].contains("表三「（一）予以公开」自然人 4，商业企业 0")
            && text[values].contains("总计 5"),
        "{}",
        text[values]
    );
    let reason = at(CONFIRM_REASON);
    let notes = at("审阅批注：");
    let line_note = at(LINE_NOTE);
    let cell_note = at(CELL_NOTE);
    assert!(text[cell_note].starts_with("表三 （一）予以公开 · 总计：5："));
    let end = at("请上述单位");
    assert!(
        summary < body
            && body < title
            && title < verdict
            && verdict < finding
            && finding < quote
            && quote < values
            && values < reason
            && reason < notes
            && notes < line_note
            && line_note < end,
        "order: {text:#?}"
    );
    // Dismissed: neither the finding, its reason, nor the note on it.
    for gone in [
        b.dismissed.trim_end_matches('。'),
        DISMISS_REASON,
        DISMISSED_NOTE,
    ] {
        assert!(
            !text.iter().any(|t| t.contains(gone)),
            "{gone:?} in {text:#?}"
        );
    }
    // Styles name 仿宋 and 黑体; no font is embedded.
    let styles = &files["word/styles.xml"];
    let east = attrs(styles, "w:rFonts", "w:eastAsia");
    assert!(east.iter().any(|f| f == "仿宋"), "{east:?}");
    assert!(east.iter().any(|f| f == "黑体"), "{east:?}");
    let names = attrs(styles, "w:name", "w:val");
    assert!(names.iter().any(|n| n.contains("仿宋")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("黑体")), "{names:?}");
    assert!(!files.keys().any(|k| k.starts_with("word/fonts/")));
    for (name, xml) in &files {
        assert!(
            !xml.contains("w:embedRegular")
                && !xml.contains("w:embedBold")
                && !xml.contains("obfuscatedFont")
                && !xml.contains("embedTrueTypeFonts"),
            "{name} embeds a font"
        );
    }
    soffice(&out, &["通报", "青禾县交通运输局", CONFIRM_REASON]);
}

#[test]
fn binary_formats_need_a_file_and_text_formats_take_one() {
    let b = batch();
    // With stdout redirected (not a terminal), binary goes to stdout.
    let o = bin()
        .args(["export", "--format", "xlsx"])
        .arg(&b.path)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(&o.stdout[..2], b"PK");
    // -o works for the text formats too.
    let out = b.path.parent().unwrap().join("out.csv");
    let o = bin()
        .args(["export", "--format", "csv", "-o"])
        .arg(&out)
        .arg(&b.path)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with(nianbao::cli::export::CSV_HEADER));
    assert_eq!(csv.lines().count(), 4);
    // A folder that cannot be written to: an error, exit 2.
    let o = bin()
        .args(["export", "--format", "docx", "-o"])
        .arg(b.path.join("no/such/dir/x.docx"))
        .arg(&b.path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("x.docx"));
}

/// Convert to PDF with LibreOffice when it is installed; with poppler's
/// `pdftotext` installed too, the PDF's text must contain each of `want`.
fn soffice(file: &Path, want: &[&str]) {
    let Ok(which) = Command::new("sh")
        .args(["-c", "command -v soffice"])
        .output()
    else {
        return;
    };
    if !which.status.success() {
        eprintln!(
            "note: soffice not installed; {} not converted to PDF",
            file.display()
        );
        return;
    }
    // Writer and Calc are separate packages: look for the one this file needs.
    let program = Command::new("sh")
        .args(["-c", "readlink -f \"$(command -v soffice)\""])
        .output()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .unwrap_or_default();
    let (lib, part) = match file.extension().and_then(|e| e.to_str()) {
        Some("xlsx") => ("libsclo.so", "Calc"),
        _ => ("libswlo.so", "Writer"),
    };
    if let Some(dir) = program.parent()
        && dir.join("libswlo.so").exists()
        && !dir.join(lib).exists()
    {
        eprintln!(
            "note: LibreOffice {part} not installed; {} not converted to PDF",
            file.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A profile of its own, so that parallel runs do not share a lock.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let o = Command::new("timeout")
        .arg("180")
        .arg("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(file)
        .output()
        .unwrap();
    let pdf = dir
        .path()
        .join(file.file_stem().unwrap())
        .with_extension("pdf");
    assert!(
        o.status.success() && pdf.is_file(),
        "soffice failed on {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "{} is a PDF", pdf.display());
    assert!(bytes.len() > 1000, "{} is not empty", pdf.display());
    match Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(t) if t.status.success() => {
            let text = String::from_utf8_lossy(&t.stdout);
            for w in want {
                assert!(
                    text.contains(w),
                    "{w:?} not in the PDF of {}:\n{text}",
                    file.display()
                );
            }
        }
        _ => eprintln!("note: pdftotext not installed; the PDF's text not checked"),
    }
    eprintln!("checked: soffice converted {} to PDF", file.display());
}
