//! The workbench's state and the one function that changes it.
//!
//! Keys become [`Action`]s in the keymap; [`State::apply`] changes the state
//! and returns [`Effect`]s (quit, save, load…) for the event loop to run.
//! Views are pure functions of the state, so everything here can be driven
//! and checked without a terminal.

use std::cmp::Ordering;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::{Fed, Key, KeyCodeOrd, Keymap, Mode};
use crate::batch::Entry;
use crate::compare::Pair;
use crate::model::Report;
use crate::rules::{Finding, Severity, Status};
use crate::schema::{RowSpec, TableId};

/// Side effects for the loop to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Save a review change for item `item` (then feed the result back).
    Review {
        item: usize,
        op: crate::review::Op,
    },
    /// Assign these items to `to` (after the y/n question).
    Assign {
        items: Vec<usize>,
        to: String,
    },
    /// `d` on a stale report: diff the version its verdict judged (from
    /// the snapshot) with the report now.
    SinceVerdict {
        item: usize,
    },
}

/// One report of the queue.
#[derive(Debug)]
pub struct Item {
    pub entry: Arc<Entry>,
    /// Lower-cased agency and path, for the queue filter.
    pub hay: String,
    /// The path as text, for sorting.
    pub path_str: String,
    /// The review state of this report, when a review store is attached.
    pub review: Option<super::review::ItemReview>,
    /// The report's findings and the X findings of the pair that ends with
    /// it, errors first.
    pub findings: Vec<Finding>,
    /// Failing findings by severity, and uncertain ones.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub uncertain: usize,
    /// The version of item N that its verdict judged (from its snapshot),
    /// loaded for `d` on a stale report: not a report of the queue.
    pub judged_of: Option<usize>,
    /// The report's cells by state (number, blank, unparsed, ambiguous),
    /// counted once: the overview sums them on every frame.
    pub cells: [usize; 4],
}

impl Item {
    pub fn new(entry: Arc<Entry>) -> Item {
        let path_str = entry.path.to_string_lossy().into_owned();
        let agency = entry
            .report
            .as_ref()
            .ok()
            .and_then(|r| r.agency.clone())
            .unwrap_or_default();
        let mut it = Item {
            hay: format!("{agency} {path_str}").to_lowercase(),
            path_str,
            findings: entry.findings.clone(),
            entry,
            review: None,
            errors: 0,
            warnings: 0,
            infos: 0,
            uncertain: 0,
            judged_of: None,
            cells: [0; 4],
        };
        if let Ok(r) = &it.entry.report {
            it.cells = r.state_counts();
        }
        it.recount();
        it
    }

    fn recount(&mut self) {
        self.findings.sort_by(finding_order);
        self.errors = 0;
        self.warnings = 0;
        self.infos = 0;
        self.uncertain = 0;
        for f in &self.findings {
            match (f.status, f.severity) {
                (Status::Uncertain, _) => self.uncertain += 1,
                (_, Severity::Error) => self.errors += 1,
                (_, Severity::Warning) => self.warnings += 1,
                (_, Severity::Info) => self.infos += 1,
            }
        }
    }

    pub fn report(&self) -> Option<&Report> {
        self.entry.report.as_ref().ok()
    }

    pub fn agency(&self) -> &str {
        self.report()
            .and_then(|r| r.agency.as_deref())
            .unwrap_or("")
    }

    pub fn year(&self) -> Option<i32> {
        self.report().and_then(|r| r.year)
    }

    /// Whom the report is assigned to (from its review state).
    pub fn assignee(&self) -> Option<&str> {
        self.review
            .as_ref()
            .and_then(|r| r.file.as_ref().ok())
            .and_then(|f| f.assignee())
    }

    pub fn file_name(&self) -> String {
        self.entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn finding_order(a: &Finding, b: &Finding) -> Ordering {
    (
        a.status == Status::Uncertain,
        a.severity,
        a.lines.first().copied().unwrap_or(u32::MAX),
    )
        .cmp(&(
            b.status == Status::Uncertain,
            b.severity,
            b.lines.first().copied().unwrap_or(u32::MAX),
        ))
}

/// The sort key of item `i` for the queue's sort `key`.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum RowKey<'a> {
    Text(&'a str, Option<i32>),
    Year(Option<i32>, &'a str),
    Template(Option<crate::schema::Template>),
    Count(usize, bool),
}

fn row_key(items: &[Item], key: SortKey, i: usize) -> RowKey<'_> {
    let x = &items[i];
    match key {
        SortKey::Path => RowKey::Text(&x.path_str, None),
        SortKey::Agency => RowKey::Text(x.agency(), x.year()),
        SortKey::Year => RowKey::Year(x.year(), x.agency()),
        SortKey::Template => RowKey::Template(x.report().map(|r| r.template)),
        SortKey::Errors => RowKey::Count(x.errors, x.entry.report.is_err()),
        SortKey::Warnings => RowKey::Count(x.warnings, false),
        SortKey::Infos => RowKey::Count(x.infos, false),
    }
}

/// Queue columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Path,
    Agency,
    Year,
    Template,
    Errors,
    Warnings,
    Infos,
}

impl SortKey {
    const ORDER: [SortKey; 7] = [
        SortKey::Path,
        SortKey::Agency,
        SortKey::Year,
        SortKey::Template,
        SortKey::Errors,
        SortKey::Warnings,
        SortKey::Infos,
    ];

    pub fn label(self, en: bool) -> &'static str {
        match (self, en) {
            (SortKey::Path, false) => "文件",
            (SortKey::Path, true) => "file",
            (SortKey::Agency, false) => "机关",
            (SortKey::Agency, true) => "agency",
            (SortKey::Year, false) => "年度",
            (SortKey::Year, true) => "year",
            (SortKey::Template, false) => "模板",
            (SortKey::Template, true) => "template",
            (SortKey::Errors, false) => "错误",
            (SortKey::Errors, true) => "errors",
            (SortKey::Warnings, false) => "警告",
            (SortKey::Warnings, true) => "warnings",
            (SortKey::Infos, false) => "提示",
            (SortKey::Infos, true) => "info",
        }
    }
}

/// A parsed queue filter: free text plus `rule:` `sev:` `year:` `agency:` terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub text: Vec<String>,
    pub rule: Option<String>,
    pub severity: Option<Severity>,
    pub year: Option<i32>,
    pub agency: Option<String>,
    pub template: Option<String>,
    pub unreadable: bool,
    /// `assignee:me` / `assignee:NAME` / `assignee:none`.
    pub assignee: Option<AssigneeFilter>,
}

