//! Numbers and claims read from the report's prose, for the N, F and Q rules.
//! Run once at parse time; the claims are stored on the [`Report`].
//!
//! The text is folded (widths, spaces, line breaks removed, so PDF-wrapped
//! sentences read whole) and cut into clauses at 。；！？. Each matcher looks
//! for one kind of statement and records it with its source span. Matchers
//! are deliberately narrow: a sentence that could mean two things yields no
//! claim, because a missed claim costs nothing and a false one costs a
//! reviewer's trust.

use std::ops::Range;

use crate::model::Report;
use crate::parse::norm::{self, Norm};
use crate::schema::SectionId;

/// Groups of table-3 results that prose counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Granted,
    Partial,
    Withheld,
    Unavailable,
    NotProcessed,
    Other,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Granted => "予以公开",
            Outcome::Partial => "部分公开",
            Outcome::Withheld => "不予公开",
            Outcome::Unavailable => "无法提供",
            Outcome::NotProcessed => "不予处理",
            Outcome::Other => "其他处理",
        }
    }
}

/// 规章 or 行政规范性文件.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Regulations,
    NormativeDocs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// "未收到政府信息公开申请", "未发生依申请公开事项".
    NoApplications,
    /// "收到…申请 N 件" (`new_only`: "新收").
    Received {
        new_only: bool,
    },
    /// "办结/答复 N 件".
    Processed,
    /// "结转下年度 N 件", "N 件顺延至下年度".
    CarriedForward,
    /// "(含)上年结转 N 件".
    CarriedOver,
    Outcome(Outcome),
    /// "行政复议 N 件".
    Review,
    /// "行政诉讼 N 件".
    Litigation,
    /// "未发生…行政复议…" (review, litigation).
    NoReviewLitigation {
        review: bool,
        litigation: bool,
    },
    /// "均已结案" about reconsideration or litigation.
    AllClosed,
    DocsIssued(DocKind),
    DocsRepealed(DocKind),
    DocsInForce(DocKind),
    /// A collected 信息处理费 with its amount in 元.
    FeeCollected,
    /// A statement about whether 信息处理费 was collected.
    FeeStatement,
    /// "未发出收费通知".
    NoFeeNotice,
    /// "<name>编制了本年度…报告": the body the text names as itself.
    SelfName(String),
    /// "2023年，我局…" as the current year.
    CurrentYear(i32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub kind: Kind,
    pub value: Option<i64>,
    /// Source byte range of the statement.
    pub span: Range<usize>,
    pub line: u32,
    pub section: Option<SectionId>,
}

/// A clause of folded text with its offset in the folded string.
struct Clause<'a> {
    s: &'a str,
    off: usize,
    section: Option<SectionId>,
}

/// Words that make a count about something other than disclosure applications.
const OTHER_BUSINESS: &[&str] = &[
    "复议", "诉讼", "督办", "通报", "建议", "提案", "信访", "举报", "投诉", "咨询", "留言", "来信",
    "热线", "泄密", "纠错", "纠正",
];

/// Read every claim in the report's prose.
pub fn extract(r: &Report, norm: &Norm) -> Vec<Claim> {
    let text = r.text();
    let mut out = Vec::new();
    // The prose: the head (before the first heading) and every section.
    let mut parts: Vec<(Range<usize>, Option<SectionId>)> = Vec::new();
    let first = r
        .sections
        .first()
        .map(|s| s.heading.start as usize)
        .unwrap_or(text.len());
    parts.push((0..first, None));
    for s in &r.sections {
        parts.push((s.body.clone(), Some(s.id)));
    }
    for (range, section) in parts {
        // Table rows (tab-separated or markdown lines) are not prose.
        for prose in prose_runs(text, range) {
            let a = norm.at_src(prose.start);
            let b = norm.at_src(prose.end);
            let seg = &norm.s[a..b];
            let mut off = a;
            for piece in clauses(seg) {
                let clause = Clause {
                    s: piece,
                    off,
                    section,
                };
                off += piece.len();
                match_clause(&clause, norm, r, &mut out);
            }
        }
    }
    out
}

/// `s.split_inclusive(['。', ';', '!', '?'])`, by bytes (。 is E3 80 82).
fn clauses(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let end = match b[i] {
                b';' | b'!' | b'?' => i + 1,
                0xE3 if b[i + 1..].starts_with(&[0x80, 0x82]) => i + 3,
                _ => {
                    i += 1;
                    continue;
                }
            };
            let piece = &s[start..end];
            start = end;
            i = end;
            return Some(piece);
        }
        if start < b.len() {
            let piece = &s[start..];
            start = b.len();
            return Some(piece);
        }
        None
    })
}

