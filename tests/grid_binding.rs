//! Grid sources bind their rows by source cell (issue 11 §1): each fixture
//! table is written as HTML and as DOCX from one description, with blank
//! cells, a blank column, rowspan/colspan group labels and table-2 value
//! cells whose colspans do not line up with the header. The numbers are our
//! own; every cell of the affected rows is checked, with its state and note.

use std::io::{Cursor, Write};

use nianbao::ingest::{GridField, GridRow};
use nianbao::model::{CellState, Report};
use nianbao::rules::{Selection, Status};
use nianbao::schema::{TableId, Template, schema};

/// One source cell: text ("" is an empty cell), colspan, rowspan.
#[derive(Clone)]
struct C(String, usize, usize);

fn c(t: &str) -> C {
    C(t.to_string(), 1, 1)
}
fn span(t: &str, cs: usize, rs: usize) -> C {
    C(t.to_string(), cs, rs)
}

type Table = Vec<Vec<C>>;

// ---------------------------------------------------------------- fixtures

/// Table 3 of `template` with the group labels in rowspans, the top
/// labels spanning three columns and `vals(key)` as each row's value cells.
fn t3(template: Template, vals: &dyn Fn(&str) -> Vec<C>) -> Table {
    let mut t: Table = vec![
        vec![
            span(
                "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和",
                3,
                3,
            ),
            span("申请人情况", 7, 1),
        ],
        vec![
            span("自然人", 1, 2),
            span("法人或其他组织", 5, 1),
            span("总计", 1, 2),
        ],
        [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]
        .map(c)
        .to_vec(),
    ];
    let rows: Vec<_> = schema(template).rows_of(TableId::T3).collect();
    let results = rows.iter().filter(|r| r.group.is_some()).count();
    let mut seen_results = false;
    let mut seen_group = None;
    for r in &rows {
        let mut tr = Vec::new();
        match r.group {
            None => tr.push(span(r.label, 3, 1)),
            Some(g) => {
                if !seen_results {
                    tr.push(span("三、本年度办理结果", 1, results));
                    seen_results = true;
                }
                if g == "三、本年度办理结果" {
                    tr.push(span(r.label, 2, 1));
                } else {
                    if seen_group != Some(g) {
                        let n = rows.iter().filter(|x| x.group == Some(g)).count();
                        tr.push(span(g, 1, n));
                        seen_group = Some(g);
                    }
                    tr.push(c(r.label));
                }
            }
        }
        tr.extend(vals(r.key));
        t.push(tr);
    }
    t
}

/// Table 2 of the 2019 template, its 本年增/减 header cell two columns
/// wide; value rows as given.
fn t2_2019(rows5: &[Vec<C>], rows6: &[Vec<C>]) -> Vec<Table> {
    let head3 = || {
        vec![
            c("信息内容"),
            c("上一年项目数量"),
            span("本年增/减", 2, 1),
            c("处理决定数量"),
        ]
    };
    let mut b5 = vec![vec![span("第二十条第（五）项", 5, 1)], head3()];
    b5.extend(rows5.iter().cloned());
    let mut b6 = vec![vec![span("第二十条第（六）项", 5, 1)], head3()];
    b6.extend(rows6.iter().cloned());
    let b1 = vec![
        vec![span("第二十条第（一）项", 5, 1)],
        vec![
            c("信息内容"),
            c("本年新制作数量"),
            span("本年新公开数量", 2, 1),
            c("对外公开总数量"),
        ],
        vec![c("规章"), c("3"), span("2", 2, 1), c("41")],
        vec![c("规范性文件"), c("5"), span("5", 2, 1), c("62")],
    ];
    let b8 = vec![
        vec![span("第二十条第（八）项", 5, 1)],
        vec![c("信息内容"), c("上一年项目数量"), span("本年增/减", 3, 1)],
        vec![c("行政事业性收费"), c("4"), span("-1", 3, 1)],
    ];
    let b9 = vec![
        vec![span("第二十条第（九）项", 5, 1)],
        vec![c("信息内容"), c("采购项目数量"), span("采购总金额", 3, 1)],
        vec![c("政府集中采购"), c("6"), span("125.5", 3, 1)],
    ];
    vec![b1, b5, b6, b8, b9]
}

