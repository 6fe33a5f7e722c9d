//! What a parsed report is: metadata, sections, cells with provenance.

use std::fmt;
use std::ops::Range;

use crate::ingest::Document;
use crate::schema::{Schema, SectionId, TableId, Template, schema};

/// A byte range in [`Document::text`] and the 1-based line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub line: u32,
}

impl Span {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Line starts of a text, for offset → line lookups.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        starts.shrink_to_fit();
        LineIndex { starts }
    }

    /// 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s as usize <= offset) as u32
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        Span {
            start: range.start as u32,
            end: range.end as u32,
            line: self.line(range.start),
        }
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Byte range of 1-based line `line` (without its newline).
    pub fn line_range(&self, text: &str, line: u32) -> Range<usize> {
        let i = (line.max(1) - 1) as usize;
        let start = self.starts.get(i).copied().unwrap_or(text.len() as u32) as usize;
        let end = self
            .starts
            .get(i + 1)
            .map(|&s| s as usize - 1)
            .unwrap_or(text.len());
        start.min(text.len())..end.max(start).min(text.len())
    }
}

/// A decimal kept exactly as written: `mantissa / 10^scale`.
///
/// Packed (9 bytes, no padding), so that [`Value`]'s tag fits beside it and
/// `Option<Value>` takes 16 bytes, not 24: a batch keeps ≈ 200 cells per
/// report. Fields are read by value (`d.mantissa`), never borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C, packed)]
pub struct Decimal {
    pub mantissa: i64,
    pub scale: u8,
}

/// A cell's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    Int(i64),
    Dec(Decimal),
}

impl Value {
    pub fn as_int(self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(v),
            Value::Dec(_) => None,
        }
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Value::Int(v) => v as f64,
            Value::Dec(d) => d.mantissa as f64 / 10f64.powi(d.scale as i32),
        }
    }

    pub fn is_zero(self) -> bool {
        match self {
            Value::Int(v) => v == 0,
            Value::Dec(d) => d.mantissa == 0,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Dec(d) => {
                let neg = d.mantissa < 0;
                let digits = d.mantissa.unsigned_abs().to_string();
                let scale = d.scale as usize;
                let digits = if digits.len() <= scale {
                    format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
                } else {
                    digits
                };
                let (int, frac) = digits.split_at(digits.len() - scale);
                if neg {
                    f.write_str("-")?;
                }
                if scale == 0 {
                    write!(f, "{int}")
                } else {
                    write!(f, "{int}.{frac}")
                }
            }
        }
    }
}

/// How sure the parser is of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CellState {
    Number,
    /// Written as empty, "/", "-", "—" or "无": not zero.
    Blank,
    /// The parser could not bind a value.
    #[default]
    Unparsed,
    /// More than one reading fits (flattened text): never guessed.
    Ambiguous,
}

impl CellState {
    pub fn as_str(self) -> &'static str {
        match self {
            CellState::Number => "number",
            CellState::Blank => "blank",
            CellState::Unparsed => "unparsed",
            CellState::Ambiguous => "ambiguous",
        }
    }
}

/// The units a number may be written with, in the order the tokenizer
/// tries them ([`Unit`] is an index into this table).
pub const UNITS: &[&str] = &[
    "万元", "亿元", "元", "件次", "件", "个", "项", "条", "次", "宗", "人次",
];

/// A unit written with a number ("万元", "元"), or none: one byte, an index
/// into [`UNITS`] plus one (0 = no unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Unit(u8);

impl Unit {
    pub const NONE: Unit = Unit(0);

    /// The unit for `u`, which must be one of [`UNITS`] (anything else is
    /// kept as no unit).
    pub fn new(u: Option<&str>) -> Unit {
        u.and_then(|u| UNITS.iter().position(|x| *x == u))
            .map_or(Unit::NONE, |i| Unit(i as u8 + 1))
    }

    pub fn get(self) -> Option<&'static str> {
        (self.0 as usize).checked_sub(1).map(|i| UNITS[i])
    }
}

/// One table cell with its provenance.
///
/// Kept small (48 bytes, was 104; a report has ≈ 200 cells and a batch keeps every
/// report): the rare parts — an ambiguous cell's candidates, a damaged
/// row label — live behind one pointer, [`Cell::extra`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub state: CellState,
    pub value: Option<Value>,
    /// Where it was read from; for an ambiguous cell, the whole run of digits;
    /// for an unparsed cell of a found row, the row label; else `None`.
    pub span: Option<Span>,
    /// A unit written with the number ("万元", "元"), if any.
    pub unit: Unit,
    /// Why the cell is unparsed or ambiguous.
    pub issue: Option<CellIssue>,
    /// Candidates and printed label, when there are any (`None` otherwise,
    /// never an empty box): use [`Cell::candidates`] and
    /// [`Cell::printed_label`].
    pub extra: Option<Box<CellExtra>>,
}