/// Whom the queue shows reports assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// The reviewer of this session.
    Me,
    /// Not assigned.
    Nobody,
    Name(String),
}

impl Filter {
    pub fn parse(s: &str) -> Filter {
        let mut f = Filter::default();
        for word in s.split_whitespace() {
            let (k, v) = match word.split_once([':', '：']) {
                Some((k, v)) if !v.is_empty() => (k.to_ascii_lowercase(), v),
                _ => {
                    f.text.push(word.to_lowercase());
                    continue;
                }
            };
            match k.as_str() {
                "rule" | "规则" => f.rule = Some(v.to_ascii_uppercase()),
                "sev" | "severity" | "级别" => {
                    f.severity = match v {
                        "error" | "错误" | "e" => Some(Severity::Error),
                        "warning" | "警告" | "w" => Some(Severity::Warning),
                        "info" | "提示" | "i" => Some(Severity::Info),
                        _ => None,
                    }
                }
                "year" | "年" | "年度" => f.year = v.parse().ok(),
                "agency" | "机关" => f.agency = Some(v.to_string()),
                "template" | "模板" => f.template = Some(v.to_ascii_lowercase()),
                "status" | "状态" if matches!(v, "unreadable" | "error" | "无法读取") => {
                    f.unreadable = true
                }
                "assignee" | "分配" | "分配给" => {
                    f.assignee = Some(match v {
                        "me" | "我" => AssigneeFilter::Me,
                        "none" | "无" | "未分配" => AssigneeFilter::Nobody,
                        name => AssigneeFilter::Name(name.to_string()),
                    })
                }
                _ => f.text.push(word.to_lowercase()),
            }
        }
        f
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Does the item pass, for reviewer `me` (`assignee:me`)?
    pub fn matches_for(&self, it: &Item, me: &str) -> bool {
        if let Some(a) = &self.assignee {
            let who = it.assignee();
            let ok = match a {
                AssigneeFilter::Me => who == Some(me),
                AssigneeFilter::Nobody => who.is_none(),
                AssigneeFilter::Name(n) => who == Some(n.as_str()),
            };
            if !ok {
                return false;
            }
        }
        self.matches(it)
    }

    /// Does the item pass (the `assignee:` term aside)?
    pub fn matches(&self, it: &Item) -> bool {
        if self.unreadable && it.entry.report.is_ok() {
            return false;
        }
        if let Some(y) = self.year
            && it.year() != Some(y)
        {
            return false;
        }
        if let Some(a) = &self.agency
            && !it.agency().contains(a.as_str())
        {
            return false;
        }
        if let Some(t) = &self.template
            && it
                .report()
                .is_none_or(|r| r.template.as_str() != t.as_str())
        {
            return false;
        }
        if let Some(sev) = self.severity {
            let n = match sev {
                Severity::Error => it.errors,
                Severity::Warning => it.warnings,
                Severity::Info => it.infos,
            };
            if n == 0 && !(sev == Severity::Error && it.entry.report.is_err()) {
                return false;
            }
        }
        if let Some(r) = &self.rule
            && !it.findings.iter().any(|f| f.rule.starts_with(r.as_str()))
        {
            return false;
        }
        if !self.text.iter().all(|t| it.hay.contains(t.as_str())) {
            return false;
        }
        true
    }
}

#[derive(Debug, Clone, Default)]
pub struct QueueView {
    /// Indices into `items`, filtered and sorted.
    pub rows: Vec<usize>,
    pub sel: usize,
    pub top: usize,
    pub sort: Option<SortKey>,
    pub desc: bool,
    pub filter_text: String,
    pub filter: Filter,
}

/// The report view's panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Source,
    Tables,
    Findings,
}

/// What drives the highlight in the report view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Cell,
    Finding,
    Line,
}

#[derive(Debug, Clone)]
pub struct Search {
    pub query: String,
    /// Byte ranges of the matches in the text.
    pub matches: Vec<std::ops::Range<usize>>,
    pub current: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ReportView {
    pub item: usize,
    pub pane: Pane,
    /// First source line shown (1-based), and how many of its wrapped rows
    /// are scrolled off (a flattened report can be one very long line).
    pub top_line: u32,
    pub top_row: u32,
    /// The source line the cursor is on.
    pub cursor: u32,
    pub table: TableId,
    /// Row and column within the current table.
    pub row: usize,
    pub col: usize,
    pub table_top: usize,
    pub finding: usize,
    pub findings_top: usize,
    pub focus: Focus,
    pub search: Option<Search>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Search,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    /// Pick the report to diff against (see [`super::diffview`]).
    DiffPicker(super::diffview::Picker),
    Help {
        scroll: usize,
    },
    Palette {
        input: String,
        sel: usize,
    },
    Prompt {
        kind: PromptKind,
        input: String,
    },
    /// A multi-line editor for a note or a dismissal reason.
    Editor(Box<super::review::Editor>),
    /// `:assign NAME`: y/n before assigning the reports the queue shows.
    ConfirmAssign {
        items: Vec<usize>,
        to: String,
        message: String,
    },
    /// A yes/no question before a review change.
    Confirm {
        item: usize,
        message: String,
        op: Box<crate::review::Op>,
    },
}

#[derive(Debug, Clone)]
pub enum Screen {
    Queue,
    Report(ReportView),
    /// The year-over-year diff (see [`super::diffview`]).
    Diff(super::diffview::DiffView),
    /// The batch overview (see [`super::overview`]).
    Overview(super::overview::OverviewView),
}

/// Loading progress of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

pub struct State {
    pub en: bool,
    pub ambiguous_wide: bool,
    pub items: Vec<Item>,
    pub pairs: Vec<Pair>,
    pub loading: Option<Progress>,
    pub size: (u16, u16),
    pub screen: Screen,
    pub queue: QueueView,
    pub overlay: Option<Overlay>,
    pub status: Option<String>,
    pub keymap: Keymap,
    pub quit: bool,
    /// A title for the header (the batch folder).
    pub batch_name: String,
    /// Who signs review changes.
    pub reviewer: String,
    /// The status bar said who is reviewing (on the first save).
    pub reviewer_shown: bool,
}

/// Minimum usable terminal size.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 16;

/// The screen areas of the report view, shared by drawing and scrolling.
#[derive(Debug, Clone, Copy)]
pub struct ReportAreas {
    pub header: Rect,
    pub source: Rect,
    pub tables: Rect,
    pub findings: Rect,
    pub status: Rect,
}

pub fn report_areas(w: u16, h: u16) -> ReportAreas {
    let header = Rect::new(0, 0, w, 1);
    let status = Rect::new(0, h.saturating_sub(1), w, 1.min(h));
    let body_h = h.saturating_sub(2);
    // Findings below, about a quarter of the body (3..=10 rows incl. border).
    let fh = (body_h / 4).clamp(3.min(body_h), 10);
    let main_h = body_h.saturating_sub(fh);
    let left_w = if w >= 120 { w * 11 / 20 } else { w / 2 };
    ReportAreas {
        header,
        source: Rect::new(0, 1, left_w, main_h),
        tables: Rect::new(left_w, 1, w - left_w, main_h),
        findings: Rect::new(0, 1 + main_h, w, fh),
        status,
    }
}

/// Rows available for the queue list (header, column header, status bar).
pub fn queue_rows(h: u16) -> usize {
    h.saturating_sub(3) as usize
}

impl State {
    pub fn new(items: Vec<Item>, en: bool) -> State {
        let mut s = State {
            en,
            ambiguous_wide: false,
            items,
            pairs: Vec::new(),
            loading: None,
            size: (80, 24),
            screen: Screen::Queue,
            queue: QueueView::default(),
            overlay: None,
            status: None,
            keymap: Keymap::default(),
            quit: false,
            batch_name: String::new(),
            reviewer: crate::review::default_reviewer(None),
            reviewer_shown: false,
        };
        s.refresh_rows();
        s
    }

