//! Parser tests over small reports written for these tests, one per layout.

use super::*;
use crate::ingest;
use crate::model::{CellState, Value};

mod flat;
mod labels;

fn parse_str(s: &str) -> Report {
    parse(ingest::ingest(s.as_bytes()).expect("ingest"))
}

fn val(r: &Report, key: &str) -> Option<i64> {
    r.cell(key).and_then(|c| c.int())
}

fn state(r: &Report, key: &str) -> CellState {
    r.cell(key).map(|c| c.state).unwrap_or(CellState::Unparsed)
}

const T2_2021_TABS: &str = "第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t3\t1\t12
第二十条第（五）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政许可\t45\t\t
第二十条第（六）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政处罚\t7\t\t
行政强制\t0\t\t
第二十条第（八）项\t\t\t
信息内容\t本年收费金额（单位：万元）\t\t
行政事业性收费\t12.5\t\t
";

/// Table 3 rows of a 2021 report: label and seven values.
fn t3_rows_2021(vals: &dyn Fn(usize) -> [i64; 7]) -> Vec<(String, [i64; 7])> {
    let labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.to_string(), vals(i)))
        .collect()
}

/// A consistent table: 5 new + 1 carried; 3 granted, 2 not held; 1 forward.
fn sample_vals(i: usize) -> [i64; 7] {
    match i {
        0 => [4, 1, 0, 0, 0, 0, 5],
        1 => [1, 0, 0, 0, 0, 0, 1],
        2 => [3, 0, 0, 0, 0, 0, 3],
        12 => [1, 1, 0, 0, 0, 0, 2],
        23 => [4, 1, 0, 0, 0, 0, 5],
        24 => [1, 0, 0, 0, 0, 0, 1],
        _ => [0; 7],
    }
}

fn report(t2: &str, t3: &str, t4: &str) -> String {
    format!(
        "示例县商务局2023年政府信息公开工作年度报告\n\n一、总体情况\n\n本报告统计期限为2023年1月1日至2023年12月31日。\n\n二、主动公开政府信息情况\n\n{t2}\n三、收到和处理政府信息公开申请情况\n\n{t3}\n四、政府信息公开行政复议、行政诉讼情况\n\n{t4}\n五、存在的主要问题及改进情况\n\n无。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。\n"
    )
}

const T4_SPACED: &str = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n未经复议直接起诉 复议后起诉\n结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n1 0 0 1 2 0 0 0 0 0 0 1 0 0 1\n";

fn check_sample(r: &Report) {
    assert_eq!(r.template, Template::T2021);
    assert_eq!(r.agency.as_deref(), Some("示例县商务局"));
    assert_eq!(r.year, Some(2023));
    assert_eq!(val(r, "t3.new_received.natural_person"), Some(4));
    assert_eq!(val(r, "t3.new_received.total"), Some(5));
    assert_eq!(val(r, "t3.unavailable.not_held.commercial"), Some(1));
    assert_eq!(val(r, "t3.total_processed.total"), Some(5));
    assert_eq!(val(r, "t3.carried_forward.total"), Some(1));
    assert_eq!(val(r, "t4.review.total"), Some(2));
    assert_eq!(val(r, "t4.suit_after_review.corrected"), Some(1));
    let counts = r.state_counts();
    assert_eq!(counts[CellState::Number as usize], 200, "{counts:?}");
}

#[test]
fn tab_separated_layout() {
    let t3: String = t3_rows_2021(&sample_vals)
        .iter()
        .map(|(l, v)| format!("\t{l}\t{}\n", v.map(|x| x.to_string()).join("\t")))
        .collect();
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    check_sample(&r);
    assert_eq!(r.layout, Layout::Tabs);
    assert_eq!(val(&r, "t2.normative_docs.in_force"), Some(12));
    let fee = r.cell("t2.admin_fees.amount").unwrap();
    assert_eq!(fee.number().map(|v| v.to_string()).as_deref(), Some("12.5"));
    // The span points at the characters read.
    let c = r.cell("t3.new_received.total").unwrap();
    assert_eq!(r.raw(&c.span.unwrap()), "5");
}

