//! Title, agency, report year and statistics period.

use super::norm::{Norm, digit};
use crate::model::{LineIndex, Period, Title};

/// Phrases that end a report title, most specific first.
const TITLE_PHRASES: &[&str] = &[
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政务公开工作年度报告",
    "信息公开工作年度报告",
    "信息公开年度报告",
    "工作年度报告",
    "年度报告",
];

/// What the title gives.
#[derive(Debug, Default)]
pub struct TitleInfo {
    pub title: Option<Title>,
    pub agency: Option<String>,
    pub year: Option<i32>,
}

/// Find the title within the head of the text (before `limit`, the first
/// section heading), and read the agency and year from it.
pub fn title(text: &str, lines: &LineIndex, limit: usize) -> TitleInfo {
    // The head: up to 12 non-empty lines before the first heading.
    let limit = text.floor_char_boundary(limit.min(text.len()));
    let mut line_ranges = Vec::new();
    let mut pos = 0;
    for line in text[..limit].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let end = start + line.trim_end().len();
        line_ranges.push(start..end);
        if line_ranges.len() >= 12 {
            break;
        }
    }
    if line_ranges.is_empty() {
        return TitleInfo::default();
    }
    // Fold the head line by line, remembering where each line starts.
    let mut norm = Norm::default();
    let mut line_starts = Vec::new();
    for r in &line_ranges {
        line_starts.push(norm.len());
        norm.push(text, r.clone());
    }
    let line_of = |i: usize| line_starts.partition_point(|&s| s <= i).saturating_sub(1);

    // A phrase inside a cited title (《…年度报告格式》) is not this report's
    // title.
    let quoted = |i: usize| {
        let ls = line_starts[line_of(i)];
        let before = &norm.s[ls..i];
        before.matches('<').count() > before.matches('>').count()
    };
    let hit = TITLE_PHRASES
        .iter()
        .filter_map(|p| {
            super::norm::find_all(&norm.s, p)
                .find(|&i| !quoted(i))
                .map(|i| (i, i + p.len(), *p))
        })
        .min_by_key(|&(i, _, p)| (i, usize::MAX - p.len()));
    let (first_line, last_line, has_phrase) = match hit {
        Some((i, end, phrase)) => {
            let last = line_of(end.saturating_sub(1));
            let mut first = line_of(i);
            // A title over several lines: an agency line above "2019年…报告".
            let own = &norm.s[line_starts[first]..i];
            if first > 0 && starts_with_year(own) {
                let prev = &norm.s[line_starts[first - 1]..line_starts[first]];
                if looks_like_agency(prev) {
                    first -= 1;
                }
            }
            (
                first,
                last,
                phrase.ends_with("工作年度报告") || phrase == "政府信息公开年度报告",
            )
        }
        None => {
            // No phrase: the first line, if it looks like a title at all.
            let first = &norm.s[..line_starts.get(1).copied().unwrap_or(norm.len())];
            if first.chars().count() > 60 || first.contains('。') {
                return TitleInfo::default();
            }
            (0, 0, false)
        }
    };
    let nstart = line_starts[first_line];
    let nend = line_starts
        .get(last_line + 1)
        .copied()
        .unwrap_or(norm.len());
    let folded = &norm.s[nstart..nend];
    let src = line_ranges[first_line].start..line_ranges[last_line].end;
    let clean: String = folded.trim_start_matches(['#', '*', '>', '-']).to_string();
    let lead = folded.len() - clean.len();

    let (agency_range, year) = agency_and_year(&clean);
    // The agency as written: the last whitespace-separated chunk before the
    // year ("当前位置：首页…年报 江谷街道办事处2023年…"), joining letter-spaced
    // titles ("保 定 市 商 务 局").
    let agency = agency_range.and_then(|r| {
        let src = norm.src(nstart + lead + r.start..nstart + lead + r.end);
        let chunks: Vec<&str> = text[src].split_whitespace().collect();
        let mut k = chunks.len();
        while k > 0 && chunks[k - 1].chars().count() == 1 {
            k -= 1;
        }
        let pick = if k < chunks.len() && chunks.len() - k >= 2 {
            chunks[k..].concat()
        } else if k > 0 {
            // "南屿市 人民政府", "青禾县　交通运输局": a place name written
            // apart from the body is still part of the agency.
            let mut from = k - 1;
            while from > 0 && is_place(chunks[from - 1]) {
                from -= 1;
            }
            chunks[from..k].concat()
        } else {
            chunks.concat()
        };
        clean_agency(&super::norm::fold(&pick))
    });
    TitleInfo {
        title: Some(Title {
            text: clean,
            span: lines.span(src),
            has_phrase,
        }),
        agency,
        year,
    }
}

