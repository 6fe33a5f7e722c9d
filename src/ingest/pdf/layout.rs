//! One page: glyphs → text lines and tables.

use super::interp::{Glyph, PageContent, Rule};
use crate::ingest::{GridField, GridRow};

/// A visual line of text outside any table.
#[derive(Debug, Clone)]
pub(crate) struct TextLine {
    /// Baseline.
    pub y: f32,
    pub x0: f32,
    pub x1: f32,
    pub size: f32,
    pub text: String,
    /// x-ranges of the runs separated by wide gaps (column candidates).
    pub chunks: Vec<Chunk>,
}

#[derive(Debug, Clone)]
pub(crate) struct Chunk {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
}

/// A cell at its origin row: its x-extent and text.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub x0: f32,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    /// 0-based page the row is on.
    pub page: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub x0: f32,
    pub x1: f32,
    pub top: f32,
    pub bottom: f32,
    /// Left edges of the columns, and the right edge of the last one.
    pub xs: Vec<f32>,
    pub rows: Vec<Row>,
    /// Built from ruling lines (true) or from aligned text (false).
    pub ruled: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Line(TextLine),
    Table(Table),
}

impl Block {
    pub fn top(&self) -> f32 {
        match self {
            Block::Line(l) => l.y - l.size,
            Block::Table(t) => t.top,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PageLayout {
    pub width: f32,
    pub height: f32,
    pub blocks: Vec<Block>,
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31BF | 0x31C0..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Join two pieces of one cell or paragraph across a line break: no space
/// between CJK text, one between ASCII words.
pub(crate) fn join_wrapped(out: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let last = out.chars().next_back();
    let first = next.chars().next();
    if let (Some(a), Some(b)) = (last, first)
        && !a.is_whitespace()
        && !is_cjk(a)
        && !is_cjk(b)
        && !(a == '-' && b.is_alphanumeric())
    {
        out.push(' ');
    }
    out.push_str(next);
}

/// [`join_wrapped`] for the lines of one ruled cell: a ruled cell holds one
/// value, so digits that continue on the next line are one number wrapped
/// in a narrow column ("48" / "56" is 4856), not two.
fn join_cell_line(out: &mut String, next: &str) {
    let next = next.trim();
    let digit_wrap = out.ends_with(|c: char| c.is_ascii_digit())
        && next.starts_with(|c: char| c.is_ascii_digit());
    if digit_wrap {
        out.push_str(next);
    } else {
        join_wrapped(out, next);
    }
}

/// Whether glyphs `a` then `b` (on one line) are separated by a word space.
fn wants_space(a: &Glyph, b: &Glyph, in_cell: bool) -> bool {
    let gap = b.x - (a.x + a.w);
    let size = a.size.min(b.size).max(1.0);
    let (ca, cb) = (is_cjk(a.ch), is_cjk(b.ch));
    match (ca, cb) {
        (true, true) => !in_cell && gap > 2.5 * size,
        (true, false) | (false, true) => gap > if in_cell { 0.8 } else { 0.35 } * size,
        (false, false) => gap > 0.2 * size,
    }
}

const CHUNK_GAP: f32 = 1.0;

/// Group glyphs into lines by baseline and render each line's text.
pub(crate) fn build_lines(glyphs: &mut [&Glyph], in_cell: bool) -> Vec<TextLine> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut cur_y = f32::NAN;
    let mut cur_size = 0.0f32;
    for g in glyphs.iter() {
        let tol = 0.4 * g.size.min(cur_size).max(1.0);
        if groups.is_empty() || (g.y - cur_y).abs() > tol {
            groups.push(Vec::new());
            cur_y = g.y;
            cur_size = g.size;
        } else {
            cur_size = cur_size.max(g.size);
        }
        groups.last_mut().unwrap().push(g);
    }
    let mut lines = Vec::with_capacity(groups.len());
    for mut grp in groups {
        grp.sort_by(|a, b| a.x.total_cmp(&b.x));
        // Drop overprinted duplicates (fake bold, shadows).
        let mut kept: Vec<&Glyph> = Vec::with_capacity(grp.len());
        for g in grp {
            if let Some(p) = kept.iter().rev().take(3).find(|p| p.ch == g.ch)
                && (p.x - g.x).abs() < 0.3 * g.size.max(1.0)
                && (p.y - g.y).abs() < 0.3 * g.size
            {
                continue;
            }
            kept.push(g);
        }
        let mut text = String::new();
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut prev: Option<&Glyph> = None;
        let mut pending_space = false;
        let mut last_visible: Option<&Glyph> = None;
        for g in &kept {
            if g.ch.is_whitespace() {
                pending_space = true;
                prev = Some(g);
                continue;
            }
            if let Some(lv) = last_visible {
                let gap = g.x - (lv.x + lv.w);
                let size = lv.size.min(g.size).max(1.0);
                if gap > CHUNK_GAP * size {
                    chunks.push(Chunk {
                        x0: g.x,
                        x1: g.x + g.w,
                        text: String::new(),
                    });
                    // Spread-out CJK in a cell (distributed alignment) stays together.
                    let cjk_pair = in_cell && is_cjk(lv.ch) && is_cjk(g.ch);
                    if !text.is_empty() && !cjk_pair {
                        text.push(' ');
                    }
                } else {
                    let explicit = pending_space
                        && !(in_cell && is_cjk(lv.ch) && is_cjk(g.ch))
                        && gap > 0.05 * size;
                    if explicit || wants_space(lv, g, in_cell) {
                        text.push(' ');
                        if let Some(c) = chunks.last_mut() {
                            c.text.push(' ');
                        }
                    }
                }
            } else {
                chunks.push(Chunk {
                    x0: g.x,
                    x1: g.x + g.w,
                    text: String::new(),
                });
            }
            text.push(g.ch);
            let c = chunks.last_mut().unwrap();
            c.text.push(g.ch);
            c.x1 = c.x1.max(g.x + g.w);
            pending_space = false;
            last_visible = Some(g);
            prev = Some(g);
        }
        let _ = prev;
        if text.is_empty() {
            continue;
        }
        let y = kept
            .iter()
            .filter(|g| !g.ch.is_whitespace())
            .map(|g| g.y)
            .sum::<f32>()
            / kept.iter().filter(|g| !g.ch.is_whitespace()).count().max(1) as f32;
        let size = kept
            .iter()
            .filter(|g| !g.ch.is_whitespace())
            .map(|g| g.size)
            .fold(0.0, f32::max);
        lines.push(TextLine {
            y,
            x0: chunks.first().map(|c| c.x0).unwrap_or(0.0),
            x1: chunks.iter().map(|c| c.x1).fold(f32::MIN, f32::max),
            size,
            text,
            chunks,
        });
    }
    lines
}

// ---------------------------------------------------------------- rules → grids

const SNAP: f32 = 2.0;

/// Merge collinear, overlapping or touching rules.
fn merge_rules(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.retain(|r| r.b - r.a >= 1.0 && r.pos.is_finite());
    rules.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    // Cluster positions.
    let mut out: Vec<Rule> = Vec::new();
    let mut i = 0;
    while i < rules.len() {
        let mut j = i;
        while j + 1 < rules.len() && rules[j + 1].pos - rules[j].pos <= 1.0 {
            j += 1;
        }
        let group = &mut rules[i..=j];
        let pos = group.iter().map(|r| r.pos).sum::<f32>() / group.len() as f32;
        group.sort_by(|a, b| a.a.total_cmp(&b.a));
        let mut cur = Rule {
            pos,
            a: group[0].a,
            b: group[0].b,
        };
        for r in group.iter().skip(1) {
            if r.a <= cur.b + SNAP {
                cur.b = cur.b.max(r.b);
            } else {
                out.push(cur);
                cur = Rule {
                    pos,
                    a: r.a,
                    b: r.b,
                };
            }
        }
        out.push(cur);
        i = j + 1;
    }
    out
}

fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(p, a), find(p, b));
    if a != b {
        p[a.max(b)] = a.min(b);
    }
}

/// Cluster sorted values: ones closer than `tol` become their mean.
fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    let mut group: Vec<f32> = Vec::new();
    for x in v {
        if let Some(&last) = group.last()
            && x - last > tol
        {
            out.push(group.iter().sum::<f32>() / group.len() as f32);
            group.clear();
        }
        group.push(x);
    }
    if !group.is_empty() {
        out.push(group.iter().sum::<f32>() / group.len() as f32);
    }
    out
}

