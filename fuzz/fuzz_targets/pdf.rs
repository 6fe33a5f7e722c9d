#![no_main]
//! The built-in PDF reader on mutated PDFs.
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: nianbao::fuzzing::strict_panics(),
    |data: &[u8]| {
        let _ = nianbao::fuzzing::pdf(data);
    }
);
