//! Year-over-year diff of two reports: the text, section by section, and
//! the tables, cell by cell.
//!
//! # Text
//!
//! The reports are aligned by part: the preamble (title and anything before
//! section 一), then sections 一 to 六; a part missing on one side has rows on
//! the other side only. Within a part, hard-wrapped lines are joined into
//! paragraphs ([`paras`]), the tables are replaced by one placeholder
//! paragraph each (their numbers are in [`TableDelta`]), and the paragraphs
//! are diffed as lines. In each changed hunk, old and new paragraphs are
//! paired by similarity (character bigrams, digits folded) and each pair is
//! refined inline, token by token ([`tokens`]: every Han character a token,
//! numbers and Latin words whole).
//!
//! # Bounds
//!
//! Each diff call gets its own deadline ([`DiffOptions::hunk_deadline`]),
//! so a deadline that fires only coarsens that hunk; a budget for the whole
//! diff ([`DiffOptions::budget`]) stops inline refinement once spent. Pairing
//! is skipped in hunks whose similarity work would be too large, and pairs of
//! very long or very different paragraphs are not refined inline. Two
//! unrelated 1 MB texts diff in well under a second.
//!
//! # For a terminal UI
//!
//! [`ReportDiff::sections`] has one [`SectionDiff`] per part, each a list of
//! [`DiffRow`]s: a side-by-side view draws `old` left and `new` right, a
//! unified view draws the old side then the new side of a changed row.
//! Every side carries its byte range in the report text (`src`) and its line,
//! so a note can be anchored to the later report. [`ReportDiff::change_indices`]
//! lists where each run of changed rows starts, for `]c` / `[c`.

mod paras;
mod table;
pub mod tokens;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use crate::compare::{check_pair, reuse};
use crate::model::Report;
use crate::rules::{Finding, Selection};
use crate::schema::{SectionId, TableId};

pub use table::{
    CellDelta, CellSide, Side, TableDelta, UnmappedRow, difference, same_value, table_delta,
};
pub use tokens::{TokenKind, token_ranges, tokenize};

/// How to diff.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// Compare text with whitespace removed ("2023 年" = "2023年"), as PDF
    /// extraction puts spaces around numbers. Default: true.
    pub ignore_whitespace: bool,
    /// Diff the tables' text too, instead of one placeholder row per table.
    /// Default: false.
    pub tables_in_text: bool,
    /// The deadline of each paragraph-level diff and each inline refinement.
    pub hunk_deadline: Duration,
    /// The time after which no more inline refinement is done.
    pub budget: Duration,
    /// Paragraphs with more tokens than this are not refined inline.
    pub max_inline_tokens: usize,
    /// Old and new paragraphs of a hunk are paired (and refined inline) when
    /// at least this similar (Dice coefficient of character bigrams).
    pub min_pair_similarity: f64,
    /// The X rules run on the pair.
    pub selection: Selection,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            ignore_whitespace: true,
            tables_in_text: false,
            hunk_deadline: Duration::from_millis(50),
            budget: Duration::from_millis(300),
            max_inline_tokens: 20_000,
            min_pair_similarity: 0.3,
            selection: Selection::default(),
        }
    }
}

/// A part of a report the text is aligned by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The title and anything before section 一.
    Preamble,
    Section(SectionId),
}

impl Part {
    pub const ALL: [Part; 7] = [
        Part::Preamble,
        Part::Section(SectionId::S1),
        Part::Section(SectionId::S2),
        Part::Section(SectionId::S3),
        Part::Section(SectionId::S4),
        Part::Section(SectionId::S5),
        Part::Section(SectionId::S6),
    ];

    /// `preamble`, `s1` … `s6`.
    pub fn key(self) -> &'static str {
        match self {
            Part::Preamble => "preamble",
            Part::Section(s) => s.key(),
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            Part::Preamble => "标题及前言",
            Part::Section(s) => s.heading(),
        }
    }

    pub fn heading_en(self) -> &'static str {
        match self {
            Part::Preamble => "Title and preamble",
            Part::Section(s) => s.heading_en(),
        }
    }
}

/// Where a part is in one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartSrc {
    /// The heading as written, and its byte range (none for the preamble).
    pub heading: Option<(String, Range<usize>)>,
    /// The body's byte range in the report text.
    pub body: Range<usize>,
    /// 1-based line of the heading (or of the body for the preamble).
    pub line: u32,
}

