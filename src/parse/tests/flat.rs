//! Flattened page text (issue 11): digit runs with partial spaces, an amount
//! glued to a count, and numbers printed on the line before their label.

use super::*;
use crate::model::CellIssue;

/// Table 3 in PDF-text form: each row `label n n n n n n n` on its line,
/// unless `line` writes it otherwise.
fn t3_text(
    vals: &dyn Fn(usize) -> [i64; 7],
    line: &dyn Fn(usize, &str, &str) -> Option<String>,
) -> String {
    let rows: String = t3_rows_2021(vals)
        .iter()
        .enumerate()
        .map(|(i, (l, v))| {
            let nums = v.map(|x| x.to_string()).join(" ");
            line(i, l, &nums).unwrap_or_else(|| format!("{l} {nums}\n"))
        })
        .collect();
    format!("申请人情况\n自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n{rows}")
}

/// The (state, value, note) of each cell of a table-3 row.
fn row(r: &Report, key: &str) -> Vec<(CellState, Option<String>, Option<CellIssue>)> {
    let cols = [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_services",
        "other_org",
        "total",
    ];
    cols.iter()
        .map(|c| {
            let cell = r
                .cell(&format!("t3.{key}.{c}"))
                .cloned()
                .unwrap_or_default();
            (cell.state, cell.number().map(|v| v.to_string()), cell.issue)
        })
        .collect()
}

/// Seven numbers read as written, with no note.
fn numbers(v: [i64; 7]) -> Vec<(CellState, Option<String>, Option<CellIssue>)> {
    v.iter()
        .map(|x| (CellState::Number, Some(x.to_string()), None))
        .collect()
}

/// 15 new applications, all 12 of one column granted… consistent, with a
/// 12 that a leading zero glues to its neighbour.
fn zero_vals(i: usize) -> [i64; 7] {
    match i {
        0 | 23 => [0, 0, 12, 3, 0, 0, 15],
        2 => [0, 0, 10, 3, 0, 0, 13],
        12 => [0, 0, 2, 0, 0, 0, 2],
        _ => [0; 7],
    }
}

#[test]
fn digit_runs_with_partial_spaces_cut_at_leading_zeros() {
    let t3 = t3_text(&zero_vals, &|i, l, _| match i {
        0 => Some(format!("{l} 0 012 3 0 0 15\n")),
        24 => Some(format!("{l} 0 0 00 00 0\n")),
        _ => None,
    });
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    assert_eq!(row(&r, "new_received"), numbers([0, 0, 12, 3, 0, 0, 15]));
    assert_eq!(row(&r, "carried_over"), numbers([0; 7]));
    assert_eq!(row(&r, "total_processed"), numbers([0, 0, 12, 3, 0, 0, 15]));
    // Before: "该行只有 5 个值" on all seven.
    assert_eq!(row(&r, "carried_forward"), numbers([0; 7]));
    // Each zero points at its own character of "00".
    let c = r.cell("t3.carried_forward.legal_services").unwrap();
    assert_eq!(r.raw(&c.span.unwrap()), "0");
    assert_eq!(r.state_counts()[CellState::Number as usize], 200);
}

#[test]
fn a_leading_zero_in_a_full_row_is_never_read_as_a_number() {
    // Seven tokens for seven cells, but "012" is two or three cells: the
    // row cannot be read, and 12 must not appear as a number.
    let t3 = t3_text(&zero_vals, &|i, l, _| {
        (i == 0).then(|| format!("{l} 0 012 3 0 0 0 15\n"))
    });
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    for (state, v, note) in row(&r, "new_received") {
        assert_ne!(state, CellState::Number);
        assert_eq!(v, None);
        assert_eq!(note, Some(CellIssue::GluedUnreadable));
    }
    assert_eq!(row(&r, "carried_over"), numbers([0; 7]));
}

fn t2_2019(procurement: &str) -> String {
    format!(
        "第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n规范性文件 4 4 27\n第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 31 +2 86\n其他对外管理服务事项 9 0 14\n第二十条第（六）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政处罚 3 0 5\n行政强制 1 0 0\n第二十条第（八）项\n信息内容 上一年项目数量 本年增/减\n行政事业性收费 6 -1\n第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n{procurement}\n"
    )
}

const T3_2019_MIN: &str = "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0\n（六）其他处理 0 0 0 0 0 0 0\n（七）总计 0 0 0 0 0 0 0\n";

