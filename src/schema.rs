//! The report format of FORMAT.md as data: templates, tables, rows, columns and
//! the canonical cell keys (`t3.withheld.state_secret.total`).
//!
//! Every other module speaks these keys. A [`Schema`] lists the cells of one
//! template in a fixed order; a report stores its cells in that order, so a
//! cell is addressed by index in the hot paths and by key at the edges.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Which official table layout a report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, report years 2019–2020.
    T2019,
    /// 国办公开办函〔2021〕30号, report years from 2021.
    T2021,
    /// No standard tables found.
    None,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::T2019 => "2019",
            Template::T2021 => "2021",
            Template::None => "none",
        }
    }

    /// The template a report of `year` should use.
    pub fn for_year(year: i32) -> Option<Template> {
        match year {
            2019 | 2020 => Some(Template::T2019),
            y if y >= 2021 => Some(Template::T2021),
            _ => None,
        }
    }

    /// The format notice that introduced this template.
    pub fn notice(self) -> Option<&'static str> {
        match self {
            Template::T2019 => Some("国办公开办函〔2019〕60号"),
            Template::T2021 => Some("国办公开办函〔2021〕30号"),
            Template::None => None,
        }
    }
}

/// The three standard tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    T2,
    T3,
    T4,
}

impl TableId {
    pub fn as_str(self) -> &'static str {
        match self {
            TableId::T2 => "t2",
            TableId::T3 => "t3",
            TableId::T4 => "t4",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TableId::T2 => "主动公开政府信息情况",
            TableId::T3 => "收到和处理政府信息公开申请情况",
            TableId::T4 => "政府信息公开行政复议、行政诉讼情况",
        }
    }

    pub fn title_en(self) -> &'static str {
        match self {
            TableId::T2 => "Proactive disclosure",
            TableId::T3 => "Applications received and handled",
            TableId::T4 => "Administrative reconsideration and litigation",
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-negative integer.
    Count,
    /// A signed integer (`t2.*.delta`).
    Signed,
    /// A decimal amount, digits kept as written (`t2.*.amount`).
    Amount,
}

#[derive(Debug, Clone, Copy)]
pub struct ColSpec {
    pub key: &'static str,
    pub label: &'static str,
    /// A short label for narrow grids.
    pub short: &'static str,
    pub kind: ValueKind,
}

/// One row of a table.
#[derive(Debug, Clone)]
pub struct RowSpec {
    pub table: TableId,
    pub key: &'static str,
    /// The official label, as printed in the template.
    pub label: &'static str,
    /// A short label for narrow grids.
    pub short: &'static str,
    /// The group label the row sits under (（三）不予公开 …), if any.
    pub group: Option<&'static str>,
    /// Phrases (normalised, see `parse::norm`) that identify the row label,
    /// most specific first. Row search is sequential, so a phrase only has to
    /// be unique after the previous row.
    pub keywords: &'static [&'static str],
    pub cols: &'static [ColSpec],
    /// Index of the row's first cell in [`Schema::keys`].
    pub first_cell: usize,
}

impl RowSpec {
    pub fn cell(&self, col: usize) -> usize {
        self.first_cell + col
    }
    pub fn cells(&self) -> std::ops::Range<usize> {
        self.first_cell..self.first_cell + self.cols.len()
    }
}

/// The cells of one template, in a fixed order.
#[derive(Debug)]
pub struct Schema {
    pub template: Template,
    pub keys: Vec<String>,
    pub rows: Vec<RowSpec>,
    index: HashMap<String, usize>,
    /// For each cell: (row index in `rows`, column index).
    cell_pos: Vec<(usize, usize)>,
}

