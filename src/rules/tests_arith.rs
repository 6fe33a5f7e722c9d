//! Rule tests (see [`super::testkit`]): A01 A02 A03 A06 (table 3
//! arithmetic), L01 L02 L03 (table 4) and T02 T03 T04 T05 (table 2), each
//! for pass, fail and uncertain, on both templates where the rule applies.
//!
//! Fixture notes. `"—"` blanks a cell in both bases. `""` (an empty field)
//! is used only between two values of a tab-separated 2021 row: at either
//! end of a row the parser may take it for padding (see
//! `a03_uncertain_empty_first_column_2021`), and in the one-cell-per-line
//! 2019 base an empty line makes the whole row ambiguous. `"1.5"` is the
//! unreadable value for both bases: a decimal in a count cell is unparsed in
//! place. (`"x"` is unparsed in place in a tab-separated row, see
//! `a02_uncertain_word_in_a_tab_row_2021`.) Ambiguous cells come from a
//! glued (flattened) row, see `a01_uncertain_ambiguous_glued_row_2021`. Every uncertain test first checks the cell
//! state it relies on, so a fixture that stops blanking a cell cannot pass
//! quietly.

use super::testkit::*;
use super::{Finding, Severity, Status};
use crate::model::CellState;

// ---------------------------------------------------------------- helpers

/// How the parser reads cell `key` of `text`.
fn state(text: &str, key: &str) -> CellState {
    let r = parse(text);
    let i = r
        .schema()
        .index(key)
        .unwrap_or_else(|| panic!("no cell {key}"));
    r.cells[i].state
}

/// The source line of cell `key` of `text`.
fn line(text: &str, key: &str) -> u32 {
    let r = parse(text);
    let i = r
        .schema()
        .index(key)
        .unwrap_or_else(|| panic!("no cell {key}"));
    r.cells[i]
        .span
        .unwrap_or_else(|| panic!("cell {key} has no span"))
        .line
}

/// The integer the parser reads for `key` (panics unless a number).
fn int(text: &str, key: &str) -> i64 {
    value(text, key).unwrap_or_else(|| panic!("{key} is not a number")) as i64
}

/// The findings of rule `id` with status `st`.
fn with_status(text: &str, id: &str, st: Status) -> Vec<Finding> {
    findings(text, id)
        .into_iter()
        .filter(|f| f.status == st)
        .collect()
}

/// The only failing finding of rule `id` (panics unless exactly one).
fn one_fail(text: &str, id: &str) -> Finding {
    let fs = with_status(text, id, Status::Fail);
    assert_eq!(fs.len(), 1, "{id}: expected one failure, got {fs:#?}");
    fs.into_iter().next().unwrap()
}

/// The only uncertain finding of rule `id` (panics unless exactly one).
fn one_uncertain(text: &str, id: &str) -> Finding {
    let fs = with_status(text, id, Status::Uncertain);
    assert_eq!(fs.len(), 1, "{id}: expected one uncertain, got {fs:#?}");
    fs.into_iter().next().unwrap()
}

fn has_cell(f: &Finding, key: &str) -> bool {
    f.cells.iter().any(|c| c == key)
}

/// `findings(text, id)` is empty: the rule passes without even an info.
fn assert_pass(text: &str, id: &str) {
    let fs = findings(text, id);
    assert!(fs.is_empty(), "{id} should pass: {fs:#?}");
    assert_eq!(outcome(text, id), Outcome::Pass);
}

/// The uncertain finding of rule `id` names `key` as the blocking cell.
fn assert_uncertain_on(text: &str, id: &str, key: &str, why: &str) -> Finding {
    assert_eq!(
        outcome(text, id),
        Outcome::Uncertain,
        "{:#?}",
        findings(text, id)
    );
    let f = one_uncertain(text, id);
    assert_eq!(f.severity, Severity::Info);
    assert!(has_cell(&f, key), "{key} not in {:?}", f.cells);
    assert!(f.message.contains("无法核对"), "{}", f.message);
    assert!(f.message.ends_with(why), "{}", f.message);
    assert!(f.lines.contains(&line(text, key)), "{f:#?}");
    f
}

/// The result rows of （七）总计 in the 2021 template (FORMAT.md §4).
const RESULTS_2021: [&str; 21] = [
    "granted",
    "partially_granted",
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.security_stability",
    "withheld.third_party",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_files",
    "withheld.query_matters",
    "unavailable.not_held",
    "unavailable.needs_compilation",
    "unavailable.still_unclear",
    "not_processed.petition",
    "not_processed.repeated",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirmation",
    "other.no_correction",
    "other.unpaid_fee",
    "other.other",
];

/// The result rows of the 2019 template: the same, with one `other.total`.
fn results_2019() -> Vec<&'static str> {
    let mut v: Vec<&str> = RESULTS_2021
        .iter()
        .copied()
        .filter(|r| !r.starts_with("other."))
        .collect();
    v.push("other.total");
    v
}

/// Every table-3 row of a template.
fn t3_rows(results: &[&'static str]) -> Vec<&'static str> {
    let mut v = vec!["new_received", "carried_over"];
    v.extend_from_slice(results);
    v.extend_from_slice(&["total_processed", "carried_forward"]);
    v
}

/// `base` with cell `key` set to its value plus `d`.
fn bump(base: &str, key: &str, d: i64) -> String {
    let v = (int(base, key) + d).to_string();
    with_cells(base, &[(key, v.as_str())])
}

#[test]
fn the_bases_hold_the_numbers_these_tests_assume() {
    // 2021: 新收 7/1/…/8, （七）总计 7/1/…/8, 结转 0; table 4 all 0;
    // 规范性文件 1 issued, 0 repealed, 6 in force.
    assert_eq!(int(CLEAN_2021, "t3.new_received.total"), 8);
    assert_eq!(int(CLEAN_2021, "t3.new_received.natural_person"), 7);
    assert_eq!(int(CLEAN_2021, "t3.total_processed.total"), 8);
    assert_eq!(int(CLEAN_2021, "t3.granted.total"), 4);
    assert_eq!(int(CLEAN_2021, "t3.carried_forward.total"), 0);
    assert_eq!(int(CLEAN_2021, "t2.normative_docs.in_force"), 6);
    // 2019: 新收 2, （七）总计 2, 结转 0; 规章 2/2/2; 其他对外管理服务事项 12/+1.
    assert_eq!(int(CLEAN_2019, "t3.new_received.total"), 2);
    assert_eq!(int(CLEAN_2019, "t3.total_processed.total"), 2);
    assert_eq!(int(CLEAN_2019, "t2.regulations.new_published"), 2);
    assert_eq!(int(CLEAN_2019, "t2.other_services.prev_items"), 12);
    assert_eq!(int(CLEAN_2019, "t2.other_services.delta"), 1);
}

// ------------------------------------------------------------------- A01

#[test]
fn a01_pass_clean_2021() {
    assert_pass(CLEAN_2021, "A01");
}

#[test]
fn a01_pass_clean_2019() {
    assert_pass(CLEAN_2019, "A01");
}

#[test]
fn a01_pass_when_a_row_and_its_total_change_together() {
    let t = with_cells(
        CLEAN_2021,
        &[("t3.granted.research", "2"), ("t3.granted.total", "6")],
    );
    assert_pass(&t, "A01");
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t3.carried_forward.legal_services", "3"),
            ("t3.carried_forward.total", "3"),
        ],
    );
    assert_pass(&t, "A01");
}

