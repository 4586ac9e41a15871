//! Hand-made operations, signed with a unit's key the committee trusts, so
//! the fuzzer gets past the signature to the parse, the judge and the merge.
//! The values it picks from include whole, well-formed records of every kind
//! a unit may write (replies, contacts, hand-backs, extension requests) with
//! dates before, on and after 交办 and today, so that it reaches the judge's
//! handling rules and not only the field checks. Whatever the operations
//! say, the import never panics, and afterwards every proposal's page still
//! loads: nothing ill-typed reached the tables.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tian_core::domain::{Assignment, ProposalFilter, UnitAssignment, UnitRole};
use tian_core::{ExportMode, Role, Tian};
use tian_store::{Hlc, Operation};
use tian_sync::{Acknowledgement, Envelope, ExchangePackage, Party, SigningKey};

const UNIT: &str = "市教育局";
const COMMITTEE: &str = "市政协提案委员会";

/// A committee workspace that trusts 市教育局 and has assigned it 0069,
/// made once; each run imports into a fresh copy of it.
struct Template {
    db: PathBuf,
    key: SigningKey,
    origin: String,
    _dir: tempfile::TempDir,
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("committee/tian.db");
        let unit_db = dir.path().join("unit/tian.db");
        let mut committee = Tian::open(&db).unwrap();
        committee.init_identity(Role::Committee, COMMITTEE).unwrap();
        let mut unit = Tian::open(&unit_db).unwrap();
        unit.init_identity(Role::Unit, UNIT).unwrap();
        let key_file = dir.path().join("u.tiankey");
        unit.export_key(&key_file).unwrap();
        let seen = committee.preview_key(&key_file).unwrap().fingerprint;
        committee.trust_key(&key_file, &seen).unwrap();
        let id = committee.resolve("0069", None).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let lead = UnitAssignment { unit: UNIT.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
        committee.assign(&id, Assignment { date, units: vec![lead], mode: Default::default() }).unwrap();
        drop(committee);
        let conn = rusqlite::Connection::open(&unit_db).unwrap();
        let meta = |k: &str| -> String { conn.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0)).unwrap() };
        let key = SigningKey::from_hex(&meta("signing_key")).unwrap();
        let origin = meta("origin");
        Template { db, key, origin, _dir: dir }
    })
}

const ENTITIES: &[&str] = &[
    "reply", "contact", "suggestion", "hand_back", "extension", "proposal", "activity", "feedback", "plan_link", "x",
];
const FIELDS: &[&str] = &[
    "proposal_id", "unit", "lead", "round", "date", "class", "signer", "contact", "text", "attachments", "public",
    "deleted", "method", "people", "content", "index", "status", "evidence", "title", "stage", "un\\u0069t", "",
    "number", "signer_post", "assigned", "reason", "requested_to", "decision",
];
const IDS: &[&str] = &["r1", "r2", "c1", "十三届五次/0069", "十三届五次/0069#1", "十三届五次/0020", "../x"];

#[derive(Debug, Arbitrary)]
enum FuzzValue {
    Null,
    Bool(bool),
    Number(i64),
    Text(String),
    Known(u8),
    List(Vec<String>),
}

#[derive(Debug, Arbitrary)]
struct FuzzOp {
    entity: u8,
    id: u8,
    field: u8,
    value: FuzzValue,
    seq: i64,
    /// Milliseconds from now; may be far ahead or behind.
    offset: i64,
    counter: u32,
    prev: Option<FuzzValue>,
    /// The unit's own origin, or one of a few fresh ones.
    origin: u8,
}

fn value(v: FuzzValue) -> Value {
    const KNOWN: &[&str] = &[
        "十三届五次/0069", "十三届五次/0020", "市教育局", "市教育局\u{200B}", "市科技局", "2026-05-20", "2026-03-01",
        "2026-03-05", "2026-02-01", "2199-01-01", "A", "C", "D", "电话", "已落实", "不属本单位职责", "答复\u{FFFF}",
    ];
    match v {
        FuzzValue::Null => Value::Null,
        FuzzValue::Bool(b) => json!(b),
        FuzzValue::Number(n) => json!(n),
        FuzzValue::Text(t) => json!(t),
        FuzzValue::Known(i) => json!(KNOWN[usize::from(i) % KNOWN.len()]),
        FuzzValue::List(items) => json!(items),
    }
}

fuzz_target!(|ops: Vec<FuzzOp>| {
    let template = template();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    std::fs::copy(&template.db, &db).unwrap();
    let now = Hlc::now_ms();
    let operations: Vec<Operation> = ops
        .into_iter()
        .take(64)
        .map(|op| Operation {
            origin: match op.origin % 4 {
                0 => format!("{:032x}", op.origin),
                _ => template.origin.clone(),
            },
            origin_seq: op.seq,
            hlc: Hlc { wall_ms: now.saturating_add(op.offset), counter: op.counter },
            entity: ENTITIES[usize::from(op.entity) % ENTITIES.len()].into(),
            entity_id: IDS[usize::from(op.id) % IDS.len()].into(),
            field: FIELDS[usize::from(op.field) % FIELDS.len()].into(),
            value: value(op.value),
            prev_value: op.prev.map(value),
            actor: "王五".into(),
            batch: 1,
            action: "录入答复".into(),
            base: vec![],
            via: None,
        })
        .collect();
    let envelope = Envelope {
        sender: Party { role: Role::Unit, name: UNIT.into() },
        recipient: Party { role: Role::Committee, name: COMMITTEE.into() },
        mode: ExportMode::Unacknowledged,
        sessions: vec![],
        ranges: vec![],
        whole_proposals: vec![],
        acknowledgement: Acknowledgement::default(),
        number: 1,
        statements: vec![],
        receipts: vec![],
    };
    let Ok((_, bytes)) = ExchangePackage::seal(envelope, operations, Default::default(), &template.key, "t".into()) else {
        return;
    };
    let package = dir.path().join("p.tianpkg");
    std::fs::write(&package, bytes).unwrap();
    let mut committee = Tian::open(&db).unwrap();
    let _ = committee.import_package(&package);
    committee.dossiers(&ProposalFilter::default()).expect("every page still loads after any import");
});
