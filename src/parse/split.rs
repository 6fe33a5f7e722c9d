//! Recover cells from digits glued together with no separators
//! ("一、本年新收政府信息公开申请数量640020470").
//!
//! Every way of cutting the digits into the row's cells is tried, subject to
//! what a cell can hold (no leading zeros; a sign only on a signed cell; a
//! decimal point only in an amount) and to the table's own identities (row
//! sums). One reading ⇒ numbers; several ⇒ the cells on which the readings
//! disagree are ambiguous, never guessed.

use std::ops::Range;

use super::norm::{digit, norm_char};
use crate::model::{Decimal, Value};
use crate::schema::ValueKind;

/// One separated piece of a glued run.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Folded characters (ASCII digits, sign, '.') with their source offsets;
    /// `end` is the source offset after the last character.
    Digits {
        chars: Vec<(usize, char)>,
        end: usize,
    },
    /// A blank marker: exactly one cell.
    Blank(Range<usize>),
}

impl Piece {
    pub fn digits(text: &str, r: Range<usize>) -> Piece {
        let chars = text[r.clone()]
            .char_indices()
            .filter_map(|(i, c)| {
                let f = match digit(c) {
                    Some(d) => char::from_digit(d, 10)?,
                    None => norm_char(c)?,
                };
                Some((r.start + i, f))
            })
            .collect();
        Piece::Digits { chars, end: r.end }
    }
}

/// One reading: per cell, its value (`None` = blank) and source range.
pub type Reading = Vec<(Option<Value>, Range<usize>)>;

#[derive(Debug)]
pub enum Outcome {
    /// No cut fits at all.
    Nothing,
    /// Readings that fit (one or more). `identity_held` is false when none
    /// satisfied the identity and these are all the cuts that fit the cells.
    Readings {
        readings: Vec<Reading>,
        identity_held: bool,
    },
    /// The search was cut short: too many digits or readings.
    TooMany,
}

const MAX_CHARS: usize = 96;
const MAX_READINGS: usize = 64;
const MAX_STEPS: usize = 400_000;

struct Search<'a> {
    pieces: &'a [Piece],
    kinds: &'a [ValueKind],
    identity: &'a dyn Fn(&[Option<Value>]) -> bool,
    check_identity: bool,
    cur: Reading,
    out: Vec<Reading>,
    steps: usize,
    overflow: bool,
}

/// Cut `pieces` into `kinds.len()` cells.
pub fn split(
    pieces: &[Piece],
    kinds: &[ValueKind],
    identity: &dyn Fn(&[Option<Value>]) -> bool,
) -> Outcome {
    let total: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Digits { chars, .. } => chars.len(),
            Piece::Blank(_) => 1,
        })
        .sum();
    if total > MAX_CHARS || pieces.len() > kinds.len() {
        return if pieces.len() > kinds.len() {
            Outcome::Nothing
        } else {
            Outcome::TooMany
        };
    }
    let mut s = Search {
        pieces,
        kinds,
        identity,
        check_identity: true,
        cur: Vec::with_capacity(kinds.len()),
        out: Vec::new(),
        steps: 0,
        overflow: false,
    };
    s.dfs(0, 0, 0);
    if s.overflow {
        return Outcome::TooMany;
    }
    if !s.out.is_empty() {
        return Outcome::Readings {
            readings: s.out,
            identity_held: true,
        };
    }
    // Nothing satisfies the identity: the cuts that fit the cells alone.
    s.check_identity = false;
    s.steps = 0;
    s.dfs(0, 0, 0);
    if s.overflow {
        return Outcome::TooMany;
    }
    if s.out.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Readings {
            readings: s.out,
            identity_held: false,
        }
    }
}