#[test]
fn a01_fail_granted_row_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.natural_person", "5")]);
    assert_eq!(outcome(&t, "A01"), Outcome::Fail);
    let f = one_fail(&t, "A01");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "「（一）予以公开」总计 = 4，但各类申请人之和 = 6"
    );
    assert!(has_cell(&f, "t3.granted.natural_person"));
    assert!(has_cell(&f, "t3.granted.total"));
    assert_eq!(f.lines, vec![line(&t, "t3.granted.total")]);
}

#[test]
fn a01_fail_total_cell_2019() {
    let t = with_cells(CLEAN_2019, &[("t3.new_received.total", "3")]);
    assert_eq!(outcome(&t, "A01"), Outcome::Fail);
    let f = one_fail(&t, "A01");
    assert!(
        f.message.contains("总计 = 3，但各类申请人之和 = 2"),
        "{}",
        f.message
    );
    assert!(has_cell(&f, "t3.new_received.total"));
    assert!(f.lines.contains(&line(&t, "t3.new_received.total")));
}

#[test]
fn a01_fail_in_every_row_of_both_templates() {
    let r2019 = results_2019();
    for (base, rows) in [
        (CLEAN_2021, t3_rows(&RESULTS_2021)),
        (CLEAN_2019, t3_rows(&r2019)),
    ] {
        for row in rows {
            let key = format!("t3.{row}.other_org");
            let t = bump(base, &key, 1);
            let f = one_fail(&t, "A01");
            assert!(has_cell(&f, &key), "{row}: {f:#?}");
            let total = int(base, &format!("t3.{row}.total"));
            assert!(
                f.message
                    .ends_with(&format!("总计 = {total}，但各类申请人之和 = {}", total + 1)),
                "{row}: {}",
                f.message
            );
        }
    }
}

#[test]
fn a01_fail_two_rows_give_two_findings() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.new_received.commercial", "2"),
            ("t3.carried_forward.total", "1"),
        ],
    );
    let fs = with_status(&t, "A01", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert!(fs[0].message.contains("本年新收"), "{}", fs[0].message);
    assert!(fs[0].message.ends_with("总计 = 8，但各类申请人之和 = 9"));
    assert!(has_cell(&fs[1], "t3.carried_forward.total"));
    assert!(fs[1].message.ends_with("总计 = 1，但各类申请人之和 = 0"));
    assert_ne!(fs[0].lines, fs[1].lines);
}

#[test]
fn a01_uncertain_blank_cell_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "")]);
    assert_eq!(state(&t, "t3.granted.commercial"), CellState::Blank);
    let f = assert_uncertain_on(&t, "A01", "t3.granted.commercial", "为空白");
    assert!(f.message.contains("商业企业"), "{}", f.message);
}

#[test]
fn a01_uncertain_blank_total_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.not_processed.repeated.total", "—")]);
    assert_eq!(
        state(&t, "t3.not_processed.repeated.total"),
        CellState::Blank
    );
    assert_uncertain_on(&t, "A01", "t3.not_processed.repeated.total", "为空白");
}

#[test]
fn a01_uncertain_unparsed_cell_2019() {
    let t = with_cells(
        CLEAN_2019,
        &[("t3.unavailable.not_held.natural_person", "1.5")],
    );
    assert_eq!(
        state(&t, "t3.unavailable.not_held.natural_person"),
        CellState::Unparsed
    );
    assert_uncertain_on(
        &t,
        "A01",
        "t3.unavailable.not_held.natural_person",
        "未能读取",
    );
}

#[test]
fn a01_uncertain_ambiguous_glued_row_2021() {
    // Flattened text: "11000011" under seven columns reads both
    // 11|0|0|0|0|0|11 and 1|10|0|0|0|0|11; the parser does not guess.
    let t = replace(
        CLEAN_2021,
        "（一）予以公开\t3\t1\t0\t0\t0\t0\t4\t",
        "（一）予以公开11000011",
    );
    assert_eq!(state(&t, "t3.granted.commercial"), CellState::Ambiguous);
    assert_uncertain_on(&t, "A01", "t3.granted.natural_person", "有多种读法");
    // One reading only ("3100004"): the row is read and A01 passes.
    let t = replace(
        CLEAN_2021,
        "（一）予以公开\t3\t1\t0\t0\t0\t0\t4\t",
        "（一）予以公开3100004",
    );
    assert_eq!(int(&t, "t3.granted.total"), 4);
    assert_pass(&t, "A01");
}

#[test]
fn a01_uncertain_row_does_not_hide_a_failing_row() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.granted.commercial", ""),
            ("t3.unavailable.not_held.natural_person", "3"),
        ],
    );
    assert_eq!(outcome(&t, "A01"), Outcome::Fail);
    let f = one_fail(&t, "A01");
    assert!(f.message.ends_with("总计 = 2，但各类申请人之和 = 3"));
    let u = one_uncertain(&t, "A01");
    assert!(has_cell(&u, "t3.granted.commercial"));
}

// ------------------------------------------------------------------- A02