#[test]
fn pdf_text_layout_with_wrapped_values_and_page_numbers() {
    let t3: String = t3_rows_2021(&sample_vals)
        .iter()
        .enumerate()
        .map(|(i, (l, v))| {
            let nums: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            if i % 3 == 0 {
                // Label wrapped mid-word, last number on its own line.
                let mid = l
                    .char_indices()
                    .nth(l.chars().count() / 2)
                    .map(|(k, _)| k)
                    .unwrap_or(0);
                format!(
                    "{}\n{}\n\n{}\n{}\n\n",
                    &l[..mid],
                    &l[mid..],
                    nums[..6].join(" "),
                    nums[6]
                )
            } else {
                format!("{l} {}\n\n", nums.join(" "))
            }
        })
        .collect();
    let t3 = format!(
        "（本列数据的勾稽关系为：第一项加第二项之和，等\n于第三项加第四项之和）\n申请人情况\n自然\n人\n法人或其他组织\n总计商业\n企业\n{t3}\n— 2 —\n"
    );
    let t2 = T2_2021_TABS.replace('\t', " ");
    let r = parse_str(&report(&t2, &t3, T4_SPACED));
    check_sample(&r);
    assert_eq!(r.layout, Layout::Spaced);
}

#[test]
fn markdown_layout() {
    let t3: String = t3_rows_2021(&sample_vals)
        .iter()
        .map(|(l, v)| format!("| {l} |  | {} |\n", v.map(|x| x.to_string()).join(" | ")))
        .collect();
    let t3 = format!(
        "| 申请人情况 | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n{t3}"
    );
    let t2 = T2_2021_TABS
        .lines()
        .map(|l| format!("| {} |", l.split('\t').collect::<Vec<_>>().join(" | ")))
        .collect::<Vec<_>>()
        .join("\n");
    let r = parse_str(&report(&t2, &t3, T4_SPACED).replace("\n一、总体", "\n## 一、总体"));
    check_sample(&r);
    assert_eq!(r.layout, Layout::Markdown);
}

#[test]
fn flat_layout_splits_by_row_sums_and_flags_ambiguity() {
    let t3: String = t3_rows_2021(&sample_vals)
        .iter()
        .map(|(l, v)| format!("{l}{}", v.map(|x| x.to_string()).concat()))
        .collect();
    let text = format!(
        "示例县商务局2023年政府信息公开工作年度报告 一、总体情况 统计期限为2023年1月1日至2023年12月31日。二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件31112第二十条第（五）项信息内容本年处理决定数量行政许可45 三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他{t3}四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计100120000000100 五、存在的主要问题及改进情况 无。六、其他需要报告的事项 本年度未收取信息处理费。"
    );
    let r = parse_str(&text);
    assert_eq!(r.layout, Layout::Flat);
    assert_eq!(val(&r, "t3.new_received.total"), Some(5));
    assert_eq!(val(&r, "t3.unavailable.not_held.total"), Some(2));
    assert_eq!(val(&r, "t4.review.total"), Some(2));
    // "31112" into three cells has several readings (3|1|112, 31|1|12, 3|11|12 …): never a guess.
    for k in [
        "t2.normative_docs.issued",
        "t2.normative_docs.repealed",
        "t2.normative_docs.in_force",
    ] {
        assert_eq!(state(&r, k), CellState::Ambiguous, "{k}");
        assert!(r.cell(k).unwrap().value.is_none());
    }
    assert!(
        r.cell("t2.normative_docs.issued")
            .unwrap()
            .candidates()
            .contains(&Value::Int(3))
    );
    assert_eq!(val(&r, "t2.regulations.issued"), Some(0));
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(45));
}