/// The runs of consecutive lines in `range` that are not table rows.
fn prose_runs(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pos = range.start;
    for line in super::tokens::split_byte(&text[range.clone()], b'\n') {
        let start = pos;
        // With its line break (none after the last line).
        pos = (pos + line.len() + 1).min(range.end);
        let t = line.trim_start();
        if start == pos || memchr::memchr(b'\t', line.as_bytes()).is_some() || t.starts_with('|') {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end == start => last.end = pos,
            _ => out.push(start..pos),
        }
    }
    out
}

fn push(
    out: &mut Vec<Claim>,
    norm: &Norm,
    r: &Report,
    c: &Clause,
    kind: Kind,
    value: Option<i64>,
    range: Range<usize>,
) {
    let src = norm.src(c.off + range.start..c.off + range.end);
    out.push(Claim {
        kind,
        value,
        line: r.lines.line(src.start),
        span: src,
        section: c.section,
    });
}

/// Read "N件" starting at `i`, after at most `gap` filler characters (no
/// comma or clause break, no other digits; a year "2023年" is skipped).
/// Returns (value, end of "件").
fn count_after(s: &str, i: usize, gap: usize) -> Option<(i64, usize)> {
    let mut j = i;
    let mut skipped = 0;
    loop {
        let rest = &s[j..];
        let c = rest.chars().next()?;
        if c.is_ascii_digit() {
            let d: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = &rest[d.len()..];
            // A year: skip it.
            if d.len() == 4 && (after.starts_with('年')) {
                j += d.len() + '年'.len_utf8();
                if s[j..].starts_with('度') {
                    j += '度'.len_utf8();
                }
                continue;
            }
            let unit = ["件次", "件", "宗", "起", "个"]
                .iter()
                .find(|u| after.starts_with(**u))?;
            let v: i64 = d.parse().ok()?;
            return Some((v, j + d.len() + unit.len()));
        }
        if skipped >= gap || matches!(c, ',' | '，' | '、' | '(' | ')' | ':' | '。' | ';') {
            return None;
        }
        skipped += 1;
        j += c.len_utf8();
    }
}

/// Is the word at `i` the last of a list ("予以公开、部分公开共5件",
/// "行政复议和行政诉讼3件")? Then a count after it is the list's sum, not
/// the word's own: no claim.
fn joint(s: &str, i: usize) -> bool {
    let head = &s[..i];
    ["、", "和", "及", "与", "以及", "或"]
        .iter()
        .any(|j| head.ends_with(j))
}

/// Read "N件" ending right before `i` (at most `gap` filler chars between).
fn count_before(s: &str, i: usize, gap: usize) -> Option<(i64, usize)> {
    let head = &s[..i];
    let mut end = head.len();
    for _ in 0..=gap {
        let h = &head[..end];
        if let Some(u) = ["件", "宗", "起"].iter().find(|u| h.ends_with(**u)) {
            let before = &h[..h.len() - u.len()];
            let d: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if d.is_empty() {
                return None;
            }
            let d: String = d.chars().rev().collect();
            let start = before.len() - d.len();
            return d.parse().ok().map(|v| (v, start));
        }
        let c = h.chars().next_back()?;
        if matches!(c, ',' | '，' | '、' | '(' | ')' | '。') || c.is_ascii_digit() {
            return None;
        }
        end -= c.len_utf8();
    }
    None
}

fn contains_any(s: &str, pats: &[&str]) -> bool {
    pats.iter().any(|p| s.contains(p))
}

/// The text from `i` to the next comma (or the clause end), at most `max` chars.
fn to_comma(s: &str, i: usize, max: usize) -> &str {
    let rest = &s[i..];
    let mut end = rest.len();
    for (n, (k, c)) in rest.char_indices().enumerate() {
        if n >= max || matches!(c, ',' | '，' | '。' | ';') {
            end = k;
            break;
        }
    }
    &rest[..end]
}

fn match_clause(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    // Cheap gates first: most clauses mention none of these.
    let g = Gates::of(s);
    if g.jian || g.application {
        applications(c, norm, r, out);
    }
    if g.review {
        review_litigation(c, norm, r, out);
    }
    if g.jian {
        documents(c, norm, r, out);
    }
    if g.fee {
        // Remove 《…》 titles from what the fee matchers read.
        let fee_s: String = strip_titles(s);
        fees(c, &fee_s, norm, r, out);
    }
    if g.name {
        self_name(c, norm, r, out);
    }
    if g.year {
        current_year(c, norm, r, out);
    }
}

