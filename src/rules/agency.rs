//! What an agency's name tells: its normalised form (for pairing years) and
//! its level (who may make 规章).

use crate::parse::norm::fold;

/// Normalise a name for pairing: fold width and spaces, 人民政府 → 政府.
pub fn normalize(name: &str) -> String {
    let f = fold(name);
    f.replace("人民政府", "政府")
        .trim_matches(|c: char| "\"<>()[]·".contains(c))
        .to_string()
}

const PROVINCES: &[&str] = &[
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];

const LOCAL: &[char] = &['市', '县', '区', '州', '盟', '旗', '镇', '乡'];

/// Is this a province-level body (a province, autonomous region or
/// municipality, or one of its departments)?
pub fn is_provincial(name: &str) -> bool {
    let f = fold(name);
    let Some(p) = PROVINCES.iter().find(|p| f.starts_with(**p)) else {
        return false;
    };
    let rest = &f[p.len()..];
    let rest = [
        "壮族自治区",
        "回族自治区",
        "维吾尔自治区",
        "自治区",
        "特别行政区",
        "省",
        "市",
    ]
    .iter()
    .find_map(|s| rest.strip_prefix(s))
    .unwrap_or(rest);
    !rest.contains(LOCAL) && !rest.contains("街道")
}

/// Whether a body may make 规章.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rulemaking {
    Yes,
    No,
    Unknown,
}

/// Only State Council departments and the people's governments of provinces
/// and of 设区的市 / 自治州 make 规章; their 办公厅 / 办公室 report on their
/// behalf. A county-level city's name looks like a 设区的市's, so a 市
/// government is given the benefit of the doubt.
pub fn rulemaking(name: &str) -> Rulemaking {
    let f = fold(name);
    let f = f.trim_end_matches("办公厅").trim_end_matches("办公室");
    if f.ends_with("街道办事处") || f.ends_with("街道") || f.ends_with("办事处") {
        return Rulemaking::No;
    }
    let gov = f
        .strip_suffix("人民政府")
        .or_else(|| f.strip_suffix("政府"));
    if let Some(place) = gov {
        if place.ends_with("自治区")
            || place.ends_with("省")
            || place.ends_with("自治州")
            || place.ends_with("盟")
        {
            return Rulemaking::Yes;
        }
        if place.ends_with("自治县") || place.ends_with(['县', '区', '旗', '镇', '乡']) {
            return Rulemaking::No;
        }
        if place.ends_with('市') || place.ends_with('州') {
            return Rulemaking::Yes;
        }
        return Rulemaking::Unknown;
    }
    // Departments.
    let department = [
        "局",
        "委员会",
        "委",
        "厅",
        "办",
        "中心",
        "署",
        "部",
        "院",
        "所",
        "站",
        "队",
    ]
    .iter()
    .any(|s| f.ends_with(s));
    if !department {
        return Rulemaking::Unknown;
    }
    let local = f.contains(LOCAL) || f.contains("街道") || f.contains("自治区") || f.contains("省");
    if local {
        Rulemaking::No
    } else if f.starts_with("国家")
        || f.starts_with("国务院")
        || f.starts_with("中国")
        || f.ends_with('部')
        || f.ends_with("署")
    {
        Rulemaking::Yes
    } else {
        Rulemaking::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_makes_rules() {
        use Rulemaking::*;
        assert_eq!(rulemaking("宁岗街道办事处"), No);
        assert_eq!(rulemaking("梅源镇人民政府"), No);
        assert_eq!(rulemaking("松河区文化和旅游局"), No);
        assert_eq!(rulemaking("玉湖市人力资源和社会保障局"), No);
        assert_eq!(rulemaking("长州市人民政府"), Yes);
        assert_eq!(rulemaking("长州市人民政府办公室"), Yes);
        assert_eq!(rulemaking("河北省人民政府办公厅"), Yes);
        assert_eq!(rulemaking("内蒙古自治区人民政府"), Yes);
        assert_eq!(rulemaking("澄岗县人民政府"), No);
        assert_eq!(rulemaking("教育部"), Yes);
        assert_eq!(rulemaking("国家税务总局"), Yes);
        assert_eq!(rulemaking("某某协会"), Unknown);
    }

    #[test]
    fn names() {
        assert_eq!(normalize("长州市 人民政府"), normalize("长州市政府"));
        assert!(is_provincial("河北省商务厅"));
        assert!(is_provincial("上海市人民政府"));
        assert!(!is_provincial("河北省保定市商务局"));
    }
}