    /// The keymap mode of the current screen.
    pub fn mode(&self) -> Mode {
        match self.screen {
            Screen::Queue => Mode::Queue,
            Screen::Report(_) => Mode::Report,
            Screen::Diff(_) => Mode::Diff,
            Screen::Overview(_) => Mode::Overview,
        }
    }

    /// Add loaded entries (background loading).
    pub fn add_entries(&mut self, entries: Vec<(Arc<Entry>, Option<super::review::ItemReview>)>) {
        let keep = self.queue.rows.get(self.queue.sel).copied();
        let from = self.items.len();
        self.items.extend(entries.into_iter().map(|(e, rv)| {
            let mut it = Item::new(e);
            it.review = rv;
            it
        }));
        self.append_rows(from);
        self.reselect(keep);
        self.refresh_overview(true);
    }

    /// Recount the overview's figures when it is on screen: at once, or,
    /// with `throttle` (while the batch loads), when the last count is
    /// 250 ms old, so that keys stay quick on a 20,000-report batch.
    pub fn refresh_overview(&mut self, throttle: bool) {
        if let Screen::Overview(v) = &mut self.screen {
            let recent = v
                .figures
                .as_ref()
                .is_some_and(|(_, t)| t.elapsed() < std::time::Duration::from_millis(250));
            if throttle && recent {
                return;
            }
            let f = super::overview::Figures::of(&self.items);
            v.figures = Some((Arc::new(f), std::time::Instant::now()));
        }
    }

    /// Attach the pairs and the findings across reports once loading ends.
    pub fn set_pairs(&mut self, pairs: Vec<Pair>, across: Vec<(usize, Finding)>) {
        // Only the reports that gained findings are recounted: on 20,000
        // reports this runs in one frame.
        let mut touched = vec![false; self.items.len()];
        for p in &pairs {
            if let Some(it) = self.items.get_mut(p.later)
                && !p.findings.is_empty()
            {
                it.findings.extend(p.findings.iter().cloned());
                touched[p.later] = true;
            }
        }
        for (i, f) in across {
            if let Some(it) = self.items.get_mut(i) {
                it.findings.push(f);
                touched[i] = true;
            }
        }
        for (it, _) in self.items.iter_mut().zip(touched).filter(|(_, t)| *t) {
            it.recount();
        }
        self.pairs = pairs;
        let keep = self.queue.rows.get(self.queue.sel).copied();
        self.refresh_rows();
        self.reselect(keep);
        self.refresh_overview(false);
    }

    fn reselect(&mut self, item: Option<usize>) {
        if let Some(i) = item
            && let Some(p) = self.queue.rows.iter().position(|&r| r == i)
        {
            self.queue.sel = p;
        }
        self.clamp_queue();
    }

    /// Recompute the queue's rows from the filter and sort.
    pub fn refresh_rows(&mut self) {
        let mut rows = self.shown_from(0);
        if let Some(key) = self.queue.sort {
            // Keys computed once per item (a report's fields are far away in
            // memory; comparing through them costs more than the sort).
            let items = &self.items;
            let mut keyed: Vec<(RowKey, usize)> =
                rows.iter().map(|&i| (row_key(items, key, i), i)).collect();
            // Stable: equal keys keep batch order either way.
            let desc = self.queue.desc;
            keyed.sort_by(|a, b| {
                let o = a.0.cmp(&b.0);
                if desc { o.reverse() } else { o }
            });
            rows = keyed.into_iter().map(|(_, i)| i).collect();
        }
        self.queue.rows = rows;
        self.clamp_queue();
    }

    /// The items from `from` on that the queue shows (those its filter
    /// passes, judged versions left out), in batch order.
    fn shown_from(&self, from: usize) -> Vec<usize> {
        let f = &self.queue.filter;
        (from..self.items.len())
            .filter(|&i| self.items[i].judged_of.is_none())
            .filter(|&i| f.matches_for(&self.items[i], &self.reviewer))
            .collect()
    }

    /// Add the items from `from` on (just loaded) to the queue's rows: the
    /// rows [`State::refresh_rows`] would give, without sorting the whole
    /// queue again for each frame of a 20,000-report batch being loaded.
    fn append_rows(&mut self, from: usize) {
        let mut new = self.shown_from(from);
        let Some(key) = self.queue.sort else {
            self.queue.rows.extend(new);
            self.clamp_queue();
            return;
        };
        let (items, desc) = (&self.items, self.queue.desc);
        let order = |a: usize, b: usize| {
            let o = row_key(items, key, a).cmp(&row_key(items, key, b));
            if desc { o.reverse() } else { o }
        };
        new.sort_by(|&a, &b| order(a, b));
        // Each new row goes after the old rows that are not greater: the
        // old ones come first in the batch, as a stable sort would keep them.
        let old = std::mem::take(&mut self.queue.rows);
        let mut rows = Vec::with_capacity(old.len() + new.len());
        let mut start = 0;
        for &n in &new {
            let pos = start + old[start..].partition_point(|&o| order(o, n).is_le());
            rows.extend_from_slice(&old[start..pos]);
            rows.push(n);
            start = pos;
        }
        rows.extend_from_slice(&old[start..]);
        self.queue.rows = rows;
        self.clamp_queue();
    }