/// A chunk that names a place ("南屿市", "青禾县", "云溪街道"), not a
/// breadcrumb ("首页>年报").
fn is_place(chunk: &str) -> bool {
    let n = chunk.chars().count();
    (2..=12).contains(&n)
        && !chunk.contains(['>', '»', ':', '：', '|', '/', '\\'])
        && !chunk.contains("首页")
        && !chunk.contains("位置")
        && [
            "省",
            "市",
            "县",
            "区",
            "州",
            "盟",
            "旗",
            "镇",
            "乡",
            "街道",
            "自治区",
            "社区",
            "村",
        ]
        .iter()
        .any(|s| chunk.ends_with(s))
}

fn starts_with_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit)
}

fn looks_like_agency(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && !s.contains(['。', ',', '，', ':', '：', '；', ';'])
        && !s.chars().any(|c| c.is_ascii_digit())
}

/// Read "XX局2024年(度)政府信息公开工作年度报告" and its variants: the byte
/// range of the agency in `title`, and the year.
fn agency_and_year(title: &str) -> (Option<std::ops::Range<usize>>, Option<i32>) {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    // The first 4-digit year followed by 年.
    let mut year = None;
    for w in 0..chars.len() {
        let (i, c) = chars[w];
        if !c.is_ascii_digit() || (w > 0 && chars[w - 1].1.is_ascii_digit()) {
            continue;
        }
        let mut j = w;
        while j < chars.len() && chars[j].1.is_ascii_digit() {
            j += 1;
        }
        if j - w == 4
            && chars.get(j).map(|c| c.1) == Some('年')
            && let Ok(y) = title[i..i + 4].parse::<i32>()
            && (1990..=2100).contains(&y)
        {
            let after = chars[j].0 + '年'.len_utf8();
            let after = if title[after..].starts_with('度') {
                after + '度'.len_utf8()
            } else {
                after
            };
            year = Some((y, i, after));
            break;
        }
    }
    let body_end = [
        "政府信息公开",
        "政务公开",
        "信息公开",
        "年度报告",
        "工作报告",
    ]
    .iter()
    .filter_map(|p| super::norm::find(title, p))
    .min();
    let agency = match year {
        Some((_, ys, ye)) => {
            if clean_agency(&title[..ys]).is_some() {
                0..ys
            } else {
                ye..body_end.filter(|&e| e >= ye).unwrap_or(title.len())
            }
        }
        None => 0..body_end.unwrap_or(title.len()),
    };
    let mut year = year.map(|y| y.0);
    if year.is_none() {
        // "…年度报告（2023年度）"
        year = bracketed_year(title);
    }
    (clean_agency(&title[agency.clone()]).map(|_| agency), year)
}

fn bracketed_year(s: &str) -> Option<i32> {
    let i = s.find('(')?;
    let rest = &s[i + 1..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() == 4 {
        digits.parse().ok()
    } else {
        None
    }
}

fn clean_agency(s: &str) -> Option<String> {
    let mut s = s.trim_matches(|c: char| "#*>-_\"<>()[]·:：,，。 ".contains(c));
    // "当前位置：…年报 XX局" — keep the part after the last separator.
    if let Some(i) = s.rfind([':', '：', '>', '|', ',', '，', '。', ';', '；']) {
        s = &s[i + s[i..].chars().next().map_or(1, char::len_utf8)..];
    }
    for p in ["现予公布", "现公布", "公布", "发布"] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
        }
    }
    let s = s.strip_suffix("关于").unwrap_or(s);
    let s = s.strip_suffix("的").unwrap_or(s);
    let n = s.chars().count();
    if !(2..=40).contains(&n) || s.contains('。') {
        return None;
    }
    Some(s.to_string())
}

