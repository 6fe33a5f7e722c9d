//! HTML pages → text.
//!
//! The page is parsed with `scraper` (html5ever, so malformed markup is
//! repaired the way a browser would) and copied into a flat pre-order array
//! where every subtree is a contiguous index range; every pass below is a
//! linear scan without recursion, so deeply nested markup cannot overflow the
//! stack.
//!
//! Output: the title line (the article's own title element, else
//! `<meta name="ArticleTitle">`, else `<title>` without the site suffix),
//! then the main content container (or the body without site chrome) with
//! block elements as lines and each data-table row as one tab-separated line
//! (rowspan/colspan expanded, see [`super::grid`]).

use scraper::node::Element;
use scraper::{Html, Node};

use super::IngestError;
use super::grid::{self, Cell, Grid, LineBuf, Out};

const NONE: usize = usize::MAX;

/// A cell holding more text than this is page layout, not table data.
const LAYOUT_CELL_CHARS: u32 = 400;
/// Title candidates longer than this are containers, not titles.
const MAX_TITLE_CHARS: u32 = 200;

/// Render an HTML page (already decoded) to text: see the module docs of
/// [`crate::ingest`] for the shape of the output.
pub fn extract(html: &str) -> Result<String, IngestError> {
    extract_rows(html).map(|(text, _)| text)
}

/// [`extract`], with the field layout of each table row rendered.
pub(crate) fn extract_rows(html: &str) -> Result<(String, Vec<grid::RowLine>), IngestError> {
    extract_rows_until(html, super::Deadline::NONE)
}

/// More elements than this: not a report page (a report has a few
/// thousand; a million empty cells would cost gigabytes of tree).
pub(crate) const MAX_ELEMENTS: usize = 300_000;
/// The parser's cost of nesting, summed over start tags (the depth each one
/// opens at): html5ever scans its stack of open elements on many start
/// tags, so this bounds its time (about 10 ns a unit). A report nests a few
/// dozen levels.
pub(crate) const MAX_NESTING_WORK: u64 = 100_000_000;

/// What a quick scan of the markup says about the tree it will build:
/// (start tags, deepest nesting, nesting work). End tags that are left out
/// (`<p>`, `<li>`, `<td>`…) and void elements do not nest.
fn markup_shape(html: &str) -> (usize, usize, u64) {
    let b = html.as_bytes();
    let (mut elems, mut depth, mut deepest, mut work) = (0usize, 0usize, 0usize, 0u64);
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        i += p + 1;
        if b[i..].starts_with(b"!--") {
            i = match memchr::memmem::find(&b[i..], b"-->") {
                Some(q) => i + q + 3,
                None => b.len(),
            };
            continue;
        }
        let close = b.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let mut end = start;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b':') {
            end += 1;
        }
        if end == start || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let gt = memchr::memchr(b'>', &b[end..]).map_or(b.len(), |q| end + q);
        let self_closing = gt > 0 && gt < b.len() && b[gt - 1] == b'/';
        i = gt.min(b.len());
        if close {
            depth = depth.saturating_sub(1);
            continue;
        }
        elems += 1;
        let flat = self_closing
            || matches!(
                name.as_str(),
                "area"
                    | "base"
                    | "br"
                    | "col"
                    | "embed"
                    | "hr"
                    | "img"
                    | "input"
                    | "link"
                    | "meta"
                    | "source"
                    | "track"
                    | "wbr"
                    | "p"
                    | "li"
                    | "td"
                    | "th"
                    | "tr"
                    | "option"
                    | "dt"
                    | "dd"
                    | "html"
                    | "head"
                    | "body"
                    | "tbody"
            );
        work = work.saturating_add(depth as u64);
        if !flat {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    (elems, deepest, work)
}

/// Refuse markup whose tree would cost more than a report's worth of time
/// or memory to build (see [`MAX_ELEMENTS`], [`MAX_NESTING_WORK`]).
fn check_shape(html: &str) -> Result<(), IngestError> {
    let (elems, deepest, work) = markup_shape(html);
    if elems > MAX_ELEMENTS {
        return Err(IngestError::Corrupt(format!(
            "the HTML page has too many elements ({elems}; the limit is {MAX_ELEMENTS}): it is not a report page"
        )));
    }
    if work > MAX_NESTING_WORK {
        return Err(IngestError::Corrupt(format!(
            "the HTML page is nested too deeply to read safely (elements open {deepest} levels deep): it is not a report page"
        )));
    }
    Ok(())
}

