//! Any bytes given to the announcement importer end in proposals or a Chinese
//! error, never a panic; an error always names a line inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match tian_import::parse_announcement(data) {
        Ok(announcement) => assert!(!announcement.proposals.is_empty()),
        Err(tian_import::ImportError::Malformed { line, .. }) => {
            let lines = String::from_utf8_lossy(data).split(['\n', '\r']).count().max(1);
            assert!(line >= 1 && line <= lines + 1, "line {line} of {lines}");
        }
        Err(_) => {}
    }
});