impl Schema {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn index(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    pub fn rows_of(&self, table: TableId) -> impl Iterator<Item = &RowSpec> {
        self.rows.iter().filter(move |r| r.table == table)
    }

    pub fn row(&self, table: TableId, key: &str) -> Option<&RowSpec> {
        self.rows.iter().find(|r| r.table == table && r.key == key)
    }

    /// The row and column of cell `idx`.
    pub fn locate(&self, idx: usize) -> (&RowSpec, &ColSpec) {
        let (r, c) = self.cell_pos[idx];
        let row = &self.rows[r];
        (row, &row.cols[c])
    }

    /// Index of the cell `t3.<row>.<col>` etc.
    pub fn cell(&self, table: TableId, row: &str, col: &str) -> Option<usize> {
        let r = self.row(table, row)?;
        let c = r.cols.iter().position(|c| c.key == col)?;
        Some(r.cell(c))
    }

    /// A human label for a cell: "（七）总计 · 自然人".
    pub fn cell_label(&self, idx: usize) -> String {
        let (row, col) = self.locate(idx);
        if row.cols.len() == 1 {
            row.label.to_string()
        } else {
            format!("{} · {}", row.label, col.label)
        }
    }

    /// A short human label for a cell.
    pub fn cell_short(&self, idx: usize) -> String {
        let (row, col) = self.locate(idx);
        if row.cols.len() == 1 {
            row.short.to_string()
        } else {
            format!("{} {}", row.short, col.short)
        }
    }
}

const fn col(
    key: &'static str,
    label: &'static str,
    short: &'static str,
    kind: ValueKind,
) -> ColSpec {
    ColSpec {
        key,
        label,
        short,
        kind,
    }
}

use ValueKind::{Amount, Count, Signed};

pub const T3_COLS: &[ColSpec] = &[
    col("natural_person", "自然人", "自然人", Count),
    col("commercial", "法人或其他组织 · 商业企业", "商业企业", Count),
    col("research", "法人或其他组织 · 科研机构", "科研机构", Count),
    col(
        "social_welfare",
        "法人或其他组织 · 社会公益组织",
        "公益组织",
        Count,
    ),
    col(
        "legal_services",
        "法人或其他组织 · 法律服务机构",
        "法律服务",
        Count,
    ),
    col("other_org", "法人或其他组织 · 其他", "其他组织", Count),
    col("total", "总计", "总计", Count),
];

pub const T4_COLS: &[ColSpec] = &[
    col("upheld", "结果维持", "维持", Count),
    col("corrected", "结果纠正", "纠正", Count),
    col("other", "其他结果", "其他", Count),
    col("pending", "尚未审结", "未审结", Count),
    col("total", "总计", "总计", Count),
];

const T2_2021_DOCS: &[ColSpec] = &[
    col("issued", "本年制发件数", "制发", Count),
    col("repealed", "本年废止件数", "废止", Count),
    col("in_force", "现行有效件数", "现行有效", Count),
];
const T2_2021_DECISIONS: &[ColSpec] = &[col("decisions", "本年处理决定数量", "处理决定", Count)];
const T2_2021_FEES: &[ColSpec] = &[col(
    "amount",
    "本年收费金额（单位：万元）",
    "收费金额",
    Amount,
)];

const T2_2019_DOCS: &[ColSpec] = &[
    col("new_made", "本年新制作数量", "新制作", Count),
    col("new_published", "本年新公开数量", "新公开", Count),
    col("total_published", "对外公开总数量", "公开总数", Count),
];
const T2_2019_ITEMS: &[ColSpec] = &[
    col("prev_items", "上一年项目数量", "上年项目", Count),
    col("delta", "本年增/减", "增减", Signed),
    col("decisions", "处理决定数量", "处理决定", Count),
];
const T2_2019_FEES: &[ColSpec] = &[
    col("prev_items", "上一年项目数量", "上年项目", Count),
    col("delta", "本年增/减", "增减", Signed),
];
const T2_2019_PROCUREMENT: &[ColSpec] = &[
    col("projects", "采购项目数量", "采购项目", Count),
    col("amount", "采购总金额", "采购金额", Amount),
];

struct RowDef {
    table: TableId,
    key: &'static str,
    label: &'static str,
    short: &'static str,
    group: Option<&'static str>,
    keywords: &'static [&'static str],
    cols: &'static [ColSpec],
}

const fn row(
    table: TableId,
    key: &'static str,
    label: &'static str,
    short: &'static str,
    group: Option<&'static str>,
    keywords: &'static [&'static str],
    cols: &'static [ColSpec],
) -> RowDef {
    RowDef {
        table,
        key,
        label,
        short,
        group,
        keywords,
        cols,
    }
}

const G_RESULTS: Option<&str> = Some("三、本年度办理结果");
const G_WITHHELD: Option<&str> = Some("（三）不予公开");
const G_UNAVAILABLE: Option<&str> = Some("（四）无法提供");
const G_NOT_PROCESSED: Option<&str> = Some("（五）不予处理");
const G_OTHER: Option<&str> = Some("（六）其他处理");