/// [`extract_rows`], stopping at `deadline` (checked between stages).
pub(crate) fn extract_rows_until(
    html: &str,
    deadline: super::Deadline,
) -> Result<(String, Vec<grid::RowLine>), IngestError> {
    check_shape(html)?;
    deadline.check()?;
    let doc = Html::parse_document(html);
    deadline.check()?;
    let dom = Dom::build(&doc);
    deadline.check()?;
    let page = Page::analyse(&dom);
    deadline.check()?;
    let (text, rows) = page.render();
    deadline.check()?;
    if text.trim().is_empty() {
        return Err(IngestError::Corrupt(
            "the HTML page has no visible text (it may be filled in by JavaScript, or hold only images)"
                .into(),
        ));
    }
    Ok((text, rows))
}

// ---------------------------------------------------------------------------
// Flat DOM

#[derive(Clone, Copy)]
enum Kind<'a> {
    Elem(&'a Element),
    Text(&'a str),
    Other,
}

struct DNode<'a> {
    kind: Kind<'a>,
    at: Attrs<'a>,
    parent: usize,
    /// One past the last index of this node's subtree.
    end: usize,
}

/// The document in pre-order: node `i`'s subtree is `i..end(i)`, its first
/// child is `i + 1` and the sibling after child `c` is `end(c)`.
struct Dom<'a> {
    n: Vec<DNode<'a>>,
}

impl<'a> Dom<'a> {
    fn build(doc: &'a Html) -> Self {
        let mut n: Vec<DNode<'a>> = Vec::new();
        let mut stack = vec![(doc.tree.root(), NONE)];
        while let Some((node, parent)) = stack.pop() {
            let idx = n.len();
            let (kind, at) = match node.value() {
                Node::Element(e) => (Kind::Elem(e), Attrs::of(e)),
                Node::Text(t) => (Kind::Text(&t.text), Attrs::default()),
                _ => (Kind::Other, Attrs::default()),
            };
            n.push(DNode {
                kind,
                at,
                parent,
                end: idx + 1,
            });
            let mut child = node.last_child();
            while let Some(c) = child {
                stack.push((c, idx));
                child = c.prev_sibling();
            }
        }
        for i in (1..n.len()).rev() {
            let p = n[i].parent;
            if p != NONE {
                n[p].end = n[p].end.max(n[i].end);
            }
        }
        Dom { n }
    }

    fn len(&self) -> usize {
        self.n.len()
    }

    fn end(&self, i: usize) -> usize {
        self.n[i].end
    }

    fn elem(&self, i: usize) -> Option<&'a Element> {
        match self.n[i].kind {
            Kind::Elem(e) => Some(e),
            _ => None,
        }
    }

    /// Local tag name (lower case for HTML elements), "" for other nodes.
    fn name(&self, i: usize) -> &'a str {
        self.elem(i).map_or("", |e| e.name())
    }

    fn children(&self, i: usize) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: i + 1,
            stop: self.end(i),
        }
    }
}

struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: usize,
    stop: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.stop {
            return None;
        }
        let c = self.next;
        self.next = self.dom.end(c);
        Some(c)
    }
}

// ---------------------------------------------------------------------------
// Element classes

/// Never rendered: not visible, or form controls.
fn is_invisible_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "noframes"
            | "svg"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "base"
            | "select"
            | "option"
            | "datalist"
            | "textarea"
            | "input"
            | "button"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "map"
    )
}

/// The attributes the analysis looks at, read in one pass (`Element::attr`
/// interns its argument on every call, which adds up).
#[derive(Clone, Copy, Default)]
struct Attrs<'a> {
    class: &'a str,
    id: &'a str,
    /// `hidden`, or a style with `display:none` / `visibility:hidden`.
    hidden: bool,
}