#[test]
fn a02_pass_clean_2021() {
    assert_pass(CLEAN_2021, "A02");
}

#[test]
fn a02_pass_clean_2019() {
    assert_pass(CLEAN_2019, "A02");
}

#[test]
fn a02_pass_when_a_result_and_the_total_change_together() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.other.unpaid_fee.social_welfare", "2"),
            ("t3.total_processed.social_welfare", "2"),
        ],
    );
    assert_pass(&t, "A02");
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t3.other.total.total", "1"),
            ("t3.total_processed.total", "3"),
        ],
    );
    assert_pass(&t, "A02");
}

#[test]
fn a02_fail_one_column_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.natural_person", "4")]);
    assert_eq!(outcome(&t, "A02"), Outcome::Fail);
    let f = one_fail(&t, "A02");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.message, "（七）总计 自然人 = 7，但各办理结果之和 = 8");
    assert!(has_cell(&f, "t3.total_processed.natural_person"));
    assert!(has_cell(&f, "t3.granted.natural_person"));
    assert!(has_cell(&f, "t3.other.other.natural_person"));
    assert!(!f.cells.iter().any(|c| c.ends_with(".commercial")));
    assert!(
        f.lines
            .contains(&line(&t, "t3.total_processed.natural_person"))
    );
    assert!(f.lines.contains(&line(&t, "t3.granted.natural_person")));
}

#[test]
fn a02_fail_two_columns_give_two_findings_2021() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.granted.natural_person", "4"),
            ("t3.withheld.third_party.legal_services", "2"),
        ],
    );
    let fs = with_status(&t, "A02", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(fs[0].message, "（七）总计 自然人 = 7，但各办理结果之和 = 8");
    assert!(has_cell(&fs[0], "t3.total_processed.natural_person"));
    assert_eq!(
        fs[1].message,
        "（七）总计 法律服务 = 0，但各办理结果之和 = 2"
    );
    assert!(has_cell(&fs[1], "t3.total_processed.legal_services"));
    assert!(has_cell(&fs[1], "t3.withheld.third_party.legal_services"));
}

#[test]
fn a02_fail_two_columns_give_two_findings_2019() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t3.total_processed.research", "1"),
            ("t3.total_processed.total", "5"),
        ],
    );
    let fs = with_status(&t, "A02", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(
        fs[0].message,
        "（七）总计 科研机构 = 1，但各办理结果之和 = 0"
    );
    // The total column is named so that the message never says "总计 总计".
    assert_eq!(fs[1].message, "（七）总计 总计列 = 5，但各办理结果之和 = 2");
    assert!(has_cell(&fs[1], "t3.other.total.total"));
}

#[test]
fn a02_fail_every_result_row_counts_2021() {
    for row in RESULTS_2021 {
        let key = format!("t3.{row}.total");
        let t = bump(CLEAN_2021, &key, 1);
        let f = one_fail(&t, "A02");
        assert_eq!(
            f.message, "（七）总计 总计列 = 8，但各办理结果之和 = 9",
            "{row}"
        );
        assert!(has_cell(&f, &key), "{row}: {:?}", f.cells);
    }
}

#[test]
fn a02_fail_every_result_row_counts_2019() {
    for row in results_2019() {
        let key = format!("t3.{row}.natural_person");
        let t = bump(CLEAN_2019, &key, 2);
        let f = one_fail(&t, "A02");
        assert_eq!(
            f.message, "（七）总计 自然人 = 2，但各办理结果之和 = 4",
            "{row}"
        );
        assert!(has_cell(&f, &key), "{row}: {:?}", f.cells);
    }
}

#[test]
fn a02_ignores_rows_outside_the_results() {
    // 新收, 上年结转 and 结转下年度 are not results of （七）总计.
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.new_received.commercial", "5"),
            ("t3.carried_over.commercial", "5"),
            ("t3.carried_forward.commercial", "5"),
        ],
    );
    assert_pass(&t, "A02");
}

#[test]
fn a02_uncertain_blank_result_cell_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.unavailable.not_held.total", "—")]);
    assert_eq!(state(&t, "t3.unavailable.not_held.total"), CellState::Blank);
    let f = assert_uncertain_on(&t, "A02", "t3.unavailable.not_held.total", "为空白");
    assert!(
        f.message.starts_with("（七）总计 总计列无法核对"),
        "{}",
        f.message
    );
    assert!(has_cell(&f, "t3.total_processed.total"));
}

#[test]
fn a02_uncertain_blank_total_2019() {
    let t = with_cells(CLEAN_2019, &[("t3.total_processed.commercial", "—")]);
    assert_eq!(state(&t, "t3.total_processed.commercial"), CellState::Blank);
    let f = assert_uncertain_on(&t, "A02", "t3.total_processed.commercial", "为空白");
    assert!(
        f.message.starts_with("（七）总计 商业企业"),
        "{}",
        f.message
    );
}

#[test]
fn a02_uncertain_unparsed_cell_2019() {
    let t = with_cells(CLEAN_2019, &[("t3.other.total.other_org", "1.5")]);
    assert_eq!(state(&t, "t3.other.total.other_org"), CellState::Unparsed);
    assert_uncertain_on(&t, "A02", "t3.other.total.other_org", "未能读取");
}

#[test]
fn a02_uncertain_column_next_to_a_failing_one() {
    // Per column: a blank in one column does not hide a wrong sum in another.
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.granted.commercial", ""),
            ("t3.not_processed.repeated.natural_person", "3"),
        ],
    );
    assert_eq!(outcome(&t, "A02"), Outcome::Fail);
    let f = one_fail(&t, "A02");
    assert_eq!(f.message, "（七）总计 自然人 = 7，但各办理结果之和 = 9");
    let u = one_uncertain(&t, "A02");
    assert!(
        u.message.starts_with("（七）总计 商业企业无法核对"),
        "{}",
        u.message
    );
    assert!(has_cell(&u, "t3.granted.commercial"));
}

// ------------------------------------------------------------------- A03

#[test]
fn a03_pass_clean_2021() {
    assert_pass(CLEAN_2021, "A03");
}

#[test]
fn a03_pass_clean_2019() {
    assert_pass(CLEAN_2019, "A03");
}

