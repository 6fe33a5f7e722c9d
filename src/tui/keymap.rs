//! Keys → actions, per mode, with multi-key sequences ("gg") and user
//! overrides from config. Events become actions in exactly one place:
//! [`Keymap::feed`].

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// The modes that have their own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Bindings active everywhere unless a mode rebinds the key.
    Global,
    Queue,
    Report,
    Diff,
    Overview,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Queue => "queue",
            Mode::Report => "report",
            Mode::Diff => "diff",
            Mode::Overview => "overview",
        }
    }

    pub fn title(self, en: bool) -> &'static str {
        match (self, en) {
            (Mode::Global, false) => "通用",
            (Mode::Global, true) => "Everywhere",
            (Mode::Queue, false) => "报告列表",
            (Mode::Queue, true) => "Queue",
            (Mode::Report, false) => "报告视图",
            (Mode::Report, true) => "Report",
            (Mode::Diff, false) => "年度对比",
            (Mode::Diff, true) => "Diff",
            (Mode::Overview, false) => "批次概览",
            (Mode::Overview, true) => "Overview",
        }
    }

    pub const ALL: [Mode; 5] = [
        Mode::Global,
        Mode::Queue,
        Mode::Report,
        Mode::Diff,
        Mode::Overview,
    ];

    fn from_name(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == s)
    }
}

/// One key press, normalised (a character carries its own case, so SHIFT is
/// dropped for characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` subset with an order (for maps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
    Other,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        let code = match e.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => KeyCodeOrd::BackTab,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::F(n) => KeyCodeOrd::F(n),
            _ => KeyCodeOrd::Other,
        };
        Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn char(c: char) -> Key {
        Key {
            code: KeyCodeOrd::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    /// Back to a crossterm event (for tests and replays).
    pub fn to_event(self) -> KeyEvent {
        let code = match self.code {
            KeyCodeOrd::Char(c) => KeyCode::Char(c),
            KeyCodeOrd::Enter => KeyCode::Enter,
            KeyCodeOrd::Esc => KeyCode::Esc,
            KeyCodeOrd::Tab => KeyCode::Tab,
            KeyCodeOrd::BackTab => KeyCode::BackTab,
            KeyCodeOrd::Backspace => KeyCode::Backspace,
            KeyCodeOrd::Up => KeyCode::Up,
            KeyCodeOrd::Down => KeyCode::Down,
            KeyCodeOrd::Left => KeyCode::Left,
            KeyCodeOrd::Right => KeyCode::Right,
            KeyCodeOrd::PageUp => KeyCode::PageUp,
            KeyCodeOrd::PageDown => KeyCode::PageDown,
            KeyCodeOrd::Home => KeyCode::Home,
            KeyCodeOrd::End => KeyCode::End,
            KeyCodeOrd::F(n) => KeyCode::F(n),
            KeyCodeOrd::Other => KeyCode::Null,
        };
        let mut m = KeyModifiers::NONE;
        if self.ctrl {
            m |= KeyModifiers::CONTROL;
        }
        if self.alt {
            m |= KeyModifiers::ALT;
        }
        KeyEvent::new(code, m)
    }

    /// How the key is written in help and config: "j", "<C-d>", "<Enter>".
    pub fn display(self) -> String {
        let base = match self.code {
            KeyCodeOrd::Char(' ') => "<Space>".to_string(),
            KeyCodeOrd::Char(c) if !self.ctrl && !self.alt => return c.to_string(),
            KeyCodeOrd::Char(c) => c.to_string(),
            KeyCodeOrd::Enter => "Enter".into(),
            KeyCodeOrd::Esc => "Esc".into(),
            KeyCodeOrd::Tab => "Tab".into(),
            KeyCodeOrd::BackTab => "S-Tab".into(),
            KeyCodeOrd::Backspace => "BS".into(),
            KeyCodeOrd::Up => "Up".into(),
            KeyCodeOrd::Down => "Down".into(),
            KeyCodeOrd::Left => "Left".into(),
            KeyCodeOrd::Right => "Right".into(),
            KeyCodeOrd::PageUp => "PageUp".into(),
            KeyCodeOrd::PageDown => "PageDown".into(),
            KeyCodeOrd::Home => "Home".into(),
            KeyCodeOrd::End => "End".into(),
            KeyCodeOrd::F(n) => format!("F{n}"),
            KeyCodeOrd::Other => "?".into(),
        };
        let mut s = String::from("<");
        if self.ctrl {
            s.push_str("C-");
        }
        if self.alt {
            s.push_str("A-");
        }
        s.push_str(&base);
        s.push('>');
        s
    }
}

/// Parse a key sequence: "gg", "]c", "<C-d>", "<Enter>", "<S-Tab>".
pub fn parse_keys(s: &str) -> Result<Vec<Key>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' && chars.peek().is_some() && s.contains('>') {
            let mut name = String::new();
            for n in chars.by_ref() {
                if n == '>' {
                    break;
                }
                name.push(n);
            }
            out.push(parse_named(&name)?);
        } else {
            out.push(Key::char(c));
        }
    }
    if out.is_empty() {
        return Err("empty key".into());
    }
    Ok(out)
}

