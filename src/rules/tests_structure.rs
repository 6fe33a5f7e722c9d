//! Rule tests (see [`super::testkit`]): the S (structure) rules.
//!
//! No S rule emits `Status::Uncertain`: each one judges the report's
//! structure (headings, title, period, template signals, placeholders) or a
//! cell's own state, not arithmetic over operands. For those rules the
//! "uncertain" slot is a `sNN_no_uncertain_…` test showing that an input
//! which makes other rules uncertain (a blank or unreadable cell, a missing
//! table) still yields a definite pass or fail. S12 is the exception: its
//! operand is the fee amount cell, and FORMAT.md §6 says a rule that needs a
//! blank cell is uncertain; that test is ignored as a bug.

use super::testkit::*;
use super::{Finding, Severity, Status};

// ---------------------------------------------------------------- helpers

/// The 2019 base with LF line ends (the sample is CRLF; the parser folds
/// CRLF to LF, so `with_cells` output and `replace` patterns agree).
fn base19() -> String {
    CLEAN_2019.replace("\r\n", "\n")
}

/// `text` without the part from the first `from` up to (not including) the
/// first `to` after it. Panics when either is absent.
fn cut(text: &str, from: &str, to: &str) -> String {
    let i = text
        .find(from)
        .unwrap_or_else(|| panic!("fixture has no {from:?}"));
    let j = i + text[i..]
        .find(to)
        .unwrap_or_else(|| panic!("fixture has no {to:?} after {from:?}"));
    format!("{}{}", &text[..i], &text[j..])
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("fixture has no {needle:?}"));
    text[..i].matches('\n').count() as u32 + 1
}

/// The one failing finding of rule `id` (panics unless there is exactly one
/// finding and it is a failure).
fn the_failure(text: &str, id: &str) -> Finding {
    let fs = findings(text, id);
    assert_eq!(fs.len(), 1, "{id}: {fs:#?}");
    assert_eq!(fs[0].status, Status::Fail, "{fs:#?}");
    fs.into_iter().next().unwrap()
}

fn assert_mentions(f: &Finding, parts: &[&str]) {
    for p in parts {
        assert!(f.message.contains(p), "{:?} lacks {p:?}", f.message);
    }
}

const T2021_TITLE: &str = "青禾县交通运输局2023年政府信息公开工作年度报告";
const T2021_S5_BODY: &str = "一是部分科室对公开时限把握不准；二是政策解读形式较单一。下一步，我局将细化公开清单，增加图解和短视频解读。";
const T2021_S6_BODY: &str = "本年度我局未收取信息处理费。";
const T2021_PERIOD: &str = "数据统计期限为2023年1月1日至2023年12月31日";
const T2019_S5_BODY: &str = "社区公开栏更新频次不一。下一步将制定公开栏统一更新规范。";

/// A 2021 report where table 3 has a blank cell and table 4 is gone: A01
/// and L01 are uncertain or fail on it, S rules must still decide.
fn t2021_blank_and_no_table4() -> String {
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "")]);
    cut(&t, "行政复议\t", "五、存在的主要问题")
}

// ---------------------------------------------------------------- S01

#[test]
fn s01_pass_all_six_sections() {
    assert_eq!(outcome(CLEAN_2021, "S01"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S01"), Outcome::Pass);
}

#[test]
fn s01_fail_section_six_missing() {
    let t = replace(CLEAN_2021, "六、其他需要报告的事项\n\n", "");
    assert_eq!(outcome(&t, "S01"), Outcome::Fail);
    let f = the_failure(&t, "S01");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["第六部分", "六、其他需要报告的事项"]);
}

#[test]
fn s01_fail_section_four_heading_missing_2019() {
    let t = replace(&base19(), "四、政府信息公开行政复议、行政诉讼情况\n", "");
    assert_eq!(outcome(&t, "S01"), Outcome::Fail);
    let f = the_failure(&t, "S01");
    assert_mentions(&f, &["第四部分"]);
    assert!(!f.message.contains("第六部分"));
}

// S01 has no uncertain outcome: it only asks whether each heading exists, which no cell state can make undecidable.
#[test]
fn s01_no_uncertain_blank_cell_and_missing_table() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S09"), Outcome::Fail);
    assert_eq!(outcome(&t, "S01"), Outcome::Pass);
    let t = replace(&t, "五、存在的主要问题及改进情况\n\n", "");
    assert_eq!(outcome(&t, "S01"), Outcome::Fail);
    assert_mentions(&the_failure(&t, "S01"), &["第五部分"]);
}

