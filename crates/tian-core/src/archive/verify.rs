//! 档案核验: an archive checked with nothing but itself: the manifest's
//! signature by the key it names (whose fingerprint the reader compares
//! with the one printed when the archive was handed over), and every file's
//! SHA-256 against the manifest. A file is read only as far as the manifest
//! says it is long, and no name in the zip ever becomes a path.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{Manifest, FORMAT, INDEX, MANIFEST, SIGNATURE};
use crate::{CoreError, Result, Tian};

/// The most a manifest may take: far more than a term's files list.
const MOST_MANIFEST: u64 = 64 << 20;
/// The most files an archive may hold: a term's sessions hold a few thousand.
const MOST_FILES: usize = 200_000;
/// The end-of-directory record, as the archive's last 22 bytes when it has no comment.
const END_OF_DIRECTORY: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
/// What a zip laid out otherwise than Tian writes one is told.
const NOT_AS_WRITTEN: &str = "档案的 zip 结构与本软件写出的不同（前面或中间夹带数据、同名或重叠的条目、附加注释）：其中可能藏有清单之外、解压软件会显示的内容。";

/// Before the zip is parsed: the directory's end stands at the very end
/// (no comment, nothing appended) and names no more entries than an
/// archive holds, so a forged directory costs nothing to refuse.
fn ending_problem(file: &mut std::fs::File) -> std::io::Result<Option<&'static str>> {
    use std::io::{Seek, SeekFrom};
    let len = file.metadata()?.len();
    if len < 22 {
        return Ok(Some("文件过短"));
    }
    file.seek(SeekFrom::Start(len - 22))?;
    let mut end = [0u8; 22];
    file.read_exact(&mut end)?;
    file.seek(SeekFrom::Start(0))?;
    if end[..4] != END_OF_DIRECTORY {
        return Ok(Some(NOT_AS_WRITTEN));
    }
    let entries = u16::from_le_bytes([end[10], end[11]]);
    Ok((entries != u16::MAX && entries as usize > MOST_FILES).then_some("文件过多"))
}

/// The zip as Tian writes it: entries one after another from its first
/// byte, each name once, the directory right after the last, no comment.
/// A zip reader sees only the entries its directory points to; an entry
/// hidden before, between or under another (or a second entry of one
/// name, of which the reader keeps the last) would be checked by no one
/// but shown by some extractors.
fn layout_problem(zip: &mut zip::ZipArchive<std::fs::File>) -> Option<&'static str> {
    if zip.offset() != 0 || !zip.comment().is_empty() || zip.zip64_comment().is_some() {
        return Some(NOT_AS_WRITTEN);
    }
    let mut spans = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else { return Some(NOT_AS_WRITTEN) };
        spans.push((entry.header_start(), entry.data_start().saturating_add(entry.compressed_size())));
    }
    spans.sort_unstable();
    let mut at = 0;
    for (start, end) in spans {
        if start != at {
            return Some(NOT_AS_WRITTEN);
        }
        at = end;
    }
    (at != zip.central_directory_start()).then_some(NOT_AS_WRITTEN)
}

/// 核验结果.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveCheck {
    /// Nothing added, changed or missing, and the signature holds.
    pub intact: bool,
    pub session: String,
    pub issuer: String,
    #[ts(optional)]
    pub made_on: Option<NaiveDate>,
    /// 公钥指纹 of the key that signed, computed from the key itself.
    pub fingerprint: String,
    /// Whether it is the fingerprint the reader gave; `None` when none was given.
    #[ts(optional)]
    pub fingerprint_matches: Option<bool>,
    pub signature_valid: bool,
    /// Files the manifest lists.
    pub files: u32,
    /// 被修改, 缺少, 多出.
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub added: Vec<String>,
    /// 送达与签名: answers whose committee receipts and unit signatures
    /// were checked, each with the key it names.
    pub proofs_checked: u32,
    /// What is wrong, in sentences; empty when intact.
    pub problems: Vec<String>,
}