#[test]
fn a03_pass_with_carried_applications() {
    // 8 new + 2 carried over = 8 processed + 2 carried forward.
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.carried_over.total", "2"),
            ("t3.carried_forward.total", "2"),
        ],
    );
    assert_pass(&t, "A03");
}

#[test]
fn a03_fail_one_column_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.new_received.natural_person", "8")]);
    assert_eq!(outcome(&t, "A03"), Outcome::Fail);
    let f = one_fail(&t, "A03");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "自然人列：本年新收 + 上年结转 = 8，但办理结果总计 + 结转下年度 = 7"
    );
    assert_eq!(
        f.cells,
        vec![
            "t3.new_received.natural_person",
            "t3.carried_over.natural_person",
            "t3.total_processed.natural_person",
            "t3.carried_forward.natural_person",
        ]
    );
    assert!(
        f.lines
            .contains(&line(&t, "t3.new_received.natural_person"))
    );
    assert!(
        f.lines
            .contains(&line(&t, "t3.carried_forward.natural_person"))
    );
}

#[test]
fn a03_fail_two_columns_give_two_findings_2021() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.new_received.natural_person", "8"),
            ("t3.carried_forward.commercial", "2"),
        ],
    );
    let fs = with_status(&t, "A03", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert!(fs[0].message.starts_with("自然人列："), "{}", fs[0].message);
    assert!(fs[0].message.contains("= 8，但"), "{}", fs[0].message);
    assert!(
        fs[1].message.starts_with("商业企业列："),
        "{}",
        fs[1].message
    );
    assert!(
        fs[1]
            .message
            .ends_with("本年新收 + 上年结转 = 1，但办理结果总计 + 结转下年度 = 3"),
        "{}",
        fs[1].message
    );
    assert!(has_cell(&fs[1], "t3.carried_forward.commercial"));
}

#[test]
fn a03_fail_two_columns_give_two_findings_2019() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t3.carried_over.social_welfare", "1"),
            ("t3.carried_forward.total", "1"),
        ],
    );
    let fs = with_status(&t, "A03", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(
        fs[0].message,
        "公益组织列：本年新收 + 上年结转 = 1，但办理结果总计 + 结转下年度 = 0"
    );
    assert_eq!(
        fs[1].message,
        "总计列：本年新收 + 上年结转 = 2，但办理结果总计 + 结转下年度 = 3"
    );
    assert!(has_cell(&fs[1], "t3.carried_forward.total"));
}

#[test]
fn a03_fail_on_each_of_its_four_rows() {
    for row in [
        "new_received",
        "carried_over",
        "total_processed",
        "carried_forward",
    ] {
        for (base, col) in [(CLEAN_2021, "research"), (CLEAN_2019, "total")] {
            let key = format!("t3.{row}.{col}");
            let t = bump(base, &key, 1);
            let f = one_fail(&t, "A03");
            assert_eq!(
                f.cells[..],
                [
                    format!("t3.new_received.{col}"),
                    format!("t3.carried_over.{col}"),
                    format!("t3.total_processed.{col}"),
                    format!("t3.carried_forward.{col}"),
                ]
            );
        }
    }
}

#[test]
fn a03_uncertain_blank_carried_over_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.carried_over.total", "—")]);
    assert_eq!(state(&t, "t3.carried_over.total"), CellState::Blank);
    let f = assert_uncertain_on(&t, "A03", "t3.carried_over.total", "为空白");
    assert!(
        f.message.starts_with("总计列勾稽关系无法核对"),
        "{}",
        f.message
    );
}

#[test]
fn a03_uncertain_blank_carried_forward_2019() {
    let t = with_cells(CLEAN_2019, &[("t3.carried_forward.research", "—")]);
    assert_eq!(state(&t, "t3.carried_forward.research"), CellState::Blank);
    let f = assert_uncertain_on(&t, "A03", "t3.carried_forward.research", "为空白");
    assert!(f.message.starts_with("科研机构列"), "{}", f.message);
}

#[test]
fn a03_uncertain_unparsed_cell_2021() {
    let t = with_cells(CLEAN_2021, &[("t3.total_processed.natural_person", "1.5")]);
    assert_eq!(
        state(&t, "t3.total_processed.natural_person"),
        CellState::Unparsed
    );
    assert_uncertain_on(&t, "A03", "t3.total_processed.natural_person", "未能读取");
}

#[test]
fn a03_uncertain_column_next_to_a_failing_one() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t3.new_received.commercial", "—"),
            ("t3.new_received.natural_person", "3"),
        ],
    );
    assert_eq!(outcome(&t, "A03"), Outcome::Fail);
    let f = one_fail(&t, "A03");
    assert!(f.message.starts_with("自然人列："), "{}", f.message);
    let u = one_uncertain(&t, "A03");
    assert!(has_cell(&u, "t3.new_received.commercial"));
}

#[test]
fn a03_uncertain_dash_in_the_first_column_2021() {
    // "—" in the first value column of a tab-separated row stays in place.
    let t = with_cells(CLEAN_2021, &[("t3.new_received.natural_person", "—")]);
    assert_eq!(
        state(&t, "t3.new_received.natural_person"),
        CellState::Blank
    );
    assert_eq!(int(&t, "t3.new_received.commercial"), 1);
    assert_uncertain_on(&t, "A03", "t3.new_received.natural_person", "为空白");
}

#[test]
fn a03_uncertain_empty_first_column_2021() {
    // An empty first value field in a tab-separated row must not shift the
    // row left ("…\t\t\t\t1\t0\t0\t0\t0\t8\t" read as 自然人 = 1, 其他 = 8):
    // the cell is blank or the row unreadable, and A03 is uncertain, not a
    // failure of the 其他组织 column.
    let t = with_cells(CLEAN_2021, &[("t3.new_received.natural_person", "")]);
    assert_ne!(
        state(&t, "t3.new_received.natural_person"),
        CellState::Number
    );
    assert_ne!(value(&t, "t3.new_received.other_org"), Some(8.0));
    assert_eq!(
        outcome(&t, "A03"),
        Outcome::Uncertain,
        "{:#?}",
        findings(&t, "A03")
    );
}