// ---------------------------------------------------------------- S02

#[test]
fn s02_pass_in_order() {
    assert_eq!(outcome(CLEAN_2021, "S02"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S02"), Outcome::Pass);
}

#[test]
fn s02_pass_section_five_with_its_own_numbered_list() {
    // Seed 001: section 五 holds its own "一、… 二、…" list; table 3 has a
    // "四、结转下年度继续办理" row. Neither is a heading.
    let t = replace(
        CLEAN_2021,
        T2021_S5_BODY,
        "一、存在的问题\n\n公开时限把握不准。\n\n二、改进措施\n\n细化公开清单。",
    );
    assert_eq!(outcome(&t, "S02"), Outcome::Pass);
    assert_eq!(outcome(&t, "S01"), Outcome::Pass);
}

#[test]
fn s02_fail_sections_five_and_six_swapped() {
    let t = replace(CLEAN_2021, "五、存在的主要问题及改进情况", "@@");
    let t = replace(&t, "六、其他需要报告的事项", "五、存在的主要问题及改进情况");
    let t = replace(&t, "@@", "六、其他需要报告的事项");
    assert_eq!(outcome(&t, "S02"), Outcome::Fail);
    let f = the_failure(&t, "S02");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(
        &f,
        &[
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
            "顺序",
        ],
    );
    assert_eq!(f.lines, vec![80, 84]);
}

#[test]
fn s02_fail_section_one_repeated() {
    let t = format!("{CLEAN_2021}\n一、总体情况\n\n重复的总体情况。\n");
    assert_eq!(outcome(&t, "S02"), Outcome::Fail);
    let f = the_failure(&t, "S02");
    assert_mentions(&f, &["一、总体情况", "重复"]);
    assert_eq!(f.lines, vec![5, line_of(&t, "\n一、总体情况\n\n重复") + 1]);
}

// S02 has no uncertain outcome: order and repetition of the headings found are always decidable; a missing one is S01's.
#[test]
fn s02_no_uncertain_blank_cell_missing_table_missing_section() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S02"), Outcome::Pass);
    let t = replace(&t, "二、主动公开政府信息情况\n", "");
    assert_eq!(outcome(&t, "S01"), Outcome::Fail);
    assert_eq!(outcome(&t, "S02"), Outcome::Pass);
}

// ---------------------------------------------------------------- S03

#[test]
fn s03_pass_every_section_has_content() {
    assert_eq!(outcome(CLEAN_2021, "S03"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S03"), Outcome::Pass);
}

#[test]
fn s03_pass_section_five_starting_with_wu_but_saying_more() {
    let t = replace(CLEAN_2021, T2021_S5_BODY, "无明显问题，下一步继续改进。");
    assert_eq!(outcome(&t, "S03"), Outcome::Pass);
}

#[test]
fn s03_pass_wu_only_in_a_section_other_than_five() {
    // Only section 五 is judged by "只写了无"; section 六 saying 无 is content.
    let t = replace(CLEAN_2021, T2021_S6_BODY, "无。");
    assert_eq!(outcome(&t, "S03"), Outcome::Pass);
}

#[test]
fn s03_fail_section_five_only_wu() {
    let t = replace(CLEAN_2021, T2021_S5_BODY, "无。");
    assert_eq!(outcome(&t, "S03"), Outcome::Fail);
    let f = the_failure(&t, "S03");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["五、存在的主要问题及改进情况", "只写了「无」"]);
    assert_eq!(f.lines, vec![80]);
}

#[test]
fn s03_fail_section_five_only_zanwu_2019() {
    let b = base19();
    let t = replace(&b, T2019_S5_BODY, "暂无。");
    assert_eq!(outcome(&t, "S03"), Outcome::Fail);
    let f = the_failure(&t, "S03");
    assert_mentions(&f, &["只写了「无」"]);
    assert_eq!(f.lines, vec![line_of(&b, "五、存在的主要问题及改进情况")]);
}

#[test]
fn s03_fail_section_six_empty() {
    let t = replace(CLEAN_2021, T2021_S6_BODY, "");
    assert_eq!(outcome(&t, "S03"), Outcome::Fail);
    let f = the_failure(&t, "S03");
    assert_mentions(&f, &["六、其他需要报告的事项", "内容为空"]);
    assert_eq!(f.lines, vec![84]);
}

// S03 has no uncertain outcome: it reads section text, never a cell; a missing section is S01's, not an unknown.
#[test]
fn s03_no_uncertain_blank_cell_missing_table_missing_section() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S03"), Outcome::Pass);
    // Section 六 (heading and body) dropped at the end of the text.
    let t = t[..t.find("六、其他需要报告的事项").unwrap()].to_string();
    assert_eq!(outcome(&t, "S01"), Outcome::Fail);
    assert_eq!(outcome(&t, "S03"), Outcome::Pass);
    let t = replace(&t, T2021_S5_BODY, "无");
    assert_eq!(outcome(&t, "S03"), Outcome::Fail);
}

// ---------------------------------------------------------------- S04

#[test]
fn s04_pass_full_title() {
    assert_eq!(outcome(CLEAN_2021, "S04"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S04"), Outcome::Pass);
}

#[test]
fn s04_pass_spaced_and_split_titles() {
    let t = replace(
        CLEAN_2021,
        T2021_TITLE,
        "青禾县交通运输局 2023 年政府信息公开工作 年度报告",
    );
    assert_eq!(outcome(&t, "S04"), Outcome::Pass);
    let t = replace(
        CLEAN_2021,
        T2021_TITLE,
        "青禾县交通运输局\n2023年政府信息公开工作年度报\n告",
    );
    assert_eq!(outcome(&t, "S04"), Outcome::Pass);
}

#[test]
fn s04_fail_title_without_year() {
    let t = replace(
        CLEAN_2021,
        T2021_TITLE,
        "青禾县交通运输局政府信息公开工作年度报告",
    );
    assert_eq!(outcome(&t, "S04"), Outcome::Fail);
    let f = the_failure(&t, "S04");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["缺少年份"]);
    assert!(!f.message.contains("机关名称"), "{}", f.message);
    assert_eq!(f.lines, vec![1]);
}

#[test]
fn s04_fail_title_without_agency() {
    let t = replace(CLEAN_2021, T2021_TITLE, "2023年政府信息公开工作年度报告");
    assert_eq!(outcome(&t, "S04"), Outcome::Fail);
    let f = the_failure(&t, "S04");
    assert_mentions(&f, &["2023年政府信息公开工作年度报告", "机关名称"]);
    assert!(!f.message.contains("年份"), "{}", f.message);
}

#[test]
fn s04_fail_title_without_the_phrase() {
    let t = replace(
        CLEAN_2021,
        T2021_TITLE,
        "青禾县交通运输局2023年政府信息公开年度报告",
    );
    assert_eq!(outcome(&t, "S04"), Outcome::Fail);
    let f = the_failure(&t, "S04");
    assert_mentions(&f, &["政府信息公开工作年度报告”字样"]);
}

#[test]
fn s04_fail_no_title_at_all() {
    // Title and preamble gone: the text starts with section 一.
    let t = cut(CLEAN_2021, T2021_TITLE, "一、总体情况");
    assert_eq!(outcome(&t, "S04"), Outcome::Fail);
    let f = the_failure(&t, "S04");
    assert_mentions(&f, &["未找到标题", "机关名称", "年份"]);
}

#[test]
fn s04_fail_title_line_missing_but_preamble_cites_the_format() {
    let t = replace(CLEAN_2021, &format!("{T2021_TITLE}\n\n"), "");
    assert_eq!(outcome(&t, "S04"), Outcome::Fail);
}

// S04 has no uncertain outcome: it reads the title line only; a year known from elsewhere (the period) does not fill the title's gap.
#[test]
fn s04_no_uncertain_year_only_in_period_and_blank_cells() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "S04"), Outcome::Pass);
    let t = replace(&t, T2021_TITLE, "青禾县交通运输局政府信息公开工作年度报告");
    assert_eq!(
        parse(&t).year,
        Some(2023),
        "the year is read from the period"
    );
    assert_eq!(outcome(&t, "S04"), Outcome::Fail);
    assert_mentions(&the_failure(&t, "S04"), &["年份"]);
}

