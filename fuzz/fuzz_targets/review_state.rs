#![no_main]
//! Bytes → review state (TOML) → merge → save → load: the same state.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = nianbao::fuzzing::review_state(data);
});