/// The rare parts of a [`Cell`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellExtra {
    /// Ambiguous cells: the values the cell takes in the readings that fit.
    pub candidates: Box<[Value]>,
    /// The span of the row's label as printed, when it is not the template's
    /// label but was matched to it by its ordinal and character overlap
    /// (a damaged label, "2.其他法律行政止公开"): see [`Report::note`].
    pub printed_label: Option<Span>,
}

/// Why a cell is not a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellIssue {
    /// The whole table was not found.
    TableMissing,
    /// The row's label was not found.
    RowMissing,
    /// The table leaves the row out: it prints another row in its place
    /// (a 2021 table with the single 2019-style （六）其他处理 row), or
    /// nothing at all between the rows around it.
    RowAbsent,
    /// The row was found with no values.
    NoValues,
    /// The row has fewer values than columns: which one is missing is unknown.
    TooFew { found: u8, expected: u8 },
    /// The row has more values than columns.
    TooMany { found: u8, expected: u8 },
    /// The cell holds something that is not a number of its kind.
    NotANumber,
    /// Digits glued together admit several readings.
    Glued { readings: u16, identity_held: bool },
    /// Digits glued together admit no reading.
    GluedUnreadable,
    /// A grid row whose source cells do not match its columns one to one
    /// (colspans that do not line up with the header, cells missing).
    GridMisaligned { found: u8, expected: u8 },
    /// A grid row split by a page break whose parts do not line up.
    GridSplitRow,
    /// Digits glued together admit several readings, and the row has no
    /// total to check them against (table 2).
    GluedUnchecked { readings: u16 },
}

impl CellIssue {
    pub fn describe(&self, en: bool) -> String {
        match (*self, en) {
            (CellIssue::TableMissing, false) => "未找到该表".into(),
            (CellIssue::TableMissing, true) => "table not found".into(),
            (CellIssue::RowMissing, false) => "未找到该行".into(),
            (CellIssue::RowMissing, true) => "row not found".into(),
            (CellIssue::RowAbsent, false) => "表中无此行".into(),
            (CellIssue::RowAbsent, true) => "the table has no such row".into(),
            (CellIssue::NoValues, false) => "该行没有数值".into(),
            (CellIssue::NoValues, true) => "the row has no values".into(),
            (CellIssue::TooFew { found, expected }, false) => {
                format!("该行只有 {found} 个值，应为 {expected} 个")
            }
            (CellIssue::TooFew { found, expected }, true) => {
                format!("the row has {found} values, expected {expected}")
            }
            (CellIssue::TooMany { found, expected }, false) => {
                format!("该行有 {found} 个值，应为 {expected} 个")
            }
            (CellIssue::TooMany { found, expected }, true) => {
                format!("the row has {found} values, expected {expected}")
            }
            (CellIssue::GridMisaligned { found, expected }, false) => {
                format!("该行有 {found} 个数值单元格，与 {expected} 列对不上，无法按位置读取")
            }
            (CellIssue::GridMisaligned { found, expected }, true) => format!(
                "the row has {found} value cells for {expected} columns: they cannot be matched by position"
            ),
            (CellIssue::GridSplitRow, false) => "该行跨页断开，续行的单元格与本行的列对不上".into(),
            (CellIssue::GridSplitRow, true) => {
                "the row is split by a page break and its parts do not line up".into()
            }
            (CellIssue::NotANumber, false) => "不是有效数值".into(),
            (CellIssue::NotANumber, true) => "not a valid number".into(),
            (
                CellIssue::Glued {
                    readings,
                    identity_held: true,
                },
                false,
            ) => {
                format!("数字连写，有 {readings} 种拆分都符合本行合计")
            }
            (
                CellIssue::Glued {
                    readings,
                    identity_held: true,
                },
                true,
            ) => {
                format!("digits run together: {readings} readings fit the row total")
            }
            (
                CellIssue::Glued {
                    readings,
                    identity_held: false,
                },
                false,
            ) => {
                format!("数字连写，有 {readings} 种拆分，均不符合本行合计")
            }
            (
                CellIssue::Glued {
                    readings,
                    identity_held: false,
                },
                true,
            ) => {
                format!("digits run together: {readings} readings, none fits the row total")
            }
            (CellIssue::GluedUnreadable, false) => "数字连写，无法拆分".into(),
            (CellIssue::GluedUnreadable, true) => "digits run together and cannot be split".into(),
            (CellIssue::GluedUnchecked { readings }, false) => {
                format!("数字连写，有 {readings} 种拆分，本行没有合计可以核对")
            }
            (CellIssue::GluedUnchecked { readings }, true) => {
                format!("digits run together: {readings} readings, no row total to check them")
            }
        }
    }
}

