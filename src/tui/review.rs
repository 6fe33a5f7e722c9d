//! Review in the workbench: notes, decisions and verdicts.
//!
//! Keys become [`Effect::Review`]s; [`Io::run`] saves each one at once
//! (atomically, through [`crate::review::Store`]) and feeds the saved file
//! back into the state. Nothing here writes to disk by itself.

use std::path::PathBuf;
use std::time::SystemTime;

use ratatui_textarea::{TextArea, WrapMode};

use super::action::Action;
use super::app::{Effect, Focus, Overlay, Pane, Screen, State};
use super::keymap::{Key, KeyCodeOrd};
use crate::review::{
    Anchor, DecisionKind, Op, ReviewError, ReviewFile, Status, Store, Verdict, finding_key,
};
use crate::rules::Finding;
use crate::schema::SectionId;

/// One report's review state in the workbench.
#[derive(Debug, Clone)]
pub struct ItemReview {
    /// Index of its store in [`Io::stores`].
    pub store: usize,
    /// The report's path relative to the store's batch folder.
    pub rel: PathBuf,
    /// The review file, or why it cannot be changed (the report is then
    /// read-only).
    pub file: Result<ReviewFile, String>,
    /// The state file as last seen, to notice other writers.
    pub fingerprint: Option<(u64, SystemTime)>,
}

/// What an open editor is for.
#[derive(Debug, Clone)]
pub enum EditPurpose {
    Note {
        item: usize,
        anchor: Anchor,
        edit: Option<String>,
    },
    Dismiss {
        item: usize,
        finding: Box<Finding>,
    },
}

/// The multi-line editor overlay.
#[derive(Debug, Clone)]
pub struct Editor {
    pub purpose: EditPurpose,
    pub title: String,
    pub area: TextArea<'static>,
}

impl Editor {
    fn new(purpose: EditPurpose, title: String, text: &str, en: bool) -> Editor {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_placeholder_text(if en {
            "Type here. Ctrl-S saves, Esc cancels."
        } else {
            "在此输入。Ctrl-S 保存，Esc 取消。"
        });
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            purpose,
            title,
            area,
        }
    }
}

/// The review status of an item, for the queue and the header.
pub fn status_of(it: &super::app::Item) -> Option<Status> {
    let rv = it.review.as_ref()?;
    let file = rv.file.as_ref().ok()?;
    Some(file.status(&it.entry.sha256))
}

fn status_label(st: Status, en: bool) -> &'static str {
    if en { st.en() } else { st.zh() }
}

impl State {
    /// The item the current screen is about.
    pub fn current_item(&self) -> Option<usize> {
        match &self.screen {
            Screen::Queue => self.queue.rows.get(self.queue.sel).copied(),
            Screen::Report(v) => Some(v.item),
            // The later report: the one the diff reviews.
            Screen::Diff(v) => Some(v.new),
            Screen::Overview(_) => None,
        }
    }

    fn say(&mut self, zh: String, en: String) {
        self.status = Some(if self.en { en } else { zh });
    }

    /// The question before approving with `n` undecided error findings.
    fn approve_question(&self, n: usize) -> String {
        if self.en {
            format!("{n} error finding(s) are undecided. Approve anyway? (y/n)")
        } else {
            format!("仍有 {n} 个错误未确认或驳回，确定批准？(y/n)")
        }
    }

    /// The review file of `item`, or a message why it cannot be changed.
    fn writable_review(&mut self, item: usize) -> Option<&ReviewFile> {
        let reason = match self.items.get(item).and_then(|it| it.review.as_ref()) {
            None => Some((
                "此报告未关联审阅记录".to_string(),
                "no review store for this report".to_string(),
            )),
            Some(ItemReview { file: Err(e), .. }) => {
                Some((format!("只读：{e}"), format!("read-only: {e}")))
            }
            Some(_) => None,
        };
        if let Some((zh, en)) = reason {
            self.say(zh, en);
            return None;
        }
        self.items[item]
            .review
            .as_ref()
            .and_then(|r| r.file.as_ref().ok())
    }