fn parse_named(name: &str) -> Result<Key, String> {
    let mut ctrl = false;
    let mut alt = false;
    let mut rest = name;
    loop {
        if let Some(r) = rest.strip_prefix("C-").or_else(|| rest.strip_prefix("c-")) {
            ctrl = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("A-").or_else(|| rest.strip_prefix("M-")) {
            alt = true;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" | "cr" | "ret" => KeyCodeOrd::Enter,
        "esc" => KeyCodeOrd::Esc,
        "tab" => KeyCodeOrd::Tab,
        "s-tab" | "backtab" => KeyCodeOrd::BackTab,
        "bs" | "backspace" => KeyCodeOrd::Backspace,
        "up" => KeyCodeOrd::Up,
        "down" => KeyCodeOrd::Down,
        "left" => KeyCodeOrd::Left,
        "right" => KeyCodeOrd::Right,
        "pageup" => KeyCodeOrd::PageUp,
        "pagedown" => KeyCodeOrd::PageDown,
        "home" => KeyCodeOrd::Home,
        "end" => KeyCodeOrd::End,
        "space" => KeyCodeOrd::Char(' '),
        "lt" => KeyCodeOrd::Char('<'),
        f if f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
            KeyCodeOrd::F(f[1..].parse().unwrap_or(1))
        }
        _ => {
            let mut cs = rest.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => KeyCodeOrd::Char(c),
                _ => return Err(format!("unknown key <{name}>")),
            }
        }
    };
    Ok(Key { code, ctrl, alt })
}

/// The result of feeding a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fed {
    /// A complete binding, with the count typed before it (if any).
    Action(Action, Option<u32>),
    /// Part of a longer sequence, or a count digit: wait for more.
    Pending,
    /// Not bound.
    Unbound,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    maps: BTreeMap<Mode, BTreeMap<Vec<Key>, Action>>,
    pending: Vec<Key>,
    count: Option<u32>,
}

const DEFAULTS: &[(Mode, &str, Action)] = &[
    (Mode::Global, "q", Action::Quit),
    (Mode::Global, "<Esc>", Action::Back),
    (Mode::Global, "?", Action::Help),
    (Mode::Global, ":", Action::Palette),
    (Mode::Global, "j", Action::Down),
    (Mode::Global, "<Down>", Action::Down),
    (Mode::Global, "k", Action::Up),
    (Mode::Global, "<Up>", Action::Up),
    (Mode::Global, "gg", Action::Top),
    (Mode::Global, "<Home>", Action::Top),
    (Mode::Global, "G", Action::Bottom),
    (Mode::Global, "<End>", Action::Bottom),
    (Mode::Global, "<C-d>", Action::HalfPageDown),
    (Mode::Global, "<PageDown>", Action::HalfPageDown),
    (Mode::Global, "<C-u>", Action::HalfPageUp),
    (Mode::Global, "<PageUp>", Action::HalfPageUp),
    (Mode::Global, "<Enter>", Action::Open),
    (Mode::Global, "<F2>", Action::ToggleLang),
    (Mode::Queue, "/", Action::Filter),
    (Mode::Queue, "n", Action::NextUnreviewed),
    (Mode::Queue, "a", Action::Annotate),
    (Mode::Queue, "A", Action::Approve),
    (Mode::Queue, "R", Action::RequestChanges),
    (Mode::Queue, "u", Action::Undo),
    (Mode::Report, "a", Action::Annotate),
    (Mode::Report, "c", Action::ConfirmFinding),
    (Mode::Report, "x", Action::DismissFinding),
    (Mode::Report, "A", Action::Approve),
    (Mode::Report, "R", Action::RequestChanges),
    (Mode::Report, "u", Action::Undo),
    (Mode::Queue, "<C-l>", Action::ClearFilter),
    (Mode::Queue, "s", Action::SortNext),
    (Mode::Queue, "S", Action::SortReverse),
    (Mode::Queue, "f", Action::SeverityFilter),
    (Mode::Report, "h", Action::Left),
    (Mode::Report, "<Left>", Action::Left),
    (Mode::Report, "l", Action::Right),
    (Mode::Report, "<Right>", Action::Right),
    (Mode::Report, "<Tab>", Action::NextPane),
    (Mode::Report, "<S-Tab>", Action::PrevPane),
    (Mode::Report, "]", Action::NextFinding),
    (Mode::Report, "[", Action::PrevFinding),
    (Mode::Report, "J", Action::NextReport),
    (Mode::Report, "K", Action::PrevReport),
    (Mode::Report, "/", Action::Search),
    (Mode::Report, "n", Action::SearchNext),
    (Mode::Report, "N", Action::SearchPrev),
    (Mode::Report, "t", Action::NextTable),
    (Mode::Report, "2", Action::Table2),
    (Mode::Report, "3", Action::Table3),
    (Mode::Report, "4", Action::Table4),
    (Mode::Queue, "d", Action::OpenDiff),
    (Mode::Queue, "D", Action::PickDiff),
    (Mode::Report, "d", Action::OpenDiff),
    (Mode::Report, "D", Action::PickDiff),
    (Mode::Diff, "]c", Action::NextChange),
    (Mode::Diff, "[c", Action::PrevChange),
    (Mode::Diff, "v", Action::ToggleDiffLayout),
    (Mode::Diff, "t", Action::ToggleDiffTables),
    (Mode::Diff, "z", Action::ToggleFold),
    (Mode::Diff, "s", Action::ToggleAllCells),
    (Mode::Diff, "D", Action::PickDiff),
    (Mode::Diff, "a", Action::Annotate),
    (Mode::Diff, "A", Action::Approve),
    (Mode::Diff, "R", Action::RequestChanges),
    (Mode::Diff, "u", Action::Undo),
    (Mode::Queue, "o", Action::Overview),
    (Mode::Overview, "<Tab>", Action::NextPane),
    (Mode::Overview, "<S-Tab>", Action::PrevPane),
    (Mode::Overview, "h", Action::Left),
    (Mode::Overview, "<Left>", Action::Left),
    (Mode::Overview, "l", Action::Right),
    (Mode::Overview, "<Right>", Action::Right),
];

