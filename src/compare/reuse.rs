//! Text reuse (X07): how much of a section was already written elsewhere.
//!
//! Sections are folded (no spaces or punctuation, every run of digits → `#`,
//! so "2023年" and "2024年" read the same) and cut into character 5-gram
//! shingles. Similarity is containment: the share of this text's shingles
//! found in the other text. Comparing a pair is exact; finding the most
//! similar text among ten thousand uses MinHash signatures with banded
//! locality-sensitive hashing, then confirms candidates exactly.

use std::collections::{HashMap, HashSet};

use crate::parse::norm::norm_char;

const K: usize = 5;
/// Texts shorter than this (in folded characters) are not compared: "无" is
/// the same everywhere and proves nothing.
pub const MIN_CHARS: usize = 40;
const HASHES: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;

/// Fold a text for comparison.
pub fn fold(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut in_digits = false;
    for c in text.chars() {
        let Some(f) = norm_char(c) else { continue };
        if f.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        if f.is_alphanumeric() {
            out.push(f);
        }
    }
    out
}

fn hash64(mut x: u64) -> u64 {
    // splitmix64
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The set of shingle hashes of a folded text.
pub fn shingles(folded: &[char]) -> HashSet<u64> {
    let mut set = HashSet::with_capacity(folded.len());
    if folded.len() < K {
        return set;
    }
    for w in folded.windows(K) {
        let mut h = 0u64;
        for &c in w {
            h = hash64(h ^ c as u64);
        }
        set.insert(h);
    }
    set
}

/// Share of `a`'s shingles that occur in `b` (0.0–1.0).
pub fn containment(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    let hit = a.iter().filter(|h| b.contains(h)).count();
    hit as f64 / a.len() as f64
}

/// Similarity of two raw texts, or `None` when either is too short to judge.
pub fn similarity(a: &str, b: &str) -> Option<f64> {
    let (fa, fb) = (fold(a), fold(b));
    if fa.len() < MIN_CHARS || fb.len() < MIN_CHARS {
        return None;
    }
    Some(containment(&shingles(&fa), &shingles(&fb)))
}

/// A MinHash signature.
fn signature(set: &HashSet<u64>) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for &h in set {
        for (i, s) in sig.iter_mut().enumerate() {
            let v = hash64(h ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
            if v < *s {
                *s = v;
            }
        }
    }
    sig
}

/// Texts indexed for near-duplicate search.
pub struct Index {
    sets: Vec<HashSet<u64>>,
    /// Owner of each text (a report index), to skip self-matches.
    owner: Vec<usize>,
    /// Group of each text (a normalised agency), to skip same-agency matches.
    group: Vec<u64>,
    /// Each text's bucket key per band.
    bands: Vec<[u64; BANDS]>,
    buckets: HashMap<(usize, u64), Vec<usize>>,
}

impl Index {
    /// Index `(owner, group, text)` triples; short texts are left out.
    pub fn build<'a>(items: impl IntoIterator<Item = (usize, u64, &'a str)>) -> Index {
        let mut idx = Index {
            sets: Vec::new(),
            owner: Vec::new(),
            group: Vec::new(),
            bands: Vec::new(),
            buckets: HashMap::new(),
        };
        for (owner, group, text) in items {
            let f = fold(text);
            if f.len() < MIN_CHARS {
                continue;
            }
            let set = shingles(&f);
            let sig = signature(&set);
            let id = idx.sets.len();
            let mut keys = [0u64; BANDS];
            for (b, key) in keys.iter_mut().enumerate() {
                let mut h = b as u64;
                for r in 0..ROWS {
                    h = hash64(h ^ sig[b * ROWS + r]);
                }
                *key = h;
                idx.buckets.entry((b, h)).or_default().push(id);
            }
            idx.bands.push(keys);
            idx.sets.push(set);
            idx.owner.push(owner);
            idx.group.push(group);
        }
        idx
    }

    pub fn len(&self) -> usize {
        self.sets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// For every indexed text, a match of another group with containment
    /// ≥ `threshold`: (text id, owner, other owner, similarity).
    ///
    /// Bounded work even when thousands of reports share the same boilerplate:
    /// identical texts are matched through one hash lookup; otherwise each
    /// text tries at most `MAX_TRIES` candidates from its LSH buckets and
    /// stops at the first one that reaches the threshold.
    pub fn near_duplicates(&self, threshold: f64) -> Vec<(usize, usize, usize, f64)> {
        const MAX_TRIES: usize = 64;
        // Identical shingle sets.
        let set_hash =
            |set: &HashSet<u64>| set.iter().fold(0u64, |acc, &h| acc.wrapping_add(hash64(h)));
        let mut exact: HashMap<(u64, usize), Vec<usize>> = HashMap::new();
        let hashes: Vec<u64> = self.sets.iter().map(set_hash).collect();
        for (id, set) in self.sets.iter().enumerate() {
            exact.entry((hashes[id], set.len())).or_default().push(id);
        }
        let mut out = Vec::new();
        for x in 0..self.sets.len() {
            let twins = &exact[&(hashes[x], self.sets[x].len())];
            if let Some(&y) = twins.iter().find(|&&y| self.group[y] != self.group[x]) {
                out.push((x, self.owner[x], self.owner[y], 1.0));
                continue;
            }
            let mut tried: HashSet<usize> = HashSet::new();
            let mut found = None;
            // The buckets of x band by band, each in text order: the same
            // match on every run (iterating the hash map's buckets made the
            // named report vary from run to run).
            let buckets = (0..BANDS).filter_map(|b| self.buckets.get(&(b, self.bands[x][b])));
            'buckets: for ids in buckets {
                if ids.len() < 2 {
                    continue;
                }
                for &y in ids.iter() {
                    if y == x || self.group[y] == self.group[x] || !tried.insert(y) {
                        continue;
                    }
                    let s = containment(&self.sets[x], &self.sets[y]);
                    if s >= threshold {
                        found = Some((y, s));
                        break 'buckets;
                    }
                    if tried.len() >= MAX_TRIES {
                        break 'buckets;
                    }
                }
            }
            if let Some((y, s)) = found {
                out.push((x, self.owner[x], self.owner[y], s));
            }
        }
        out
    }
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
