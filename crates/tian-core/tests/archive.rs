//! 档案移交: a session's archive, signed by the committee's key, checked
//! with nothing but itself; and every way a file in it can be added,
//! changed, dropped or re-signed found and named.

use std::io::{Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use tian_core::domain::{AnswerClass, Assignment, UnitAssignment, UnitRole};
use tian_core::{ReplyInput, Role, Tian};

mod exchange_support;
use exchange_support::{answer, EDU};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// The committee's workspace with 0069 answered, a scan attached.
fn handled(dir: &Path) -> Tian {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    tian.set_today(d(12, 1));
    tian.init_identity(Role::Committee, "市政协提案委员会").unwrap();
    let id = tian.resolve("0069", None).unwrap();
    let lead = UnitAssignment { unit: EDU.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    tian.assign(&id, Assignment { date: d(3, 2), units: vec![lead], mode: Default::default() }).unwrap();
    let scan = dir.join("扫描件.pdf");
    std::fs::write(&scan, b"%PDF-1.4 scanned letter").unwrap();
    let reply = ReplyInput { attachments: vec![scan], ..answer(EDU, AnswerClass::A, d(5, 20)) };
    tian.add_reply(&id, reply).unwrap();
    tian
}

/// The archive's entries, by name.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_owned(), bytes)
        })
        .collect()
}