/// A piece of a paragraph's text, changed or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub changed: bool,
}

/// A stretch of a rewritten paragraph, both sides: unchanged text (the
/// sides differ at most in whitespace) or a change (either side may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub old: String,
    pub new: String,
    pub changed: bool,
}

/// One side of a row: a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The paragraph, wrapped lines joined.
    pub text: String,
    /// Its byte range in the report text (all the lines it was joined from).
    pub src: Range<usize>,
    /// 1-based line where it starts.
    pub line: u32,
    /// `text` cut into changed and unchanged pieces.
    pub segments: Vec<Segment>,
    /// The paragraph stands for a table left out of the text diff.
    pub table: Option<TableId>,
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowTag {
    Equal,
    Delete,
    Insert,
    /// A paragraph rewritten: both sides, refined inline.
    Replace,
}

impl RowTag {
    pub fn as_str(self) -> &'static str {
        match self {
            RowTag::Equal => "equal",
            RowTag::Delete => "delete",
            RowTag::Insert => "insert",
            RowTag::Replace => "replace",
        }
    }
}

/// One row of a diff: a paragraph on either side or both.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    pub tag: RowTag,
    pub old: Option<Para>,
    pub new: Option<Para>,
    /// A refined `Replace` row: both sides' stretches in order, for a unified
    /// one-line view (`[-old-]{+new+}`). Empty for other rows, and for a
    /// `Replace` row that was not refined (the whole paragraph changed).
    pub chunks: Vec<Chunk>,
}

impl DiffRow {
    pub fn is_change(&self) -> bool {
        self.tag != RowTag::Equal
    }

    pub fn old_src(&self) -> Option<Range<usize>> {
        self.old.as_ref().map(|p| p.src.clone())
    }

    pub fn new_src(&self) -> Option<Range<usize>> {
        self.new.as_ref().map(|p| p.src.clone())
    }
}

/// The diff of one part.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionDiff {
    pub part: Part,
    /// `None`: the part is missing in that report.
    pub old: Option<PartSrc>,
    pub new: Option<PartSrc>,
    /// The X07 figure: the share of the later text already in the earlier
    /// ([`reuse::similarity`]); `None` when a side is missing or too short.
    pub similarity: Option<f64>,
    pub rows: Vec<DiffRow>,
    /// A deadline fired or the budget ran out: some changes are coarser than
    /// they could be.
    pub approximate: bool,
}

impl SectionDiff {
    pub fn is_changed(&self) -> bool {
        self.rows.iter().any(DiffRow::is_change)
    }
}

/// The diff of two reports.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDiff {
    pub sections: Vec<SectionDiff>,
    pub tables: TableDelta,
    /// The X findings of the pair ([`check_pair`]).
    pub findings: Vec<Finding>,
}

impl ReportDiff {
    /// Where each run of changed rows starts: `(section index, row index)`,
    /// in order, for jumping between changes.
    pub fn change_indices(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (si, s) in self.sections.iter().enumerate() {
            let mut prev_changed = false;
            for (ri, r) in s.rows.iter().enumerate() {
                if r.is_change() && !prev_changed {
                    out.push((si, ri));
                }
                prev_changed = r.is_change();
            }
        }
        out
    }

    /// The first change after `at` (`]c`).
    pub fn next_change(&self, at: (usize, usize)) -> Option<(usize, usize)> {
        self.change_indices().into_iter().find(|&c| c > at)
    }

    /// The last change before `at` (`[c`).
    pub fn prev_change(&self, at: (usize, usize)) -> Option<(usize, usize)> {
        self.change_indices().into_iter().rev().find(|&c| c < at)
    }

    pub fn section(&self, part: Part) -> Option<&SectionDiff> {
        self.sections.iter().find(|s| s.part == part)
    }

    /// Did a deadline fire anywhere?
    pub fn approximate(&self) -> bool {
        self.sections.iter().any(|s| s.approximate)
    }
}