#[test]
fn an_amount_glued_to_a_count_is_ambiguous_with_every_cut() {
    let text =
        report(&t2_2019("政府集中采购 5843.73"), T3_2019_MIN, T4_SPACED).replace("2023", "2020");
    let r = parse_str(&text);
    assert_eq!(r.template, Template::T2019);
    let dec = |s: &str| tokens::parse_number(s).unwrap();
    let cell = |k: &str| r.cell(k).cloned().unwrap();
    let (projects, amount) = (
        cell("t2.procurement.projects"),
        cell("t2.procurement.amount"),
    );
    let note = CellIssue::GluedUnchecked { readings: 3 };
    for (c, cands) in [
        (
            &projects,
            vec![Value::Int(5), Value::Int(58), Value::Int(584)],
        ),
        (&amount, vec![dec("3.73"), dec("43.73"), dec("843.73")]),
    ] {
        assert_eq!(c.state, CellState::Ambiguous);
        assert_eq!(c.value, None);
        assert_eq!(c.candidates(), &cands[..]);
        assert_eq!(c.issue, Some(note));
        assert_eq!(r.raw(&c.span.unwrap()), "5843.73");
    }
    assert_eq!(
        note.describe(false),
        "数字连写，有 3 种拆分，本行没有合计可以核对"
    );
    // The neighbour keeps its own numbers.
    assert_eq!(val(&r, "t2.admin_fees.prev_items"), Some(6));
    assert_eq!(val(&r, "t2.admin_fees.delta"), Some(-1));
    // Written apart, the two cells read as numbers.
    let r = parse_str(
        &report(&t2_2019("政府集中采购 58 43.73"), T3_2019_MIN, T4_SPACED).replace("2023", "2020"),
    );
    assert_eq!(val(&r, "t2.procurement.projects"), Some(58));
    assert_eq!(state(&r, "t2.procurement.amount"), CellState::Number);
}

/// 24 new applications; 3 answered "需要另行制作", 21 "补正后仍不明确".
fn unclear_vals(i: usize) -> [i64; 7] {
    match i {
        0 | 23 => [21, 1, 0, 1, 0, 1, 24],
        13 => [2, 1, 0, 0, 0, 0, 3],
        14 => [19, 0, 0, 1, 0, 1, 21],
        _ => [0; 7],
    }
}

/// The rows around 3.补正后申请内容仍不明确, each as read.
fn check_unclear_rows(r: &Report) {
    assert_eq!(row(r, "unavailable.not_held"), numbers([0; 7]));
    assert_eq!(
        row(r, "unavailable.needs_compilation"),
        numbers([2, 1, 0, 0, 0, 0, 3])
    );
    assert_eq!(
        row(r, "unavailable.still_unclear"),
        numbers([19, 0, 0, 1, 0, 1, 21])
    );
    assert_eq!(row(r, "not_processed.petition"), numbers([0; 7]));
    assert_eq!(row(r, "total_processed"), numbers([21, 1, 0, 1, 0, 1, 24]));
    assert_eq!(r.state_counts()[CellState::Number as usize], 200);
}

#[test]
fn numbers_printed_before_their_label_bind_to_it() {
    let t3 = t3_text(&unclear_vals, &|i, l, nums| {
        (i == 14).then(|| format!("{nums}\n{l}\n"))
    });
    assert!(t3.contains("另行制作 2 1 0 0 0 0 3\n19 0 0 1 0 1 21\n3.补正后申请内容仍不明确\n"));
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    check_unclear_rows(&r);
    let c = r
        .cell("t3.unavailable.still_unclear.natural_person")
        .unwrap();
    assert_eq!(r.raw(&c.span.unwrap()), "19");
    let above = r.cell("t3.unavailable.needs_compilation.total").unwrap();
    assert_eq!(c.span.unwrap().line, above.span.unwrap().line + 1);
}

#[test]
fn row_sums_choose_where_a_glued_run_before_a_label_starts() {
    // Flattened text: the rows' runs are glued ("2100003"), partly spaced
    // ("19001 0121"), and printed before the label; only one cut lets both
    // rows' totals hold, and "0121" is 0|1|21 under that total.
    let t3 = t3_text(&unclear_vals, &|i, l, _| match i {
        13 => Some(format!("{l}2100003 ")),
        14 => Some(format!("19001 0121 {l}\n")),
        _ => None,
    });
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    check_unclear_rows(&r);
}

#[test]
fn a_run_with_no_clean_cut_is_not_moved() {
    // Fifteen values between two labels: no cut gives each row seven, so
    // none is guessed; both rows stay unparsed, with their notes.
    let t3 = t3_text(&unclear_vals, &|i, l, nums| match i {
        13 => Some(format!("{l} {nums} 5\n")),
        14 => Some(format!("{nums}\n{l}\n")),
        _ => None,
    });
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    let too_many = Some(CellIssue::TooMany {
        found: 15,
        expected: 7,
    });
    assert!(
        row(&r, "unavailable.needs_compilation")
            .iter()
            .all(|c| *c == (CellState::Unparsed, None, too_many))
    );
    assert!(
        row(&r, "unavailable.still_unclear")
            .iter()
            .all(|c| *c == (CellState::Unparsed, None, Some(CellIssue::NoValues)))
    );
    assert_eq!(row(&r, "unavailable.not_held"), numbers([0; 7]));
    assert_eq!(row(&r, "not_processed.petition"), numbers([0; 7]));
}
