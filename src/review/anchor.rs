//! Finding a noted source line again after the report was edited.

use std::collections::HashMap;

/// How similar two lines must be (Dice coefficient over character bigrams,
/// whitespace ignored) for a note to follow its line.
pub const MIN_SIMILARITY: f64 = 0.5;

/// The 1-based line of `lines` a note anchored at `old` with text `quote`
/// belongs to now: the line whose trimmed text equals the quote (the nearest
/// to `old` if several), else the most similar line (at least
/// [`MIN_SIMILARITY`]; ties to the nearest), else `None` (orphaned).
pub fn find_line(lines: &[&str], old: u32, quote: &str) -> Option<u32> {
    let q = quote.trim();
    let dist = |i: usize| (i as i64 + 1 - i64::from(old)).unsigned_abs();
    let exact = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == q)
        .min_by_key(|&(i, _)| dist(i));
    if let Some((i, _)) = exact {
        return Some(i as u32 + 1);
    }
    if q.is_empty() {
        return None;
    }
    let qb = Bigrams::new(q);
    let mut best: Option<(f64, usize)> = None;
    for (i, l) in lines.iter().enumerate() {
        let s = qb.similarity(&Bigrams::new(l));
        if s < MIN_SIMILARITY {
            continue;
        }
        let better = match best {
            None => true,
            Some((bs, bi)) => s > bs + 1e-9 || ((s - bs).abs() <= 1e-9 && dist(i) < dist(bi)),
        };
        if better {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i as u32 + 1)
}

/// The multiset of character bigrams of a line without whitespace (a
/// one-character line counts as its one character).
struct Bigrams {
    grams: HashMap<(char, char), u32>,
    total: u32,
}

impl Bigrams {
    fn new(s: &str) -> Bigrams {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        let mut grams = HashMap::new();
        if chars.len() == 1 {
            grams.insert((chars[0], '\0'), 1);
        }
        for w in chars.windows(2) {
            *grams.entry((w[0], w[1])).or_insert(0) += 1;
        }
        let total = grams.values().sum();
        Bigrams { grams, total }
    }

    /// Dice coefficient: 2·|A∩B| / (|A|+|B|).
    fn similarity(&self, other: &Bigrams) -> f64 {
        if self.total == 0 || other.total == 0 {
            return 0.0;
        }
        let common: u32 = self
            .grams
            .iter()
            .map(|(g, n)| (*n).min(other.grams.get(g).copied().unwrap_or(0)))
            .sum();
        2.0 * f64::from(common) / f64::from(self.total + other.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_anchor_exact_nearest_similar_orphan() {
        let lines = [
            "标题",
            "一、总体情况",
            "本年度新收申请 5 件。",
            "x",
            "一、总体情况",
        ];
        // Exact match, nearest of two.
        assert_eq!(find_line(&lines, 4, "一、总体情况"), Some(5));
        assert_eq!(find_line(&lines, 1, "一、总体情况"), Some(2));
        // A small edit: follows to the most similar line.
        assert_eq!(find_line(&lines, 9, "本年度新收申请 6 件。"), Some(3));
        // Nothing like it: orphaned.
        assert_eq!(find_line(&lines, 3, "行政复议情况统计表"), None);
        assert_eq!(find_line(&[], 3, "x"), None);
    }
}
