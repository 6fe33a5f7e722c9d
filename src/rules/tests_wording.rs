//! The "nothing happened" statements as agencies word them (issue 11, §5):
//! no fee charged (F01), no application received (N01), no reconsideration
//! or litigation (N07). Each wording is written into a whole clean report,
//! as a fixture would be, and checked both ways: the claim is read and the
//! rule passes when the tables agree, fails when they do not. The negative
//! cases (another fee, a fee that was charged, a case outcome) read no claim.

use super::testkit::*;
use crate::parse::narrative::Kind;

/// 2021 base, section 一 （二）, line 11.
const APPLY_21: &str = "全年共收到政府信息公开申请8件，均已在法定期限内答复。";
/// 2021 base, section 四 prose, line 73.
const NO_REVIEW_21: &str = "2023年，我局未发生政府信息公开行政复议、行政诉讼情况。";
/// 2021 base, section 六, line 86.
const FEE_21: &str = "本年度我局未收取信息处理费。";

fn kinds(text: &str) -> Vec<Kind> {
    parse(text).claims.into_iter().map(|c| c.kind).collect()
}

fn has_kind(text: &str, kind: &Kind) -> bool {
    kinds(text).contains(kind)
}

// ---------------------------------------------------------------------------
// F01: no fee charged.

/// Section-六 sentences that say no fee was charged.
const NO_FEE: &[&str] = &[
    // The real page of issue 11.
    "2023年度，我局政府信息公开未发生收费情况。",
    "本年度政府信息公开工作没有收费。",
    "本年度依申请公开政府信息无收费情况。",
    "本年度政府信息公开暂无收费。",
    "本年度我局政府信息公开未收取费用。",
    "本年度未向申请人收取任何费用。",
    "本年度依申请公开没有产生任何费用。",
    "本年度政府信息公开不收取任何费用。",
    "本年度无信息处理费。",
    "本年度我局未发生信息处理费。",
    "依申请公开政府信息收费情况：无。",
];

#[test]
fn f01_pass_every_no_fee_wording() {
    for s in NO_FEE {
        let t = replace(CLEAN_2021, FEE_21, s);
        assert!(has_kind(&t, &Kind::FeeStatement), "{s}: {:?}", kinds(&t));
        assert!(!has_kind(&t, &Kind::FeeCollected), "{s}");
        assert_eq!(outcome(&t, "F01"), Outcome::Pass, "{s}");
    }
}

/// Section-六 sentences about fees that are not the 信息处理费, or that do
/// not say whether one was charged.
const NOT_A_FEE_STATEMENT: &[&str] = &[
    "本年度行政事业性收费金额为0万元。",
    "本年度政府信息公开未发生行政事业性收费。",
    "表二中收费项目无变化，政府信息公开无其他需要报告的事项。",
    "政府信息公开工作经费未发生超支。",
    "本年度政府信息公开未发出收费通知。",
    "本年度无其他需要报告的事项。",
    "严格执行政府信息公开规定，无乱收费现象。",
];

#[test]
fn f01_fail_other_fees_say_nothing_of_the_processing_fee() {
    for s in NOT_A_FEE_STATEMENT {
        let t = replace(CLEAN_2021, FEE_21, s);
        assert!(!has_kind(&t, &Kind::FeeStatement), "{s}: {:?}", kinds(&t));
        assert_eq!(outcome(&t, "F01"), Outcome::Fail, "{s}");
    }
}

#[test]
fn f02_a_charged_fee_is_not_read_as_no_fee() {
    for (s, v) in [
        ("本年度共收取信息处理费100元。", 100),
        ("2023年度，我局政府信息公开收取信息处理费100元。", 100),
    ] {
        let t = replace(CLEAN_2021, FEE_21, s);
        assert!(has_kind(&t, &Kind::FeeStatement), "{s}");
        let cs = parse(&t).claims;
        assert!(
            cs.iter()
                .any(|c| c.kind == Kind::FeeCollected && c.value == Some(v)),
            "{s}: {cs:?}"
        );
        assert_eq!(outcome(&t, "F02"), Outcome::Pass, "{s}");
        let t = with_cells(&t, &[("t3.new_received.total", "0")]);
        assert_eq!(outcome(&t, "F02"), Outcome::Fail, "{s}");
    }
}