#[test]
fn a02_uncertain_word_in_a_tab_row_2021() {
    // A word in a tab-separated row ("3\tx\t0\t0\t0\t0\t4\t") is an
    // unreadable cell in its place; the later values do not shift into it.
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "x")]);
    assert_eq!(state(&t, "t3.granted.commercial"), CellState::Unparsed);
    assert_eq!(int(&t, "t3.granted.other_org"), 0);
    assert_eq!(int(&t, "t3.granted.total"), 4);
    assert_uncertain_on(&t, "A02", "t3.granted.commercial", "未能读取");
}

// ------------------------------------------------------------------- A06
// A06 only speaks when A03 cannot check the total column.

#[test]
fn a06_pass_clean_2021_and_2019() {
    assert_pass(CLEAN_2021, "A06");
    assert_pass(CLEAN_2019, "A06");
}

#[test]
fn a06_pass_when_a03_is_uncertain_and_carried_forward_fits() {
    // （七）总计 blank: A03 cannot check; 结转 0 ≤ 8 + 0.
    let t = with_cells(CLEAN_2021, &[("t3.total_processed.total", "—")]);
    assert_eq!(outcome(&t, "A03"), Outcome::Uncertain);
    assert_pass(&t, "A06");
    // The boundary: 结转 = 新收 + 上年结转.
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t3.total_processed.total", "—"),
            ("t3.carried_forward.total", "2"),
        ],
    );
    assert_pass(&t, "A06");
}

#[test]
fn a06_pass_when_a03_decides() {
    // All four totals readable: the excess is A03's failure, not A06's.
    let t = with_cells(CLEAN_2021, &[("t3.carried_forward.total", "20")]);
    assert_eq!(outcome(&t, "A03"), Outcome::Fail);
    assert_pass(&t, "A06");
}

#[test]
fn a06_fail_2021() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t3.total_processed.total", "—"),
            ("t3.carried_forward.total", "9"),
        ],
    );
    assert_eq!(outcome(&t, "A06"), Outcome::Fail);
    let f = one_fail(&t, "A06");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "结转下年度 9 件，多于本年新收与上年结转之和 8 件"
    );
    assert_eq!(
        f.cells,
        vec![
            "t3.new_received.total",
            "t3.carried_over.total",
            "t3.carried_forward.total",
        ]
    );
    assert!(f.lines.contains(&line(&t, "t3.carried_forward.total")));
}

#[test]
fn a06_fail_2019_counts_carried_over() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t3.total_processed.total", "1.5"),
            ("t3.carried_over.total", "1"),
            ("t3.carried_forward.total", "4"),
        ],
    );
    let f = one_fail(&t, "A06");
    assert_eq!(
        f.message,
        "结转下年度 4 件，多于本年新收与上年结转之和 3 件"
    );
}

#[test]
fn a06_blank_operand_gives_no_uncertain() {
    // A06 has no uncertain outcome: it is the fallback of A03's total column
    // and runs only when A03 is uncertain there. When one of its own three
    // totals is blank/unreadable, A03 has already reported that column as
    // uncertain, so A06 stays silent and does not repeat it.
    for base in [CLEAN_2021, CLEAN_2019] {
        for key in [
            "t3.new_received.total",
            "t3.carried_over.total",
            "t3.carried_forward.total",
        ] {
            let t = with_cells(base, &[(key, "—"), ("t3.total_processed.total", "—")]);
            assert_eq!(state(&t, key), CellState::Blank);
            assert_eq!(outcome(&t, "A03"), Outcome::Uncertain);
            assert_pass(&t, "A06");
        }
    }
}

// ------------------------------------------------------------ L01 L02 L03

/// (rule, block, name in the message)
const L_RULES: [(&str, &str, &str); 3] = [
    ("L01", "review", "行政复议"),
    ("L02", "suit_direct", "行政诉讼（未经复议直接起诉）"),
    ("L03", "suit_after_review", "行政诉讼（复议后起诉）"),
];

#[test]
fn l01_pass_clean_2021_and_2019() {
    assert_pass(CLEAN_2021, "L01");
    assert_pass(CLEAN_2019, "L01");
}

#[test]
fn l02_pass_clean_2021_and_2019() {
    assert_pass(CLEAN_2021, "L02");
    assert_pass(CLEAN_2019, "L02");
}

#[test]
fn l03_pass_clean_2021_and_2019() {
    assert_pass(CLEAN_2021, "L03");
    assert_pass(CLEAN_2019, "L03");
}

#[test]
fn l01_pass_with_cases() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t4.review.upheld", "2"),
            ("t4.review.corrected", "1"),
            ("t4.review.pending", "1"),
            ("t4.review.total", "4"),
        ],
    );
    assert_pass(&t, "L01");
}

#[test]
fn l02_pass_with_cases() {
    let t = with_cells(
        CLEAN_2019,
        &[("t4.suit_direct.other", "3"), ("t4.suit_direct.total", "3")],
    );
    assert_pass(&t, "L02");
}

#[test]
fn l03_pass_with_cases() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t4.suit_after_review.corrected", "1"),
            ("t4.suit_after_review.total", "1"),
        ],
    );
    assert_pass(&t, "L03");
}

#[test]
fn l_rules_pass_when_another_block_is_wrong() {
    // Each rule checks its own block only.
    for (id, block, _) in L_RULES {
        let others: Vec<String> = L_RULES
            .iter()
            .filter(|(_, b, _)| *b != block)
            .map(|(_, b, _)| format!("t4.{b}.upheld"))
            .collect();
        let edits: Vec<(&str, &str)> = others.iter().map(|k| (k.as_str(), "1")).collect();
        let t = with_cells(CLEAN_2021, &edits);
        assert_pass(&t, id);
    }
}

#[test]
fn l01_fail_2021() {
    let t = with_cells(CLEAN_2021, &[("t4.review.upheld", "1")]);
    assert_eq!(outcome(&t, "L01"), Outcome::Fail);
    let f = one_fail(&t, "L01");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "行政复议：维持 + 纠正 + 其他 + 尚未审结 = 1，但总计 = 0"
    );
    assert_eq!(
        f.cells,
        vec![
            "t4.review.upheld",
            "t4.review.corrected",
            "t4.review.other",
            "t4.review.pending",
            "t4.review.total",
        ]
    );
    assert_eq!(f.lines, vec![line(&t, "t4.review.total")]);
}