impl<'a> Attrs<'a> {
    fn of(e: &'a Element) -> Self {
        let mut at = Attrs::default();
        for (name, value) in e.attrs() {
            match name {
                "class" => at.class = value,
                "id" => at.id = value,
                "hidden" => at.hidden = true,
                "style" => at.hidden |= style_hides(value),
                _ => {}
            }
        }
        at
    }

    fn is_plain(&self) -> bool {
        self.class.is_empty() && self.id.is_empty()
    }
}

fn style_hides(style: &str) -> bool {
    // Cheap test first: most styles say neither word.
    let lc = style.to_ascii_lowercase();
    if !lc.contains("none") && !lc.contains("hidden") {
        return false;
    }
    let lc: String = lc.chars().filter(|c| !c.is_whitespace()).collect();
    lc.contains("display:none") || lc.contains("visibility:hidden")
}

/// Site chrome by tag.
fn is_chrome_tag(name: &str) -> bool {
    matches!(name, "nav" | "header" | "footer" | "aside" | "form")
}

/// Words of a class name or id: split at non-alphanumerics and at camelCase
/// humps, lower-cased.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const CHROME_WORDS: &[&str] = &[
    "nav",
    "navs",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "topmenu",
    "header",
    "head",
    "footer",
    "foot",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "share",
    "sharing",
    "bdshare",
    "sidebar",
    "side",
    "aside",
    "toolbar",
    "tools",
    "tool",
    "topbar",
    "search",
    "login",
    "location",
    "position",
    "dqwz",
    "banner",
    "logo",
    "copyright",
    "related",
    "xgwz",
    "xglj",
    "yqlj",
    "friendlink",
    "ad",
    "ads",
    "advert",
    "pager",
    "pagination",
    "comment",
    "comments",
];

const CHROME_SUBSTRINGS: &[&str] = &[
    "breadcrumb",
    "navbar",
    "topbar",
    "toolbar",
    "sidebar",
    "footer",
    "header",
    "copyright",
    "bdshare",
    "friendlink",
];

/// Does the class or id mark site chrome (navigation, header, footer…)?
fn is_chrome_marked(name: &str, at: &Attrs<'_>) -> bool {
    if is_chrome_tag(name) {
        return true;
    }
    if at.is_plain() {
        return false;
    }
    for name in at.class.split_whitespace().chain(Some(at.id)) {
        let lc = name.to_lowercase();
        if CHROME_SUBSTRINGS.iter().any(|s| lc.contains(s)) {
            return true;
        }
        if words(name)
            .iter()
            .any(|w| CHROME_WORDS.contains(&w.as_str()))
        {
            return true;
        }
    }
    false
}

/// How strongly the element's id/class/tag names it the article body
/// (0 = strongest), if at all.
fn container_rank(tag: &str, at: &Attrs<'_>) -> Option<u8> {
    if at.is_plain() {
        return match tag {
            "article" => Some(2),
            "main" => Some(4),
            _ => None,
        };
    }
    let id = at.id.to_lowercase();
    let class = at.class.to_lowercase();
    let both = format!("{id} {class}");
    if id == "zoom" || class.split_whitespace().any(|c| c == "zoom") || both.contains("trs_editor")
    {
        return Some(0);
    }
    const RANK1: &[&str] = &[
        "art-content",
        "art_content",
        "artcontent",
        "article-content",
        "article_content",
        "articlecontent",
        "article-body",
        "article_body",
        "articlebody",
        "news_content",
        "news-content",
        "newscontent",
        "detail-content",
        "detail_content",
        "detailcontent",
        "xxgk_content",
        "content_text",
        "content-text",
        "contenttext",
        "zwnr",
        "zw-con",
        "zw_con",
    ];
    if RANK1.iter().any(|p| both.contains(p)) {
        return Some(1);
    }
    if tag == "article"
        || both.contains("article")
        || both.contains("detail")
        || both.contains("zhengwen")
        || words(&both).iter().any(|w| w == "zw")
    {
        return Some(2);
    }
    if both.contains("content") {
        return Some(3);
    }
    if tag == "main" || both.contains("main") {
        return Some(4);
    }
    None
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
    )
}

