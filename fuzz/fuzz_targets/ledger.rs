//! Any bytes given as a proposal list (.xlsx) end in rows or a Chinese error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tian_import::read_ledger(data, &[], Some("十三届五次"));
});
