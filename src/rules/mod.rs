//! The validation rules of RULES.md: one small function per rule ID.
//!
//! A rule evaluates to pass, fail or uncertain. Only `fail` and `uncertain`
//! produce a [`Finding`]: a failure carries the rule's severity; an uncertain
//! result is an `info` finding naming the cell that blocked it.

pub mod agency;
mod arith;
mod ctx;
mod structure;
mod text;

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests_arith;
#[cfg(test)]
mod tests_labels;
#[cfg(test)]
mod tests_structure;
#[cfg(test)]
mod tests_text;
#[cfg(test)]
mod tests_wording;

use std::collections::BTreeSet;

pub(crate) use arith::ITEM_ROWS_2019;
pub use ctx::Ctx;

use crate::model::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Fail,
    Uncertain,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Uncertain => "uncertain",
        }
    }
}

/// One result worth showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub status: Status,
    /// One line in Chinese, with the numbers.
    pub message: String,
    /// Canonical cell keys involved.
    pub cells: Vec<String>,
    /// 1-based source lines involved, ascending.
    pub lines: Vec<u32>,
    /// Byte ranges of the text the finding quotes (a claim in the prose),
    /// beyond the cells' own spans; for highlighting.
    pub spans: Vec<(usize, usize)>,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.status == Status::Fail && self.severity == Severity::Error
    }
}

/// Which report a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Report,
    Pair,
}

/// A rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    /// The severity of a failure ("error / warning" when it depends).
    pub severity: &'static str,
    pub scope: Scope,
    pub zh: &'static str,
    pub en: &'static str,
    pub check: Option<fn(&Ctx, &mut Vec<Finding>)>,
}

const fn rule(
    id: &'static str,
    severity: &'static str,
    zh: &'static str,
    en: &'static str,
    check: fn(&Ctx, &mut Vec<Finding>),
) -> Rule {
    Rule {
        id,
        severity,
        scope: Scope::Report,
        zh,
        en,
        check: Some(check),
    }
}

/// Every rule, in catalogue order.
pub fn catalogue() -> &'static [Rule] {
    CATALOGUE
}

