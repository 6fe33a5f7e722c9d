//! Rule tests for the narrative (N), 信息处理费 (F) and quality (Q) rules
//! (see [`super::testkit`]).
//!
//! Each rule gets a pass, a fail and an uncertain case. The claims are made by
//! rewriting a sentence of a clean base with [`replace`]; the table cells the
//! claim is compared with are set with [`with_cells`]. Every pass test also
//! checks that the parser read the claim, so that a pass cannot come from a
//! sentence nobody read.

use super::testkit::*;
use super::{Finding, Severity, Status};
use crate::parse::narrative::{DocKind, Kind, Outcome as Said};

// ---------------------------------------------------------------------------
// Sentences of the bases (each on one line of its file).

/// 2021 base, section 一 （二）, line 11.
const APPLY_21: &str = "全年共收到政府信息公开申请8件，均已在法定期限内答复。";
/// 2021 base, section 二 prose, line 21.
const DOCS_21: &str = "本年度制发行政规范性文件1件，现行有效行政规范性文件6件。";
/// 2021 base, section 四 prose, line 73.
const NO_REVIEW_21: &str = "2023年，我局未发生政府信息公开行政复议、行政诉讼情况。";
/// 2021 base, section 六, line 86.
const FEE_21: &str = "本年度我局未收取信息处理费。";
/// 2019 base, section 一 2、, line 11.
const APPLY_19: &str = "全年共收到政府信息公开申请2件，均已按期答复。";
/// 2019 base, section 六, line 603.
const FEE_19: &str = "本年度本街道未收取政府信息公开信息处理费。";

// ---------------------------------------------------------------------------
// Helpers.

/// What the parser read from the prose: (kind, value).
fn claims(text: &str) -> Vec<(Kind, Option<i64>)> {
    parse(text)
        .claims
        .into_iter()
        .map(|c| (c.kind, c.value))
        .collect()
}

/// Assert the parser read `kind` with `value` (so a pass is not vacuous).
#[track_caller]
fn assert_claim(text: &str, kind: Kind, value: Option<i64>) {
    let cs = claims(text);
    assert!(
        cs.contains(&(kind.clone(), value)),
        "no claim {kind:?} = {value:?} in {cs:?}"
    );
}

/// Assert the parser read no claim of a kind matching `pred`.
#[track_caller]
fn assert_no_claim(text: &str, pred: impl Fn(&Kind) -> bool) {
    let cs = claims(text);
    assert!(
        !cs.iter().any(|(k, _)| pred(k)),
        "unexpected claim in {cs:?}"
    );
}

/// The only failing finding of rule `id`.
#[track_caller]
fn the_fail(text: &str, id: &str) -> Finding {
    let fs = findings(text, id);
    let fails: Vec<&Finding> = fs.iter().filter(|f| f.status == Status::Fail).collect();
    assert_eq!(fails.len(), 1, "{fs:#?}");
    fails[0].clone()
}

/// The first uncertain finding of rule `id` (and there is no failure).
#[track_caller]
fn the_uncertain(text: &str, id: &str) -> Finding {
    let fs = findings(text, id);
    assert_eq!(outcome_of(&fs), Outcome::Uncertain, "{fs:#?}");
    let f = fs
        .iter()
        .find(|f| f.status == Status::Uncertain)
        .unwrap()
        .clone();
    assert_eq!(f.severity, Severity::Info);
    f
}

/// 1-based line of the first occurrence of `needle` in `text`.
#[track_caller]
fn line_of(text: &str, needle: &str) -> u32 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in the text"));
    text[..at].matches('\n').count() as u32 + 1
}

/// The source text a finding quotes (its first span).
fn quoted(text: &str, f: &Finding) -> String {
    let r = parse(text);
    let (a, b) = *f.spans.first().expect("the finding quotes the claim");
    r.text()[a..b].to_string()
}

/// `text` with every table-3 cell set to 0.
fn zero_t3(text: &str) -> String {
    let r = parse(text);
    let keys: Vec<String> = r
        .schema()
        .keys
        .iter()
        .filter(|k| k.starts_with("t3."))
        .cloned()
        .collect();
    let edits: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "0")).collect();
    with_cells(text, &edits)
}

/// The 2021 base with its 依申请公开 sentence replaced by `s`.
fn apply21(s: &str) -> String {
    replace(CLEAN_2021, APPLY_21, s)
}

// ---------------------------------------------------------------------------
// N01: "no applications" against table 3.

#[test]
fn n01_pass_no_applications_and_an_empty_table() {
    let t = with_cells(
        &apply21("全年未收到政府信息公开申请。"),
        &[("t3.new_received.total", "0")],
    );
    assert_claim(&t, Kind::NoApplications, None);
    assert_eq!(outcome(&t, "N01"), Outcome::Pass);
}

#[test]
fn n01_pass_the_base_says_nothing_of_the_kind() {
    // "未发生政府信息公开行政复议、行政诉讼" is about table 4, not applications.
    assert_no_claim(CLEAN_2021, |k| *k == Kind::NoApplications);
    assert_eq!(outcome(CLEAN_2021, "N01"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2019, "N01"), Outcome::Pass);
}

#[test]
fn n01_fail_no_applications_but_table_has_some() {
    let t = apply21("全年未收到政府信息公开申请。");
    let f = the_fail(&t, "N01");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("新收申请 8 件"), "{}", f.message);
    assert!(f.message.contains("上年结转 0 件"), "{}", f.message);
    assert!(
        f.message.contains("未收到政府信息公开申请"),
        "{}",
        f.message
    );
    assert!(f.lines.contains(&11), "{:?}", f.lines);
    assert!(f.cells.contains(&"t3.new_received.total".to_string()));
    assert!(quoted(&t, &f).contains("未收到"));
}

#[test]
fn n01_fail_counts_carried_over_applications() {
    let t = with_cells(
        &apply21("全年未收到政府信息公开申请。"),
        &[
            ("t3.new_received.total", "0"),
            ("t3.carried_over.total", "3"),
        ],
    );
    let f = the_fail(&t, "N01");
    assert!(f.message.contains("新收申请 0 件"), "{}", f.message);
    assert!(f.message.contains("上年结转 3 件"), "{}", f.message);
}

#[test]
fn n01_fail_wording_variants() {
    for s in [
        "全年未收到政府信息公开申请。",
        "全年没有收到政府信息公开申请。",
        "本年度暂未收到政府信息公开申请。",
        "本年度暂未发生依申请公开事项。",
        "本年度未发生依申请公开情况。",
        "全年共收到政府信息公开申请0件。",
    ] {
        let t = apply21(s);
        assert_claim(&t, Kind::NoApplications, None);
        assert_eq!(outcome(&t, "N01"), Outcome::Fail, "{s}");
        let t = with_cells(&t, &[("t3.new_received.total", "0")]);
        assert_eq!(outcome(&t, "N01"), Outcome::Pass, "{s}");
    }
}

