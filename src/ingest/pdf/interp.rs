//! Content-stream interpreter: glyphs with positions, and ruling lines.
//!
//! Coordinates handed out are in "view space": points from the top-left
//! corner of the page as it is displayed (after `/Rotate`), y growing down.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::{Code, Font};

/// Bounds against hostile files.
pub(crate) const MAX_CONTENT_BYTES: usize = 32 << 20;
const MAX_OPS: usize = 3_000_000;
/// Operators a whole document may run, over all its pages.
pub(crate) const MAX_DOC_OPS: usize = 40_000_000;
const MAX_GLYPHS: usize = 400_000;
const MAX_SEGMENTS: usize = 200_000;
const MAX_FORM_DEPTH: usize = 12;

#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// Left edge.
    pub x: f32,
    /// Baseline (view space, down).
    pub y: f32,
    /// Advance width.
    pub w: f32,
    /// Font size in view space.
    pub size: f32,
    pub ch: char,
}

/// A ruling line: horizontal (`y`, `a..b` in x) or vertical (`x`, `a..b` in y).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    pub pos: f32,
    pub a: f32,
    pub b: f32,
}

#[derive(Debug, Default)]
pub(crate) struct PageContent {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub hrules: Vec<Rule>,
    pub vrules: Vec<Rule>,
    /// Glyphs whose code had no Unicode mapping.
    pub unmapped: usize,
}

/// What pages share: parsed fonts, decoded form streams, the work budget.
pub(crate) struct Cache {
    pub fonts: HashMap<ObjectId, Rc<Font>>,
    forms: HashMap<ObjectId, Option<Rc<Vec<u8>>>>,
    /// Operators left for the rest of the document.
    pub ops_left: usize,
    /// The file's deadline, read every few thousand operators.
    deadline: crate::ingest::Deadline,
    tick: u32,
    /// Set when a page stopped because the deadline passed.
    pub timed_out: bool,
}

impl Cache {
    pub fn new(deadline: crate::ingest::Deadline) -> Self {
        Cache {
            fonts: HashMap::new(),
            forms: HashMap::new(),
            ops_left: MAX_DOC_OPS,
            deadline,
            tick: 0,
            timed_out: false,
        }
    }
}

type M = [f32; 6];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
    stroke_visible: bool,
    fill_visible: bool,
    /// Bounding box of the clipping path (view space: x0, y0, x1, y1).
    clip: [f32; 4],
}

pub(crate) struct Interp<'a> {
    doc: &'a Document,
    cache: &'a mut Cache,
    out: PageContent,
    /// User space → view space.
    view: M,
    gs: GState,
    stack: Vec<GState>,
    tm: M,
    tlm: M,
    path: Vec<Vec<(f32, f32)>>,
    ops: usize,
    codes: Vec<Code>,
    forms: Vec<ObjectId>,
    /// `W`/`W*` seen: the path, once painted (or `n`), clips.
    clip_pending: bool,
    pub truncated: bool,
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) if r.is_finite() => *r,
        _ => 0.0,
    }
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f32; N]> {
    if ops.len() < N {
        return None;
    }
    let mut a = [0.0; N];
    for (i, o) in ops[ops.len() - N..].iter().enumerate() {
        a[i] = num(o);
    }
    Some(a)
}

/// Is a colour (given by its operands) white, i.e. invisible on paper?
fn is_white(op: &str, ops: &[Object]) -> bool {
    let v: Vec<f32> = ops
        .iter()
        .filter(|o| !matches!(o, Object::Name(_)))
        .map(num)
        .collect();
    match (op, v.len()) {
        ("g" | "G", 1) => v[0] > 0.97,
        ("rg" | "RG", 3) => v.iter().all(|c| *c > 0.97),
        ("k" | "K", 4) => v.iter().all(|c| *c < 0.03),
        (_, 1) => v[0] > 0.97,
        (_, 3) => v.iter().all(|c| *c > 0.97),
        (_, 4) => v.iter().all(|c| *c < 0.03),
        _ => false,
    }
}