#[test]
fn l01_fail_2019_total_too_big() {
    let t = with_cells(
        CLEAN_2019,
        &[("t4.review.pending", "1"), ("t4.review.total", "3")],
    );
    let f = one_fail(&t, "L01");
    assert_eq!(
        f.message,
        "行政复议：维持 + 纠正 + 其他 + 尚未审结 = 1，但总计 = 3"
    );
    assert!(f.lines.contains(&line(&t, "t4.review.total")));
}

#[test]
fn l02_fail_2021() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t4.suit_direct.corrected", "2"),
            ("t4.suit_direct.pending", "1"),
            ("t4.suit_direct.total", "2"),
        ],
    );
    let f = one_fail(&t, "L02");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "行政诉讼（未经复议直接起诉）：维持 + 纠正 + 其他 + 尚未审结 = 3，但总计 = 2"
    );
    assert!(has_cell(&f, "t4.suit_direct.total"));
    assert!(!f.cells.iter().any(|c| c.starts_with("t4.review.")));
}

#[test]
fn l02_fail_2019() {
    let t = with_cells(CLEAN_2019, &[("t4.suit_direct.total", "1")]);
    let f = one_fail(&t, "L02");
    assert!(f.message.ends_with("= 0，但总计 = 1"), "{}", f.message);
}

#[test]
fn l03_fail_2021() {
    let t = with_cells(CLEAN_2021, &[("t4.suit_after_review.other", "5")]);
    let f = one_fail(&t, "L03");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "行政诉讼（复议后起诉）：维持 + 纠正 + 其他 + 尚未审结 = 5，但总计 = 0"
    );
    assert!(has_cell(&f, "t4.suit_after_review.other"));
}

#[test]
fn l03_fail_2019() {
    let t = with_cells(CLEAN_2019, &[("t4.suit_after_review.upheld", "1")]);
    let f = one_fail(&t, "L03");
    assert!(
        f.message.starts_with("行政诉讼（复议后起诉）"),
        "{}",
        f.message
    );
    assert!(f.lines.contains(&line(&t, "t4.suit_after_review.upheld")));
}

#[test]
fn l_rules_fail_each_on_its_own_block_at_once() {
    // All three blocks wrong: one finding per rule, each on its own block.
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t4.review.total", "1"),
            ("t4.suit_direct.total", "2"),
            ("t4.suit_after_review.total", "3"),
        ],
    );
    for (n, (id, block, name)) in L_RULES.into_iter().enumerate() {
        let f = one_fail(&t, id);
        assert_eq!(
            f.message,
            format!(
                "{name}：维持 + 纠正 + 其他 + 尚未审结 = 0，但总计 = {}",
                n + 1
            )
        );
        assert!(
            f.cells
                .iter()
                .all(|c| c.starts_with(&format!("t4.{block}.")))
        );
    }
}

#[test]
fn l01_uncertain_blank_2021() {
    let t = with_cells(CLEAN_2021, &[("t4.review.pending", "")]);
    assert_eq!(state(&t, "t4.review.pending"), CellState::Blank);
    let f = assert_uncertain_on(&t, "L01", "t4.review.pending", "为空白");
    assert!(
        f.message.starts_with("行政复议合计无法核对"),
        "{}",
        f.message
    );
}

#[test]
fn l01_uncertain_unparsed_2019() {
    let t = with_cells(CLEAN_2019, &[("t4.review.total", "1.5")]);
    assert_eq!(state(&t, "t4.review.total"), CellState::Unparsed);
    assert_uncertain_on(&t, "L01", "t4.review.total", "未能读取");
}

#[test]
fn l02_uncertain_blank_2019() {
    let t = with_cells(CLEAN_2019, &[("t4.suit_direct.upheld", "—")]);
    assert_eq!(state(&t, "t4.suit_direct.upheld"), CellState::Blank);
    let f = assert_uncertain_on(&t, "L02", "t4.suit_direct.upheld", "为空白");
    assert!(f.message.starts_with("行政诉讼（未经复议直接起诉）合计"));
}

#[test]
fn l02_uncertain_unparsed_2021() {
    let t = with_cells(CLEAN_2021, &[("t4.suit_direct.total", "1.5")]);
    assert_eq!(state(&t, "t4.suit_direct.total"), CellState::Unparsed);
    assert_uncertain_on(&t, "L02", "t4.suit_direct.total", "未能读取");
}

#[test]
fn l03_uncertain_blank_2021() {
    let t = with_cells(CLEAN_2021, &[("t4.suit_after_review.total", "—")]);
    assert_eq!(state(&t, "t4.suit_after_review.total"), CellState::Blank);
    let f = assert_uncertain_on(&t, "L03", "t4.suit_after_review.total", "为空白");
    assert!(f.message.starts_with("行政诉讼（复议后起诉）合计"));
}

#[test]
fn l03_uncertain_unparsed_2019() {
    let t = with_cells(CLEAN_2019, &[("t4.suit_after_review.corrected", "1.5")]);
    assert_eq!(
        state(&t, "t4.suit_after_review.corrected"),
        CellState::Unparsed
    );
    assert_uncertain_on(&t, "L03", "t4.suit_after_review.corrected", "未能读取");
}

#[test]
fn l_uncertain_stays_in_its_block() {
    // A blank in 行政复议 makes L01 uncertain and nothing else.
    let t = with_cells(CLEAN_2021, &[("t4.review.other", "")]);
    assert_eq!(outcome(&t, "L01"), Outcome::Uncertain);
    assert_pass(&t, "L02");
    assert_pass(&t, "L03");
}

// ------------------------------------------------------------------- T02
// 2021 only: 现行有效 < 本年制发 − 本年废止.

#[test]
fn t02_pass_clean_2021() {
    assert_pass(CLEAN_2021, "T02");
}

#[test]
fn t02_pass_at_the_boundary() {
    // 5 issued − 2 repealed = 3 in force: not less, passes.
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t2.regulations.issued", "5"),
            ("t2.regulations.repealed", "2"),
            ("t2.regulations.in_force", "3"),
            ("t2.normative_docs.in_force", "1"),
        ],
    );
    assert_pass(&t, "T02");
}