/// Diff two reports: text by part, tables by cell, and the X rules.
pub fn diff_reports(old: &Report, new: &Report, opts: &DiffOptions) -> ReportDiff {
    let findings = check_pair(old, new, &opts.selection);
    let mut budget = Budget::new(opts);
    let (wa, wb) = (paras::wrap_width(old.text()), paras::wrap_width(new.text()));
    let sections = Part::ALL
        .iter()
        .map(|&part| {
            let a = part_src(old, part);
            let b = part_src(new, part);
            let pa = a
                .as_ref()
                .map(|s| part_paras(old, s.body.clone(), wa, opts))
                .unwrap_or_default();
            let pb = b
                .as_ref()
                .map(|s| part_paras(new, s.body.clone(), wb, opts))
                .unwrap_or_default();
            let similarity = match (&a, &b) {
                (Some(a), Some(b)) => {
                    reuse::similarity(&new.text()[b.body.clone()], &old.text()[a.body.clone()])
                }
                _ => None,
            };
            let (rows, approximate) = diff_paras(old, new, &pa, &pb, opts, &mut budget);
            SectionDiff {
                part,
                old: a,
                new: b,
                similarity,
                rows,
                approximate,
            }
        })
        .collect();
    let tables = table_delta(old, new, &findings);
    ReportDiff {
        sections,
        tables,
        findings,
    }
}

/// Diff two plain texts by paragraph (no sections, no tables). Byte ranges
/// and lines refer to `old` and `new`.
pub fn diff_texts(old: &str, new: &str, opts: &DiffOptions) -> (Vec<DiffRow>, bool) {
    let pa = paras::paragraphs(old, 0..old.len(), paras::wrap_width(old));
    let pb = paras::paragraphs(new, 0..new.len(), paras::wrap_width(new));
    let mut budget = Budget::new(opts);
    let la = crate::model::LineIndex::new(old);
    let lb = crate::model::LineIndex::new(new);
    diff_paras_with(&la, &lb, &pa, &pb, opts, &mut budget)
}

/// Where a part is in a report.
fn part_src(r: &Report, part: Part) -> Option<PartSrc> {
    let text = r.text();
    match part {
        Part::Preamble => {
            let end = r
                .sections
                .iter()
                .map(|s| s.heading.start as usize)
                .min()
                .unwrap_or(text.len());
            // The first heading's markup ("## ") is not preamble.
            let ls = text[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let end = if text[ls..end]
                .chars()
                .all(|c| matches!(c, '#' | '*' | '>' | ' ' | '\t' | '\u{3000}'))
            {
                ls
            } else {
                end
            };
            (!text[..end].trim().is_empty()).then(|| PartSrc {
                heading: None,
                body: 0..end,
                line: r.lines.line(text.len() - text.trim_start().len()),
            })
        }
        Part::Section(id) => r.section(id).map(|s| PartSrc {
            heading: Some((r.raw(&s.heading).trim().to_string(), s.heading.range())),
            body: s.body.clone(),
            line: s.heading.line,
        }),
    }
}

/// The byte range a table's text is shown as one placeholder: from the
/// parser's region start to the end of the last cell or row label read
/// (and the rest of that line when only whitespace follows).
fn table_range(r: &Report, t: TableId) -> Option<Range<usize>> {
    let info = r.table(t);
    let region = info.range.clone()?;
    let text = r.text();
    let start = if t == TableId::T4 {
        // The parser's table-4 region is the whole section: start at the
        // table's own header.
        t4_header(text, region.clone()).unwrap_or(region.start)
    } else {
        // The parser starts at a keyword ("勾稽关系"): take in the start of
        // its clause ("（本列数据的").
        clause_start(text, region.start, region.start.saturating_sub(120))
    };
    let s = r.schema();
    let cell_ends = s
        .rows_of(t)
        .flat_map(|row| row.cells())
        .filter_map(|i| r.cells[i].span)
        .chain(info.rows.iter().flatten().copied())
        .chain(info.extra.iter().map(|(_, sp)| *sp))
        .map(|sp| sp.end as usize)
        .filter(|&e| e > start && e <= region.end)
        .max();
    let mut end = cell_ends.unwrap_or(region.end);
    // Take in the rest of the line, and following lines, while they hold
    // only table markup: a pipe row's closing "|", empty "|  |  |" rows,
    // "|---|" rules, blank lines.
    let markup = |l: &str| {
        l.chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '\u{3000}' | '\r'))
    };
    let limit = region.end.max(end);
    loop {
        let line_end = text[end..]
            .find('\n')
            .map(|n| end + n)
            .unwrap_or(text.len());
        if !markup(&text[end..line_end]) || line_end > limit {
            break;
        }
        end = line_end;
        // On to the next line only when it is a markup row.
        let next_start = (end + 1).min(text.len());
        let next_end = text[next_start..]
            .find('\n')
            .map(|n| next_start + n)
            .unwrap_or(text.len());
        let next = &text[next_start..next_end];
        if next_start >= text.len() || next_end > limit || !(markup(next) && next.contains('|')) {
            break;
        }
        end = next_start;
    }
    (start < end).then_some(start..end)
}