    /// The anchor for a note on whatever is selected.
    fn note_anchor(&self, item: usize) -> Anchor {
        if let Screen::Diff(_) = &self.screen {
            // The line of the later report under the diff cursor.
            return match (self.diff_anchor(), self.items[item].report()) {
                (Some((i, line)), Some(r)) if i == item => Anchor::line(r.text(), line),
                _ => Anchor::Report,
            };
        }
        let Screen::Report(v) = &self.screen else {
            return Anchor::Report;
        };
        let it = &self.items[item];
        let Some(r) = it.report() else {
            return Anchor::Report;
        };
        match v.pane {
            Pane::Findings => match it.findings.get(v.finding) {
                Some(f) if v.focus == Focus::Finding => Anchor::Finding(finding_key(f)),
                _ => Anchor::Report,
            },
            Pane::Tables => match self.current_cell(v) {
                Some(i) => Anchor::Cell(r.schema().keys[i].clone()),
                None => Anchor::Report,
            },
            Pane::Source => {
                // A heading line anchors to its section.
                if let Some(sec) = r.sections.iter().find(|s| s.heading.line == v.cursor) {
                    Anchor::Section(sec.id.key().to_string())
                } else {
                    Anchor::line(r.text(), v.cursor)
                }
            }
        }
    }

    fn anchor_title(&self, item: usize, a: &Anchor) -> String {
        let it = &self.items[item];
        let who = it.agency().to_string();
        let what = match a {
            Anchor::Report => (if self.en {
                "the report"
            } else {
                "整份报告"
            })
            .to_string(),
            Anchor::Section(s) => SectionId::ALL
                .iter()
                .find(|x| x.key() == s)
                .map(|x| if self.en { x.heading_en() } else { x.heading() })
                .unwrap_or(s)
                .to_string(),
            Anchor::Cell(k) => it
                .report()
                .and_then(|r| r.schema().index(k).map(|i| r.schema().cell_label(i)))
                .unwrap_or_else(|| k.clone()),
            Anchor::Finding(k) => k.split(':').next().unwrap_or(k).to_string(),
            Anchor::Line { line, .. } => {
                if self.en {
                    format!("line {line}")
                } else {
                    format!("第 {line} 行")
                }
            }
        };
        if self.en {
            format!(" Note · {who} · {what} ")
        } else {
            format!(" 批注 · {who} · {what} ")
        }
    }

    /// Keys bound to review actions.
    pub(super) fn review_action(&mut self, a: Action) -> Vec<Effect> {
        if a == Action::NextUnreviewed {
            self.next_unreviewed();
            return Vec::new();
        }
        let Some(item) = self.current_item() else {
            return Vec::new();
        };
        if self.writable_review(item).is_none() {
            return Vec::new();
        }
        let finding = match &self.screen {
            Screen::Report(v) if v.focus == Focus::Finding || v.pane == Pane::Findings => {
                self.items[item].findings.get(v.finding).cloned()
            }
            _ => None,
        };
        match a {
            Action::Annotate => {
                let anchor = self.note_anchor(item);
                let me = self.reviewer.clone();
                let existing = self.items[item]
                    .review
                    .as_ref()
                    .and_then(|r| r.file.as_ref().ok())
                    .and_then(|f| {
                        f.notes()
                            .filter(|n| n.anchor == anchor && n.reviewer == me)
                            .last()
                            .map(|n| (n.id.clone(), n.text.clone()))
                    });
                let title = self.anchor_title(item, &anchor);
                let (edit, text) = match existing {
                    Some((id, text)) => (Some(id), text),
                    None => (None, String::new()),
                };
                self.overlay = Some(Overlay::Editor(Box::new(Editor::new(
                    EditPurpose::Note { item, anchor, edit },
                    title,
                    &text,
                    self.en,
                ))));
                Vec::new()
            }
            Action::ConfirmFinding => match finding {
                Some(f) => vec![Effect::Review {
                    item,
                    op: Op::decide(&f, DecisionKind::Confirmed, ""),
                }],
                None => {
                    self.say(
                        "请先在报告视图中选择一个问题".into(),
                        "select a finding first".into(),
                    );
                    Vec::new()
                }
            },
            Action::DismissFinding => match finding {
                Some(f) => {
                    let title = if self.en {
                        format!(" Dismiss {} · reason ", f.rule)
                    } else {
                        format!(" 驳回 {} · 理由 ", f.rule)
                    };
                    self.overlay = Some(Overlay::Editor(Box::new(Editor::new(
                        EditPurpose::Dismiss {
                            item,
                            finding: Box::new(f),
                        },
                        title,
                        "",
                        self.en,
                    ))));
                    Vec::new()
                }
                None => {
                    self.say(
                        "请先在报告视图中选择一个问题".into(),
                        "select a finding first".into(),
                    );
                    Vec::new()
                }
            },
            Action::Approve => {
                let keys: Vec<String> = self.items[item]
                    .findings
                    .iter()
                    .filter(|f| f.is_error())
                    .map(finding_key)
                    .collect();
                let undecided = self
                    .writable_review(item)
                    .map(|f| f.undecided(keys.iter().map(String::as_str)))
                    .unwrap_or_default();
                let op = Op::SetVerdict {
                    verdict: Verdict::Approved,
                    note: String::new(),
                    error_keys: keys,
                    confirmed: !undecided.is_empty(),
                };
                if undecided.is_empty() {
                    vec![Effect::Review { item, op }]
                } else {
                    let message = self.approve_question(undecided.len());
                    self.overlay = Some(Overlay::Confirm {
                        item,
                        message,
                        op: Box::new(op),
                    });
                    Vec::new()
                }
            }
            Action::RequestChanges => vec![Effect::Review {
                item,
                op: Op::verdict(Verdict::ChangesRequested, ""),
            }],
            Action::Reject => vec![Effect::Review {
                item,
                op: Op::verdict(Verdict::Rejected, ""),
            }],
            Action::Undo => vec![Effect::Review { item, op: Op::Undo }],
            _ => Vec::new(),
        }
    }