    pub(super) fn clamp_queue(&mut self) {
        let n = self.queue.rows.len();
        self.queue.sel = self.queue.sel.min(n.saturating_sub(1));
        let h = queue_rows(self.size.1).max(1);
        if self.queue.sel < self.queue.top {
            self.queue.top = self.queue.sel;
        } else if self.queue.sel >= self.queue.top + h {
            self.queue.top = self.queue.sel + 1 - h;
        }
        self.queue.top = self.queue.top.min(n.saturating_sub(1));
    }

    /// Feed a key press: overlays take text; otherwise the keymap decides.
    pub fn key(&mut self, key: Key) -> Vec<Effect> {
        if let Some(ov) = self.overlay.clone() {
            return self.overlay_key(ov, key);
        }
        let mode = self.mode();
        match self.keymap.feed(mode, key) {
            Fed::Action(a, n) => self.apply(a, n),
            Fed::Pending => Vec::new(),
            Fed::Unbound => {
                self.status = Some(if self.en {
                    format!("{} is not bound (? for help)", key.display())
                } else {
                    format!("{} 未绑定（按 ? 查看帮助）", key.display())
                });
                Vec::new()
            }
        }
    }

    /// Pasted text goes to an open prompt; elsewhere it is ignored (so a
    /// paste can never fire commands).
    pub fn paste(&mut self, text: &str) {
        if let Some(Overlay::Editor(ed)) = &mut self.overlay {
            ed.area.insert_str(text);
            return;
        }
        match &mut self.overlay {
            Some(Overlay::Prompt { input, .. }) | Some(Overlay::Palette { input, .. }) => {
                input.extend(text.chars().filter(|c| !c.is_control()));
            }
            Some(Overlay::DiffPicker(p)) => p.paste(text),
            _ => {}
        }
        if matches!(
            self.overlay,
            Some(Overlay::Prompt {
                kind: PromptKind::Filter,
                ..
            })
        ) {
            self.live_filter();
        }
    }

    fn overlay_key(&mut self, ov: Overlay, key: Key) -> Vec<Effect> {
        if key.ctrl && key.code == KeyCodeOrd::Char('c') {
            return self.apply(Action::Quit, None);
        }
        match ov {
            Overlay::Editor(ed) => self.editor_key(*ed, key),
            Overlay::Confirm { item, message, op } => self.confirm_key(item, message, *op, key),
            Overlay::ConfirmAssign { items, to, message } => match key.code {
                KeyCodeOrd::Char('y') | KeyCodeOrd::Char('Y') | KeyCodeOrd::Enter => {
                    self.overlay = None;
                    vec![Effect::Assign { items, to }]
                }
                KeyCodeOrd::Char('n') | KeyCodeOrd::Char('N') | KeyCodeOrd::Esc => {
                    self.overlay = None;
                    self.status = Some(if self.en { "cancelled" } else { "已取消" }.into());
                    Vec::new()
                }
                _ => {
                    self.overlay = Some(Overlay::ConfirmAssign { items, to, message });
                    Vec::new()
                }
            },
            Overlay::Help { scroll } => {
                match key.code {
                    KeyCodeOrd::Esc | KeyCodeOrd::Char('?') | KeyCodeOrd::Char('q') => {
                        self.overlay = None
                    }
                    KeyCodeOrd::Char('j') | KeyCodeOrd::Down => {
                        self.overlay = Some(Overlay::Help { scroll: scroll + 1 })
                    }
                    KeyCodeOrd::Char('k') | KeyCodeOrd::Up => {
                        self.overlay = Some(Overlay::Help {
                            scroll: scroll.saturating_sub(1),
                        })
                    }
                    KeyCodeOrd::Char('d') | KeyCodeOrd::PageDown => {
                        self.overlay = Some(Overlay::Help {
                            scroll: scroll + 10,
                        })
                    }
                    KeyCodeOrd::Char('u') | KeyCodeOrd::PageUp => {
                        self.overlay = Some(Overlay::Help {
                            scroll: scroll.saturating_sub(10),
                        })
                    }
                    _ => {}
                }
                Vec::new()
            }
            Overlay::Palette { mut input, mut sel } => {
                match key.code {
                    KeyCodeOrd::Esc => {
                        self.overlay = None;
                        return Vec::new();
                    }
                    KeyCodeOrd::Enter => {
                        self.overlay = None;
                        if let Some(effects) = self.palette_command(&input) {
                            return effects;
                        }
                        let list = palette_matches(&input, self.en);
                        if let Some(&a) = list.get(sel) {
                            return self.apply(a, None);
                        }
                        return Vec::new();
                    }
                    KeyCodeOrd::Backspace => {
                        input.pop();
                        sel = 0;
                    }
                    KeyCodeOrd::Down => sel += 1,
                    KeyCodeOrd::Up => sel = sel.saturating_sub(1),
                    KeyCodeOrd::Char('n') if key.ctrl => sel += 1,
                    KeyCodeOrd::Char('p') if key.ctrl => sel = sel.saturating_sub(1),
                    KeyCodeOrd::Char(c) if !key.ctrl && !key.alt => {
                        input.push(c);
                        sel = 0;
                    }
                    _ => {}
                }
                let n = palette_matches(&input, self.en).len();
                self.overlay = Some(Overlay::Palette {
                    input,
                    sel: sel.min(n.saturating_sub(1)),
                });
                Vec::new()
            }
            Overlay::Prompt { kind, mut input } => {
                match key.code {
                    KeyCodeOrd::Esc => {
                        self.overlay = None;
                        if kind == PromptKind::Filter {
                            // Esc restores the filter that was in force.
                            self.queue.filter = Filter::parse(&self.queue.filter_text);
                            self.refresh_rows();
                        }
                        return Vec::new();
                    }
                    KeyCodeOrd::Enter => {
                        self.overlay = None;
                        match kind {
                            PromptKind::Filter => {
                                self.queue.filter_text = input.trim().to_string();
                                self.queue.filter = Filter::parse(&self.queue.filter_text);
                                self.refresh_rows();
                            }
                            PromptKind::Search => self.run_search(input.trim()),
                        }
                        return Vec::new();
                    }
                    KeyCodeOrd::Backspace => {
                        input.pop();
                    }
                    KeyCodeOrd::Char('u') if key.ctrl => input.clear(),
                    KeyCodeOrd::Char(c) if !key.ctrl && !key.alt => input.push(c),
                    _ => {}
                }
                self.overlay = Some(Overlay::Prompt { kind, input });
                if kind == PromptKind::Filter {
                    self.live_filter();
                }
                Vec::new()
            }
            Overlay::DiffPicker(p) => self.picker_key(p, key),
        }
    }