#[test]
fn t02_pass_does_not_apply_to_2019() {
    // 2019 has no 本年废止 column: the rule does not run (X03/T04 cover it).
    assert_pass(CLEAN_2019, "T02");
    let t = with_cells(CLEAN_2019, &[("t2.normative_docs.total_published", "0")]);
    assert_pass(&t, "T02");
}

#[test]
fn t02_fail_normative_docs() {
    let t = with_cells(CLEAN_2021, &[("t2.normative_docs.in_force", "0")]);
    assert_eq!(outcome(&t, "T02"), Outcome::Fail);
    let f = one_fail(&t, "T02");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "行政规范性文件现行有效 0 件，少于本年制发 1 件减废止 0 件"
    );
    assert_eq!(
        f.cells,
        vec![
            "t2.normative_docs.issued",
            "t2.normative_docs.repealed",
            "t2.normative_docs.in_force",
        ]
    );
    assert_eq!(f.lines, vec![line(&t, "t2.normative_docs.in_force")]);
}

#[test]
fn t02_fail_both_rows_give_two_findings() {
    let t = with_cells(
        CLEAN_2021,
        &[
            ("t2.regulations.issued", "4"),
            ("t2.regulations.repealed", "1"),
            ("t2.regulations.in_force", "2"),
            ("t2.normative_docs.issued", "9"),
        ],
    );
    let fs = with_status(&t, "T02", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(
        fs[0].message,
        "规章现行有效 2 件，少于本年制发 4 件减废止 1 件"
    );
    assert!(has_cell(&fs[0], "t2.regulations.in_force"));
    assert_eq!(
        fs[1].message,
        "行政规范性文件现行有效 6 件，少于本年制发 9 件减废止 0 件"
    );
}

#[test]
fn t02_uncertain_blank_in_force() {
    let t = with_cells(CLEAN_2021, &[("t2.normative_docs.in_force", "—")]);
    assert_eq!(state(&t, "t2.normative_docs.in_force"), CellState::Blank);
    assert_uncertain_on(&t, "T02", "t2.normative_docs.in_force", "为空白");
}

#[test]
fn t02_uncertain_unparsed_issued() {
    let t = with_cells(CLEAN_2021, &[("t2.regulations.issued", "1.5")]);
    assert_eq!(state(&t, "t2.regulations.issued"), CellState::Unparsed);
    assert_uncertain_on(&t, "T02", "t2.regulations.issued", "未能读取");
}

// ------------------------------------------------------------------- T03
// 青禾县交通运输局 (2021 base) and 云溪街道办事处 (2019 base) cannot make 规章;
// the 2019 base reports 规章 2/2/2 and fails T03 as it is.

#[test]
fn t03_pass_clean_2021() {
    assert_pass(CLEAN_2021, "T03");
}

#[test]
fn t03_pass_2019_without_regulations() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t2.regulations.new_made", "0"),
            ("t2.regulations.new_published", "0"),
            ("t2.regulations.total_published", "0"),
        ],
    );
    assert_pass(&t, "T03");
}

#[test]
fn t03_pass_for_a_body_that_makes_regulations() {
    // A 市 government's 办公室 reports its 规章 on its behalf.
    let t = replace(
        CLEAN_2019,
        "云溪街道办事处2020年",
        "青禾市人民政府办公室2020年",
    );
    assert_eq!(parse(&t).agency.as_deref(), Some("青禾市人民政府办公室"));
    assert_pass(&t, "T03");
    let t = replace(CLEAN_2021, "青禾县交通运输局2023年", "江南省人民政府2023年");
    let t = with_cells(&t, &[("t2.regulations.in_force", "12")]);
    assert_pass(&t, "T03");
}

#[test]
fn t03_fail_2019_street_office() {
    assert_eq!(outcome(CLEAN_2019, "T03"), Outcome::Fail);
    let f = one_fail(CLEAN_2019, "T03");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message
            .starts_with("云溪街道办事处无权制定规章，但表二填报规章 2 件"),
        "{}",
        f.message
    );
    assert_eq!(
        f.cells,
        vec![
            "t2.regulations.new_made",
            "t2.regulations.new_published",
            "t2.regulations.total_published",
        ]
    );
    assert!(
        f.lines
            .contains(&line(CLEAN_2019, "t2.regulations.new_made"))
    );
}

#[test]
fn t03_fail_2021_county_bureau_in_force_only() {
    let t = with_cells(CLEAN_2021, &[("t2.regulations.in_force", "3")]);
    let f = one_fail(&t, "T03");
    assert_eq!(
        f.message,
        "青禾县交通运输局无权制定规章，但表二填报规章 3 件（现行有效件数）"
    );
    assert_eq!(
        f.cells,
        vec!["t2.regulations.issued", "t2.regulations.in_force"]
    );
}

#[test]
fn t03_fail_2021_issued() {
    let t = with_cells(CLEAN_2021, &[("t2.regulations.issued", "1")]);
    let f = one_fail(&t, "T03");
    assert!(
        f.message.ends_with("规章 1 件（本年制发件数）"),
        "{}",
        f.message
    );
}

#[test]
fn t03_fail_county_government_office() {
    // The 办公室 of a 县 government: the 县 makes no 规章, so neither does it.
    let t = replace(
        CLEAN_2019,
        "云溪街道办事处2020年",
        "青禾县人民政府办公室2020年",
    );
    let f = one_fail(&t, "T03");
    assert!(
        f.message.starts_with("青禾县人民政府办公室无权制定规章"),
        "{}",
        f.message
    );
}

#[test]
fn t03_repealed_alone_is_not_reporting_regulations() {
    // 本年废止 is not "issued or in force".
    let t = with_cells(CLEAN_2021, &[("t2.regulations.repealed", "2")]);
    assert_pass(&t, "T03");
}