// ---------------------------------------------------------------------------
// N01: no application received.

const NO_APPLICATION: &[&str] = &[
    "全年未收到政府信息公开申请。",
    "全年没有收到政府信息公开申请。",
    "本年度尚未收到政府信息公开申请。",
    "本年度未收到任何政府信息公开申请。",
    "本年度未接收到政府信息公开申请。",
    "全年无政府信息公开申请。",
    "本年度暂无政府信息公开申请。",
    "本年度没有政府信息公开申请。",
    "本年度没有依申请公开事项。",
    "本年度无任何依申请公开事项。",
    "本年度未有政府信息公开申请。",
];

#[test]
fn n01_every_no_application_wording() {
    for s in NO_APPLICATION {
        let t = replace(CLEAN_2021, APPLY_21, s);
        let n = kinds(&t)
            .iter()
            .filter(|k| **k == Kind::NoApplications)
            .count();
        assert_eq!(n, 1, "{s}: {:?}", kinds(&t));
        assert_eq!(outcome(&t, "N01"), Outcome::Fail, "{s}");
        let t = with_cells(&t, &[("t3.new_received.total", "0")]);
        assert_eq!(outcome(&t, "N01"), Outcome::Pass, "{s}");
    }
}

#[test]
fn n01_pass_negations_about_something_else() {
    for s in [
        "全年无政府信息公开申请人投诉。",
        "全年无依申请公开被纠错情况。",
        "本年度无行政复议申请。",
        "本年度没有申请人提出异议。",
        "本年度无法提供政府信息公开申请所需材料的情况较少。",
    ] {
        let t = replace(CLEAN_2021, APPLY_21, s);
        assert!(!has_kind(&t, &Kind::NoApplications), "{s}: {:?}", kinds(&t));
        assert_eq!(outcome(&t, "N01"), Outcome::Pass, "{s}");
    }
}

// ---------------------------------------------------------------------------
// N07: no reconsideration or litigation.

const BOTH: Kind = Kind::NoReviewLitigation {
    review: true,
    litigation: true,
};

const NO_REVIEW: &[&str] = &[
    "2023年，我局没有发生政府信息公开行政复议、行政诉讼情况。",
    "2023年，我局没有因政府信息公开被申请行政复议、提起行政诉讼的情况。",
    "2023年，我局无政府信息公开行政复议、行政诉讼案件。",
    "2023年，我局无因政府信息公开引起的行政复议、行政诉讼。",
    "2023年，我局暂无政府信息公开行政复议、行政诉讼案件。",
    "2023年，我局未产生政府信息公开行政复议、行政诉讼案件。",
    "2023年，我局未有因政府信息公开引发的行政复议、行政诉讼。",
    "2023年，我局未收到政府信息公开行政复议申请和行政诉讼。",
    "2023年，我局未涉及政府信息公开行政复议、行政诉讼。",
    "2023年，我局没有被申请行政复议或提起行政诉讼的情况。",
];

#[test]
fn n07_every_no_review_wording() {
    for s in NO_REVIEW {
        let t = replace(CLEAN_2021, NO_REVIEW_21, s);
        let n = kinds(&t).iter().filter(|k| **k == BOTH).count();
        assert_eq!(n, 1, "{s}: {:?}", kinds(&t));
        assert_eq!(outcome(&t, "N07"), Outcome::Pass, "{s}");
        let t = with_cells(&t, &[("t4.review.upheld", "1"), ("t4.review.total", "1")]);
        assert_eq!(outcome(&t, "N07"), Outcome::Fail, "{s}");
    }
}

#[test]
fn n07_no_claim_from_case_outcomes() {
    for s in [
        "2023年，我局发生行政复议1件，没有被复议机关纠错。",
        "2023年，我局无行政复议被纠错情况。",
        "2023年，我局未发生行政诉讼败诉情况。",
        "2023年，我局无关于行政复议的其他事项。",
    ] {
        let t = replace(CLEAN_2021, NO_REVIEW_21, s);
        assert!(
            !kinds(&t)
                .iter()
                .any(|k| matches!(k, Kind::NoReviewLitigation { .. })),
            "{s}: {:?}",
            kinds(&t)
        );
    }
}
