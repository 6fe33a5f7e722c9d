//! Large synthetic batches for benchmarks and load tests: N varied reports
//! made from the bundled samples (agency names and years rewritten, layouts
//! and encodings kept). `cargo run --release --example make_batch -- DIR N`.

use std::path::Path;

const PLACES: &[&str] = &[
    "青", "南", "云", "北", "东", "临", "安", "永", "清", "丰", "长", "平", "新", "宁", "江", "石",
];
const PLACES2: &[&str] = &[
    "山", "河", "湖", "江", "溪", "源", "林", "州", "平", "阳", "泉", "桥",
];
const LEVELS: &[&str] = &["县", "区", "市"];
const BODIES: &[&str] = &[
    "交通运输局",
    "教育局",
    "商务局",
    "卫生健康委员会",
    "人民政府",
    "街道办事处",
    "自然资源局",
    "民政局",
    "文化和旅游局",
    "市场监督管理局",
];

/// The samples: (file name, bytes).
pub fn samples() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (files, _) = crate::batch::collect(&[dir]);
    files
        .into_iter()
        .filter_map(|f| {
            let b = std::fs::read(&f).ok()?;
            Some((f.file_name()?.to_string_lossy().into_owned(), b))
        })
        .collect()
}

/// A generated agency name, stable for `k`.
pub fn agency(k: usize) -> String {
    let a = PLACES[k % PLACES.len()];
    let b = PLACES2[(k / PLACES.len()) % PLACES2.len()];
    let c = LEVELS[(k / (PLACES.len() * PLACES2.len())) % LEVELS.len()];
    let d = BODIES[(k / 7) % BODIES.len()];
    let n = k / (PLACES.len() * PLACES2.len() * LEVELS.len());
    if n == 0 {
        format!("{a}{b}{c}{d}")
    } else {
        format!("{a}{b}{n}{c}{d}")
    }
}

/// `n` varied reports: (file name, bytes). Consecutive pairs of each sample
/// agency become consecutive years of a generated agency.
pub fn reports(n: usize) -> Vec<(String, Vec<u8>)> {
    let samples = samples();
    if samples.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (name, bytes) = &samples[i % samples.len()];
        let Ok(doc) = crate::ingest::ingest(bytes) else {
            continue;
        };
        let report = crate::parse::parse(doc.clone());
        let (Some(old), Some(year)) = (report.agency.clone(), report.year) else {
            out.push((format!("{i:05}-{name}"), bytes.clone()));
            continue;
        };
        let round = i / samples.len();
        let new_agency = agency(round * 3 + (i % samples.len()) / 2);
        let shift = (round % 4) as i32;
        let mut text = doc.text.replace(&old, &new_agency);
        for y in [year, year - 1, year + 1] {
            text = text.replace(&format!("{y}年"), &format!("{}年", y + shift));
        }
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("txt");
        let body = if ext == "html" {
            text.replace('\n', "<br>\n")
        } else {
            text
        };
        let bytes = if doc.encoding == "gb18030" {
            encoding_rs::GB18030.encode(&body).0.into_owned()
        } else {
            body.into_bytes()
        };
        let ext = if ext == "html" { "txt" } else { ext };
        out.push((format!("{i:05}-{new_agency}-{}.{ext}", year + shift), bytes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_reports_parse_with_new_names() {
        let rs = reports(12);
        assert_eq!(rs.len(), 12);
        let mut agencies = std::collections::HashSet::new();
        for (name, bytes) in &rs {
            let r = crate::parse::parse(crate::ingest::ingest(bytes).unwrap());
            assert!(r.agency.is_some(), "{name}");
            agencies.insert(r.agency.unwrap());
        }
        assert!(agencies.len() >= 6);
        assert_ne!(agency(0), agency(1));
    }
}
