//! Row labels as printed (issue 11 §2): damaged labels matched by ordinal
//! and overlap, a 2019-style （六）其他处理 row in a 2021 table, and reports
//! older than the 2019 format. Numbers are our own.

use super::*;
use crate::model::CellIssue;

/// 9 new + 2 carried over = 9 processed + 2 carried forward; of the 9,
/// 4 granted, 3 withheld by law (2.其他法律行政法规禁止公开), 1 each
/// under （六）其他处理 1. and 3.
fn vals(i: usize) -> [i64; 7] {
    match i {
        0 => [6, 2, 0, 1, 0, 0, 9],
        1 => [2, 0, 0, 0, 0, 0, 2],
        2 => [3, 1, 0, 0, 0, 0, 4],
        5 => [2, 0, 0, 1, 0, 0, 3],
        20 => [1, 0, 0, 0, 0, 0, 1],
        22 => [1, 0, 0, 0, 0, 0, 1],
        23 => [7, 1, 0, 1, 0, 0, 9],
        24 => [1, 1, 0, 0, 0, 0, 2],
        _ => [0; 7],
    }
}

/// How table 3 is laid out.
#[derive(Debug, Clone, Copy)]
enum Lay {
    /// PDF text: `label n n n n n n n` per line.
    Spaced,
    /// Tab-separated, group labels in their own column.
    Tabs,
    /// An HTML table (grid source).
    Html,
}

const LAYS: [Lay; 3] = [Lay::Spaced, Lay::Tabs, Lay::Html];

/// The group label printed before row `i` (its first row), if any.
fn group(i: usize) -> Option<&'static str> {
    match i {
        4 => Some("（三）不予公开"),
        12 => Some("（四）无法提供"),
        15 => Some("（五）不予处理"),
        20 => Some("（六）其他处理"),
        _ => None,
    }
}