/// Find the statistics period statement.
pub fn period(lines: &LineIndex, norm: &Norm) -> Option<Period> {
    let s = &norm.s;
    let mut fallback = None;
    let mut from = 0;
    while let Some(rel) = s[from..].find('年') {
        let nian = from + rel;
        from = nian + '年'.len_utf8();
        // Digits right before 年.
        let dstart = s[..nian]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_ascii_digit())
            .last()
            .map(|(i, _)| i);
        let Some(dstart) = dstart else { continue };
        let Some((d1, after1)) = date_at(s, dstart, None) else {
            continue;
        };
        // A connector, then the second date (its year may be omitted).
        let rest = &s[after1..];
        let rest_skip = rest.strip_prefix('起').unwrap_or(rest);
        let skipped = rest.len() - rest_skip.len();
        let conn = ["至", "到", "-", "~", "～"]
            .iter()
            .find(|c| rest_skip.starts_with(**c));
        let Some(conn) = conn else { continue };
        let d2start = after1 + skipped + conn.len();
        let Some((d2, after2)) = date_at(s, d2start, d1.year) else {
            continue;
        };
        let ctx_start = norm.char_floor(dstart.saturating_sub(60));
        let ctx = &s[ctx_start..dstart];
        let stat = ctx.contains("统计")
            || ctx.contains("期限")
            || ctx.contains("时限")
            || ctx.contains("期间");
        let whole_year =
            d1.month == Some(1) && d1.day == Some(1) && d2.month == Some(12) && d2.day == Some(31);
        if !(stat || whole_year) {
            continue;
        }
        let after2 = if s[after2..].starts_with('止') {
            after2 + '止'.len_utf8()
        } else {
            after2
        };
        let span = lines.span(norm.src(dstart..after2));
        let malformed = !d1.ok() || !d2.ok();
        let p = Period {
            start: d1.ymd(),
            end: d2.ymd(),
            span,
            malformed,
        };
        if stat {
            return Some(p);
        }
        if fallback.is_none() {
            fallback = Some(p);
        }
        from = after2;
    }
    fallback
}

#[derive(Debug, Clone, Copy)]
struct DateParts {
    year: Option<i32>,
    year_digits: usize,
    month: Option<u32>,
    day: Option<u32>,
}

impl DateParts {
    fn ok(&self) -> bool {
        self.year_digits == 4
            && self.year.is_some_and(|y| (1990..=2100).contains(&y))
            && self.month.is_some_and(|m| (1..=12).contains(&m))
            && self.day.is_some_and(|d| (1..=31).contains(&d))
    }
    fn ymd(&self) -> Option<(i32, u32, u32)> {
        if self.ok() {
            Some((self.year?, self.month?, self.day?))
        } else {
            None
        }
    }
}

/// Parse "YYYY年M月D日" (or "M月D日" with `default_year`) at byte `i` of `s`.
fn date_at(s: &str, i: usize, default_year: Option<i32>) -> Option<(DateParts, usize)> {
    let (ydigits, after_y) = digits_at(s, i);
    let (year, year_digits, j) = if !ydigits.is_empty() && s[after_y..].starts_with('年') {
        (
            ydigits.parse::<i32>().ok(),
            ydigits.len(),
            after_y + '年'.len_utf8(),
        )
    } else if default_year.is_some() {
        (default_year, 4, i)
    } else {
        return None;
    };
    let (m, after_m) = digits_at(s, j);
    if m.is_empty() || m.len() > 2 || !s[after_m..].starts_with('月') {
        return None;
    }
    let k = after_m + '月'.len_utf8();
    let (d, after_d) = digits_at(s, k);
    if d.is_empty() || d.len() > 2 {
        return None;
    }
    let end = if s[after_d..].starts_with('日') || s[after_d..].starts_with('号') {
        after_d + '日'.len_utf8()
    } else {
        return None;
    };
    Some((
        DateParts {
            year,
            year_digits,
            month: m.parse().ok(),
            day: d.parse().ok(),
        },
        end,
    ))
}

fn digits_at(s: &str, i: usize) -> (String, usize) {
    let mut out = String::new();
    let mut end = i;
    for (k, c) in s[i..].char_indices() {
        match digit(c) {
            Some(d) => {
                out.push(char::from_digit(d, 10).unwrap_or('0'));
                end = i + k + c.len_utf8();
            }
            None => break,
        }
    }
    (out, end)
}