fn count_visible(s: &str) -> u32 {
    let n = s
        .chars()
        .filter(|c| !c.is_whitespace() && !grid::is_invisible_char(*c))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------
// Page analysis

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Lines of the document; data tables become grids.
    Flow,
    /// One table cell: every boundary is a space, nested tables flattened.
    Cell,
    /// The title: boundaries between CJK characters vanish.
    Title,
}

struct Page<'d, 'a> {
    dom: &'d Dom<'a>,
    /// Not visible (script, style, hidden…), inherited.
    invisible: Vec<bool>,
    /// Invisible or site chrome, inherited: never rendered.
    excluded: Vec<bool>,
    /// Inside an `<a>`, inherited.
    in_link: Vec<bool>,
    /// Visible characters of the subtree, ignoring chrome.
    raw_text: Vec<u32>,
    /// Per subtree, over non-excluded nodes: visible characters, characters
    /// inside data (not layout) tables, characters inside links, `<tr>` and
    /// `<table>` counts.
    text: Vec<u32>,
    table_text: Vec<u32>,
    link_text: Vec<u32>,
    trs: Vec<u32>,
    tables: Vec<u32>,
    body: usize,
}

impl<'d, 'a> Page<'d, 'a> {
    fn analyse(dom: &'d Dom<'a>) -> Self {
        let len = dom.len();
        let mut invisible = vec![false; len];
        // The nearest enclosing <table>.
        let mut table_of = vec![NONE; len];
        let mut in_link = vec![false; len];
        for i in 0..len {
            let p = dom.n[i].parent;
            let (pi, pt, pl) = if p == NONE {
                (false, NONE, false)
            } else if dom.name(p) == "table" {
                (invisible[p], p, in_link[p])
            } else {
                (invisible[p], table_of[p], in_link[p])
            };
            let (own_inv, own_link) = match dom.elem(i) {
                Some(e) => (
                    is_invisible_tag(e.name()) || dom.n[i].at.hidden,
                    e.name() == "a",
                ),
                None => (false, false),
            };
            invisible[i] = pi || own_inv;
            table_of[i] = pt;
            in_link[i] = pl || own_link;
        }

        // Raw sizes (chrome included) decide what counts as chrome: an
        // element marked as chrome that holds most of the page (an ASP.NET
        // <form> around everything, say) is not chrome.
        let mut raw_text = vec![0u32; len];
        let mut raw_tt = vec![0u32; len];
        for i in (0..len).rev() {
            if invisible[i] {
                continue;
            }
            if let Kind::Text(s) = dom.n[i].kind {
                let c = count_visible(s);
                raw_text[i] = raw_text[i].saturating_add(c);
                if table_of[i] != NONE {
                    raw_tt[i] = raw_tt[i].saturating_add(c);
                }
            }
            let p = dom.n[i].parent;
            if p != NONE {
                raw_text[p] = raw_text[p].saturating_add(raw_text[i]);
                raw_tt[p] = raw_tt[p].saturating_add(raw_tt[i]);
            }
        }
        let body = (0..len).find(|&i| dom.name(i) == "body").unwrap_or(0);
        let (bt, btt) = (raw_text[body], raw_tt[body]);

        let mut excluded = vec![false; len];
        for i in 0..len {
            let p = dom.n[i].parent;
            let inherited = p != NONE && excluded[p];
            let chrome = dom.elem(i).is_some_and(|e| {
                is_chrome_marked(e.name(), &dom.n[i].at)
                    && u64::from(raw_text[i]) * 2 < u64::from(bt).max(1)
                    && (btt == 0 || u64::from(raw_tt[i]) * 2 < u64::from(btt))
            });
            excluded[i] = inherited || invisible[i] || chrome;
        }

        let mut text = vec![0u32; len];
        let mut link_text = vec![0u32; len];
        let mut trs = vec![0u32; len];
        let mut tables = vec![0u32; len];
        for i in (0..len).rev() {
            if excluded[i] {
                continue;
            }
            match dom.n[i].kind {
                Kind::Text(s) => {
                    let c = count_visible(s);
                    text[i] = c;
                    if in_link[i] {
                        link_text[i] = c;
                    }
                }
                Kind::Elem(e) => match e.name() {
                    "tr" => trs[i] += 1,
                    "table" => tables[i] += 1,
                    _ => {}
                },
                Kind::Other => {}
            }
            let p = dom.n[i].parent;
            if p != NONE {
                text[p] = text[p].saturating_add(text[i]);
                link_text[p] = link_text[p].saturating_add(link_text[i]);
                trs[p] = trs[p].saturating_add(trs[i]);
                tables[p] = tables[p].saturating_add(tables[i]);
            }
        }

        let mut page = Page {
            dom,
            invisible,
            excluded,
            in_link,
            raw_text,
            text,
            table_text: Vec::new(),
            link_text,
            trs,
            tables,
            body,
        };

        // Text inside data tables (layout tables do not count: they hold
        // whole pages).
        let mut data_table = vec![false; len];
        for (i, d) in data_table.iter_mut().enumerate() {
            *d = !page.excluded[i] && dom.name(i) == "table" && !page.is_layout_table(i);
        }
        let mut table_text = vec![0u32; len];
        for i in (0..len).rev() {
            if page.excluded[i] {
                continue;
            }
            if let Kind::Text(_) = dom.n[i].kind
                && table_of[i] != NONE
                && data_table[table_of[i]]
            {
                table_text[i] = page.text[i];
            }
            let p = dom.n[i].parent;
            if p != NONE {
                table_text[p] = table_text[p].saturating_add(table_text[i]);
            }
        }
        page.table_text = table_text;
        page
    }