impl Cell {
    /// Ambiguous cells: the values the cell takes in the readings that fit.
    pub fn candidates(&self) -> &[Value] {
        self.extra.as_ref().map_or(&[], |x| &x.candidates)
    }

    /// The span of the row's label as printed, when it differs from the
    /// template's.
    pub fn printed_label(&self) -> Option<Span> {
        self.extra.as_ref().and_then(|x| x.printed_label)
    }

    pub fn set_candidates(&mut self, candidates: Vec<Value>) {
        self.extra_mut().candidates = candidates.into_boxed_slice();
        self.tidy_extra();
    }

    pub fn set_printed_label(&mut self, label: Option<Span>) {
        self.extra_mut().printed_label = label;
        self.tidy_extra();
    }

    fn extra_mut(&mut self) -> &mut CellExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// No empty box: a cell without extras compares equal to a default one.
    fn tidy_extra(&mut self) {
        if self
            .extra
            .as_ref()
            .is_some_and(|x| x.candidates.is_empty() && x.printed_label.is_none())
        {
            self.extra = None;
        }
    }

    pub fn number(&self) -> Option<Value> {
        if self.state == CellState::Number {
            self.value
        } else {
            None
        }
    }

    pub fn int(&self) -> Option<i64> {
        self.number().and_then(Value::as_int)
    }
}

/// How a statement of the statistics period reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// (year, month, day) of the start and the end, when well formed.
    pub start: Option<(i32, u32, u32)>,
    pub end: Option<(i32, u32, u32)>,
    pub span: Span,
    /// The statement exists but a date in it is malformed ("202020年12月31日").
    pub malformed: bool,
}

impl Period {
    pub fn iso(&self) -> Option<[String; 2]> {
        if self.malformed {
            return None;
        }
        let f = |(y, m, d): (i32, u32, u32)| format!("{y:04}-{m:02}-{d:02}");
        Some([f(self.start?), f(self.end?)])
    }
}

/// A section heading found in the text, and the body it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: SectionId,
    pub heading: Span,
    /// Byte range of the body: from the end of the heading to the next
    /// heading (or the end of the text).
    pub body: Range<usize>,
}

/// Where the report year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    Title,
    Period,
    Text,
}

/// The title line(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub text: String,
    pub span: Span,
    pub has_phrase: bool,
}

/// How the tables of a report were laid out in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Tab-separated rows (copies of merged-cell tables, HTML/DOCX tables).
    Tabs,
    /// Markdown pipe tables.
    Markdown,
    /// Numbers separated by spaces, labels wrapped over lines (PDF text).
    Spaced,
    /// One cell per line.
    CellPerLine,
    /// Cells glued together with no separators (flattened web text).
    Flat,
    /// No table found.
    None,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Tabs => "tabs",
            Layout::Markdown => "markdown",
            Layout::Spaced => "spaced",
            Layout::CellPerLine => "cell-per-line",
            Layout::Flat => "flat",
            Layout::None => "none",
        }
    }
}

/// What the parser saw of one table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableInfo {
    /// The byte range the table was read from, if found.
    pub range: Option<Range<usize>>,
    /// For each row of the schema (in order, only this table's): the span of
    /// its label if found.
    pub rows: Vec<Option<Span>>,
    /// Labels inside the table that match no row of the template (S10).
    pub extra: Vec<(String, Span)>,
}

/// Structural signals of the two templates, for S07.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TemplateSignals {
    pub t2_2019: u8,
    pub t2_2021: u8,
    pub t3_2019: bool,
    pub t3_2021: bool,
}

impl TemplateSignals {
    pub fn mixed(&self) -> bool {
        let a = self.t2_2019 > 0 || self.t3_2019;
        let b = self.t2_2021 > 0 || self.t3_2021;
        a && b
    }
}

/// Is a report of `year` older than the 2019 format? A year read from the
/// title or the statistics period decides; a year guessed from the text
/// only when the tables show no sign of either standard template.
pub fn pre_standard(
    year: Option<i32>,
    source: Option<YearSource>,
    signals: &TemplateSignals,
) -> bool {
    let standard = signals.t2_2019 > 0 || signals.t2_2021 > 0 || signals.t3_2019 || signals.t3_2021;
    year.is_some_and(|y| y <= 2018) && (source != Some(YearSource::Text) || !standard)
}