#[test]
fn n01_fail_2019_template() {
    let t = replace(CLEAN_2019, APPLY_19, "全年没有收到政府信息公开申请。");
    let f = the_fail(&t, "N01");
    assert!(f.message.contains("新收申请 2 件"), "{}", f.message);
    assert!(f.lines.contains(&11), "{:?}", f.lines);
}

#[test]
fn n01_uncertain_new_received_blank() {
    let t = with_cells(
        &apply21("全年未收到政府信息公开申请。"),
        &[("t3.new_received.total", "")],
    );
    let f = the_uncertain(&t, "N01");
    assert!(f.cells.contains(&"t3.new_received.total".to_string()));
    assert!(f.lines.contains(&11), "{:?}", f.lines);
}

#[test]
fn n01_uncertain_carried_over_unreadable() {
    let t = with_cells(
        &apply21("全年未收到政府信息公开申请。"),
        &[
            ("t3.new_received.total", "0"),
            ("t3.carried_over.total", "x"),
        ],
    );
    let f = the_uncertain(&t, "N01");
    assert!(f.cells.contains(&"t3.carried_over.total".to_string()));
}

#[test]
fn n01_pass_ambiguous_sentence() {
    // A negation about complaints or about another business is not a claim
    // that no application arrived.
    for s in [
        "全年未收到涉及依申请公开的信访举报。",
        "全年没有收到政府信息公开申请人的投诉。",
        "全年未收到政府信息公开申请等督办卡事项。",
    ] {
        let t = apply21(s);
        assert_no_claim(&t, |k| *k == Kind::NoApplications);
        assert_eq!(outcome(&t, "N01"), Outcome::Pass, "{s}");
    }
}

// ---------------------------------------------------------------------------
// N02: N > 0 applications in the text, table 3 all zero.

#[test]
fn n02_pass_text_and_table_both_have_applications() {
    assert_claim(CLEAN_2021, Kind::Received { new_only: false }, Some(8));
    assert_eq!(outcome(CLEAN_2021, "N02"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2019, "N02"), Outcome::Pass);
}

#[test]
fn n02_pass_zero_in_text_and_table() {
    let t = zero_t3(&apply21("全年共收到政府信息公开申请0件。"));
    assert_claim(&t, Kind::Received { new_only: false }, Some(0));
    assert_eq!(outcome(&t, "N02"), Outcome::Pass);
}

#[test]
fn n02_fail_text_has_applications_table_all_zero() {
    let t = zero_t3(CLEAN_2021);
    let f = the_fail(&t, "N02");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("收到申请 8 件"), "{}", f.message);
    assert!(f.message.contains("全部为 0"), "{}", f.message);
    assert!(f.lines.contains(&11), "{:?}", f.lines);
    assert!(quoted(&t, &f).contains("申请8件"));
}

#[test]
fn n02_fail_2019_template() {
    let t = zero_t3(CLEAN_2019);
    let f = the_fail(&t, "N02");
    assert!(f.message.contains("收到申请 2 件"), "{}", f.message);
    assert!(f.lines.contains(&11), "{:?}", f.lines);
}

#[test]
fn n02_fail_wording_variants() {
    for s in [
        "全年共受理政府信息公开申请5件。",
        "全年共接收政府信息公开申请5件。",
        "全年共收办政府信息公开申请5件。",
        "全年收到政府信息公开申请共计5件。",
        "全年新收政府信息公开申请5件。",
    ] {
        let t = zero_t3(&apply21(s));
        let f = the_fail(&t, "N02");
        assert!(f.message.contains("收到申请 5 件"), "{s}: {}", f.message);
    }
}

#[test]
fn n02_uncertain_a_blank_cell_in_an_otherwise_zero_table() {
    let t = with_cells(&zero_t3(CLEAN_2021), &[("t3.granted.total", "")]);
    let f = the_uncertain(&t, "N02");
    assert!(f.cells.contains(&"t3.granted.total".to_string()));
    assert!(f.lines.contains(&11), "{:?}", f.lines);
}

#[test]
fn n02_pass_a_blank_cell_next_to_a_non_zero_one() {
    // A readable non-zero cell already shows table 3 is not all zero.
    let t = with_cells(CLEAN_2021, &[("t3.granted.total", "")]);
    assert_eq!(outcome(&t, "N02"), Outcome::Pass);
}

#[test]
fn n02_pass_ambiguous_sentence() {
    // A count that mixes 建议/提案 with applications is not an application count.
    let t = zero_t3(&apply21(
        "全年共收到人大建议、政协提案和政府信息公开申请8件。",
    ));
    assert_no_claim(&t, |k| matches!(k, Kind::Received { .. }));
    assert_eq!(outcome(&t, "N02"), Outcome::Pass);
}

// ---------------------------------------------------------------------------
// N03: "收到…申请N件" against 新收 and 新收 + 上年结转.

#[test]
fn n03_pass_equals_new_received() {
    assert_eq!(outcome(CLEAN_2021, "N03"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2019, "N03"), Outcome::Pass);
}

#[test]
fn n03_pass_equals_new_plus_carried_over() {
    // 含上年结转: the text's count includes last year's carried-over applications.
    let t = with_cells(
        &apply21("全年共收到政府信息公开申请10件（含上年结转2件）。"),
        &[("t3.carried_over.total", "2")],
    );
    assert_claim(&t, Kind::Received { new_only: false }, Some(10));
    assert_claim(&t, Kind::CarriedOver, Some(2));
    assert_eq!(outcome(&t, "N03"), Outcome::Pass);
    // The new-only count passes too.
    let t = with_cells(
        &apply21("全年新收政府信息公开申请8件。"),
        &[("t3.carried_over.total", "2")],
    );
    assert_claim(&t, Kind::Received { new_only: true }, Some(8));
    assert_eq!(outcome(&t, "N03"), Outcome::Pass);
}

#[test]
fn n03_fail_count_matches_neither() {
    let t = apply21("全年共收到政府信息公开申请9件，均已在法定期限内答复。");
    let f = the_fail(&t, "N03");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("收到申请 9 件"), "{}", f.message);
    assert!(f.message.contains("本年新收 8 件"), "{}", f.message);
    assert!(f.message.contains("加上年结转为 8 件"), "{}", f.message);
    assert!(f.lines.contains(&11), "{:?}", f.lines);
    assert!(quoted(&t, &f).contains("9件"));
    assert!(f.cells.contains(&"t3.new_received.total".to_string()));
    assert!(f.cells.contains(&"t3.carried_over.total".to_string()));
}

