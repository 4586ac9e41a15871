//! Any bytes given as a reply's .docx end in text or a Chinese error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tian_import::docx_text(data);
});