/// Which matchers a clause can concern, from the words it contains.
#[derive(Debug, Default, PartialEq)]
struct Gates {
    /// 件
    jian: bool,
    /// 申请
    application: bool,
    /// 复议 or 诉讼
    review: bool,
    /// 费 or 通知
    fee: bool,
    /// 编制 or 公布
    name: bool,
    /// 年
    year: bool,
}

impl Gates {
    /// One pass over the clause (eight substring searches cost more than
    /// the matchers they gate).
    fn of(s: &str) -> Gates {
        let mut g = Gates::default();
        let mut prev = '\0';
        for ch in s.chars() {
            match (prev, ch) {
                (_, '件') => g.jian = true,
                (_, '年') => g.year = true,
                (_, '费') | ('通', '知') => g.fee = true,
                ('申', '请') => g.application = true,
                ('复', '议') | ('诉', '讼') => g.review = true,
                ('编', '制') | ('公', '布') => g.name = true,
                _ => {}
            }
            prev = ch;
        }
        g
    }
}

fn strip_titles(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0;
    for ch in s.chars() {
        match ch {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// "未收到政府信息公开申请", "无依申请公开事项", "没有政府信息公开申请".
fn no_applications(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    for &neg in NO_APPLICATION {
        for i in norm::find_all(s, neg) {
            // A longer negation already covers this spot.
            if covered(out, norm, &Kind::NoApplications, c.off + i) {
                continue;
            }
            let w = to_comma(s, i, 40);
            let rest = &w[neg.len()..];
            let rest = rest.strip_prefix("任何").unwrap_or(rest);
            let direct =
                APPLICATION_WORDS.iter().any(|p| rest.starts_with(p)) || rest.starts_with("申请");
            let about = direct || !bare_negation(neg) && contains_any(w, APPLICATION_WORDS);
            if !about
                || contains_any(w, OTHER_BUSINESS)
                || w.contains("申请人") && !w.contains("公开申请")
            {
                continue;
            }
            push(out, norm, r, c, Kind::NoApplications, None, i..i + w.len());
        }
    }
}

/// Negations that open a statement that no application was received.
const NO_APPLICATION: &[&str] = &[
    "暂时未收到",
    "暂未收到",
    "尚未收到",
    "未曾收到",
    "没有收到",
    "未收到",
    "未接收到",
    "未接到",
    "没有接到",
    "未发生",
    "没有发生",
    "未受理",
    "暂无",
    "没有",
    "未有",
    "无",
];

/// What a "no applications" statement must name.
const APPLICATION_WORDS: &[&str] = &[
    "依申请公开",
    "政府信息公开申请",
    "申请公开政府信息",
    "信息公开申请",
    "公开申请",
];

/// Negations too short to stand alone: the application must follow them
/// directly ("无政府信息公开申请", "没有依申请公开事项").
fn bare_negation(neg: &str) -> bool {
    matches!(neg, "暂无" | "没有" | "未有" | "无")
}

/// Is a claim of `kind` already read over folded offset `at`?
fn covered(out: &[Claim], norm: &Norm, kind: &Kind, at: usize) -> bool {
    out.iter().any(|cl| {
        cl.kind == *kind && (norm.at_src(cl.span.start)..norm.at_src(cl.span.end)).contains(&at)
    })
}

/// The characters [`applications`] tests a clause for, in [`char_bit`]'s
/// order.
#[cfg(test)]
const TESTED: [char; 14] = [
    '未', '没', '无', '收', '受', '接', '办', '答', '完', '上', '予', '部', '不', '其',
];

/// The bit of a character [`applications`] tests a clause for (none for
/// any other).
fn char_bit(c: char) -> u16 {
    let i = match c {
        '未' => 0,
        '没' => 1,
        '无' => 2,
        '收' => 3,
        '受' => 4,
        '接' => 5,
        '办' => 6,
        '答' => 7,
        '完' => 8,
        '上' => 9,
        '予' => 10,
        '部' => 11,
        '不' => 12,
        '其' => 13,
        _ => return 0,
    };
    1 << i
}

/// The characters of [`char_bit`] that occur in `s`, as bits.
fn present_chars(s: &str) -> u16 {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .fold(0, |bits, c| bits | char_bit(c))
}

fn applications(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    // Which of the characters the matchers test for occur: one pass.
    let present = present_chars(s);
    let has = |ch: &[char]| ch.iter().any(|c| present & char_bit(*c) != 0);
    if has(&['未', '没', '无']) {
        no_applications(c, norm, r, out);
    }
    if !s.contains('件') {
        return;
    }
    // Received: "收到…申请N件".
    let verbs: &[&str] = if has(&['收', '受', '接']) {
        &["新收", "收到", "受理", "接收", "收办", "接到"]
    } else {
        &[]
    };
    for &verb in verbs {
        for i in norm::find_all(s, verb) {
            let w = to_comma(s, i, 30);
            let Some(j) = norm::find(w, "申请") else {
                continue;
            };
            let between = &w[verb.len()..j];
            if contains_any(between, OTHER_BUSINESS)
                || w[j..].starts_with("申请人")
                || w[j..].starts_with("申请等")
            {
                continue;
            }
            // "未收到" is handled above.
            if s[..i].ends_with('未') || s[..i].ends_with("没有") {
                continue;
            }
            if let Some((v, end)) = count_after(s, i + j + "申请".len(), 4) {
                push(
                    out,
                    norm,
                    r,
                    c,
                    Kind::Received {
                        new_only: verb == "新收",
                    },
                    Some(v),
                    i..end,
                );
                if v == 0 {
                    push(out, norm, r, c, Kind::NoApplications, None, i..end);
                }
            }
        }
    }
    if contains_any(
        s,
        &[
            "建议", "提案", "信访", "咨询", "留言", "来信", "热线", "复议", "诉讼",
        ],
    ) {
        return;
    }
    // Processed: "办结/答复N件".
    let verbs: &[&str] = if has(&['办', '答', '完']) {
        &["已办结", "办结", "答复", "办理完结", "办理完毕", "处理完毕"]
    } else {
        &[]
    };
    for &verb in verbs {
        for i in norm::find_all(s, verb) {
            if verb == "办结" && s[..i].ends_with('已') {
                continue;
            }
            if let Some((v, end)) = count_after(s, i + verb.len(), 4) {
                push(out, norm, r, c, Kind::Processed, Some(v), i..end);
            }
        }
    }
    // Carried forward: "结转下年度N件", "N件顺延至下年度".
    for verb in [
        "结转下年度",
        "结转至下年度",
        "转下年度",
        "转入下年度",
        "顺延至下年度",
        "顺延到下年度",
        "结转至",
        "顺延至",
    ] {
        for i in norm::find_all(s, verb) {
            // The shorter patterns only when not part of a longer one already matched.
            if out.iter().any(|cl| {
                cl.kind == Kind::CarriedForward && {
                    let a = norm.at_src(cl.span.start);
                    let b = norm.at_src(cl.span.end);
                    c.off + i >= a && c.off + i < b
                }
            }) {
                continue;
            }
            let after = &s[i + verb.len()..];
            if (verb == "结转至" || verb == "顺延至")
                && !(after.starts_with("下")
                    || after.starts_with("次年")
                    || after.starts_with("20"))
            {
                continue;
            }
            if let Some((v, end)) = count_after(s, i + verb.len(), 8) {
                push(out, norm, r, c, Kind::CarriedForward, Some(v), i..end);
            } else if let Some((v, start)) = count_before(s, i, 3) {
                push(
                    out,
                    norm,
                    r,
                    c,
                    Kind::CarriedForward,
                    Some(v),
                    start..i + verb.len(),
                );
            }
        }
    }
    // Carried over: "(含)上年结转N件".
    let verbs: &[&str] = if has(&['上']) {
        &["上年结转", "上年度结转", "上一年度结转"]
    } else {
        &[]
    };
    for &verb in verbs {
        for i in norm::find_all(s, verb) {
            if let Some((v, end)) = count_after(s, i + verb.len(), 4) {
                push(out, norm, r, c, Kind::CarriedOver, Some(v), i..end);
            }
        }
    }
    // Outcomes: "予以公开N件".
    if !has(&['予', '部', '无', '不', '其']) {
        return;
    }
    for (word, o) in [
        ("予以公开", Outcome::Granted),
        ("部分公开", Outcome::Partial),
        ("不予公开", Outcome::Withheld),
        ("无法提供", Outcome::Unavailable),
        ("不予处理", Outcome::NotProcessed),
        ("其他处理", Outcome::Other),
    ] {
        for i in norm::find_all(s, word) {
            if joint(s, i) {
                continue;
            }
            if let Some((v, end)) = count_after(s, i + word.len(), 2) {
                push(out, norm, r, c, Kind::Outcome(o), Some(v), i..end);
            }
        }
    }
}

/// Negations that open a statement that no reconsideration or litigation
/// took place.
const NO_REVIEW: &[&str] = &[
    "未发生",
    "没有发生",
    "未出现",
    "没有出现",
    "未产生",
    "没有产生",
    "未被申请",
    "未被提起",
    "没有被申请",
    "没有被提起",
    "未收到",
    "没有收到",
    "未涉及",
    "暂无",
    "没有",
    "未有",
    "无",
];

/// What may follow a bare negation ("无行政复议", "没有因政府信息公开…").
const REVIEW_OPENERS: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "政府信息公开行政",
    "因",
    "涉及",
    "被申请",
    "被提起",
    "针对",
];

/// Outcomes of a case: "未发生被纠错的行政复议" says nothing of the count.
const REVIEW_RESULTS: &[&str] = &["纠错", "纠正", "败诉", "撤销", "维持"];

/// "未发生行政复议、行政诉讼", "没有因政府信息公开被申请行政复议",
/// "无行政复议和行政诉讼案件".
fn no_review(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    for &neg in NO_REVIEW {
        for i in norm::find_all(s, neg) {
            let w = to_comma(s, i, 40);
            let review = w.contains("复议");
            let litigation = w.contains("诉讼");
            if !(review || litigation)
                || w.chars().any(|ch| ch.is_ascii_digit())
                || contains_any(w, REVIEW_RESULTS)
            {
                continue;
            }
            let rest = &w[neg.len()..];
            if bare_negation(neg) && !REVIEW_OPENERS.iter().any(|p| rest.starts_with(p)) {
                continue;
            }
            let kind = Kind::NoReviewLitigation { review, litigation };
            if covered(out, norm, &kind, c.off + i) {
                continue;
            }
            push(out, norm, r, c, kind, None, i..i + w.len());
        }
    }
}

fn review_litigation(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    no_review(c, norm, r, out);
    if s.contains("复议") || s.contains("诉讼") {
        for word in ["均已结案", "均已审结", "全部审结", "全部结案", "均已办结"]
        {
            if let Some(i) = norm::find(s, word) {
                push(out, norm, r, c, Kind::AllClosed, None, i..i + word.len());
            }
        }
    }
    for (word, kind) in [("行政复议", Kind::Review), ("行政诉讼", Kind::Litigation)] {
        for i in norm::find_all(s, word) {
            if joint(s, i) {
                continue;
            }
            if let Some((v, end)) = count_after(s, i + word.len(), 3) {
                push(out, norm, r, c, kind.clone(), Some(v), i..end);
            }
        }
    }
}

fn documents(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    if !(s.contains("规范性文件") || s.contains("规章")) {
        return;
    }
    // Walk the clause, remembering which kind of document was named last.
    let mut subject: Option<DocKind> = None;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with("规范性文件") {
            subject = Some(DocKind::NormativeDocs);
        } else if rest.starts_with("规章") {
            subject = Some(DocKind::Regulations);
        }
        for (verbs, ctor) in [
            (
                &["制发", "制定", "印发", "出台"][..],
                Kind::DocsIssued as fn(DocKind) -> Kind,
            ),
            (&["废止"][..], Kind::DocsRepealed as fn(DocKind) -> Kind),
            (&["现行有效"][..], Kind::DocsInForce as fn(DocKind) -> Kind),
        ] {
            for v in verbs {
                if !rest.starts_with(v) {
                    continue;
                }
                let after = i + v.len();
                // "制发行政规范性文件41件": the object may follow the verb.
                let obj = &s[after..];
                let obj_kind = [
                    "行政规范性文件",
                    "规范性文件",
                    "的行政规范性文件",
                    "的规范性文件",
                ]
                .iter()
                .find(|p| obj.starts_with(**p))
                .map(|p| (DocKind::NormativeDocs, p.len()))
                .or_else(|| {
                    ["规章", "的规章"]
                        .iter()
                        .find(|p| obj.starts_with(**p))
                        .map(|p| (DocKind::Regulations, p.len()))
                });
                let (kind, skip) = match (obj_kind, subject) {
                    (Some((k, n)), _) => (k, n),
                    (None, Some(k)) => (k, 0),
                    (None, None) => continue,
                };
                if let Some((val, end)) = count_after(s, after + skip, 1) {
                    push(out, norm, r, c, ctor(kind), Some(val), i..end);
                }
            }
        }
        i += rest.chars().next().map(char::len_utf8).unwrap_or(1);
    }
}

/// Negations that open a statement that no fee was charged
/// ("未发生收费情况", "没有收取任何费用").
const NO_FEE: &[&str] = &[
    "未收取",
    "没有收取",
    "无收取",
    "不收取",
    "不予收取",
    "均未",
    "免收",
    "未产生",
    "没有产生",
    "未向",
    "没有向",
    "不向",
    "未发生",
    "没有发生",
    "零收费",
];

/// Shorter negations, for "无收费情况", "没有任何收费" (a fee word must
/// follow them closely).
const NO_FEE_SHORT: &[&str] = &["未曾", "暂无", "没有", "无"];

/// Words that put a clause about another fee than the 信息处理费 (table
/// 2's 行政事业性收费, a body's fee items, funding).
const OTHER_FEES: &[&str] = &[
    "行政事业性",
    "事业性收费",
    "收费项目",
    "收费标准",
    "收费许可",
    "涉企",
    "乱收费",
    "违规收费",
    "经费",
];

fn fees(c: &Clause, fs: &str, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    if fee_statement(fs) {
        push(out, norm, r, c, Kind::FeeStatement, None, 0..s.len());
    }
    if let Some(v) = fee_collected(fs) {
        let start = norm::find(s, "处理费").unwrap_or(0);
        push(out, norm, r, c, Kind::FeeCollected, Some(v), start..s.len());
    }
    no_fee_notice(c, norm, r, out);
}

/// Does the clause (titles removed) say whether 信息处理费 was collected?
fn fee_statement(fs: &str) -> bool {
    if fs.contains("处理费") && contains_any(fs, &["收", "缴", "产生", "免"]) {
        return true;
    }
    no_fee(fs)
}

/// "政府信息公开未发生收费情况", "未向申请人收取任何费用", "无信息处理费",
/// "收费情况:无": no fee in the disclosure business, so no 信息处理费.
fn no_fee(fs: &str) -> bool {
    if !contains_any(fs, &["申请", "信息公开", "处理费"]) || contains_any(fs, OTHER_FEES) {
        return false;
    }
    let near = |negs: &[&str], n: usize| {
        negs.iter().any(|neg| {
            norm::find_all(fs, neg).any(|i| fee_words(to_comma(fs, i, n)).next().is_some())
        })
    };
    let negated = near(NO_FEE, 16) || near(NO_FEE_SHORT, 8);
    negated
        || fee_words(fs).any(|j| {
            let after = to_comma(fs, j, 10);
            ["无", "为零", "为0", "为0元"]
                .iter()
                .any(|e| after.ends_with(e))
        })
}

/// Where a word for a fee charged to applicants starts: 收费 (not 收费通知),
/// 费用, 处理费.
fn fee_words(w: &str) -> impl Iterator<Item = usize> + '_ {
    ["收费", "费用", "处理费"].into_iter().flat_map(move |p| {
        norm::find_all(w, p).filter(move |&j| !w[j + p.len()..].starts_with("通知"))
    })
}