impl Default for Keymap {
    fn default() -> Self {
        let mut maps: BTreeMap<Mode, BTreeMap<Vec<Key>, Action>> = BTreeMap::new();
        for &(mode, keys, action) in DEFAULTS {
            let k = parse_keys(keys).expect("default keys parse");
            maps.entry(mode).or_default().insert(k, action);
        }
        Keymap {
            maps,
            pending: Vec::new(),
            count: None,
        }
    }
}

impl Keymap {
    /// Apply user overrides: mode → key → action name ("none" unbinds).
    /// Returns the problems found (unknown modes, keys or actions; conflicts
    /// where a binding is a prefix of another).
    pub fn apply_overrides(
        &mut self,
        over: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        for (mode, binds) in over {
            let Some(m) = Mode::from_name(mode) else {
                problems.push(format!(
                    "keys.{mode}: unknown mode (global, queue, report, diff)"
                ));
                continue;
            };
            for (keys, action) in binds {
                let k = match parse_keys(keys) {
                    Ok(k) => k,
                    Err(e) => {
                        problems.push(format!("keys.{mode}.\"{keys}\": {e}"));
                        continue;
                    }
                };
                if action == "none" {
                    self.maps.entry(m).or_default().remove(&k);
                    continue;
                }
                match Action::from_name(action) {
                    Some(a) => {
                        self.maps.entry(m).or_default().insert(k, a);
                    }
                    None => problems.push(format!(
                        "keys.{mode}.\"{keys}\": unknown action \"{action}\""
                    )),
                }
            }
        }
        problems.extend(self.conflicts());
        problems
    }