    /// The queue follows the filter as it is typed.
    fn live_filter(&mut self) {
        if let Some(Overlay::Prompt {
            kind: PromptKind::Filter,
            input,
        }) = &self.overlay
        {
            self.queue.filter = Filter::parse(input);
            self.refresh_rows();
        }
    }

    /// Apply an action `count` times where that makes sense.
    pub fn apply(&mut self, a: Action, count: Option<u32>) -> Vec<Effect> {
        let n = count.unwrap_or(1).max(1) as usize;
        if !matches!(a, Action::Up | Action::Down) {
            self.status = None;
        }
        match a {
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                return Vec::new();
            }
            Action::Palette => {
                self.overlay = Some(Overlay::Palette {
                    input: String::new(),
                    sel: 0,
                });
                return Vec::new();
            }
            Action::OpenDiff | Action::PickDiff if !matches!(self.screen, Screen::Diff(_)) => {
                // A report replaced since its verdict: what changed since.
                let item = match &self.screen {
                    Screen::Queue => self.queue.rows.get(self.queue.sel).copied(),
                    Screen::Report(v) => Some(v.item),
                    Screen::Diff(_) | Screen::Overview(_) => None,
                };
                if a == Action::OpenDiff
                    && let Some(item) = item
                    && self.items.get(item).and_then(super::review::status_of)
                        == Some(crate::review::Status::Stale)
                {
                    return vec![Effect::SinceVerdict { item }];
                }
                self.open_diff_here(a == Action::PickDiff);
                return Vec::new();
            }
            Action::ToggleLang => {
                self.en = !self.en;
                return Vec::new();
            }
            Action::Overview => {
                self.screen = Screen::Overview(Default::default());
                self.refresh_overview(false);
                return Vec::new();
            }
            Action::Annotate
            | Action::ConfirmFinding
            | Action::DismissFinding
            | Action::Approve
            | Action::RequestChanges
            | Action::Reject
            | Action::Undo
            | Action::NextUnreviewed => return self.review_action(a),
            _ => {}
        }
        match self.screen.clone() {
            Screen::Queue => self.apply_queue(a, n, count),
            Screen::Report(v) => self.apply_report(v, a, n, count),
            Screen::Diff(v) => self.apply_diff(v, a, n),
            Screen::Overview(v) => self.apply_overview(v, a, n),
        }
        Vec::new()
    }

    /// Keys on the overview: panels, selection, Enter filters the queue.
    fn apply_overview(&mut self, mut v: super::overview::OverviewView, a: Action, n: usize) {
        let f = v.figures_of(&self.items);
        let len = f.len(v.panel);
        let n = n as isize;
        match a {
            Action::NextPane => v.next_panel(false),
            Action::PrevPane => v.next_panel(true),
            Action::Down | Action::Right => v.step(n, len),
            Action::Up | Action::Left => v.step(-n, len),
            Action::HalfPageDown => v.step(5 * n, len),
            Action::HalfPageUp => v.step(-5 * n, len),
            Action::Top => v.sel = 0,
            Action::Bottom => v.step(isize::MAX / 2, len),
            Action::Back => {
                self.screen = Screen::Queue;
                return;
            }
            Action::Open => {
                if let Some(text) = v.filter(&f) {
                    self.queue.filter_text = text;
                    self.queue.filter = Filter::parse(&self.queue.filter_text);
                    self.refresh_rows();
                    self.queue.sel = 0;
                    self.screen = Screen::Queue;
                }
                return;
            }
            _ => {}
        }
        self.screen = Screen::Overview(v);
    }

