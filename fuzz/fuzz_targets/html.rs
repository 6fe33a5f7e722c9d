#![no_main]
//! Fuzzed bytes as the table markup inside a fixed report page.
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: nianbao::fuzzing::strict_panics(),
    |data: &[u8]| {
        let _ = nianbao::fuzzing::html_table(data);
    }
);