// ---------------------------------------------------------------- S05

#[test]
fn s05_pass_period_matches_title_year() {
    assert_eq!(outcome(CLEAN_2021, "S05"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S05"), Outcome::Pass);
}

#[test]
fn s05_pass_end_date_without_year() {
    let t = replace(
        CLEAN_2021,
        T2021_PERIOD,
        "数据统计期限为2023年1月1日至12月31日",
    );
    assert_eq!(outcome(&t, "S05"), Outcome::Pass);
}

#[test]
fn s05_fail_period_of_another_year_is_an_error() {
    let t = replace(
        CLEAN_2021,
        T2021_PERIOD,
        "数据统计期限为2022年1月1日至2022年12月31日",
    );
    assert_eq!(outcome(&t, "S05"), Outcome::Fail);
    let f = the_failure(&t, "S05");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["2022年1月1日至2022年12月31日", "2023 年"]);
    assert_eq!(f.lines, vec![3]);
}

#[test]
fn s05_fail_period_ending_in_another_year() {
    let t = replace(
        CLEAN_2021,
        T2021_PERIOD,
        "数据统计期限为2023年1月1日至2024年12月31日",
    );
    let f = the_failure(&t, "S05");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["2024年12月31日"]);
}

#[test]
fn s05_fail_malformed_date_is_a_warning() {
    let t = replace(
        CLEAN_2021,
        T2021_PERIOD,
        "数据统计期限为2023年1月1日至202323年12月31日",
    );
    assert_eq!(outcome(&t, "S05"), Outcome::Fail);
    let f = the_failure(&t, "S05");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["202323年12月31日", "格式有误"]);
    assert_eq!(f.lines, vec![3]);
}