fn t4(vals: &[&str]) -> Table {
    vec![
        vec![span("行政复议", 5, 1), span("行政诉讼", 10, 1)],
        vec![
            span("结果维持", 1, 2),
            span("结果纠正", 1, 2),
            span("其他结果", 1, 2),
            span("尚未审结", 1, 2),
            span("总计", 1, 2),
            span("未经复议直接起诉", 5, 1),
            span("复议后起诉", 5, 1),
        ],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
            .iter()
            .cycle()
            .take(10)
            .map(|s| c(s))
            .collect(),
        vals.iter().map(|s| c(s)).collect(),
    ]
}

struct Fixture {
    title: &'static str,
    t2: Vec<Table>,
    t3: Table,
    t4: Table,
}

const PROSE_1: &str = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。";

fn paragraphs(f: &Fixture) -> Vec<(&'static str, Option<Vec<&Table>>)> {
    vec![
        ("一、总体情况", None),
        (PROSE_1, None),
        ("二、主动公开政府信息情况", Some(f.t2.iter().collect())),
        ("三、收到和处理政府信息公开申请情况", Some(vec![&f.t3])),
        ("四、政府信息公开行政复议、行政诉讼情况", Some(vec![&f.t4])),
        ("五、存在的主要问题及改进情况", None),
        (
            "工作中仍存在公开内容不够全面的问题，下一步将加以改进。",
            None,
        ),
        ("六、其他需要报告的事项", None),
        ("本年度未收取信息处理费。", None),
    ]
}

// ---------------------------------------------------------------- writers