/// The archive written again with `edit` applied to its entries.
fn rewritten(from: &Path, to: &Path, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) {
    let mut files = entries(from);
    edit(&mut files);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, bytes) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn an_archive_proves_itself_and_names_what_was_added_changed_or_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = handled(dir.path());
    let fingerprint = tian.identity().unwrap().fingerprint;
    let archive = dir.path().join("档案.zip");
    let made = tian.export_archive("十三届五次", &archive).unwrap();
    assert_eq!((made.proposals, made.fingerprint.as_str()), (13, fingerprint.as_str()));

    let names: Vec<String> = entries(&archive).into_iter().map(|(n, _)| n).collect();
    for expected in [
        "manifest.json",
        "manifest.sig",
        "index.html",
        "提案/0069/档案.json",
        "提案/0069/办理过程.csv",
        "提案/0069/复文1-答复.txt",
        "表格/提案.csv",
        "表格/办理复文.csv",
        "数字/统计.json",
        "报告/督办报告.pdf",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected} in {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("附件/") && n.len() == "附件/".len() + 64), "the scan, by its hash");

    // Checked with nothing but the archive (another workspace), and with the printed fingerprint.
    let reader = Tian::open(&dir.path().join("另一台电脑.db")).unwrap();
    let check = reader.verify_archive(&archive, Some(&fingerprint.to_lowercase().replace(' ', ""))).unwrap();
    assert!(check.intact && check.signature_valid, "{check:?}");
    assert_eq!((check.fingerprint_matches, check.files), (Some(true), made.files));

    // A letter rewritten, a file added, one dropped: each named.
    let tampered = dir.path().join("改过.zip");
    rewritten(&archive, &tampered, |files| {
        for (name, bytes) in files.iter_mut() {
            if name == "提案/0069/复文1-答复.txt" {
                *bytes = "市教育局\n已全部解决。".as_bytes().to_vec();
            }
        }
        files.retain(|(name, _)| name != "表格/退回.csv");
        files.push(("提案/0069/补充说明.txt".into(), b"added later".to_vec()));
    });
    let check = reader.verify_archive(&tampered, None).unwrap();
    assert!(!check.intact && check.signature_valid);
    assert_eq!(check.changed, ["提案/0069/复文1-答复.txt"]);
    assert_eq!(check.missing, ["表格/退回.csv"]);
    assert_eq!(check.added, ["提案/0069/补充说明.txt"]);

    // The manifest changed to match the new letter: the signature no longer holds.
    let forged = dir.path().join("改清单.zip");
    rewritten(&archive, &forged, |files| {
        let new_text = "市教育局\n已全部解决。".as_bytes().to_vec();
        let hash: String = {
            use sha2::Digest;
            sha2::Sha256::digest(&new_text).iter().map(|b| format!("{b:02x}")).collect()
        };
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&files.iter().find(|(n, _)| n == "manifest.json").unwrap().1).unwrap();
        for f in manifest["files"].as_array_mut().unwrap() {
            if f["path"] == "提案/0069/复文1-答复.txt" {
                f["sha256"] = hash.clone().into();
                f["bytes"] = new_text.len().into();
            }
        }
        for (name, bytes) in files.iter_mut() {
            if name == "提案/0069/复文1-答复.txt" {
                *bytes = new_text.clone();
            } else if name == "manifest.json" {
                *bytes = serde_json::to_vec_pretty(&manifest).unwrap();
            }
        }
    });
    let check = reader.verify_archive(&forged, None).unwrap();
    assert!(!check.intact && !check.signature_valid, "{check:?}");
    assert!(check.problems.iter().any(|p| p.contains("签名无效")), "{:?}", check.problems);

    // Re-signed whole with another key: intact in itself, but not the committee's.
    let mut other = Tian::open(&dir.path().join("冒充.db")).unwrap();
    other.set_today(d(12, 1));
    other.init_identity(Role::Committee, "冒充者").unwrap();
    let impostor = dir.path().join("冒充.zip");
    other.export_archive("十三届五次", &impostor).unwrap();
    let check = reader.verify_archive(&impostor, Some(&fingerprint)).unwrap();
    assert!(!check.intact && check.fingerprint_matches == Some(false), "{check:?}");

    // What some extractors show but a zip reader skips: a forged zip put in
    // front of the real one, or a comment after it, is refused whole.
    let mut front = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut front));
        zip.start_file("提案/0069/档案.json", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"{\"title\": \"forged\"}").unwrap();
        zip.finish().unwrap();
    }
    let in_front = dir.path().join("前置.zip");
    std::fs::write(&in_front, [front, std::fs::read(&archive).unwrap()].concat()).unwrap();
    let said = reader.verify_archive(&in_front, Some(&fingerprint)).unwrap_err().to_string();
    assert!(said.contains("zip 结构与本软件写出的不同"), "{said}");
    let commented = dir.path().join("注释.zip");
    let mut bytes = std::fs::read(&archive).unwrap();
    let at = bytes.len() - 2;
    bytes[at] = 5;
    bytes.extend_from_slice(b"hello");
    std::fs::write(&commented, bytes).unwrap();
    assert!(reader.verify_archive(&commented, None).is_err(), "a comment after the directory");

    // An entry named like a folder but holding data is added like any file;
    // an index.html that says something else is named.
    let folded = dir.path().join("夹带.zip");
    rewritten(&archive, &folded, |files| {
        files.push(("提案/0069/补充说明.txt/".into(), b"hidden".to_vec()));
        for (name, bytes) in files.iter_mut() {
            if name == "index.html" {
                *bytes = b"<h1>\xe7\xac\xac0069\xe5\x8f\xb7\xe5\xb7\xb2\xe6\x92\xa4\xe9\x94\x80</h1>".to_vec();
            }
        }
    });
    let check = reader.verify_archive(&folded, Some(&fingerprint)).unwrap();
    assert!(!check.intact && check.added == ["提案/0069/补充说明.txt/"], "{check:?}");
    assert!(check.problems.iter().any(|p| p.contains("index.html 与清单不符")), "{:?}", check.problems);

    // Not an archive: refused in words, nothing read as a path.
    let not_zip = dir.path().join("不是档案.zip");
    std::fs::write(&not_zip, b"plain text").unwrap();
    let said = reader.verify_archive(&not_zip, None).unwrap_err().to_string();
    assert!(said.contains("不是可以核验的档案"), "{said}");
}

#[test]
fn a_units_installation_hands_over_no_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut unit = Tian::open(&dir.path().join("tian.db")).unwrap();
    unit.init_identity(Role::Unit, EDU).unwrap();
    let out = dir.path().join("档案.zip");
    let said = unit.export_archive("十三届五次", &out).unwrap_err().to_string();
    assert!(said.contains("本机是承办单位"), "{said}");
    assert!(!out.exists());
}

/// The signing key kept in the workspace at `db`.
fn signing_key(db: &Path) -> tian_sync::SigningKey {
    let conn = rusqlite::Connection::open(db).unwrap();
    let hex: String = conn.query_row("SELECT value FROM meta WHERE key = 'signing_key'", [], |r| r.get(0)).unwrap();
    tian_sync::SigningKey::from_hex(&hex).unwrap()
}