#[test]
fn s05_fail_month_thirteen_2019() {
    let t = replace(&base19(), "2020年1月1日起", "2020年13月1日起");
    let f = the_failure(&t, "S05");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["2020年13月1日"]);
}

// S05 has no uncertain outcome: it compares two text facts, not cells; with no period, or no title year, there is nothing to contradict (S04 reports the title).
#[test]
fn s05_no_uncertain_without_period_or_title_year() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "S05"), Outcome::Pass);
    let t2 = replace(&t, T2021_PERIOD, "数据统计期限为全年");
    assert_eq!(outcome(&t2, "S05"), Outcome::Pass);
    let t3 = replace(&t, T2021_TITLE, "青禾县交通运输局政府信息公开工作年度报告");
    let t3 = replace(
        &t3,
        "2023年1月1日至2023年12月31日",
        "2022年1月1日至2022年12月31日",
    );
    assert_eq!(outcome(&t3, "S05"), Outcome::Pass);
    let t4 = replace(
        &t,
        "2023年1月1日至2023年12月31日",
        "2022年1月1日至2022年12月31日",
    );
    assert_eq!(outcome(&t4, "S05"), Outcome::Fail);
}

// ---------------------------------------------------------------- S07

#[test]
fn s07_pass_template_fits_year() {
    assert_eq!(outcome(CLEAN_2021, "S07"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S07"), Outcome::Pass);
}

#[test]
fn s07_fail_2019_tables_in_a_2022_report() {
    let b = base19();
    let t = replace(&b, "云溪街道办事处2020年", "云溪街道办事处2022年");
    assert_eq!(outcome(&t, "S07"), Outcome::Fail);
    let f = the_failure(&t, "S07");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["2022 年", "应使用 2021 年版", "实际为 2019 年版"]);
    assert_eq!(f.lines, vec![line_of(&b, "第二十条第（一）项")]);
}

#[test]
fn s07_fail_2021_tables_in_a_2020_report() {
    let t = replace(
        CLEAN_2021,
        "青禾县交通运输局2023年",
        "青禾县交通运输局2020年",
    );
    let f = the_failure(&t, "S07");
    assert_mentions(&f, &["2020 年", "应使用 2019 年版", "实际为 2021 年版"]);
    assert_eq!(f.lines, vec![23]);
}

#[test]
fn s07_fail_mixed_signals() {
    // A 2019 column header (本年增/减) in a 2021 table two.
    let t = replace(CLEAN_2021, "本年收费金额（单位：万元）", "本年增/减");
    assert_eq!(outcome(&t, "S07"), Outcome::Fail);
    let f = the_failure(&t, "S07");
    assert_mentions(&f, &["模板混用"]);
    assert_eq!(f.lines, vec![23]);
}

// S07 has no uncertain outcome: it reads the tables' header words and the year, not cell values; blank or missing cells leave those signals intact.
#[test]
fn s07_no_uncertain_blank_cells_and_missing_table() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S07"), Outcome::Pass);
    let t = replace(&t, "青禾县交通运输局2023年", "青禾县交通运输局2020年");
    assert_eq!(outcome(&t, "S07"), Outcome::Fail);
    let t19 = with_cells(
        &base19(),
        &[("t3.granted.total", "—"), ("t2.procurement.amount", "—")],
    );
    assert_eq!(outcome(&t19, "S11"), Outcome::Fail);
    assert_eq!(outcome(&t19, "S07"), Outcome::Pass);
}

