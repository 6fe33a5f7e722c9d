//! Text reuse (X07): how much of a section was already written elsewhere.
//!
//! Sections are folded (no spaces or punctuation, every run of digits → `#`,
//! so "2023年" and "2024年" read the same) and cut into character 5-gram
//! shingles, kept as a sorted vector of `u64` hashes. Similarity is
//! containment: the share of this text's shingles found in the other text,
//! counted by merging the two sorted vectors. Comparing a pair is exact.
//!
//! Finding, for each of ten or twenty thousand sections, another agency's
//! section that contains ≥ 90 % of it ([`Index::near_duplicates`]):
//!
//! 1. Texts with the same shingle set form one class (a province's
//!    boilerplate is thousands of identical sections): a class with members of
//!    two agencies matches at 100 % with one lookup, and everything below is
//!    done once per class, not per text.
//! 2. Each class has a MinHash signature; banded locality-sensitive hashing
//!    proposes candidate classes, which are ranked by the containment their
//!    signatures estimate (no set is touched).
//! 3. Containment is computed exactly, by a merge, for the best few
//!    candidates only; a finding is reported only when it is exact and
//!    ≥ the threshold.
//!
//! Work is linear in the number of texts (plus the candidates the buckets
//! hold, bounded per bucket). Misses against the brute-force reference
//! ([`Index::brute_force`]) are measured by `cargo bench --bench scale`.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::parse::norm::norm_char;

const K: usize = 5;
const _: () = assert!(K == 5, "shingles() mixes five hashes");
/// Texts shorter than this (in folded characters) are not compared: "无" is
/// the same everywhere and proves nothing.
pub const MIN_CHARS: usize = 40;
/// MinHash values per signature (one-permutation hashing: one hash per
/// shingle, each into one of `HASHES` bins).
const HASHES: usize = 128;
/// Bands of four rows: a pair at containment 0.9 whose longer side is 1.3
/// times the shorter (Jaccard 0.64) shares a band with probability 0.997;
/// one of Jaccard 0.75, with probability 0.99998.
const BANDS: usize = 32;
const ROWS: usize = HASHES / BANDS;
/// Classes read from one bucket at most: a bucket of thousands of distinct
/// variants of one boilerplate would otherwise make the search quadratic.
/// (They share four MinHash values, so they are alike; those read first are
/// the earliest in the batch.)
const BUCKET_SCAN: usize = 16;
/// Candidates, by the number of bands shared, whose signatures are compared.
const ESTIMATE: usize = 24;
/// Candidates checked exactly per class, best estimate first.
const VERIFY: usize = 4;
/// Candidates whose estimated containment is below this are not checked.
const FLOOR: f64 = 0.6;

/// Fold a text for comparison.
pub fn fold(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len() / 3);
    fold_each(text, |c| out.push(c));
    out
}

