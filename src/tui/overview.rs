//! The batch overview (`o` from the queue, `:overview`): what a supervisor
//! reports upward. Review progress, failing findings by rule and by family,
//! the bodies with the most errors, reports by year and template, and how
//! well the cells were read. The figures are computed from the loaded items
//! when the screen opens and again as the batch changes (at most every
//! 250 ms while it loads, see `State::refresh_overview`), so the screen fills
//! in while the batch loads and a key costs no recount of 20,000 reports.
//!
//! The screen owns its state ([`OverviewView`]): which panel is focused and
//! which bar or row is selected. Enter turns the selection into a queue
//! filter ([`OverviewView::filter`]) and returns to the queue.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use super::app::Item;
use crate::rules::{Severity, Status};

/// A panel whose bars or rows can be selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Rules,
    Families,
    Bodies,
    YearsTemplates,
    Unread,
}

impl Panel {
    pub const ORDER: [Panel; 5] = [
        Panel::Rules,
        Panel::Families,
        Panel::Bodies,
        Panel::YearsTemplates,
        Panel::Unread,
    ];
}

/// The overview screen's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewView {
    pub panel: Panel,
    pub sel: usize,
    /// The figures shown, and when they were computed; `None`: computed
    /// from the items when drawn.
    pub figures: Option<(Arc<Figures>, Instant)>,
}

impl Default for OverviewView {
    fn default() -> Self {
        OverviewView {
            panel: Panel::Rules,
            sel: 0,
            figures: None,
        }
    }
}

/// One failing rule (or family): how many failing findings, and whether
/// they are errors or warnings (errors win).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub key: String,
    pub count: usize,
    pub severity: Severity,
}

/// The figures of the batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub total: usize,
    pub reviewed: usize,
    pub stale: usize,
    /// Reviewer → (reports signed, findings decided).
    pub reviewers: Vec<(String, usize, usize)>,
    pub rules: Vec<Bar>,
    pub families: Vec<Bar>,
    /// Agency → reports with errors' error count, most first.
    pub bodies: Vec<(String, usize)>,
    pub years: Vec<(i32, usize)>,
    pub templates: Vec<(String, usize)>,
    /// Cells: number, blank, unparsed, ambiguous.
    pub cells: [usize; 4],
    /// File name → unparsed + ambiguous cells, most first.
    pub unread: Vec<(String, usize)>,
}

/// The rule families, in the catalogue's order.
pub const FAMILIES: [char; 8] = ['S', 'A', 'L', 'T', 'X', 'N', 'F', 'Q'];