fn unreadable(path: &Path, why: impl std::fmt::Display) -> CoreError {
    CoreError::Invalid(format!("“{}”不是可以核验的档案：{why}", path.display()))
}

/// The SHA-256 of an entry, read no further than `most` bytes (and one more
/// to tell that it is longer).
fn digest_of(entry: &mut impl Read, most: u64) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut limited = entry.take(most + 1);
    let mut buf = vec![0u8; 1 << 16];
    let mut read = 0u64;
    loop {
        let n = limited.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        read += n as u64;
    }
    let hex = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((hex, read))
}

/// “7F3A9C21…” however it was typed: spaces and case aside.
fn plain(fingerprint: &str) -> String {
    fingerprint.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

impl Tian {
    /// 核验档案 at `path`; `fingerprint` is the one printed when it was handed over, if the reader has it.
    pub fn verify_archive(&self, path: &Path, fingerprint: Option<&str>) -> Result<ArchiveCheck> {
        let mut file = crate::workspace::files::open_picked(path)?;
        if let Some(why) =
            ending_problem(&mut file).map_err(|source| CoreError::ReadFile { path: path.to_owned(), source })?
        {
            return Err(unreadable(path, why));
        }
        let mut zip = zip::ZipArchive::new(file).map_err(|e| unreadable(path, format!("不是 zip 文件（{e}）")))?;
        if zip.len() > MOST_FILES {
            return Err(unreadable(path, "文件过多"));
        }
        if let Some(why) = layout_problem(&mut zip) {
            return Err(unreadable(path, why));
        }
        let mut small = |name: &str, most: u64| -> Result<Option<Vec<u8>>> {
            let Ok(entry) = zip.by_name(name) else { return Ok(None) };
            let mut bytes = Vec::new();
            entry.take(most + 1).read_to_end(&mut bytes).map_err(|e| unreadable(path, e))?;
            if bytes.len() as u64 > most {
                return Err(unreadable(path, format!("{name}过大")));
            }
            Ok(Some(bytes))
        };
        let manifest_bytes =
            small(MANIFEST, MOST_MANIFEST)?.ok_or_else(|| unreadable(path, "没有清单 manifest.json"))?;
        let signature = small(SIGNATURE, 1024)?.unwrap_or_default();
        let manifest: Manifest =
            serde_json::from_slice(&manifest_bytes).map_err(|_| unreadable(path, "清单 manifest.json 无法读取"))?;
        if manifest.format != FORMAT {
            return Err(unreadable(
                path,
                format!("清单的格式“{}”不是本软件所写", manifest.format.chars().take(40).collect::<String>()),
            ));
        }
        let mut problems = Vec::new();
        let key = tian_sync::PublicKey::from_hex(&manifest.public_key).ok();
        let signature_valid = key
            .as_ref()
            .is_some_and(|k| std::str::from_utf8(&signature).is_ok_and(|s| k.verifies(&manifest_bytes, s.trim())));
        let computed = key.as_ref().map(|k| k.fingerprint().grouped()).unwrap_or_default();
        if key.is_none() {
            problems.push("清单中的公钥无法读取。".to_owned());
        } else if !signature_valid {
            problems.push("清单的签名无效：清单在签名之后被改动过，或不是这把公钥签的。".to_owned());
        }
        if plain(&manifest.fingerprint) != plain(&computed) {
            problems.push(format!(
                "清单所写的指纹（{}）与其中的公钥不符。",
                manifest.fingerprint.chars().take(60).collect::<String>()
            ));
        }
        let fingerprint_matches = fingerprint.map(|given| plain(given) == plain(&computed));
        if fingerprint_matches == Some(false) {
            problems.push(format!("签名公钥的指纹是 {computed}，与给出的指纹不符：档案不是用移交时的密钥签名的。"));
        }
        let listed: std::collections::HashMap<&str, &super::ManifestFile> =
            manifest.files.iter().map(|f| (f.path.as_str(), f)).collect();
        if listed.len() != manifest.files.len() {
            problems.push("清单把同一个文件列了不止一次。".to_owned());
        }
        // index.html is made from the manifest: a page saying anything else was changed.
        let index_page = small(INDEX, MOST_MANIFEST * 4)?;
        if index_page.is_some_and(|page| page != super::index(&manifest)) {
            problems.push("index.html 与清单不符：它不是由这份清单生成的，请以清单和核验结果为准。".to_owned());
        }
        let mut changed = Vec::new();
        let mut added = Vec::new();
        let mut present = std::collections::HashSet::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).map_err(|e| unreadable(path, e))?;
            let name = entry.name().to_owned();
            // Tian writes no folders: an entry named like one is an entry like any other.
            if [MANIFEST, SIGNATURE, INDEX].contains(&name.as_str()) {
                continue;
            }
            match listed.get(name.as_str()) {
                None => added.push(name),
                Some(f) => {
                    present.insert(name.clone());
                    let same =
                        digest_of(&mut entry, f.bytes).is_ok_and(|(hex, read)| read == f.bytes && hex == f.sha256);
                    if !same {
                        changed.push(name);
                    }
                }
            }
        }
        let missing: Vec<String> =
            manifest.files.iter().filter(|f| !present.contains(&f.path)).map(|f| f.path.clone()).collect();
        // 送达与签名, where intact: each receipt the committee's key's, each
        // signature the unit's key's, as the archive's key list names them.
        let mut proofs_checked = 0u32;
        let sound = |name: &str| present.contains(name) && !changed.iter().any(|c| c == name);
        let mut read_listed = |name: &str| -> Option<Vec<u8>> {
            let most = listed.get(name)?.bytes.min(MOST_MANIFEST * 4);
            let mut bytes = Vec::new();
            zip.by_name(name).ok()?.take(most).read_to_end(&mut bytes).ok()?;
            Some(bytes)
        };
        let keys: Vec<super::KeptKey> = match sound(super::KEYS) {
            true => read_listed(super::KEYS).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default(),
            false => vec![],
        };
        let proof_files: Vec<String> = manifest
            .files
            .iter()
            .filter(|f| f.path.ends_with(&format!("/{}", super::PROOFS)) && sound(&f.path))
            .map(|f| f.path.clone())
            .collect();
        for name in proof_files {
            let proofs: Vec<crate::exchange::KeptProof> =
                read_listed(&name).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
            for proof in proofs {
                let unit_keys: Vec<&str> =
                    keys.iter().filter(|k| k.name == proof.unit).map(|k| k.public_key.as_str()).collect();
                match proof.problem(&manifest.public_key, &unit_keys) {
                    None => proofs_checked += 1,
                    Some(problem) => problems.push(format!("{name}：{problem}。")),
                }
            }
        }
        let list = |names: &[String]| {
            let shown: Vec<&str> = names.iter().take(20).map(String::as_str).collect();
            let more = if names.len() > 20 { format!("等{}个", names.len()) } else { String::new() };
            format!("{}{more}", shown.join("、"))
        };
        if !changed.is_empty() {
            problems.push(format!("与清单不符（被修改）：{}。", list(&changed)));
        }
        if !missing.is_empty() {
            problems.push(format!("清单所列而档案中缺少：{}。", list(&missing)));
        }
        if !added.is_empty() {
            problems.push(format!("清单之外多出：{}。", list(&added)));
        }
        Ok(ArchiveCheck {
            intact: problems.is_empty(),
            session: manifest.session,
            issuer: manifest.issuer,
            made_on: Some(manifest.made_on),
            fingerprint: computed,
            fingerprint_matches,
            signature_valid,
            files: manifest.files.len() as u32,
            changed,
            missing,
            added,
            proofs_checked,
            problems,
        })
    }
}