// ---------------------------------------------------------------- S08

#[test]
fn s08_pass_cites_the_right_notice() {
    assert_eq!(outcome(CLEAN_2021, "S08"), Outcome::Pass);
    let t = replace(
        &base19(),
        "本报告所列数据",
        "本报告依据国办公开办函〔2019〕60号编制，所列数据",
    );
    assert_eq!(outcome(&t, "S08"), Outcome::Pass);
}

#[test]
fn s08_pass_cites_both_notices() {
    let t = replace(
        CLEAN_2021,
        "编制，",
        "编制（原格式见国办公开办函〔2019〕60号），",
    );
    assert_eq!(outcome(&t, "S08"), Outcome::Pass);
}

#[test]
fn s08_fail_2021_tables_cite_the_2019_notice() {
    let t = replace(
        CLEAN_2021,
        "国办公开办函〔2021〕30号",
        "国办公开办函〔2019〕60号",
    );
    assert_eq!(outcome(&t, "S08"), Outcome::Fail);
    let f = the_failure(&t, "S08");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["引用 2019 年格式通知", "表格为 2021 年版"]);
    assert_eq!(f.lines, vec![3]);
}

#[test]
fn s08_fail_2019_tables_cite_the_2021_notice() {
    let t = replace(
        &base19(),
        "本报告所列数据",
        "本报告依据《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制，所列数据",
    );
    let f = the_failure(&t, "S08");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["引用 2021 年格式通知", "表格为 2019 年版"]);
    assert_eq!(f.lines, vec![3]);
}

#[test]
fn s08_fail_misquoted_notice_title_is_info() {
    let t = replace(
        CLEAN_2021,
        "《中华人民共和国政府信息公开工作年度报告格式》（国办",
        "《政府信息公开工作年度报告格式》（国办",
    );
    assert_eq!(outcome(&t, "S08"), Outcome::Fail);
    let f = the_failure(&t, "S08");
    assert_eq!(f.severity, Severity::Info);
    assert_mentions(&f, &["《中华人民共和国政府信息公开工作年度报告格式》"]);
    assert_eq!(f.lines, vec![3]);
}

// S08 has no uncertain outcome: it compares the cited notice text with the detected template; no citation means nothing to check.
#[test]
fn s08_no_uncertain_blank_cells_missing_table_or_no_citation() {
    // The 2019 base cites no notice at all.
    assert!(!CLEAN_2019.contains("国办公开办函"));
    let t19 = with_cells(&base19(), &[("t3.granted.total", "—")]);
    assert_eq!(outcome(&t19, "S08"), Outcome::Pass);
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "S08"), Outcome::Pass);
    let t = replace(&t, "国办公开办函〔2021〕30号", "国办公开办函（2019）60号");
    assert_eq!(outcome(&t, "S08"), Outcome::Fail);
}

// ---------------------------------------------------------------- S09