#[test]
fn n03_fail_with_carried_over_in_the_table() {
    let t = with_cells(
        &apply21("全年共收到政府信息公开申请11件（含上年结转2件）。"),
        &[("t3.carried_over.total", "2")],
    );
    let f = the_fail(&t, "N03");
    assert!(f.message.contains("收到申请 11 件"), "{}", f.message);
    assert!(f.message.contains("加上年结转为 10 件"), "{}", f.message);
}

#[test]
fn n03_pass_and_fail_wording_variants() {
    for verb in ["收到", "受理", "接收", "收办"] {
        let t = apply21(&format!("全年共{verb}政府信息公开申请8件。"));
        assert_claim(&t, Kind::Received { new_only: false }, Some(8));
        assert_eq!(outcome(&t, "N03"), Outcome::Pass, "{verb}");
        let t = apply21(&format!("全年共{verb}政府信息公开申请9件。"));
        let f = the_fail(&t, "N03");
        assert!(f.message.contains("收到申请 9 件"), "{verb}: {}", f.message);
    }
    // 共计 between the noun and the number.
    let t = apply21("全年收到政府信息公开申请共计8件。");
    assert_claim(&t, Kind::Received { new_only: false }, Some(8));
    assert_eq!(outcome(&t, "N03"), Outcome::Pass);
    let t = apply21("全年受理政府信息公开申请共计12件。");
    let f = the_fail(&t, "N03");
    assert!(f.message.contains("收到申请 12 件"), "{}", f.message);
}

#[test]
fn n03_uncertain_new_received_blank() {
    let t = with_cells(CLEAN_2021, &[("t3.new_received.total", "")]);
    let f = the_uncertain(&t, "N03");
    assert!(f.cells.contains(&"t3.new_received.total".to_string()));
    assert!(f.lines.contains(&11), "{:?}", f.lines);
}

#[test]
fn n03_uncertain_carried_over_unreadable() {
    let t = with_cells(CLEAN_2021, &[("t3.carried_over.total", "x")]);
    let f = the_uncertain(&t, "N03");
    assert!(f.cells.contains(&"t3.carried_over.total".to_string()));
}

#[test]
fn n03_pass_ambiguous_sentence() {
    // A total that mixes other business with applications, and an 申请人 count,
    // are not the number of applications.
    for s in [
        "全年共收到人大建议、政协提案和政府信息公开申请15件。",
        "全年共接到群众咨询和政府信息公开申请20件。",
        "全年收到政府信息公开申请人来电3件。",
    ] {
        let t = apply21(s);
        assert_no_claim(&t, |k| matches!(k, Kind::Received { .. }));
        assert_eq!(outcome(&t, "N03"), Outcome::Pass, "{s}");
    }
}

// ---------------------------------------------------------------------------
// N04: 办结/答复, 结转下年度 and 上年结转 counts against table 3.

#[test]
fn n04_pass_processed_and_carried_forward_agree() {
    let t = apply21("全年共收到政府信息公开申请8件，已办结8件，结转下年度0件。");
    assert_claim(&t, Kind::Processed, Some(8));
    assert_claim(&t, Kind::CarriedForward, Some(0));
    assert_eq!(outcome(&t, "N04"), Outcome::Pass);
    let t = apply21("全年共收到政府信息公开申请8件，答复8件。");
    assert_claim(&t, Kind::Processed, Some(8));
    assert_eq!(outcome(&t, "N04"), Outcome::Pass);
}

#[test]
fn n04_fail_processed_count_differs() {
    for s in [
        "全年共收到政府信息公开申请8件，已办结7件。",
        "全年共收到政府信息公开申请8件，办结7件。",
        "全年共收到政府信息公开申请8件，答复7件。",
    ] {
        let t = apply21(s);
        let f = the_fail(&t, "N04");
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message.contains("办结（答复） 7 件"),
            "{s}: {}",
            f.message
        );
        assert!(f.message.contains("表三为 8 件"), "{s}: {}", f.message);
        assert!(f.lines.contains(&11), "{:?}", f.lines);
        assert_eq!(f.cells, vec!["t3.total_processed.total".to_string()]);
    }
}

/// Every way of saying "2 carried forward" the matcher reads.
const CARRIED_FORWARD: &[&str] = &[
    "全年共收到政府信息公开申请8件，办结6件，结转下年度2件。",
    "全年共收到政府信息公开申请8件，办结6件，结转下年度继续办理2件。",
    "全年共收到政府信息公开申请8件，办结6件，另有2件顺延至下年度办理。",
    "全年共收到政府信息公开申请8件，办结6件，2件转下年度办理。",
    "全年共收到政府信息公开申请8件，办结6件，结转至2024年继续办理2件。",
];

#[test]
fn n04_pass_carried_forward_wording_variants() {
    for s in CARRIED_FORWARD {
        let t = with_cells(
            &apply21(s),
            &[
                ("t3.total_processed.total", "6"),
                ("t3.carried_forward.total", "2"),
            ],
        );
        assert_claim(&t, Kind::CarriedForward, Some(2));
        assert_eq!(outcome(&t, "N04"), Outcome::Pass, "{s}");
    }
}

#[test]
fn n04_fail_carried_forward_wording_variants() {
    for s in CARRIED_FORWARD {
        let t = with_cells(&apply21(s), &[("t3.total_processed.total", "6")]);
        let f = the_fail(&t, "N04");
        assert!(f.message.contains("结转下年度 2 件"), "{s}: {}", f.message);
        assert!(f.message.contains("表三为 0 件"), "{s}: {}", f.message);
        assert!(f.lines.contains(&11), "{:?}", f.lines);
        assert_eq!(f.cells, vec!["t3.carried_forward.total".to_string()]);
    }
}

#[test]
fn n04_pass_and_fail_carried_over() {
    let s = "全年共收到政府信息公开申请10件（含上年结转2件），已办结10件。";
    let t = with_cells(
        &apply21(s),
        &[
            ("t3.carried_over.total", "2"),
            ("t3.total_processed.total", "10"),
        ],
    );
    assert_claim(&t, Kind::CarriedOver, Some(2));
    assert_eq!(outcome(&t, "N04"), Outcome::Pass);
    // The table says nothing was carried over.
    let t = with_cells(&apply21(s), &[("t3.total_processed.total", "10")]);
    let f = the_fail(&t, "N04");
    assert!(f.message.contains("上年结转 2 件"), "{}", f.message);
    assert!(f.message.contains("表三为 0 件"), "{}", f.message);
    assert_eq!(f.cells, vec!["t3.carried_over.total".to_string()]);
}