/// The most frequent "YYYY年" in `s` (a last resort for the report year).
pub fn frequent_year(s: &str) -> Option<i32> {
    let folded = super::norm::fold(s);
    let s = folded.as_str();
    let mut counts: Vec<(i32, usize)> = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 < b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && s[i + 4..].starts_with('年')
        {
            if let Ok(y) = s[i..i + 4].parse::<i32>()
                && (2000..=2100).contains(&y)
            {
                match counts.iter_mut().find(|(yy, _)| *yy == y) {
                    Some(e) => e.1 += 1,
                    None => counts.push((y, 1)),
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> TitleInfo {
        title(s, &LineIndex::new(s), s.len())
    }

    #[test]
    fn a_place_written_apart_stays_in_the_agency() {
        let x = t("南屿市 人民政府 2024 年政府信息公开工作年度报告\n");
        assert_eq!(x.agency.as_deref(), Some("南屿市人民政府"));
        let x = t("青禾县\u{3000}交通运输局2024年政府信息公开工作年度报告\n");
        assert_eq!(x.agency.as_deref(), Some("青禾县交通运输局"));
        // A breadcrumb is still cut off.
        let x = t("当前位置：首页 > 年报 江谷街道办事处2023年政府信息公开工作年度报告\n");
        assert_eq!(x.agency.as_deref(), Some("江谷街道办事处"));
    }

    #[test]
    fn titles() {
        let x = t("\n\n保定市商务局 2024 年政府信息公开工作 年度报告\n\n根据…");
        assert_eq!(x.agency.as_deref(), Some("保定市商务局"));
        assert_eq!(x.year, Some(2024));
        let x = t("瀍河回族区商务局2024年政府信息公开工作年度报\n告\n\n一、总体情况");
        assert_eq!(x.agency.as_deref(), Some("瀍河回族区商务局"));
        assert_eq!(x.title.unwrap().span.line, 1);
        let x = t("梅平区退役军人事务局\n2019年政府信息公开工作年度报告\n一、总体情况");
        assert_eq!(
            (x.agency.as_deref(), x.year),
            (Some("梅平区退役军人事务局"), Some(2019))
        );
        let x = t("# 洛龙区商务局 2023 年政府信息公开工作年度报告\n");
        assert_eq!(
            (x.agency.as_deref(), x.year),
            (Some("洛龙区商务局"), Some(2023))
        );
        let x = t("玉湖市人力资源和社会保障局政府信息公开工作年度报告\n");
        assert_eq!(
            (x.agency.as_deref(), x.year),
            (Some("玉湖市人力资源和社会保障局"), None)
        );
        let x = t("龙原区发展和改革委员会2022年度政府信息公开工作年度报告\n");
        assert_eq!(
            (x.agency.as_deref(), x.year),
            (Some("龙原区发展和改革委员会"), Some(2022))
        );
        let x = t("2023年度宁岗街道办事处政府信息公开工作年度报告\n");
        assert_eq!(
            (x.agency.as_deref(), x.year),
            (Some("宁岗街道办事处"), Some(2023))
        );
        let x = t(
            "当前位置： 首页政务公开政府信息公开年报 江谷街道办事处2023年政府信息公开工作年度报告 来源：江谷",
        );
        assert_eq!(
            (x.agency.as_deref(), x.year),
            (Some("江谷街道办事处"), Some(2023))
        );
        let x = t("保 定 市 商 务 局 2024 年政府信息公开工作年度报告");
        assert_eq!(x.agency.as_deref(), Some("保定市商务局"));
    }

    fn p(s: &str) -> Option<Period> {
        let li = LineIndex::new(s);
        period(&li, &Norm::new(s, 0..s.len()))
    }

    #[test]
    fn periods() {
        let x = p("本报告中数据统计时限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。").unwrap();
        assert_eq!(x.iso().unwrap(), ["2024-01-01", "2024-12-31"]);
        let x = p("本报告统计期限为2023年1月1日至12月31日。").unwrap();
        assert_eq!(x.iso().unwrap(), ["2023-01-01", "2023-12-31"]);
        let x = p("统计期限自2020年1月1日起至2020年12\n月31日止").unwrap();
        assert_eq!(x.iso().unwrap(), ["2020-01-01", "2020-12-31"]);
        let x = p("数据统计期限为2020年1月1日至202020年12月31日").unwrap();
        assert!(x.malformed);
        assert!(x.iso().is_none());
        assert!(p("2023年我局收到申请5件").is_none());
    }
}
