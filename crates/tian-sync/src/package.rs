//! 交换包 (.tianpkg): one file that carries changes from one installation to
//! another.
//!
//! A package is a zip archive of
//! - `manifest.json`: sender, recipient, the ranges of changes it covers, the
//!   sender's acknowledgement of what it holds from the recipient, counts, and
//!   the SHA-256 of every other part;
//! - `signature`: the sender's Ed25519 signature of the manifest's exact bytes;
//! - `operations.jsonl`: the operations, one JSON object a line;
//! - `attachments/<sha256>`: the files the operations' records refer to.
//!
//! [`ExchangePackage::to_bytes`] writes one; [`ExchangePackage::open`] reads
//! one back and checks, in this order, that it is a package at all, that its
//! signer is trusted, that the signature holds and that no part was altered.
//! Whether the package is for this installation, and whether its sender may
//! make the changes it carries, is the core's business.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tian_store::{NumberRange, RefusedOperation, SentOperation};
use ts_rs::TS;

use crate::identity::{hex, PublicKey, Role, SigningKey};
use crate::receipt::Signed;
use crate::SyncError;

const FORMAT: &str = "tianpkg/1";

/// A package file's extension.
pub const EXTENSION: &str = "tianpkg";
const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "signature";
const OPERATIONS: &str = "operations.jsonl";
const ATTACHMENTS: &str = "attachments/";
/// Limits checked before anything is read: no real exchange comes near them
/// (a term's changes are tens of MB, a scanned letter a few), and a hostile
/// file must not exhaust the clerk's PC.
/// A part bigger than this is not read into memory.
const MAX_PART: u64 = 256 << 20;
/// The package file itself.
pub const MAX_PACKAGE: u64 = 512 << 20;
/// All parts together, as read (decompressed).
const MAX_TOTAL: u64 = 1 << 30;
/// Files inside the zip.
const MAX_ENTRIES: usize = 20_000;
/// The manifest, which is parsed before the signature is checked.
const MAX_MANIFEST: u64 = 8 << 20;
/// Operations in one package: twenty times a unit's first package after a
/// five-year term (about 48,000), and held in memory while it is judged
/// (some 1 KB each), so a hostile package cannot take an office PC's memory.
const MAX_OPERATIONS: usize = 1_000_000;

/// One side of an exchange, as a package names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Party {
    pub role: Role,
    pub name: String,
}

/// 导出范围: what an export holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", content = "date")]
pub enum ExportMode {
    /// Everything the recipient has not yet acknowledged.
    #[serde(rename = "未确认")]
    Unacknowledged,
    /// Everything changed on or after a date, acknowledged or not.
    #[serde(rename = "自某日起")]
    Since(NaiveDate),
}

/// "Every operation of `origin` in scope with `after` < seq ≤ `through`."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OriginRange {
    pub origin: String,
    #[ts(type = "number")]
    pub after: i64,
    #[ts(type = "number")]
    pub through: i64,
}

/// 回执: what the sender holds from the recipient, so the recipient's next
/// package can leave it out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Acknowledgement {
    /// Per origin, every operation through this sequence number.
    #[ts(type = "Record<string, number>")]
    pub through: BTreeMap<String, i64>,
    /// Proposals held with their whole history.
    pub proposals: Vec<String>,
    /// The recipient's changes the sender refused (拒收), for the recipient
    /// to withdraw: covered by `through` all the same, they are never sent
    /// again. Absent from packages made before it was kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<RefusedOperation>,
    /// The numbers of the recipient's packages the sender has received, so
    /// the recipient knows which never arrived.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<NumberRange>,
    /// The numbers of the sender's own packages whose 回执 from the
    /// recipient it holds, so the recipient stops sending them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receipts: Vec<NumberRange>,
}

/// One file inside the package and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// Who sends a package to whom, and what it covers: what the sender decides,
/// as opposed to what sealing adds (id, time, key, parts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub sender: Party,
    pub recipient: Party,
    pub mode: ExportMode,
    /// The sessions (届次) the operations concern.
    pub sessions: Vec<String>,
    /// The ranges the package covers completely (empty for a `Since` export).
    pub ranges: Vec<OriginRange>,
    /// Proposals sent with their whole history.
    pub whole_proposals: Vec<String>,
    pub acknowledgement: Acknowledgement,
    /// 第N号: the sender's Nth package to this recipient; 0 in packages made
    /// before packages were numbered.
    #[serde(default)]
    pub number: u32,
    /// 答复签名: the sender's signature over each answer of its own the
    /// package carries (a unit's packages only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<Signed>,
    /// 回执: the sender's receipts for the recipient's packages it took in,
    /// until the recipient says it holds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receipts: Vec<Signed>,
}

