//! Diff speed: two consecutive reports of one agency, and two unrelated
//! 1 MB texts (the bound that keeps the workbench responsive).
//!
//! `cargo bench --bench diff`. The reports are generated here from a
//! template (PDF-extracted text: prose wrapped at 38 characters, tables as
//! spaced numbers), so the bench runs without the shared corpus. Targets:
//! ≤ 2 ms for the pair, ≤ 500 ms for the unrelated texts.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::compare::diff::{DiffOptions, diff_reports, diff_texts};
use nianbao::model::Report;

/// Wrap prose at `width` characters, as PDF text extraction does.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        let chars: Vec<char> = para.chars().collect();
        for line in chars.chunks(width) {
            out.extend(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// A report of `year`; `k` varies the numbers and a few paragraphs.
fn report(year: i32, k: i64) -> String {
    let received = 40 + k * 7;
    let s1 = format!(
        "{year} 年，本局坚持以公开为常态、不公开为例外，围绕市委、市政府中心工作，全面推进决策、执行、管理、服务、结果公开，政务公开工作取得新成效。\n\n\
         在主动公开方面，按月梳理应公开事项，全年编发公开信息 {} 条，重要政策文件的解读材料与文件一并审核、一并发布，未出现应公开而未公开的情况。\n\n\
         依申请公开方面，畅通网上申请、信函申请和当面申请等渠道，严格按照登记、审核、办理、答复的流程办理。{year} 年共受理政府信息公开申请 {received} 件，均已在法定期限内办结。\n\n\
         {}\n\n\
         平台建设方面，推进公开平台集约化建设，将各类公开信息统一归集到政府门户网站发布，做到内容统一、入口统一，全年网站访问量 {} 万人次。\n\n\
         监督保障方面，建立政务公开工作自查机制，每季度开展一次自查，对发现的问题建立清单、限期整改，全年开展业务培训 {} 次。",
        200 + k * 31,
        if k % 2 == 0 {
            "政府信息管理方面，加强政府信息的源头管理，在公文拟制环节同步确定公开方式，对不予公开的说明理由，做到有据可查。"
        } else {
            "政府信息管理方面，落实政府信息公开目录动态调整制度，明确信息收集、审签、上网、维护各环节的责任分工，保证公开信息准确、完整、及时。"
        },
        12 + k,
        3 + k,
    );
    let s5 = format!(
        "一是公开内容的全面性还有差距，部分领域信息更新不够及时；二是政策解读形式较为单一，图解、视频等解读占比不高。\n\n\
         下一步，本局将进一步完善公开目录，丰富政策解读形式，全年计划开展专题培训 {} 次，持续提升政务公开质量。",
        2 + k
    );
    let t3: String = nianbao::schema::schema(nianbao::schema::Template::T2021)
        .rows_of(nianbao::schema::TableId::T3)
        .map(|r| r.label)
        .enumerate()
        .map(|(i, l)| {
            let v = match i {
                0 => [received - 3, 2, 0, 0, 1, 0, received],
                2 | 23 => [received - 3, 2, 0, 0, 1, 0, received],
                _ => [0; 7],
            };
            let nums: Vec<String> = v.iter().map(i64::to_string).collect();
            format!("{l}\n{}\n\n", nums.join(" "))
        })
        .collect();
    format!(
        "某市人力资源和社会保障局{year}年政府信息公开工作年度报告\n\n\
         一、总体情况\n\n{}\
         二、主动公开政府信息情况\n\n\
         第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n\n规章 0 0 0\n\n行政规范性文件 {} 0 {}\n\n\
         第二十条第（五）项\n信息内容 本年处理决定数量\n\n行政许可 {}\n\n\
         第二十条第（六）项\n信息内容 本年处理决定数量\n\n行政处罚 {}\n\n行政强制 {}\n\n\
         第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n\n行政事业性收费 {}.{}\n\n\
         三、收到和处理政府信息公开申请情况\n\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\n申请人情况\n自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n\n{t3}\
         — 2 —\n\n\
         四、政府信息公开行政复议、行政诉讼情况\n\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n未经复议直接起诉 复议后起诉\n结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n{} 0 0 0 {} 0 0 0 0 0 0 0 0 0 0\n\n\
         五、存在的主要问题及改进情况\n\n{}\
         六、其他需要报告的事项\n\n本年度未收取信息处理费。\n",
        wrap(&s1, 38),
        1 + k,
        8 + k,
        1200 + k * 13,
        160 + k,
        7 - k,
        432 + k,
        k,
        k,
        k,
        wrap(&s5, 38),
    )
}

fn parse(text: &str) -> Report {
    nianbao::parse::parse(nianbao::ingest::ingest(text.as_bytes()).unwrap())
}

/// About `n` bytes of Han text from a small generator, over the code points
/// `from..from + 3000`, in wrapped paragraphs.
fn unrelated(seed: u64, n: usize, from: u32) -> String {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::with_capacity(n + 64);
    while out.len() < n {
        let mut para = String::new();
        for _ in 0..1 + next() % 6 {
            for _ in 0..10 + next() % 50 {
                para.push(char::from_u32(from + (next() % 3000) as u32).unwrap());
            }
            para.push('。');
        }
        out.push_str(&wrap(&para, 38));
    }
    out
}

fn bench(c: &mut Criterion) {
    let a = parse(&report(2023, 1));
    let b = parse(&report(2024, 2));
    let opts = DiffOptions::default();
    // The generated pair is what it claims to be.
    let d = diff_reports(&a, &b, &opts);
    let rows = d
        .sections
        .iter()
        .flat_map(|s| &s.rows)
        .filter(|r| r.is_change())
        .count();
    let cells = d.tables.changed().count();
    eprintln!("pair: {rows} changed paragraphs, {cells} changed cells");
    assert!(rows >= 8 && cells >= 10 && !d.approximate());
    c.bench_function("diff/consecutive reports", |bch| {
        bch.iter(|| diff_reports(black_box(&a), black_box(&b), &opts))
    });

    let ta = unrelated(1, 1 << 20, 0x4E00);
    let tb = unrelated(2, 1 << 20, 0x6000);
    let mut g = c.benchmark_group("diff");
    g.sample_size(10);
    g.bench_function("unrelated 1 MB texts", |bch| {
        bch.iter(|| diff_texts(black_box(&ta), black_box(&tb), &opts))
    });
    // The same megabyte with every 20th paragraph edited: thousands of small
    // hunks, each refined inline until the budget is spent.
    let edited: String = ta
        .split("\n\n")
        .enumerate()
        .map(|(i, p)| {
            if i % 20 == 7 {
                p.replacen('。', "，另有2024年新增事项。", 1)
            } else {
                p.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    g.bench_function("edited 1 MB text", |bch| {
        bch.iter(|| diff_texts(black_box(&ta), black_box(&edited), &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