#[test]
fn t03_blank_or_unreadable_cells_give_no_uncertain() {
    // T03 has no uncertain outcome: it fails only on a readable non-zero
    // 规章 count from a body that cannot make 规章; a blank ("—", "/", "无")
    // is how such a body says it has none, so a blank or unreadable cell is
    // no evidence of 规章 and the rule passes on it.
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t2.regulations.new_made", "—"),
            ("t2.regulations.new_published", "—"),
            ("t2.regulations.total_published", "1.5"),
        ],
    );
    assert_eq!(state(&t, "t2.regulations.new_made"), CellState::Blank);
    assert_eq!(
        state(&t, "t2.regulations.total_published"),
        CellState::Unparsed
    );
    assert_pass(&t, "T03");
    let t = with_cells(CLEAN_2021, &[("t2.regulations.issued", "—")]);
    assert_eq!(state(&t, "t2.regulations.issued"), CellState::Blank);
    assert_pass(&t, "T03");
    // …and a blank beside a non-zero count still fails, definitely.
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t2.regulations.new_made", "—"),
            ("t2.regulations.new_published", "—"),
        ],
    );
    let f = one_fail(&t, "T03");
    assert!(
        f.message.contains("规章 2 件（对外公开总数量）"),
        "{}",
        f.message
    );
}

// ------------------------------------------------------------------- T04
// 2019 only: 对外公开总数量 < 本年新公开数量.

#[test]
fn t04_pass_clean_2019() {
    assert_pass(CLEAN_2019, "T04");
}

#[test]
fn t04_pass_at_the_boundary_and_not_on_2021() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t2.normative_docs.new_published", "3"),
            ("t2.normative_docs.total_published", "3"),
        ],
    );
    assert_pass(&t, "T04");
    assert_pass(CLEAN_2021, "T04");
}

#[test]
fn t04_fail_regulations() {
    let t = with_cells(CLEAN_2019, &[("t2.regulations.total_published", "1")]);
    assert_eq!(outcome(&t, "T04"), Outcome::Fail);
    let f = one_fail(&t, "T04");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.message, "规章对外公开总数量 1，少于本年新公开数量 2");
    assert_eq!(
        f.cells,
        vec![
            "t2.regulations.new_published",
            "t2.regulations.total_published",
        ]
    );
    assert!(
        f.lines
            .contains(&line(&t, "t2.regulations.total_published"))
    );
}

#[test]
fn t04_fail_both_rows_give_two_findings() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t2.regulations.total_published", "0"),
            ("t2.normative_docs.new_published", "4"),
        ],
    );
    let fs = with_status(&t, "T04", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(fs[0].message, "规章对外公开总数量 0，少于本年新公开数量 2");
    assert_eq!(
        fs[1].message,
        "规范性文件对外公开总数量 3，少于本年新公开数量 4"
    );
    assert!(has_cell(&fs[1], "t2.normative_docs.new_published"));
}

#[test]
fn t04_uncertain_blank_total_published() {
    let t = with_cells(CLEAN_2019, &[("t2.regulations.total_published", "—")]);
    assert_eq!(
        state(&t, "t2.regulations.total_published"),
        CellState::Blank
    );
    assert_uncertain_on(&t, "T04", "t2.regulations.total_published", "为空白");
}

#[test]
fn t04_uncertain_unparsed_new_published() {
    let t = with_cells(CLEAN_2019, &[("t2.normative_docs.new_published", "1.5")]);
    assert_eq!(
        state(&t, "t2.normative_docs.new_published"),
        CellState::Unparsed
    );
    assert_uncertain_on(&t, "T04", "t2.normative_docs.new_published", "未能读取");
}

// ------------------------------------------------------------------- T05
// 2019 only: 上一年项目数量 + 本年增/减 < 0.

#[test]
fn t05_pass_clean_2019() {
    assert_pass(CLEAN_2019, "T05");
}

#[test]
fn t05_pass_at_zero_and_not_on_2021() {
    // 12 − 12 = 0 is not below zero.
    let t = with_cells(CLEAN_2019, &[("t2.other_services.delta", "-12")]);
    assert_eq!(int(&t, "t2.other_services.delta"), -12);
    assert_pass(&t, "T05");
    assert_pass(CLEAN_2021, "T05");
}

#[test]
fn t05_fail_other_services() {
    let t = with_cells(CLEAN_2019, &[("t2.other_services.delta", "-13")]);
    assert_eq!(outcome(&t, "T05"), Outcome::Fail);
    let f = one_fail(&t, "T05");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "其他对外管理服务事项上一年项目数量 12 加本年增/减 -13 小于 0"
    );
    assert_eq!(
        f.cells,
        vec!["t2.other_services.prev_items", "t2.other_services.delta"]
    );
    assert!(f.lines.contains(&line(&t, "t2.other_services.delta")));
}

#[test]
fn t05_fail_two_rows_give_two_findings() {
    let t = with_cells(
        CLEAN_2019,
        &[("t2.penalty.delta", "-1"), ("t2.admin_fees.delta", "-2")],
    );
    let fs = with_status(&t, "T05", Status::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(
        fs[0].message,
        "行政处罚上一年项目数量 0 加本年增/减 -1 小于 0"
    );
    assert_eq!(
        fs[1].message,
        "行政事业性收费上一年项目数量 0 加本年增/减 -2 小于 0"
    );
    assert!(has_cell(&fs[1], "t2.admin_fees.prev_items"));
}

#[test]
fn t05_fail_each_row() {
    for row in [
        "licensing",
        "other_services",
        "penalty",
        "coercion",
        "admin_fees",
    ] {
        let key = format!("t2.{row}.prev_items");
        let prev = int(CLEAN_2019, &key);
        let d = format!("-{}", prev + 1);
        let dk = format!("t2.{row}.delta");
        let t = with_cells(CLEAN_2019, &[(dk.as_str(), d.as_str())]);
        let f = one_fail(&t, "T05");
        assert!(
            f.message
                .ends_with(&format!("{prev} 加本年增/减 {d} 小于 0")),
            "{row}: {}",
            f.message
        );
        assert!(has_cell(&f, &dk));
    }
}

#[test]
fn t05_uncertain_blank_prev_items() {
    let t = with_cells(
        CLEAN_2019,
        &[("t2.penalty.prev_items", "—"), ("t2.penalty.delta", "-1")],
    );
    assert_eq!(state(&t, "t2.penalty.prev_items"), CellState::Blank);
    assert_uncertain_on(&t, "T05", "t2.penalty.prev_items", "为空白");
}

#[test]
fn t05_uncertain_unparsed_delta() {
    let t = with_cells(CLEAN_2019, &[("t2.other_services.delta", "1.5")]);
    assert_eq!(state(&t, "t2.other_services.delta"), CellState::Unparsed);
    assert_uncertain_on(&t, "T05", "t2.other_services.delta", "未能读取");
}