/// The amount of a collected 信息处理费 ("共收取信息处理费20元"), read only
/// when nothing in the clause negates ("应收取…100元，均未收取" is no fee).
fn fee_collected(fs: &str) -> Option<i64> {
    if !(fs.contains("处理费") && fs.contains("收取")) || contains_any(fs, NO_FEE) {
        return None;
    }
    amount_yuan(fs).filter(|&v| v > 0)
}

/// "未发出收费通知".
fn no_fee_notice(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    let s = c.s;
    for neg in [
        "未发出",
        "没有发出",
        "未出具",
        "没有出具",
        "未下发",
        "未开具",
    ] {
        if let Some(i) = norm::find(s, neg) {
            let w = to_comma(s, i, 16);
            if w.contains("收费通知") || w.contains("缴费通知") {
                push(out, norm, r, c, Kind::NoFeeNotice, None, i..i + w.len());
            }
        }
    }
}

/// "35元", "0.5万元" → yuan (rounded down).
fn amount_yuan(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') {
                j += 1;
            }
            let num = &s[i..j];
            let rest = &s[j..];
            if rest.starts_with("万元") {
                return num.parse::<f64>().ok().map(|v| (v * 10_000.0) as i64);
            }
            if rest.starts_with('元') {
                return num.parse::<f64>().ok().map(|v| v as i64);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

fn self_name(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    if c.section.is_some_and(|s| s != SectionId::S1) {
        return;
    }
    let s = c.s;
    for verb in [
        "编制了本年度",
        "编制本年度",
        "编制了本",
        "现公布",
        "现予公布",
    ] {
        for i in norm::find_all(s, verb) {
            let name = if verb.starts_with("现") {
                // "现公布<name>2024年政府信息公开工作年度报告"
                let rest = &s[i + verb.len()..];
                let end = rest
                    .char_indices()
                    .find(|&(_, ch)| ch.is_ascii_digit() || ch == '本')
                    .map(|(k, _)| k)
                    .unwrap_or(0);
                &rest[..end]
            } else {
                let head = &s[..i];
                let start = head
                    .char_indices()
                    .rev()
                    .find(|&(_, ch)| matches!(ch, ',' | '，' | '。' | '、' | ')' | '>' | '"'))
                    .map(|(k, ch)| k + ch.len_utf8())
                    .unwrap_or(0);
                &head[start..]
            };
            let name = name.trim_start_matches("由");
            if name.chars().count() >= 4
                && name.chars().count() <= 30
                && !name.starts_with(['我', '本'])
            {
                push(
                    out,
                    norm,
                    r,
                    c,
                    Kind::SelfName(name.to_string()),
                    None,
                    i.saturating_sub(name.len())..i + verb.len(),
                );
            }
        }
    }
}

fn current_year(c: &Clause, norm: &Norm, r: &Report, out: &mut Vec<Claim>) {
    if !matches!(c.section, Some(SectionId::S1) | Some(SectionId::S5)) {
        return;
    }
    let s = c.s;
    let b = s.as_bytes();
    for (i, _) in s.match_indices('年') {
        if i < 4
            || !b[i - 4..i].iter().all(u8::is_ascii_digit)
            || (i > 4 && b[i - 5].is_ascii_digit())
        {
            continue;
        }
        // At a clause start: nothing but a heading ordinal before it.
        let before = &s[..i - 4];
        let clause_start = before.is_empty()
            || before.ends_with(',')
            || before.ends_with('，')
            || before.ends_with('。')
            || before.ends_with(')')
            || before.ends_with('、')
            || before.ends_with(':');
        if !clause_start {
            continue;
        }
        let mut rest = &s[i + '年'.len_utf8()..];
        rest = rest.strip_prefix('度').unwrap_or(rest);
        rest = rest.strip_prefix(',').unwrap_or(rest);
        let me = ["我", "本"].iter().any(|p| rest.starts_with(p));
        let ctx = to_comma(s, i, 30);
        if !me
            || contains_any(
                ctx,
                &["较", "比", "同比", "相比", "上年", "去年", "以来", "将"],
            )
        {
            continue;
        }
        if let Ok(y) = s[i - 4..i].parse::<i32>() {
            push(
                out,
                norm,
                r,
                c,
                Kind::CurrentYear(y),
                Some(y as i64),
                i - 4..i + 3,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;
    use crate::parse;

    fn claims(s: &str) -> Vec<(Kind, Option<i64>)> {
        let r = parse::parse(ingest::ingest(s.as_bytes()).unwrap());
        r.claims.into_iter().map(|c| (c.kind, c.value)).collect()
    }

    proptest::proptest! {
        /// The characters found in one pass are the ones `contains` finds.
        #[test]
        fn present_chars_are_the_chars_contained(
            s in crate::testrng::strings_from("未没无收受接办答完上予部不其件a1，", 12)
        ) {
            let present = present_chars(&s);
            for (i, c) in TESTED.into_iter().enumerate() {
                proptest::prop_assert_eq!(char_bit(c), 1 << i);
                proptest::prop_assert_eq!(present & char_bit(c) != 0, s.contains(c));
            }
        }

        /// The one-pass gates are the substring tests they replace.
        #[test]
        fn gates_are_the_substring_tests(
            s in crate::testrng::strings_from("件申请复议诉讼费通知编制公布年收到,a1", 24)
        ) {
            let has = |p: &str| s.contains(p);
            let expected = Gates {
                jian: has("件"),
                application: has("申请"),
                review: has("复议") || has("诉讼"),
                fee: has("费") || has("通知"),
                name: has("编制") || has("公布"),
                year: has("年"),
            };
            proptest::prop_assert_eq!(Gates::of(&s), expected);
        }
    }

    #[test]
    fn clauses_split_like_split_inclusive() {
        for s in [
            "",
            "。",
            "a。b;c!d?e",
            "共5件。结转2件",
            "收到申请。。",
            "年;",
            "无标点",
            "〇。〇",
        ] {
            let ours: Vec<&str> = clauses(s).collect();
            let std: Vec<&str> = s.split_inclusive(['。', ';', '!', '?']).collect();
            assert_eq!(ours, std, "{s:?}");
        }
    }

    fn doc(s1: &str) -> String {
        format!(
            "某某局2024年政府信息公开工作年度报告\n一、总体情况\n{s1}\n二、主动公开政府信息情况\n"
        )
    }

    #[test]
    fn no_applications_and_traps() {
        let c = claims(&doc(
            "2024年，我局未发生依申请公开事项。全年，我局没有收到政府信息公开申请等督办卡事项。",
        ));
        assert_eq!(c.iter().filter(|k| k.0 == Kind::NoApplications).count(), 1);
        let c = claims(&doc("本年度未发生因政府信息公开引起的行政复议、行政诉讼。"));
        assert!(!c.iter().any(|k| k.0 == Kind::NoApplications));
        assert!(c.iter().any(|k| k.0
            == Kind::NoReviewLitigation {
                review: true,
                litigation: true
            }));
        let c = claims(&doc(
            "本年度本局没有收到公民、法人或其他组织提出的政府信息公开申请。",
        ));
        assert!(c.iter().any(|k| k.0 == Kind::NoApplications));
    }

    #[test]
    fn counts() {
        let c = claims(&doc(
            "2022 年，我市共收到政府信息公开申请 884 件（含上年结转 14 件），已办结 852 件，结转下年度 32 件。",
        ));
        assert!(c.contains(&(Kind::Received { new_only: false }, Some(884))));
        assert!(c.contains(&(Kind::CarriedOver, Some(14))));
        assert!(c.contains(&(Kind::Processed, Some(852))));
        assert!(c.contains(&(Kind::CarriedForward, Some(32))));
        let c = claims(&doc(
            "全年新收政府信息公开申请918件，答复945件（含上年结转申请41件，另有14件顺延至下年度答复）。",
        ));
        assert!(c.contains(&(Kind::Received { new_only: true }, Some(918))));
        assert!(c.contains(&(Kind::Processed, Some(945))));
        assert!(c.contains(&(Kind::CarriedOver, Some(41))));
        assert!(c.contains(&(Kind::CarriedForward, Some(14))));
        let c = claims(&doc(
            "其中，予以公开 77 件，部分公开 11 件，不予公开 16件。全年发生政府信息公开行政复议 9 件，行政诉讼 1 件。",
        ));
        assert!(c.contains(&(Kind::Outcome(Outcome::Withheld), Some(16))));
        assert!(c.contains(&(Kind::Review, Some(9))));
        assert!(c.contains(&(Kind::Litigation, Some(1))));
    }

    #[test]
    fn documents_and_fees() {
        let c = claims(&doc(
            "全年制发行政规范性文件41件，废止4件，截至年底现行有效466件。",
        ));
        assert!(c.contains(&(Kind::DocsIssued(DocKind::NormativeDocs), Some(41))));
        assert!(c.contains(&(Kind::DocsRepealed(DocKind::NormativeDocs), Some(4))));
        assert!(c.contains(&(Kind::DocsInForce(DocKind::NormativeDocs), Some(466))));
        let c = claims(&doc(
            "依据《政府信息公开信息处理费管理办法》，2024年我街道共收取信息处理费20元。",
        ));
        assert!(c.contains(&(Kind::FeeCollected, Some(20))));
        let c = claims(&doc(
            "依据《政府信息公开信息处理费管理办法》，我镇本年度无收取信息处理费情况。",
        ));
        assert!(!c.iter().any(|k| k.0 == Kind::FeeCollected));
        assert!(c.iter().any(|k| k.0 == Kind::FeeStatement));
        let c = claims(&doc("认真贯彻执行《政府信息公开信息处理费管理办法》。"));
        assert!(!c.iter().any(|k| k.0 == Kind::FeeStatement));
    }

    #[test]
    fn current_year_and_self_name() {
        let c = claims(&doc("2023年，我局认真贯彻落实。2024年，我局继续推进。"));
        assert!(c.contains(&(Kind::CurrentYear(2023), Some(2023))));
        let c = claims(
            "前言\n按照《条例》规定，长州市人民政府编制了本年度政府信息公开工作年度报告。\n一、总体情况\n",
        );
        assert!(
            c.iter()
                .any(|k| k.0 == Kind::SelfName("长州市人民政府".into()))
        );
    }
}