/// What a decoded character becomes in the text: controls and invisible
/// format characters are dropped, bidirectional overrides shown as U+FFFD
/// (as [`crate::ingest::sanitize`] does), radicals become ideographs.
fn clean_char(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => None,
        '\u{2028}' | '\u{2029}' => None,
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => Some(super::encoding::normalize_radical(c)),
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn sub_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    d.get(key)
        .ok()
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
}

impl<'a> Interp<'a> {
    /// `bbox` is the page's crop box, `rotate` its `/Rotate` in degrees.
    pub fn new(doc: &'a Document, cache: &'a mut Cache, bbox: [f32; 4], rotate: i64) -> Self {
        let [x0, y0, x1, y1] = bbox;
        let (w, h) = (x1 - x0, y1 - y0);
        let rot = rotate.rem_euclid(360);
        // Each maps (x, y) of user space to view space.
        let (view, width, height) = match rot {
            90 => ([0.0, 1.0, 1.0, 0.0, -y0, -x0], h, w),
            180 => ([-1.0, 0.0, 0.0, 1.0, x1, -y0], w, h),
            270 => ([0.0, -1.0, -1.0, 0.0, y1, x1], h, w),
            _ => ([1.0, 0.0, 0.0, -1.0, -x0, y1], w, h),
        };
        Interp {
            doc,
            cache,
            out: PageContent {
                width,
                height,
                ..Default::default()
            },
            view,
            gs: GState {
                ctm: ID,
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                hscale: 1.0,
                leading: 0.0,
                rise: 0.0,
                stroke_visible: true,
                fill_visible: true,
                clip: [f32::MIN, f32::MIN, f32::MAX, f32::MAX],
            },
            stack: Vec::new(),
            tm: ID,
            tlm: ID,
            path: Vec::new(),
            ops: 0,
            codes: Vec::new(),
            forms: Vec::new(),
            clip_pending: false,
            truncated: false,
        }
    }

    pub fn finish(self) -> PageContent {
        self.out
    }

    pub fn run(&mut self, data: &[u8], resources: Option<&'a Dictionary>) {
        for op in Content::decode_iter(data) {
            let Ok(op) = op else { break };
            self.ops += 1;
            if self.cache.timed_out
                || self
                    .cache
                    .deadline
                    .tick(&mut self.cache.tick, 4096)
                    .is_err()
            {
                self.cache.timed_out = true;
                self.truncated = true;
                return;
            }
            if self.ops > MAX_OPS || self.cache.ops_left == 0 || self.out.glyphs.len() > MAX_GLYPHS
            {
                self.truncated = true;
                return;
            }
            self.cache.ops_left -= 1;
            self.op(&op.operator, &op.operands, resources);
        }
    }