static CATALOGUE: &[Rule] = &[
    rule(
        "S01",
        "error",
        "缺少六个部分之一",
        "one of the six sections is missing",
        structure::s01,
    ),
    rule(
        "S02",
        "error",
        "各部分顺序错误或重复",
        "sections out of order or repeated",
        structure::s02,
    ),
    rule(
        "S03",
        "warning",
        "某部分内容为空；第五部分为空或只写“无”",
        "a section is empty; section 5 is empty or only 无",
        structure::s03,
    ),
    rule(
        "S04",
        "warning",
        "标题缺少机关名称、年份或“政府信息公开工作年度报告”",
        "the title lacks the agency, the year or 政府信息公开工作年度报告",
        structure::s04,
    ),
    rule(
        "S05",
        "error / warning",
        "统计期限与标题年份矛盾（错误）或格式有误（警告）",
        "the statistics period contradicts the title year (error) or is malformed (warning)",
        structure::s05,
    ),
    rule(
        "S07",
        "error",
        "表格模板与年份不符，或新旧模板混用",
        "the template contradicts the year, or its signals are mixed",
        structure::s07,
    ),
    rule(
        "S08",
        "warning / info",
        "引用的格式通知与模板不符（警告）或通知标题引用有误（提示）",
        "the text cites the wrong format notice (warning) or misquotes its title (info)",
        structure::s08,
    ),
    rule(
        "S09",
        "error",
        "模板规定的表、行或单元格缺失",
        "a table, row or cell of the template is missing",
        structure::s09,
    ),
    rule(
        "S10",
        "warning",
        "表格内有模板以外的行或列",
        "an unknown extra row or column inside a table",
        structure::s10,
    ),
    rule(
        "S11",
        "error / warning",
        "数量单元格为负数或非数字（错误），或为空白（警告）",
        "a count cell is negative or not a number (error), or blank (warning)",
        structure::s11,
    ),
    rule(
        "S12",
        "warning",
        "2021年版收费金额以“元”为单位，或以万元计明显过大",
        "the 2021 fee amount is in 元, or implausible in 万元",
        structure::s12,
    ),
    rule(
        "S13",
        "error",
        "留有模板占位文字（“（文字描述）”“XX”“××”）",
        "template placeholder text left in",
        structure::s13,
    ),
    rule(
        "A01",
        "error",
        "表三每行：总计 = 各类申请人之和",
        "table 3, every row: total = the six applicant columns",
        arith::a01,
    ),
    rule(
        "A02",
        "error",
        "表三每列：（七）总计 = 各办理结果之和",
        "table 3, every column: total processed = the sum of results",
        arith::a02,
    ),
    rule(
        "A03",
        "error",
        "表三每列：新收 + 上年结转 = 办理结果总计 + 结转下年度",
        "table 3, every column: new + carried over = processed + carried forward",
        arith::a03,
    ),
    rule(
        "A06",
        "warning",
        "结转下年度不多于新收与上年结转之和（勾稽关系无法核对时）",
        "carried forward ≤ new + carried over (when A03 is uncertain)",
        arith::a06,
    ),
    rule(
        "L01",
        "error",
        "表四行政复议：维持 + 纠正 + 其他 + 尚未审结 = 总计",
        "table 4 reconsideration: parts sum to the total",
        arith::l01,
    ),
    rule(
        "L02",
        "error",
        "表四未经复议直接起诉：各项之和 = 总计",
        "table 4 direct suits: parts sum to the total",
        arith::l02,
    ),
    rule(
        "L03",
        "error",
        "表四复议后起诉：各项之和 = 总计",
        "table 4 suits after reconsideration: parts sum to the total",
        arith::l03,
    ),
    rule(
        "T02",
        "warning",
        "2021年版：现行有效件数少于本年制发减废止",
        "2021: in force < issued − repealed",
        arith::t02,
    ),
    rule(
        "T03",
        "warning",
        "无规章制定权的机关填报了规章",
        "a body that cannot make 规章 reports 规章",
        arith::t03,
    ),
    rule(
        "T04",
        "warning",
        "2019年版：对外公开总数量少于本年新公开数量",
        "2019: total published < newly published",
        arith::t04,
    ),
    rule(
        "T05",
        "warning",
        "2019年版：上一年项目数量加本年增/减小于 0",
        "2019: previous items + change < 0",
        arith::t05,
    ),
    pair(
        "X01",
        "error / warning",
        "本年“上年结转”≠ 上年“结转下年度”（总计列为错误，其他列为警告）",
        "carried over (Y) ≠ carried forward (Y−1); total column error, others warning",
    ),
    pair(
        "X02",
        "warning",
        "2021→2021：现行有效 ≠ 上年现行有效 + 本年制发 − 本年废止",
        "2021→2021: in force(Y) ≠ in force(Y−1) + issued − repealed",
    ),
    pair(
        "X03",
        "warning",
        "2019→2019：对外公开总数量 ≠ 上年总数量 + 本年新公开",
        "2019→2019: total published(Y) ≠ total(Y−1) + newly published(Y)",
    ),
    pair(
        "X04",
        "warning",
        "2019→2019：上一年项目数量 ≠ 上年项目数量 + 上年增/减",
        "2019→2019: previous items(Y) ≠ items(Y−1) + change(Y−1)",
    ),
    pair(
        "X05",
        "info",
        "相邻两年跨越2019→2021模板变更（仅比较可对应部分）",
        "the pair crosses the 2019→2021 format change",
    ),
    pair(
        "X06",
        "info",
        "新收、结转、表四总计或表二决定数量同比变化超过100%",
        "a key figure changed by more than 100% year on year",
    ),
    pair(
        "X07",
        "warning",
        "第一或第五部分与上年（或他机关）文字相同达90%以上",
        "section 1 or 5 is ≥ 90% the same text as last year's or another agency's",
    ),
    pair(
        "X09",
        "warning",
        "相邻两年机关名称（规范化后）不一致",
        "the agency name differs between the paired years",
    ),
    rule(
        "N01",
        "error",
        "正文称未收到申请，但表三有申请",
        "the text says no applications were received, but table 3 has some",
        text::n01,
    ),
    rule(
        "N02",
        "error",
        "正文称收到申请，但表三全部为 0",
        "the text states applications, but table 3 is all zero",
        text::n02,
    ),
    rule(
        "N03",
        "warning",
        "正文“收到申请N件”与表三新收及新收加结转均不符",
        "the text's received count matches neither new nor new + carried over",
        text::n03,
    ),
    rule(
        "N04",
        "warning",
        "正文办结、结转下年度、上年结转数与表三不符",
        "the text's processed / carried counts differ from table 3",
        text::n04,
    ),
    rule(
        "N05",
        "warning",
        "正文各办理结果数与表三合计不符",
        "the text's outcome counts differ from table 3",
        text::n05,
    ),
    rule(
        "N07",
        "warning / error",
        "正文复议、诉讼数与表四不符；称均已结案但有未审结；称未发生但表四非零（错误）",
        "the text's reconsideration / litigation statements differ from table 4",
        text::n07,
    ),
    rule(
        "N08",
        "warning",
        "正文规章、规范性文件件数与表二不符",
        "the text's 规章 / 规范性文件 counts differ from table 2",
        text::n08,
    ),
    rule(
        "N09",
        "warning",
        "正文以其他机关名称自称（疑似抄袭）",
        "the text names a different body as itself",
        text::n09,
    ),
    rule(
        "F01",
        "warning",
        "第六部分未说明是否收取信息处理费",
        "section 6 does not say whether 信息处理费 was collected",
        text::f01,
    ),
    rule(
        "F02",
        "error",
        "正文称收取了信息处理费，但表三没有申请",
        "a 信息处理费 was collected but table 3 has no applications",
        text::f02,
    ),
    rule(
        "F03",
        "warning",
        "表三有逾期未缴费不再处理，但正文称未发出收费通知",
        "unpaid-fee rows non-zero while the text says no fee notice was issued",
        text::f03,
    ),
    rule(
        "Q02",
        "warning",
        "总体情况涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障不足四项",
        "section 1 covers fewer than four of the five topics",
        text::q02,
    ),
    rule(
        "Q04",
        "warning",
        "正文叙述本年工作的年份与标题年份不符",
        "the text's current year contradicts the title year",
        text::q04,
    ),
];