use TableId::{T2, T3, T4};

fn t3_rows(template: Template) -> Vec<RowDef> {
    let mut rows = vec![
        row(
            T3,
            "new_received",
            "一、本年新收政府信息公开申请数量",
            "一、本年新收",
            None,
            &["本年新收", "新收政府信息公开申请"],
            T3_COLS,
        ),
        row(
            T3,
            "carried_over",
            "二、上年结转政府信息公开申请数量",
            "二、上年结转",
            None,
            &["上年结转"],
            T3_COLS,
        ),
        row(
            T3,
            "granted",
            "（一）予以公开",
            "（一）予以公开",
            G_RESULTS,
            &["予以公开"],
            T3_COLS,
        ),
        row(
            T3,
            "partially_granted",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公开",
            G_RESULTS,
            &["部分公开"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.state_secret",
            "1.属于国家秘密",
            "不予公开1.国家秘密",
            G_WITHHELD,
            &["国家秘密"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.prohibited_by_law",
            "2.其他法律行政法规禁止公开",
            "不予公开2.法规禁止",
            G_WITHHELD,
            &["禁止公开", "法律行政法规"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.security_stability",
            "3.危及“三安全一稳定”",
            "不予公开3.三安全一稳定",
            G_WITHHELD,
            &["三安全一稳定", "安全一稳定", "危及"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.third_party",
            "4.保护第三方合法权益",
            "不予公开4.第三方权益",
            G_WITHHELD,
            &["第三方合法权益", "第三方"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.internal_affairs",
            "5.属于三类内部事务信息",
            "不予公开5.内部事务",
            G_WITHHELD,
            &["内部事务"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.process_info",
            "6.属于四类过程性信息",
            "不予公开6.过程性信息",
            G_WITHHELD,
            &["过程性信息", "过程性"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.enforcement_files",
            "7.属于行政执法案卷",
            "不予公开7.执法案卷",
            G_WITHHELD,
            &["执法案卷"],
            T3_COLS,
        ),
        row(
            T3,
            "withheld.query_matters",
            "8.属于行政查询事项",
            "不予公开8.查询事项",
            G_WITHHELD,
            &["查询事项"],
            T3_COLS,
        ),
        row(
            T3,
            "unavailable.not_held",
            "1.本机关不掌握相关政府信息",
            "无法提供1.不掌握",
            G_UNAVAILABLE,
            &["不掌握"],
            T3_COLS,
        ),
        row(
            T3,
            "unavailable.needs_compilation",
            "2.没有现成信息需要另行制作",
            "无法提供2.另行制作",
            G_UNAVAILABLE,
            &["另行制作", "没有现成信息"],
            T3_COLS,
        ),
        row(
            T3,
            "unavailable.still_unclear",
            "3.补正后申请内容仍不明确",
            "无法提供3.仍不明确",
            G_UNAVAILABLE,
            &["仍不明确", "补正后申请"],
            T3_COLS,
        ),
        row(
            T3,
            "not_processed.petition",
            "1.信访举报投诉类申请",
            "不予处理1.信访举报",
            G_NOT_PROCESSED,
            &["信访举报", "举报投诉", "信访"],
            T3_COLS,
        ),
        row(
            T3,
            "not_processed.repeated",
            "2.重复申请",
            "不予处理2.重复申请",
            G_NOT_PROCESSED,
            &["重复申请"],
            T3_COLS,
        ),
        row(
            T3,
            "not_processed.publication",
            "3.要求提供公开出版物",
            "不予处理3.公开出版物",
            G_NOT_PROCESSED,
            &["出版物"],
            T3_COLS,
        ),
        row(
            T3,
            "not_processed.excessive",
            "4.无正当理由大量反复申请",
            "不予处理4.大量反复",
            G_NOT_PROCESSED,
            &["大量反复", "反复申请"],
            T3_COLS,
        ),
        row(
            T3,
            "not_processed.confirmation",
            "5.要求行政机关确认或重新出具已获取信息",
            "不予处理5.确认或重新出具",
            G_NOT_PROCESSED,
            &["重新出具", "确认或重新"],
            T3_COLS,
        ),
    ];
    match template {
        Template::T2021 => rows.extend([
            row(
                T3,
                "other.no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "其他处理1.逾期不补正",
                G_OTHER,
                &["逾期不补正", "不补正"],
                T3_COLS,
            ),
            row(
                T3,
                "other.unpaid_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "其他处理2.未缴费",
                G_OTHER,
                &["缴纳费用", "收费通知"],
                T3_COLS,
            ),
            row(
                T3,
                "other.other",
                "3.其他",
                "其他处理3.其他",
                G_OTHER,
                &["3.其他", "3、其他", "其他"],
                T3_COLS,
            ),
        ]),
        _ => rows.push(row(
            T3,
            "other.total",
            "（六）其他处理",
            "（六）其他处理",
            G_RESULTS,
            &["其他处理"],
            T3_COLS,
        )),
    }
    rows.extend([
        row(
            T3,
            "total_processed",
            "（七）总计",
            "（七）总计",
            G_RESULTS,
            &["总计"],
            T3_COLS,
        ),
        row(
            T3,
            "carried_forward",
            "四、结转下年度继续办理",
            "四、结转下年度",
            None,
            &["结转下年度", "下年度继续办理", "转下年度"],
            T3_COLS,
        ),
    ]);
    rows
}

fn t2_rows(template: Template) -> Vec<RowDef> {
    match template {
        Template::T2021 => vec![
            row(
                T2,
                "regulations",
                "规章",
                "规章",
                Some("第二十条第（一）项"),
                &["规章"],
                T2_2021_DOCS,
            ),
            row(
                T2,
                "normative_docs",
                "行政规范性文件",
                "规范性文件",
                Some("第二十条第（一）项"),
                &["规范性文件"],
                T2_2021_DOCS,
            ),
            row(
                T2,
                "licensing",
                "行政许可",
                "行政许可",
                Some("第二十条第（五）项"),
                &["行政许可"],
                T2_2021_DECISIONS,
            ),
            row(
                T2,
                "penalty",
                "行政处罚",
                "行政处罚",
                Some("第二十条第（六）项"),
                &["行政处罚"],
                T2_2021_DECISIONS,
            ),
            row(
                T2,
                "coercion",
                "行政强制",
                "行政强制",
                Some("第二十条第（六）项"),
                &["行政强制"],
                T2_2021_DECISIONS,
            ),
            row(
                T2,
                "admin_fees",
                "行政事业性收费",
                "行政事业性收费",
                Some("第二十条第（八）项"),
                &["行政事业性收费", "事业性收费"],
                T2_2021_FEES,
            ),
        ],
        _ => vec![
            row(
                T2,
                "regulations",
                "规章",
                "规章",
                Some("第二十条第（一）项"),
                &["规章"],
                T2_2019_DOCS,
            ),
            row(
                T2,
                "normative_docs",
                "规范性文件",
                "规范性文件",
                Some("第二十条第（一）项"),
                &["规范性文件"],
                T2_2019_DOCS,
            ),
            row(
                T2,
                "licensing",
                "行政许可",
                "行政许可",
                Some("第二十条第（五）项"),
                &["行政许可"],
                T2_2019_ITEMS,
            ),
            row(
                T2,
                "other_services",
                "其他对外管理服务事项",
                "其他对外管理服务",
                Some("第二十条第（五）项"),
                &["其他对外管理服务事项", "对外管理服务"],
                T2_2019_ITEMS,
            ),
            row(
                T2,
                "penalty",
                "行政处罚",
                "行政处罚",
                Some("第二十条第（六）项"),
                &["行政处罚"],
                T2_2019_ITEMS,
            ),
            row(
                T2,
                "coercion",
                "行政强制",
                "行政强制",
                Some("第二十条第（六）项"),
                &["行政强制"],
                T2_2019_ITEMS,
            ),
            row(
                T2,
                "admin_fees",
                "行政事业性收费",
                "行政事业性收费",
                Some("第二十条第（八）项"),
                &["行政事业性收费", "事业性收费"],
                T2_2019_FEES,
            ),
            row(
                T2,
                "procurement",
                "政府集中采购",
                "政府集中采购",
                Some("第二十条第（九）项"),
                &["政府集中采购", "集中采购"],
                T2_2019_PROCUREMENT,
            ),
        ],
    }
}

fn t4_rows() -> Vec<RowDef> {
    vec![
        row(
            T4,
            "review",
            "行政复议",
            "行政复议",
            None,
            &["行政复议"],
            T4_COLS,
        ),
        row(
            T4,
            "suit_direct",
            "行政诉讼 · 未经复议直接起诉",
            "直接起诉",
            Some("行政诉讼"),
            &["未经复议直接起诉", "直接起诉"],
            T4_COLS,
        ),
        row(
            T4,
            "suit_after_review",
            "行政诉讼 · 复议后起诉",
            "复议后起诉",
            Some("行政诉讼"),
            &["复议后起诉"],
            T4_COLS,
        ),
    ]
}

fn build(template: Template) -> Schema {
    let defs: Vec<RowDef> = match template {
        Template::None => Vec::new(),
        t => {
            let mut v = t2_rows(t);
            v.extend(t3_rows(t));
            v.extend(t4_rows());
            v
        }
    };
    let mut keys = Vec::new();
    let mut rows = Vec::new();
    let mut cell_pos = Vec::new();
    for (ri, d) in defs.into_iter().enumerate() {
        let first_cell = keys.len();
        for (ci, c) in d.cols.iter().enumerate() {
            keys.push(format!("{}.{}.{}", d.table.as_str(), d.key, c.key));
            cell_pos.push((ri, ci));
        }
        rows.push(RowSpec {
            table: d.table,
            key: d.key,
            label: d.label,
            short: d.short,
            group: d.group,
            keywords: d.keywords,
            cols: d.cols,
            first_cell,
        });
    }
    let index = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    Schema {
        template,
        keys,
        rows,
        index,
        cell_pos,
    }
}

static S2019: LazyLock<Schema> = LazyLock::new(|| build(Template::T2019));
static S2021: LazyLock<Schema> = LazyLock::new(|| build(Template::T2021));
static SNONE: LazyLock<Schema> = LazyLock::new(|| build(Template::None));

/// The schema of a template.
pub fn schema(template: Template) -> &'static Schema {
    match template {
        Template::T2019 => &S2019,
        Template::T2021 => &S2021,
        Template::None => &SNONE,
    }
}

/// The six sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionId {
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
}

impl SectionId {
    pub const ALL: [SectionId; 6] = [
        SectionId::S1,
        SectionId::S2,
        SectionId::S3,
        SectionId::S4,
        SectionId::S5,
        SectionId::S6,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn key(self) -> &'static str {
        ["s1", "s2", "s3", "s4", "s5", "s6"][self.index()]
    }

    pub fn numeral(self) -> char {
        ['一', '二', '三', '四', '五', '六'][self.index()]
    }

    pub fn heading(self) -> &'static str {
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ][self.index()]
    }

    pub fn heading_en(self) -> &'static str {
        [
            "1. Overview",
            "2. Proactive disclosure",
            "3. Applications received and handled",
            "4. Reconsideration and litigation",
            "5. Problems and improvements",
            "6. Other matters",
        ][self.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_counts_match_format_md() {
        let s21 = schema(Template::T2021);
        let s19 = schema(Template::T2019);
        let count =
            |s: &Schema, t: TableId| s.keys.iter().filter(|k| k.starts_with(t.as_str())).count();
        assert_eq!(
            (count(s21, T2), count(s21, T3), count(s21, T4)),
            (10, 175, 15)
        );
        assert_eq!(
            (count(s19, T2), count(s19, T3), count(s19, T4)),
            (22, 161, 15)
        );
        assert_eq!(s21.len(), 200);
        assert_eq!(s19.len(), 198);
        assert!(schema(Template::None).is_empty());
    }

    #[test]
    fn keys_are_canonical() {
        let s = schema(Template::T2021);
        let i = s.index("t3.withheld.state_secret.total").unwrap();
        assert_eq!(s.keys[i], "t3.withheld.state_secret.total");
        assert_eq!(s.cell(T3, "withheld.state_secret", "total"), Some(i));
        assert!(s.index("t4.suit_direct.total").is_some());
        assert!(s.index("t2.admin_fees.amount").is_some());
        assert!(s.index("t3.other.total.total").is_none());
        let s19 = schema(Template::T2019);
        assert!(s19.index("t3.other.total.total").is_some());
        assert!(s19.index("t2.procurement.amount").is_some());
        assert_eq!(s.cell_label(i), "1.属于国家秘密 · 总计");
    }
}