    fn render(&self) -> (String, Vec<grid::RowLine>) {
        let (title, title_node) = self.find_title();
        let container = self.find_container();
        let mut content = Out::default();
        let mut lb = LineBuf::default();
        self.walk(
            container,
            title_node,
            Mode::Flow,
            &self.excluded,
            &mut content,
            &mut lb,
        );
        content.line(&lb.take());
        let (content, rows) = content.finish_rows();
        let Some(title) = title else {
            return (content, rows);
        };

        // Drop the title from the top of the content if it repeats there
        // (possibly split over two lines).
        let key = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let tkey = key(&title);
        let lines: Vec<&str> = content.lines().collect();
        let mut skip = 0;
        if let Some(first) = lines.first() {
            let k0 = key(first);
            if k0 == tkey {
                skip = 1;
            } else if let Some(second) = lines.get(1)
                && !k0.is_empty()
                && format!("{k0}{}", key(second)) == tkey
            {
                skip = 2;
            }
        }
        let mut out = String::with_capacity(content.len() + title.len() + 1);
        out.push_str(&title);
        out.push('\n');
        let mut prev_blank = false;
        if lines.get(skip).is_some_and(|l| l.contains('\t')) {
            // The content starts with a table: keep it apart from the title.
            out.push('\n');
            prev_blank = true;
        }
        for l in &lines[skip..] {
            if l.is_empty() {
                if !prev_blank {
                    out.push('\n');
                }
                prev_blank = true;
            } else {
                out.push_str(l);
                out.push('\n');
                prev_blank = false;
            }
        }
        (out, rows)
    }

    // -- title -------------------------------------------------------------