    fn apply_queue(&mut self, a: Action, n: usize, count: Option<u32>) {
        let len = self.queue.rows.len();
        let half = (queue_rows(self.size.1) / 2).max(1);
        let q = &mut self.queue;
        match a {
            Action::Down => q.sel = (q.sel + n).min(len.saturating_sub(1)),
            Action::Up => q.sel = q.sel.saturating_sub(n),
            Action::HalfPageDown => q.sel = (q.sel + half * n).min(len.saturating_sub(1)),
            Action::HalfPageUp => q.sel = q.sel.saturating_sub(half * n),
            Action::Top => q.sel = 0,
            Action::Bottom => {
                q.sel = count
                    .map(|c| c as usize - 1)
                    .unwrap_or(usize::MAX)
                    .min(len.saturating_sub(1))
            }
            Action::Open => {
                if let Some(&i) = q.rows.get(q.sel) {
                    self.open_report(i);
                }
                return;
            }
            Action::Filter => {
                self.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::Filter,
                    input: q.filter_text.clone(),
                });
            }
            Action::ClearFilter | Action::Back => {
                if !q.filter.is_empty() {
                    q.filter_text.clear();
                    q.filter = Filter::default();
                    let keep = q.rows.get(q.sel).copied();
                    self.refresh_rows();
                    self.reselect(keep);
                }
                return;
            }
            Action::SortNext => {
                let i = q
                    .sort
                    .and_then(|s| SortKey::ORDER.iter().position(|&k| k == s));
                q.sort =
                    Some(SortKey::ORDER[i.map(|i| (i + 1) % SortKey::ORDER.len()).unwrap_or(1)]);
                q.desc = matches!(
                    q.sort,
                    Some(SortKey::Errors | SortKey::Warnings | SortKey::Infos)
                );
                let keep = q.rows.get(q.sel).copied();
                self.refresh_rows();
                self.reselect(keep);
                return;
            }
            Action::SortReverse => {
                if q.sort.is_none() {
                    q.sort = Some(SortKey::Path);
                }
                q.desc = !q.desc;
                let keep = q.rows.get(q.sel).copied();
                self.refresh_rows();
                self.reselect(keep);
                return;
            }
            Action::SeverityFilter => {
                q.filter.severity = match q.filter.severity {
                    None => Some(Severity::Error),
                    Some(Severity::Error) => Some(Severity::Warning),
                    _ => None,
                };
                let mut words: Vec<String> = q
                    .filter_text
                    .split_whitespace()
                    .filter(|w| !w.starts_with("sev:"))
                    .map(str::to_string)
                    .collect();
                if let Some(s) = q.filter.severity {
                    words.push(format!("sev:{}", s.as_str()));
                }
                q.filter_text = words.join(" ");
                let keep = q.rows.get(q.sel).copied();
                self.refresh_rows();
                self.reselect(keep);
                return;
            }
            _ => {}
        }
        self.clamp_queue();
    }

    /// Open the report view on item `i`.
    pub fn open_report(&mut self, i: usize) {
        let mut v = ReportView {
            item: i,
            pane: Pane::Findings,
            top_line: 1,
            top_row: 0,
            cursor: 1,
            table: TableId::T3,
            row: 0,
            col: 0,
            table_top: 0,
            finding: 0,
            findings_top: 0,
            focus: Focus::Line,
            search: None,
        };
        let has_findings = self.items.get(i).is_some_and(|it| !it.findings.is_empty());
        if has_findings {
            self.select_finding(&mut v, 0);
        } else {
            v.pane = Pane::Tables;
            v.focus = Focus::Cell;
            self.follow_cell(&mut v);
        }
        self.screen = Screen::Report(v);
        self.keymap.reset();
    }

    fn table_rows(&self, v: &ReportView) -> Vec<&'static RowSpec> {
        self.items[v.item]
            .report()
            .map(|r| r.schema().rows_of(v.table).collect())
            .unwrap_or_default()
    }

    /// The cell index under the table cursor.
    pub fn current_cell(&self, v: &ReportView) -> Option<usize> {
        let rows = self.table_rows(v);
        let row = rows.get(v.row)?;
        Some(row.cell(v.col.min(row.cols.len() - 1)))
    }

    fn source_height(&self) -> u32 {
        let a = report_areas(self.size.0, self.size.1);
        a.source.height.saturating_sub(2).max(1) as u32
    }

    /// The wrapped rows of a source line in the source pane: for each row,
    /// its byte range within the line.
    fn line_wrap(&self, r: &Report, line: u32) -> Vec<std::ops::Range<usize>> {
        let a = report_areas(self.size.0, self.size.1);
        let nlines = r.lines.count() as u32;
        let gutter = nlines.to_string().len() + 1;
        let tw = (a.source.width.saturating_sub(2) as usize)
            .saturating_sub(gutter + 1)
            .max(2);
        let text = r.text();
        let range = r.lines.line_range(text, line);
        super::text::wrap_ranges(&text[range], tw, self.ambiguous_wide)
    }

    fn line_rows(&self, r: &Report, line: u32) -> u32 {
        self.line_wrap(r, line).len() as u32
    }

    /// Move the source cursor to `line` (and, within it, to byte `offset`
    /// of the text), scrolling by wrapped rows so that it is visible — a
    /// third of the way down when it was not.
    fn scroll_source_to(&self, v: &mut ReportView, line: u32) {
        self.scroll_source_at(v, line, None);
    }

    fn scroll_source_at(&self, v: &mut ReportView, line: u32, offset: Option<usize>) {
        let h = self.source_height();
        let line = line.max(1);
        v.cursor = line;
        let Some(r) = self.items[v.item].report() else {
            return;
        };
        let start = r.lines.line_range(r.text(), line).start;
        let target_row = match offset {
            Some(o) if o >= start => self
                .line_wrap(r, line)
                .iter()
                .position(|b| b.contains(&(o - start)))
                .unwrap_or(0) as u32,
            _ => 0,
        };
        // Rows from the top of the pane to the target row.
        let visible = (line, target_row) >= (v.top_line, v.top_row) && {
            let mut rows = 0u32;
            let mut l = v.top_line;
            while l < line && rows <= h {
                rows += self.line_rows(r, l);
                l += 1;
            }
            rows = rows.saturating_sub(v.top_row) + target_row;
            rows < h
        };
        if visible {
            return;
        }
        // Put the target a third of the way down.
        let mut back = h / 3;
        if target_row >= back {
            v.top_line = line;
            v.top_row = target_row - back;
            return;
        }
        back -= target_row;
        let mut top = line;
        while top > 1 && back > 0 {
            top -= 1;
            let n = self.line_rows(r, top);
            if n >= back {
                v.top_line = top;
                v.top_row = n - back;
                return;
            }
            back -= n;
        }
        v.top_line = top;
        v.top_row = 0;
    }

    /// Scroll the source pane by `n` wrapped rows (negative: up).
    fn scroll_rows(&self, v: &mut ReportView, n: i64) {
        let Some(r) = self.items[v.item].report() else {
            return;
        };
        let nlines = r.lines.count() as u32;
        let mut n = n;
        while n > 0 {
            let rows = self.line_rows(r, v.top_line);
            if v.top_row + 1 < rows {
                v.top_row += 1;
            } else if v.top_line < nlines {
                v.top_line += 1;
                v.top_row = 0;
            } else {
                break;
            }
            n -= 1;
        }
        while n < 0 {
            if v.top_row > 0 {
                v.top_row -= 1;
            } else if v.top_line > 1 {
                v.top_line -= 1;
                v.top_row = self.line_rows(r, v.top_line).saturating_sub(1);
            } else {
                break;
            }
            n += 1;
        }
        v.cursor = v.top_line;
    }

    /// Scroll the source to the selected cell and mark it as the focus.
    fn follow_cell(&self, v: &mut ReportView) {
        v.focus = Focus::Cell;
        if let (Some(c), Some(r)) = (self.current_cell(v), self.items[v.item].report())
            && let Some(sp) = r.cells[c].span
        {
            self.scroll_source_at(v, sp.line, Some(sp.start as usize));
        }
        let rows = self.table_rows(v).len();
        let a = report_areas(self.size.0, self.size.1);
        let h = a.tables.height.saturating_sub(5).max(1) as usize;
        if v.row < v.table_top {
            v.table_top = v.row;
        } else if v.row >= v.table_top + h {
            v.table_top = v.row + 1 - h;
        }
        v.table_top = v.table_top.min(rows.saturating_sub(1));
    }

    /// Select finding `k`: its cells and lines become the highlight.
    fn select_finding(&self, v: &mut ReportView, k: usize) {
        let it = &self.items[v.item];
        if it.findings.is_empty() {
            return;
        }
        v.finding = k.min(it.findings.len() - 1);
        v.focus = Focus::Finding;
        let f = &it.findings[v.finding];
        if let Some(r) = it.report() {
            // Put the table cursor on the finding's first cell.
            if let Some(key) = f.cells.first()
                && let Some(idx) = r.schema().index(key)
            {
                let (row, _) = r.schema().locate(idx);
                v.table = row.table;
                let rows: Vec<&RowSpec> = r.schema().rows_of(row.table).collect();
                v.row = rows.iter().position(|x| x.key == row.key).unwrap_or(0);
                v.col = idx - row.first_cell;
            }
            // The quoted text, else the first cell: line and exact offset.
            let cell_span = f.cells.first().and_then(|k| r.cell(k)).and_then(|c| c.span);
            let target = match (f.spans.first(), f.lines.first(), cell_span) {
                (Some(&(a, _)), _, _) => Some((r.lines.line(a), Some(a))),
                (None, Some(&l), Some(sp)) if sp.line == l => Some((l, Some(sp.start as usize))),
                (None, Some(&l), _) => Some((l, None)),
                (None, None, Some(sp)) => Some((sp.line, Some(sp.start as usize))),
                _ => None,
            };
            if let Some((l, off)) = target {
                self.scroll_source_at(v, l, off);
            }
        }
        let a = report_areas(self.size.0, self.size.1);
        let h = a.findings.height.saturating_sub(2).max(1) as usize;
        if v.finding < v.findings_top {
            v.findings_top = v.finding;
        } else if v.finding >= v.findings_top + h {
            v.findings_top = v.finding + 1 - h;
        }
        // Keep the table rows in view too.
        let rows = self.table_rows(v).len();
        let th = a.tables.height.saturating_sub(5).max(1) as usize;
        if v.row < v.table_top || v.row >= v.table_top + th {
            v.table_top = v.row.saturating_sub(th / 2).min(rows.saturating_sub(1));
        }
    }

    fn apply_report(&mut self, mut v: ReportView, a: Action, n: usize, count: Option<u32>) {
        let Some(it) = self.items.get(v.item) else {
            self.screen = Screen::Queue;
            return;
        };
        let nfind = it.findings.len();
        let nlines = it.report().map(|r| r.lines.count() as u32).unwrap_or(1);
        let half = (self.source_height() / 2).max(1) as usize;
        match a {
            Action::Back => {
                let item = v.item;
                self.screen = Screen::Queue;
                self.reselect(Some(item));
                return;
            }
            Action::NextPane | Action::PrevPane => {
                let order = [Pane::Source, Pane::Tables, Pane::Findings];
                let i = order.iter().position(|&p| p == v.pane).unwrap_or(0);
                let j = if a == Action::NextPane {
                    (i + 1) % 3
                } else {
                    (i + 2) % 3
                };
                v.pane = order[j];
                match v.pane {
                    Pane::Tables => self.follow_cell(&mut v),
                    Pane::Findings if nfind > 0 => {
                        let k = v.finding;
                        self.select_finding(&mut v, k);
                    }
                    Pane::Source => v.focus = Focus::Line,
                    _ => {}
                }
            }
            Action::NextFinding | Action::PrevFinding => {
                if nfind == 0 {
                    self.status = Some(if self.en {
                        "no findings".into()
                    } else {
                        "本报告没有发现问题".into()
                    });
                } else {
                    let k = if v.focus != Focus::Finding {
                        if a == Action::NextFinding {
                            0
                        } else {
                            nfind - 1
                        }
                    } else if a == Action::NextFinding {
                        (v.finding + n).min(nfind - 1)
                    } else {
                        v.finding.saturating_sub(n)
                    };
                    if v.focus == Focus::Finding && k == v.finding {
                        self.status = Some(if self.en {
                            "no more findings".into()
                        } else {
                            "已是最后一个问题".into()
                        });
                    }
                    self.select_finding(&mut v, k);
                }
            }
            Action::NextReport | Action::PrevReport => {
                let pos = self.queue.rows.iter().position(|&r| r == v.item);
                let next = pos.and_then(|p| {
                    if a == Action::NextReport {
                        self.queue.rows.get(p + n).copied()
                    } else {
                        p.checked_sub(n)
                            .and_then(|q| self.queue.rows.get(q).copied())
                    }
                });
                if let Some(i) = next {
                    if let Some(p) = self.queue.rows.iter().position(|&r| r == i) {
                        self.queue.sel = p;
                    }
                    self.clamp_queue();
                    self.open_report(i);
                    return;
                }
            }
            Action::Table2 | Action::Table3 | Action::Table4 | Action::NextTable => {
                v.table = match a {
                    Action::Table2 => TableId::T2,
                    Action::Table3 => TableId::T3,
                    Action::Table4 => TableId::T4,
                    _ => match v.table {
                        TableId::T2 => TableId::T3,
                        TableId::T3 => TableId::T4,
                        TableId::T4 => TableId::T2,
                    },
                };
                v.row = 0;
                v.col = 0;
                v.table_top = 0;
                v.pane = Pane::Tables;
                self.follow_cell(&mut v);
            }
            Action::Search => {
                self.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::Search,
                    input: v
                        .search
                        .as_ref()
                        .map(|s| s.query.clone())
                        .unwrap_or_default(),
                });
            }
            Action::SearchNext | Action::SearchPrev => {
                if let Some(s) = v.search.as_mut()
                    && !s.matches.is_empty()
                {
                    let m = s.matches.len();
                    let cur = s.current.unwrap_or(0);
                    let k = if a == Action::SearchNext {
                        (cur + n) % m
                    } else {
                        (cur + m - n % m) % m
                    };
                    s.current = Some(k);
                    let off = s.matches[k].start;
                    if let Some(r) = self.items[v.item].report() {
                        let line = r.lines.line(off);
                        v.pane = Pane::Source;
                        v.focus = Focus::Line;
                        self.scroll_source_at(&mut v, line, Some(off));
                    }
                }
            }
            Action::Open => match v.pane {
                Pane::Findings => {
                    if let Some(f) = self.items[v.item].findings.get(v.finding) {
                        if f.cells.is_empty() {
                            v.pane = Pane::Source;
                        } else {
                            v.pane = Pane::Tables;
                            self.follow_cell(&mut v);
                        }
                    }
                }
                Pane::Tables => {
                    v.pane = Pane::Source;
                    v.focus = Focus::Cell;
                }
                Pane::Source => {
                    let line = v.cursor;
                    let k = self.items[v.item]
                        .findings
                        .iter()
                        .position(|f| f.lines.contains(&line));
                    if let Some(k) = k {
                        v.pane = Pane::Findings;
                        self.select_finding(&mut v, k);
                    }
                }
            },
            Action::Up
            | Action::Down
            | Action::HalfPageUp
            | Action::HalfPageDown
            | Action::Top
            | Action::Bottom => {
                let down = matches!(a, Action::Down | Action::HalfPageDown | Action::Bottom);
                let step = match a {
                    Action::HalfPageUp | Action::HalfPageDown => half * n,
                    Action::Top | Action::Bottom => usize::MAX / 2,
                    _ => n,
                };
                let goto = if matches!(a, Action::Bottom | Action::Top) {
                    count
                } else {
                    None
                };
                match v.pane {
                    Pane::Source if matches!(a, Action::HalfPageUp | Action::HalfPageDown) => {
                        // Half pages scroll by wrapped rows: long lines too.
                        let rows = (half * n) as i64;
                        v.focus = Focus::Line;
                        self.scroll_rows(&mut v, if down { rows } else { -rows });
                    }
                    Pane::Source => {
                        let target = match goto {
                            Some(l) => l.clamp(1, nlines),
                            None if down => (v.cursor as usize)
                                .saturating_add(step)
                                .min(nlines as usize)
                                as u32,
                            None => (v.cursor as usize).saturating_sub(step).max(1) as u32,
                        };
                        v.focus = Focus::Line;
                        self.scroll_source_to(&mut v, target);
                    }
                    Pane::Tables => {
                        let rows = self.table_rows(&v).len();
                        v.row = match goto {
                            Some(r) => (r as usize).saturating_sub(1).min(rows.saturating_sub(1)),
                            None if down => v.row.saturating_add(step).min(rows.saturating_sub(1)),
                            None => v.row.saturating_sub(step),
                        };
                        let cols = self
                            .table_rows(&v)
                            .get(v.row)
                            .map(|r| r.cols.len())
                            .unwrap_or(1);
                        v.col = v.col.min(cols - 1);
                        self.follow_cell(&mut v);
                    }
                    Pane::Findings => {
                        if nfind > 0 {
                            let k = match goto {
                                Some(r) => (r as usize).saturating_sub(1),
                                None if down => v.finding.saturating_add(step),
                                None => v.finding.saturating_sub(step),
                            };
                            self.select_finding(&mut v, k.min(nfind - 1));
                        }
                    }
                }
            }
            Action::Left | Action::Right if v.pane == Pane::Tables => {
                let cols = self
                    .table_rows(&v)
                    .get(v.row)
                    .map(|r| r.cols.len())
                    .unwrap_or(1);
                v.col = if a == Action::Right {
                    (v.col + n).min(cols - 1)
                } else {
                    v.col.saturating_sub(n)
                };
                self.follow_cell(&mut v);
            }
            _ => {}
        }
        self.screen = Screen::Report(v);
    }

    fn run_search(&mut self, query: &str) {
        let Screen::Report(mut v) = self.screen.clone() else {
            return;
        };
        if query.is_empty() {
            v.search = None;
            self.screen = Screen::Report(v);
            return;
        }
        let Some(r) = self.items[v.item].report() else {
            return;
        };
        let text = r.text();
        let ql = query.to_lowercase();
        let mut matches = Vec::new();
        if !ql.is_empty() {
            // Case-insensitive for ASCII; Chinese matches as typed.
            let hay = text.to_ascii_lowercase();
            let q = ql.to_ascii_lowercase();
            let mut from = 0;
            while let Some(i) = hay[from..].find(&q) {
                matches.push(from + i..from + i + q.len());
                from += i + q.len().max(1);
            }
        }
        let cur_off = r.lines.line_range(text, v.cursor).start;
        let current = matches
            .iter()
            .position(|m| m.start >= cur_off)
            .or(if matches.is_empty() { None } else { Some(0) });
        if let Some(k) = current {
            let line = r.lines.line(matches[k].start);
            v.pane = Pane::Source;
            v.focus = Focus::Line;
            self.scroll_source_at(&mut v, line, Some(matches[k].start));
        } else {
            self.status = Some(if self.en {
                format!("not found: {query}")
            } else {
                format!("未找到：{query}")
            });
        }
        v.search = Some(Search {
            query: query.to_string(),
            matches,
            current,
        });
        self.screen = Screen::Report(v);
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.clamp_queue();
    }
}