#[test]
fn n04_uncertain_processed_blank() {
    let t = with_cells(
        &apply21("全年共收到政府信息公开申请8件，已办结8件。"),
        &[("t3.total_processed.total", "")],
    );
    let f = the_uncertain(&t, "N04");
    assert!(f.cells.contains(&"t3.total_processed.total".to_string()));
    assert!(f.lines.contains(&11), "{:?}", f.lines);
}

#[test]
fn n04_uncertain_carried_forward_unreadable() {
    let t = with_cells(
        &apply21("全年共收到政府信息公开申请8件，办结6件，结转下年度2件。"),
        &[
            ("t3.total_processed.total", "6"),
            ("t3.carried_forward.total", "x"),
        ],
    );
    let f = the_uncertain(&t, "N04");
    assert!(f.cells.contains(&"t3.carried_forward.total".to_string()));
}

#[test]
fn n04_pass_ambiguous_sentence() {
    // 办结 about 建议/提案 or 答复 of 咨询 are not table-3 counts.
    for s in [
        "全年共收到政府信息公开申请8件。全年办结人大代表建议和政协提案12件。",
        "全年共收到政府信息公开申请8件。通过热线答复群众咨询120件。",
        "全年共收到政府信息公开申请8件，均已在法定期限内答复。",
    ] {
        let t = apply21(s);
        assert_no_claim(&t, |k| *k == Kind::Processed);
        assert_eq!(outcome(&t, "N04"), Outcome::Pass, "{s}");
    }
}

// ---------------------------------------------------------------------------
// N05: outcome counts against the table's group sums.

/// The base's outcomes: 予以公开 4, 部分公开 1, 无法提供 2, 不予处理 1.
const OUTCOMES_21: &str = "全年共收到政府信息公开申请8件，其中予以公开4件，部分公开1件，不予公开0件，无法提供2件，不予处理1件，其他处理0件。";

#[test]
fn n05_pass_outcomes_agree() {
    let t = apply21(OUTCOMES_21);
    for (o, v) in [
        (Said::Granted, 4),
        (Said::Partial, 1),
        (Said::Withheld, 0),
        (Said::Unavailable, 2),
        (Said::NotProcessed, 1),
        (Said::Other, 0),
    ] {
        assert_claim(&t, Kind::Outcome(o), Some(v));
    }
    assert_eq!(outcome(&t, "N05"), Outcome::Pass);
}

#[test]
fn n05_fail_granted_differs() {
    let t = apply21(&OUTCOMES_21.replace("予以公开4件", "予以公开5件"));
    let f = the_fail(&t, "N05");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("予以公开 5 件"), "{}", f.message);
    assert!(f.message.contains("表三合计为 4 件"), "{}", f.message);
    assert!(f.lines.contains(&11), "{:?}", f.lines);
    assert_eq!(f.cells, vec!["t3.granted.total".to_string()]);
}

#[test]
fn n05_pass_and_fail_group_sums_span_the_sub_rows() {
    // 不予公开 is the sum of its eight sub-rows.
    let t = apply21(&OUTCOMES_21.replace("不予公开0件", "不予公开1件"));
    let f = the_fail(&t, "N05");
    assert!(f.message.contains("不予公开 1 件"), "{}", f.message);
    assert!(f.message.contains("表三合计为 0 件"), "{}", f.message);
    assert_eq!(f.cells.len(), 8, "{:?}", f.cells);
    let t = with_cells(&t, &[("t3.withheld.third_party.total", "1")]);
    assert_eq!(outcome(&t, "N05"), Outcome::Pass);
    // 其他处理 sums the three 2021 sub-rows.
    let t = apply21(&OUTCOMES_21.replace("其他处理0件", "其他处理1件"));
    let f = the_fail(&t, "N05");
    assert!(f.message.contains("其他处理 1 件"), "{}", f.message);
    let t = with_cells(&t, &[("t3.other.unpaid_fee.total", "1")]);
    assert_eq!(outcome(&t, "N05"), Outcome::Pass);
}

#[test]
fn n05_fail_2019_template() {
    let t = replace(
        CLEAN_2019,
        APPLY_19,
        "全年共收到政府信息公开申请2件，其中予以公开1件，无法提供2件。",
    );
    let f = the_fail(&t, "N05");
    assert!(f.message.contains("无法提供 2 件"), "{}", f.message);
    assert!(f.message.contains("表三合计为 1 件"), "{}", f.message);
}

#[test]
fn n05_uncertain_granted_blank() {
    let t = with_cells(&apply21(OUTCOMES_21), &[("t3.granted.total", "")]);
    let f = the_uncertain(&t, "N05");
    assert!(f.cells.contains(&"t3.granted.total".to_string()));
    assert!(f.lines.contains(&11), "{:?}", f.lines);
}

#[test]
fn n05_uncertain_a_sub_row_unreadable() {
    let t = with_cells(
        &apply21(OUTCOMES_21),
        &[("t3.withheld.process_info.total", "x")],
    );
    let f = the_uncertain(&t, "N05");
    assert!(
        f.cells
            .contains(&"t3.withheld.process_info.total".to_string())
    );
}

#[test]
fn n05_pass_ambiguous_sentence() {
    // Outcome words without a count of their own.
    let t = apply21("全年共收到政府信息公开申请8件，均依法作出予以公开、部分公开等答复。");
    assert_no_claim(&t, |k| matches!(k, Kind::Outcome(_)));
    assert_eq!(outcome(&t, "N05"), Outcome::Pass);
}

#[test]
fn n05_pass_ambiguous_joint_count() {
    let t = apply21("全年共收到政府信息公开申请8件，其中予以公开、部分公开共5件。");
    assert_eq!(
        outcome(&t, "N05"),
        Outcome::Pass,
        "{:#?}",
        findings(&t, "N05")
    );
}

// ---------------------------------------------------------------------------
// N07: 行政复议 / 行政诉讼 against table 4.

/// The 2021 base with its section-四 sentence replaced by `s`.
fn review21(s: &str) -> String {
    replace(CLEAN_2021, NO_REVIEW_21, s)
}

#[test]
fn n07_pass_nothing_happened_and_table_4_is_zero() {
    assert_claim(
        CLEAN_2021,
        Kind::NoReviewLitigation {
            review: true,
            litigation: true,
        },
        None,
    );
    assert_eq!(outcome(CLEAN_2021, "N07"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2019, "N07"), Outcome::Pass);
}