#[test]
fn blanks_are_not_zero_and_missing_rows_are_unparsed() {
    let t3: String = t3_rows_2021(&sample_vals)
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 7)
        .map(|(i, (l, v))| {
            let mut cells: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            if i == 5 {
                cells[3] = "—".into();
                cells[4] = "/".into();
            }
            format!("\t{l}\t{}\n", cells.join("\t"))
        })
        .collect();
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    assert_eq!(
        state(&r, "t3.withheld.prohibited_by_law.social_welfare"),
        CellState::Blank
    );
    assert_eq!(
        state(&r, "t3.withheld.prohibited_by_law.legal_services"),
        CellState::Blank
    );
    assert_eq!(val(&r, "t3.withheld.prohibited_by_law.total"), Some(0));
    assert_eq!(
        state(&r, "t3.withheld.third_party.total"),
        CellState::Unparsed
    );
    assert_eq!(val(&r, "t3.withheld.internal_affairs.total"), Some(0));
}

#[test]
fn template_2019_is_detected_from_structure() {
    let t2 = "第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n规范性文件 2 2 30\n第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 47 -3 120\n其他对外管理服务事项 16 +2 162\n第二十条第（六）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政处罚 0 1 0\n行政强制 2 0 0\n第二十条第（八）项\n信息内容 上一年项目数量 本年增/减\n行政事业性收费 6 0\n第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n政府集中采购 11 1995.52万元\n";
    let t3 = "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0\n（六）其他处理 0 0 0 0 0 0 0\n（七）总计 0 0 0 0 0 0 0\n";
    let r = parse_str(&report(t2, t3, T4_SPACED).replace("2023", "2020"));
    assert_eq!(r.template, Template::T2019);
    assert_eq!(val(&r, "t2.licensing.delta"), Some(-3));
    assert_eq!(val(&r, "t2.other_services.delta"), Some(2));
    let amt = r.cell("t2.procurement.amount").unwrap();
    assert_eq!(
        amt.number().map(|v| v.to_string()).as_deref(),
        Some("1995.52")
    );
    assert_eq!(amt.unit.get(), Some("万元"));
    assert_eq!(val(&r, "t3.other.total.total"), Some(0));
    assert_eq!(state(&r, "t3.granted.total"), CellState::Unparsed);
}

#[test]
fn sections_title_and_period() {
    let t3: String = t3_rows_2021(&sample_vals)
        .iter()
        .map(|(l, v)| format!("{l} {}\n", v.map(|x| x.to_string()).join(" ")))
        .collect();
    let r = parse_str(&report(T2_2021_TABS, &t3, T4_SPACED));
    let ids: Vec<&str> = r.sections.iter().map(|s| s.id.key()).collect();
    assert_eq!(ids, ["s1", "s2", "s3", "s4", "s5", "s6"]);
    assert_eq!(
        r.period.as_ref().and_then(|p| p.iso()),
        Some(["2023-01-01".to_string(), "2023-12-31".to_string()])
    );
    assert_eq!(r.section_text(SectionId::S5).map(str::trim), Some("无。"));
}

#[test]
fn tab_rows_with_empty_fields_keep_their_columns() {
    let base = include_str!("../../samples/青禾县交通运输局-2023.txt");
    let row = "行政规范性文件\t1\t0\t6";
    assert!(base.contains(row));
    let read = |r: &str| {
        let rep = parse_str(&base.replacen(row, r, 1));
        ["issued", "repealed", "in_force"].map(|c| {
            let k = format!("t2.normative_docs.{c}");
            (state(&rep, &k), val(&rep, &k))
        })
    };
    use CellState::*;
    // A leading empty field is the first column's blank, not padding.
    assert_eq!(
        read("行政规范性文件\t\t0\t6"),
        [(Blank, None), (Number, Some(0)), (Number, Some(6))]
    );
    assert_eq!(
        read("行政规范性文件\t1\t0\t"),
        [(Number, Some(1)), (Number, Some(0)), (Blank, None)]
    );
    assert_eq!(
        read("行政规范性文件\t1\t\t6"),
        [(Number, Some(1)), (Blank, None), (Number, Some(6))]
    );
    // Empty fields at both ends of a short row: no guess.
    assert!(
        read("行政规范性文件\t\t0\t6\t")
            .iter()
            .all(|(s, v)| *s == Unparsed && v.is_none())
    );
}