/// Actions matching a palette query, best first (fuzzy: the query's
/// characters in order, in the name or the description).
pub fn palette_matches(query: &str, en: bool) -> Vec<Action> {
    let q: Vec<char> = query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut scored: Vec<(i64, Action)> = Action::ALL
        .iter()
        .filter_map(|&a| {
            let hay = format!("{} {}", a.name(), a.describe(en)).to_lowercase();
            fuzzy_score(&q, &hay).map(|s| (s, a))
        })
        .collect();
    scored.sort_by_key(|&(s, a)| (std::cmp::Reverse(s), a));
    scored.into_iter().map(|(_, a)| a).collect()
}

fn fuzzy_score(q: &[char], hay: &str) -> Option<i64> {
    if q.is_empty() {
        return Some(0);
    }
    let h: Vec<char> = hay.chars().collect();
    let mut qi = 0;
    let mut score = 0i64;
    let mut last: Option<usize> = None;
    for (i, &c) in h.iter().enumerate() {
        if qi < q.len() && c == q[qi] {
            score += match last {
                Some(l) if l + 1 == i => 5,
                _ => 1,
            };
            if i == 0 || !h[i - 1].is_alphanumeric() {
                score += 3;
            }
            last = Some(i);
            qi += 1;
        }
    }
    (qi == q.len()).then_some(score - h.len() as i64 / 10)
}