#[test]
fn n07_fail_nothing_happened_but_table_4_has_a_case() {
    let t = with_cells(
        CLEAN_2021,
        &[("t4.review.upheld", "1"), ("t4.review.total", "1")],
    );
    let f = the_fail(&t, "N07");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("表四合计 1 件"), "{}", f.message);
    assert!(f.message.contains("未发生"), "{}", f.message);
    assert!(f.lines.contains(&73), "{:?}", f.lines);
    assert!(f.cells.contains(&"t4.review.total".to_string()));
    assert!(quoted(&t, &f).contains("未发生"));
}

#[test]
fn n07_fail_2019_template() {
    let t = with_cells(
        CLEAN_2019,
        &[
            ("t4.suit_direct.pending", "2"),
            ("t4.suit_direct.total", "2"),
        ],
    );
    let f = the_fail(&t, "N07");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("表四合计 2 件"), "{}", f.message);
    assert!(f.lines.contains(&527), "{:?}", f.lines);
}

#[test]
fn n07_pass_no_review_says_nothing_of_litigation() {
    let t = with_cells(
        &review21("2023年，我局未发生政府信息公开行政复议。"),
        &[
            ("t4.suit_direct.upheld", "1"),
            ("t4.suit_direct.total", "1"),
        ],
    );
    assert_claim(
        &t,
        Kind::NoReviewLitigation {
            review: true,
            litigation: false,
        },
        None,
    );
    assert_eq!(outcome(&t, "N07"), Outcome::Pass);
}

#[test]
fn n07_uncertain_table_4_total_blank() {
    let t = with_cells(CLEAN_2021, &[("t4.review.total", "")]);
    let f = the_uncertain(&t, "N07");
    assert!(f.cells.contains(&"t4.review.total".to_string()));
    assert!(f.lines.contains(&73), "{:?}", f.lines);
}

/// A table 4 with one case in each block.
const ONE_EACH: &[(&str, &str)] = &[
    ("t4.review.upheld", "1"),
    ("t4.review.total", "1"),
    ("t4.suit_direct.upheld", "1"),
    ("t4.suit_direct.total", "1"),
    ("t4.suit_after_review.upheld", "1"),
    ("t4.suit_after_review.total", "1"),
];

const COUNTS: &str = "2023年，我局发生政府信息公开行政复议1件，行政诉讼2件。";

#[test]
fn n07_pass_counts_agree() {
    let t = with_cells(&review21(COUNTS), ONE_EACH);
    assert_claim(&t, Kind::Review, Some(1));
    assert_claim(&t, Kind::Litigation, Some(2));
    assert_eq!(outcome(&t, "N07"), Outcome::Pass);
}

#[test]
fn n07_fail_litigation_count_differs() {
    let t = with_cells(
        &with_cells(&review21(COUNTS), ONE_EACH),
        &[
            ("t4.suit_after_review.upheld", "0"),
            ("t4.suit_after_review.total", "0"),
        ],
    );
    let f = the_fail(&t, "N07");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("行政诉讼 2 件"), "{}", f.message);
    assert!(f.message.contains("表四总计为 1 件"), "{}", f.message);
    assert!(f.lines.contains(&73), "{:?}", f.lines);
}

#[test]
fn n07_uncertain_litigation_total_blank() {
    let t = with_cells(
        &with_cells(&review21(COUNTS), ONE_EACH),
        &[("t4.suit_after_review.total", "—")],
    );
    let f = the_uncertain(&t, "N07");
    assert!(
        f.cells.contains(&"t4.suit_after_review.total".to_string()),
        "{f:#?}"
    );
}

const ALL_CLOSED: &str = "2023年，我局发生政府信息公开行政复议1件，均已结案。";

#[test]
fn n07_pass_all_closed_and_nothing_pending() {
    let t = with_cells(
        &review21(ALL_CLOSED),
        &[("t4.review.upheld", "1"), ("t4.review.total", "1")],
    );
    assert_claim(&t, Kind::AllClosed, None);
    assert_eq!(outcome(&t, "N07"), Outcome::Pass);
}

#[test]
fn n07_fail_all_closed_but_pending() {
    let t = with_cells(
        &review21(ALL_CLOSED),
        &[("t4.review.pending", "1"), ("t4.review.total", "1")],
    );
    let f = the_fail(&t, "N07");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("均已结案"), "{}", f.message);
    assert!(f.message.contains("尚未审结 1 件"), "{}", f.message);
    assert!(f.lines.contains(&73), "{:?}", f.lines);
    assert!(f.cells.contains(&"t4.review.pending".to_string()));
}

#[test]
fn n07_uncertain_all_closed_pending_blank() {
    let t = review21("本年度涉及政府信息公开的行政复议案件均已结案。");
    // One case; whether it is still pending is not known.
    let t = with_cells(&t, &[("t4.review.pending", "—"), ("t4.review.total", "1")]);
    assert_eq!(value(&t, "t4.review.pending"), None);
    assert_eq!(value(&t, "t4.review.total"), Some(1.0));
    assert_claim(&t, Kind::AllClosed, None);
    let f = the_uncertain(&t, "N07");
    assert!(f.cells.contains(&"t4.review.pending".to_string()));
}

#[test]
fn n07_pass_ambiguous_still_in_progress() {
    // "正在办理中" is not "均已结案": no claim that nothing is pending.
    let t = with_cells(
        &review21("2023年，我局发生政府信息公开行政复议1件，正在办理中。"),
        &[("t4.review.pending", "1"), ("t4.review.total", "1")],
    );
    assert_no_claim(&t, |k| *k == Kind::AllClosed);
    assert_claim(&t, Kind::Review, Some(1));
    assert_eq!(outcome(&t, "N07"), Outcome::Pass);
}

#[test]
fn n07_pass_ambiguous_joint_count() {
    let t = with_cells(
        &review21("2023年，我局发生政府信息公开行政复议、行政诉讼共3件。"),
        ONE_EACH,
    );
    assert_eq!(
        outcome(&t, "N07"),
        Outcome::Pass,
        "{:#?}",
        findings(&t, "N07")
    );
}

// ---------------------------------------------------------------------------
// N08: 规章 / 规范性文件 counts against table 2.

#[test]
fn n08_pass_documents_agree() {
    assert_claim(
        CLEAN_2021,
        Kind::DocsIssued(DocKind::NormativeDocs),
        Some(1),
    );
    assert_claim(
        CLEAN_2021,
        Kind::DocsInForce(DocKind::NormativeDocs),
        Some(6),
    );
    assert_eq!(outcome(CLEAN_2021, "N08"), Outcome::Pass);
}

