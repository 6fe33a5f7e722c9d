//! No input makes the reader panic: mutated reports, random bytes, binary
//! files, control characters and escape sequences, huge and empty files.

use std::path::{Path, PathBuf};

use nianbao::batch;
use nianbao::rules::Selection;
use proptest::prelude::*;

/// Our own samples, and the seeds when `../shared` is present.
fn inputs() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("samples")];
    let seeds = root.join("../shared/seeds");
    if seeds.is_dir() {
        dirs.push(seeds);
    } else {
        eprintln!("note: ../shared/seeds not found; mutating samples/ only");
    }
    for d in dirs {
        let (files, _) = batch::collect(&[d]);
        for f in files {
            let b = std::fs::read(&f).unwrap();
            out.push((f, b));
        }
    }
    assert!(out.len() >= 6, "samples/ should hold at least six reports");
    out
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NASTY: &[&[u8]] = &[
    b"\x1b]0;pwned\x07",
    b"\x1b[2J\x1b[H",
    b"\x9b31m",
    b"\x00",
    b"\r",
    b"\t\t\t",
    "\u{202e}".as_bytes(),
    "—".as_bytes(),
    "（七）总计".as_bytes(),
    "四、政府信息公开行政复议、行政诉讼情况".as_bytes(),
    b"99999999999999999999999999",
    b"\xff\xfe",
    b"\xe4\xb8",
];

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut b = src.to_vec();
    for _ in 0..1 + rng.below(8) {
        if b.is_empty() {
            b.extend_from_slice(NASTY[rng.below(NASTY.len())]);
            continue;
        }
        let at = rng.below(b.len());
        match rng.below(6) {
            0 => b[at] = rng.next() as u8,
            1 => b.truncate(at),
            2 => {
                let n = NASTY[rng.below(NASTY.len())];
                b.splice(at..at, n.iter().copied());
            }
            3 => {
                let end = (at + rng.below(200)).min(b.len());
                b.drain(at..end);
            }
            4 => {
                // Duplicate a chunk (repeated rows, repeated headings).
                let end = (at + rng.below(400)).min(b.len());
                let chunk = b[at..end].to_vec();
                b.splice(at..at, chunk);
            }
            _ => {
                let digits: Vec<u8> = (0..rng.below(40))
                    .map(|_| b'0' + (rng.next() % 10) as u8)
                    .collect();
                b.splice(at..at, digits);
            }
        }
    }
    b
}

fn read(bytes: &[u8]) -> batch::Entry {
    batch::load_bytes(Path::new("x.txt"), bytes, &Selection::default())
}

/// No report text, once read, holds a control character other than \n and \t.
fn assert_clean(e: &batch::Entry) {
    if let Ok(r) = &e.report {
        assert!(
            !r.text()
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "control character survived ingest"
        );
    }
}

#[test]
fn mutated_reports_never_panic() {
    let inputs = inputs();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut read_ok = 0;
    for round in 0..600 {
        let (_, src) = &inputs[round % inputs.len()];
        let bytes = mutate(&mut rng, src);
        let e = read(&bytes);
        // `load_bytes` turns a panic into an error entry; a panic is a bug.
        if let Err(msg) = &e.report {
            assert!(
                !msg.contains("内部错误"),
                "reader panicked on a mutation (round {round})"
            );
        } else {
            read_ok += 1;
        }
        assert_clean(&e);
    }
    assert!(
        read_ok > 300,
        "most mutated reports should still read ({read_ok}/600)"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let e = read(&bytes);
        if let Err(msg) = &e.report {
            prop_assert!(!msg.contains("内部错误"));
        }
        assert_clean(&e);
    }

    #[test]
    fn random_text_in_report_shape_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("一、总体情况\n".to_string()),
                Just("三、收到和处理政府信息公开申请情况\n".to_string()),
                Just("（七）总计".to_string()),
                Just("\t".to_string()),
                Just(" | ".to_string()),
                Just("—".to_string()),
                "[0-9]{1,12}",
                "[\\u{4e00}-\\u{4e80}]{1,6}",
                Just("\x1b]0;x\x07".to_string()),
            ],
            0..120,
        )
    ) {
        let s: String = parts.concat();
        let e = read(s.as_bytes());
        if let Err(msg) = &e.report {
            prop_assert!(!msg.contains("内部错误"));
        }
        assert_clean(&e);
    }
}

#[test]
fn escape_sequences_are_neutralised_at_ingest() {
    let inputs = inputs();
    let (_, src) = &inputs[0];
    let mut b = b"\x1b]0;pwned\x07\x1b[31m".to_vec();
    b.extend_from_slice(src);
    let e = read(&b);
    let r = e.report.as_ref().expect("still a report");
    assert!(!r.text().contains('\x1b'));
    assert!(
        r.text().contains("\u{241b}]0;pwned\u{2407}"),
        "escape shown as visible symbols"
    );
}

#[test]
fn odd_inputs_get_clear_errors() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("whitespace", b"  \n\n\t ".to_vec()),
        ("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("nul", b"ab\0\0\0\0\0\0cdef".to_vec()),
        ("zip", b"PK\x03\x04garbage".to_vec()),
        (
            "not a report",
            "这是一段与年度报告无关的文字。".as_bytes().to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        let e = read(&bytes);
        assert!(e.report.is_err(), "{what} should be an error entry");
        assert!(!e.report.unwrap_err().is_empty());
    }
}

#[test]
fn huge_inputs_are_bounded() {
    // 20 MiB of text: refused with a sentence, not parsed into gigabytes.
    let big = "一、本年新收政府信息公开申请数量 1 2 3\n".repeat(20 << 20 >> 6);
    let e = read(big.as_bytes());
    assert!(e.report.as_ref().is_err_and(|m| m.contains("过长")));
    // A long run of glued digits inside a table cannot explode the split search.
    let digits = "9".repeat(5000);
    let text = format!(
        "某局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量{digits}\n"
    );
    let e = read(text.as_bytes());
    let r = e.report.expect("a report");
    let c = r.cell("t3.new_received.total").unwrap();
    assert_ne!(c.state, nianbao::model::CellState::Number);
}