/// 交换包清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// Unique per package: importing the same package twice is recognised.
    pub id: String,
    /// When the sender made it (its local time, RFC 3339).
    pub created_at: String,
    /// The sender's public key, hex; trusted only if the recipient already trusts it.
    pub sender_key: String,
    #[serde(flatten)]
    pub envelope: Envelope,
    pub operations: usize,
    pub parts: Vec<Part>,
}

/// A package's content, to be written, or as read and verified.
#[derive(Debug, Clone, PartialEq)]
pub struct ExchangePackage {
    pub manifest: Manifest,
    /// The key whose signature was verified (for a package being written,
    /// the key that sealed it). This, not the manifest's wording, says who
    /// sent it.
    pub signer: PublicKey,
    pub operations: Vec<SentOperation>,
    /// Attachment files by their SHA-256.
    pub attachments: BTreeMap<String, Vec<u8>>,
    /// SHA-256 of the manifest's exact bytes, which the signature covers:
    /// what a 回执 names the package by.
    pub manifest_sha256: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

impl ExchangePackage {
    /// Signs `envelope`, `operations` and `attachments` with `key` and lays
    /// them out as a .tianpkg file.
    pub fn seal(
        envelope: Envelope,
        operations: Vec<SentOperation>,
        attachments: BTreeMap<String, Vec<u8>>,
        key: &SigningKey,
        created_at: String,
    ) -> Result<(ExchangePackage, Vec<u8>), SyncError> {
        let mut ops_text = String::new();
        for op in &operations {
            ops_text.push_str(&serde_json::to_string(op).map_err(|e| SyncError::Write(e.to_string()))?);
            ops_text.push('\n');
        }
        let mut parts = vec![Part {
            name: OPERATIONS.into(),
            sha256: sha256_hex(ops_text.as_bytes()),
            size: ops_text.len() as u64,
        }];
        for (sha, bytes) in &attachments {
            parts.push(Part {
                name: format!("{ATTACHMENTS}{sha}"),
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
            });
        }
        let manifest = Manifest {
            format: FORMAT.into(),
            id: uuid::Uuid::new_v4().simple().to_string(),
            created_at,
            sender_key: key.public().to_hex(),
            envelope,
            operations: operations.len(),
            parts,
        };
        let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| SyncError::Write(e.to_string()))?;
        let signature = key.sign(&manifest_bytes);

        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut add = |name: &str, bytes: &[u8]| -> Result<(), SyncError> {
            zip.start_file(name, options).map_err(|e| SyncError::Write(e.to_string()))?;
            zip.write_all(bytes).map_err(|e| SyncError::Write(e.to_string()))
        };
        add(MANIFEST, &manifest_bytes)?;
        add(SIGNATURE, signature.as_bytes())?;
        add(OPERATIONS, ops_text.as_bytes())?;
        for (sha, bytes) in &attachments {
            add(&format!("{ATTACHMENTS}{sha}"), bytes)?;
        }
        let bytes = zip.finish().map_err(|e| SyncError::Write(e.to_string()))?.into_inner();
        let manifest_sha256 = sha256_hex(&manifest_bytes);
        let package = ExchangePackage { manifest, operations, attachments, signer: key.public(), manifest_sha256 };
        Ok((package, bytes))
    }