#[test]
fn n08_fail_in_force_differs() {
    let t = with_cells(CLEAN_2021, &[("t2.normative_docs.in_force", "7")]);
    let f = the_fail(&t, "N08");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("现行有效规范性文件 6 件"),
        "{}",
        f.message
    );
    assert!(f.message.contains("表二为 7 件"), "{}", f.message);
    assert!(f.lines.contains(&21), "{:?}", f.lines);
    assert_eq!(f.cells, vec!["t2.normative_docs.in_force".to_string()]);
}

#[test]
fn n08_pass_and_fail_regulations_and_repealed() {
    let s = "本年度制发规章1件，废止行政规范性文件2件。";
    let t = replace(CLEAN_2021, DOCS_21, s);
    assert_claim(&t, Kind::DocsIssued(DocKind::Regulations), Some(1));
    assert_claim(&t, Kind::DocsRepealed(DocKind::NormativeDocs), Some(2));
    let fs = findings(&t, "N08");
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert!(
        fs.iter()
            .any(|f| f.message.contains("制发规章 1 件，但表二为 0 件"))
    );
    assert!(
        fs.iter()
            .any(|f| f.message.contains("废止规范性文件 2 件，但表二为 0 件"))
    );
    let t = with_cells(
        &t,
        &[
            ("t2.regulations.issued", "1"),
            ("t2.normative_docs.repealed", "2"),
        ],
    );
    assert_eq!(outcome(&t, "N08"), Outcome::Pass);
}

#[test]
fn n08_pass_and_fail_2019_template_compares_new_made() {
    let t = replace(
        CLEAN_2019,
        "第二十条第（一）项",
        "本年度制发规章2件。\n\n第二十条第（一）项",
    );
    assert_claim(&t, Kind::DocsIssued(DocKind::Regulations), Some(2));
    assert_eq!(outcome(&t, "N08"), Outcome::Pass);
    let t = with_cells(&t, &[("t2.regulations.new_made", "3")]);
    let f = the_fail(&t, "N08");
    assert!(
        f.message.contains("制发规章 2 件，但表二为 3 件"),
        "{}",
        f.message
    );
    // The 2019 table has no 现行有效 column: nothing to compare.
    let t = replace(
        CLEAN_2019,
        "第二十条第（一）项",
        "截至年底现行有效规范性文件99件。\n\n第二十条第（一）项",
    );
    assert_claim(&t, Kind::DocsInForce(DocKind::NormativeDocs), Some(99));
    assert_eq!(outcome(&t, "N08"), Outcome::Pass);
}

#[test]
fn n08_uncertain_issued_blank() {
    // A dash: an empty field in the middle of a tab-separated row reads as a
    // merged cell, not as a blank.
    let t = with_cells(CLEAN_2021, &[("t2.normative_docs.issued", "—")]);
    let f = the_uncertain(&t, "N08");
    assert!(f.cells.contains(&"t2.normative_docs.issued".to_string()));
    assert!(f.lines.contains(&21), "{:?}", f.lines);
}

#[test]
fn n08_pass_ambiguous_sentence() {
    // One count for two kinds of document: no claim.
    let t = replace(CLEAN_2021, DOCS_21, "本年度制发规范性文件和规章共3件。");
    assert_no_claim(&t, |k| {
        matches!(
            k,
            Kind::DocsIssued(_) | Kind::DocsInForce(_) | Kind::DocsRepealed(_)
        )
    });
    assert_eq!(outcome(&t, "N08"), Outcome::Pass);
}

// ---------------------------------------------------------------------------
// N09: the text names a different body as itself.

/// The 2021 base with a preamble sentence in which `name` names itself.
fn self_named(name: &str) -> String {
    replace(
        CLEAN_2021,
        "本报告依据",
        &format!("按照《条例》规定，{name}编制了本年度政府信息公开工作年度报告。本报告依据"),
    )
}

#[test]
fn n09_pass_names_itself() {
    let t = self_named("青禾县交通运输局");
    assert_claim(&t, Kind::SelfName("青禾县交通运输局".into()), None);
    assert_eq!(outcome(&t, "N09"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2021, "N09"), Outcome::Pass);
}

#[test]
fn n09_fail_names_another_body() {
    let t = self_named("红山县交通运输局");
    let f = the_fail(&t, "N09");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("红山县交通运输局"), "{}", f.message);
    assert!(f.message.contains("青禾县交通运输局"), "{}", f.message);
    assert_eq!(f.lines, vec![3]);
}

#[test]
fn n09_uncertain_impossible_blank_cell_stays_definite() {
    // N09 has no uncertain outcome: it compares the prose with the title's
    // agency and reads no table cell, so a blank cell leaves it definite.
    let t = with_cells(
        &self_named("红山县交通运输局"),
        &[("t3.new_received.total", "")],
    );
    assert_eq!(outcome(&t, "N09"), Outcome::Fail);
    let t = with_cells(
        &self_named("青禾县交通运输局"),
        &[("t3.new_received.total", "")],
    );
    assert_eq!(outcome(&t, "N09"), Outcome::Pass);
}

#[test]
fn n09_pass_ambiguous_sentence() {
    // "我局" names nobody; a part of the body (its 办公室) is not another body.
    let t = self_named("我局");
    assert_no_claim(&t, |k| matches!(k, Kind::SelfName(_)));
    assert_eq!(outcome(&t, "N09"), Outcome::Pass);
    let t = self_named("青禾县交通运输局办公室");
    assert_eq!(outcome(&t, "N09"), Outcome::Pass);
}

// ---------------------------------------------------------------------------
// F01: section 六 says whether 信息处理费 was collected.

#[test]
fn f01_pass_section_6_states_the_fee() {
    assert_claim(CLEAN_2021, Kind::FeeStatement, None);
    assert_eq!(outcome(CLEAN_2021, "F01"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2019, "F01"), Outcome::Pass);
    for s in [
        "本年度共收取信息处理费200元。",
        "本年度我局未收取信息处理费。",
        "本年度没有收取信息处理费。",
        "本年度未产生信息处理费。",
    ] {
        let t = replace(CLEAN_2021, FEE_21, s);
        assert_claim(&t, Kind::FeeStatement, None);
        assert_eq!(outcome(&t, "F01"), Outcome::Pass, "{s}");
    }
}

#[test]
fn f01_fail_a_bare_none() {
    let t = replace(CLEAN_2021, FEE_21, "无。");
    let f = the_fail(&t, "F01");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("信息处理费"), "{}", f.message);
    assert_eq!(f.lines, vec![84], "the section-六 heading");
    let t = replace(CLEAN_2019, FEE_19, "无");
    let f = the_fail(&t, "F01");
    assert_eq!(f.lines, vec![601]);
}

