//! N — narrative against tables; F — 信息处理费; Q — quality.

use super::ctx::Operand;
use super::{Ctx, Finding, Severity};
use crate::parse::narrative::{Claim, DocKind, Kind, Outcome};
use crate::schema::{SectionId, TableId, Template};

fn t3_total(c: &Ctx, row: &str) -> Option<usize> {
    c.idx(TableId::T3, row, "total")
}

/// Sum the `total` column of the table-3 rows whose key starts with `prefix`.
fn group_total(c: &Ctx, prefix: &str) -> (Vec<usize>, Result<i64, usize>) {
    let idx: Vec<usize> =
        c.s.rows_of(TableId::T3)
            .filter(|r| {
                r.key
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
            .map(|r| r.cell(6))
            .collect();
    let mut sum = 0;
    for &i in &idx {
        match c.operand(i) {
            Operand::Known(v) => sum += v,
            Operand::Unknown(b) => return (idx, Err(b)),
        }
    }
    (idx, Ok(sum))
}

fn known(c: &Ctx, idx: &[usize]) -> Result<i64, usize> {
    let mut s = 0;
    for &i in idx {
        match c.operand(i) {
            Operand::Known(v) => s += v,
            Operand::Unknown(b) => return Err(b),
        }
    }
    Ok(s)
}

/// A finding about a claim: the claim's line first, then the cells'.
fn about(
    c: &Ctx,
    rule: &'static str,
    sev: Severity,
    msg: String,
    claim: &Claim,
    idx: &[usize],
) -> Finding {
    let mut f = c.fail(rule, sev, msg, idx);
    f.lines.insert(0, claim.line);
    f.spans.push((claim.span.start, claim.span.end));
    f
}

fn uncertain_about(
    c: &Ctx,
    rule: &'static str,
    blocking: usize,
    what: &str,
    claim: &Claim,
    idx: &[usize],
) -> Finding {
    let mut f = c.uncertain(rule, blocking, what, idx);
    f.lines.insert(0, claim.line);
    f.spans.push((claim.span.start, claim.span.end));
    f
}

fn quote(c: &Ctx, claim: &Claim) -> String {
    let raw: String = c.r.text()[claim.span.clone()].split_whitespace().collect();
    let mut q: String = raw.chars().take(40).collect();
    if raw.chars().count() > 40 {
        q.push('…');
    }
    q
}

/// N01: the text says no applications were received, but table 3 has some.
pub fn n01(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(claim) = c.claims().iter().find(|k| k.kind == Kind::NoApplications) else {
        return;
    };
    let (Some(n), Some(co)) = (t3_total(c, "new_received"), t3_total(c, "carried_over")) else {
        return;
    };
    match known(c, &[n, co]) {
        Ok(v) if v > 0 => {
            let (nv, cv) = (c.cell(n).int().unwrap_or(0), c.cell(co).int().unwrap_or(0));
            out.push(about(
                c,
                "N01",
                Severity::Error,
                format!(
                    "正文称「{}」，但表三本年新收申请 {nv} 件、上年结转 {cv} 件",
                    quote(c, claim)
                ),
                claim,
                &[n, co],
            ));
        }
        Err(b) => out.push(uncertain_about(
            c,
            "N01",
            b,
            "正文“未收到申请”的说法",
            claim,
            &[n, co],
        )),
        _ => {}
    }
}

/// N02: the text states N > 0 applications, but table 3 is all zero.
pub fn n02(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(claim) = c
        .claims()
        .iter()
        .find(|k| matches!(k.kind, Kind::Received { .. }) && k.value.is_some_and(|v| v > 0))
    else {
        return;
    };
    let idx: Vec<usize> = c.s.rows_of(TableId::T3).flat_map(|r| r.cells()).collect();
    match known(c, &idx) {
        Ok(_) => {
            if idx.iter().all(|&i| c.cell(i).int() == Some(0)) {
                let key: Vec<usize> = t3_total(c, "new_received").into_iter().collect();
                out.push(about(
                    c,
                    "N02",
                    Severity::Error,
                    format!(
                        "正文称收到申请 {} 件，但表三全部为 0",
                        claim.value.unwrap_or(0)
                    ),
                    claim,
                    &key,
                ));
            }
        }
        Err(b) => {
            // Only uncertain when every readable cell is zero.
            if idx.iter().all(|&i| c.cell(i).int().is_none_or(|v| v == 0)) {
                out.push(uncertain_about(c, "N02", b, "正文申请数与表三", claim, &[]));
            }
        }
    }
}

/// N03: the text's "收到…申请 N 件" equals neither 新收 nor 新收 + 上年结转.
pub fn n03(c: &Ctx, out: &mut Vec<Finding>) {
    let (Some(n), Some(co)) = (t3_total(c, "new_received"), t3_total(c, "carried_over")) else {
        return;
    };
    for claim in c
        .claims()
        .iter()
        .filter(|k| matches!(k.kind, Kind::Received { .. }))
    {
        let Some(v) = claim.value else { continue };
        match (known(c, &[n]), known(c, &[co])) {
            (Ok(nv), Ok(cv)) => {
                if v != nv && v != nv + cv {
                    out.push(about(
                        c,
                        "N03",
                        Severity::Warning,
                        format!(
                            "正文称收到申请 {v} 件，但表三本年新收 {nv} 件，加上年结转为 {} 件",
                            nv + cv
                        ),
                        claim,
                        &[n, co],
                    ));
                    return;
                }
            }
            (Err(b), _) | (_, Err(b)) => {
                out.push(uncertain_about(c, "N03", b, "正文申请数", claim, &[n, co]));
                return;
            }
        }
    }
}

/// N04: 办结/答复, 结转下年度 and 上年结转 counts against table 3.
pub fn n04(c: &Ctx, out: &mut Vec<Finding>) {
    for (kind, row, what) in [
        (Kind::Processed, "total_processed", "办结（答复）"),
        (Kind::CarriedForward, "carried_forward", "结转下年度"),
        (Kind::CarriedOver, "carried_over", "上年结转"),
    ] {
        let Some(i) = t3_total(c, row) else { continue };
        for claim in c.claims().iter().filter(|k| k.kind == kind) {
            let Some(v) = claim.value else { continue };
            match known(c, &[i]) {
                Ok(t) if t != v => {
                    out.push(about(
                        c,
                        "N04",
                        Severity::Warning,
                        format!("正文称{what} {v} 件，但表三为 {t} 件"),
                        claim,
                        &[i],
                    ));
                    break;
                }
                Err(b) => {
                    out.push(uncertain_about(
                        c,
                        "N04",
                        b,
                        &format!("正文{what}数"),
                        claim,
                        &[i],
                    ));
                    break;
                }
                _ => {}
            }
        }
    }
}

/// N05: outcome counts in the text against the table's group sums.
pub fn n05(c: &Ctx, out: &mut Vec<Finding>) {
    for claim in c.claims() {
        let Kind::Outcome(o) = claim.kind else {
            continue;
        };
        let Some(v) = claim.value else { continue };
        let prefix = match o {
            Outcome::Granted => "granted",
            Outcome::Partial => "partially_granted",
            Outcome::Withheld => "withheld",
            Outcome::Unavailable => "unavailable",
            Outcome::NotProcessed => "not_processed",
            Outcome::Other => "other",
        };
        let (idx, sum) = group_total(c, prefix);
        if idx.is_empty() {
            continue;
        }
        match sum {
            Ok(t) if t != v => out.push(about(
                c,
                "N05",
                Severity::Warning,
                format!("正文称{} {v} 件，但表三合计为 {t} 件", o.label()),
                claim,
                &idx,
            )),
            Err(b) => out.push(uncertain_about(
                c,
                "N05",
                b,
                &format!("正文{}数", o.label()),
                claim,
                &idx,
            )),
            _ => {}
        }
    }
}

/// N07: 行政复议 / 行政诉讼 in the text against table 4.
pub fn n07(c: &Ctx, out: &mut Vec<Finding>) {
    let t4 = |row: &str, col: &str| c.idx(TableId::T4, row, col);
    let (Some(rv), Some(sd), Some(sa)) = (
        t4("review", "total"),
        t4("suit_direct", "total"),
        t4("suit_after_review", "total"),
    ) else {
        return;
    };
    let pending: Vec<usize> = ["review", "suit_direct", "suit_after_review"]
        .iter()
        .filter_map(|b| t4(b, "pending"))
        .collect();
    for claim in c.claims() {
        let (idx, what): (Vec<usize>, &str) = match claim.kind {
            Kind::Review => (vec![rv], "行政复议"),
            Kind::Litigation => (vec![sd, sa], "行政诉讼"),
            Kind::NoReviewLitigation { review, litigation } => {
                let mut idx = Vec::new();
                if review {
                    idx.push(rv);
                }
                if litigation {
                    idx.extend([sd, sa]);
                }
                match known(c, &idx) {
                    Ok(t) if t > 0 => out.push(about(
                        c,
                        "N07",
                        Severity::Error,
                        format!("正文称「{}」，但表四合计 {t} 件", quote(c, claim)),
                        claim,
                        &idx,
                    )),
                    Err(b) => out.push(uncertain_about(
                        c,
                        "N07",
                        b,
                        "正文“未发生复议诉讼”的说法",
                        claim,
                        &idx,
                    )),
                    _ => {}
                }
                continue;
            }
            Kind::AllClosed => {
                match known(c, &pending) {
                    Ok(p) if p > 0 => out.push(about(
                        c,
                        "N07",
                        Severity::Warning,
                        format!("正文称「{}」，但表四尚未审结 {p} 件", quote(c, claim)),
                        claim,
                        &pending,
                    )),
                    Err(b) => out.push(uncertain_about(
                        c,
                        "N07",
                        b,
                        "正文“均已结案”的说法",
                        claim,
                        &pending,
                    )),
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        let Some(v) = claim.value else { continue };
        match known(c, &idx) {
            Ok(t) if t != v => out.push(about(
                c,
                "N07",
                Severity::Warning,
                format!("正文称{what} {v} 件，但表四总计为 {t} 件"),
                claim,
                &idx,
            )),
            Err(b) => out.push(uncertain_about(
                c,
                "N07",
                b,
                &format!("正文{what}数"),
                claim,
                &idx,
            )),
            _ => {}
        }
    }
}

/// N08: 规章 / 规范性文件 counts in the text against table 2.
pub fn n08(c: &Ctx, out: &mut Vec<Finding>) {
    for claim in c.claims() {
        let (dk, col, what) = match (&claim.kind, c.r.template) {
            (Kind::DocsIssued(d), Template::T2021) => (*d, "issued", "制发"),
            (Kind::DocsRepealed(d), Template::T2021) => (*d, "repealed", "废止"),
            (Kind::DocsInForce(d), Template::T2021) => (*d, "in_force", "现行有效"),
            (Kind::DocsIssued(d), Template::T2019) => (*d, "new_made", "制发"),
            _ => continue,
        };
        let (row, name) = match dk {
            DocKind::Regulations => ("regulations", "规章"),
            DocKind::NormativeDocs => ("normative_docs", "规范性文件"),
        };
        let (Some(i), Some(v)) = (c.idx(TableId::T2, row, col), claim.value) else {
            continue;
        };
        match known(c, &[i]) {
            Ok(t) if t != v => out.push(about(
                c,
                "N08",
                Severity::Warning,
                format!("正文称{what}{name} {v} 件，但表二为 {t} 件"),
                claim,
                &[i],
            )),
            Err(b) => out.push(uncertain_about(
                c,
                "N08",
                b,
                &format!("正文{what}{name}数"),
                claim,
                &[i],
            )),
            _ => {}
        }
    }
}

/// N09: the text names a different body as itself.
pub fn n09(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(agency) = c.r.agency.as_deref() else {
        return;
    };
    let me = super::agency::normalize(agency);
    for claim in c.claims() {
        let Kind::SelfName(name) = &claim.kind else {
            continue;
        };
        let other = super::agency::normalize(name);
        if other.contains(&me) || me.contains(&other) {
            continue;
        }
        let mut f = c.fail(
            "N09",
            Severity::Warning,
            format!("正文以「{name}」自称，与标题机关「{agency}」不符"),
            &[],
        );
        f.lines = vec![claim.line];
        out.push(f);
        return;
    }
}

fn t3_applications(c: &Ctx) -> Option<(Vec<usize>, Result<i64, usize>)> {
    let n = t3_total(c, "new_received")?;
    let co = t3_total(c, "carried_over")?;
    Some((vec![n, co], known(c, &[n, co])))
}

/// F01: section 六 does not say whether 信息处理费 was collected.
pub fn f01(c: &Ctx, out: &mut Vec<Finding>) {
    let s6 = c.r.section(SectionId::S6);
    let stated = c.claims().iter().any(|k| {
        k.kind == Kind::FeeStatement && (s6.is_none() || k.section == Some(SectionId::S6))
    });
    if stated {
        return;
    }
    let mut f = c.fail(
        "F01",
        Severity::Warning,
        "第六部分未说明是否收取信息处理费".into(),
        &[],
    );
    if let Some(s) = s6 {
        f.lines = vec![s.heading.line];
    }
    out.push(f);
}

/// F02: the text reports a collected 信息处理费, but table 3 has no applications.
pub fn f02(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(claim) = c.claims().iter().find(|k| k.kind == Kind::FeeCollected) else {
        return;
    };
    let Some((idx, sum)) = t3_applications(c) else {
        return;
    };
    match sum {
        Ok(0) => out.push(about(
            c,
            "F02",
            Severity::Error,
            format!(
                "正文称收取信息处理费 {} 元，但表三没有任何申请",
                claim.value.unwrap_or(0)
            ),
            claim,
            &idx,
        )),
        Err(b) => out.push(uncertain_about(
            c,
            "F02",
            b,
            "信息处理费与申请数",
            claim,
            &idx,
        )),
        _ => {}
    }
}

/// F03: 逾期未缴费 rows non-zero while the text says no fee notice was issued.
pub fn f03(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(claim) = c.claims().iter().find(|k| k.kind == Kind::NoFeeNotice) else {
        return;
    };
    let Some(i) = t3_total(c, "other.unpaid_fee") else {
        return;
    };
    match known(c, &[i]) {
        Ok(v) if v > 0 => out.push(about(
            c,
            "F03",
            Severity::Warning,
            format!(
                "正文称「{}」，但表三“逾期未按收费通知缴费”为 {v} 件",
                quote(c, claim)
            ),
            claim,
            &[i],
        )),
        Err(b) => out.push(uncertain_about(c, "F03", b, "收费通知", claim, &[i])),
        _ => {}
    }
}

/// Q02: section 一 covers fewer than four of the five topics.
pub fn q02(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(s1) = c.r.section(SectionId::S1) else {
        return;
    };
    let body = crate::parse::norm::fold(&c.r.text()[s1.body.clone()]);
    let topics: [(&str, &[&str]); 5] = [
        ("主动公开", &["主动公开"]),
        ("依申请公开", &["依申请"]),
        ("政府信息管理", &["信息管理"]),
        ("平台建设", &["平台"]),
        ("监督保障", &["监督", "保障"]),
    ];
    let missing: Vec<&str> = topics
        .iter()
        .filter(|(_, pats)| !pats.iter().any(|p| body.contains(p)))
        .map(|(t, _)| *t)
        .collect();
    if missing.len() > 1 {
        let mut f = c.fail(
            "Q02",
            Severity::Warning,
            format!("总体情况缺少{}等方面的内容", missing.join("、")),
            &[],
        );
        f.lines = vec![s1.heading.line];
        out.push(f);
    }
}

/// Q04: the body's "本年" year contradicts the title year.
pub fn q04(c: &Ctx, out: &mut Vec<Finding>) {
    let Some(year) =
        c.r.year
            .filter(|_| c.r.year_source == Some(crate::model::YearSource::Title))
    else {
        return;
    };
    let wrong: Vec<&Claim> = c
        .claims()
        .iter()
        .filter(|k| matches!(k.kind, Kind::CurrentYear(y) if y < year && y >= year - 3))
        .collect();
    if let Some(first) = wrong.first() {
        let mut f = c.fail(
            "Q04",
            Severity::Warning,
            format!(
                "{year} 年报告正文以「{}」叙述本年工作，年份不符（共 {} 处）",
                quote(c, first),
                wrong.len()
            ),
            &[],
        );
        f.lines = wrong.iter().map(|k| k.line).collect();
        out.push(f);
    }
}
