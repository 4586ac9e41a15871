//! Any bytes given as a proposal list (.xlsx) end in rows or a Chinese error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The reader contains its spreadsheet library's panics (see
    // tian_import::read_ledger); libFuzzer's hook would abort on them before
    // they unwind, so the default hook is put back, as in the real program.
    static DEFAULT_HOOK: std::sync::Once = std::sync::Once::new();
    DEFAULT_HOOK.call_once(|| {
        let _ = std::panic::take_hook();
    });
    let _ = tian_import::read_ledger(data, &[], Some("十三届五次"));
});