#[test]
fn f01_fail_fee_stated_outside_section_6() {
    let t = replace(CLEAN_2021, FEE_21, "无。");
    let t = replace(
        &t,
        "统一发布口径。",
        "统一发布口径。本年度未收取信息处理费。",
    );
    assert_claim(&t, Kind::FeeStatement, None);
    assert_eq!(outcome(&t, "F01"), Outcome::Fail);
}

#[test]
fn f01_fail_admin_fees_are_not_the_processing_fee() {
    // Table 2's 行政事业性收费 is not the 信息处理费.
    let t = replace(CLEAN_2021, FEE_21, "本年度行政事业性收费金额为0万元。");
    assert_no_claim(&t, |k| *k == Kind::FeeStatement);
    assert_eq!(outcome(&t, "F01"), Outcome::Fail);
    // In the 2019 layout the table-2 row label "行政事业性收费" stands on a
    // line of its own, like prose: it does not count either.
    let t = replace(CLEAN_2019, FEE_19, "无");
    assert!(t.contains("\r\n行政事业性收费\r\n"));
    assert_eq!(outcome(&t, "F01"), Outcome::Fail);
}

#[test]
fn f01_uncertain_impossible_blank_cell_stays_definite() {
    // F01 has no uncertain outcome: it reads only the prose of section 六,
    // never a table cell, so a blank cell leaves it definite.
    let t = with_cells(CLEAN_2021, &[("t2.admin_fees.amount", "")]);
    assert_eq!(outcome(&t, "F01"), Outcome::Pass);
    let t = with_cells(
        &replace(CLEAN_2021, FEE_21, "无。"),
        &[("t3.new_received.total", "")],
    );
    assert_eq!(outcome(&t, "F01"), Outcome::Fail);
}

#[test]
fn f01_pass_ambiguous_sentence() {
    // A terse "情况：无" attached to the fee is taken as a statement: no finding.
    let t = replace(CLEAN_2021, FEE_21, "本年度信息处理费收取情况：无。");
    assert_claim(&t, Kind::FeeStatement, None);
    assert_eq!(outcome(&t, "F01"), Outcome::Pass);
}

#[test]
fn f01_pass_no_fee_of_any_kind_under_the_fee_rules() {
    let t = replace(
        CLEAN_2021,
        FEE_21,
        "本年度我局按照《政府信息公开信息处理费管理办法》规定，未向申请人收取任何费用。",
    );
    assert_eq!(
        outcome(&t, "F01"),
        Outcome::Pass,
        "{:#?}",
        findings(&t, "F01")
    );
}

// ---------------------------------------------------------------------------
// F02: a collected 信息处理费 but no applications.

const FEE_COLLECTED: &str = "本年度共收取信息处理费200元。";

#[test]
fn f02_pass_fee_collected_with_applications() {
    let t = replace(CLEAN_2021, FEE_21, FEE_COLLECTED);
    assert_claim(&t, Kind::FeeCollected, Some(200));
    assert_eq!(outcome(&t, "F02"), Outcome::Pass);
}

#[test]
fn f02_pass_no_fee_no_applications() {
    for s in [FEE_21, "本年度未收取信息处理费0元。"] {
        let t = with_cells(
            &replace(CLEAN_2021, FEE_21, s),
            &[("t3.new_received.total", "0")],
        );
        assert_no_claim(&t, |k| *k == Kind::FeeCollected);
        assert_eq!(outcome(&t, "F02"), Outcome::Pass, "{s}");
    }
}

#[test]
fn f02_fail_fee_collected_without_applications() {
    let t = with_cells(
        &replace(CLEAN_2021, FEE_21, FEE_COLLECTED),
        &[("t3.new_received.total", "0")],
    );
    let f = the_fail(&t, "F02");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("信息处理费 200 元"), "{}", f.message);
    assert!(f.message.contains("没有任何申请"), "{}", f.message);
    assert!(f.lines.contains(&86), "{:?}", f.lines);
    assert!(f.cells.contains(&"t3.new_received.total".to_string()));
}

#[test]
fn f02_fail_amount_in_wan_yuan() {
    let t = with_cells(
        &replace(CLEAN_2021, FEE_21, "本年度共收取信息处理费0.02万元。"),
        &[("t3.new_received.total", "0")],
    );
    assert_claim(&t, Kind::FeeCollected, Some(200));
    let f = the_fail(&t, "F02");
    assert!(f.message.contains("信息处理费 200 元"), "{}", f.message);
}

#[test]
fn f02_uncertain_new_received_blank() {
    let t = with_cells(
        &replace(CLEAN_2021, FEE_21, FEE_COLLECTED),
        &[("t3.new_received.total", "")],
    );
    let f = the_uncertain(&t, "F02");
    assert!(f.cells.contains(&"t3.new_received.total".to_string()));
    assert!(f.lines.contains(&86), "{:?}", f.lines);
}

#[test]
fn f02_pass_admin_fees_are_not_the_processing_fee() {
    // Table 2's 行政事业性收费, in the table and in the prose, is never read
    // as a collected 信息处理费.
    let t = replace(
        CLEAN_2021,
        DOCS_21,
        &format!("{DOCS_21}本年度收取行政事业性收费0.5万元。"),
    );
    let t = with_cells(
        &t,
        &[
            ("t2.admin_fees.amount", "0.5"),
            ("t3.new_received.total", "0"),
        ],
    );
    assert_no_claim(&t, |k| *k == Kind::FeeCollected);
    assert_eq!(outcome(&t, "F02"), Outcome::Pass);
}

#[test]
fn f02_pass_ambiguous_sentence() {
    // "未收取…" with an amount named (a fee standard) is not a collected fee.
    let t = with_cells(
        &replace(
            CLEAN_2021,
            FEE_21,
            "按标准每件应收取信息处理费100元，本年度均未收取。",
        ),
        &[("t3.new_received.total", "0")],
    );
    assert_no_claim(&t, |k| *k == Kind::FeeCollected);
    assert_eq!(outcome(&t, "F02"), Outcome::Pass);
}

// ---------------------------------------------------------------------------
// F03: 逾期未缴费 non-zero while the text says no fee notice was issued.

const NO_NOTICE: &str = "本年度我局未发出收费通知，未收取信息处理费。";

#[test]
fn f03_pass_no_notice_and_no_unpaid_fee() {
    let t = replace(CLEAN_2021, FEE_21, NO_NOTICE);
    assert_claim(&t, Kind::NoFeeNotice, None);
    assert_eq!(outcome(&t, "F03"), Outcome::Pass);
}

