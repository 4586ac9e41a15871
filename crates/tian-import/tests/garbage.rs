//! Damaged files in every way a transfer or an editor can damage them: the
//! importer answers each with proposals or a Chinese error naming a line in
//! the file, and never panics. (`scripts/fuzz.sh` runs the same check under
//! libFuzzer for as long as you like; this keeps it in every test run.)

use proptest::prelude::*;
use tian_import::{parse_announcement, ImportError};

const SEED: &[u8] = include_bytes!("../../../assets/default-data/key-proposals-13-5.txt");

#[derive(Debug, Clone)]
enum Damage {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    let at = 0..SEED.len();
    prop_oneof![
        at.clone().prop_map(Damage::Truncate),
        (at.clone(), any::<u8>()).prop_map(|(i, b)| Damage::Flip(i, b)),
        (at.clone(), prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(i, b)| Damage::Insert(i, b)),
        (at, 1..400usize).prop_map(|(i, n)| Damage::Delete(i, n)),
    ]
}

fn check(bytes: &[u8]) {
    match parse_announcement(bytes) {
        Ok(a) => assert!(!a.proposals.is_empty() && a.proposals.iter().all(|p| p.number.len() >= 4)),
        Err(e @ ImportError::Malformed { line, .. }) => {
            let lines = String::from_utf8_lossy(bytes).split(['\n', '\r']).count().max(1);
            assert!((1..=lines + 1).contains(&line), "{e} (the file has {lines} lines)");
            assert!(e.to_string().starts_with(&format!("第{line}行：")));
        }
        Err(_) => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn a_damaged_announcement_never_crashes_the_importer(damages in prop::collection::vec(damage(), 1..6)) {
        let mut bytes = SEED.to_vec();
        for d in damages {
            match d {
                Damage::Truncate(n) => bytes.truncate(n.min(bytes.len())),
                Damage::Flip(i, b) => if let Some(x) = bytes.get_mut(i) { *x = b },
                Damage::Insert(i, b) => { let i = i.min(bytes.len()); bytes.splice(i..i, b); }
                Damage::Delete(i, n) => { let i = i.min(bytes.len()); let end = (i + n).min(bytes.len()); bytes.drain(i..end); }
            }
        }
        check(&bytes);
    }

    #[test]
    fn random_bytes_never_crash_the_importer(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }
}

/// A workbook found by fuzzing whose cells name shared strings it does not
/// have: the spreadsheet library panics on it, the reader refuses it.
#[test]
fn a_workbook_that_crashes_the_spreadsheet_library_is_refused_in_chinese() {
    let bytes = include_bytes!("fixtures/damaged-shared-strings.xlsx");
    let err = tian_import::read_ledger(bytes, &[], Some("十三届五次")).unwrap_err();
    assert!(matches!(err, ImportError::DamagedXlsx), "{err}");
    assert!(err.to_string().contains("已损坏"));
}