/// The start of the clause around `at`: after the last line break or
/// sentence end before it (not before `floor`), whitespace skipped.
fn clause_start(text: &str, at: usize, floor: usize) -> usize {
    let floor = text.floor_char_boundary(floor);
    let before = &text[floor..at];
    let cut = before
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '\n' | '。' | '！' | '？' | '；'))
        .map(|(i, c)| floor + i + c.len_utf8());
    match cut {
        Some(c) => c + (text[c..at].len() - text[c..at].trim_start().len()),
        None => at,
    }
}

/// Where table 4's header starts: the first line with "行政复议" that is not
/// prose (no "。" or "，"); in flattened text, the last "行政复议" before the
/// first "结果维持" with no full stop in between.
fn t4_header(text: &str, region: Range<usize>) -> Option<usize> {
    let body = &text[region.clone()];
    for (i, _) in body.match_indices("行政复议") {
        let p = region.start + i;
        let ls = text[..p]
            .rfind('\n')
            .map(|n| n + 1)
            .unwrap_or(0)
            .max(region.start);
        let le = text[p..].find('\n').map(|n| p + n).unwrap_or(text.len());
        if !text[ls..le].contains(['。', '，']) {
            return Some(ls);
        }
    }
    let q = body.find("结果维持")?;
    body[..q]
        .rmatch_indices("行政复议")
        .map(|(i, _)| i)
        .find(|&i| !body[i..q].contains('。'))
        .map(|i| region.start + i)
}

fn placeholder(t: TableId) -> String {
    format!("〔表格：{}〕", t.title())
}

/// The paragraphs of a part's body, tables replaced by placeholders.
fn part_paras(
    r: &Report,
    body: Range<usize>,
    wrap: usize,
    opts: &DiffOptions,
) -> Vec<paras::RawPara> {
    let text = r.text();
    // Ranges read as one paragraph each: tables (as placeholders) and the
    // title (its lines joined).
    let mut cuts: Vec<(Range<usize>, Option<TableId>)> = Vec::new();
    if !opts.tables_in_text {
        for t in [TableId::T2, TableId::T3, TableId::T4] {
            if let Some(tr) = table_range(r, t) {
                cuts.push((tr, Some(t)));
            }
        }
    }
    if let Some(t) = &r.title {
        cuts.push((t.span.range(), None));
    }
    cuts.retain_mut(|(c, _)| {
        *c = c.start.max(body.start)..c.end.min(body.end);
        c.start < c.end
    });
    cuts.sort_by_key(|(r, _)| r.start);
    let mut out = Vec::new();
    let mut at = body.start;
    for (cut, t) in cuts {
        if cut.start < at {
            continue;
        }
        out.extend(paras::paragraphs(text, at..cut.start, wrap));
        match t {
            Some(t) => out.push(paras::RawPara {
                text: placeholder(t),
                src: cut.clone(),
                table: Some(t),
            }),
            None => out.extend(paras::joined(text, cut.clone())),
        }
        at = cut.end;
    }
    out.extend(paras::paragraphs(text, at..body.end, wrap));
    out
}

/// The time left for inline refinement.
struct Budget {
    end: Instant,
    hunk: Duration,
}

impl Budget {
    fn new(opts: &DiffOptions) -> Budget {
        Budget {
            end: Instant::now() + opts.budget,
            hunk: opts.hunk_deadline,
        }
    }

    fn spent(&self) -> bool {
        Instant::now() >= self.end
    }

    /// The deadline of one diff call.
    fn deadline(&self) -> Instant {
        (Instant::now() + self.hunk).min(self.end.max(Instant::now() + self.hunk / 10))
    }
}