/// A cell grid found from ruling lines.
#[derive(Debug)]
pub(crate) struct Grid {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    /// Region (index into `regions`) of each grid position, row-major.
    pub region_of: Vec<usize>,
    /// (r0, c0, r1, c1), inclusive.
    pub regions: Vec<(usize, usize, usize, usize)>,
}

impl Grid {
    pub fn ncols(&self) -> usize {
        self.xs.len() - 1
    }
    pub fn nrows(&self) -> usize {
        self.ys.len() - 1
    }
    pub fn locate(&self, x: f32, y: f32) -> Option<usize> {
        let c = self.xs.windows(2).position(|w| x >= w[0] && x < w[1])?;
        let r = self.ys.windows(2).position(|w| y >= w[0] && y < w[1])?;
        Some(self.region_of[r * self.ncols() + c])
    }
}

pub(crate) fn find_grids(hrules: &[Rule], vrules: &[Rule]) -> Vec<Grid> {
    let h = merge_rules(hrules.to_vec());
    let v = merge_rules(vrules.to_vec());
    if h.len() < 2 || v.len() < 2 || h.len() > 5000 || v.len() > 5000 {
        return Vec::new();
    }
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hr) in h.iter().enumerate() {
        for (j, vr) in v.iter().enumerate() {
            if vr.pos >= hr.a - SNAP
                && vr.pos <= hr.b + SNAP
                && hr.pos >= vr.a - SNAP
                && hr.pos <= vr.b + SNAP
            {
                union(&mut parent, i, h.len() + j);
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> = Default::default();
    for i in 0..h.len() {
        comps.entry(find(&mut parent, i)).or_default().0.push(i);
    }
    for j in 0..v.len() {
        comps
            .entry(find(&mut parent, h.len() + j))
            .or_default()
            .1
            .push(j);
    }
    let mut grids = Vec::new();
    for (hs, vs) in comps.values() {
        if hs.len() < 2 || vs.len() < 2 {
            continue;
        }
        let hs: Vec<&Rule> = hs.iter().map(|&i| &h[i]).collect();
        let vs: Vec<&Rule> = vs.iter().map(|&j| &v[j]).collect();
        let mut xv: Vec<f32> = vs.iter().map(|r| r.pos).collect();
        xv.push(hs.iter().map(|r| r.a).fold(f32::MAX, f32::min));
        xv.push(hs.iter().map(|r| r.b).fold(f32::MIN, f32::max));
        let mut yv: Vec<f32> = hs.iter().map(|r| r.pos).collect();
        yv.push(vs.iter().map(|r| r.a).fold(f32::MAX, f32::min));
        yv.push(vs.iter().map(|r| r.b).fold(f32::MIN, f32::max));
        let xs = cluster(xv, SNAP + 1.0);
        let ys = cluster(yv, SNAP + 1.0);
        if xs.len() < 2 || ys.len() < 2 {
            continue;
        }
        let (nc, nr) = (xs.len() - 1, ys.len() - 1);
        if nc * nr > 100_000 {
            continue;
        }
        let has_v = |x: f32, y: f32| {
            vs.iter()
                .any(|r| (r.pos - x).abs() <= SNAP + 1.0 && r.a - SNAP <= y && r.b + SNAP >= y)
        };
        let has_h = |y: f32, x: f32| {
            hs.iter()
                .any(|r| (r.pos - y).abs() <= SNAP + 1.0 && r.a - SNAP <= x && r.b + SNAP >= x)
        };
        let mut p: Vec<usize> = (0..nc * nr).collect();
        for r in 0..nr {
            let ym = (ys[r] + ys[r + 1]) / 2.0;
            for c in 0..nc {
                let xm = (xs[c] + xs[c + 1]) / 2.0;
                if c + 1 < nc && !has_v(xs[c + 1], ym) {
                    union(&mut p, r * nc + c, r * nc + c + 1);
                }
                if r + 1 < nr && !has_h(ys[r + 1], xm) {
                    union(&mut p, r * nc + c, (r + 1) * nc + c);
                }
            }
        }
        let mut region_index = vec![usize::MAX; nc * nr];
        let mut regions: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut region_of = vec![0; nc * nr];
        for (i, slot) in region_of.iter_mut().enumerate() {
            let root = find(&mut p, i);
            let (r, c) = (i / nc, i % nc);
            if region_index[root] == usize::MAX {
                region_index[root] = regions.len();
                regions.push((r, c, r, c));
            }
            let reg = &mut regions[region_index[root]];
            reg.0 = reg.0.min(r);
            reg.1 = reg.1.min(c);
            reg.2 = reg.2.max(r);
            reg.3 = reg.3.max(c);
            *slot = region_index[root];
        }
        // One column is a framed box or a list with separators, not a table.
        if regions.len() < 2 || nc < 2 {
            continue;
        }
        grids.push(Grid {
            xs,
            ys,
            region_of,
            regions,
        });
    }
    grids
}

/// Lay out one page.
pub(crate) fn layout_page(pc: &PageContent, page: usize) -> PageLayout {
    if std::env::var_os("NIANBAO_PDF_RULES").is_some() {
        eprintln!("page {}", page + 1);
        for r in merge_rules(pc.hrules.clone()) {
            eprintln!("  H y={:.1} x={:.1}..{:.1}", r.pos, r.a, r.b);
        }
        for r in merge_rules(pc.vrules.clone()) {
            eprintln!("  V x={:.1} y={:.1}..{:.1}", r.pos, r.a, r.b);
        }
        for g in &pc.glyphs {
            eprintln!(
                "  G {:?} x={:.1} y={:.1} w={:.1} size={:.1}",
                g.ch, g.x, g.y, g.w, g.size
            );
        }
    }
    let grids = find_grids(&pc.hrules, &pc.vrules);
    let mut in_grid: Vec<Option<(usize, usize)>> = vec![None; pc.glyphs.len()];
    for (gi, grid) in grids.iter().enumerate() {
        for (k, g) in pc.glyphs.iter().enumerate() {
            if in_grid[k].is_some() {
                continue;
            }
            let (cx, cy) = (g.x + g.w / 2.0, g.y - 0.35 * g.size);
            if let Some(reg) = grid.locate(cx, cy) {
                in_grid[k] = Some((gi, reg));
            }
        }
    }
    let mut blocks = Vec::new();
    for (gi, grid) in grids.iter().enumerate() {
        let mut per_region: Vec<Vec<&Glyph>> = vec![Vec::new(); grid.regions.len()];
        let mut any = false;
        for (k, g) in pc.glyphs.iter().enumerate() {
            if let Some((gj, reg)) = in_grid[k]
                && gj == gi
            {
                per_region[reg].push(g);
                any = true;
            }
        }
        if !any {
            continue;
        }
        let texts: Vec<String> = per_region
            .iter_mut()
            .map(|gs| {
                let mut s = String::new();
                for l in build_lines(gs, true) {
                    join_cell_line(&mut s, &l.text);
                }
                s
            })
            .collect();
        let mut rows: Vec<Row> = (0..grid.nrows())
            .map(|_| Row {
                cells: Vec::new(),
                page,
            })
            .collect();
        for (i, &(r0, c0, _, _)) in grid.regions.iter().enumerate() {
            rows[r0].cells.push(Cell {
                x0: grid.xs[c0],
                text: texts[i].clone(),
            });
        }
        for row in &mut rows {
            row.cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        }
        rows.retain(|r| r.cells.iter().any(|c| !c.text.is_empty()));
        blocks.push(Block::Table(Table {
            x0: grid.xs[0],
            x1: *grid.xs.last().unwrap(),
            top: grid.ys[0],
            bottom: *grid.ys.last().unwrap(),
            xs: grid.xs.clone(),
            rows,
            ruled: true,
        }));
    }
    let mut rest: Vec<&Glyph> = pc
        .glyphs
        .iter()
        .zip(&in_grid)
        .filter(|(_, g)| g.is_none())
        .map(|(g, _)| g)
        .collect();
    let lines = build_lines(&mut rest, false);
    blocks.extend(text_tables(lines, page));
    blocks.sort_by(|a, b| a.top().total_cmp(&b.top()));
    PageLayout {
        width: pc.width,
        height: pc.height,
        blocks,
    }
}

/// Render a table: one line per row, cells in grid order, tab-separated.
/// A table built from ruling lines knows its cells: each row's field
/// layout goes to `grid` (an empty ruled cell is a blank there; a position
/// no cell of the row starts at is covered by a span).
pub(crate) fn render_table(
    t: &Table,
    out: &mut String,
    grid: &mut Vec<GridRow>,
    mut on_row: impl FnMut(&Row, usize),
) {
    // Column starts that some cell uses.
    let mut starts: Vec<f32> = Vec::new();
    for row in &t.rows {
        for c in &row.cells {
            starts.push(c.x0);
        }
    }
    let starts = cluster(starts, SNAP + 1.0);
    let ncols = starts.len().max(1);
    for row in &t.rows {
        let mut cells = vec![String::new(); ncols];
        let mut fields = vec![GridField::Covered; ncols];
        for c in &row.cells {
            let k = starts
                .iter()
                .enumerate()
                .min_by(|a, b| (a.1 - c.x0).abs().total_cmp(&(b.1 - c.x0).abs()))
                .map(|(k, _)| k)
                .unwrap_or(0);
            fields[k] = GridField::Cell { colspan: 1 };
            let cell = c.text.replace(['\t', '\n'], " ");
            if cells[k].is_empty() {
                cells[k] = cell;
            } else if !cell.is_empty() {
                join_wrapped(&mut cells[k], &cell);
            }
        }
        on_row(row, out.len());
        if t.ruled {
            grid.push(GridRow {
                start: out.len(),
                fields,
            });
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
}

// ------------------------------------------------- tables without ruling lines

fn is_numeric(s: &str) -> bool {
    let s = s.trim().trim_start_matches(['+', '-']);
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '%')
}

/// Columns of a set of lines: the x-intervals covered by some chunk.
fn columns(lines: &[TextLine]) -> Vec<(f32, f32)> {
    let mut iv: Vec<(f32, f32)> = lines
        .iter()
        .flat_map(|l| l.chunks.iter().map(|c| (c.x0, c.x1)))
        .collect();
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (a, b) in iv {
        match out.last_mut() {
            // Gutters narrower than about one character do not separate columns.
            Some(last) if a <= last.1 + 4.0 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Make a table of `lines` if their chunks fall into two or more columns and
/// some cell is a number.
fn make_text_table(lines: &[TextLine], page: usize) -> Option<Table> {
    let multi = lines.iter().filter(|l| l.chunks.len() >= 2).count();
    if multi < 2 {
        return None;
    }
    // Gutters come from the data rows (some number in them): header cells
    // often run over several columns.
    let data: Vec<TextLine> = lines
        .iter()
        .filter(|l| l.chunks.len() >= 2 && l.chunks.iter().any(|c| is_numeric(&c.text)))
        .cloned()
        .collect();
    if data.is_empty() {
        return None;
    }
    let cols = if data.len() >= 2 {
        columns(&data)
    } else {
        columns(lines)
    };
    if cols.len() < 2 {
        return None;
    }
    let xs: Vec<f32> = cols
        .iter()
        .map(|c| c.0)
        .chain(cols.last().map(|c| c.1))
        .collect();
    let column_of = |x0: f32, x1: f32| -> usize {
        let overlap = |c: &(f32, f32)| x1.min(c.1) - x0.max(c.0);
        let best = (0..cols.len()).max_by(|&a, &b| {
            overlap(&cols[a])
                .total_cmp(&overlap(&cols[b]))
                .then(b.cmp(&a))
        });
        match best {
            Some(k) if overlap(&cols[k]) > 0.0 => k,
            _ => {
                let mid = (x0 + x1) / 2.0;
                (0..cols.len())
                    .min_by(|&a, &b| {
                        let d = |k: usize| (mid - (cols[k].0 + cols[k].1) / 2.0).abs();
                        d(a).total_cmp(&d(b))
                    })
                    .unwrap_or(0)
            }
        }
    };
    let rows = lines
        .iter()
        .map(|l| {
            let mut cells: Vec<Cell> = cols
                .iter()
                .map(|c| Cell {
                    x0: c.0,
                    text: String::new(),
                })
                .collect();
            for ch in &l.chunks {
                let t = &mut cells[column_of(ch.x0, ch.x1)].text;
                if t.is_empty() {
                    t.push_str(ch.text.trim());
                } else {
                    join_wrapped(t, &ch.text);
                }
            }
            Row { cells, page }
        })
        .collect();
    Some(Table {
        x0: xs[0],
        x1: *xs.last().unwrap(),
        top: lines[0].y - lines[0].size,
        bottom: lines.last().map_or(0.0, |l| l.y),
        xs,
        rows,
        ruled: false,
    })
}

/// Find tables drawn without rules: runs of lines whose gaps line up in
/// columns. Short one-piece lines inside a run (a wrapped label, a header
/// over several columns) stay in it when the columns survive them.
fn text_tables(lines: Vec<TextLine>, page: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let width = lines.iter().map(|l| l.x1).fold(0.0, f32::max)
        - lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let mut i = 0;
    let mut pending: Vec<TextLine> = Vec::new();
    let flush_plain = |pending: &mut Vec<TextLine>, out: &mut Vec<Block>| {
        out.extend(pending.drain(..).map(Block::Line));
    };
    while i < lines.len() {
        if lines[i].chunks.len() < 2 {
            pending.push(lines[i].clone());
            i += 1;
            continue;
        }
        // Extend the run: multi-chunk lines, and short single lines between them.
        let start = i;
        let mut end = i + 1; // exclusive, last multi line + 1
        let mut j = i + 1;
        while j < lines.len() {
            let gap = lines[j].y - lines[j - 1].y;
            if gap > 3.5 * lines[j - 1].size.max(lines[j].size) {
                break;
            }
            if lines[j].chunks.len() >= 2 {
                end = j + 1;
            } else if lines[j].x1 - lines[j].x0 > 0.6 * width {
                break;
            }
            j += 1;
        }
        let run = &lines[start..end];
        flush_plain(&mut pending, &mut out);
        if let Some(t) = make_text_table(run, page) {
            out.push(Block::Table(t));
        } else {
            // Retry on the runs of multi-chunk lines alone.
            let mut k = 0;
            while k < run.len() {
                if run[k].chunks.len() < 2 {
                    out.push(Block::Line(run[k].clone()));
                    k += 1;
                    continue;
                }
                let s = k;
                while k < run.len() && run[k].chunks.len() >= 2 {
                    k += 1;
                }
                match make_text_table(&run[s..k], page) {
                    Some(t) => out.push(Block::Table(t)),
                    None => out.extend(run[s..k].iter().cloned().map(Block::Line)),
                }
            }
        }
        i = end;
    }
    flush_plain(&mut pending, &mut out);
    out
}