/// Table 3's rows: (group label before it, label, values), with rows
/// rewritten by `edit` (which may drop a row or print several in its place).
type Row = (Option<&'static str>, String, [i64; 7]);

fn rows(edit: &dyn Fn(usize, Row) -> Vec<Row>) -> Vec<Row> {
    t3_rows_2021(&vals)
        .into_iter()
        .enumerate()
        .flat_map(|(i, (l, v))| edit(i, (group(i), l, v)))
        .collect()
}

fn nums(v: &[i64; 7]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// A whole report with table 3 laid out as `lay`.
fn doc(lay: Lay, rows: &[Row]) -> String {
    match lay {
        Lay::Spaced => {
            let body: String = rows
                .iter()
                .map(|(g, l, v)| {
                    let g = g.map(|g| format!("{g}\n")).unwrap_or_default();
                    format!("{g}{l} {}\n", nums(v).join(" "))
                })
                .collect();
            let t3 = format!(
                "申请人情况\n自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n{body}"
            );
            report(T2_2021_TABS, &t3, T4_SPACED)
        }
        Lay::Tabs => {
            let body: String = rows
                .iter()
                .map(|(g, l, v)| format!("{}\t{l}\t{}\n", g.unwrap_or(""), nums(v).join("\t")))
                .collect();
            let t3 = format!(
                "申请人情况\n\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n{body}"
            );
            report(T2_2021_TABS, &t3, T4_SPACED)
        }
        Lay::Html => {
            let td = |s: &str| format!("<td>{s}</td>");
            let body: String = rows
                .iter()
                .map(|(g, l, v)| {
                    let vs: String = nums(v).iter().map(|x| td(x)).collect();
                    format!("<tr>{}{}{vs}</tr>\n", td(g.unwrap_or("")), td(l))
                })
                .collect();
            let t3 = format!(
                "<table>\n<tr><td></td><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>\n{body}</table>"
            );
            let t2: String = T2_2021_TABS
                .lines()
                .map(|l| {
                    let cells: String = l.split('\t').map(td).collect();
                    format!("<tr>{cells}</tr>\n")
                })
                .collect();
            let t4 = "<p>行政复议 行政诉讼</p><p>结果维持 结果纠正 其他结果 尚未审结 总计</p><p>1 0 0 1 2 0 0 0 0 0 0 1 0 0 1</p>";
            format!(
                "<html><head><meta charset=\"utf-8\"></head><body>\n<p>示例县商务局2023年政府信息公开工作年度报告</p>\n<p>一、总体情况</p>\n<p>本报告统计期限为2023年1月1日至2023年12月31日。</p>\n<p>二、主动公开政府信息情况</p>\n<table>\n{t2}</table>\n<p>三、收到和处理政府信息公开申请情况</p>\n{t3}\n<p>四、政府信息公开行政复议、行政诉讼情况</p>\n{t4}\n<p>五、存在的主要问题及改进情况</p>\n<p>无。</p>\n<p>六、其他需要报告的事项</p>\n<p>本年度未收取信息处理费。</p>\n</body></html>\n"
            )
        }
    }
}

type CellView = (CellState, Option<i64>, Option<CellIssue>, bool);

/// (state, value, issue, has a printed label) of each cell of a row.
fn row_of(r: &Report, key: &str) -> Vec<CellView> {
    crate::schema::T3_COLS
        .iter()
        .map(|c| {
            let cell = r
                .cell(&format!("t3.{key}.{}", c.key))
                .cloned()
                .unwrap_or_default();
            (
                cell.state,
                cell.int(),
                cell.issue,
                cell.printed_label().is_some(),
            )
        })
        .collect()
}

/// Seven numbers read as written, no issue, label as in the template.
fn read_as(v: [i64; 7]) -> Vec<CellView> {
    v.iter()
        .map(|&x| (CellState::Number, Some(x), None, false))
        .collect()
}

/// Seven unparsed cells with `issue`.
fn unparsed(issue: CellIssue) -> Vec<CellView> {
    vec![(CellState::Unparsed, None, Some(issue), false); 7]
}

fn note(r: &Report, key: &str) -> Option<String> {
    r.note(r.schema().index(key).expect("a key of the schema"), false)
}

fn note_en(r: &Report, key: &str) -> Option<String> {
    r.note(r.schema().index(key).expect("a key of the schema"), true)
}

/// Row 5 (2.其他法律行政法规禁止公开) printed as `label`.
fn with_label(label: &'static str) -> impl Fn(usize, Row) -> Vec<Row> {
    move |i, (g, l, v)| vec![(g, if i == 5 { label.to_string() } else { l }, v)]
}

#[test]
fn damaged_label_is_its_row_in_every_layout() {
    for lay in LAYS {
        let r = parse_str(&doc(lay, &rows(&with_label("2.其他法律行政止公开"))));
        assert_eq!(r.template, Template::T2021, "{lay:?}");
        // Before: 该行有 14 个值 on 1.属于国家秘密, and row 2 not found.
        assert_eq!(
            row_of(&r, "withheld.state_secret"),
            read_as([0; 7]),
            "{lay:?}"
        );
        let damaged: Vec<CellView> = [2, 0, 0, 1, 0, 0, 3]
            .iter()
            .map(|&x| (CellState::Number, Some(x), None, true))
            .collect();
        assert_eq!(row_of(&r, "withheld.prohibited_by_law"), damaged, "{lay:?}");
        assert_eq!(
            row_of(&r, "withheld.security_stability"),
            read_as([0; 7]),
            "{lay:?}"
        );
        assert_eq!(
            note(&r, "t3.withheld.prohibited_by_law.total").as_deref(),
            Some("行名与模板不完全一致：「2.其他法律行政止公开」"),
            "{lay:?}"
        );
        assert_eq!(
            note_en(&r, "t3.withheld.prohibited_by_law.natural_person").as_deref(),
            Some("the row label differs from the template's: 「2.其他法律行政止公开」"),
            "{lay:?}"
        );
        assert_eq!(note(&r, "t3.withheld.state_secret.total"), None);
        assert_eq!(r.state_counts()[CellState::Number as usize], 200, "{lay:?}");
        // The row's label points at the printed label.
        let sp = r.table(TableId::T3).rows[5].expect("row 2 found");
        assert_eq!(r.raw(&sp), "2.其他法律行政止公开", "{lay:?}");
    }
}

#[test]
fn damaged_label_with_a_full_width_ordinal() {
    let r = parse_str(&doc(
        Lay::Spaced,
        &rows(&with_label("２．其他法律行政止公开")),
    ));
    let c = r.cell("t3.withheld.prohibited_by_law.total").unwrap();
    assert_eq!((c.state, c.int()), (CellState::Number, Some(3)));
    assert_eq!(
        note(&r, "t3.withheld.prohibited_by_law.total").as_deref(),
        Some("行名与模板不完全一致：「２．其他法律行政止公开」")
    );
}

#[test]
fn label_with_low_overlap_is_not_matched() {
    for lay in LAYS {
        // "其他情形": 2 of the template's 12 characters.
        let r = parse_str(&doc(lay, &rows(&with_label("2.其他情形"))));
        assert_eq!(
            row_of(&r, "withheld.prohibited_by_law"),
            unparsed(CellIssue::RowMissing),
            "{lay:?}"
        );
        assert_eq!(
            note(&r, "t3.withheld.prohibited_by_law.total").as_deref(),
            Some("未找到该行")
        );
        // Its neighbours are never read wrong: the row above holds both
        // rows' values in text (too many: unparsed) or keeps its own in a
        // grid's cells.
        let above = row_of(&r, "withheld.state_secret");
        match lay {
            Lay::Spaced | Lay::Tabs => assert!(
                above.iter().all(|c| c.0 == CellState::Unparsed
                    && matches!(
                        c.2,
                        Some(CellIssue::TooMany {
                            found: 14..,
                            expected: 7
                        })
                    )),
                "{lay:?} {above:?}"
            ),
            Lay::Html => assert_eq!(above, read_as([0; 7]), "{lay:?}"),
        }
        assert_eq!(
            row_of(&r, "withheld.security_stability"),
            read_as([0; 7]),
            "{lay:?}"
        );
    }
}

#[test]
fn label_with_another_ordinal_is_not_matched() {
    // Row 2's text numbered 3: the ordinal must be the row's own.
    let r = parse_str(&doc(
        Lay::Spaced,
        &rows(&with_label("3.其他法律行政止公开")),
    ));
    assert_eq!(
        row_of(&r, "withheld.prohibited_by_law"),
        unparsed(CellIssue::RowMissing)
    );
}

#[test]
fn damaged_labels_that_could_swap_are_not_swapped() {
    // Rows 2 and 3 each numbered as the other: neither is taken.
    let swapped = |i: usize, (g, l, v): Row| -> Vec<Row> {
        let l = match i {
            5 => "2.危“三安全稳定”".to_string(),
            6 => "3.其他法律行政止公开".to_string(),
            _ => l,
        };
        let v = match i {
            6 => [0, 0, 0, 0, 4, 0, 4],
            _ => v,
        };
        vec![(g, l, v)]
    };
    for lay in LAYS {
        let r = parse_str(&doc(lay, &rows(&swapped)));
        for key in ["withheld.prohibited_by_law", "withheld.security_stability"] {
            assert_eq!(
                row_of(&r, key),
                unparsed(CellIssue::RowMissing),
                "{lay:?} {key}"
            );
        }
        assert_eq!(
            row_of(&r, "withheld.third_party"),
            read_as([0; 7]),
            "{lay:?}"
        );
    }
    // The two labels in their own order, each damaged, are both read.
    let both = |i: usize, (g, l, v): Row| -> Vec<Row> {
        let l = match i {
            5 => "2.其他法律行政止公开".to_string(),
            6 => "3.危“三安全稳定”".to_string(),
            _ => l,
        };
        vec![(g, l, v)]
    };
    for lay in LAYS {
        let r = parse_str(&doc(lay, &rows(&both)));
        assert_eq!(
            r.cell("t3.withheld.prohibited_by_law.total")
                .and_then(|c| c.int()),
            Some(3),
            "{lay:?}"
        );
        let row3 = row_of(&r, "withheld.security_stability");
        assert!(
            row3.iter()
                .all(|c| *c == (CellState::Number, Some(0), None, true)),
            "{lay:?} {row3:?}"
        );
    }
}

#[test]
fn damaged_label_printed_twice_is_not_matched() {
    // Two candidates for one row: neither is taken.
    let twice = |i: usize, (g, l, v): Row| -> Vec<Row> {
        if i == 5 {
            vec![
                (g, "2.其他法律行政止公开".to_string(), v),
                (None, "2.其他法律行政禁止".to_string(), [0; 7]),
            ]
        } else {
            vec![(g, l, v)]
        }
    };
    let r = parse_str(&doc(Lay::Html, &rows(&twice)));
    assert_eq!(
        row_of(&r, "withheld.prohibited_by_law"),
        unparsed(CellIssue::RowMissing)
    );
    assert_eq!(row_of(&r, "withheld.state_secret"), read_as([0; 7]));
}

/// （六）其他处理 printed as one row (2019 style) in a 2021 table.
fn single_other(i: usize, (g, l, v): Row) -> Vec<Row> {
    match i {
        20 => vec![(None, "（六）其他处理".to_string(), [2, 0, 0, 0, 0, 0, 2])],
        21 | 22 => vec![],
        _ => vec![(g, l, v)],
    }
}

#[test]
fn single_other_row_in_a_2021_table_leaves_its_sub_rows_absent() {
    for lay in LAYS {
        let r = parse_str(&doc(lay, &rows(&single_other)));
        assert_eq!(r.template, Template::T2021, "{lay:?}");
        for key in ["other.no_correction", "other.unpaid_fee", "other.other"] {
            assert_eq!(
                row_of(&r, key),
                unparsed(CellIssue::RowAbsent),
                "{lay:?} {key}"
            );
            assert_eq!(
                note(&r, &format!("t3.{key}.total")).as_deref(),
                Some("表中无此行"),
                "{lay:?}"
            );
            assert_eq!(
                note_en(&r, &format!("t3.{key}.total")).as_deref(),
                Some("the table has no such row")
            );
        }
        // The single row's values land nowhere: its neighbours read their own.
        assert_eq!(
            row_of(&r, "not_processed.confirmation"),
            read_as([0; 7]),
            "{lay:?}"
        );
        assert_eq!(
            row_of(&r, "not_processed.excessive"),
            read_as([0; 7]),
            "{lay:?}"
        );
        assert_eq!(
            row_of(&r, "total_processed"),
            read_as([7, 1, 0, 1, 0, 0, 9]),
            "{lay:?}"
        );
        assert_eq!(
            row_of(&r, "carried_forward"),
            read_as([1, 1, 0, 0, 0, 0, 2]),
            "{lay:?}"
        );
        assert_eq!(
            r.state_counts(),
            [200 - 21, 0, 21, 0],
            "{lay:?}: every other cell is read"
        );
        assert!(r.signals.mixed(), "{lay:?}");
    }
}

#[test]
fn sub_rows_under_their_heading_are_not_a_stray_row() {
    // The heading on the line of the first sub-row, with its values.
    let joined = |i: usize, (g, l, v): Row| -> Vec<Row> {
        if i == 20 {
            vec![(None, format!("（六）其他处理 {l}"), v)]
        } else {
            vec![(g, l, v)]
        }
    };
    let r = parse_str(&doc(Lay::Spaced, &rows(&joined)));
    assert_eq!(
        row_of(&r, "other.no_correction"),
        read_as([1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(row_of(&r, "other.other"), read_as([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(r.state_counts()[CellState::Number as usize], 200);
}

#[test]
fn a_heading_without_values_is_not_a_stray_row() {
    // The three sub-rows left out and the heading alone, with no values:
    // the rows are absent all the same, and the neighbours read their own.
    let lost = |i: usize, (g, l, v): Row| -> Vec<Row> {
        match i {
            20 => vec![(None, "（六）其他处理".to_string(), [0; 7])],
            21 | 22 => vec![],
            _ => vec![(g, l, v)],
        }
    };
    let t3 =
        doc(Lay::Spaced, &rows(&lost)).replace("（六）其他处理 0 0 0 0 0 0 0", "（六）其他处理");
    let r = parse_str(&t3);
    for key in ["other.no_correction", "other.unpaid_fee", "other.other"] {
        assert_eq!(row_of(&r, key), unparsed(CellIssue::RowAbsent), "{key}");
    }
    assert_eq!(row_of(&r, "not_processed.confirmation"), read_as([0; 7]));
}

/// A 2018 report with a statistics table of its own (older layout).
pub(crate) const PRE_2018: &str = "示例县商务局2018年政府信息公开工作年度报告

本报告统计期限为2018年1月1日至2018年12月31日。

一、概述
2018年，我局认真贯彻《中华人民共和国政府信息公开条例》。

二、主动公开政府信息情况
全年主动公开政府信息 214 条。

三、依申请公开政府信息情况
全年收到政府信息公开申请 6 件，全部按时答复。

统计指标\t单位\t数量
一、主动公开情况\t\t
（一）主动公开政府信息数\t条\t214
二、回应解读情况\t\t
三、依申请公开情况\t\t
（一）收到申请数\t件\t6
（二）申请办理结果\t\t
1.按时办结数\t件\t6
四、行政复议数量\t件\t0
五、行政诉讼数量\t件\t0

四、存在的主要问题和改进措施
无。
";

#[test]
fn a_2018_report_has_no_template() {
    let r = parse_str(PRE_2018);
    assert_eq!(r.year, Some(2018));
    assert!(r.pre_standard());
    assert_eq!(r.template, Template::None);
    assert!(r.cells.is_empty(), "no cell is mapped onto a 2019 key");
    // The same report a year later is read against the 2019 template.
    let r = parse_str(&PRE_2018.replace("2018", "2019"));
    assert!(!r.pre_standard());
    assert_ne!(r.template, Template::None);
}

#[test]
fn a_year_guessed_from_the_text_does_not_override_standard_tables() {
    // No year in the title and no period: 2018 is only the text's most
    // frequent year, and the tables are the 2021 format's.
    let text = doc(Lay::Spaced, &rows(&|_, r| vec![r]))
        .replace("示例县商务局2023年", "示例县商务局")
        .replace(
            "本报告统计期限为2023年1月1日至2023年12月31日。",
            "2018年以来，我局持续推进公开工作，2018年建成公开专栏。",
        );
    let r = parse_str(&text);
    assert_eq!(r.year, Some(2018));
    assert_eq!(r.year_source, Some(crate::model::YearSource::Text));
    assert!(!r.pre_standard());
    assert_eq!(r.template, Template::T2021);
    assert_eq!(r.state_counts()[CellState::Number as usize], 200);
    // With a 2018 title, the title decides.
    let r = parse_str(&text.replace("示例县商务局政府", "示例县商务局2018年政府"));
    assert_eq!(r.year_source, Some(crate::model::YearSource::Title));
    assert!(r.pre_standard());
    assert_eq!(r.template, Template::None);
}

#[test]
fn damaged_label_in_flattened_text() {
    // Flattened web text: each row's digits glued after its label, cut
    // under the row sums.
    let flat = |rows: &[Row]| -> String {
        let body: String = rows
            .iter()
            .map(|(g, l, v)| format!("{}{l}{}", g.unwrap_or(""), nums(v).join("")))
            .collect();
        let t3 =
            format!("申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计{body}\n");
        report(T2_2021_TABS, &t3, T4_SPACED)
    };
    let r = parse_str(&flat(&rows(&with_label("2.其他法律行政止公开"))));
    let row2 = row_of(&r, "withheld.prohibited_by_law");
    let damaged: Vec<CellView> = [2, 0, 0, 1, 0, 0, 3]
        .iter()
        .map(|&x| (CellState::Number, Some(x), None, true))
        .collect();
    assert_eq!(row2, damaged);
    assert_eq!(row_of(&r, "withheld.state_secret"), read_as([0; 7]));
    assert_eq!(row_of(&r, "withheld.security_stability"), read_as([0; 7]));
}

#[test]
fn single_other_row_in_flattened_text() {
    let body: String = rows(&single_other)
        .iter()
        .map(|(g, l, v)| format!("{}{l}{}", g.unwrap_or(""), nums(v).join("")))
        .collect();
    let t3 = format!("申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计{body}\n");
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    for key in ["other.no_correction", "other.unpaid_fee", "other.other"] {
        assert_eq!(row_of(&r, key), unparsed(CellIssue::RowAbsent), "{key}");
    }
    assert_eq!(row_of(&r, "not_processed.confirmation"), read_as([0; 7]));
    assert_eq!(
        row_of(&r, "total_processed"),
        read_as([7, 1, 0, 1, 0, 0, 9])
    );
    assert_eq!(r.state_counts(), [200 - 21, 0, 21, 0]);
}

#[test]
fn a_row_the_table_leaves_out_is_absent() {
    // 8.属于行政查询事项 not printed at all.
    let drop8 = |i: usize, r: Row| -> Vec<Row> { if i == 11 { vec![] } else { vec![r] } };
    // 1.属于国家秘密 not printed: only its group heading is left.
    let drop1 = |i: usize, (g, l, v): Row| -> Vec<Row> {
        if i == 4 {
            vec![(None, g.unwrap_or_default().to_string(), [0; 7])]
        } else {
            vec![(g, l, v)]
        }
    };
    for lay in LAYS {
        let r = parse_str(&doc(lay, &rows(&drop8)));
        assert_eq!(
            row_of(&r, "withheld.query_matters"),
            unparsed(CellIssue::RowAbsent),
            "{lay:?}"
        );
        assert_eq!(
            note(&r, "t3.withheld.query_matters.total").as_deref(),
            Some("表中无此行")
        );
        assert_eq!(
            row_of(&r, "withheld.enforcement_files"),
            read_as([0; 7]),
            "{lay:?}"
        );
        assert_eq!(
            row_of(&r, "unavailable.not_held"),
            read_as([0; 7]),
            "{lay:?}"
        );
        assert_eq!(r.state_counts(), [193, 0, 7, 0], "{lay:?}");

        let text = doc(lay, &rows(&drop1))
            .replace("（三）不予公开 0 0 0 0 0 0 0", "（三）不予公开")
            .replace("（三）不予公开\t0\t0\t0\t0\t0\t0\t0", "（三）不予公开")
            .replace(
                "<td>（三）不予公开</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>",
                "<td>（三）不予公开</td>",
            );
        let r = parse_str(&text);
        assert_eq!(
            row_of(&r, "withheld.state_secret"),
            unparsed(CellIssue::RowAbsent),
            "{lay:?}"
        );
        assert_eq!(
            row_of(&r, "withheld.prohibited_by_law"),
            read_as([2, 0, 0, 1, 0, 0, 3]),
            "{lay:?}"
        );
    }
}
