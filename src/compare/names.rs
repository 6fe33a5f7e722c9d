//! One agency, two spellings: a name with and without its parent's
//! administrative prefix ("洪泽区政府" / "淮安市洪泽区政府", issue 11 §6).
//!
//! A short name is read as the long one when the long name is the short one
//! behind whole administrative names (a province, a city, an autonomous
//! region or prefecture, a league, a 地区) and no other long name in the
//! batch reads down to the same short name. Only a prefix is ever removed,
//! so a city's 商务局 ("淮安市商务局") never meets its county's
//! ("淮安市洪泽区商务局" → "洪泽区商务局"), and a name must still begin with
//! a place once its prefix is gone ("淮安市商务局" does not read down to
//! "商务局").

use std::collections::{BTreeMap, BTreeSet};

/// The ends of a parent administrative name.
const PARENT_LEVELS: &[&str] = &["自治区", "自治州", "地区", "省", "市", "州", "盟"];

/// The ends of any place name, down to a 镇 or 街道.
const PLACE_LEVELS: &[&str] = &["省", "市", "区", "县", "州", "盟", "旗", "镇", "乡", "街道"];

/// Characters no place name holds before its level ("住房和城乡", "政府").
const NOT_IN_PLACE: &[char] = &['和', '局', '委', '府', '厅', '办', '会'];

/// Does `s` (a place name without its level) read as a place name's body?
fn place_body(s: &str, level: &str) -> bool {
    let n = s.chars().count();
    let min = if matches!(level, "县" | "旗") { 1 } else { 2 };
    n >= min && n <= 10 && !s.contains(NOT_IN_PLACE)
}

/// Does `s` begin with a place name ("洪泽区…", "沛县…", "周市镇…")?
fn starts_with_place(s: &str) -> bool {
    s.char_indices().take(11).any(|(k, _)| {
        PLACE_LEVELS
            .iter()
            .any(|l| s[k..].starts_with(*l) && place_body(&s[..k], l))
    })
}

/// `name` without its first parent administrative name, when what is left
/// still begins with a place name.
fn strip_parent(name: &str) -> Option<&str> {
    let mut ends: Vec<(usize, &str)> = PARENT_LEVELS
        .iter()
        .flat_map(|l| name.match_indices(*l).map(|(i, _)| (i, *l)))
        .collect();
    ends.sort();
    ends.into_iter()
        .map(|(i, l)| (i, i + l.len(), l))
        .find(|&(i, e, l)| {
            place_body(&name[..i], l)
                && !name[..i].contains(['省', '市', '区', '县', '镇', '乡', '旗'])
                && starts_with_place(&name[e..])
        })
        .map(|(_, e, _)| &name[e..])
}

/// Every shorter spelling of `name`, one parent removed at a time
/// ("江苏省淮安市洪泽区政府" → "淮安市洪泽区政府" → "洪泽区政府").
pub fn shorter(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut s = name;
    while let Some(rest) = strip_parent(s) {
        out.push(rest);
        s = rest;
    }
    out
}

/// For each name of `names` that is the short spelling of exactly one
/// longest name among them, that longest name. Names claimed by two
/// different long names map to nothing.
pub fn longer_spellings<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: BTreeSet<&str> = names.into_iter().collect();
    let mut claims: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for &long in &names {
        for s in shorter(long) {
            if names.contains(s) {
                claims.entry(s).or_default().insert(long);
            }
        }
    }
    let mut out = BTreeMap::new();
    for (short, longs) in &claims {
        // Drop a claimant that is itself a shorter spelling of another.
        let top: Vec<&str> = longs
            .iter()
            .copied()
            .filter(|l| !longs.iter().any(|m| shorter(m).contains(l)))
            .collect();
        if let [only] = top[..] {
            out.insert(short.to_string(), only.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorter_removes_whole_parent_names_only() {
        let cases: &[(&str, &[&str])] = &[
            ("淮安市洪泽区政府", &["洪泽区政府"]),
            (
                "江苏省淮安市洪泽区政府",
                &["淮安市洪泽区政府", "洪泽区政府"],
            ),
            ("杭州市西湖区政府", &["西湖区政府"]),
            ("广西壮族自治区南宁市政府", &["南宁市政府"]),
            ("恩施土家族苗族自治州恩施市政府", &["恩施市政府"]),
            ("锡林郭勒盟正蓝旗政府", &["正蓝旗政府"]),
            ("徐州市沛县政府", &["沛县政府"]),
            ("昆山市周市镇政府", &["周市镇政府"]),
            ("淮安市洪泽区商务局", &["洪泽区商务局"]),
            ("淮安市商务局", &[]),
            ("淮安市市场监督管理局", &[]),
            ("淮安市城市管理局", &[]),
            ("淮安市住房和城乡建设局", &[]),
            ("南屿市政府", &[]),
            ("洪泽区政府", &[]),
            ("洪泽区市场监督管理局", &[]),
        ];
        for (name, want) in cases {
            assert_eq!(shorter(name), *want, "{name}");
        }
    }

    #[test]
    fn a_short_name_claimed_once_reads_as_the_long_one() {
        let m = longer_spellings(["洪泽区政府", "淮安市洪泽区政府", "淮安市政府"]);
        assert_eq!(m.len(), 1);
        assert_eq!(m["洪泽区政府"], "淮安市洪泽区政府");
        // A chain reads down to its longest spelling.
        let m = longer_spellings(["洪泽区政府", "淮安市洪泽区政府", "江苏省淮安市洪泽区政府"]);
        assert_eq!(m["洪泽区政府"], "江苏省淮安市洪泽区政府");
        assert_eq!(m["淮安市洪泽区政府"], "江苏省淮安市洪泽区政府");
    }

    #[test]
    fn a_short_name_claimed_twice_reads_as_neither() {
        let m = longer_spellings(["鼓楼区政府", "南京市鼓楼区政府", "福州市鼓楼区政府"]);
        assert!(m.is_empty(), "{m:?}");
        let m = longer_spellings(["商务局", "淮安市商务局", "淮安市洪泽区商务局"]);
        assert!(m.is_empty(), "{m:?}");
        let m = longer_spellings(["南屿市政府", "北川市政府"]);
        assert!(m.is_empty(), "{m:?}");
    }
}