#[test]
fn an_archive_keeps_each_answers_receipt_and_signature_which_not_even_the_committee_can_forge() {
    let dir = tempfile::tempdir().unwrap();
    let (mut committee, mut unit) = exchange_support::committee_and_unit(dir.path());
    let today = chrono::Local::now().date_naive();
    committee.set_today(today);
    unit.set_today(today);
    let id = committee.resolve("0069", None).unwrap();
    let lead = UnitAssignment { unit: EDU.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    let assigned = today - chrono::Days::new(60);
    committee.assign(&id, Assignment { date: assigned, units: vec![lead], mode: Default::default() }).unwrap();
    let (down, up) = (dir.path().join("down.tianpkg"), dir.path().join("up.tianpkg"));
    committee.export_package(Some(EDU), tian_core::ExportMode::Unacknowledged, &down).unwrap();
    unit.import_package(&down).unwrap();
    unit.add_reply(&id, answer(EDU, AnswerClass::B, today - chrono::Days::new(3))).unwrap();
    unit.export_package(None, tian_core::ExportMode::Unacknowledged, &up).unwrap();
    committee.import_package(&up).unwrap();

    let archive = dir.path().join("档案.zip");
    committee.export_archive("十三届五次", &archive).unwrap();
    let files = entries(&archive);
    let proof = files.iter().find(|(n, _)| n == "提案/0069/送达与签名.json").expect("the answer's proof kept");
    let proof: serde_json::Value = serde_json::from_slice(&proof.1).unwrap();
    assert_eq!(proof[0]["unit"], EDU);
    assert_eq!(
        (proof[0]["receipts"].as_array().unwrap().len(), proof[0]["statements"].as_array().unwrap().len()),
        (1, 1)
    );
    let table = files.iter().find(|(n, _)| n == "表格/办理复文.csv").expect("the table of replies");
    let table = String::from_utf8_lossy(&table.1);
    assert!(table.lines().next().unwrap().contains("送达,送达迟于答复日期"), "{table}");
    let row = table.lines().find(|l| l.contains(EDU)).unwrap();
    assert!(row.contains(&today.format("%Y年%-m月%-d日").to_string()) && row.ends_with(",否"), "{row}");
    let keys = files.iter().find(|(n, _)| n == "交换/密钥.json").expect("the units' keys listed");
    assert!(String::from_utf8_lossy(&keys.1).contains(EDU));
    let reader = Tian::open(&dir.path().join("档案室.db")).unwrap();
    let check = reader.verify_archive(&archive, None).unwrap();
    assert!(check.intact, "{check:?}");
    assert_eq!(check.proofs_checked, 1);

    // The committee replaces the unit's signature with one of its own
    // making and signs the whole archive again with its own key: every
    // hash and the archive's signature hold, the unit's signature does not.
    let key = signing_key(&dir.path().join("committee/tian.db"));
    let forged = dir.path().join("改签名.zip");
    rewritten(&archive, &forged, |files| {
        let at = files.iter().position(|(n, _)| n == "提案/0069/送达与签名.json").unwrap();
        let mut proof: serde_json::Value = serde_json::from_slice(&files[at].1).unwrap();
        let statement = &mut proof[0]["statements"][0];
        let body = statement["body"].as_str().unwrap().replace("\"B\"", "\"A\"");
        statement["signature"] = serde_json::json!(key.sign(body.as_bytes()));
        statement["body"] = serde_json::json!(body);
        files[at].1 = serde_json::to_vec_pretty(&proof).unwrap();
        let m = files.iter().position(|(n, _)| n == "manifest.json").unwrap();
        let mut manifest: serde_json::Value = serde_json::from_slice(&files[m].1).unwrap();
        for f in manifest["files"].as_array_mut().unwrap() {
            if f["path"] == "提案/0069/送达与签名.json" {
                let bytes = &files[at].1;
                let digest = <sha2::Sha256 as sha2::Digest>::digest(bytes);
                f["sha256"] = serde_json::json!(digest.iter().map(|b| format!("{b:02x}")).collect::<String>());
                f["bytes"] = serde_json::json!(bytes.len());
            }
        }
        files[m].1 = serde_json::to_vec_pretty(&manifest).unwrap();
        let s = files.iter().position(|(n, _)| n == "manifest.sig").unwrap();
        files[s].1 = key.sign(&files[m].1).into_bytes();
        files.retain(|(n, _)| n != "index.html");
    });
    let check = reader.verify_archive(&forged, None).unwrap();
    assert!(check.signature_valid && check.changed.is_empty(), "{check:?}");
    assert!(!check.intact, "{check:?}");
    assert!(check.problems.iter().any(|p| p.contains("市教育局的答复签名无效")), "{:?}", check.problems);
}