    /// The title text and, when it came from an element of the body, that
    /// element (so the rendering can leave it out).
    fn find_title(&self) -> (Option<String>, usize) {
        let dom = self.dom;
        let meta = self.meta_title();
        let doc_title = self.doc_title().map(|t| strip_site_suffix(&t));
        let reference = meta.clone().or_else(|| doc_title.clone());
        let nkey = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let rkey = reference.as_deref().map(nkey).unwrap_or_default();

        let mut best: Option<(i32, usize, String)> = None;
        for i in 0..dom.len() {
            let Some(e) = dom.elem(i) else { continue };
            if self.invisible[i] || self.in_link[i] {
                continue;
            }
            let name = e.name();
            let is_heading = matches!(name, "h1" | "h2" | "h3");
            let at = &dom.n[i].at;
            if !is_heading && at.is_plain() {
                continue;
            }
            let id = at.id.to_lowercase();
            let class = at.class.to_lowercase();
            let titled = id.contains("title") || class.contains("title");
            if !(is_heading || titled) {
                continue;
            }
            let size = self.raw_text[i];
            if !(4..=MAX_TITLE_CHARS).contains(&size) {
                continue;
            }
            let text = self.inline_text(i, NONE, Mode::Title, &self.invisible);
            let key = nkey(&text);
            let chars = key.chars().count();
            if chars < 4 {
                continue;
            }
            let mut score = 0;
            if !rkey.is_empty() {
                if key == rkey {
                    score += 5;
                } else if chars >= 8 && (key.contains(&rkey) || rkey.contains(&key)) {
                    score += 2;
                }
            }
            if chars >= 8 && key.contains("报告") {
                score += 3;
            }
            if score < 2 {
                continue;
            }
            if titled {
                score += 1;
            }
            if matches!(name, "h1" | "h2") {
                score += 1;
            }
            if self.excluded[i] {
                score -= 3;
            }
            if score >= 3 && best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, i, text));
            }
        }
        if let Some((_, node, text)) = best {
            return (Some(text), node);
        }
        let fallback = meta
            .or(doc_title)
            .map(|t| grid::collapse_ws(&t))
            .filter(|t| !t.is_empty());
        (fallback, NONE)
    }

    fn meta_title(&self) -> Option<String> {
        let dom = self.dom;
        let mut best: Option<(u8, String)> = None;
        for i in 0..dom.len() {
            let Some(e) = dom.elem(i) else { continue };
            if e.name() != "meta" {
                continue;
            }
            let key = e.attr("name").or_else(|| e.attr("property")).unwrap_or("");
            let rank = if key.eq_ignore_ascii_case("ArticleTitle") {
                0
            } else if key.eq_ignore_ascii_case("og:title") {
                1
            } else if key.eq_ignore_ascii_case("title") {
                2
            } else {
                continue;
            };
            let content = grid::collapse_ws(e.attr("content").unwrap_or(""));
            if !content.is_empty() && best.as_ref().is_none_or(|b| rank < b.0) {
                best = Some((rank, content));
            }
        }
        best.map(|b| b.1)
    }

    /// The text of the document's `<title>` (not an SVG title).
    fn doc_title(&self) -> Option<String> {
        let dom = self.dom;
        let i = (0..dom.len()).find(|&i| {
            dom.name(i) == "title" && {
                let mut p = dom.n[i].parent;
                let mut in_svg = false;
                while p != NONE {
                    in_svg |= dom.name(p) == "svg";
                    p = dom.n[p].parent;
                }
                !in_svg
            }
        })?;
        let mut lb = LineBuf::default();
        for c in i + 1..dom.end(i) {
            if let Kind::Text(s) = dom.n[c].kind {
                lb.push_source(s);
            }
        }
        Some(lb.take()).filter(|t| !t.is_empty())
    }

    // -- content container -------------------------------------------------

    fn find_container(&self) -> usize {
        let dom = self.dom;
        let body = self.body;
        let bt = u64::from(self.text[body]);
        let btt = u64::from(self.table_text[body]);
        let acceptable = |c: usize| {
            let t = u64::from(self.text[c]);
            let tt = u64::from(self.table_text[c]);
            t > 0
                && if btt > 0 {
                    tt * 10 >= btt * 6 && t * 4 >= bt
                } else {
                    t * 10 >= bt * 4
                }
        };
        let mut cands: Vec<(u8, usize)> = Vec::new();
        for i in body..dom.end(body) {
            if self.excluded[i] {
                continue;
            }
            if let Some(rank) = dom
                .elem(i)
                .and_then(|e| container_rank(e.name(), &dom.n[i].at))
                && acceptable(i)
            {
                cands.push((rank, i));
            }
        }
        if let Some(&(best_rank, _)) = cands.iter().min_by_key(|c| c.0) {
            let same: Vec<usize> = cands
                .iter()
                .filter(|c| c.0 == best_rank)
                .map(|c| c.1)
                .collect();
            let max_text = same.iter().map(|&c| self.text[c]).max().unwrap_or(0);
            return same
                .into_iter()
                .filter(|&c| u64::from(self.text[c]) * 10 >= u64::from(max_text) * 9)
                .min_by_key(|&c| dom.end(c) - c)
                .unwrap_or(body);
        }
        self.descend(body)
    }

    /// No named container: walk down from `node` into the child holding the
    /// most text outside links, as long as it holds the tables and what is
    /// left behind is little or mostly links. Never into a data table.
    fn descend(&self, mut node: usize) -> usize {
        let dom = self.dom;
        loop {
            let best = dom
                .children(node)
                .filter(|&c| !self.excluded[c] && dom.elem(c).is_some())
                .max_by_key(|&c| self.text[c].saturating_sub(self.link_text[c]));
            let Some(child) = best else { break };
            if dom.name(child) == "table" && !self.is_layout_table(child) {
                break;
            }
            let t = u64::from(self.text[node]);
            let ct = u64::from(self.text[child]);
            let tt = u64::from(self.table_text[node]);
            let ctt = u64::from(self.table_text[child]);
            let lost = t - ct.min(t);
            let lost_links =
                u64::from(self.link_text[node]).saturating_sub(u64::from(self.link_text[child]));
            let ok = ct > 0 && ctt * 10 >= tt * 9 && (lost * 10 <= t || lost_links * 2 >= lost);
            if !ok {
                break;
            }
            node = child;
        }
        node
    }

    // -- rendering ---------------------------------------------------------

    fn inline_text(&self, root: usize, skip: usize, mode: Mode, excl: &[bool]) -> String {
        let mut lb = LineBuf::default();
        let mut sink = Out::default();
        self.walk(root, skip, mode, excl, &mut sink, &mut lb);
        lb.take()
    }

    fn boundary(mode: Mode, out: &mut Out, lb: &mut LineBuf) {
        match mode {
            Mode::Flow => out.line(&lb.take()),
            Mode::Cell => lb.boundary(true),
            Mode::Title => lb.boundary(false),
        }
    }

    /// Render the subtree of `root` (leaving out `skip` and every node
    /// marked in `excl`) into `out` / `lb` according to `mode`.
    fn walk(
        &self,
        root: usize,
        skip: usize,
        mode: Mode,
        excl: &[bool],
        out: &mut Out,
        lb: &mut LineBuf,
    ) {
        let dom = self.dom;
        let stop = dom.end(root);
        let mut open: Vec<usize> = Vec::new();
        let mut pre = 0usize;
        let mut i = root;
        while i < stop {
            while let Some(&top) = open.last() {
                if dom.end(top) > i {
                    break;
                }
                open.pop();
                if dom.name(top) == "pre" {
                    pre -= 1;
                }
                Self::boundary(mode, out, lb);
            }
            if excl[i] || i == skip {
                i = dom.end(i);
                continue;
            }
            match dom.n[i].kind {
                Kind::Text(s) => {
                    if pre > 0 && mode == Mode::Flow {
                        for (k, piece) in s.split('\n').enumerate() {
                            if k > 0 {
                                out.line(&lb.take());
                            }
                            lb.push_source(piece);
                        }
                    } else {
                        lb.push_source(s);
                    }
                    i += 1;
                }
                Kind::Other => i += 1,
                Kind::Elem(e) => {
                    let name = e.name();
                    if mode == Mode::Flow && name == "table" && !self.is_layout_table(i) {
                        out.line(&lb.take());
                        self.emit_table(i, skip, out);
                        i = dom.end(i);
                        continue;
                    }
                    if name == "br" || name == "hr" {
                        Self::boundary(mode, out, lb);
                    } else if is_block(name) {
                        Self::boundary(mode, out, lb);
                        if name == "pre" {
                            pre += 1;
                        }
                        open.push(i);
                    }
                    i += 1;
                }
            }
        }
        while let Some(top) = open.pop() {
            let _ = top;
            Self::boundary(mode, out, lb);
        }
    }

    /// The rows of a table, grouped by row group (`thead`/`tbody`/`tfoot`,
    /// or a run of `<tr>` directly under `<table>`), plus its caption.
    fn table_rows(&self, t: usize) -> (Vec<Vec<usize>>, Option<usize>) {
        let dom = self.dom;
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut loose: Vec<usize> = Vec::new();
        let mut caption = None;
        for c in dom.children(t) {
            if self.excluded[c] {
                continue;
            }
            match dom.name(c) {
                "tr" => loose.push(c),
                "thead" | "tbody" | "tfoot" => {
                    if !loose.is_empty() {
                        groups.push(std::mem::take(&mut loose));
                    }
                    let rows: Vec<usize> = dom
                        .children(c)
                        .filter(|&r| !self.excluded[r] && dom.name(r) == "tr")
                        .collect();
                    if !rows.is_empty() {
                        groups.push(rows);
                    }
                }
                "caption" if caption.is_none() => caption = Some(c),
                _ => {}
            }
        }
        if !loose.is_empty() {
            groups.push(loose);
        }
        (groups, caption)
    }

    fn row_cells(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        self.dom
            .children(r)
            .filter(move |&c| !self.excluded[c] && matches!(self.dom.name(c), "td" | "th"))
    }

    /// A table used for page layout (a cell holding a long text or a
    /// nested table of its own) is rendered as ordinary blocks.
    fn is_layout_table(&self, t: usize) -> bool {
        let (groups, _) = self.table_rows(t);
        let mut max_cells = 0;
        let mut nested = false;
        for &r in groups.iter().flatten() {
            let mut n = 0;
            for c in self.row_cells(r) {
                n += 1;
                if self.text[c] > LAYOUT_CELL_CHARS || self.trs[c] >= 3 {
                    return true;
                }
                nested |= self.tables[c] > 0;
            }
            max_cells = max_cells.max(n);
        }
        nested && max_cells <= 1
    }

    fn emit_table(&self, t: usize, skip: usize, out: &mut Out) {
        let (groups, caption) = self.table_rows(t);
        if let Some(c) = caption {
            out.line(&self.inline_text(c, skip, Mode::Cell, &self.excluded));
        }
        let mut grid = Grid::new();
        for group in &groups {
            for &r in group {
                let cells = self
                    .row_cells(r)
                    .map(|c| {
                        let e = self.dom.elem(c);
                        let span = |a: &str, max| grid::parse_span(e.and_then(|e| e.attr(a)), max);
                        Cell::new(
                            self.inline_text(c, skip, Mode::Cell, &self.excluded),
                            span("colspan", grid::MAX_COLSPAN),
                            span("rowspan", grid::MAX_ROWSPAN),
                        )
                    })
                    .collect();
                grid.push_row(cells);
            }
            grid.end_group();
        }
        out.table_rows(grid.into_rows());
    }
}

