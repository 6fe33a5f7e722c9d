//! Rules over row labels as printed (issue 11 §2): a damaged label read as
//! its row leaves no finding; a 2019-style （六）其他处理 row in a 2021 table
//! is reported by S07 and S09; a report older than the 2019 format gets one
//! S07 finding and nothing else.

use super::testkit::*;
use super::{PRE_STANDARD, Selection, Severity, Status, check};

const PROHIBITED: &str = "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\n";
const OTHER_ROWS: &str = "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n\t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n";

#[test]
fn damaged_label_leaves_a_clean_report_clean() {
    assert!(CLEAN_2021.contains(PROHIBITED));
    let text = CLEAN_2021.replace(
        PROHIBITED,
        "\t\t2.其他法律行政止公开\t0\t0\t0\t0\t0\t0\t0\n",
    );
    let r = parse(&text);
    let fs = check(&r, &Selection::default());
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn damaged_label_with_low_overlap_is_reported_not_read() {
    let text = CLEAN_2021.replace(PROHIBITED, "\t\t2.其他情形\t0\t0\t0\t0\t0\t0\t0\n");
    let fs = findings(&text, "S09");
    assert!(
        fs.iter()
            .any(|f| f.message.contains("缺少行「2.其他法律行政法规禁止公开」")),
        "{fs:#?}"
    );
}

fn single_other_row() -> String {
    assert!(CLEAN_2021.contains(OTHER_ROWS));
    CLEAN_2021.replace(OTHER_ROWS, "\t（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n")
}

#[test]
fn single_other_row_is_reported_by_s07_and_s09() {
    let text = single_other_row();
    let s07 = findings(&text, "S07");
    assert_eq!(s07.len(), 1, "{s07:#?}");
    assert_eq!(s07[0].severity, Severity::Error);
    assert!(s07[0].message.contains("模板混用"), "{}", s07[0].message);
    let s09 = findings(&text, "S09");
    let msgs: Vec<&str> = s09.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "表三（收到和处理政府信息公开申请情况）缺少行「（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」：表中无此行",
            "表三（收到和处理政府信息公开申请情况）缺少行「（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」：表中无此行",
            "表三（收到和处理政府信息公开申请情况）缺少行「（六）其他处理 3.其他」：表中无此行",
        ]
    );
    assert!(s09.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(s09[2].cells.len(), 7);
    assert!(
        s09[2]
            .cells
            .iter()
            .all(|k| k.starts_with("t3.other.other."))
    );
    // No row took the single row's values: the neighbours' sums hold, and
    // A02 cannot be checked without the three rows (uncertain, not fail).
    // A01 is uncertain on the three absent rows only (no row sum fails).
    let a01 = findings(&text, "A01");
    assert_eq!(a01.len(), 3, "{a01:#?}");
    assert!(
        a01.iter()
            .all(|f| f.status == Status::Uncertain
                && f.cells.iter().all(|k| k.starts_with("t3.other."))),
        "{a01:#?}"
    );
    let a02 = findings(&text, "A02");
    assert!(!a02.is_empty());
    assert!(
        a02.iter()
            .all(|f| f.status == Status::Uncertain && f.severity == Severity::Info),
        "{a02:#?}"
    );
    // No S10 (too many values) on the row above.
    assert!(findings(&text, "S10").is_empty());
}

/// A 2018 report with its own statistics table (older layout).
const PRE_2018: &str = "示例县商务局2018年政府信息公开工作年度报告

本报告统计期限为2018年1月1日至2018年12月31日。

一、概述
2018年，我局认真贯彻《中华人民共和国政府信息公开条例》。

二、主动公开政府信息情况
全年主动公开政府信息 137 条。

三、依申请公开政府信息情况
全年收到政府信息公开申请 4 件，全部按时答复。

统计指标\t单位\t数量
（一）主动公开政府信息数\t条\t137
（二）收到申请数\t件\t4
1.按时办结数\t件\t4
四、行政复议数量\t件\t0
五、行政诉讼数量\t件\t0

四、存在的主要问题和改进措施
无。
";

#[test]
fn pre_standard_report_gets_one_s07_finding_only() {
    let r = parse(PRE_2018);
    assert!(r.pre_standard());
    assert_eq!(r.template.as_str(), "none");
    let fs = check(&r, &Selection::default());
    assert_eq!(fs.len(), 1, "{fs:#?}");
    let f = &fs[0];
    assert_eq!(
        (f.rule, f.severity, f.status),
        ("S07", Severity::Info, Status::Fail)
    );
    assert_eq!(f.message, "报告早于2019年格式，不适用表格核对");
    assert_eq!(
        PRE_STANDARD[1],
        "report predates the 2019 format; table checks do not apply"
    );
    assert_eq!(f.lines, [1]);
    assert!(f.cells.is_empty());
    assert!(!fs.iter().any(|f| f.is_error()));
    // Selecting other rules yields nothing for it.
    assert!(check(&r, &only(&["S01", "S09", "A", "N"])).is_empty());
}

#[test]
fn pre_standard_reports_are_not_paired() {
    let r18 = parse(PRE_2018);
    let r19 = parse(&PRE_2018.replace("2018", "2019"));
    let r20 = parse(&PRE_2018.replace("2018", "2020"));
    assert!(!r19.pre_standard());
    assert_eq!(
        crate::compare::pairs(&[Some(&r18), Some(&r19), Some(&r20)]),
        [(1, 2)]
    );
    // The 2019 report is checked against the 2019 template.
    let fs = check(&r19, &only(&["S07"]));
    assert!(fs.iter().all(|f| f.message != PRE_STANDARD[0]), "{fs:#?}");
}

/// The JSON entry of a report, as `check --format json` writes it.
fn json_of(text: &str) -> serde_json::Value {
    let r = parse(text);
    let findings = check(&r, &Selection::default());
    let e = crate::batch::Entry {
        path: "t.txt".into(),
        sha256: String::new(),
        report: Ok(r),
        findings,
    };
    serde_json::to_value(crate::cli::json::ReportJ(&e)).unwrap()
}

#[test]
fn notes_reach_the_json_output() {
    let damaged = CLEAN_2021.replace(
        PROHIBITED,
        "\t\t2.其他法律行政止公开\t0\t0\t0\t0\t0\t0\t0\n",
    );
    let j = json_of(&damaged);
    let c = &j["cells"]["t3.withheld.prohibited_by_law.total"];
    assert_eq!(c["state"], "number");
    assert_eq!(c["value"], 0);
    assert_eq!(c["raw"], "0");
    assert_eq!(c["note"], "行名与模板不完全一致：「2.其他法律行政止公开」");
    // A cell read under its template label has no note.
    assert!(
        j["cells"]["t3.withheld.state_secret.total"]
            .get("note")
            .is_none()
    );

    let j = json_of(&single_other_row());
    let c = &j["cells"]["t3.other.unpaid_fee.natural_person"];
    assert_eq!(c["state"], "unparsed");
    assert_eq!(c["value"], serde_json::Value::Null);
    assert_eq!(c["note"], "表中无此行");
    assert_eq!(j["cells"].as_object().map(|m| m.len()), Some(200));

    let j = json_of(PRE_2018);
    assert_eq!(j["template"], "none");
    assert_eq!(j["year"], 2018);
    assert_eq!(j["cells"].as_object().map(|m| m.len()), Some(0));
    let fs = j["findings"].as_array().unwrap();
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0]["rule"], "S07");
    assert_eq!(fs[0]["severity"], "info");
    assert_eq!(fs[0]["message"], "报告早于2019年格式，不适用表格核对");
}