/// A parsed report.
#[derive(Debug, Clone)]
pub struct Report {
    pub doc: Document,
    pub lines: LineIndex,
    pub title: Option<Title>,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub year_source: Option<YearSource>,
    pub period: Option<Period>,
    pub template: Template,
    pub signals: TemplateSignals,
    pub layout: Layout,
    /// Headings found, in text order (may be out of order or repeated: S02).
    pub sections: Vec<Section>,
    /// One per cell of `schema(template)`, in schema order.
    pub cells: Vec<Cell>,
    pub tables: [TableInfo; 3],
    /// What the prose claims (counts, "未收到申请", fees…), with spans.
    pub claims: Vec<crate::parse::narrative::Claim>,
}

impl Report {
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    pub fn schema(&self) -> &'static Schema {
        schema(self.template)
    }

    pub fn cell(&self, key: &str) -> Option<&Cell> {
        self.schema().index(key).map(|i| &self.cells[i])
    }

    pub fn table(&self, t: TableId) -> &TableInfo {
        &self.tables[t as usize]
    }

    /// The first heading found for a section.
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn section_text(&self, id: SectionId) -> Option<&str> {
        self.section(id).map(|s| &self.doc.text[s.body.clone()])
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        self.lines.span(range)
    }

    /// The characters a span covers.
    pub fn raw(&self, span: &Span) -> &str {
        self.doc.text.get(span.range()).unwrap_or("")
    }

    /// The note on cell `i` for a reader: why it is not a plain number, and
    /// the row's label as printed when it differs from the template's
    /// (「行名与模板不完全一致：「2.其他法律行政止公开」」). `None` for a plain
    /// cell.
    pub fn note(&self, i: usize, en: bool) -> Option<String> {
        let c = self.cells.get(i)?;
        let mut parts: Vec<String> = Vec::new();
        if let Some(issue) = c.issue {
            parts.push(issue.describe(en));
        }
        if let Some(sp) = c.printed_label() {
            let printed: String = self.raw(&sp).split_whitespace().collect();
            parts.push(if en {
                format!("the row label differs from the template's: 「{printed}」")
            } else {
                format!("行名与模板不完全一致：「{printed}」")
            });
        }
        (!parts.is_empty()).then(|| parts.join(if en { "; " } else { "；" }))
    }

    /// Does the report predate the 2019 format (report year 2018 or
    /// earlier)? Its tables are not the standard ones: no table checks.
    pub fn pre_standard(&self) -> bool {
        pre_standard(self.year, self.year_source, &self.signals)
    }

    /// How many cells are in each state: number, blank, unparsed, ambiguous.
    pub fn state_counts(&self) -> [usize; 4] {
        let mut n = [0; 4];
        for c in &self.cells {
            n[c.state as usize] += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_display_keeps_digits() {
        let d = |m, s| {
            Value::Dec(Decimal {
                mantissa: m,
                scale: s,
            })
        };
        assert_eq!(d(4328, 1).to_string(), "432.8");
        assert_eq!(d(2828295, 4).to_string(), "282.8295");
        assert_eq!(d(5, 2).to_string(), "0.05");
        assert_eq!(d(-150, 2).to_string(), "-1.50");
        assert_eq!(Value::Int(-18).to_string(), "-18");
    }

    /// A batch keeps every report's ≈ 200 cells in memory: do not let a
    /// cell grow back (it was 104 bytes).
    #[test]
    fn cell_stays_small() {
        use std::mem::size_of;
        assert_eq!(size_of::<Span>(), 12);
        assert_eq!(size_of::<Option<Span>>(), 16);
        assert_eq!(size_of::<Option<Value>>(), 16);
        assert_eq!(size_of::<Unit>(), 1);
        assert_eq!(size_of::<Option<CellIssue>>(), 4);
        assert_eq!(size_of::<Option<Box<CellExtra>>>(), 8);
        assert_eq!(size_of::<Cell>(), 48);
    }

    #[test]
    fn unit_round_trip() {
        for u in UNITS {
            assert_eq!(Unit::new(Some(u)).get(), Some(*u));
        }
        assert_eq!(Unit::new(None).get(), None);
        assert_eq!(Unit::new(Some("斤")), Unit::NONE);
    }

    #[test]
    fn line_index() {
        let t = "ab\ncd\n\nef";
        let li = LineIndex::new(t);
        assert_eq!(li.line(0), 1);
        assert_eq!(li.line(3), 2);
        assert_eq!(li.line(6), 3);
        assert_eq!(li.line(7), 4);
        assert_eq!(&t[li.line_range(t, 2)], "cd");
        assert_eq!(&t[li.line_range(t, 4)], "ef");
        assert_eq!(li.count(), 4);
    }
}