    /// Reads a package and checks it: a package at all, within the limits,
    /// signed by a key that `standing` says is trusted, the signature valid
    /// and every part as signed. Nothing else is judged here.
    pub fn open(bytes: &[u8], standing: impl Fn(&PublicKey) -> KeyStanding) -> Result<ExchangePackage, SyncError> {
        if bytes.len() as u64 > MAX_PACKAGE {
            return Err(SyncError::TooLarge);
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
            zip::result::ZipError::InvalidArchive(_) if bytes.starts_with(b"PK") => SyncError::Truncated,
            _ if bytes.starts_with(b"PK") => SyncError::Truncated,
            _ => SyncError::NotAPackage,
        })?;
        if archive.len() > MAX_ENTRIES {
            return Err(SyncError::TooLarge);
        }
        let mut total = 0u64;
        let mut read = |name: &str, limit: u64| -> Result<Option<Vec<u8>>, SyncError> {
            let mut file = match archive.by_name(name) {
                Ok(file) => file,
                Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                Err(_) => return Err(SyncError::Truncated),
            };
            let limit = limit.min(MAX_TOTAL - total);
            if file.size() > limit {
                return Err(SyncError::TooLarge);
            }
            // The size a zip entry declares is the sender's word: read no more
            // than the limit, and do not reserve memory on its say-so.
            let mut out = Vec::new();
            (&mut file).take(limit + 1).read_to_end(&mut out).map_err(|_| SyncError::Truncated)?;
            if out.len() as u64 > limit {
                return Err(SyncError::TooLarge);
            }
            total += out.len() as u64;
            Ok(Some(out))
        };
        let manifest_bytes = read(MANIFEST, MAX_MANIFEST)?.ok_or(SyncError::NotAPackage)?;
        let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
            .map_err(|e| SyncError::Malformed(format!("清单第{}行", e.line())))?;
        if manifest.format != FORMAT {
            return Err(SyncError::UnknownFormat(manifest.format.chars().take(40).collect()));
        }
        let id_ok = !manifest.id.is_empty()
            && manifest.id.len() <= 64
            && manifest.id.bytes().all(|b| b.is_ascii_alphanumeric());
        if !id_ok || manifest.created_at.chars().count() > 64 {
            return Err(SyncError::Malformed("清单中的包编号或时间".into()));
        }
        let signer = PublicKey::from_hex(&manifest.sender_key)
            .map_err(|_| SyncError::BadSignature { sender: manifest.envelope.sender.name.clone() })?;
        match standing(&signer) {
            KeyStanding::Trusted => {}
            KeyStanding::Unknown => {
                return Err(SyncError::UnknownSigner {
                    sender: manifest.envelope.sender.name.clone(),
                    fingerprint: signer.fingerprint().grouped(),
                })
            }
            KeyStanding::Revoked(name) => {
                return Err(SyncError::RevokedSigner { name, fingerprint: signer.fingerprint().grouped() })
            }
        }
        let bad_signature = || SyncError::BadSignature { sender: manifest.envelope.sender.name.clone() };
        let signature = match read(SIGNATURE, 1024) {
            Ok(Some(signature)) => signature,
            Ok(None) | Err(SyncError::TooLarge) => return Err(bad_signature()),
            Err(other) => return Err(other),
        };
        if !signer.verifies(&manifest_bytes, &String::from_utf8_lossy(&signature)) {
            return Err(SyncError::BadSignature { sender: manifest.envelope.sender.name.clone() });
        }

        if manifest.parts.len() > MAX_ENTRIES || manifest.operations > MAX_OPERATIONS {
            return Err(SyncError::TooLarge);
        }
        let mut operations = Vec::new();
        let mut attachments = BTreeMap::new();
        for part in &manifest.parts {
            // Only the operations and attachments named by their own hash:
            // a part's name is never taken as a path.
            let known = part.name == OPERATIONS
                || part.name.strip_prefix(ATTACHMENTS).is_some_and(tian_store::fields::is_sha256);
            if !known {
                return Err(SyncError::Unsigned(part.name.chars().take(80).collect()));
            }
            let bytes = read(&part.name, MAX_PART)?.ok_or_else(|| SyncError::MissingPart(part.name.clone()))?;
            if bytes.len() as u64 != part.size || sha256_hex(&bytes) != part.sha256 {
                return Err(SyncError::Altered(part.name.clone()));
            }
            if part.name == OPERATIONS {
                // Counted before anything is parsed: a signed manifest that
                // understates the count would otherwise have the whole part
                // parsed, past the cap, before the counts are compared.
                let lines = bytes.split(|b| *b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
                if lines != manifest.operations {
                    return Err(SyncError::Malformed(format!(
                        "清单说有{}项修改，修改记录却有{lines}行",
                        manifest.operations
                    )));
                }
                operations = parse_operations(&bytes)?;
            } else if let Some(sha) = part.name.strip_prefix(ATTACHMENTS) {
                // The hash the records refer to must be the file's own.
                if sha != part.sha256 {
                    return Err(SyncError::Altered(part.name.clone()));
                }
                attachments.insert(sha.to_owned(), bytes);
            }
        }
        let listed: Vec<&str> = manifest.parts.iter().map(|p| p.name.as_str()).collect();
        for name in archive.file_names() {
            if name != MANIFEST && name != SIGNATURE && !listed.contains(&name) {
                return Err(SyncError::Unsigned(name.to_owned()));
            }
        }
        if operations.len() != manifest.operations {
            return Err(SyncError::Altered(OPERATIONS.into()));
        }
        Ok(ExchangePackage { manifest, operations, attachments, signer, manifest_sha256: sha256_hex(&manifest_bytes) })
    }
}

/// What the recipient knows of the key a package is signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStanding {
    Trusted,
    /// Once trusted for the peer so named, then revoked.
    Revoked(String),
    Unknown,
}

