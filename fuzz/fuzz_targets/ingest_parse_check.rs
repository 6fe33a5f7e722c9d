#![no_main]
//! Arbitrary bytes → ingest → parse → rules (`nianbao check FILE`).
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: nianbao::fuzzing::strict_panics(),
    |data: &[u8]| {
        let _ = nianbao::fuzzing::ingest_parse_check(data);
    }
);