fn html(f: &Fixture) -> Vec<u8> {
    let mut s = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{0}</title></head><body><h1>{0}</h1>",
        f.title
    );
    for (p, tables) in paragraphs(f) {
        s.push_str(&format!("<p>{p}</p>"));
        for t in tables.into_iter().flatten() {
            s.push_str("<table border=\"1\"><tbody>");
            for tr in t {
                s.push_str("<tr>");
                for C(text, cs, rs) in tr {
                    let text = if text.is_empty() { "&nbsp;" } else { text };
                    s.push_str(&format!(
                        "<td colspan=\"{cs}\" rowspan=\"{rs}\">{text}</td>"
                    ));
                }
                s.push_str("</tr>");
            }
            s.push_str("</tbody></table>");
        }
    }
    s.push_str("</body></html>");
    s.into_bytes()
}

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn wp(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A table as WordprocessingML: colspans as `w:gridSpan`, rowspans as
/// `w:vMerge` (restart, then empty continuation cells).
fn w_table(t: &Table) -> String {
    let mut carry: Vec<usize> = Vec::new();
    let mut out = String::from("<w:tbl>");
    for tr in t {
        out.push_str("<w:tr>");
        let mut cells = tr.iter();
        let mut col = 0;
        loop {
            if carry.get(col).is_some_and(|&k| k > 0) {
                carry[col] -= 1;
                out.push_str("<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>");
                col += 1;
                continue;
            }
            let Some(C(text, cs, rs)) = cells.next() else {
                break;
            };
            let mut pr = format!("<w:gridSpan w:val=\"{cs}\"/>");
            if *rs > 1 {
                pr.push_str("<w:vMerge w:val=\"restart\"/>");
                if carry.len() <= col {
                    carry.resize(col + 1, 0);
                }
                carry[col] = rs - 1;
            }
            let body = if text.is_empty() {
                "<w:p/>".into()
            } else {
                wp(text)
            };
            out.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"));
            col += cs;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn docx(f: &Fixture) -> Vec<u8> {
    let mut body = wp(f.title);
    for (p, tables) in paragraphs(f) {
        body.push_str(&wp(p));
        for t in tables.into_iter().flatten() {
            body.push_str(&w_table(t));
        }
    }
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}</w:body></w:document>"#
    );
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", types),
        ("_rels/.rels", rels),
        ("word/document.xml", doc.as_str()),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn read(bytes: &[u8]) -> Report {
    nianbao::parse::parse(nianbao::ingest::ingest(bytes).expect("ingest"))
}

/// Both renderings of a fixture, named.
fn both(f: &Fixture) -> [(&'static str, Report); 2] {
    [("html", read(&html(f))), ("docx", read(&docx(f)))]
}

// ---------------------------------------------------------------- checks

fn num(r: &Report, key: &str) -> Option<i64> {
    let cell = r.cell(key).unwrap_or_else(|| panic!("no cell {key}"));
    assert_eq!(cell.state, CellState::Number, "{key}: {cell:?}");
    cell.int()
}

fn state(r: &Report, key: &str) -> CellState {
    r.cell(key).unwrap_or_else(|| panic!("no cell {key}")).state
}

const COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
];

/// Row values for table 3: `None` is an empty cell.
fn t3_values(key: &str) -> [Option<i64>; 7] {
    // Distinct numbers per row, so a shifted value cannot pass by chance;
    // the 总计 column is left empty in every 办理结果 row, as one real page
    // leaves it; a few other cells are empty too.
    let base = (key.len() as i64) * 10;
    let results = !matches!(key, "new_received" | "carried_over" | "carried_forward");
    let mut v = [0, 1, 2, 3, 4, 5, 6].map(|i| Some(base + i));
    if results {
        v[6] = None;
    }
    match key {
        "new_received" => v[0] = None,
        "granted" => v[2] = None,
        "withheld.third_party" => v[5] = None,
        "unavailable.not_held" => {
            v[0] = None;
            v[1] = None;
        }
        _ => {}
    }
    v
}

fn t3_cells(key: &str) -> Vec<C> {
    t3_values(key)
        .iter()
        .map(|v| c(&v.map(|n| n.to_string()).unwrap_or_default()))
        .collect()
}

const T4_VALUES: [&str; 15] = [
    "", "2", "", "1", "3", "4", "", "0", "0", "4", "1", "1", "", "", "2",
];

fn fixture_2021() -> Fixture {
    // Table 2 (2021): aligned rows, a blank cell in 规章.
    let t2 = vec![vec![
        vec![span("第二十条第（一）项", 4, 1)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
            .map(c)
            .to_vec(),
        vec![c("规章"), c(""), c("1"), c("17")],
        vec![c("行政规范性文件"), c("9"), c("2"), c("88")],
        vec![span("第二十条第（五）项", 4, 1)],
        vec![c("信息内容"), span("本年处理决定数量", 3, 1)],
        vec![c("行政许可"), span("350", 3, 1)],
        vec![span("第二十条第（六）项", 4, 1)],
        vec![c("信息内容"), span("本年处理决定数量", 3, 1)],
        vec![c("行政处罚"), span("47", 3, 1)],
        vec![c("行政强制"), span("", 3, 1)],
        vec![span("第二十条第（八）项", 4, 1)],
        vec![c("信息内容"), span("本年收费金额（单位：万元）", 3, 1)],
        vec![c("行政事业性收费"), span("12.5", 3, 1)],
    ]];
    Fixture {
        title: "青禾县自然资源局2022年政府信息公开工作年度报告",
        t2,
        t3: t3(Template::T2021, &t3_cells),
        t4: t4(&T4_VALUES),
    }
}

#[test]
fn empty_cells_are_blank_at_their_own_position() {
    let f = fixture_2021();
    for (src, r) in both(&f) {
        assert_eq!(r.template, Template::T2021, "{src}");
        for row in schema(Template::T2021).rows_of(TableId::T3) {
            for (col, want) in COLS.iter().zip(t3_values(row.key)) {
                let key = format!("t3.{}.{col}", row.key);
                match want {
                    Some(v) => assert_eq!(num(&r, &key), Some(v), "{src} {key}"),
                    None => assert_eq!(state(&r, &key), CellState::Blank, "{src} {key}"),
                }
                assert!(r.cell(&key).unwrap().issue.is_none(), "{src} {key}");
            }
        }
        // Table 2: the blank 规章 cell keeps its neighbours in place.
        assert_eq!(
            state(&r, "t2.regulations.issued"),
            CellState::Blank,
            "{src}"
        );
        assert_eq!(num(&r, "t2.regulations.repealed"), Some(1), "{src}");
        assert_eq!(num(&r, "t2.regulations.in_force"), Some(17), "{src}");
        assert_eq!(num(&r, "t2.licensing.decisions"), Some(350), "{src}");
        assert_eq!(
            state(&r, "t2.coercion.decisions"),
            CellState::Blank,
            "{src}"
        );
        // Table 4: the 15 cells in order, blanks where they are.
        let keys: Vec<String> = schema(Template::T2021)
            .keys
            .iter()
            .filter(|k| k.starts_with("t4."))
            .cloned()
            .collect();
        for (key, want) in keys.iter().zip(T4_VALUES) {
            if want.is_empty() {
                assert_eq!(state(&r, key), CellState::Blank, "{src} {key}");
            } else {
                assert_eq!(num(&r, key), want.parse().ok(), "{src} {key}");
            }
        }
    }
}

#[test]
fn group_labels_in_spans_are_never_values() {
    let f = fixture_2021();
    for (src, r) in both(&f) {
        // No cell of table 3 quotes a group label or the header.
        for row in schema(Template::T2021).rows_of(TableId::T3) {
            for col in COLS {
                let cell = r.cell(&format!("t3.{}.{col}", row.key)).unwrap();
                if let Some(span) = &cell.span {
                    let raw = r.raw(span);
                    assert!(
                        !raw.contains("不予公开") && !raw.contains("办理结果"),
                        "{src} {}.{col}: {raw}",
                        row.key
                    );
                }
            }
        }
    }
}

#[test]
fn blank_cells_fire_s11_and_make_their_rules_uncertain() {
    let f = fixture_2021();
    for (src, r) in both(&f) {
        let found = nianbao::rules::check(&r, &Selection::default());
        let s11 = found
            .iter()
            .find(|x| x.rule == "S11" && x.status == Status::Fail)
            .unwrap_or_else(|| panic!("{src}: no S11"));
        assert!(
            s11.cells.iter().any(|k| k == "t3.granted.total"),
            "{src}: {:?}",
            s11.cells
        );
        // The row sum of 予以公开 needs its blank 总计: uncertain, not failed.
        let row_sum = found
            .iter()
            .filter(|x| x.cells.iter().any(|k| k == "t3.granted.total"))
            .filter(|x| x.rule.starts_with('A'))
            .collect::<Vec<_>>();
        assert!(!row_sum.is_empty(), "{src}");
        assert!(
            row_sum.iter().all(|x| x.status == Status::Uncertain),
            "{src}: {row_sum:?}"
        );
    }
}

fn fixture_2019(rows5: &[Vec<C>], rows6: &[Vec<C>]) -> Fixture {
    Fixture {
        title: "青禾县商务局2020年政府信息公开工作年度报告",
        t2: t2_2019(rows5, rows6),
        t3: t3(Template::T2019, &t3_cells),
        t4: t4(&T4_VALUES),
    }
}

#[test]
fn misaligned_colspans_bind_by_the_order_of_the_value_cells() {
    // Value cells that do not line up with the header: 本年增/减 is two
    // columns wide in the header, but the first value cell spans two.
    let rows5 = vec![
        vec![c("行政许可"), span("12", 2, 1), c("-3"), c("508")],
        vec![c("其他对外管理服务事项"), span("7", 2, 1), c("0"), c("")],
    ];
    let rows6 = vec![
        vec![c("行政处罚"), span("5", 2, 1), c("1"), c("64")],
        // One value cell blank: 16 is 本年增/减, not 处理决定数量.
        vec![c("行政强制"), span("9", 2, 1), c("16"), c("")],
    ];
    let f = fixture_2019(&rows5, &rows6);
    for (src, r) in both(&f) {
        assert_eq!(num(&r, "t2.licensing.prev_items"), Some(12), "{src}");
        assert_eq!(num(&r, "t2.licensing.delta"), Some(-3), "{src}");
        assert_eq!(num(&r, "t2.licensing.decisions"), Some(508), "{src}");
        assert_eq!(num(&r, "t2.other_services.delta"), Some(0), "{src}");
        assert_eq!(state(&r, "t2.other_services.decisions"), CellState::Blank);
        assert_eq!(num(&r, "t2.penalty.decisions"), Some(64), "{src}");
        assert_eq!(num(&r, "t2.coercion.prev_items"), Some(9), "{src}");
        assert_eq!(num(&r, "t2.coercion.delta"), Some(16), "{src}");
        assert_eq!(
            state(&r, "t2.coercion.decisions"),
            CellState::Blank,
            "{src}"
        );
        assert_eq!(r.template, Template::T2019, "{src}");
        assert_eq!(num(&r, "t2.procurement.projects"), Some(6), "{src}");
        let amount = r.cell("t2.procurement.amount").unwrap().number();
        assert_eq!(amount.map(|v| v.as_f64()), Some(125.5), "{src}");
        // Table 3 of the 2019 template reads whole as well.
        for row in schema(Template::T2019).rows_of(TableId::T3) {
            for (col, want) in COLS.iter().zip(t3_values(row.key)) {
                let key = format!("t3.{}.{col}", row.key);
                match want {
                    Some(v) => assert_eq!(num(&r, &key), Some(v), "{src} {key}"),
                    None => assert_eq!(state(&r, &key), CellState::Blank, "{src} {key}"),
                }
            }
        }
    }
}

#[test]
fn a_row_whose_cells_do_not_match_its_columns_is_unparsed_with_a_note() {
    let rows5 = vec![
        vec![c("行政许可"), span("12", 2, 1), c("-3"), c("508")],
        // Two value cells for three columns: no guess.
        vec![c("其他对外管理服务事项"), span("7", 3, 1), c("30")],
    ];
    let rows6 = vec![
        vec![c("行政处罚"), span("5", 2, 1), c("1"), c("64")],
        vec![c("行政强制"), c("9"), c("16"), c("2"), c("2")],
    ];
    let f = fixture_2019(&rows5, &rows6);
    for (src, r) in both(&f) {
        for key in [
            "t2.other_services.prev_items",
            "t2.other_services.delta",
            "t2.other_services.decisions",
            "t2.coercion.prev_items",
            "t2.coercion.delta",
            "t2.coercion.decisions",
        ] {
            let cell = r.cell(key).unwrap();
            assert_eq!(cell.state, CellState::Unparsed, "{src} {key}");
            let note = cell.issue.unwrap().describe(false);
            assert!(note.contains("对不上"), "{src} {key}: {note}");
        }
        // The neighbours keep their own values.
        assert_eq!(num(&r, "t2.licensing.decisions"), Some(508), "{src}");
        assert_eq!(num(&r, "t2.penalty.decisions"), Some(64), "{src}");
    }
}

// ------------------------------------------------- rows split by a page break

/// The document's lines, each with its grid layout if it has one.
fn grid_lines(doc: &nianbao::ingest::Document) -> Vec<(String, Option<Vec<GridField>>)> {
    let mut pos = 0;
    doc.text
        .split('\n')
        .map(|l| {
            let fields = doc
                .grid
                .iter()
                .find(|g| g.start == pos)
                .map(|g| g.fields.clone());
            pos += l.len() + 1;
            (l.to_string(), fields)
        })
        .collect()
}

fn rebuild(
    mut doc: nianbao::ingest::Document,
    lines: Vec<(String, Option<Vec<GridField>>)>,
) -> Report {
    let mut text = String::new();
    doc.grid.clear();
    for (i, (l, fields)) in lines.iter().enumerate() {
        if let Some(fields) = fields {
            doc.grid.push(GridRow {
                start: text.len(),
                fields: fields.clone(),
            });
        }
        text.push_str(l);
        if i + 1 < lines.len() {
            text.push('\n');
        }
    }
    doc.text = text;
    nianbao::parse::parse(doc)
}

/// Split the grid line holding `label` in two, as a PDF page break does:
/// the first part keeps the label's first `keep` characters and the cells
/// `first(col, text)` says; the second the rest of the label and `second`.
fn split_row(
    lines: &mut Vec<(String, Option<Vec<GridField>>)>,
    label: &str,
    keep: usize,
    part: &dyn Fn(usize, &str, bool) -> String,
) {
    let i = lines.iter().position(|(l, _)| l.contains(label)).unwrap();
    let (line, fields) = lines[i].clone();
    let cells: Vec<&str> = line.split('\t').collect();
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (k, cell) in cells.iter().enumerate() {
        if cell.contains(label) {
            let cut = cell.char_indices().nth(keep).unwrap().0;
            a.push(cell[..cut].to_string());
            b.push(cell[cut..].to_string());
        } else if cell.parse::<i64>().is_ok() || cell.is_empty() {
            a.push(part(k, cell, true));
            b.push(part(k, cell, false));
        } else {
            a.push(cell.to_string());
            b.push(String::new());
        }
    }
    lines[i] = (a.join("\t"), fields.clone());
    lines.insert(i + 1, (b.join("\t"), fields));
}

#[test]
fn a_row_split_by_a_page_break_joins_its_parts_by_column() {
    let doc = nianbao::ingest::ingest(&html(&fixture_2021())).unwrap();
    let mut lines = grid_lines(&doc);
    // 1.属于国家秘密: 210 … 215, 总计 blank. After the break: the last
    // digit of 211 (cut), all of 213, nothing of the rest.
    split_row(&mut lines, "1.属于国家秘密", 4, &|k, cell, first| {
        let cut = cell.len().saturating_sub(1);
        match (k, first) {
            (4, true) => cell[..cut].into(),
            (4, false) => cell[cut..].into(),
            (6, true) => String::new(),
            (6, false) => cell.into(),
            (_, true) => cell.into(),
            (_, false) => String::new(),
        }
    });
    let r = rebuild(doc, lines);
    let key = |c: &str| format!("t3.withheld.state_secret.{c}");
    let base = ("withheld.state_secret".len() as i64) * 10;
    for (i, col) in COLS[..6].iter().enumerate() {
        assert_eq!(num(&r, &key(col)), Some(base + i as i64), "{col}");
    }
    assert_eq!(state(&r, &key("total")), CellState::Blank);
    // The rows around keep their own values.
    let next = ("withheld.prohibited_by_law".len() as i64) * 10;
    assert_eq!(
        num(&r, "t3.withheld.prohibited_by_law.natural_person"),
        Some(next)
    );
}

#[test]
fn a_split_row_whose_parts_do_not_line_up_is_unparsed() {
    let doc = nianbao::ingest::ingest(&html(&fixture_2021())).unwrap();
    let mut lines = grid_lines(&doc);
    split_row(&mut lines, "1.属于国家秘密", 4, &|_, cell, first| {
        if first { cell.into() } else { String::new() }
    });
    // The second part has one cell more than the row, holding a number.
    let i = lines
        .iter()
        .position(|(l, _)| l.starts_with("\t\t国家秘密"))
        .unwrap();
    lines[i].0.push_str("\t9");
    if let Some(f) = lines[i].1.as_mut() {
        f.push(GridField::Cell { colspan: 1 });
    }
    let r = rebuild(doc, lines);
    for col in COLS {
        let cell = r.cell(&format!("t3.withheld.state_secret.{col}")).unwrap();
        assert_eq!(cell.state, CellState::Unparsed, "{col}");
        assert!(
            cell.issue.unwrap().describe(false).contains("跨页"),
            "{col}"
        );
    }
    let next = ("withheld.prohibited_by_law".len() as i64) * 10;
    assert_eq!(
        num(&r, "t3.withheld.prohibited_by_law.natural_person"),
        Some(next)
    );
}

// ------------------------------------------------- padding cells around values

#[test]
fn empty_padding_cells_around_a_row_are_dropped_by_position() {
    // 一、本年新收 (natural person blank) with two empty cells after the
    // row, 二、上年结转 (all numbers) with an empty cell on each side: the
    // shape of tables whose label column is two cells and whose rows are
    // padded to the widest one.
    let vals = |key: &str| -> Vec<C> {
        let mut v = t3_cells(key);
        match key {
            "new_received" => v.extend([c(""), c("")]),
            "carried_over" => {
                v.insert(0, c(""));
                v.push(c(""));
            }
            _ => {}
        }
        v
    };
    let f = Fixture {
        t3: t3(Template::T2021, &vals),
        ..fixture_2021()
    };
    for (src, r) in both(&f) {
        for key in ["new_received", "carried_over"] {
            for (col, want) in COLS.iter().zip(t3_values(key)) {
                let k = format!("t3.{key}.{col}");
                match want {
                    Some(v) => assert_eq!(num(&r, &k), Some(v), "{src} {k}"),
                    None => assert_eq!(state(&r, &k), CellState::Blank, "{src} {k}"),
                }
            }
        }
    }
}

#[test]
fn padding_that_positions_cannot_place_leaves_the_row_unparsed() {
    // Empty cells on both sides of six numbers, one cell off the table's
    // value columns: the blank could be at either end.
    let vals = |key: &str| -> Vec<C> {
        let mut v = t3_cells(key);
        if key == "carried_over" {
            v.pop(); // the 总计 value
            v.insert(0, c(""));
            v.insert(0, c(""));
            v.push(c(""));
        }
        v
    };
    let f = Fixture {
        t3: t3(Template::T2021, &vals),
        ..fixture_2021()
    };
    for (src, r) in both(&f) {
        for col in COLS {
            let cell = r.cell(&format!("t3.carried_over.{col}")).unwrap();
            assert_eq!(cell.state, CellState::Unparsed, "{src} {col}");
        }
        assert_eq!(
            state(&r, "t3.new_received.natural_person"),
            CellState::Blank
        );
    }
}
