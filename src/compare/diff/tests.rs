//! Diff tests over small reports written for these tests.

use super::*;
use crate::ingest;
use crate::model::{CellState, Decimal, Value};
use crate::rules::Severity;
use crate::schema::Template;

fn parse_str(s: &str) -> Report {
    crate::parse::parse(ingest::ingest(s.as_bytes()).expect("ingest"))
}

/// Table 3's official row labels, in order.
fn t3_labels(t: Template) -> Vec<&'static str> {
    crate::schema::schema(t)
        .rows_of(crate::schema::TableId::T3)
        .map(|r| r.label)
        .collect()
}

/// A table-3 row's cells as written ("—" for a blank).
type Row = [&'static str; 7];
const ZERO: Row = ["0"; 7];

/// The rows of a consistent table: 5 new + 1 carried; 3 granted, 2 not
/// held; 1 forward. Indices are of the 2021 template.
fn sample_t3(i: usize) -> Row {
    match i {
        0 => ["4", "1", "0", "0", "0", "0", "5"],
        1 => ["1", "0", "0", "0", "0", "0", "1"],
        2 => ["3", "0", "0", "0", "0", "0", "3"],
        12 => ["1", "1", "0", "0", "0", "0", "2"],
        23 => ["4", "1", "0", "0", "0", "0", "5"],
        24 => ["1", "0", "0", "0", "0", "0", "1"],
        _ => ZERO,
    }
}

struct Spec {
    year: i32,
    template: Template,
    t2: String,
    t3: Vec<Row>,
    t4: [&'static str; 15],
    s1: String,
    s5: Option<String>,
}

fn t2_2021(norm: [&str; 3], licensing: &str, fee: &str) -> String {
    format!(
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t{}\t{}\t{}\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t{licensing}\n第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t7\n行政强制\t0\n第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t{fee}\n",
        norm[0], norm[1], norm[2]
    )
}

const T2_2019: &str = "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n规范性文件\t2\t2\t30\n第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t47\t-3\t120\n其他对外管理服务事项\t16\t+2\t162\n第二十条第（六）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政处罚\t0\t1\t7\n行政强制\t2\t0\t0\n第二十条第（八）项\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t6\t0\n第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t11\t1995.52万元\n";

const T4_SAMPLE: [&str; 15] = [
    "1", "0", "0", "1", "2", "0", "0", "0", "0", "0", "0", "1", "0", "0", "1",
];

fn render(s: &Spec) -> String {
    let labels = t3_labels(s.template);
    assert_eq!(labels.len(), s.t3.len());
    let t3: String = labels
        .iter()
        .zip(&s.t3)
        .map(|(l, v)| format!("\t{l}\t{}\n", v.join("\t")))
        .collect();
    let t4 = format!(
        "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n未经复议直接起诉 复议后起诉\n结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n{}\n",
        s.t4.join(" ")
    );
    let s5 = match &s.s5 {
        Some(t) => format!("五、存在的主要问题及改进情况\n\n{t}\n\n"),
        None => String::new(),
    };
    format!(
        "示例县商务局{y}年政府信息公开工作年度报告\n\n一、总体情况\n\n{s1}\n\n二、主动公开政府信息情况\n\n{t2}\n三、收到和处理政府信息公开申请情况\n\n{t3}\n四、政府信息公开行政复议、行政诉讼情况\n\n{t4}\n{s5}六、其他需要报告的事项\n\n本年度未收取信息处理费。\n",
        y = s.year,
        s1 = s.s1,
        t2 = s.t2,
    )
}

fn s1(year: i32, n: u32) -> String {
    format!(
        "{year}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。\n\n全年共收到政府信息公开申请{n}件，均已在法定期限内答复。\n\n监督保障方面，建立政务公开工作自查机制，每季度开展一次自查。"
    )
}

fn base_2021(year: i32) -> Spec {
    Spec {
        year,
        template: Template::T2021,
        t2: t2_2021(["3", "1", "12"], "45", "12.5"),
        t3: (0..25).map(sample_t3).collect(),
        t4: T4_SAMPLE,
        s1: s1(year, 5),
        s5: Some("一是公开内容还不够全面；二是解读形式较为单一。下一步，本局将进一步完善公开目录，丰富政策解读形式，持续提升政务公开质量。".into()),
    }
}

fn changed_keys(d: &TableDelta) -> Vec<&str> {
    let mut v: Vec<&str> = d.changed().map(|c| c.key.as_str()).collect();
    v.sort_unstable();
    v
}

#[test]
fn same_year_text_diff_marks_only_the_numbers() {
    let a = parse_str(&render(&base_2021(2023)));
    let mut sb = base_2021(2024);
    sb.s1 = s1(2024, 5);
    let b = parse_str(&render(&sb));
    let d = diff_reports(&a, &b, &DiffOptions::default());
    let s = d.section(Part::Section(SectionId::S1)).unwrap();
    let changed: Vec<&DiffRow> = s.rows.iter().filter(|r| r.is_change()).collect();
    assert_eq!(changed.len(), 1, "{:#?}", s.rows);
    let row = changed[0];
    assert_eq!(row.tag, RowTag::Replace);
    let marks = |p: &Option<Para>| -> Vec<String> {
        p.as_ref()
            .unwrap()
            .segments
            .iter()
            .filter(|g| g.changed)
            .map(|g| g.text.clone())
            .collect()
    };
    assert_eq!(marks(&row.old), ["2023"]);
    assert_eq!(marks(&row.new), ["2024"]);
    // The new side points at its paragraph in the later report.
    let src = row.new_src().unwrap();
    assert!(b.text()[src.clone()].starts_with("2024年，本局"));
    assert_eq!(row.new.as_ref().unwrap().line, b.lines.line(src.start));
    // Unchanged text and tables: every other section is equal.
    for s in &d.sections {
        if s.part != Part::Section(SectionId::S1) && s.part != Part::Preamble {
            assert!(!s.is_changed(), "{:?}: {:#?}", s.part, s.rows);
        }
    }
    // The tables are one placeholder row each, not their text.
    let s2 = d.section(Part::Section(SectionId::S2)).unwrap();
    assert!(
        s2.rows
            .iter()
            .any(|r| r.new.as_ref().unwrap().table == Some(TableId::T2))
    );
    assert!(
        !s2.rows
            .iter()
            .any(|r| r.new.as_ref().unwrap().text.contains("规章"))
    );
    let sim = s.similarity.unwrap();
    assert!(sim > 0.95, "{sim}");
    assert!(d.tables.changed().next().is_none());
}

#[test]
fn sections_align_with_a_missing_one() {
    let a = parse_str(&render(&base_2021(2023)));
    let mut sb = base_2021(2024);
    sb.s5 = None;
    sb.s1 = format!("{}\n\n本年度新增政务公开专区一处。", s1(2024, 5));
    let b = parse_str(&render(&sb));
    assert!(b.section(SectionId::S5).is_none());
    let d = diff_reports(&a, &b, &DiffOptions::default());
    let parts: Vec<Part> = d.sections.iter().map(|s| s.part).collect();
    assert_eq!(parts, Part::ALL);
    let s5 = d.section(Part::Section(SectionId::S5)).unwrap();
    assert!(s5.old.is_some() && s5.new.is_none());
    assert!(s5.similarity.is_none());
    assert!(!s5.rows.is_empty());
    assert!(
        s5.rows
            .iter()
            .all(|r| r.tag == RowTag::Delete && r.new.is_none())
    );
    // Section 六 still aligns with section 六.
    let s6 = d.section(Part::Section(SectionId::S6)).unwrap();
    assert!(!s6.is_changed());
    // Changes: the year in 一, the inserted paragraph in 一, all of 五.
    let s1i = d
        .sections
        .iter()
        .position(|s| s.part == Part::Section(SectionId::S1))
        .unwrap();
    let s5i = d
        .sections
        .iter()
        .position(|s| s.part == Part::Section(SectionId::S5))
        .unwrap();
    let ci = d.change_indices();
    let in_s1: Vec<_> = ci.iter().filter(|c| c.0 == s1i).collect();
    assert_eq!(in_s1.len(), 2, "{ci:?}");
    assert_eq!(ci.iter().filter(|c| c.0 == s5i).count(), 1);
    let ins = &d.sections[s1i].rows[in_s1[1].1];
    assert_eq!(ins.tag, RowTag::Insert);
    assert_eq!(
        ins.new.as_ref().unwrap().text,
        "本年度新增政务公开专区一处。"
    );
    // Jumping.
    let first = ci[0];
    assert_eq!(d.next_change(first), Some(ci[1]));
    assert_eq!(d.prev_change(ci[1]), Some(first));
    assert_eq!(d.prev_change(first), None);
}

#[test]
fn table_delta_lists_exactly_the_changed_cells() {
    let a = parse_str(&render(&base_2021(2023)));
    let mut sb = base_2021(2024);
    sb.t2 = t2_2021(["3", "1", "12"], "50", "13.75");
    sb.t3[0] = ["6", "1", "0", "0", "0", "0", "7"];
    // Carried over 2, where last year carried forward 1: X01.
    sb.t3[1] = ["2", "0", "0", "0", "0", "0", "2"];
    sb.t3[5] = ["0", "0", "0", "—", "0", "0", "0"];
    sb.t4[0] = "3";
    sb.t4[4] = "4";
    let b = parse_str(&render(&sb));
    assert_eq!(
        b.cell("t3.withheld.prohibited_by_law.social_welfare")
            .unwrap()
            .state,
        CellState::Blank
    );
    let d = diff_reports(&a, &b, &DiffOptions::default());
    let t = &d.tables;
    assert_eq!(t.cells.len(), 200);
    assert!(t.unmapped.is_empty());
    assert_eq!(
        changed_keys(t),
        [
            "t2.admin_fees.amount",
            "t2.licensing.decisions",
            "t3.carried_over.natural_person",
            "t3.carried_over.total",
            "t3.new_received.natural_person",
            "t3.new_received.total",
            "t3.withheld.prohibited_by_law.social_welfare",
            "t4.review.total",
            "t4.review.upheld",
        ]
    );
    let lic = t.get("t2.licensing.decisions").unwrap();
    assert_eq!(lic.change, Some(Value::Int(5)));
    assert!((lic.percent.unwrap() - 11.111).abs() < 0.01);
    let fee = t.get("t2.admin_fees.amount").unwrap();
    let want = Value::Dec(Decimal {
        mantissa: 125,
        scale: 2,
    });
    assert_eq!(fee.change.map(|c| c.to_string()), Some(want.to_string()));
    assert!((fee.percent.unwrap() - 10.0).abs() < 1e-9);
    let blank = t
        .get("t3.withheld.prohibited_by_law.social_welfare")
        .unwrap();
    assert_eq!(blank.change, None);
    assert_eq!(blank.percent, None);
    assert_eq!(blank.new.state, CellState::Blank);
    // 0 → 0: no change and no percent.
    let z = t.get("t3.granted.research").unwrap();
    assert!(!z.changed());
    assert_eq!(z.change, Some(Value::Int(0)));
    assert_eq!(z.percent, None);
    // X01 lands on the later report's carried-over cells that fail.
    assert_eq!(t.get("t3.carried_over.total").unwrap().rules, ["X01"]);
    assert_eq!(
        t.get("t3.carried_over.natural_person").unwrap().rules,
        ["X01"]
    );
    assert!(
        t.get("t3.carried_over.commercial")
            .unwrap()
            .rules
            .is_empty()
    );
    assert!(
        d.findings
            .iter()
            .any(|f| f.rule == "X01" && f.severity == Severity::Error)
    );
    // X02: 12 in force last year + 3 issued − 1 repealed ≠ 12.
    for c in ["in_force", "issued", "repealed"] {
        let k = format!("t2.normative_docs.{c}");
        assert_eq!(t.get(&k).unwrap().rules, ["X02"], "{k}");
    }
    assert!(t.get("t2.regulations.in_force").unwrap().rules.is_empty());
    // No other cell carries X01 or X02.
    let tagged = t
        .cells
        .iter()
        .filter(|c| c.rules.iter().any(|r| *r == "X01" || *r == "X02"))
        .count();
    assert_eq!(tagged, 5);
}

#[test]
fn across_the_format_change_other_rows_are_summed() {
    let mut t3_19: Vec<Row> = (0..25)
        .filter(|i| !(20..=22).contains(i))
        .map(sample_t3)
        .collect();
    t3_19.insert(20, ["1", "1", "0", "0", "0", "0", "2"]);
    let sa = Spec {
        year: 2020,
        template: Template::T2019,
        t2: T2_2019.into(),
        t3: t3_19,
        t4: T4_SAMPLE,
        s1: s1(2020, 5),
        s5: Some("无。".into()),
    };
    let a = parse_str(&render(&sa));
    assert_eq!(a.template, Template::T2019);
    assert_eq!(a.cell("t3.other.total.total").unwrap().int(), Some(2));
    let mut sb = base_2021(2021);
    sb.t3[20] = ["1", "0", "0", "0", "0", "0", "1"];
    sb.t3[22] = ["1", "1", "0", "0", "0", "0", "2"];
    let b = parse_str(&render(&sb));
    assert_eq!(b.template, Template::T2021);
    let d = diff_reports(&a, &b, &DiffOptions::default());
    let t = &d.tables;
    assert_eq!(
        (t.old_template, t.new_template),
        (Template::T2019, Template::T2021)
    );
    // Synthetic rows: 2019 （六）其他处理 against the sum of the three 2021 rows.
    let np = t.get("t3.other.total.natural_person").unwrap();
    assert!(np.synthetic);
    assert_eq!(np.old.value, Some(Value::Int(1)));
    assert_eq!(np.new.value, Some(Value::Int(2)));
    assert_eq!(np.change, Some(Value::Int(1)));
    assert_eq!(
        np.new.keys,
        [
            "t3.other.no_correction.natural_person",
            "t3.other.unpaid_fee.natural_person",
            "t3.other.other.natural_person"
        ]
    );
    let com = t.get("t3.other.total.commercial").unwrap();
    assert!(!com.changed());
    assert_eq!(
        t.get("t3.other.total.total").unwrap().change,
        Some(Value::Int(1))
    );
    assert!(t.get("t3.other.no_correction.total").is_none());
    // Table 2: only the decision counts map.
    let t2: Vec<&str> = t
        .cells
        .iter()
        .filter(|c| c.table == TableId::T2)
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(
        t2,
        [
            "t2.licensing.decisions",
            "t2.penalty.decisions",
            "t2.coercion.decisions"
        ]
    );
    assert_eq!(
        t.get("t2.licensing.decisions").unwrap().change,
        Some(Value::Int(45 - 120))
    );
    assert!(!t.get("t2.penalty.decisions").unwrap().changed());
    // 175 − 21 table-3 cells map 1:1, plus 7 sums; table 4: 15.
    assert_eq!(t.cells.len(), 3 + (175 - 21) + 7 + 15);
    assert_eq!(
        changed_keys(t),
        [
            "t2.licensing.decisions",
            "t3.other.total.natural_person",
            "t3.other.total.total"
        ]
    );
    let rows = |side: Side| -> Vec<&str> {
        t.unmapped
            .iter()
            .filter(|u| u.side == side)
            .map(|u| u.row.as_str())
            .collect()
    };
    assert_eq!(
        rows(Side::Old),
        [
            "t2.regulations",
            "t2.normative_docs",
            "t2.licensing",
            "t2.other_services",
            "t2.penalty",
            "t2.coercion",
            "t2.admin_fees",
            "t2.procurement"
        ]
    );
    assert_eq!(
        rows(Side::New),
        ["t2.regulations", "t2.normative_docs", "t2.admin_fees"]
    );
    let lic = t.unmapped.iter().find(|u| u.row == "t2.licensing").unwrap();
    assert_eq!(lic.cells, ["t2.licensing.prev_items", "t2.licensing.delta"]);
    assert!(d.findings.iter().any(|f| f.rule == "X05"));
}

/// Text of `n` bytes or so from a small pseudo-random generator: Han
/// characters from `alphabet`, sentences of 10–60 characters, paragraphs of
/// 1–6 sentences, lines wrapped at 38 characters when `wrap`.
fn random_text(seed: u64, n: usize, alphabet: &[char], wrap: bool) -> String {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::with_capacity(n + 64);
    let mut col = 0;
    while out.len() < n {
        let sentences = 1 + next() % 6;
        for _ in 0..sentences {
            let len = 10 + next() % 50;
            for _ in 0..len {
                out.push(alphabet[(next() % alphabet.len() as u64) as usize]);
                col += 1;
                if wrap && col == 38 {
                    out.push('\n');
                    col = 0;
                }
            }
            out.push('。');
            col += 1;
        }
        if wrap {
            out.push_str("\n\n");
            col = 0;
        }
    }
    out
}

fn han(from: u32, n: u32) -> Vec<char> {
    (from..from + n).filter_map(char::from_u32).collect()
}

fn check_cover(rows: &[DiffRow], old: &str, new: &str) {
    let olds: String = rows
        .iter()
        .filter_map(|r| r.old.as_ref())
        .map(|p| p.text.as_str())
        .collect();
    let news: String = rows
        .iter()
        .filter_map(|r| r.new.as_ref())
        .map(|p| p.text.as_str())
        .collect();
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(strip(&olds), strip(old));
    assert_eq!(strip(&news), strip(new));
}

#[test]
fn unrelated_megabyte_texts_finish() {
    let a = random_text(1, 1 << 20, &han(0x4E00, 3000), true);
    let b = random_text(2, 1 << 20, &han(0x6000, 3000), true);
    let t = Instant::now();
    let (rows, _) = diff_texts(&a, &b, &DiffOptions::default());
    let el = t.elapsed();
    check_cover(&rows, &a, &b);
    assert!(rows.iter().all(|r| r.tag != RowTag::Equal));
    assert!(el < Duration::from_secs(5), "{el:?}");
    // One paragraph each: too long to refine inline, still a result.
    let a1 = random_text(3, 1 << 20, &han(0x4E00, 3000), false);
    let b1 = random_text(4, 1 << 20, &han(0x4E00, 3000), false);
    let t = Instant::now();
    let (rows, _) = diff_texts(&a1, &b1, &DiffOptions::default());
    let el = t.elapsed();
    check_cover(&rows, &a1, &b1);
    assert!(!rows.is_empty() && rows.iter().all(|r| r.is_change()));
    assert!(el < Duration::from_secs(5), "{el:?}");
}

#[test]
fn a_deadline_that_fires_coarsens_only_its_hunk() {
    // Two long paragraphs over a tiny alphabet: similar by bigrams (so they
    // are paired), expensive to diff token by token.
    let abc = han(0x4E00, 3);
    let a = random_text(5, 45_000, &abc, false);
    let b = random_text(6, 45_000, &abc, false);
    let opts = DiffOptions {
        hunk_deadline: Duration::from_millis(1),
        ..DiffOptions::default()
    };
    let t = Instant::now();
    let (rows, approx) = diff_texts(&a, &b, &opts);
    let el = t.elapsed();
    assert!(approx, "the deadline fired");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].tag, RowTag::Replace);
    assert!(el < Duration::from_secs(3), "{el:?}");
    // The text is all there.
    let join = |p: &Option<Para>| -> String {
        p.as_ref()
            .unwrap()
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect()
    };
    assert_eq!(join(&rows[0].old), a);
    assert_eq!(join(&rows[0].new), b);
}

#[test]
fn pairing_keeps_order_and_leaves_unrelated_paragraphs_alone() {
    let p = |t: &str| paras::RawPara {
        text: t.into(),
        src: 0..0,
        table: None,
    };
    let a = [
        p("全年编发公开信息271条，未出现应公开而未公开的情况。"),
        p("监督保障方面，建立政务公开工作自查机制。"),
    ];
    let b = [
        p("今年首次开展政府开放日活动，邀请市民代表走进机关。"),
        p("全年编发公开信息110条，未出现应公开而未公开的情况。"),
    ];
    let steps = pair_up(&a, &b, 0.3);
    assert_eq!(
        steps,
        [(None, Some(0)), (Some(0), Some(1)), (Some(1), None)]
    );
    // Too different to pair at any threshold above their similarity.
    assert_eq!(
        pair_up(&a[1..], &b[..1], 0.3),
        [(Some(0), None), (None, Some(0))]
    );
}
