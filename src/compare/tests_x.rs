//! Cross-year rule tests (see [`crate::rules::testkit`]).
//!
//! Pairs are built from the clean samples: the 2021-template base
//! (青禾县交通运输局, 2023) moved on a year for the later report, and the
//! 2019-template base (云溪街道办事处, 2020) moved back a year for the earlier
//! one. Cells are then edited through their parsed spans.

use crate::compare::diff::{Side, table_delta};
use crate::compare::{check_pair, pairs, reuse_across};
use crate::model::{CellState, Report};
use crate::rules::testkit::*;
use crate::rules::{Finding, Severity, Status};

/// 云溪街道办事处's 2021 report (2021 template, flattened web text).
const YUNXI_2021: &str = include_str!("../../samples/云溪街道办事处-2021.txt");
/// 青禾县交通运输局's 2024 report, the successor of `CLEAN_2021`.
const QINGHE_2024: &str = include_str!("../../samples/青禾县交通运输局-2024.md");

const S1: &str = "一、总体情况";
const S2: &str = "二、主动公开政府信息情况";
const S5: &str = "五、存在的主要问题及改进情况";
const S6: &str = "六、其他需要报告的事项";

/// `CLEAN_2021` as the same agency's 2024 report (title, period and body
/// years), with `edits` applied.
fn later_2021(edits: &[(&str, &str)]) -> String {
    let t = CLEAN_2021.replace("2023年", "2024年");
    assert_eq!(parse(&t).year, Some(2024));
    if edits.is_empty() {
        t
    } else {
        with_cells(&t, edits)
    }
}

/// `CLEAN_2021` as a 2021 report (the successor of the 2020 report of the
/// 2019 base, across the format change), with `edits` applied.
fn as_2021(text: &str, edits: &[(&str, &str)]) -> String {
    let t = text.replace("2023年", "2021年");
    assert_eq!(parse(&t).year, Some(2021));
    if edits.is_empty() {
        t
    } else {
        with_cells(&t, edits)
    }
}

/// `CLEAN_2019` as the same agency's 2019 report, with `edits` applied.
fn earlier_2019(edits: &[(&str, &str)]) -> String {
    let t = CLEAN_2019.replace("2020年", "2019年");
    assert_eq!(parse(&t).year, Some(2019));
    if edits.is_empty() {
        t
    } else {
        with_cells(&t, edits)
    }
}

/// `CLEAN_2019` (the 2020 report), with `edits` applied.
fn later_2019(edits: &[(&str, &str)]) -> String {
    if edits.is_empty() {
        CLEAN_2019.to_string()
    } else {
        with_cells(CLEAN_2019, edits)
    }
}

/// `CLEAN_2021` with `edits` applied.
fn base_2021(edits: &[(&str, &str)]) -> String {
    with_cells(CLEAN_2021, edits)
}

/// The report's title line replaced by `title`.
fn retitle(text: &str, title: &str) -> String {
    let first = text.lines().next().expect("a title line");
    replace(text, first, title)
}

/// The body of the section under `heading` (up to `next`) replaced.
fn set_section(text: &str, heading: &str, next: &str, body: &str) -> String {
    let h = text.find(heading).expect("heading") + heading.len();
    let n = h + text[h..].find(next).expect("next heading");
    format!("{}\n\n{body}\n\n{}", &text[..h], &text[n..])
}

/// 1-based line of the first line of `text` starting with `prefix`.
fn line_starting(text: &str, prefix: &str) -> u32 {
    text.lines()
        .position(|l| l.trim_start_matches('\u{feff}').starts_with(prefix))
        .map(|i| i as u32 + 1)
        .unwrap_or_else(|| panic!("no line starting with {prefix:?}"))
}

fn fails(fs: &[Finding]) -> Vec<&Finding> {
    fs.iter().filter(|f| f.status == Status::Fail).collect()
}

fn uncertains(fs: &[Finding]) -> Vec<&Finding> {
    fs.iter()
        .filter(|f| f.status == Status::Uncertain)
        .collect()
}

/// The X findings of rule `id` for two parsed reports.
fn check(a: &Report, b: &Report, id: &str) -> Vec<Finding> {
    check_pair(a, b, &only(&[id]))
        .into_iter()
        .filter(|f| f.rule == id)
        .collect()
}

/// Pair parsed reports as the batch does.
fn pair_texts(texts: &[&str]) -> Vec<(usize, usize)> {
    let rs: Vec<Report> = texts.iter().map(|t| parse(t)).collect();
    let refs: Vec<Option<&Report>> = rs.iter().map(Some).collect();
    pairs(&refs)
}

/// A 2024 rewrite of section 一 that shares no sentence with 2023's.
const NEW_S1: &str = "2024年，本局以农村客运班线调整和公路养护工程为重点，公开内容向出行服务延伸。\n\n（一）主动公开。新增公路养护计划、客运班线调整公告等专题栏目，全年发布信息151条。\n\n（二）依申请公开。申请数量略有上升，办理流程实行台账管理。\n\n（三）政府信息管理。对历年规范性文件开展清理，及时标注失效文件。\n\n（四）平台建设。门户网站交通专栏完成适老化改造。\n\n（五）监督保障。聘请两名社会评议员，每季度通报公开工作情况。";
/// A 2024 rewrite of section 五.
const NEW_S5: &str = "公开工作仍存在短板：重大项目批后公开更新不够及时，基层站所公开意识有待提高。今后将建立项目信息更新提醒机制，并把站所纳入培训范围。";

// ---------------------------------------------------------------- X01

#[test]
fn x01_pass_nothing_carried() {
    assert_eq!(
        pair_outcome(CLEAN_2021, &later_2021(&[]), "X01"),
        Outcome::Pass
    );
    assert!(pair_findings(CLEAN_2021, &later_2021(&[]), "X01").is_empty());
}

#[test]
fn x01_pass_carried_forward_equals_carried_over() {
    let a = base_2021(&[
        ("t3.carried_forward.natural_person", "2"),
        ("t3.carried_forward.legal_services", "1"),
        ("t3.carried_forward.total", "3"),
    ]);
    let b = later_2021(&[
        ("t3.carried_over.natural_person", "2"),
        ("t3.carried_over.legal_services", "1"),
        ("t3.carried_over.total", "3"),
    ]);
    assert_eq!(pair_outcome(&a, &b, "X01"), Outcome::Pass);
}