    fn font_for(&mut self, name: &[u8], resources: Option<&'a Dictionary>) -> Option<Rc<Font>> {
        let fonts = sub_dict(self.doc, resources?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        match entry {
            Object::Reference(id) => {
                if let Some(f) = self.cache.fonts.get(id) {
                    return Some(f.clone());
                }
                let dict = self.doc.get_object(*id).ok()?.as_dict().ok()?;
                let f = Rc::new(Font::load(self.doc, dict));
                self.cache.fonts.insert(*id, f.clone());
                Some(f)
            }
            Object::Dictionary(d) => Some(Rc::new(Font::load(self.doc, d))),
            _ => None,
        }
    }

    fn op(&mut self, op: &str, ops: &[Object], res: Option<&'a Dictionary>) {
        match op {
            "q"
                if self.stack.len() < 256 => {
                    self.stack.push(self.gs.clone());
                }
            "Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            "cm" => {
                if let Some(m) = nums::<6>(ops) {
                    self.gs.ctm = mul(&m, &self.gs.ctm);
                }
            }
            "BT" => {
                self.tm = ID;
                self.tlm = ID;
            }
            "ET" => {}
            "Tf"
                if ops.len() >= 2 => {
                    self.gs.size = num(&ops[1]);
                    if let Object::Name(n) = &ops[0] {
                        self.gs.font = self.font_for(n, res);
                    }
                }
            "Tc" => self.gs.char_spacing = ops.first().map(num).unwrap_or(0.0),
            "Tw" => self.gs.word_spacing = ops.first().map(num).unwrap_or(0.0),
            "Tz" => self.gs.hscale = ops.first().map(num).unwrap_or(100.0) / 100.0,
            "TL" => self.gs.leading = ops.first().map(num).unwrap_or(0.0),
            "Ts" => self.gs.rise = ops.first().map(num).unwrap_or(0.0),
            "Td" => {
                if let Some([tx, ty]) = nums::<2>(ops) {
                    self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
                    self.tm = self.tlm;
                }
            }
            "TD" => {
                if let Some([tx, ty]) = nums::<2>(ops) {
                    self.gs.leading = -ty;
                    self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
                    self.tm = self.tlm;
                }
            }
            "Tm" => {
                if let Some(m) = nums::<6>(ops) {
                    self.tlm = m;
                    self.tm = m;
                }
            }
            "T*" => self.next_line(),
            "Tj" => {
                if let Some(Object::String(s, _)) = ops.first() {
                    self.show(s);
                }
            }
            "'" => {
                self.next_line();
                if let Some(Object::String(s, _)) = ops.last() {
                    self.show(s);
                }
            }
            "\"" => {
                if ops.len() >= 3 {
                    self.gs.word_spacing = num(&ops[0]);
                    self.gs.char_spacing = num(&ops[1]);
                }
                self.next_line();
                if let Some(Object::String(s, _)) = ops.last() {
                    self.show(s);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = ops.first() {
                    for it in items {
                        match it {
                            Object::String(s, _) => self.show(s),
                            Object::Integer(_) | Object::Real(_) => {
                                let tx = -num(it) / 1000.0 * self.gs.size * self.gs.hscale;
                                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                            }
                            _ => {}
                        }
                    }
                }
            }
            // Paths.
            "m" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.to_view(x, y);
                    self.path.push(vec![p]);
                }
            }
            "l" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.to_view(x, y);
                    match self.path.last_mut() {
                        Some(sp) => sp.push(p),
                        None => self.path.push(vec![p]),
                    }
                }
            }
            "c" | "v" | "y"
                // Curves are never table rules: start a fresh subpath at the end point.
                if ops.len() >= 2 => {
                    let p = self.to_view(num(&ops[ops.len() - 2]), num(&ops[ops.len() - 1]));
                    self.path.push(vec![p]);
                }
            "h" => {
                if let Some(sp) = self.path.last_mut()
                    && sp.len() > 1 {
                        let first = sp[0];
                        sp.push(first);
                    }
            }
            "re" => {
                if let Some([x, y, w, h]) = nums::<4>(ops) {
                    let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                    let sp = pts.iter().map(|&(a, b)| self.to_view(a, b)).collect();
                    self.path.push(sp);
                }
            }
            "S" | "s" => {
                self.apply_clip();
                if self.gs.stroke_visible {
                    self.stroke_path();
                }
                self.path.clear();
            }
            "f" | "F" | "f*" => {
                self.apply_clip();
                if self.gs.fill_visible {
                    self.fill_path();
                }
                self.path.clear();
            }
            "B" | "B*" | "b" | "b*" => {
                self.apply_clip();
                if self.gs.stroke_visible {
                    self.stroke_path();
                } else if self.gs.fill_visible {
                    self.fill_path();
                }
                self.path.clear();
            }
            "n" => {
                self.apply_clip();
                self.path.clear();
            }
            "W" | "W*" => self.clip_pending = true,
            "G" | "RG" | "K" | "SC" | "SCN" => self.gs.stroke_visible = !is_white(op, ops),
            "g" | "rg" | "k" | "sc" | "scn" => self.gs.fill_visible = !is_white(op, ops),
            "CS" => self.gs.stroke_visible = true,
            "cs" => self.gs.fill_visible = true,
            "Do" => {
                if let Some(Object::Name(n)) = ops.first() {
                    self.do_xobject(n, res);
                }
            }
            _ => {}
        }
    }

    fn do_xobject(&mut self, name: &[u8], res: Option<&'a Dictionary>) {
        let doc = self.doc;
        let Some(xobjects) = res.and_then(|r| sub_dict(doc, r, b"XObject")) else {
            return;
        };
        let Ok(Object::Reference(id)) = xobjects.get(name) else {
            return;
        };
        let id = *id;
        if self.forms.contains(&id) || self.forms.len() >= MAX_FORM_DEPTH {
            return;
        }
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        let data = match self.cache.forms.get(&id) {
            Some(d) => d.clone(),
            None => {
                let d = match stream.decompressed_content_with_limit(MAX_CONTENT_BYTES) {
                    Ok(d) => Some(Rc::new(d)),
                    Err(_) if stream.dict.get(b"Filter").is_err() => {
                        Some(Rc::new(stream.content.clone()))
                    }
                    Err(_) => None,
                };
                self.cache.forms.insert(id, d.clone());
                d
            }
        };
        let Some(data) = data else { return };
        let form_res = sub_dict(doc, &stream.dict, b"Resources").or(res);
        let saved = (self.gs.clone(), self.stack.len(), self.tm, self.tlm);
        if let Ok(Object::Array(m)) = stream.dict.get(b"Matrix")
            && m.len() == 6
        {
            let m: Vec<f32> = m.iter().map(|o| num(deref(doc, o))).collect();
            let m = [m[0], m[1], m[2], m[3], m[4], m[5]];
            self.gs.ctm = mul(&m, &self.gs.ctm);
        }
        self.forms.push(id);
        self.run(&data, form_res);
        self.forms.pop();
        self.stack.truncate(saved.1);
        self.gs = saved.0;
        self.tm = saved.2;
        self.tlm = saved.3;
    }

    fn to_view(&self, x: f32, y: f32) -> (f32, f32) {
        let (ux, uy) = apply(&self.gs.ctm, x, y);
        apply(&self.view, ux, uy)
    }

    fn next_line(&mut self) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -self.gs.leading], &self.tlm);
        self.tm = self.tlm;
    }

    fn show(&mut self, bytes: &[u8]) {
        let font = match &self.gs.font {
            Some(f) => f.clone(),
            None => Rc::new(Font::fallback()),
        };
        let mut codes = std::mem::take(&mut self.codes);
        font.decode(bytes, &mut codes);
        let gs = &self.gs;
        let size = gs.size;
        let th = gs.hscale;
        for c in &codes {
            let w0 = c.width * font.scale;
            // Text rendering matrix: text space → view space.
            let trm = mul(
                &mul(&[size * th, 0.0, 0.0, size, 0.0, gs.rise], &self.tm),
                &gs.ctm,
            );
            let trm = mul(&trm, &self.view);
            let (x0, y0) = apply(&trm, 0.0, 0.0);
            let (x1, y1) = apply(&trm, w0, 0.0);
            let (ux, uy) = (trm[2], trm[3]);
            let vsize = (ux * ux + uy * uy).sqrt();
            let mut adv = w0 * size + gs.char_spacing;
            if c.len == 1 && c.code == 32 {
                adv += gs.word_spacing;
            }
            if font.vertical {
                self.tm = mul(
                    &[1.0, 0.0, 0.0, 1.0, 0.0, -(size + gs.char_spacing)],
                    &self.tm,
                );
            } else {
                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, adv * th, 0.0], &self.tm);
            }
            let Some(text) = &c.text else {
                self.out.unmapped += 1;
                continue;
            };
            let sane = |v: f32| v.is_finite() && v.abs() < 1e6;
            if !(sane(x0) && sane(y0) && sane(x1) && sane(y1) && sane(vsize)) || vsize < 0.5 {
                continue;
            }
            let n = text.chars().count().max(1) as f32;
            let (dx, dy) = ((x1 - x0) / n, (y1 - y0) / n);
            for (k, ch) in text.chars().enumerate() {
                if self.out.glyphs.len() >= MAX_GLYPHS {
                    continue;
                }
                let Some(ch) = clean_char(ch) else { continue };
                let (gx, gy) = (x0 + dx * k as f32, y0 + dy * k as f32);
                // Clipped away: not on the page.
                let [cx0, cy0, cx1, cy1] = self.gs.clip;
                let (mx, my) = (gx + dx / 2.0, gy - 0.3 * vsize);
                if mx < cx0 - 1.0 || mx > cx1 + 1.0 || my < cy0 - 1.0 || my > cy1 + 1.0 {
                    continue;
                }
                let w = if dx.abs() >= dy.abs() {
                    dx.abs()
                } else {
                    vsize * 0.9
                };
                self.out.glyphs.push(Glyph {
                    x: if dx < 0.0 { gx + dx } else { gx },
                    y: gy,
                    w,
                    size: vsize,
                    ch,
                });
            }
        }
        self.codes = codes;
    }

    /// Intersect the clip box with the current path's bounding box.
    fn apply_clip(&mut self) {
        if !std::mem::take(&mut self.clip_pending) {
            return;
        }
        let pts = self.path.iter().flatten();
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for &(x, y) in pts {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        if x0 > x1 {
            return;
        }
        let c = &mut self.gs.clip;
        *c = [c[0].max(x0), c[1].max(y0), c[2].min(x1), c[3].min(y1)];
    }

    fn push_rule(&mut self, (ax, ay): (f32, f32), (bx, by): (f32, f32), thick: f32) {
        if self.out.hrules.len() + self.out.vrules.len() >= MAX_SEGMENTS {
            return;
        }
        let _ = thick;
        if ![ax, ay, bx, by]
            .iter()
            .all(|v| v.is_finite() && v.abs() < 1e6)
        {
            return;
        }
        let [cx0, cy0, cx1, cy1] = self.gs.clip;
        let (dx, dy) = ((bx - ax).abs(), (by - ay).abs());
        if dy <= 1.0 && dx > 0.5 {
            let pos = (ay + by) / 2.0;
            let (a, b) = (ax.min(bx).max(cx0), ax.max(bx).min(cx1));
            if pos >= cy0 - 1.0 && pos <= cy1 + 1.0 && b - a > 0.5 {
                self.out.hrules.push(Rule { pos, a, b });
            }
        } else if dx <= 1.0 && dy > 0.5 {
            let pos = (ax + bx) / 2.0;
            let (a, b) = (ay.min(by).max(cy0), ay.max(by).min(cy1));
            if pos >= cx0 - 1.0 && pos <= cx1 + 1.0 && b - a > 0.5 {
                self.out.vrules.push(Rule { pos, a, b });
            }
        }
    }

    fn stroke_path(&mut self) {
        let path = std::mem::take(&mut self.path);
        for sp in &path {
            for w in sp.windows(2) {
                self.push_rule(w[0], w[1], 0.0);
            }
        }
    }

    fn fill_path(&mut self) {
        let path = std::mem::take(&mut self.path);
        for sp in &path {
            if sp.len() < 4 {
                continue;
            }
            let xs = sp.iter().map(|p| p.0);
            let ys = sp.iter().map(|p| p.1);
            let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
            let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
            // Only axis-aligned boxes.
            let axis = sp
                .windows(2)
                .all(|w| (w[0].0 - w[1].0).abs() < 0.5 || (w[0].1 - w[1].1).abs() < 0.5);
            if !axis {
                continue;
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= 3.0 && w > h {
                self.push_rule((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0), h);
            } else if w <= 3.0 && h > w {
                self.push_rule(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1), w);
            }
        }
    }
}