    fn next_unreviewed(&mut self) {
        let n = self.queue.rows.len();
        let start = match &self.screen {
            Screen::Report(v) => self
                .queue
                .rows
                .iter()
                .position(|&r| r == v.item)
                .unwrap_or(self.queue.sel),
            Screen::Queue | Screen::Overview(_) => self.queue.sel,
            Screen::Diff(v) => self
                .queue
                .rows
                .iter()
                .position(|&r| r == v.new)
                .unwrap_or(self.queue.sel),
        };
        let open = |p: &usize| {
            let it = &self.items[self.queue.rows[*p]];
            it.report().is_some()
                && matches!(
                    status_of(it),
                    None | Some(Status::Unreviewed) | Some(Status::Stale)
                )
        };
        let mine =
            |p: &usize| self.items[self.queue.rows[*p]].assignee() == Some(self.reviewer.as_str());
        // Reports assigned to me first, then any.
        let order = || (1..=n).map(|k| (start + k) % n.max(1));
        let found = order()
            .find(|p| open(p) && mine(p))
            .or_else(|| order().find(open));
        match found {
            Some(p) => {
                self.queue.sel = p;
                self.clamp_queue();
                if matches!(self.screen, Screen::Report(_)) {
                    let i = self.queue.rows[p];
                    self.open_report(i);
                }
            }
            None => self.say(
                "全部报告均已审阅".into(),
                "every report has been reviewed".into(),
            ),
        }
    }

    pub(super) fn editor_key(&mut self, mut ed: Editor, key: Key) -> Vec<Effect> {
        if key.code == KeyCodeOrd::Esc {
            self.overlay = None;
            self.say("已取消".into(), "cancelled".into());
            return Vec::new();
        }
        if key.ctrl && key.code == KeyCodeOrd::Char('s') {
            let text = ed.area.lines().join("\n").trim().to_string();
            self.overlay = None;
            return match ed.purpose {
                EditPurpose::Note { item, anchor, edit } => {
                    if text.is_empty() {
                        match edit {
                            Some(id) => vec![Effect::Review {
                                item,
                                op: Op::DeleteNote { id },
                            }],
                            None => {
                                self.say("批注为空，未保存".into(), "empty note not saved".into());
                                Vec::new()
                            }
                        }
                    } else {
                        let op = match edit {
                            Some(id) => Op::EditNote { id, text },
                            None => Op::AddNote { anchor, text },
                        };
                        vec![Effect::Review { item, op }]
                    }
                }
                EditPurpose::Dismiss { item, finding } => {
                    if text.is_empty() {
                        self.say("驳回须说明理由".into(), "a dismissal needs a reason".into());
                        self.overlay = Some(Overlay::Editor(Box::new(Editor {
                            purpose: EditPurpose::Dismiss { item, finding },
                            title: ed.title,
                            area: ed.area,
                        })));
                        Vec::new()
                    } else {
                        vec![Effect::Review {
                            item,
                            op: Op::decide(&finding, DecisionKind::Dismissed, text),
                        }]
                    }
                }
            };
        }
        ed.area.input(key.to_event());
        self.overlay = Some(Overlay::Editor(Box::new(ed)));
        Vec::new()
    }