const fn pair(
    id: &'static str,
    severity: &'static str,
    zh: &'static str,
    en: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        scope: Scope::Pair,
        zh,
        en,
        check: None,
    }
}

/// The S07 message for a report older than the 2019 format, in Chinese and
/// English.
pub const PRE_STANDARD: [&str; 2] = [
    "报告早于2019年格式，不适用表格核对",
    "report predates the 2019 format; table checks do not apply",
];

/// Which rules to run (`--select` / `--ignore`, or `nianbao.toml`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<BTreeSet<String>>,
    pub ignore: BTreeSet<String>,
}

impl Selection {
    /// Does the selection include `id`? A selector matches a rule ID exactly or
    /// as a prefix ("A" selects every arithmetic rule, like ruff).
    pub fn includes(&self, id: &str) -> bool {
        let hit = |set: &BTreeSet<String>| set.iter().any(|s| id.starts_with(s.as_str()));
        self.select.as_ref().is_none_or(hit) && !hit(&self.ignore)
    }

    /// Parse "A01,N" style lists; unknown selectors are returned as errors.
    pub fn parse_list(s: &str) -> Result<BTreeSet<String>, String> {
        let mut out = BTreeSet::new();
        for part in s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
            let p = part.to_ascii_uppercase();
            if !catalogue().iter().any(|r| r.id.starts_with(&p)) {
                return Err(format!("unknown rule selector: {part}"));
            }
            out.insert(p);
        }
        Ok(out)
    }
}

/// Run every selected single-report rule.
pub fn check(report: &Report, sel: &Selection) -> Vec<Finding> {
    let ctx = Ctx::new(report);
    let mut out = Vec::new();
    // A report older than the 2019 format: S07 says so, and nothing else
    // is checked (its sections and tables are not the standard ones).
    let pre = report.pre_standard();
    for r in catalogue() {
        if r.scope != Scope::Report || !sel.includes(r.id) || (pre && r.id != "S07") {
            continue;
        }
        if let Some(f) = r.check {
            f(&ctx, &mut out);
        }
    }
    for f in &mut out {
        f.lines.sort_unstable();
        f.lines.dedup();
    }
    out
}
