#![no_main]
//! Fuzzed bytes as word/document.xml inside a valid zip, through DOCX ingest.
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: nianbao::fuzzing::strict_panics(),
    |data: &[u8]| {
        let _ = nianbao::fuzzing::docx_document(data);
    }
);