impl Search<'_> {
    fn dfs(&mut self, p: usize, off: usize, c: usize) {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.overflow {
            self.overflow = true;
            return;
        }
        if c == self.kinds.len() {
            if p == self.pieces.len() {
                let vals: Vec<Option<Value>> = self.cur.iter().map(|x| x.0).collect();
                if !self.check_identity || (self.identity)(&vals) {
                    if self.out.len() >= MAX_READINGS {
                        self.overflow = true;
                        return;
                    }
                    self.out.push(self.cur.clone());
                }
            }
            return;
        }
        if p == self.pieces.len() {
            return;
        }
        // Every later piece needs at least one cell.
        let pieces_after = self.pieces.len() - p - 1;
        let cells_left = self.kinds.len() - c;
        if cells_left < pieces_after + 1 {
            return;
        }
        match &self.pieces[p] {
            Piece::Blank(r) => {
                self.cur.push((None, r.clone()));
                self.dfs(p + 1, 0, c + 1);
                self.cur.pop();
            }
            Piece::Digits { chars, end } => {
                let rem = chars.len() - off;
                for l in 1..=rem {
                    let part = &chars[off..off + l];
                    let Some(v) = cell_value(part, self.kinds[c]) else {
                        if !could_grow(part, self.kinds[c]) {
                            break;
                        }
                        continue;
                    };
                    let src_end = if off + l < chars.len() {
                        chars[off + l].0
                    } else {
                        *end
                    };
                    self.cur.push((Some(v), part[0].0..src_end));
                    if l == rem {
                        self.dfs(p + 1, 0, c + 1);
                    } else if cells_left > pieces_after + 1 {
                        self.dfs(p, off + l, c + 1);
                    }
                    self.cur.pop();
                }
            }
        }
    }
}

/// Can a longer cut starting like `part` still become valid?
fn could_grow(part: &[(usize, char)], kind: ValueKind) -> bool {
    let s: Vec<char> = part.iter().map(|x| x.1).collect();
    match s.as_slice() {
        // A lone sign or an integer part that is still growing.
        ['+' | '-'] => kind == ValueKind::Signed,
        // A written number never starts with 0: "00" is 0|0, "-05" nothing.
        ['+' | '-', '0', _, ..] => false,
        ['0', ..] if s.len() > 1 => {
            kind == ValueKind::Amount && s.get(1) == Some(&'.') && s.len() == 2
        }
        [.., '.'] => kind == ValueKind::Amount,
        _ => s.len() < 16,
    }
}