    pub(super) fn confirm_key(
        &mut self,
        item: usize,
        message: String,
        op: Op,
        key: Key,
    ) -> Vec<Effect> {
        match key.code {
            KeyCodeOrd::Char('y') | KeyCodeOrd::Char('Y') | KeyCodeOrd::Enter => {
                self.overlay = None;
                vec![Effect::Review { item, op }]
            }
            KeyCodeOrd::Char('n') | KeyCodeOrd::Char('N') | KeyCodeOrd::Esc => {
                self.overlay = None;
                self.say("已取消".into(), "cancelled".into());
                Vec::new()
            }
            _ => {
                self.overlay = Some(Overlay::Confirm {
                    item,
                    message,
                    op: Box::new(op),
                });
                Vec::new()
            }
        }
    }

    /// A save succeeded: take the saved file (it includes others' changes).
    pub fn review_saved(
        &mut self,
        item: usize,
        file: ReviewFile,
        fingerprint: Option<(u64, SystemTime)>,
        op: &Op,
    ) {
        let en = self.en;
        let msg = match op {
            Op::AddNote { .. } => ("已保存批注", "note saved"),
            Op::EditNote { .. } => ("已更新批注", "note updated"),
            Op::DeleteNote { .. } => ("已删除批注", "note deleted"),
            Op::Decide { decision, .. } => match decision {
                DecisionKind::Confirmed => ("已确认问题", "finding confirmed"),
                DecisionKind::Dismissed => ("已驳回问题", "finding dismissed"),
                DecisionKind::Undecided => ("已撤回决定", "decision withdrawn"),
            },
            Op::SetVerdict { verdict, .. } => match verdict {
                Verdict::Approved => ("已批准", "approved"),
                Verdict::ChangesRequested => ("已退回修改", "changes requested"),
                Verdict::Rejected => ("已不予通过", "rejected"),
                Verdict::Unreviewed => ("已撤回结论", "verdict withdrawn"),
            },
            Op::Undo => ("已撤销", "undone"),
            Op::Assign { .. } => ("已分配", "assigned"),
        };
        if let Some(rv) = self.items.get_mut(item).and_then(|it| it.review.as_mut()) {
            rv.file = Ok(file);
            rv.fingerprint = fingerprint;
        }
        let msg = if en { msg.1 } else { msg.0 };
        self.status = Some(if self.reviewer_shown {
            format!("{msg}（{}）", self.reviewer)
        } else {
            // The first save of a session says who signs it, and how to change it.
            self.reviewer_shown = true;
            if en {
                format!(
                    "{msg} · reviewing as {} (:reviewer NAME to change)",
                    self.reviewer
                )
            } else {
                format!(
                    "{msg} · 以 {} 身份审阅（:reviewer 姓名 可更改）",
                    self.reviewer
                )
            }
        });
    }