fn diff_paras(
    old: &Report,
    new: &Report,
    pa: &[paras::RawPara],
    pb: &[paras::RawPara],
    opts: &DiffOptions,
    budget: &mut Budget,
) -> (Vec<DiffRow>, bool) {
    diff_paras_with(&old.lines, &new.lines, pa, pb, opts, budget)
}

/// The comparison key of a paragraph.
fn key(p: &paras::RawPara, ignore_ws: bool) -> u64 {
    let mut h = DefaultHasher::new();
    match p.table {
        Some(t) => (1u8, t as u8).hash(&mut h),
        None => {
            0u8.hash(&mut h);
            for c in p.text.chars() {
                if !(ignore_ws && c.is_whitespace()) {
                    c.hash(&mut h);
                }
            }
        }
    }
    h.finish()
}

fn whole(p: &paras::RawPara, lines: &crate::model::LineIndex, changed: bool) -> Para {
    Para {
        text: p.text.clone(),
        src: p.src.clone(),
        line: lines.line(p.src.start),
        segments: if p.text.is_empty() {
            Vec::new()
        } else {
            vec![Segment {
                text: p.text.clone(),
                changed,
            }]
        },
        table: p.table,
    }
}

fn diff_paras_with(
    la: &crate::model::LineIndex,
    lb: &crate::model::LineIndex,
    pa: &[paras::RawPara],
    pb: &[paras::RawPara],
    opts: &DiffOptions,
    budget: &mut Budget,
) -> (Vec<DiffRow>, bool) {
    let ka: Vec<u64> = pa.iter().map(|p| key(p, opts.ignore_whitespace)).collect();
    let kb: Vec<u64> = pb.iter().map(|p| key(p, opts.ignore_whitespace)).collect();
    let deadline = budget.deadline();
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, Some(deadline));
    let mut approximate = Instant::now() > deadline;
    let mut rows = Vec::with_capacity(pa.len().max(pb.len()));
    for op in ops {
        let (tag, ra, rb) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for (i, j) in ra.zip(rb) {
                    rows.push(DiffRow {
                        tag: RowTag::Equal,
                        old: Some(whole(&pa[i], la, false)),
                        new: Some(whole(&pb[j], lb, false)),
                        chunks: Vec::new(),
                    });
                }
            }
            DiffTag::Delete => rows.extend(ra.map(|i| DiffRow {
                tag: RowTag::Delete,
                old: Some(whole(&pa[i], la, true)),
                new: None,
                chunks: Vec::new(),
            })),
            DiffTag::Insert => rows.extend(rb.map(|j| DiffRow {
                tag: RowTag::Insert,
                old: None,
                new: Some(whole(&pb[j], lb, true)),
                chunks: Vec::new(),
            })),
            DiffTag::Replace => {
                let (a, b) = (&pa[ra.clone()], &pb[rb.clone()]);
                for step in pair_up(a, b, opts.min_pair_similarity) {
                    rows.push(match step {
                        (Some(i), Some(j)) => {
                            let (row, approx) = refine(&a[i], &b[j], la, lb, opts, budget);
                            approximate |= approx;
                            row
                        }
                        (Some(i), None) => DiffRow {
                            tag: RowTag::Delete,
                            old: Some(whole(&a[i], la, true)),
                            new: None,
                            chunks: Vec::new(),
                        },
                        (None, Some(j)) => DiffRow {
                            tag: RowTag::Insert,
                            old: None,
                            new: Some(whole(&b[j], lb, true)),
                            chunks: Vec::new(),
                        },
                        (None, None) => continue,
                    });
                }
            }
        }
    }
    (rows, approximate)
}

/// A paired old and new paragraph, refined inline when affordable.
fn refine(
    a: &paras::RawPara,
    b: &paras::RawPara,
    la: &crate::model::LineIndex,
    lb: &crate::model::LineIndex,
    opts: &DiffOptions,
    budget: &mut Budget,
) -> (DiffRow, bool) {
    let mut old = whole(a, la, true);
    let mut new = whole(b, lb, true);
    let mut approximate = false;
    let mut chunks = Vec::new();
    let max = opts.max_inline_tokens;
    // Bytes bound tokens from above; count only when it could matter.
    let small = |t: &str| {
        t.len() <= max
            || (t.len() <= max.saturating_mul(8)
                && tokens::unit_count(t, opts.ignore_whitespace) <= max)
    };
    if a.table.is_none() && b.table.is_none() && small(&a.text) && small(&b.text) {
        if budget.spent() {
            approximate = true;
        } else {
            let d = tokens::inline(&a.text, &b.text, opts.ignore_whitespace, budget.deadline());
            old.segments = d.old;
            new.segments = d.new;
            chunks = d.chunks;
            approximate = d.approximate;
        }
    }
    (
        DiffRow {
            tag: RowTag::Replace,
            old: Some(old),
            new: Some(new),
            chunks,
        },
        approximate,
    )
}