/// Remove a site name from a `<title>`: cut at `_`, ` - `, `|`, `——` … when
/// what follows looks like a site name (or the part before is the report).
fn strip_site_suffix(title: &str) -> String {
    const SEPS: &[&str] = &[
        "——", " — ", " - ", " – ", "_", "|", "｜", "－", "-", "—", "–", "::",
    ];
    let title = title.trim();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for sep in SEPS {
        for (p, _) in title.match_indices(sep) {
            if !cuts.iter().any(|&(q, l)| p < q + l && q < p + sep.len()) {
                cuts.push((p, sep.len()));
            }
        }
    }
    cuts.sort_unstable();
    for &(p, l) in &cuts {
        let left = title[..p].trim();
        let right = title[p + l..].trim();
        if left.is_empty() || right.is_empty() {
            continue;
        }
        let left_report = left.contains("报告");
        let right_report = right.contains("报告");
        if !right_report && (left_report || (site_like(right) && left.chars().count() >= 4)) {
            return left.to_string();
        }
        if !left_report && right_report && site_like(left) {
            return strip_site_suffix(right);
        }
    }
    title.to_string()
}

fn site_like(s: &str) -> bool {
    const KEYS: &[&str] = &[
        "政府",
        "网",
        "门户",
        "官方",
        "人民",
        "局",
        "委",
        "办",
        "厅",
        "中心",
        "平台",
        "政务",
        "信息公开",
        "gov",
        "www",
        "GOV",
        "WWW",
    ];
    s.chars().count() <= 40 && KEYS.iter().any(|k| s.contains(k))
}

#[cfg(test)]
mod tests;