    /// A palette command with an argument (`:reviewer 张三`); `None` when
    /// the input is not one (then it picks an action).
    pub fn palette_command(&mut self, input: &str) -> Option<Vec<super::app::Effect>> {
        let input = input.trim();
        let (cmd, arg) = input.split_once(char::is_whitespace).unwrap_or((input, ""));
        let arg = arg.trim();
        match cmd {
            "reviewer" | "审阅人" => {
                if !arg.is_empty() {
                    self.reviewer = arg.to_string();
                }
                self.reviewer_shown = true;
                self.say(
                    format!("以 {} 身份审阅（至关闭工作台）", self.reviewer),
                    format!(
                        "reviewing as {} (until the workbench closes)",
                        self.reviewer
                    ),
                );
                Some(Vec::new())
            }
            "assign" | "分配" => {
                if arg.is_empty() {
                    self.say(
                        "用法：:assign 姓名（分配当前筛选显示的全部报告）".into(),
                        "usage: :assign NAME (assigns every report the queue shows)".into(),
                    );
                    return Some(Vec::new());
                }
                let items: Vec<usize> = self
                    .queue
                    .rows
                    .iter()
                    .copied()
                    .filter(|&i| self.items[i].review.is_some())
                    .collect();
                if items.is_empty() {
                    self.say("没有可分配的报告".into(), "no report to assign".into());
                    return Some(Vec::new());
                }
                let n = items.len();
                let message = if self.en {
                    format!("Assign {n} report(s) to {arg}? (y/n)")
                } else {
                    format!("将当前筛选的 {n} 份报告分配给 {arg}？(y/n)")
                };
                self.overlay = Some(super::app::Overlay::ConfirmAssign {
                    items,
                    to: arg.to_string(),
                    message,
                });
                Some(Vec::new())
            }
            _ => None,
        }
    }

    /// A save failed.
    pub fn review_failed(&mut self, item: usize, err: ReviewError, op: Op) {
        match err {
            ReviewError::NeedsConfirmation { undecided } => {
                let message = self.approve_question(undecided.len());
                let op = match op {
                    Op::SetVerdict {
                        verdict,
                        note,
                        error_keys,
                        ..
                    } => Op::SetVerdict {
                        verdict,
                        note,
                        error_keys,
                        confirmed: true,
                    },
                    other => other,
                };
                self.overlay = Some(Overlay::Confirm {
                    item,
                    message,
                    op: Box::new(op),
                });
            }
            e => {
                if e.read_only()
                    && let Some(rv) = self.items.get_mut(item).and_then(|it| it.review.as_mut())
                {
                    rv.file = Err(e.to_string());
                }
                self.status = Some(e.to_string());
            }
        }
    }

    /// Another writer changed the file: show their version.
    pub fn review_reloaded(
        &mut self,
        item: usize,
        file: Result<ReviewFile, String>,
        fingerprint: Option<(u64, SystemTime)>,
    ) {
        if let Some(rv) = self.items.get_mut(item).and_then(|it| it.review.as_mut()) {
            rv.file = file;
            rv.fingerprint = fingerprint;
        }
        self.say(
            "审阅记录已被其他人更新，已重新载入".into(),
            "review state changed elsewhere: reloaded".into(),
        );
    }

    /// The status label of an item ("未审", "通过", …), if reviewed at all.
    pub fn status_label(&self, it: &super::app::Item) -> Option<&'static str> {
        status_of(it).map(|s| status_label(s, self.en))
    }
}

/// The review stores of a workbench session, and running effects.
#[derive(Debug, Default)]
pub struct Io {
    pub stores: Vec<Store>,
}

impl Io {
    /// Load the review file of a report (in memory, line notes re-anchored
    /// to the current text).
    pub fn load(
        &self,
        store: usize,
        path: &std::path::Path,
        text: Option<&str>,
    ) -> Option<ItemReview> {
        let st = self.stores.get(store)?;
        let rel = st.rel_path(path)?;
        let file = st.load(&rel).map_err(|e| e.to_string()).map(|mut f| {
            if let Some(t) = text {
                f.reanchor(t);
            }
            f
        });
        Some(ItemReview {
            store,
            fingerprint: st.fingerprint(&rel),
            rel,
            file,
        })
    }