/// [`fold`], one character at a time.
#[inline]
fn fold_each(text: &str, mut emit: impl FnMut(char)) {
    let mut in_digits = false;
    for c in text.chars() {
        // Ideographs, most of a section, fold to themselves.
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            in_digits = false;
            emit(c);
            continue;
        }
        let Some(f) = norm_char(c) else { continue };
        if f.is_ascii_digit() {
            if !in_digits {
                emit('#');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        // Ideographs first: `is_alphanumeric` looks them up in a table.
        if ('\u{4e00}'..='\u{9fff}').contains(&f) || f.is_alphanumeric() {
            emit(f);
        }
    }
}

/// The shingles of `text` folded (of [`fold`]'s characters, without the
/// folded copy), or `None` when it folds to fewer than [`MIN_CHARS`].
pub fn shingle_set(text: &str) -> Option<Vec<u64>> {
    let mut g = Vec::with_capacity(text.len() / 3);
    fold_each(text, |c| g.push(hash64(c as u64)));
    (g.len() >= MIN_CHARS).then(|| shingles_of(&g))
}

const fn hash64(mut x: u64) -> u64 {
    // splitmix64
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The shingle hashes of a folded text, given as its characters' hashes:
/// sorted, without repeats.
fn shingles_of(g: &[u64]) -> Vec<u64> {
    if g.len() < K {
        return Vec::new();
    }
    // Each character hashed once; a shingle is its five hashes, each
    // rotated by its position, mixed once more.
    let mut v: Vec<u64> = g
        .windows(K)
        .map(|w| {
            hash64(
                w[0] ^ w[1].rotate_left(13)
                    ^ w[2].rotate_left(26)
                    ^ w[3].rotate_left(39)
                    ^ w[4].rotate_left(52),
            )
        })
        .collect();
    sort_hashes(&mut v);
    v.dedup();
    v
}

/// Sort uniformly distributed hashes: a counting pass on their top bits puts
/// each into one of about `n` buckets, and the buckets (an element or two
/// each) are sorted in place. Linear for hashes; a bucket that fills up
/// anyway (a text repeating a few shingles) is sorted by `sort_unstable`,
/// so no input costs more than a sort. (The sort was half of shingling.)
fn sort_hashes(v: &mut Vec<u64>) {
    let n = v.len();
    if n < 64 {
        v.sort_unstable();
        return;
    }
    let bits = (usize::BITS - (n - 1).leading_zeros()).min(20);
    let shift = 64 - bits;
    let mut start = vec![0u32; (1 << bits) + 1];
    for &x in v.iter() {
        start[(x >> shift) as usize + 1] += 1;
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    let mut out = vec![0u64; n];
    let mut next = start.clone();
    for &x in v.iter() {
        let b = (x >> shift) as usize;
        out[next[b] as usize] = x;
        next[b] += 1;
    }
    for w in start.windows(2) {
        let bucket = &mut out[w[0] as usize..w[1] as usize];
        if bucket.len() <= 8 {
            insertion_sort(bucket);
        } else {
            bucket.sort_unstable();
        }
    }
    *v = out;
}

fn insertion_sort(v: &mut [u64]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// [`containment`] of `a` in `b` when it can exceed `floor`, else `None`:
/// the merge stops as soon as so many of `a`'s shingles are missing from
/// `b` that the share cannot end above `floor`. `Some(s)` is always the
/// exact containment (the merge ran to the end).
fn containment_above(a: &[u64], b: &[u64], floor: f64) -> Option<f64> {
    if a.is_empty() {
        return None;
    }
    let len = a.len() as f64;
    // The share if every shingle of `a` not yet passed were found.
    let best_case = |i: usize, n: usize| (a.len() - (i - n)) as f64 / len;
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        // Branch-free steps (which side advances is a coin toss for
        // hashes, so a branch on it is mispredicted half the time); the
        // bound is tested once per block of steps.
        let stop = (i + 64).min(a.len());
        while i < stop && j < b.len() {
            let (x, y) = (a[i], b[j]);
            n += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        if best_case(i, n) <= floor {
            return None;
        }
    }
    let s = n as f64 / len;
    (s > floor).then_some(s)
}

/// Share of `a`'s shingles that occur in `b` (0.0–1.0); both are sorted
/// shingle vectors from [`shingle_set`].
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    containment_above(a, b, f64::NEG_INFINITY).unwrap_or(0.0)
}

/// Similarity of two raw texts, or `None` when either is too short to judge.
pub fn similarity(a: &str, b: &str) -> Option<f64> {
    Some(containment(&shingle_set(a)?, &shingle_set(b)?))
}

/// A MinHash signature by one-permutation hashing: each shingle hashed once
/// into one of `HASHES` bins, the least value kept per bin; an empty bin
/// takes the value of another bin chosen by a fixed sequence of probes
/// (densification), so equal sets have equal signatures and the share of
/// equal bins estimates the Jaccard similarity.
fn signature(set: &[u64]) -> Sig {
    let mut sig = [u64::MAX; HASHES];
    for &h in set {
        let v = hash64(h);
        let bin = (v >> 57) as usize; // top 7 bits: 128 bins
        let v = v << 7;
        if v < sig[bin] {
            sig[bin] = v;
        }
    }
    if set.is_empty() {
        return [u32::MAX; HASHES];
    }
    let filled = sig;
    for (i, s) in sig.iter_mut().enumerate() {
        if *s != u64::MAX {
            continue;
        }
        for attempt in 1u64.. {
            let j = (hash64(((i as u64) << 32) ^ attempt) % HASHES as u64) as usize;
            if filled[j] != u64::MAX {
                *s = filled[j];
                break;
            }
        }
    }
    // The top half of each minimum is kept: two minima of different
    // shingles agree there once in 2³² comparisons, and half the bytes
    // matter when a province's sections are indexed at once.
    sig.map(|v| (v >> 32) as u32)
}

/// A MinHash signature (see [`signature`]).
type Sig = [u32; HASHES];

fn band_key(sig: &Sig, b: usize) -> u64 {
    sig[b * ROWS..(b + 1) * ROWS]
        .iter()
        .fold(b as u64, |h, &v| hash64(h ^ u64::from(v)))
}

/// The buckets of one band: classes sorted by their key in the band, so a
/// bucket is a run of `classes`.
struct Band {
    classes: Vec<u32>,
}

impl Band {
    /// `keys[c]` is class `c`'s bucket key. Returns the band and, per class,
    /// the bounds of the first classes (at most `BUCKET_SCAN`, earliest
    /// first) in its bucket, the class itself included: a search reads them
    /// straight from there, with no lookup of the key (a lookup was a few
    /// cache misses per band and class, most of the search's time).
    fn new(keys: Vec<u64>) -> (Band, Vec<Run>) {
        let mut v: Vec<(u64, u32)> = keys
            .into_iter()
            .enumerate()
            .map(|(c, k)| (k, c as u32))
            .collect();
        v.sort_unstable();
        let mut runs = vec![Run::default(); v.len()];
        let mut start = 0;
        while start < v.len() {
            let key = v[start].0;
            let end = start + v[start..].partition_point(|x| x.0 == key);
            let run = Run {
                start: start as u32,
                end: end.min(start + BUCKET_SCAN) as u32,
            };
            for x in &v[start..end] {
                runs[x.1 as usize] = run;
            }
            start = end;
        }
        let band = Band {
            classes: v.into_iter().map(|x| x.1).collect(),
        };
        (band, runs)
    }

    /// The classes of a class's bucket (see [`Band::new`]).
    fn bucket(&self, run: Run) -> &[u32] {
        &self.classes[run.start as usize..run.end as usize]
    }
}

/// Part of a band's `classes`: a class's bucket.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    start: u32,
    end: u32,
}

/// Texts with one shingle set.
struct Class {
    set: Vec<u64>,
    /// Text ids, in order.
    members: Vec<u32>,
    /// The group of the first member.
    group: u64,
    /// Members from more than one group?
    multi: bool,
}

/// One indexed text.
struct Text {
    /// Position in the items given to [`Index::build`].
    item: usize,
    owner: usize,
    group: u64,
    class: u32,
}

/// A text found in another group's text: (item position, owner, other
/// owner, containment).
pub type Match = (usize, usize, usize, f64);

/// Texts indexed for near-duplicate search.
pub struct Index {
    texts: Vec<Text>,
    classes: Vec<Class>,
    sigs: Vec<Sig>,
    /// Per band, its buckets.
    bands: Vec<Band>,
    /// Per class, its bucket in each band: `runs[c * BANDS + b]`.
    runs: Vec<Run>,
    /// Are the texts in owner order (as [`Index::set_of`] searches them)?
    owner_order: bool,
}

impl Index {
    /// Index `(owner, group, text)` triples; short texts are left out.
    pub fn build<'a>(items: impl IntoIterator<Item = (usize, u64, &'a str)>) -> Index {
        let items: Vec<(usize, u64, &str)> = items.into_iter().collect();
        // Each set with its hash (to find identical sets fast).
        let sets: Vec<Option<(Vec<u64>, u64)>> = items
            .par_iter()
            .map(|&(_, _, t)| {
                let set = shingle_set(t)?;
                let h = set.iter().fold(set.len() as u64, |acc, &x| hash64(acc ^ x));
                Some((set, h))
            })
            .collect();
        let mut texts = Vec::new();
        let mut classes: Vec<Class> = Vec::new();
        let mut by_hash: HashMap<u64, Vec<u32>> = HashMap::new();
        for (item, ((owner, group, _), set)) in items.iter().zip(sets).enumerate() {
            let Some((set, h)) = set else { continue };
            let id = texts.len() as u32;
            let same = by_hash.entry(h).or_default();
            let class = match same.iter().find(|&&c| classes[c as usize].set == set) {
                Some(&c) => {
                    let cl = &mut classes[c as usize];
                    cl.members.push(id);
                    cl.multi |= cl.group != *group;
                    c
                }
                None => {
                    let c = classes.len() as u32;
                    same.push(c);
                    classes.push(Class {
                        set,
                        members: vec![id],
                        group: *group,
                        multi: false,
                    });
                    c
                }
            };
            texts.push(Text {
                item,
                owner: *owner,
                group: *group,
                class,
            });
        }
        let sigs: Vec<Sig> = classes.par_iter().map(|c| signature(&c.set)).collect();
        let (bands, by_band): (Vec<Band>, Vec<Vec<Run>>) = (0..BANDS)
            .into_par_iter()
            .map(|b| Band::new(sigs.iter().map(|s| band_key(s, b)).collect()))
            .unzip();
        // By class, so that a search reads one class's runs together.
        let runs = (0..classes.len())
            .flat_map(|c| by_band.iter().map(move |r| r[c]))
            .collect();
        Index {
            owner_order: texts.is_sorted_by_key(|t| t.owner),
            texts,
            classes,
            sigs,
            bands,
            runs,
        }
    }

    /// The shingle set of `owner`'s text, if it was indexed (long enough).
    /// One text per owner is assumed; with several, the first is given.
    pub fn set_of(&self, owner: usize) -> Option<&[u64]> {
        // Texts are in item order: in owner order when the items were.
        let t = if self.owner_order {
            let i = self.texts.partition_point(|t| t.owner < owner);
            self.texts.get(i).filter(|t| t.owner == owner)
        } else {
            self.texts.iter().find(|t| t.owner == owner)
        }?;
        Some(&self.classes[t.class as usize].set)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Distinct shingle sets among the texts.
    pub fn classes(&self) -> usize {
        self.classes.len()
    }

    /// May class `d` name a source for a text of group `g`?
    fn other_group(&self, d: usize, g: u64) -> bool {
        let c = &self.classes[d];
        c.multi || c.group != g
    }

    /// The first text of class `d` from a group other than `g`.
    fn source(&self, d: usize, g: u64) -> Option<usize> {
        self.classes[d]
            .members
            .iter()
            .map(|&t| t as usize)
            .find(|&t| self.texts[t].group != g)
    }

    /// Estimated containment of class `c` in class `d`, from the signatures.
    fn estimate(&self, c: usize, d: usize) -> f64 {
        let eq = self.sigs[c]
            .iter()
            .zip(&self.sigs[d])
            .filter(|(a, b)| a == b)
            .count();
        let j = eq as f64 / HASHES as f64;
        let (x, y) = (
            self.classes[c].set.len() as f64,
            self.classes[d].set.len() as f64,
        );
        (j * (x + y) / ((1.0 + j) * x)).min(1.0)
    }

    /// The best class for class `c` (whose texts are all of one group):
    /// candidates from its buckets, ranked by the bands they share, the
    /// best of those by the containment their signatures estimate, the best
    /// few of those checked exactly. (class, containment) when one reaches
    /// `threshold`. `count` is scratch: one zero per class.
    fn search(&self, c: usize, threshold: f64, count: &mut [u8]) -> Option<(usize, f64)> {
        let g = self.classes[c].group;
        let mut touched: Vec<u32> = Vec::new();
        let runs = &self.runs[c * BANDS..(c + 1) * BANDS];
        for (band, &run) in self.bands.iter().zip(runs) {
            // Alone in its bucket: nothing to read.
            if run.end - run.start < 2 {
                continue;
            }
            for &d in band.bucket(run) {
                if d as usize == c {
                    continue;
                }
                if count[d as usize] == 0 {
                    touched.push(d);
                }
                count[d as usize] += 1;
            }
        }
        let mut shared: Vec<(u8, u32)> = touched
            .iter()
            .map(|&d| (std::mem::take(&mut count[d as usize]), d))
            .filter(|&(_, d)| self.other_group(d as usize, g))
            .collect();
        // Most bands shared first; ties: the earlier class.
        let order = |a: &(u8, u32), b: &(u8, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if shared.len() > ESTIMATE {
            shared.select_nth_unstable_by(ESTIMATE, order);
            shared.truncate(ESTIMATE);
        }
        let mut ranked: Vec<(f64, u32)> = shared
            .iter()
            .map(|&(_, d)| (self.estimate(c, d as usize), d))
            .filter(|&(e, _)| e >= FLOOR)
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut best: Option<(usize, f64)> = None;
        for &(_, d) in ranked.iter().take(VERIFY) {
            let (a, b) = (&self.classes[c].set, &self.classes[d as usize].set);
            // Only a share ≥ the threshold and above the best so far counts:
            // a merge that cannot reach it stops early.
            let floor = best.map_or(threshold.next_down(), |(_, bs)| bs);
            if let Some(s) = containment_above(a, b, floor) {
                best = Some((d as usize, s));
            }
        }
        best
    }

    /// Per class, the class it is found in, given a search for the classes
    /// whose texts are all of one group.
    fn resolve(&self, found: &[Option<(usize, f64)>]) -> Vec<Match> {
        let mut out = Vec::new();
        for t in &self.texts {
            let c = t.class as usize;
            let hit = if self.classes[c].multi {
                // An identical text of another agency.
                self.source(c, t.group).map(|y| (y, 1.0))
            } else {
                found[c].and_then(|(d, s)| self.source(d, t.group).map(|y| (y, s)))
            };
            if let Some((y, s)) = hit {
                out.push((t.item, t.owner, self.texts[y].owner, s));
            }
        }
        out
    }

    /// For every indexed text, a match of another group with containment
    /// ≥ `threshold`, in item order: (item position, owner, other owner,
    /// similarity). The similarity is always exact; the search may miss a
    /// match the brute force finds (measured: `cargo bench --bench scale`).
    pub fn near_duplicates(&self, threshold: f64) -> Vec<Match> {
        let n = self.classes.len();
        let found: Vec<Option<(usize, f64)>> = (0..n)
            .into_par_iter()
            .map_init(
                || vec![0u8; n],
                |count, c| {
                    if self.classes[c].multi {
                        None
                    } else {
                        self.search(c, threshold, count)
                    }
                },
            )
            .collect();
        self.resolve(&found)
    }

    /// The reference: every class compared exactly with every other, the
    /// most similar one named (ties: the earlier). Quadratic; for tests and
    /// for measuring [`Index::near_duplicates`].
    pub fn brute_force(&self, threshold: f64) -> Vec<Match> {
        let found: Vec<Option<(usize, f64)>> = (0..self.classes.len())
            .into_par_iter()
            .map(|c| {
                if self.classes[c].multi {
                    return None;
                }
                let g = self.classes[c].group;
                let mut best: Option<(usize, f64)> = None;
                for d in 0..self.classes.len() {
                    if d == c || !self.other_group(d, g) {
                        continue;
                    }
                    let s = containment(&self.classes[c].set, &self.classes[d].set);
                    if s >= threshold && best.is_none_or(|(_, bs)| s > bs) {
                        best = Some((d, s));
                    }
                }
                best
            })
            .collect();
        self.resolve(&found)
    }
}
/// A deterministic synthetic batch: boilerplate sentences shared by
/// many texts, texts of their own, and planted near copies of another
/// group's text around the threshold (sentences added or dropped):
/// `(owner, group, text)` for tests and benchmarks.
#[doc(hidden)]
pub fn synthetic(n: usize, seed: u64) -> Vec<(usize, u64, String)> {
    let mut state = seed;
    let mut next = move || {
        state = hash64(state);
        state
    };
    let sentence = |len: usize, next: &mut dyn FnMut() -> u64| -> String {
        let mut s: String = (0..len)
            .map(|_| char::from_u32(0x4E00 + (next() % 3000) as u32).unwrap())
            .collect();
        s.push('。');
        s
    };
    let stock: Vec<String> = (0..40).map(|_| sentence(30, &mut next)).collect();
    let mut out: Vec<(usize, u64, String)> = Vec::with_capacity(n);
    for i in 0..n {
        let group = next() % (n as u64 / 3 + 1);
        let r = next() % 10;
        let text = if r < 4 && !out.is_empty() {
            // A near copy of an earlier text: a sentence or two of its
            // own added, or one dropped.
            let src = out[(next() % out.len() as u64) as usize].2.clone();
            let mut parts: Vec<String> = src.split_inclusive('。').map(str::to_string).collect();
            match next() % 3 {
                0 => parts.push(sentence(10 + (next() % 40) as usize, &mut next)),
                1 if parts.len() > 3 => {
                    parts.remove((next() % parts.len() as u64) as usize);
                }
                _ => parts.insert(0, format!("{}年，", 2000 + next() % 30)),
            }
            parts.concat()
        } else if r < 8 {
            // Boilerplate: sentences from the stock.
            (0..4 + next() % 6)
                .map(|_| stock[(next() % stock.len() as u64) as usize].clone())
                .collect()
        } else {
            (0..3 + next() % 5)
                .map(|_| sentence(20 + (next() % 30) as usize, &mut next))
                .collect()
        };
        out.push((i, group, text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，政务公开工作取得新成效。";

    #[test]
    fn years_do_not_hide_a_copy() {
        let b = A.replace("2023", "2024");
        assert!(similarity(A, &b).unwrap() > 0.99);
        let c = "本年度，本街道围绕社区治理和民生服务，细化公开目录，规范发布流程，新增社区服务指南十二项，群众满意度稳步提升，基层政务公开标准化建设取得实效。";
        assert!(similarity(A, c).unwrap() < 0.2);
        assert!(similarity("无", A).is_none());
    }

    /// With several near copies in other groups, the match named is the
    /// same every time (hash maps are seeded per instance).
    #[test]
    fn the_match_named_is_the_same_on_every_run() {
        let texts: Vec<String> = ["我局", "我委", "我办", "我厅", "我署", "我院"]
            .iter()
            .map(|w| A.replace("我局", w))
            .collect();
        let run = || {
            let idx = Index::build(
                texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (i, i as u64, t.as_str())),
            );
            idx.near_duplicates(0.8)
        };
        let first = run();
        assert_eq!(first.len(), texts.len());
        for _ in 0..30 {
            assert_eq!(run(), first);
        }
    }

    /// The fast search and the brute force agree on a synthetic batch with
    /// planted copies, and every similarity reported is exact.
    #[test]
    fn fast_search_agrees_with_brute_force() {
        for seed in [1, 2, 3] {
            let items = synthetic(400, seed);
            let idx = Index::build(items.iter().map(|(o, g, t)| (*o, *g, t.as_str())));
            let fast = idx.near_duplicates(0.9);
            let brute = idx.brute_force(0.9);
            assert!(brute.len() > 100, "{}", brute.len());
            // Everything found is in the reference (the source named may
            // be another one as good: a text contained whole in two others),
            // and at most 1 % of the reference is missed: texts contained in
            // one twice their length, whose MinHash signatures rarely meet.
            assert!(fast.iter().all(|f| brute.iter().any(|b| b.0 == f.0)));
            let missed = brute
                .iter()
                .filter(|b| !fast.iter().any(|f| f.0 == b.0))
                .count();
            assert!(missed * 100 <= brute.len(), "seed {seed}: {missed} missed");
            assert_eq!(idx.near_duplicates(0.9), fast);
            for &(item, owner, other, s) in &fast {
                assert_eq!(item, owner);
                assert_ne!(items[owner].1, items[other].1);
                assert!(s >= 0.9);
                assert_eq!(similarity(&items[owner].2, &items[other].2), Some(s));
            }
        }
    }

    /// The shingles of a folded text, from its characters.
    fn shingles(folded: &[char]) -> Vec<u64> {
        let g: Vec<u64> = folded.iter().map(|&c| hash64(c as u64)).collect();
        shingles_of(&g)
    }

    #[test]
    fn shingle_set_is_the_shingles_of_the_folded_text() {
        let long = format!("{A} 第１２３条，“公开”为常态。ABC-def 4,567 件");
        let head: String = A.chars().take(45).collect();
        for t in [A, long.as_str(), "无", "", head.as_str()] {
            let f = fold(t);
            let want = (f.len() >= MIN_CHARS).then(|| shingles(&f));
            assert_eq!(shingle_set(t), want, "{t}");
        }
        assert!(shingle_set(A).is_some_and(|s| !s.is_empty()));
        assert!(shingle_set("无").is_none());
    }

    #[test]
    fn containment_by_merge() {
        let a = [1, 3, 5, 7];
        let b = [0, 1, 2, 3, 4, 5];
        assert_eq!(containment(&a, &b), 0.75);
        assert_eq!(containment(&b, &a), 0.5);
        assert_eq!(containment(&[], &b), 0.0);
    }

    proptest::proptest! {
        /// The merge that stops early gives the exact share whenever it
        /// can exceed the floor, and nothing otherwise.
        #[test]
        fn containment_above_is_containment_above_the_floor(
            a in proptest::collection::btree_set(0u64..400, 0..300),
            b in proptest::collection::btree_set(0u64..400, 0..300),
            floor in 0.0f64..1.0,
        ) {
            let (a, b): (Vec<u64>, Vec<u64>) = (a.into_iter().collect(), b.into_iter().collect());
            let exact = containment(&a, &b);
            let expected = (!a.is_empty() && exact > floor).then_some(exact);
            proptest::prop_assert_eq!(containment_above(&a, &b, floor), expected);
        }
    }

    #[test]
    fn hashes_sorted_as_sort_unstable_sorts_them() {
        let mut state = 7u64;
        for n in [0, 1, 63, 64, 65, 300, 1000, 5000] {
            // Uniform hashes, hashes with repeats, and a few values repeated
            // many times (one full bucket).
            let uniform: Vec<u64> = (0..n)
                .map(|_| {
                    state = hash64(state);
                    state
                })
                .collect();
            let repeats: Vec<u64> = uniform.iter().map(|&x| x % 97).collect();
            let skewed: Vec<u64> = uniform.iter().map(|&x| x >> 40).collect();
            for mut v in [uniform.clone(), repeats, skewed] {
                let mut expected = v.clone();
                expected.sort_unstable();
                sort_hashes(&mut v);
                assert_eq!(v, expected, "n = {n}");
            }
        }
    }

    #[test]
    fn containment_above_stops_at_the_floor_exactly() {
        // 9 of 10 shared: 0.9 is above 0.9's predecessor, not above 0.9.
        let a: Vec<u64> = (0..10).collect();
        let b: Vec<u64> = (1..10).collect();
        assert_eq!(containment_above(&a, &b, 0.9f64.next_down()), Some(0.9));
        assert_eq!(containment_above(&a, &b, 0.9), None);
        // Long enough for the bound to be tested mid-merge.
        let a: Vec<u64> = (0..1000).collect();
        let b: Vec<u64> = (0..1000).filter(|x| x % 10 != 3).collect();
        assert_eq!(containment_above(&a, &b, 0.85), Some(0.9));
        assert_eq!(containment_above(&a, &b, 0.95), None);
        assert_eq!(containment_above(&[], &b, 0.0), None);
    }

    #[test]
    fn index_finds_copies_across_groups_only() {
        let b = A.replace("我局", "我委");
        let other = "平台建设方面，加强政务新媒体规范管理，严格执行信息发布审核制度，及时清理更新不及时的栏目，平台运行安全平稳，全年未发生安全事件。";
        let idx = Index::build([(0, 1, A), (1, 2, b.as_str()), (2, 3, other), (3, 1, A)]);
        let d = idx.near_duplicates(0.9);
        // Text 0 matches text 1 (another group), not text 3 (same group).
        assert!(d.iter().any(|&(_, o, p, _)| o == 0 && p == 1));
        assert!(
            !d.iter()
                .any(|&(_, o, p, _)| (o == 0 && p == 3) || o == 2 || p == 2)
        );
    }
}