#[test]
fn s09_pass_every_row_read() {
    assert_eq!(outcome(CLEAN_2021, "S09"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S09"), Outcome::Pass);
}

#[test]
fn s09_fail_row_missing() {
    let t = replace(CLEAN_2021, "行政强制\t3\t\t\n", "");
    assert_eq!(outcome(&t, "S09"), Outcome::Fail);
    let f = the_failure(&t, "S09");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["表二", "缺少行「行政强制」"]);
    assert_eq!(f.cells, vec!["t2.coercion.decisions"]);
}

#[test]
fn s09_fail_row_without_values() {
    let t = replace(CLEAN_2021, "行政强制\t3\t\t", "行政强制\t\t\t");
    let f = the_failure(&t, "S09");
    assert_mentions(&f, &["「行政强制」一行没有数值"]);
    assert_eq!(f.cells, vec!["t2.coercion.decisions"]);
    assert_eq!(f.lines, vec![33]);
}

#[test]
fn s09_fail_row_with_too_few_values() {
    let t = replace(
        CLEAN_2021,
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t",
        "四、结转下年度继续办理\t\t0\t\t0",
    );
    let f = the_failure(&t, "S09");
    assert_mentions(&f, &["表三", "只有 3 个数值，应有 7 个"]);
    assert_eq!(f.cells.len(), 7);
    assert!(f.cells.iter().all(|k| k.starts_with("t3.carried_forward.")));
    assert_eq!(f.lines, vec![69]);
}

#[test]
fn s09_fail_table_four_missing() {
    let t = cut(CLEAN_2021, "四、政府信息公开行政复议", "五、存在的主要问题");
    assert_eq!(outcome(&t, "S09"), Outcome::Fail);
    let f = the_failure(&t, "S09");
    assert_mentions(&f, &["未找到表四"]);
    assert_eq!(f.cells.len(), 15);
    assert!(f.cells.iter().all(|k| k.starts_with("t4.")));
}

#[test]
fn s09_fail_procurement_row_missing_2019() {
    let t = cut(
        &base19(),
        "第二十条第（九）项",
        "三、收到和处理政府信息公开申请情况",
    );
    let f = the_failure(&t, "S09");
    assert_mentions(&f, &["缺少行「政府集中采购」"]);
    assert_eq!(
        f.cells,
        vec!["t2.procurement.projects", "t2.procurement.amount"]
    );
}

#[test]
fn s09_fail_row_that_lost_a_value_in_tab_layout() {
    let t = replace(
        CLEAN_2021,
        "2.重复申请\t1\t0\t0\t0\t0\t0\t1",
        "2.重复申请\t1\t0\t0\t0\t0\t1",
    );
    assert_eq!(outcome(&t, "S09"), Outcome::Fail);
    let f = the_failure(&t, "S09");
    assert!(
        f.cells
            .iter()
            .all(|k| k.starts_with("t3.not_processed.repeated."))
    );
}

// S09 has no uncertain outcome: a cell that is present but blank or ambiguous is not missing (that is S11's or the A rules' business).
#[test]
fn s09_no_uncertain_blank_and_ambiguous_cells() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "")]);
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S09"), Outcome::Pass);
    // One cell-per-line value dropped: the row cannot be placed (numbers on
    // their own lines are never cut, so it is unparsed, not guessed).
    let t = with_cells(&base19(), &[("t3.granted.commercial", "")]);
    let r = parse(&t);
    assert!(matches!(
        r.cell("t3.granted.commercial").unwrap().state,
        crate::model::CellState::Ambiguous | crate::model::CellState::Unparsed
    ));
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    // ...and S09 says so definitely: the row is short of a value.
    assert_eq!(outcome(&t, "S09"), Outcome::Fail);
}

// ---------------------------------------------------------------- S10

#[test]
fn s10_pass_no_extra_values() {
    assert_eq!(outcome(CLEAN_2021, "S10"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S10"), Outcome::Pass);
}

#[test]
fn s10_fail_extra_column_in_table_two() {
    let t = replace(CLEAN_2021, "行政处罚\t58\t\t", "行政处罚\t58\t7\t");
    assert_eq!(outcome(&t, "S10"), Outcome::Fail);
    let f = the_failure(&t, "S10");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["「行政处罚」", "读到 2 个数值", "模板的 1 列"]);
    assert_eq!(f.cells, vec!["t2.penalty.decisions"]);
    assert_eq!(f.lines, vec![32]);
}

#[test]
fn s10_fail_extra_column_in_table_three() {
    let t = replace(
        CLEAN_2021,
        "2.重复申请\t1\t0\t0\t0\t0\t0\t1",
        "2.重复申请\t1\t0\t0\t0\t0\t0\t1\t5",
    );
    let f = the_failure(&t, "S10");
    assert_mentions(&f, &["「2.重复申请」", "读到 8 个数值", "模板的 7 列"]);
    assert_eq!(f.cells.len(), 7);
    assert!(
        f.cells
            .iter()
            .all(|k| k.starts_with("t3.not_processed.repeated."))
    );
}

#[test]
fn s10_fail_unknown_extra_row_in_table_three() {
    let row = "\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n";
    let t = replace(
        CLEAN_2021,
        row,
        &format!("{row}\t\t9.属于其他情形\t0\t0\t0\t0\t0\t0\t0\n"),
    );
    let f = the_failure(&t, "S10");
    assert_mentions(&f, &["读到 16 个数值"]);
    assert!(
        f.cells
            .iter()
            .all(|k| k.starts_with("t3.withheld.query_matters."))
    );
}

// S10 has no uncertain outcome: it counts the values a row holds; blank or ambiguous values never count as extra.
#[test]
fn s10_no_uncertain_blank_and_ambiguous_cells() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S10"), Outcome::Pass);
    let t = with_cells(&base19(), &[("t3.granted.commercial", "")]);
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S10"), Outcome::Pass);
}