    /// Bindings that can never fire because another binding is their prefix.
    pub fn conflicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for mode in [Mode::Queue, Mode::Report, Mode::Diff, Mode::Overview] {
            let binds = self.bindings(mode);
            for (a, aa) in &binds {
                for b in binds.keys() {
                    if a.len() < b.len() && b.starts_with(a) {
                        let show = |k: &Vec<Key>| k.iter().map(|k| k.display()).collect::<String>();
                        out.push(format!(
                            "{}: \"{}\" ({}) hides \"{}\"",
                            mode.name(),
                            show(a),
                            aa.name(),
                            show(b)
                        ));
                    }
                }
            }
        }
        out
    }

    /// The effective bindings of a mode (its own over the global ones).
    pub fn bindings(&self, mode: Mode) -> BTreeMap<Vec<Key>, Action> {
        let mut all = self.maps.get(&Mode::Global).cloned().unwrap_or_default();
        if mode != Mode::Global
            && let Some(m) = self.maps.get(&mode)
        {
            all.extend(m.iter().map(|(k, a)| (k.clone(), *a)));
        }
        all
    }

    /// Bindings defined in `mode` itself (for help).
    pub fn own_bindings(&self, mode: Mode) -> Vec<(String, Action)> {
        self.maps
            .get(&mode)
            .map(|m| {
                m.iter()
                    .map(|(k, a)| (k.iter().map(|k| k.display()).collect(), *a))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The keys bound to an action in a mode, for hints ("j/<Down>").
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<String> {
        self.bindings(mode)
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| k.iter().map(|k| k.display()).collect())
            .collect()
    }

    /// Reset a half-typed sequence (Esc, mode changes).
    pub fn reset(&mut self) {
        self.pending.clear();
        self.count = None;
    }

    /// What has been typed so far (for the status bar).
    pub fn pending_display(&self) -> String {
        let mut s = self.count.map(|c| c.to_string()).unwrap_or_default();
        for k in &self.pending {
            s.push_str(&k.display());
        }
        s
    }

    /// Feed one key in `mode`.
    pub fn feed(&mut self, mode: Mode, key: Key) -> Fed {
        let binds = self.bindings(mode);
        // Ctrl-C always quits.
        if key.ctrl && key.code == KeyCodeOrd::Char('c') {
            self.reset();
            return Fed::Action(Action::Quit, None);
        }
        // Counts: digits not bound in this mode, before any other key.
        if self.pending.is_empty()
            && !key.ctrl
            && !key.alt
            && let KeyCodeOrd::Char(d @ '0'..='9') = key.code
        {
            let bound = binds.contains_key(&vec![key]);
            if !bound && (d != '0' || self.count.is_some()) {
                let v = self
                    .count
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(d as u32 - '0' as u32);
                self.count = Some(v.min(100_000));
                return Fed::Pending;
            }
        }
        self.pending.push(key);
        if let Some(&a) = binds.get(&self.pending) {
            let count = self.count.take();
            self.pending.clear();
            return Fed::Action(a, count);
        }
        if binds
            .keys()
            .any(|k| k.len() > self.pending.len() && k.starts_with(&self.pending))
        {
            return Fed::Pending;
        }
        self.reset();
        Fed::Unbound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed_str(km: &mut Keymap, mode: Mode, s: &str) -> Vec<Fed> {
        parse_keys(s)
            .unwrap()
            .into_iter()
            .map(|k| km.feed(mode, k))
            .collect()
    }

    #[test]
    fn sequences_and_counts() {
        let mut km = Keymap::default();
        assert_eq!(
            feed_str(&mut km, Mode::Queue, "gg"),
            [Fed::Pending, Fed::Action(Action::Top, None)]
        );
        assert_eq!(
            feed_str(&mut km, Mode::Queue, "5j"),
            [Fed::Pending, Fed::Action(Action::Down, Some(5))]
        );
        assert_eq!(
            feed_str(&mut km, Mode::Queue, "12k"),
            [
                Fed::Pending,
                Fed::Pending,
                Fed::Action(Action::Up, Some(12))
            ]
        );
        // In the report view 2/3/4 pick tables, so they are not counts.
        assert_eq!(
            feed_str(&mut km, Mode::Report, "3"),
            [Fed::Action(Action::Table3, None)]
        );
        assert_eq!(feed_str(&mut km, Mode::Queue, "x"), [Fed::Unbound]);
        assert_eq!(
            feed_str(&mut km, Mode::Queue, "<C-c>"),
            [Fed::Action(Action::Quit, None)]
        );
        assert_eq!(
            feed_str(&mut km, Mode::Report, "]"),
            [Fed::Action(Action::NextFinding, None)]
        );
    }

    #[test]
    fn keys_parse_and_display() {
        let k = parse_keys("<C-d>").unwrap();
        assert_eq!(k.len(), 1);
        assert!(k[0].ctrl);
        assert_eq!(k[0].display(), "<C-d>");
        assert_eq!(parse_keys("]c").unwrap().len(), 2);
        assert_eq!(parse_keys("<S-Tab>").unwrap()[0].code, KeyCodeOrd::BackTab);
        assert!(parse_keys("<Nope>").is_err());
    }

    #[test]
    fn overrides_and_conflicts() {
        let mut km = Keymap::default();
        let mut over = BTreeMap::new();
        over.insert(
            "queue".to_string(),
            BTreeMap::from([
                ("x".to_string(), "quit".to_string()),
                ("y".to_string(), "explode".to_string()),
            ]),
        );
        let problems = km.apply_overrides(&over);
        assert!(
            problems.iter().any(|p| p.contains("explode")),
            "{problems:?}"
        );
        assert_eq!(
            feed_str(&mut km, Mode::Queue, "x"),
            [Fed::Action(Action::Quit, None)]
        );
        // "g" alone would hide "gg".
        let mut over = BTreeMap::new();
        over.insert(
            "queue".to_string(),
            BTreeMap::from([("g".to_string(), "top".to_string())]),
        );
        let problems = km.apply_overrides(&over);
        assert!(problems.iter().any(|p| p.contains("hides")), "{problems:?}");
        assert!(Keymap::default().conflicts().is_empty());
    }
}