#[test]
fn x01_fail_total_column_is_an_error() {
    let b = later_2021(&[("t3.carried_over.total", "3")]);
    let fs = pair_findings(CLEAN_2021, &b, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    let f = fails(&fs);
    assert_eq!(f.len(), 1, "{fs:#?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].cells, vec!["t3.carried_over.total".to_string()]);
    assert!(f[0].message.contains("总计"), "{}", f[0].message);
    assert!(f[0].message.contains("上年结转” 3 件"), "{}", f[0].message);
    assert!(
        f[0].message.contains("结转下年度” 0 件"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].lines, vec![line_starting(&b, "二、上年结转")]);
}

#[test]
fn x01_fail_other_column_is_a_warning() {
    let a = base_2021(&[
        ("t3.carried_forward.natural_person", "2"),
        ("t3.carried_forward.total", "2"),
    ]);
    let b = later_2021(&[
        ("t3.carried_over.commercial", "2"),
        ("t3.carried_over.total", "2"),
    ]);
    let fs = pair_findings(&a, &b, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    let mut got: Vec<(&str, Severity)> = fails(&fs)
        .iter()
        .map(|f| (f.cells[0].as_str(), f.severity))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("t3.carried_over.commercial", Severity::Warning),
            ("t3.carried_over.natural_person", Severity::Warning),
        ]
    );
    let np = fs
        .iter()
        .find(|f| f.cells[0] == "t3.carried_over.natural_person")
        .unwrap();
    assert!(np.message.contains("自然人"), "{}", np.message);
    assert!(np.message.contains("上年结转” 0 件"), "{}", np.message);
    assert!(np.message.contains("结转下年度” 2 件"), "{}", np.message);
}

#[test]
fn x01_fail_real_successor_sample() {
    // samples/README.md: the 2024 report carries 2 over, 2023 carried 0 forward.
    let fs = pair_findings(CLEAN_2021, QINGHE_2024, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    let total = fs
        .iter()
        .find(|f| f.cells == ["t3.carried_over.total"])
        .expect("a finding on the total column");
    assert_eq!(
        (total.status, total.severity),
        (Status::Fail, Severity::Error)
    );
    assert!(
        total.message.contains("上年结转” 2 件"),
        "{}",
        total.message
    );
    assert!(
        total.message.contains("结转下年度” 0 件"),
        "{}",
        total.message
    );
}

#[test]
fn x01_pass_across_the_format_change() {
    // 2019 template (2020) → 2021 template (2021): carried over/forward exist
    // in both.
    assert_eq!(pair_outcome(CLEAN_2019, YUNXI_2021, "X01"), Outcome::Pass);
}

#[test]
fn x01_fail_across_the_format_change() {
    let a = with_cells(
        CLEAN_2019,
        &[
            ("t3.carried_forward.natural_person", "1"),
            ("t3.carried_forward.total", "1"),
        ],
    );
    let fs = pair_findings(&a, YUNXI_2021, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    let mut keys: Vec<&str> = fails(&fs).iter().map(|f| f.cells[0].as_str()).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["t3.carried_over.natural_person", "t3.carried_over.total"]
    );
    let total = fs
        .iter()
        .find(|f| f.cells == ["t3.carried_over.total"])
        .unwrap();
    assert_eq!(total.severity, Severity::Error);
    assert!(
        total.message.contains("上年结转” 0 件"),
        "{}",
        total.message
    );
    assert!(
        total.message.contains("结转下年度” 1 件"),
        "{}",
        total.message
    );
}

#[test]
fn x01_uncertain_later_cell_blank() {
    let b = later_2021(&[("t3.carried_over.total", "—")]);
    assert_eq!(
        parse(&b).cell("t3.carried_over.total").unwrap().state,
        CellState::Blank
    );
    let fs = pair_findings(CLEAN_2021, &b, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain);
    let u = uncertains(&fs);
    assert_eq!(u.len(), 1, "{fs:#?}");
    assert_eq!(u[0].severity, Severity::Info);
    assert_eq!(u[0].cells, vec!["t3.carried_over.total".to_string()]);
    assert!(
        u[0].message.contains("t3.carried_over.total"),
        "{}",
        u[0].message
    );
}

#[test]
fn x01_uncertain_later_cell_emptied() {
    // An empty tab field at the end of the row: blank or unparsed, never a
    // number, so never a pass or a fail.
    let b = later_2021(&[("t3.carried_over.total", "")]);
    assert_eq!(value(&b, "t3.carried_over.total"), None);
    let fs = pair_findings(CLEAN_2021, &b, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
}

#[test]
fn x01_uncertain_later_cell_unparsed() {
    let b = later_2021(&[("t3.carried_over.natural_person", "0.5")]);
    assert_eq!(
        parse(&b)
            .cell("t3.carried_over.natural_person")
            .unwrap()
            .state,
        CellState::Unparsed
    );
    let fs = pair_findings(CLEAN_2021, &b, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
    assert_eq!(
        uncertains(&fs)[0].cells,
        vec!["t3.carried_over.natural_person".to_string()]
    );
}

#[test]
fn x01_uncertain_earlier_cell_ambiguous() {
    // In the one-cell-per-line 2019 layout an emptied line leaves the row
    // ambiguous.
    let a = with_cells(CLEAN_2019, &[("t3.carried_forward.commercial", "")]);
    assert_eq!(value(&a, "t3.carried_forward.commercial"), None);
    let fs = pair_findings(&a, YUNXI_2021, "X01");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
    assert!(
        uncertains(&fs)
            .iter()
            .any(|f| f.message.contains("t3.carried_forward.commercial")),
        "{fs:#?}"
    );
}

#[test]
fn x01_uncertain_earlier_cell_dash() {
    let a = base_2021(&[("t3.carried_forward.total", "—")]);
    let fs = pair_findings(&a, &later_2021(&[]), "X01");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain);
    let u = uncertains(&fs);
    assert_eq!(u.len(), 1, "{fs:#?}");
    // The blocking cell is named in the message; the finding points at the
    // later year's cell.
    assert!(
        u[0].message.contains("t3.carried_forward.total"),
        "{}",
        u[0].message
    );
    assert_eq!(u[0].cells, vec!["t3.carried_over.total".to_string()]);
}

// ---------------------------------------------------------------- X02

/// Later 2021 report whose 行政规范性文件 row continues 2023's stock of 6.
fn x02_later(extra: &[(&str, &str)]) -> String {
    let mut edits = vec![
        ("t2.normative_docs.issued", "2"),
        ("t2.normative_docs.repealed", "1"),
        ("t2.normative_docs.in_force", "7"),
    ];
    edits.extend_from_slice(extra);
    later_2021(&edits)
}

#[test]
fn x02_pass_stock_carries_on() {
    // 6 + 2 − 1 = 7; 规章 0 + 0 − 0 = 0.
    assert_eq!(
        pair_outcome(CLEAN_2021, &x02_later(&[]), "X02"),
        Outcome::Pass
    );
    assert!(pair_findings(CLEAN_2021, &x02_later(&[]), "X02").is_empty());
}

#[test]
fn x02_fail_in_force_does_not_add_up() {
    // The later base repeats 2023's row: issued 1, repealed 0, in force 6,
    // but 6 + 1 − 0 = 7.
    let b = later_2021(&[]);
    let fs = pair_findings(CLEAN_2021, &b, "X02");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    let f = &fs[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.cells.contains(&"t2.normative_docs.in_force".to_string()));
    assert!(
        f.message.contains("行政规范性文件现行有效 6 件"),
        "{}",
        f.message
    );
    assert!(f.message.contains("上年 6 件"), "{}", f.message);
    assert!(f.message.contains("= 7 件"), "{}", f.message);
    assert_eq!(f.lines, vec![line_starting(&b, "行政规范性文件\t")]);
}

#[test]
fn x02_fail_regulations_row() {
    let b = x02_later(&[
        ("t2.regulations.issued", "1"),
        ("t2.regulations.in_force", "0"),
    ]);
    let fs = pair_findings(CLEAN_2021, &b, "X02");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert!(fs[0].cells.contains(&"t2.regulations.in_force".to_string()));
    assert!(
        fs[0].message.starts_with("规章现行有效 0 件"),
        "{}",
        fs[0].message
    );
    assert!(fs[0].message.contains("= 1 件"), "{}", fs[0].message);
}

#[test]
fn x02_uncertain_later_repealed_blank() {
    let b = x02_later(&[("t2.normative_docs.repealed", "")]);
    let fs = pair_findings(CLEAN_2021, &b, "X02");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(fs[0].severity, Severity::Info);
    assert!(
        fs[0].message.contains("t2.normative_docs.repealed"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x02_uncertain_earlier_in_force_blank() {
    let a = base_2021(&[("t2.normative_docs.in_force", "—")]);
    let fs = pair_findings(&a, &x02_later(&[]), "X02");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain);
    assert!(
        fs[0].message.contains("t2.normative_docs.in_force"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x02_uncertain_later_in_force_unparsed() {
    // A fraction is not a count: the cell is unparsed, not a number.
    let b = x02_later(&[("t2.normative_docs.in_force", "7.5")]);
    assert_eq!(
        parse(&b).cell("t2.normative_docs.in_force").unwrap().state,
        CellState::Unparsed
    );
    let fs = pair_findings(CLEAN_2021, &b, "X02");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
    assert!(
        fs[0].message.contains("t2.normative_docs.in_force"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x02_pass_not_applied_across_the_format_change() {
    // 2019 counts disclosure, 2021 a stock of documents: nothing to compare.
    assert!(pair_findings(CLEAN_2019, YUNXI_2021, "X02").is_empty());
}

// ---------------------------------------------------------------- X03

#[test]
fn x03_pass_total_grows_by_new_published() {
    // 规章: 2 + 2 = 4; 规范性文件: 3 + 0 = 3.
    let b = later_2019(&[("t2.regulations.total_published", "4")]);
    assert_eq!(pair_outcome(&earlier_2019(&[]), &b, "X03"), Outcome::Pass);
    assert!(pair_findings(&earlier_2019(&[]), &b, "X03").is_empty());
}

#[test]
fn x03_fail_total_does_not_grow() {
    // The later base repeats 2019's 规章 row: new 2, total 2, but 2 + 2 = 4.
    let fs = pair_findings(&earlier_2019(&[]), &later_2019(&[]), "X03");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    let f = &fs[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.cells
            .contains(&"t2.regulations.total_published".to_string())
    );
    assert_eq!(
        f.message, "规章对外公开总数量 2，但上年 2 + 本年新公开 2 = 4",
        "{f:#?}"
    );
    assert_eq!(f.lines.len(), 1);
}

#[test]
fn x03_fail_normative_docs() {
    let b = later_2019(&[
        ("t2.regulations.total_published", "4"),
        ("t2.normative_docs.new_published", "5"),
    ]);
    let fs = pair_findings(&earlier_2019(&[]), &b, "X03");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert!(
        fs[0]
            .cells
            .contains(&"t2.normative_docs.total_published".to_string())
    );
    assert!(fs[0].message.contains("= 8"), "{}", fs[0].message);
}

#[test]
fn x03_uncertain_earlier_total_blank() {
    let a = earlier_2019(&[("t2.normative_docs.total_published", "—")]);
    let b = later_2019(&[("t2.regulations.total_published", "4")]);
    let fs = pair_findings(&a, &b, "X03");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(fs[0].severity, Severity::Info);
    assert!(
        fs[0].message.contains("t2.normative_docs.total_published"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x03_uncertain_later_new_published_unreadable() {
    let b = later_2019(&[
        ("t2.regulations.total_published", "4"),
        ("t2.regulations.new_published", "x"),
    ]);
    assert_eq!(value(&b, "t2.regulations.new_published"), None);
    let fs = pair_findings(&earlier_2019(&[]), &b, "X03");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
}

#[test]
fn x03_pass_not_applied_to_2021_pairs() {
    assert!(pair_findings(CLEAN_2021, &later_2021(&[]), "X03").is_empty());
    assert!(pair_findings(CLEAN_2019, YUNXI_2021, "X03").is_empty());
}

// ---------------------------------------------------------------- X04

#[test]
fn x04_pass_items_carry_on() {
    // 其他对外管理服务事项: 12 + 1 = 13; the other rows stay at 0.
    let b = later_2019(&[("t2.other_services.prev_items", "13")]);
    assert_eq!(pair_outcome(&earlier_2019(&[]), &b, "X04"), Outcome::Pass);
    assert!(pair_findings(&earlier_2019(&[]), &b, "X04").is_empty());
}

#[test]
fn x04_pass_signed_deltas() {
    let a = earlier_2019(&[
        ("t2.other_services.delta", "-2"),
        ("t2.licensing.prev_items", "20"),
        ("t2.licensing.delta", "+3"),
    ]);
    let b = later_2019(&[
        ("t2.other_services.prev_items", "10"),
        ("t2.licensing.prev_items", "23"),
    ]);
    assert_eq!(pair_outcome(&a, &b, "X04"), Outcome::Pass);
}

#[test]
fn x04_fail_prev_items_not_carried() {
    // The later base repeats 2019's 12 items, ignoring its +1.
    let fs = pair_findings(&earlier_2019(&[]), &later_2019(&[]), "X04");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    let f = &fs[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.cells, vec!["t2.other_services.prev_items".to_string()]);
    assert_eq!(
        f.message,
        "其他对外管理服务事项上一年项目数量 12，但上年报告 12 项、增减 1 项，应为 13"
    );
    assert_eq!(f.lines.len(), 1);
}

#[test]
fn x04_fail_negative_delta_ignored() {
    let a = earlier_2019(&[("t2.penalty.prev_items", "9"), ("t2.penalty.delta", "-4")]);
    let b = later_2019(&[
        ("t2.other_services.prev_items", "13"),
        ("t2.penalty.prev_items", "9"),
    ]);
    let fs = pair_findings(&a, &b, "X04");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(fs[0].cells, vec!["t2.penalty.prev_items".to_string()]);
    assert!(
        fs[0].message.contains("增减 -4 项，应为 5"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x04_uncertain_earlier_delta_blank() {
    let a = earlier_2019(&[("t2.licensing.delta", "—")]);
    let b = later_2019(&[("t2.other_services.prev_items", "13")]);
    let fs = pair_findings(&a, &b, "X04");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(fs[0].severity, Severity::Info);
    assert_eq!(fs[0].cells, vec!["t2.licensing.prev_items".to_string()]);
    assert!(
        fs[0].message.contains("t2.licensing.delta"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x04_uncertain_later_prev_items_blank() {
    let b = later_2019(&[("t2.other_services.prev_items", "—")]);
    let fs = pair_findings(&earlier_2019(&[]), &b, "X04");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(
        fs[0].cells,
        vec!["t2.other_services.prev_items".to_string()]
    );
    assert!(
        fs[0]
            .message
            .contains("其他对外管理服务事项项目数量衔接无法核对"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x04_uncertain_later_prev_items_emptied() {
    let b = later_2019(&[("t2.other_services.prev_items", "")]);
    assert_eq!(value(&b, "t2.other_services.prev_items"), None);
    // "96" on its own line is never cut into 9 | 6: the row is unreadable
    // (or, better, read with 96 in its place) — never a made-up number.
    assert!(matches!(
        value(&b, "t2.other_services.decisions"),
        None | Some(96.0)
    ));
    let fs = pair_findings(&earlier_2019(&[]), &b, "X04");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
}

#[test]
fn x04_pass_not_applied_to_2021_pairs() {
    assert!(pair_findings(CLEAN_2021, &later_2021(&[]), "X04").is_empty());
    assert!(pair_findings(CLEAN_2019, YUNXI_2021, "X04").is_empty());
}

// ---------------------------------------------------------------- X05

#[test]
fn x05_pass_same_template() {
    assert_eq!(
        pair_outcome(CLEAN_2021, &later_2021(&[]), "X05"),
        Outcome::Pass
    );
    assert!(pair_findings(CLEAN_2021, &later_2021(&[]), "X05").is_empty());
    assert!(pair_findings(&earlier_2019(&[]), CLEAN_2019, "X05").is_empty());
}

#[test]
fn x05_fail_pair_crosses_the_format_change() {
    let fs = pair_findings(CLEAN_2019, YUNXI_2021, "X05");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(fs[0].severity, Severity::Info);
    assert!(fs[0].message.contains("2019年版"), "{}", fs[0].message);
    assert!(fs[0].message.contains("2021年版"), "{}", fs[0].message);
    assert!(fs[0].message.contains("其他处理"), "{}", fs[0].message);
}

/// The 2019 report (2020) with （六）其他处理 set, and a 2021 successor
/// with its three sub-rows set.
fn x05_pair(other_2019: &str, parts_2021: [&str; 3]) -> (Report, Report) {
    let a = with_cells(
        CLEAN_2019,
        &[
            ("t3.other.total.natural_person", other_2019),
            ("t3.other.total.total", other_2019),
        ],
    );
    let b = as_2021(
        CLEAN_2021,
        &[
            ("t3.other.no_correction.total", parts_2021[0]),
            ("t3.other.unpaid_fee.total", parts_2021[1]),
            ("t3.other.other.total", parts_2021[2]),
        ],
    );
    (parse(&a), parse(&b))
}

#[test]
fn x05_fail_other_total_maps_to_the_sum_of_three_2021_rows() {
    let (a, b) = x05_pair("3", ["1", "2", "0"]);
    let fs = check(&a, &b, "X05");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    let d = table_delta(&a, &b, &fs);
    let c = d.get("t3.other.total.total").expect("the mapped cell");
    assert!(c.synthetic);
    assert_eq!(c.old.keys, ["t3.other.total.total"]);
    assert_eq!(
        c.new.keys,
        [
            "t3.other.no_correction.total",
            "t3.other.unpaid_fee.total",
            "t3.other.other.total"
        ]
    );
    assert_eq!(c.old.value.map(|v| v.as_f64()), Some(3.0));
    assert_eq!(c.new.value.map(|v| v.as_f64()), Some(3.0));
    assert!(c.comparable());
    assert!(!c.changed(), "{c:#?}");
    // A change across the format change is seen through the sum.
    let (a, b) = x05_pair("3", ["1", "2", "2"]);
    let d = table_delta(&a, &b, &check(&a, &b, "X05"));
    let c = d.get("t3.other.total.total").unwrap();
    assert!(c.changed());
    assert_eq!(c.change.map(|v| v.as_f64()), Some(2.0));
    // The 2021 sub-rows themselves have no counterpart key.
    assert!(d.get("t3.other.no_correction.total").is_none());
}

#[test]
fn x05_no_uncertain_outcome_blank_or_unmapped_cells() {
    // X05 has no uncertain outcome: it reads no cell, only the two detected
    // templates. A blank part of the 2021 sum makes the mapped cell not
    // comparable in the diff, and a cell that does not map across the
    // change is listed as unmapped; X05 itself is the same info finding.
    let (a, b) = x05_pair("3", ["1", "—", "0"]);
    assert_eq!(
        b.cell("t3.other.unpaid_fee.total").unwrap().state,
        CellState::Blank
    );
    let fs = check(&a, &b, "X05");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs[0].severity, Severity::Info);
    let d = table_delta(&a, &b, &fs);
    let c = d.get("t3.other.total.total").unwrap();
    assert_eq!(c.new.state, CellState::Blank);
    assert_eq!(c.new.value, None);
    assert!(!c.comparable());
    assert_eq!(c.change, None);
    // 2019's cumulative 对外公开总数量 and 2021's 现行有效件数 do not map.
    assert!(d.get("t2.regulations.total_published").is_none());
    assert!(d.get("t2.regulations.in_force").is_none());
    let unmapped = |side: Side, key: &str| {
        d.unmapped
            .iter()
            .any(|u| u.side == side && u.cells.iter().any(|c| c == key))
    };
    assert!(unmapped(Side::Old, "t2.regulations.total_published"));
    assert!(unmapped(Side::Old, "t2.other_services.decisions"));
    assert!(unmapped(Side::New, "t2.regulations.in_force"));
    assert!(unmapped(Side::New, "t2.admin_fees.amount"));
    // 处理决定数量 maps 1:1.
    assert!(d.get("t2.licensing.decisions").is_some());
}

// ---------------------------------------------------------------- X06

#[test]
fn x06_pass_small_changes() {
    assert_eq!(
        pair_outcome(CLEAN_2021, &later_2021(&[]), "X06"),
        Outcome::Pass
    );
    // Exactly +100% (8 → 16) and 0 → 1 are not "more than 100%"; a fall
    // (312 → 1) never is.
    let b = later_2021(&[
        ("t3.new_received.total", "16"),
        ("t4.review.total", "1"),
        ("t2.licensing.decisions", "1"),
    ]);
    assert_eq!(pair_outcome(CLEAN_2021, &b, "X06"), Outcome::Pass);
}

#[test]
fn x06_fail_new_received_more_than_doubles() {
    let b = later_2021(&[("t3.new_received.total", "20")]);
    let fs = pair_findings(CLEAN_2021, &b, "X06");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    let f = &fs[0];
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.cells, vec!["t3.new_received.total".to_string()]);
    assert_eq!(f.message, "本年新收申请由上年 8 变为 20（+150%）");
    assert_eq!(f.lines, vec![line_starting(&b, "一、本年新收")]);
}

#[test]
fn x06_fail_from_zero_and_table_2() {
    let b = later_2021(&[("t4.review.total", "2"), ("t2.penalty.decisions", "200")]);
    let fs = pair_findings(CLEAN_2021, &b, "X06");
    let mut keys: Vec<&str> = fails(&fs).iter().map(|f| f.cells[0].as_str()).collect();
    keys.sort();
    assert_eq!(keys, ["t2.penalty.decisions", "t4.review.total"]);
    let review = fs.iter().find(|f| f.cells[0] == "t4.review.total").unwrap();
    assert!(review.message.contains("从 0 起"), "{}", review.message);
    let penalty = fs
        .iter()
        .find(|f| f.cells[0] == "t2.penalty.decisions")
        .unwrap();
    assert!(
        penalty.message.contains("58 变为 200"),
        "{}",
        penalty.message
    );
}

#[test]
fn x06_fail_2019_other_services() {
    let a = earlier_2019(&[]);
    let b = later_2019(&[("t2.other_services.decisions", "300")]);
    let fs = pair_findings(&a, &b, "X06");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs[0].cells, vec!["t2.other_services.decisions".to_string()]);
    assert!(fs[0].message.contains("96 变为 300"), "{}", fs[0].message);
}

#[test]
fn x06_blank_operand_is_never_a_fail() {
    // Whatever X06 concludes about a blank figure, it is not a change.
    let b = later_2021(&[("t3.new_received.total", "")]);
    assert_ne!(pair_outcome(CLEAN_2021, &b, "X06"), Outcome::Fail);
    let a = base_2021(&[("t4.review.total", "—")]);
    let b = later_2021(&[("t4.review.total", "5")]);
    assert_ne!(pair_outcome(&a, &b, "X06"), Outcome::Fail);
}

#[test]
fn x06_uncertain_later_new_received_blank() {
    let b = later_2021(&[("t3.new_received.total", "")]);
    let fs = pair_findings(CLEAN_2021, &b, "X06");
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
    assert!(
        fs.iter()
            .any(|f| f.message.contains("t3.new_received.total"))
    );
}

// ---------------------------------------------------------------- X07

/// The later 2021 report with sections 一 and 五 rewritten.
fn rewritten(s1: Option<&str>, s5: Option<&str>) -> String {
    let mut t = later_2021(&[]);
    if let Some(s1) = s1 {
        t = set_section(&t, S1, S2, s1);
    }
    if let Some(s5) = s5 {
        t = set_section(&t, S5, S6, s5);
    }
    t
}

#[test]
fn x07_pass_sections_rewritten() {
    let b = rewritten(Some(NEW_S1), Some(NEW_S5));
    assert_eq!(pair_outcome(CLEAN_2021, &b, "X07"), Outcome::Pass);
    assert!(pair_findings(CLEAN_2021, &b, "X07").is_empty());
}

#[test]
fn x07_fail_both_sections_copied_from_last_year() {
    // Only the years differ, and digits are folded: a 100% copy.
    let b = later_2021(&[]);
    let fs = pair_findings(CLEAN_2021, &b, "X07");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert!(fs.iter().all(|f| f.severity == Severity::Warning));
    assert_eq!(fs[0].message, "「一、总体情况」与上年报告 100% 相同");
    assert_eq!(fs[0].lines, vec![line_starting(&b, S1)]);
    assert_eq!(
        fs[1].message,
        "「五、存在的主要问题及改进情况」与上年报告 100% 相同"
    );
    assert_eq!(fs[1].lines, vec![line_starting(&b, S5)]);
}

#[test]
fn x07_fail_section_5_copied_only() {
    let b = rewritten(Some(NEW_S1), None);
    let fs = pair_findings(CLEAN_2021, &b, "X07");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert!(fs[0].message.starts_with("「五、"), "{}", fs[0].message);
}

/// Last year's section 一, as this year's, with one sentence appended.
fn grown_s1() -> String {
    let s1 = parse(CLEAN_2021)
        .section_text(crate::schema::SectionId::S1)
        .unwrap()
        .trim()
        .replace("2023年", "2024年");
    format!("{s1}\n\n全年未发生公开工作责任追究事项。")
}

#[test]
fn x07_fail_section_1_mostly_copied() {
    // Last year's text with one sentence appended is still ≥ 90% last year's.
    let b = rewritten(Some(&grown_s1()), Some(NEW_S5));
    let fs = pair_findings(CLEAN_2021, &b, "X07");
    assert_eq!(outcome_of(&fs), Outcome::Fail, "{fs:#?}");
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.starts_with("「一、总体情况」与上年报告 9"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x07_no_uncertain_outcome_short_or_missing_section() {
    // X07 has no uncertain outcome: a section too short to judge ("无", under
    // reuse::MIN_CHARS folded characters) is the same everywhere and proves
    // nothing, and a missing section is S01's finding; neither is a copy.
    let a = set_section(CLEAN_2021, S5, S6, "无");
    let b = rewritten(Some(NEW_S1), Some("无"));
    assert_eq!(pair_outcome(&a, &b, "X07"), Outcome::Pass);
    // Section 五 copied but section 一 blanked out to "无": still judged on 五.
    let b = rewritten(Some("无"), None);
    let fs = pair_findings(CLEAN_2021, &b, "X07");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert!(fs[0].message.starts_with("「五、"), "{}", fs[0].message);
}

#[test]
fn x07_fail_across_agencies() {
    let a = CLEAN_2021.to_string();
    let b = replace(
        CLEAN_2021,
        "青禾县交通运输局2023年",
        "白沙县交通运输局2023年",
    );
    let c = set_section(&set_section(CLEAN_2021, S1, S2, NEW_S1), S5, S6, NEW_S5);
    let c = replace(&c, "青禾县交通运输局2023年", "红石县交通运输局2023年");
    let rs: Vec<Report> = [&a, &b, &c].iter().map(|t| parse(t)).collect();
    assert_eq!(rs[1].agency.as_deref(), Some("白沙县交通运输局"));
    let refs: Vec<Option<&Report>> = rs.iter().map(Some).collect();
    let got = reuse_across(&refs);
    // Both copies, both sections; the third report wrote its own.
    let mut owners: Vec<usize> = got.iter().map(|(i, _)| *i).collect();
    owners.sort();
    assert_eq!(owners, [0, 0, 1, 1], "{got:#?}");
    for (i, f) in &got {
        assert_eq!(
            (f.rule, f.status, f.severity),
            ("X07", Status::Fail, Severity::Warning)
        );
        let other = if *i == 0 {
            "白沙县交通运输局"
        } else {
            "青禾县交通运输局"
        };
        assert!(
            f.message.contains(&format!("「{other}」的报告 100% 相同")),
            "{}",
            f.message
        );
        assert_eq!(f.lines.len(), 1);
    }
    assert!(
        got.iter()
            .any(|(i, f)| *i == 0 && f.message.starts_with("「一、总体情况」"))
    );
    assert!(
        got.iter()
            .any(|(i, f)| *i == 1 && f.message.starts_with("「五、存在的主要问题"))
    );
}

#[test]
fn x07_pass_across_agencies_same_agency_or_own_text() {
    // The same agency's consecutive years (check_pair's business), under
    // names that differ by 人民政府/政府 and spacing, are not "another agency".
    let a = retitle(CLEAN_2021, "南屿市人民政府2023年政府信息公开工作年度报告");
    let b = retitle(
        &later_2021(&[]),
        "南屿市政府 2024 年政府信息公开工作年度报告",
    );
    let c = retitle(
        &set_section(&set_section(CLEAN_2021, S1, S2, NEW_S1), S5, S6, NEW_S5),
        "红石县交通运输局2023年政府信息公开工作年度报告",
    );
    let rs: Vec<Report> = [&a, &b, &c].iter().map(|t| parse(t)).collect();
    // An unreadable file in the batch is skipped.
    let refs = vec![Some(&rs[0]), None, Some(&rs[1]), Some(&rs[2])];
    let got = reuse_across(&refs);
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn x07_no_uncertain_outcome_across_agencies_short_sections() {
    // X07 has no uncertain outcome: across agencies too, texts under
    // reuse::MIN_CHARS are not indexed ("无" is everyone's section 五).
    let a = set_section(&set_section(CLEAN_2021, S1, S2, NEW_S1), S5, S6, "无");
    let b = replace(
        CLEAN_2021,
        "青禾县交通运输局2023年",
        "白沙县交通运输局2023年",
    );
    let b = set_section(&b, S5, S6, "无");
    let rs: Vec<Report> = [&a, &b].iter().map(|t| parse(t)).collect();
    let refs: Vec<Option<&Report>> = rs.iter().map(Some).collect();
    assert!(reuse_across(&refs).is_empty());
}

#[test]
fn x07_batch_pairs_read_the_shared_index_as_check_pair_reads_the_texts() {
    // A batch's pairs take their sections' shingle sets from the index X07
    // across agencies built (batch::cross_checks); each pair's findings are
    // those check_pair computes from the two texts alone.
    // The grown section 一: 9x % of it is last year's, all of last year's
    // is in it (the direction counts).
    let texts = [
        CLEAN_2021.to_string(),
        rewritten(Some(&grown_s1()), Some(NEW_S5)), // 一 grown
        later_2021(&[]),                            // both copied
        rewritten(Some(NEW_S1), Some(NEW_S5)),      // its own text
        rewritten(Some("无"), None),                // 一 too short
        rewritten(Some(""), None),                  // 一 empty
    ];
    let rs: Vec<Report> = texts.iter().map(|t| parse(t)).collect();
    let mut refs: Vec<Option<&Report>> = rs.iter().map(Some).collect();
    refs.insert(1, None);
    let sel = crate::rules::Selection::default();
    let (got, _) = crate::batch::cross_checks(&refs, &sel);
    assert_eq!(got.len(), 5, "{got:#?}");
    let mut x07 = Vec::new();
    for p in &got {
        let alone = check_pair(refs[p.earlier].unwrap(), refs[p.later].unwrap(), &sel);
        assert_eq!(p.findings, alone, "pair {} → {}", p.earlier, p.later);
        x07.push(p.findings.iter().filter(|f| f.rule == "X07").count());
    }
    // The grown section is found, the copy in both sections, a rewrite in
    // neither, and the short or empty section 一 leaves only the copied 五.
    assert_eq!(x07, [1, 2, 0, 1, 1]);
    let grown = &got[0]
        .findings
        .iter()
        .find(|f| f.rule == "X07")
        .unwrap()
        .message;
    assert!(grown.starts_with("「一、总体情况」与上年报告 9"), "{grown}");
}

// ---------------------------------------------------------------- X09 and pairing

#[test]
fn x09_pass_same_name() {
    assert_eq!(
        pair_outcome(CLEAN_2021, &later_2021(&[]), "X09"),
        Outcome::Pass
    );
    assert_eq!(pair_outcome(CLEAN_2019, YUNXI_2021, "X09"), Outcome::Pass);
}

#[test]
fn x09_pass_names_equal_after_normalisation() {
    let later = later_2021(&[]);
    for (earlier_title, later_title) in [
        (
            "南屿市人民政府2023年政府信息公开工作年度报告",
            "南屿市政府2024年政府信息公开工作年度报告",
        ),
        (
            "青禾县交通运输局2023年政府信息公开工作年度报告",
            "青禾县交通运输局 2024 年政府信息公开工作 年度报告",
        ),
        (
            "青禾县交通运输局2023年政府信息公开工作年度报告",
            "青 禾 县 交 通 运 输 局 2024 年政府信息公开工作年度报告",
        ),
        (
            "青禾县第2中学2023年政府信息公开工作年度报告",
            "青禾县第２中学２０２４年政府信息公开工作年度报告",
        ),
    ] {
        let a = retitle(CLEAN_2021, earlier_title);
        let b = retitle(&later, later_title);
        assert_eq!(pair_texts(&[&a, &b]), [(0, 1)], "{later_title}");
        assert_eq!(
            pair_outcome(&a, &b, "X09"),
            Outcome::Pass,
            "{earlier_title} / {later_title}"
        );
    }
}

#[test]
fn x09_fail_renamed_office() {
    // 云溪街道办事处 (2020) → 云溪街道 (2021): paired by the looser name,
    // flagged because the names differ.
    let b = replace(YUNXI_2021, "云溪街道办事处2021年", "云溪街道2021年");
    let (ra, rb) = (parse(CLEAN_2019), parse(&b));
    assert_eq!(rb.agency.as_deref(), Some("云溪街道"));
    assert_eq!(pairs(&[Some(&ra), Some(&rb)]), [(0, 1)]);
    let fs = check(&ra, &rb, "X09");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].severity, Severity::Warning);
    assert_eq!(
        fs[0].message,
        "机关名称前后不一致：上年「云溪街道办事处」，本年「云溪街道」"
    );
    assert_eq!(fs[0].lines, vec![1]);
}

#[test]
fn x09_fail_different_names_compared_directly() {
    let b = retitle(
        &later_2021(&[]),
        "青禾县交通局2024年政府信息公开工作年度报告",
    );
    let fs = pair_findings(CLEAN_2021, &b, "X09");
    assert_eq!(outcome_of(&fs), Outcome::Fail);
    assert!(
        fs[0].message.contains("「青禾县交通运输局」"),
        "{}",
        fs[0].message
    );
    assert!(
        fs[0].message.contains("「青禾县交通局」"),
        "{}",
        fs[0].message
    );
}

#[test]
fn x09_no_uncertain_outcome_title_without_agency() {
    // X09 has no uncertain outcome: its operands are the titles' agency names,
    // and a report whose title gives none is never paired (pairs() needs an
    // agency and a year on both sides), so X09 never sees a blank name; the
    // missing agency is S04's finding. Called directly, it stays silent.
    let b = retitle(&later_2021(&[]), "2024年政府信息公开工作年度报告");
    let rb = parse(&b);
    assert_eq!((rb.agency.as_deref(), rb.year), (None, Some(2024)));
    let ra = parse(CLEAN_2021);
    assert!(pairs(&[Some(&ra), Some(&rb)]).is_empty());
    assert!(check(&ra, &rb, "X09").is_empty());
}

#[test]
fn pairs_consecutive_years_of_one_agency_only() {
    let y2022 = CLEAN_2021.replace("2023年", "2022年");
    let other = retitle(
        &later_2021(&[]),
        "白沙县交通运输局2024年政府信息公开工作年度报告",
    );
    let dup = later_2021(&[]);
    // [2023, 白沙 2024, 2022, 青禾 2024 (md sample), 青禾 2024 (duplicate)]
    let got = pair_texts(&[CLEAN_2021, &other, &y2022, QINGHE_2024, &dup]);
    assert_eq!(got, [(0, 3), (0, 4), (2, 0)]);
    // Unreadable files are skipped; a gap year does not pair.
    let rs: Vec<Report> = [&y2022, QINGHE_2024].iter().map(|t| parse(t)).collect();
    assert!(pairs(&[Some(&rs[0]), None, Some(&rs[1])]).is_empty());
}

#[test]
fn pairs_names_spaced_inside() {
    for (earlier_title, later_title) in [
        (
            "南屿市人民政府2023年政府信息公开工作年度报告",
            "南屿市 人民政府 2024 年政府信息公开工作年度报告",
        ),
        (
            "青禾县交通运输局2023年政府信息公开工作年度报告",
            "青禾县　交通运输局2024年政府信息公开工作年度报告",
        ),
    ] {
        let a = retitle(CLEAN_2021, earlier_title);
        let b = retitle(&later_2021(&[]), later_title);
        assert_eq!(pair_texts(&[&a, &b]), [(0, 1)], "{later_title}");
    }
    // Two different cities must not pair.
    let a = retitle(
        CLEAN_2021,
        "南屿市 人民政府 2023 年政府信息公开工作年度报告",
    );
    let b = retitle(
        &later_2021(&[]),
        "北川市 人民政府 2024 年政府信息公开工作年度报告",
    );
    assert!(pair_texts(&[&a, &b]).is_empty());
}

// ---------------------------------------------------------------- one agency, two spellings

/// The 2023 base titled for `agency`.
fn titled_2023(agency: &str) -> String {
    retitle(
        CLEAN_2021,
        &format!("{agency}2023年政府信息公开工作年度报告"),
    )
}

/// The 2024 successor titled for `agency`.
fn titled_2024(agency: &str) -> String {
    retitle(
        &later_2021(&[]),
        &format!("{agency}2024年政府信息公开工作年度报告"),
    )
}

#[test]
fn pairs_a_name_with_and_without_its_city() {
    for (earlier, later) in [
        ("洪泽区人民政府", "淮安市洪泽区人民政府"),
        ("淮安市洪泽区人民政府", "洪泽区人民政府"),
        ("洪泽区商务局", "淮安市洪泽区商务局"),
        ("江苏省淮安市洪泽区人民政府", "洪泽区人民政府"),
        ("正蓝旗人民政府", "锡林郭勒盟正蓝旗人民政府"),
    ] {
        let (a, b) = (titled_2023(earlier), titled_2024(later));
        assert_eq!(parse(&b).agency.as_deref(), Some(later));
        assert_eq!(pair_texts(&[&a, &b]), [(0, 1)], "{earlier} / {later}");
        assert_eq!(pair_texts(&[&b, &a]), [(1, 0)], "{earlier} / {later}");
    }
}

#[test]
fn x09_fail_on_the_paired_spellings() {
    let a = parse(&titled_2023("洪泽区人民政府"));
    let b = parse(&titled_2024("淮安市洪泽区人民政府"));
    assert_eq!(pairs(&[Some(&a), Some(&b)]), [(0, 1)]);
    let fs = check(&a, &b, "X09");
    assert_eq!(fails(&fs).len(), 1, "{fs:#?}");
    assert_eq!(fs[0].severity, Severity::Warning);
    assert_eq!(
        fs[0].message,
        "机关名称前后不一致：上年「洪泽区人民政府」，本年「淮安市洪泽区人民政府」"
    );
}

#[test]
fn pairs_never_two_agencies_by_their_spellings() {
    for (earlier, later) in [
        // A city's department and its county's.
        ("淮安市商务局", "淮安市洪泽区商务局"),
        ("淮安市洪泽区商务局", "淮安市商务局"),
        // Two cities.
        ("南屿市人民政府", "北川市人民政府"),
        // A bare department is no agency's short name.
        ("商务局", "淮安市商务局"),
        ("市场监督管理局", "淮安市市场监督管理局"),
        // The county is not the city.
        ("洪泽区人民政府", "淮安市人民政府"),
    ] {
        let (a, b) = (titled_2023(earlier), titled_2024(later));
        assert!(pair_texts(&[&a, &b]).is_empty(), "{earlier} / {later}");
    }
}

#[test]
fn pairs_none_when_two_long_names_claim_the_short_one() {
    let short = titled_2023("鼓楼区人民政府");
    let nanjing = titled_2024("南京市鼓楼区人民政府");
    let fuzhou = titled_2024("福州市鼓楼区人民政府");
    assert!(pair_texts(&[&short, &nanjing, &fuzhou]).is_empty());
    assert!(pair_texts(&[&fuzhou, &short, &nanjing]).is_empty());
    // Either one alone pairs.
    assert_eq!(pair_texts(&[&short, &fuzhou]), [(0, 1)]);
}

#[test]
fn pairs_a_chain_of_spellings_as_one_agency() {
    let texts = [
        retitle(
            &CLEAN_2021.replace("2023年", "2022年"),
            "江苏省淮安市洪泽区人民政府2022年政府信息公开工作年度报告",
        ),
        titled_2023("洪泽区人民政府"),
        titled_2024("淮安市洪泽区人民政府"),
    ];
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(pair_texts(&refs), [(0, 1), (1, 2)]);
    let rev: Vec<&str> = refs.iter().rev().copied().collect();
    assert_eq!(pair_texts(&rev), [(1, 0), (2, 1)]);
}

#[test]
fn x07_the_same_agency_under_two_spellings_is_not_another() {
    let a = parse(&titled_2023("洪泽区人民政府"));
    let b = parse(&titled_2024("淮安市洪泽区人民政府"));
    assert!(reuse_across(&[Some(&a), Some(&b)]).is_empty());
    // Two different agencies with the same text still are.
    let c = parse(&titled_2024("淮安市商务局"));
    assert!(!reuse_across(&[Some(&a), Some(&c)]).is_empty());
}