// ---------------------------------------------------------------- S11

#[test]
fn s11_pass_all_counts_are_numbers() {
    assert_eq!(outcome(CLEAN_2021, "S11"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S11"), Outcome::Pass);
}

#[test]
fn s11_pass_negative_delta_is_signed() {
    let t = with_cells(&base19(), &[("t2.licensing.delta", "-3")]);
    assert_eq!(value(&t, "t2.licensing.delta"), Some(-3.0));
    assert_eq!(outcome(&t, "S11"), Outcome::Pass);
}

#[test]
fn s11_fail_negative_count_is_an_error() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.natural_person", "-3")]);
    assert_eq!(outcome(&t, "S11"), Outcome::Fail);
    let f = the_failure(&t, "S11");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["为负数：-3"]);
    assert_eq!(f.cells, vec!["t3.granted.natural_person"]);
    assert_eq!(f.lines, vec![47]);
}

#[test]
fn s11_fail_negative_fee_amount() {
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "-5")]);
    let f = the_failure(&t, "S11");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["行政事业性收费", "-5"]);
    assert_eq!(f.cells, vec!["t2.admin_fees.amount"]);
}

#[test]
fn s11_fail_decimal_count_is_not_a_number() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "1.5")]);
    let f = the_failure(&t, "S11");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["不是数字：「1.5」"]);
    assert_eq!(f.cells, vec!["t3.granted.commercial"]);
}

#[test]
fn s11_fail_blank_count_is_a_warning() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "—")]);
    assert_eq!(outcome(&t, "S11"), Outcome::Fail);
    let f = the_failure(&t, "S11");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["商业企业", "为空白"]);
    assert_eq!(f.cells, vec!["t3.granted.commercial"]);
    assert_eq!(f.lines, vec![47]);
}

#[test]
fn s11_fail_several_blanks_in_one_finding() {
    let t = with_cells(
        CLEAN_2021,
        &[("t3.granted.commercial", ""), ("t3.granted.research", "/")],
    );
    let f = the_failure(&t, "S11");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["2 个单元格为空白"]);
    assert_eq!(
        f.cells,
        vec!["t3.granted.commercial", "t3.granted.research"]
    );
}

#[test]
fn s11_fail_blank_2019() {
    let t = with_cells(&base19(), &[("t3.granted.total", "—")]);
    let f = the_failure(&t, "S11");
    assert_eq!(f.cells, vec!["t3.granted.total"]);
}

#[test]
fn s11_fail_text_in_a_count_cell_is_not_a_number() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "x")]);
    let f = the_failure(&t, "S11");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.cells, vec!["t3.granted.commercial"]);
}

// S11 has no uncertain outcome: every cell state is a verdict (blank → warning, not-a-number → error); an ambiguous cell's candidates are all non-negative numbers.
#[test]
fn s11_no_uncertain_blank_is_definite_and_ambiguous_passes() {
    let t = with_cells(CLEAN_2021, &[("t3.granted.commercial", "")]);
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S11"), Outcome::Fail);
    let t = with_cells(&base19(), &[("t3.granted.commercial", "")]);
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S11"), Outcome::Pass);
}

// ---------------------------------------------------------------- S12

#[test]
fn s12_pass_plausible_amount() {
    assert_eq!(outcome(CLEAN_2021, "S12"), Outcome::Pass);
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "999999.99")]);
    assert_eq!(outcome(&t, "S12"), Outcome::Pass);
}

#[test]
fn s12_pass_large_amount_for_a_provincial_body() {
    let t = replace(
        CLEAN_2021,
        "青禾县交通运输局2023年",
        "广东省交通运输厅2023年",
    );
    let t = with_cells(&t, &[("t2.admin_fees.amount", "1500000")]);
    assert_eq!(outcome(&t, "S12"), Outcome::Pass);
}

#[test]
fn s12_pass_2019_template_not_checked() {
    let t = replace(&base19(), "36.5万元", "365000元");
    assert_eq!(outcome(&t, "S12"), Outcome::Pass);
}