impl Figures {
    pub fn of(items: &[Item]) -> Figures {
        // A stale report's judged version, kept for its re-review diff, is
        // not a report of the batch.
        let items: Vec<&Item> = items.iter().filter(|it| it.judged_of.is_none()).collect();
        let mut f = Figures {
            total: items.len(),
            ..Figures::default()
        };
        let mut rules: HashMap<&'static str, (usize, Severity)> = HashMap::new();
        let mut bodies: HashMap<&str, usize> = HashMap::new();
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        let mut templates: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut reviewers: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for &it in &items {
            match super::review::status_of(it) {
                Some(crate::review::Status::Stale) => f.stale += 1,
                Some(st) if st.is_reviewed() => f.reviewed += 1,
                _ => {}
            }
            if let Some(Ok(file)) = it.review.as_ref().map(|r| r.file.as_ref()) {
                if !file.verdict.reviewer.is_empty() {
                    reviewers
                        .entry(file.verdict.reviewer.as_str())
                        .or_default()
                        .0 += 1;
                }
                for d in &file.decisions {
                    reviewers.entry(d.reviewer.as_str()).or_default().1 += 1;
                }
            }
            for x in it.findings.iter().filter(|x| x.status == Status::Fail) {
                let e = rules.entry(x.rule).or_insert((0, x.severity));
                e.0 += 1;
                e.1 = e.1.min(x.severity);
            }
            if it.errors > 0 {
                *bodies.entry(it.agency()).or_default() += it.errors;
            }
            let Some(r) = it.report() else { continue };
            if let Some(y) = r.year {
                *years.entry(y).or_default() += 1;
            }
            *templates.entry(r.template.as_str()).or_default() += 1;
            let c = it.cells;
            for (a, b) in f.cells.iter_mut().zip(c) {
                *a += b;
            }
            if c[2] + c[3] > 0 {
                f.unread.push((it.file_name(), c[2] + c[3]));
            }
        }
        f.rules = rules
            .into_iter()
            .map(|(k, (count, severity))| Bar {
                key: k.to_string(),
                count,
                severity,
            })
            .collect();
        f.rules
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
        f.families = FAMILIES
            .iter()
            .map(|&c| {
                let of: Vec<&Bar> = f.rules.iter().filter(|b| b.key.starts_with(c)).collect();
                Bar {
                    key: c.to_string(),
                    count: of.iter().map(|b| b.count).sum(),
                    severity: of
                        .iter()
                        .map(|b| b.severity)
                        .min()
                        .unwrap_or(Severity::Info),
                }
            })
            .collect();
        f.bodies = bodies
            .into_iter()
            .map(|(a, n)| (a.to_string(), n))
            .collect();
        f.bodies
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        f.years = years.into_iter().rev().collect();
        f.templates = templates
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        f.unread
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        f.reviewers = reviewers
            .into_iter()
            .map(|(r, (signed, decided))| (r.to_string(), signed, decided))
            .collect();
        f
    }

    /// How many selectable entries a panel has.
    pub fn len(&self, p: Panel) -> usize {
        match p {
            Panel::Rules => self.rules.len(),
            Panel::Families => self.families.len(),
            Panel::Bodies => self.bodies.len(),
            Panel::YearsTemplates => self.years.len() + self.templates.len(),
            Panel::Unread => self.unread.len(),
        }
    }
}

impl OverviewView {
    /// The figures to show: the computed ones, or computed now.
    pub fn figures_of(&self, items: &[Item]) -> Arc<Figures> {
        match &self.figures {
            Some((f, _)) => Arc::clone(f),
            None => Arc::new(Figures::of(items)),
        }
    }

    pub fn next_panel(&mut self, back: bool) {
        let i = Panel::ORDER
            .iter()
            .position(|&p| p == self.panel)
            .unwrap_or(0);
        let n = Panel::ORDER.len();
        self.panel = Panel::ORDER[if back { (i + n - 1) % n } else { (i + 1) % n }];
        self.sel = 0;
    }

    /// Move the selection by `d` within the panel's `len` entries.
    pub fn step(&mut self, d: isize, len: usize) {
        let last = len.saturating_sub(1) as isize;
        self.sel = (self.sel as isize + d).clamp(0, last.max(0)) as usize;
    }

    /// The queue filter the selection stands for.
    pub fn filter(&self, f: &Figures) -> Option<String> {
        match self.panel {
            Panel::Rules => f.rules.get(self.sel).map(|b| format!("rule:{}", b.key)),
            Panel::Families => f
                .families
                .get(self.sel)
                .filter(|b| b.count > 0)
                .map(|b| format!("rule:{}", b.key)),
            // Agency names hold no spaces; a filter word ends at one.
            Panel::Bodies => f.bodies.get(self.sel).and_then(|(a, _)| {
                let a = a.split_whitespace().next()?;
                Some(format!("agency:{a}"))
            }),
            Panel::YearsTemplates => {
                if let Some((y, _)) = f.years.get(self.sel) {
                    Some(format!("year:{y}"))
                } else {
                    f.templates
                        .get(self.sel - f.years.len())
                        .map(|(t, _)| format!("template:{t}"))
                }
            }
            Panel::Unread => f
                .unread
                .get(self.sel)
                .and_then(|(name, _)| Some(name.split_whitespace().next()?.to_lowercase())),
        }
    }
}