#[test]
fn f03_fail_no_notice_but_unpaid_fee_rows() {
    for s in [NO_NOTICE, "本年度没有发出缴费通知，未收取信息处理费。"] {
        let t = with_cells(
            &replace(CLEAN_2021, FEE_21, s),
            &[("t3.other.unpaid_fee.total", "1")],
        );
        let f = the_fail(&t, "F03");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("为 1 件"), "{s}: {}", f.message);
        assert!(f.message.contains("通知"), "{s}: {}", f.message);
        assert!(f.lines.contains(&86), "{:?}", f.lines);
        assert_eq!(f.cells, vec!["t3.other.unpaid_fee.total".to_string()]);
    }
}

#[test]
fn f03_uncertain_unpaid_fee_blank() {
    let t = with_cells(
        &replace(CLEAN_2021, FEE_21, NO_NOTICE),
        &[("t3.other.unpaid_fee.total", "")],
    );
    let f = the_uncertain(&t, "F03");
    assert!(f.cells.contains(&"t3.other.unpaid_fee.total".to_string()));
    assert!(f.lines.contains(&86), "{:?}", f.lines);
}

#[test]
fn f03_pass_2019_has_no_unpaid_fee_row() {
    let t = replace(
        CLEAN_2019,
        FEE_19,
        "本年度未发出收费通知，未收取信息处理费。",
    );
    assert_claim(&t, Kind::NoFeeNotice, None);
    assert_eq!(outcome(&t, "F03"), Outcome::Pass);
}

#[test]
fn f03_pass_ambiguous_sentence() {
    // Only "收取" is negated, nothing is said about a notice.
    let t = with_cells(
        &replace(
            CLEAN_2021,
            FEE_21,
            "本年度我局未收取信息处理费，未发出补正通知。",
        ),
        &[("t3.other.unpaid_fee.total", "1")],
    );
    assert_no_claim(&t, |k| *k == Kind::NoFeeNotice);
    assert_eq!(outcome(&t, "F03"), Outcome::Pass);
}

// ---------------------------------------------------------------------------
// Q02: section 一 covers at least four of the five topics.

#[test]
fn q02_pass_all_five_topics() {
    assert_eq!(outcome(CLEAN_2021, "Q02"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2019, "Q02"), Outcome::Pass);
}

#[test]
fn q02_pass_four_topics() {
    let t = replace(CLEAN_2021, "（五）监督保障。", "（五）考核培训。");
    assert_eq!(outcome(&t, "Q02"), Outcome::Pass);
}

#[test]
fn q02_fail_two_topics_missing() {
    let t = replace(CLEAN_2021, "（四）平台建设。", "（四）渠道整合。");
    let t = replace(&t, "（五）监督保障。", "（五）考核培训。");
    let f = the_fail(&t, "Q02");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("平台建设、监督保障"), "{}", f.message);
    assert!(!f.message.contains("主动公开"), "{}", f.message);
    assert_eq!(f.lines, vec![5], "the section-一 heading");
}

#[test]
fn q02_fail_2019_template() {
    let t = replace(CLEAN_2019, "3、政府信息管理。", "3、公文审核。");
    let t = replace(&t, "4、平台建设。", "4、查阅点。");
    let t = replace(&t, "5、监督保障。", "5、居民评议。");
    let f = the_fail(&t, "Q02");
    // "民生保障" in the opening sentence still counts for 监督保障.
    assert!(
        f.message.contains("缺少政府信息管理、平台建设等"),
        "{}",
        f.message
    );
    assert_eq!(f.lines, vec![5]);
}

#[test]
fn q02_uncertain_impossible_blank_cell_stays_definite() {
    // Q02 has no uncertain outcome: it reads only the words of section 一,
    // never a table cell, so a blank cell leaves it definite.
    let t = with_cells(CLEAN_2021, &[("t3.new_received.total", "")]);
    assert_eq!(outcome(&t, "Q02"), Outcome::Pass);
    let t = replace(&t, "（四）平台建设。", "（四）渠道整合。");
    let t = replace(&t, "（五）监督保障。", "（五）考核培训。");
    assert_eq!(outcome(&t, "Q02"), Outcome::Fail);
}

// ---------------------------------------------------------------------------
// Q04: the body's current year against the title year.

#[test]
fn q04_pass_current_year_is_the_title_year() {
    let t = replace(
        CLEAN_2021,
        "2023年，青禾县交通运输局围绕",
        "2023年，我局围绕",
    );
    assert_claim(&t, Kind::CurrentYear(2023), Some(2023));
    assert_eq!(outcome(&t, "Q04"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2021, "Q04"), Outcome::Pass);
    assert_eq!(outcome(CLEAN_2019, "Q04"), Outcome::Pass);
}

#[test]
fn q04_fail_last_year_as_the_current_year() {
    let t = replace(
        CLEAN_2021,
        "2023年，青禾县交通运输局围绕",
        "2022年，我局围绕",
    );
    let f = the_fail(&t, "Q04");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("2023 年报告"), "{}", f.message);
    assert!(f.message.contains("2022年"), "{}", f.message);
    assert!(f.message.contains("共 1 处"), "{}", f.message);
    assert_eq!(f.lines, vec![line_of(&t, "2022年，我局")]);
    assert_eq!(f.lines, vec![7]);
}

#[test]
fn q04_fail_2019_template_counts_every_place() {
    let t = replace(CLEAN_2019, "2020年，云溪街道以", "2019年，本街道以");
    let t = replace(
        &t,
        "社区公开栏更新频次不一。",
        "2019年，本街道社区公开栏更新频次不一。",
    );
    let f = the_fail(&t, "Q04");
    assert!(f.message.contains("2020 年报告"), "{}", f.message);
    assert!(f.message.contains("共 2 处"), "{}", f.message);
    assert_eq!(f.lines, vec![7, 599]);
}

#[test]
fn q04_uncertain_impossible_blank_cell_stays_definite() {
    // Q04 has no uncertain outcome: it compares a year in the prose with the
    // title year and reads no table cell; without a title year it does not
    // run at all. A blank cell leaves it definite.
    let t = with_cells(
        &replace(
            CLEAN_2021,
            "2023年，青禾县交通运输局围绕",
            "2022年，我局围绕",
        ),
        &[("t3.new_received.total", "")],
    );
    assert_eq!(outcome(&t, "Q04"), Outcome::Fail);
}

#[test]
fn q04_pass_ambiguous_sentence() {
    // A past year used for comparison or as a starting point is not the
    // current year.
    for s in [
        "2022年以来，我局围绕",
        "与2022年相比，我局围绕",
        "自2022年起，我局围绕",
    ] {
        let t = replace(CLEAN_2021, "2023年，青禾县交通运输局围绕", s);
        assert_no_claim(&t, |k| matches!(k, Kind::CurrentYear(_)));
        assert_eq!(outcome(&t, "Q04"), Outcome::Pass, "{s}");
    }
}