#[test]
fn s12_fail_amount_in_yuan() {
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "1200元")]);
    assert_eq!(outcome(&t, "S12"), Outcome::Fail);
    let f = the_failure(&t, "S12");
    assert_eq!(f.severity, Severity::Warning);
    assert_mentions(&f, &["“元”为单位"]);
    assert_eq!(f.cells, vec!["t2.admin_fees.amount"]);
    assert_eq!(f.lines, vec![36]);
}

#[test]
fn s12_fail_implausible_amount_in_wanyuan() {
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "1500000")]);
    let f = the_failure(&t, "S12");
    assert_mentions(&f, &["1500000 万元", "过大"]);
    assert_eq!(f.cells, vec!["t2.admin_fees.amount"]);
    // The bound is inclusive (≥ 1,000,000).
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "1000000")]);
    assert_mentions(&the_failure(&t, "S12"), &["1000000 万元"]);
}

#[test]
fn s12_uncertain_when_fee_amount_blank() {
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "—")]);
    assert_eq!(outcome(&t, "S12"), Outcome::Uncertain);
    let fs = findings(&t, "S12");
    assert!(fs[0].cells.contains(&"t2.admin_fees.amount".to_string()));
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "x")]);
    assert_eq!(outcome(&t, "S12"), Outcome::Uncertain);
}

#[test]
fn s12_fail_fee_header_in_yuan() {
    let t = replace(
        CLEAN_2021,
        "本年收费金额（单位：万元）",
        "本年收费金额（单位：元）",
    );
    let t = with_cells(&t, &[("t2.admin_fees.amount", "1200")]);
    assert_eq!(outcome(&t, "S12"), Outcome::Fail);
}

// ---------------------------------------------------------------- S13

#[test]
fn s13_pass_no_placeholder() {
    assert_eq!(outcome(CLEAN_2021, "S13"), Outcome::Pass);
    assert_eq!(outcome(&base19(), "S13"), Outcome::Pass);
}

#[test]
fn s13_pass_xx_inside_an_ascii_word() {
    let t = replace(CLEAN_2021, T2021_S6_BODY, "详见 http://www.XXL.gov.cn 。");
    assert_eq!(outcome(&t, "S13"), Outcome::Pass);
}

#[test]
fn s13_fail_text_description_placeholder() {
    let t = replace(CLEAN_2021, T2021_S6_BODY, "（文字描述）");
    assert_eq!(outcome(&t, "S13"), Outcome::Fail);
    let f = the_failure(&t, "S13");
    assert_eq!(f.severity, Severity::Error);
    assert_mentions(&f, &["「文字描述」", "共 1 处"]);
    assert_eq!(f.lines, vec![86]);
}

#[test]
fn s13_fail_several_placeholders_on_several_lines() {
    let t = replace(CLEAN_2021, "青禾县交通运输局2023年", "××县交通运输局2023年");
    let t = replace(
        &t,
        T2021_S6_BODY,
        "本年度XX局未收取信息处理费（文字描述）。",
    );
    let f = the_failure(&t, "S13");
    assert_mentions(&f, &["「××」", "共 3 处"]);
    assert_eq!(f.lines, vec![1, 86]);
}

#[test]
fn s13_fail_fullwidth_and_lowercase_year_placeholders() {
    let t = replace(CLEAN_2021, T2021_S6_BODY, "本年度ＸＸ局未收取。");
    assert_mentions(&the_failure(&t, "S13"), &["「ＸＸ」"]);
    let t = replace(CLEAN_2021, T2021_S5_BODY, "xx年度无问题。");
    let f = the_failure(&t, "S13");
    assert_mentions(&f, &["「xx年」", "共 1 处"]);
    assert_eq!(f.lines, vec![82]);
}

// S13 has no uncertain outcome: it searches the raw text, so a placeholder even in an unreadable cell is a definite failure.
#[test]
fn s13_no_uncertain_placeholder_in_an_unreadable_cell() {
    let t = t2021_blank_and_no_table4();
    assert_eq!(outcome(&t, "A01"), Outcome::Uncertain);
    assert_eq!(outcome(&t, "S13"), Outcome::Pass);
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "XX")]);
    assert_eq!(value(&t, "t2.admin_fees.amount"), None);
    assert_eq!(outcome(&t, "S13"), Outcome::Fail);
    assert_eq!(the_failure(&t, "S13").lines, vec![36]);
}