    /// Run one effect against the stores. Returns true to quit.
    pub fn run(&self, state: &mut State, effect: Effect) -> bool {
        match effect {
            Effect::Quit => true,
            Effect::SinceVerdict { item } => {
                self.since_verdict(state, item);
                false
            }
            Effect::Assign { items, to } => {
                let (mut done, mut failed) = (0, Vec::new());
                for item in items {
                    let Some(it) = state.items.get(item) else {
                        continue;
                    };
                    let Some(rv) = it.review.clone() else {
                        continue;
                    };
                    let Some(store) = self.stores.get(rv.store) else {
                        continue;
                    };
                    let sha = it.entry.sha256.clone();
                    let op = Op::Assign { to: to.clone() };
                    match store.update(&rv.rel, &sha, &state.reviewer, op) {
                        Ok(saved) => {
                            if let Some(rv) =
                                state.items.get_mut(item).and_then(|it| it.review.as_mut())
                            {
                                rv.file = Ok(saved.file);
                                rv.fingerprint = store.fingerprint(&rv.rel);
                            }
                            done += 1;
                        }
                        Err(e) => failed.push(format!("{}：{e}", it.file_name())),
                    }
                }
                state.refresh_rows();
                let mut msg = if state.en {
                    format!("assigned {done} report(s) to {to}")
                } else {
                    format!("已将 {done} 份报告分配给 {to}")
                };
                if !failed.is_empty() {
                    msg.push_str(&format!("；{} 份失败：{}", failed.len(), failed.join("；")));
                }
                state.status = Some(msg);
                false
            }
            Effect::Review { item, op } => {
                let Some(it) = state.items.get(item) else {
                    return false;
                };
                let Some(rv) = it.review.clone() else {
                    return false;
                };
                let Some(store) = self.stores.get(rv.store) else {
                    return false;
                };
                let sha = it.entry.sha256.clone();
                match store.update(&rv.rel, &sha, &state.reviewer, op.clone()) {
                    Ok(saved) => {
                        // A verdict keeps the text it judged, for re-review.
                        let snap = match &op {
                            Op::SetVerdict { verdict, .. } if *verdict != Verdict::Unreviewed => {
                                it.report().map(|r| store.save_snapshot(&sha, &r.doc.text))
                            }
                            _ => None,
                        };
                        state.review_saved(item, saved.file, store.fingerprint(&rv.rel), &op);
                        if let Some(Err(e)) = snap
                            && let Some(st) = state.status.as_mut()
                        {
                            st.push_str(&format!("；{e}"));
                        }
                    }
                    Err(e) => state.review_failed(item, e, op),
                }
                false
            }
        }
    }

    /// Open the diff of a stale report's judged version (its verdict's
    /// snapshot) against the report now.
    fn since_verdict(&self, state: &mut State, item: usize) {
        let Some(it) = state.items.get(item) else {
            return;
        };
        let (Some(rv), Some(_)) = (it.review.as_ref(), it.report()) else {
            return;
        };
        let Ok(file) = rv.file.as_ref() else {
            return;
        };
        let sha = file.verdict.sha256.clone();
        let label = format!(
            "{}（{} {} 审阅时版本）",
            it.entry.path.display(),
            file.verdict.reviewer,
            file.verdict.time
        );
        // Loaded before: open it again.
        if let Some(j) = state
            .items
            .iter()
            .position(|x| x.judged_of == Some(item) && x.entry.sha256 == sha)
        {
            state.open_diff(j, item);
            return;
        }
        let Some(text) = self.stores.get(rv.store).and_then(|st| st.snapshot(&sha)) else {
            // A verdict older than snapshots: the usual diff, and say why.
            state.open_diff_here(false);
            if !matches!(state.screen, super::app::Screen::Diff(_)) {
                state.say(
                    "没有审阅时的版本快照，无法对比".into(),
                    "no snapshot of the judged version to compare with".into(),
                );
            }
            return;
        };
        let mut entry = crate::batch::load_bytes(
            std::path::Path::new(&label),
            text.as_bytes(),
            &crate::rules::Selection::default(),
        );
        // Keyed by the judged bytes' hash, as the verdict is.
        entry.sha256 = sha;
        if entry.report.is_err() {
            state.say(
                "审阅时的版本无法读取".into(),
                "the judged version cannot be read".into(),
            );
            return;
        }
        let mut judged = super::app::Item::new(std::sync::Arc::new(entry));
        judged.judged_of = Some(item);
        state.items.push(judged);
        let j = state.items.len() - 1;
        state.open_diff(j, item);
    }

    /// Reload the current report's review file if another process changed it.
    pub fn poll(&self, state: &mut State) {
        let Some(item) = state.current_item() else {
            return;
        };
        let Some(rv) = state.items.get(item).and_then(|it| it.review.clone()) else {
            return;
        };
        let Some(store) = self.stores.get(rv.store) else {
            return;
        };
        let fp = store.fingerprint(&rv.rel);
        if fp != rv.fingerprint {
            let file = store.load(&rv.rel).map_err(|e| e.to_string());
            state.review_reloaded(item, file, fp);
        }
    }
}