/// Sorted, deduplicated hashes of the character bigrams of a folded text.
fn bigrams(text: &str) -> Vec<u64> {
    let f = reuse::fold(text);
    let mut v: Vec<u64> = if f.len() < 2 {
        f.iter().map(|&c| c as u64).collect()
    } else {
        f.windows(2)
            .map(|w| ((w[0] as u64) << 32) | w[1] as u64)
            .collect()
    };
    v.sort_unstable();
    v.dedup();
    v
}

/// Dice coefficient of two sorted sets.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut n) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * n as f64 / (a.len() + b.len()) as f64
}

/// How much comparing work pairing a hunk may take (bigrams touched).
const PAIRING_WORK: usize = 4_000_000;
/// Hunks with more candidate pairs than this are not paired.
const PAIRING_CELLS: usize = 40_000;

/// Pair the old and new paragraphs of a changed hunk, in order, maximising
/// the summed similarity of the pairs (pairs below `min` are not made).
/// Returns the steps: a pair, an old paragraph alone, or a new one alone.
fn pair_up(
    a: &[paras::RawPara],
    b: &[paras::RawPara],
    min: f64,
) -> Vec<(Option<usize>, Option<usize>)> {
    let alone = || {
        (0..a.len())
            .map(|i| (Some(i), None))
            .chain((0..b.len()).map(|j| (None, Some(j))))
            .collect()
    };
    let (m, n) = (a.len(), b.len());
    let len_a: usize = a.iter().map(|p| p.text.len()).sum();
    let len_b: usize = b.iter().map(|p| p.text.len()).sum();
    if m * n > PAIRING_CELLS || m * len_b + n * len_a > PAIRING_WORK * 3 {
        return alone();
    }
    let ga: Vec<Vec<u64>> = a.iter().map(|p| bigrams(&p.text)).collect();
    let gb: Vec<Vec<u64>> = b.iter().map(|p| bigrams(&p.text)).collect();
    let sim = |i: usize, j: usize| -> f64 {
        match (a[i].table, b[j].table) {
            (None, None) => dice(&ga[i], &gb[j]),
            (x, y) if x == y => 1.0,
            _ => 0.0,
        }
    };
    // best[i][j]: the best score of a[..i] against b[..j].
    let w = n + 1;
    let mut best = vec![0.0f64; (m + 1) * w];
    let mut pair = vec![false; (m + 1) * w];
    for i in 1..=m {
        for j in 1..=n {
            let up = best[(i - 1) * w + j];
            let left = best[i * w + j - 1];
            let s = sim(i - 1, j - 1);
            let diag = if s >= min {
                best[(i - 1) * w + j - 1] + s
            } else {
                f64::NEG_INFINITY
            };
            let k = i * w + j;
            if diag >= up && diag >= left {
                best[k] = diag;
                pair[k] = true;
            } else {
                best[k] = up.max(left);
            }
        }
    }
    // Walk back, collecting the pairs.
    let mut pairs = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 && j > 0 {
        let k = i * w + j;
        if pair[k] {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if best[(i - 1) * w + j] >= best[i * w + j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    // Between pairs: the old paragraphs alone, then the new ones.
    let mut out = Vec::with_capacity(m + n);
    let (mut ni, mut nj) = (0, 0);
    for (pi, pj) in pairs.into_iter().chain(std::iter::once((m, n))) {
        out.extend((ni..pi).map(|x| (Some(x), None)));
        out.extend((nj..pj).map(|y| (None, Some(y))));
        if pi < m && pj < n {
            out.push((Some(pi), Some(pj)));
        }
        ni = pi + 1;
        nj = pj + 1;
    }
    out
}

#[cfg(test)]
mod tests;