/// The operations as signed; a line that is not one is the sender's fault,
/// not damage on the way (the part's hash matched).
///
/// The lines are independent, so a large package's are parsed in as many
/// pieces as the PC has cores, at most four: on an office PC's two, this
/// halves the longest step of opening it. A week's package of a few changes
/// is parsed here: a thread costs more than its lines.
fn parse_operations(bytes: &[u8]) -> Result<Vec<SentOperation>, SyncError> {
    /// Below this many bytes of operations (some hundred), one piece.
    const WORTH_A_THREAD: usize = 256 * 1024;
    // Reading the core count asks the cgroup files each time.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let text = std::str::from_utf8(bytes).map_err(|_| SyncError::Malformed("修改记录不是 UTF-8 文本".into()))?;
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()).min(4));
    let pieces = split_at_lines(text, if text.len() < WORTH_A_THREAD { 1 } else { cores });
    let Some((&(_, first), rest)) = pieces.split_first() else { return Ok(Vec::new()) };
    let (own, others): (_, Vec<_>) = std::thread::scope(|scope| {
        // Where no thread can be had, a piece is parsed here, in turn.
        let parsing: Vec<_> = rest
            .iter()
            .map(|&(first_line, piece)| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || parse_lines(piece, first_line))
                    .map_err(|_| parse_lines(piece, first_line))
            })
            .collect();
        // The first piece on this thread meanwhile: its memory is at hand.
        let own = parse_lines(first, 0);
        (
            own,
            parsing
                .into_iter()
                .map(|parsing| match parsing {
                    Ok(thread) => thread.join().unwrap_or_else(|_| Err(SyncError::Malformed("修改记录".into()))),
                    Err(parsed_here) => parsed_here,
                })
                .collect(),
        )
    });
    let mut operations = own?;
    for piece in others {
        operations.extend(piece?);
    }
    Ok(operations)
}

/// `text` cut at line ends into at most `pieces` pieces of about the same
/// size, each with the number of lines before it.
fn split_at_lines(text: &str, pieces: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(pieces);
    let (mut rest, mut lines_before) = (text, 0);
    for left in (1..=pieces.max(1)).rev() {
        let cut = if left == 1 {
            rest.len()
        } else {
            // The end of the line the even share ends in.
            let share = rest.len() / left;
            rest.as_bytes()[share..].iter().position(|&b| b == b'\n').map_or(rest.len(), |at| share + at + 1)
        };
        let (piece, after) = rest.split_at(cut);
        out.push((lines_before, piece));
        lines_before += piece.matches('\n').count();
        rest = after;
        if rest.is_empty() {
            break;
        }
    }
    out
}

