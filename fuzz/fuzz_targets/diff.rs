#![no_main]
//! Two texts (split at the first NUL byte) → the year-over-year diff.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    nianbao::fuzzing::diff(data);
});