/// The value of a cut, if a cell of `kind` may hold it.
fn cell_value(part: &[(usize, char)], kind: ValueKind) -> Option<Value> {
    let s: String = part.iter().map(|x| x.1).collect();
    let (sign, body) = match s.as_bytes().first() {
        Some(b'+') | Some(b'-') => {
            if kind != ValueKind::Signed {
                return None;
            }
            (s.starts_with('-'), &s[1..])
        }
        _ => (false, s.as_str()),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => {
            if kind != ValueKind::Amount || f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (i, Some(f))
        }
        None => (body, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || int.len() > 15 {
        return None;
    }
    if int.len() > 1 && int.starts_with('0') {
        return None;
    }
    match frac {
        None => {
            let v: i64 = int.parse().ok()?;
            Some(Value::Int(if sign { -v } else { v }))
        }
        Some(f) => {
            let m: i64 = format!("{int}{f}").parse().ok()?;
            Some(Value::Dec(Decimal {
                mantissa: if sign { -m } else { m },
                scale: f.len() as u8,
            }))
        }
    }
}

/// Identity of a table-3 row: the six applicant columns sum to the total.
pub fn row_sum(v: &[Option<Value>]) -> bool {
    block_sums(v, v.len())
}

/// Identity of consecutive blocks of `width` cells: the last is the sum of the others.
pub fn block_sums(v: &[Option<Value>], width: usize) -> bool {
    if width < 2 {
        return true;
    }
    v.chunks(width).all(|b| {
        let ints: Option<Vec<i64>> = b.iter().map(|x| x.and_then(Value::as_int)).collect();
        match ints {
            Some(ints) if ints.len() == width => {
                ints[..width - 1].iter().sum::<i64>() == ints[width - 1]
            }
            _ => true,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueKind::*;

    fn run(
        s: &[&str],
        kinds: &[ValueKind],
        id: &dyn Fn(&[Option<Value>]) -> bool,
    ) -> Vec<Vec<String>> {
        let mut text = String::new();
        let mut pieces = Vec::new();
        for p in s {
            let start = text.len();
            text.push_str(p);
            pieces.push(if *p == "—" {
                Piece::Blank(start..text.len())
            } else {
                Piece::digits(&text, start..text.len())
            });
            text.push(' ');
        }
        match split(&pieces, kinds, id) {
            Outcome::Readings { readings, .. } => readings
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|(v, _)| v.map(|v| v.to_string()).unwrap_or("∅".into()))
                        .collect()
                })
                .collect(),
            _ => vec![],
        }
    }

    #[test]
    fn unique_row_with_identity() {
        let r = run(&["155120264179"], &[Count; 7], &row_sum);
        assert_eq!(r, vec![vec!["155", "12", "0", "2", "6", "4", "179"]]);
        let r = run(&["640020470"], &[Count; 7], &row_sum);
        assert_eq!(r, vec![vec!["64", "0", "0", "2", "0", "4", "70"]]);
    }

    #[test]
    fn several_readings_are_reported() {
        let r = run(&["558002267"], &[Count; 7], &row_sum);
        assert!(r.len() >= 2);
        assert!(r.contains(&vec![
            "55".into(),
            "8".into(),
            "0".into(),
            "0".into(),
            "2".into(),
            "2".into(),
            "67".into()
        ]));
    }

    #[test]
    fn spaces_are_boundaries_and_blanks_are_cells() {
        let r = run(&["3", "000003"], &[Count; 7], &row_sum);
        assert_eq!(r, vec![vec!["3", "0", "0", "0", "0", "0", "3"]]);
        let r = run(&["1", "—", "00001"], &[Count; 7], &row_sum);
        assert_eq!(r, vec![vec!["1", "∅", "0", "0", "0", "0", "1"]]);
    }

    #[test]
    fn kinds_constrain_cuts() {
        let r = run(&["41", "-23177"], &[Count, Signed, Count], &|_| true);
        assert!(r.contains(&vec!["41".into(), "-2".into(), "3177".into()]));
        assert!(r.iter().all(|x| x[1].starts_with('-')));
        let r = run(&["488707.44"], &[Count, Amount], &|_| true);
        assert!(r.contains(&vec!["48".into(), "8707.44".into()]));
        assert!(r.len() > 1);
        let r = run(&["303"], &[Count; 3], &|_| true);
        assert_eq!(r, vec![vec!["3", "0", "3"]]);
    }

    #[test]
    fn a_leading_zero_is_always_a_cut() {
        // "00" can only be 0|0: seven zeros, one reading.
        let r = run(&["0", "0", "00", "00", "0"], &[Count; 7], &row_sum);
        assert_eq!(r, vec![vec!["0"; 7]]);
        // "012" is 0|12 or 0|1|2; the row width and total choose.
        let r = run(&["0", "012", "3", "0", "0", "15"], &[Count; 7], &row_sum);
        assert_eq!(r, vec![vec!["0", "0", "12", "3", "0", "0", "15"]]);
        assert_eq!(
            run(&["012", "3"], &[Count; 3], &|_| true),
            [["0", "12", "3"]]
        );
        assert_eq!(
            run(&["012", "3"], &[Count; 4], &|_| true),
            [["0", "1", "2", "3"]]
        );
        assert!(run(&["-05"], &[Signed], &|_| true).is_empty());
        assert_eq!(run(&["-0", "5"], &[Signed, Count], &|_| true), [["0", "5"]]);
    }

    #[test]
    fn an_amount_glued_to_a_count_has_every_cut() {
        let r = run(&["5843.73"], &[Count, Amount], &|_| true);
        assert_eq!(r, [["5", "843.73"], ["58", "43.73"], ["584", "3.73"]]);
    }

    #[test]
    fn t4_blocks() {
        let r = run(&["002240000001001"], &[Count; 15], &|v| block_sums(v, 5));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0][..5], ["0", "0", "2", "2", "4"]);
    }

    #[test]
    fn broken_identity_falls_back_to_cell_fits() {
        // 7 digits, 7 cells: the only cut, though 1+2 ≠ 4.
        let r = run(&["1200004"], &[Count; 7], &row_sum);
        assert_eq!(r, vec![vec!["1", "2", "0", "0", "0", "0", "4"]]);
    }
}