fn parse_lines(piece: &str, first_line: usize) -> Result<Vec<SentOperation>, SyncError> {
    piece
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).map_err(|_| SyncError::Malformed(format!("修改记录第{}行", first_line + n + 1)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tian_store::Hlc;

    fn op(seq: i64) -> SentOperation {
        SentOperation {
            origin: "a1".into(),
            origin_seq: seq,
            hlc: Hlc { wall_ms: 1_700_000_000_000 + seq, counter: 0 },
            entity: "contact".into(),
            entity_id: "c1".into(),
            field: "content".into(),
            value: serde_json::json!("电话沟通"),
            prev_value: None,
            actor: "王五".into(),
            batch: 1,
            action: "记录沟通".into(),
            base: vec![],
            via: None,
        }
    }

    fn envelope() -> Envelope {
        Envelope {
            sender: Party { role: Role::Unit, name: "市教育局".into() },
            recipient: Party { role: Role::Committee, name: "市政协提案委员会".into() },
            mode: ExportMode::Unacknowledged,
            sessions: vec!["十三届五次".into()],
            ranges: vec![OriginRange { origin: "a1".into(), after: 0, through: 2 }],
            whole_proposals: vec![],
            acknowledgement: Acknowledgement::default(),
            number: 1,
            statements: vec![],
            receipts: vec![],
        }
    }

    fn standing(k: &PublicKey, trusted: &SigningKey) -> KeyStanding {
        if *k == trusted.public() {
            KeyStanding::Trusted
        } else {
            KeyStanding::Unknown
        }
    }

    /// Rewrites one part of a package's zip, keeping the others byte for byte.
    fn rewrite(bytes: &[u8], name: &str, f: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let file_name = file.name().to_owned();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            out.start_file(file_name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&if file_name == name { f(content) } else { content }).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_sealed_package_opens_to_the_same_contents() {
        let key = SigningKey::generate().unwrap();
        let sha = sha256_hex(b"%PDF");
        let attachments = [(sha.clone(), b"%PDF".to_vec())].into_iter().collect();
        let (sealed, bytes) = ExchangePackage::seal(
            envelope(),
            vec![op(1), op(2)],
            attachments,
            &key,
            "2026-11-24T10:00:00+08:00".into(),
        )
        .unwrap();
        let opened = ExchangePackage::open(&bytes, |k| standing(k, &key)).unwrap();
        assert_eq!(opened, sealed);
        assert_eq!(opened.attachments[&sha], b"%PDF");
    }

    #[test]
    fn every_kind_of_damage_is_refused_with_its_own_reason() {
        let key = SigningKey::generate().unwrap();
        let (_, bytes) =
            ExchangePackage::seal(envelope(), vec![op(1), op(2)], BTreeMap::new(), &key, "t".into()).unwrap();
        let trusted = |k: &PublicKey| standing(k, &key);

        let stranger = SigningKey::generate().unwrap();
        assert!(matches!(
            ExchangePackage::open(&bytes, |k| standing(k, &stranger)),
            Err(SyncError::UnknownSigner { .. })
        ));
        assert!(matches!(
            ExchangePackage::open(&bytes, |_| KeyStanding::Revoked("市教育局".into())),
            Err(SyncError::RevokedSigner { .. })
        ));
        assert!(matches!(ExchangePackage::open(b"hello, not a package", trusted), Err(SyncError::NotAPackage)));
        assert!(matches!(ExchangePackage::open(&bytes[..bytes.len() / 2], trusted), Err(SyncError::Truncated)));

        let altered_ops =
            rewrite(&bytes, OPERATIONS, |b| String::from_utf8(b).unwrap().replace("电话", "见面").into_bytes());
        assert!(matches!(ExchangePackage::open(&altered_ops, trusted), Err(SyncError::Altered(p)) if p == OPERATIONS));

        let altered_manifest =
            rewrite(&bytes, MANIFEST, |b| String::from_utf8(b).unwrap().replace("市教育局", "市财政局").into_bytes());
        assert!(matches!(ExchangePackage::open(&altered_manifest, trusted), Err(SyncError::BadSignature { .. })));

        let resigned = rewrite(&bytes, SIGNATURE, |_| stranger.sign(b"something else").into_bytes());
        assert!(matches!(ExchangePackage::open(&resigned, trusted), Err(SyncError::BadSignature { .. })));
    }

    #[test]
    fn a_signed_manifest_that_understates_the_operations_is_refused_before_they_are_parsed() {
        let key = SigningKey::generate().unwrap();
        let (_, bytes) =
            ExchangePackage::seal(envelope(), vec![op(1), op(2), op(3)], BTreeMap::new(), &key, "t".into()).unwrap();
        // The sender's own key signs a manifest claiming one operation of three.
        let manifest = std::cell::RefCell::new(Vec::new());
        let understated = rewrite(&bytes, MANIFEST, |b| {
            let text = String::from_utf8(b).unwrap().replace("\"operations\": 3", "\"operations\": 1");
            *manifest.borrow_mut() = text.clone().into_bytes();
            text.into_bytes()
        });
        let signature = key.sign(&manifest.borrow());
        let resigned = rewrite(&understated, SIGNATURE, |_| signature.clone().into_bytes());
        let refused = ExchangePackage::open(&resigned, |k| standing(k, &key)).unwrap_err();
        assert!(refused.to_string().contains("清单说有1项修改，修改记录却有3行"), "{refused}");
    }

    #[test]
    fn operations_parsed_in_pieces_come_back_in_order_and_a_bad_line_is_named_by_its_number() {
        let lines: Vec<String> = (1..=301).map(|seq| serde_json::to_string(&op(seq)).unwrap()).collect();
        let text = lines.join("\n") + "\n";
        for pieces in 1..=5 {
            let cut = split_at_lines(&text, pieces);
            assert_eq!(cut.iter().map(|(_, piece)| *piece).collect::<String>(), text, "nothing lost or doubled");
            assert!(cut.iter().all(|(_, piece)| piece.ends_with('\n')), "cut at line ends");
        }
        let seqs: Vec<i64> = parse_operations(text.as_bytes()).unwrap().iter().map(|o| o.origin_seq).collect();
        assert_eq!(seqs, (1..=301).collect::<Vec<_>>());

        let mut damaged = lines.clone();
        damaged[249] = "{not an operation".into();
        let err = parse_operations(damaged.join("\n").as_bytes()).unwrap_err();
        assert!(matches!(err, SyncError::Malformed(ref what) if what == "修改记录第250行"), "{err:?}");
    }
}
