//! A trusted handling unit turned hostile: its clerk, or a program on its
//! PC, signs hand-made operations with the unit's own key. Each test is one
//! attack written from the attacker's side; each asserts that the
//! committee's data, pages and next export are unchanged and that the
//! refusal is listed in the preview and the import.

mod exchange_support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use exchange_support::{committee_and_unit, day, phone_call, COMMITTEE, EDU, SCI};
use serde_json::{json, Value};
use tian_core::domain::{Assignment, LeadMode, ProposalFilter, UnitAssignment, UnitRole};
use tian_core::{ExportMode, Role, Tian};
use tian_store::{Hlc, OpRef, ReplyField, SentOperation};
use tian_sync::{Acknowledgement, Envelope, ExchangePackage, KeyFile, Party, SigningKey};

const P0069: &str = "十三届五次/0069";
const P0020: &str = "十三届五次/0020";

/// The committee, and what the attacker holds: the unit's database (with
/// its signing key) and a folder to write packages in.
struct Scene {
    dir: tempfile::TempDir,
    committee: Tian,
    committee_db: PathBuf,
    unit_db: PathBuf,
    /// The unit's next free sequence number under its own origin.
    seq: i64,
}

fn june_end() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn meta(db: &Path, key: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).unwrap()
}

fn assign(tian: &mut Tian, number: &str, units: &[(&str, UnitRole)]) {
    let id = tian.resolve(number, None).unwrap();
    let units = units
        .iter()
        .map(|(unit, role)| UnitAssignment {
            unit: (*unit).into(),
            role: *role,
            contact: String::new(),
            phone: String::new(),
        })
        .collect();
    tian.assign(&id, Assignment { date: day(), units, mode: Default::default() }).unwrap();
}

/// 0069 is 市教育局's (lead, 市科技局 co-handles), 0045 is 市科技局's with
/// 市教育局 as co-unit, 0020 is not the unit's at all. The committee has
/// recorded a contact of its own on 0069, and the unit holds its proposals.
fn scene() -> Scene {
    let dir = tempfile::tempdir().unwrap();
    let (committee_db, unit_db) = (dir.path().join("committee/tian.db"), dir.path().join("unit/tian.db"));
    let (mut committee, mut unit) = committee_and_unit(dir.path());
    committee.set_today(day());
    assign(&mut committee, "0069", &[(EDU, UnitRole::Lead), (SCI, UnitRole::Co)]);
    assign(&mut committee, "0045", &[(SCI, UnitRole::Lead), (EDU, UnitRole::Co)]);
    assign(&mut committee, "0020", &[("市财政局", UnitRole::Lead)]);
    let id = committee.resolve("0069", None).unwrap();
    committee.add_contact(&id, phone_call("提案委员会电话了解办理进度")).unwrap();
    let down = dir.path().join("down.tianpkg");
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &down).unwrap();
    unit.import_package(&down).unwrap();
    // The unit's packages arrive at the end of June, after what they report.
    committee.set_today(june_end());
    Scene { dir, committee, committee_db, unit_db, seq: 1000 }
}

/// Everything about the committee a hostile package must not change: its
/// log, every proposal's page, and what its next export to the unit holds.
#[derive(Debug, PartialEq)]
struct Observed {
    log: Vec<(String, i64, String, String, String, String)>,
    pages: Value,
    export_parts: Vec<String>,
}

impl Scene {
    fn observe(&mut self) -> Observed {
        let conn = rusqlite::Connection::open(&self.committee_db).unwrap();
        let log = conn
            .prepare("SELECT origin, origin_seq, entity, entity_id, field, value FROM ops ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let pages = serde_json::to_value(self.committee.dossiers(&ProposalFilter::default()).unwrap()).unwrap();
        let file = self.dir.path().join("probe.tianpkg");
        let export_parts = match self.committee.export_package(Some(EDU), ExportMode::Since(day()), &file) {
            Ok(_) => parts(&std::fs::read(&file).unwrap()),
            Err(e) => vec![e.to_string()],
        };
        Observed { log, pages, export_parts }
    }

    /// An operation under the unit's own origin, stamped now.
    fn op(&mut self, entity: &str, id: &str, field: &str, value: Value) -> SentOperation {
        self.seq += 1;
        SentOperation {
            origin: meta(&self.unit_db, "origin"),
            origin_seq: self.seq,
            hlc: Hlc { wall_ms: Hlc::now_ms(), counter: 0 },
            entity: entity.into(),
            entity_id: id.into(),
            field: field.into(),
            value,
            prev_value: None,
            actor: "王五".into(),
            batch: 1001,
            action: "录入答复".into(),
            base: vec![],
            via: None,
        }
    }

    /// A whole contact record on 0069 in the name `unit`, `unit` written last.
    fn contact(&mut self, id: &str, unit: Value) -> Vec<SentOperation> {
        [
            ("proposal_id", json!(P0069)),
            ("content", json!("伪造的委员会沟通")),
            ("date", json!("2026-04-10")),
            ("method", json!("电话")),
            ("people", json!("市民盟")),
            ("unit", unit),
        ]
        .into_iter()
        .map(|(field, value)| self.op("contact", id, field, value))
        .collect()
    }

    /// A whole reply record's operations, as the unit's window would write them.
    fn reply(&mut self, id: &str, proposal: &str, fields: &[(&str, Value)]) -> Vec<SentOperation> {
        let mut record: BTreeMap<&str, Value> = [
            ("proposal_id", json!(proposal)),
            ("unit", json!(EDU)),
            ("lead", json!(true)),
            ("round", json!(1)),
            ("date", json!("2026-05-20")),
            ("class", json!("B")),
            ("signer", json!("王局长")),
            ("contact", json!("")),
            ("text", json!("已列入计划。")),
            ("attachments", json!([])),
            ("public", json!(true)),
        ]
        .into_iter()
        .collect();
        for (k, v) in fields {
            record.insert(k, v.clone());
        }
        record.into_iter().map(|(field, value)| self.op("reply", id, field, value)).collect()
    }

    /// Signs `ops` (and `attachments`) with the unit's own key, as the attacker can.
    fn forge(&self, name: &str, ops: Vec<SentOperation>, attachments: BTreeMap<String, Vec<u8>>) -> PathBuf {
        self.forge_with_receipt(name, ops, attachments, Acknowledgement::default())
    }

    /// [`Scene::forge`], its 回执 saying `acknowledgement`.
    fn forge_with_receipt(
        &self,
        name: &str,
        ops: Vec<SentOperation>,
        attachments: BTreeMap<String, Vec<u8>>,
        acknowledgement: Acknowledgement,
    ) -> PathBuf {
        let key = SigningKey::from_hex(&meta(&self.unit_db, "signing_key")).unwrap();
        let envelope = Envelope {
            sender: Party { role: Role::Unit, name: EDU.into() },
            recipient: Party { role: Role::Committee, name: COMMITTEE.into() },
            mode: ExportMode::Unacknowledged,
            sessions: vec!["十三届五次".into()],
            ranges: vec![],
            whole_proposals: vec![],
            acknowledgement,
            number: 1,
            statements: vec![],
            receipts: vec![],
        };
        let (_, bytes) =
            ExchangePackage::seal(envelope, ops, attachments, &key, "2026-11-30T10:00:00+08:00".into()).unwrap();
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Previews and imports `file`, asserting that both list a refusal
    /// containing `reason`; returns what the import reported.
    fn refused(&mut self, file: &Path, reason: &str) -> tian_core::PackageImport {
        let preview = self.committee.preview_package(file).unwrap();
        assert!(preview.refused.iter().any(|r| r.reason.contains(reason)), "preview: {:?}", preview.refused);
        let import = self.committee.import_package(file).unwrap();
        assert!(import.refused.iter().any(|r| r.reason.contains(reason)), "import: {:?}", import.refused);
        import
    }
}

fn parts(package: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
    let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    names.sort();
    names
}

/// The record id of the committee's own contact on 0069.
fn committee_contact(tian: &Tian) -> String {
    let id = tian.resolve("0069", None).unwrap();
    tian.dossier(&id).unwrap().contacts.into_iter().find(|c| c.unit.is_none()).unwrap().id
}

#[test]
fn an_attachment_named_by_a_path_reads_nothing_outside_the_store() {
    let mut s = scene();
    let before = s.observe();
    let ops = s.reply(
        "r-path",
        P0069,
        &[("attachments", json!([{ "name": "复文.pdf", "sha256": "../tian.db", "size": 1 }]))],
    );
    let file = s.forge("path.tianpkg", ops, BTreeMap::new());
    let import = s.refused(&file, "“附件”的值不是");
    assert_eq!(import.new_operations, 0);
    assert_eq!(s.observe(), before, "nothing landed, and the next export carries no database");

    // A hash the package neither carries nor the committee holds.
    let sha = "ab".repeat(32);
    let ops =
        s.reply("r-missing", P0069, &[("attachments", json!([{ "name": "扫描件.pdf", "sha256": sha, "size": 1 }]))]);
    let file = s.forge("missing.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "附件“扫描件.pdf”不在交换包中");
    assert_eq!(s.observe(), before);

    // And the unit cannot even smuggle one into its own log to export it later.
    let mut own = tian_store::Store::open(&s.unit_db).unwrap();
    let smuggled = own.transact("王五", "越权", |w| {
        w.set(ReplyField::Attachments, "r-own", json!([{ "name": "x", "sha256": "../tian.db", "size": 1 }]))
    });
    assert!(smuggled.is_err(), "the store refuses the path-like hash");
}

#[test]
fn a_record_whose_proposal_is_written_twice_is_refused_whatever_the_file_order() {
    let mut s = scene();
    let before = s.observe();
    let mut ops = s.reply("r-twice", P0069, &[]);
    // A later clock names 0020 (never assigned to the unit), listed first.
    let mut moved = s.op("reply", "r-twice", "proposal_id", json!(P0020));
    moved.hlc.wall_ms += 60_000;
    ops.insert(0, moved);
    let file = s.forge("twice.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "被写了不止一次");
    assert_eq!(s.observe(), before);
    let p0020 = s.committee.resolve("0020", None).unwrap();
    assert!(s.committee.dossier(&p0020).is_ok(), "0020's page still loads");

    // Moving one of the unit's own, already merged, replies is refused too.
    let ops = s.reply("r-own", P0069, &[]);
    let file = s.forge("own.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let after_own = s.observe();
    let moved = s.op("reply", "r-own", "proposal_id", json!(P0020));
    let file = s.forge("move.tianpkg", vec![moved], BTreeMap::new());
    s.refused(&file, "不能更改记录的归属（所属提案）");
    assert_eq!(s.observe(), after_own);
}

#[test]
fn a_field_name_that_sqlite_would_read_as_another_is_unknown() {
    let mut s = scene();
    let mut ops = s.reply("r-escape", P0069, &[]);
    let forged = s.op("reply", "r-escape", "un\\u0069t", json!(SCI));
    ops.push(forged);
    let file = s.forge("escape.tianpkg", ops, BTreeMap::new());
    let import = s.refused(&file, "不认识的字段");
    assert!(
        import.refused.iter().any(|r| r.reason.starts_with("同一记录的其他修改被拒绝")),
        "a record is taken whole or not at all: {:?}",
        import.refused
    );
    let id = s.committee.resolve("0069", None).unwrap();
    assert_eq!(s.committee.dossier(&id).unwrap().replies, [], "no reply, in anyone's name");
}

#[test]
fn one_sequence_number_never_names_two_different_changes() {
    let mut s = scene();
    let before = s.observe();
    // The unit field shares its number with another field: the log would
    // keep the first and drop `unit`, leaving a contact in nobody's name,
    // which pages show as the committee's own.
    let mut ops = s.contact("c-dup", json!(EDU));
    ops[5].origin_seq = ops[4].origin_seq;
    let file = s.forge("dup.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "同一编号的修改有两个不同的版本");
    assert_eq!(s.observe(), before);

    // A number the committee already holds, reused for another change.
    let genuine = s.reply("r-genuine", P0069, &[]);
    let taken = genuine[0].origin_seq;
    let file = s.forge("genuine.tianpkg", genuine, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let after_genuine = s.observe();
    let mut ops = s.contact("c-reuse", json!(EDU));
    ops[5].origin_seq = taken;
    let file = s.forge("reuse.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "与本机已收到的同一编号修改内容不同");
    assert_eq!(s.observe(), after_genuine);
    let id = s.committee.resolve("0069", None).unwrap();
    assert!(s.committee.dossier(&id).unwrap().contacts.iter().all(|c| c.content != "伪造的委员会沟通"));
}

#[test]
fn a_change_numbered_past_any_real_count_is_refused_so_it_never_comes_back_to_block_its_unit() {
    let mut s = scene();
    let before = s.observe();
    // Stored and sent back to the unit, a change numbered at the integer's
    // end would leave the unit no number for its next change: every write
    // there would fail.
    // Nor may one stored high be a step towards it: a change may be
    // numbered at most some four billion past the origin's changes held.
    for seq in [i64::MAX, (1 << 40) - 5, (1 << 32) + 1_000_000] {
        let mut ops = s.reply(&format!("r-{seq}"), P0069, &[]);
        ops[0].origin_seq = seq;
        let file = s.forge(&format!("seq-{seq}.tianpkg"), ops, BTreeMap::new());
        s.refused(&file, "修改的编号大得不可能（比本机已有的该来源修改多出四十亿以上）");
        assert_eq!(s.observe(), before);
    }
    let mut ops = s.reply("r-base", P0069, &[]);
    ops[0].base = vec![OpRef(ops[0].origin.clone(), i64::MAX)];
    let file = s.forge("base.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "所依据的修改记录无效");
    assert_eq!(s.observe(), before);
    // The unit's honest answer, numbered as its installation numbers, is taken.
    let ops = s.reply("r-honest", P0069, &[]);
    let file = s.forge("honest.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
}

/// The bounded step is the committee's, which takes each unit's changes
/// from the unit itself: a step it took is relayed to a co-unit holding
/// far less of that unit's changes, which takes it as the committee did.
#[test]
fn a_step_the_committee_took_reaches_a_co_unit_holding_less_of_that_units_changes() {
    let mut s = scene();
    let mut sci = Tian::open(&s.dir.path().join("sci/tian.db")).unwrap();
    sci.init_identity(Role::Unit, SCI).unwrap();
    let (c_key, sci_key) = (s.dir.path().join("c2.tiankey"), s.dir.path().join("sci.tiankey"));
    s.committee.export_key(&c_key).unwrap();
    sci.export_key(&sci_key).unwrap();
    exchange_support::trust(&mut s.committee, &sci_key);
    exchange_support::trust(&mut sci, &c_key);
    let origin = meta(&s.unit_db, "origin");
    let mut last = 0;
    for (n, step) in [(1, (1 << 32) - 10), (2, (1 << 32) - 10)] {
        let held: i64 = rusqlite::Connection::open(&s.committee_db)
            .unwrap()
            .query_row("SELECT coalesce(max(origin_seq), 0) FROM ops WHERE origin = ?1", [&origin], |r| r.get(0))
            .unwrap();
        let mut ops = if n == 1 { s.reply("r-step", P0069, &[]) } else { s.contact("c-step", json!(EDU)) };
        for (i, op) in ops.iter_mut().enumerate() {
            op.origin_seq = held + step + i as i64;
            last = op.origin_seq;
        }
        let file = s.forge(&format!("step{n}.tianpkg"), ops, BTreeMap::new());
        assert_eq!(s.committee.import_package(&file).unwrap().refused, [], "within the step at the committee");
    }
    assert!(last > (1 << 32) + 1000, "past one step from all the co-unit held of the unit");
    let file = s.dir.path().join("to-sci.tianpkg");
    s.committee.export_package(Some(SCI), ExportMode::Unacknowledged, &file).unwrap();
    assert_eq!(sci.import_package(&file).unwrap().refused, []);
    let reached: i64 = rusqlite::Connection::open(s.dir.path().join("sci/tian.db"))
        .unwrap()
        .query_row("SELECT coalesce(max(origin_seq), 0) FROM ops WHERE origin = ?1", [&origin], |r| r.get(0))
        .unwrap();
    assert_eq!(reached, last, "the co-unit holds the unit's changes as the committee took them");
}

#[test]
fn a_change_cannot_write_lines_of_its_own_into_the_audit_trail() {
    let mut s = scene();
    let before = s.observe();
    let mut ops = s.reply("r-forge", P0069, &[]);
    ops[0].action = "办结\n    办理阶段：已答复 → 办结".into();
    let file = s.forge("forge.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "经办人或操作名称不是一行短文字");
    assert_eq!(s.observe(), before);
    // Nor turn the line round so it reads as another's.
    let mut ops = s.reply("r-turned", P0069, &[]);
    ops[0].actor = "本机\u{202E}户用".into();
    let file = s.forge("turned.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "经办人或操作名称不是一行短文字");
    let ops = s.reply("r\u{202E}dc", P0069, &[]);
    let file = s.forge("turned-id.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "记录编号无效");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_units_records_dated_before_the_assignment_are_refused() {
    let mut s = scene();
    let before = s.observe();
    let ops = s.reply("r-early", P0069, &[("date", json!("2026-03-20"))]);
    let file = s.forge("early.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "答复日期（2026年3月20日）早于交办日期（2026年4月1日）");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_reply_answers_only_a_round_the_proposal_has_reached() {
    let mut s = scene();
    let before = s.observe();
    let ops = s.reply("r-99", P0069, &[("round", json!(99))]);
    let file = s.forge("round.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "不能答复第99轮");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_stamp_far_in_the_future_is_refused_and_the_clock_never_wraps() {
    let mut s = scene();
    let before = s.observe();
    let mut ops = s.reply("r-2100", P0069, &[]);
    for op in &mut ops {
        op.hlc.wall_ms = 4_102_444_800_000; // 2100-01-01
    }
    let file = s.forge("2100.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "市教育局的电脑时钟可能有误");
    assert_eq!(s.observe(), before);

    // A stamp within the allowed skew but at the counter's end: later
    // local writes still order after it, without wrapping.
    let mut ops = s.reply("r-edge", P0069, &[]);
    for op in &mut ops {
        op.hlc = Hlc { wall_ms: Hlc::now_ms() + 60_000, counter: u32::MAX };
    }
    let file = s.forge("edge.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let id = s.committee.resolve("0069", None).unwrap();
    s.committee.add_contact(&id, phone_call("再次电话了解")).unwrap();
    let conn = rusqlite::Connection::open(&s.committee_db).unwrap();
    let (wall, counter): (i64, i64) = conn
        .query_row("SELECT hlc_wall, hlc_counter FROM ops ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(wall < 4_102_444_800_000 && counter >= 0, "the clock was not pinned in 2100 and did not wrap");
}

#[test]
fn a_manifest_with_its_key_in_capitals_is_read_without_a_panic() {
    let mut s = scene();
    let ops = s.reply("r-caps", P0069, &[]);
    let file = s.forge("caps.tianpkg", ops, BTreeMap::new());
    let key = SigningKey::from_hex(&meta(&s.unit_db, "signing_key")).unwrap();
    let bytes = rewrite_manifest(&std::fs::read(&file).unwrap(), &key, |m| {
        let upper = m["sender_key"].as_str().unwrap().to_uppercase();
        m["sender_key"] = json!(upper);
    });
    std::fs::write(&file, bytes).unwrap();
    let import = s.committee.import_package(&file).unwrap();
    assert_eq!((import.refused.len(), import.sender.name.as_str()), (0, EDU), "the same key, however it is written");
}

#[test]
fn a_unit_cannot_touch_the_committees_records_or_pose_as_a_lead_unit() {
    let mut s = scene();
    let before = s.observe();
    let theirs = committee_contact(&s.committee);
    let rewrite = s.op("contact", &theirs, "content", json!("被改写的沟通内容"));
    let delete = s.op("contact", &theirs, "deleted", json!(true));
    let file = s.forge("rewrite.tianpkg", vec![rewrite, delete], BTreeMap::new());
    s.refused(&file, "不能修改提案委员会或其他单位的沟通记录");
    assert_eq!(s.observe(), before);

    // A contact with no unit would pass as the committee's own.
    let ops = s.contact("c-anon", Value::Null);
    let file = s.forge("anon.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "沟通记录只能以本单位（市教育局）的名义记录");
    assert_eq!(s.observe(), before);

    // On 0045 the unit is a co-unit: its opinion is no lead unit's answer.
    let ops = s.reply("r-lead", "十三届五次/0045", &[]);
    let file = s.forge("lead.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "市教育局不是本提案的主办单位");
    assert_eq!(s.observe(), before);

    // Malformed values never reach the log, so nothing breaks reading later.
    let ops = s.reply("r-date", P0069, &[("date", json!("x"))]);
    let file = s.forge("date.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "“日期”的值不是日期");
    assert_eq!(s.observe(), before);
}

/// A whole extension request on `proposal` in the unit's name, with `decision`.
fn extension(s: &mut Scene, id: &str, proposal: &str, decision: Value) -> Vec<SentOperation> {
    [
        ("proposal_id", json!(proposal)),
        ("unit", json!(EDU)),
        ("round", json!(1)),
        ("date", json!("2026-05-20")),
        ("requested_to", json!("2026-07-15")),
        ("reason", json!("需要调研")),
        ("decision", decision),
    ]
    .into_iter()
    .map(|(field, value)| s.op("extension", id, field, value))
    .collect()
}

#[test]
fn a_unit_asks_for_an_extension_by_package_but_cannot_grant_it_or_ask_for_another_units_proposal() {
    let mut s = scene();
    let before = s.observe();
    let granted = json!({ "approved": true, "date": "2026-05-21", "due": "2026-08-31", "note": "" });
    let ops = extension(&mut s, "x-self", P0069, granted);
    let file = s.forge("grant.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "延期申请的审批由提案委员会作出");
    assert_eq!(s.observe(), before);

    // On 0045 the unit is a co-unit; the answer it would delay is not its own.
    let ops = extension(&mut s, "x-co", "十三届五次/0045", Value::Null);
    let file = s.forge("co.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "市教育局不是本提案的主办单位，不能申请延期答复");
    assert_eq!(s.observe(), before);

    // The honest way: the unit's window files it, the committee decides, the decision goes back.
    let mut unit = Tian::open(&s.unit_db).unwrap();
    unit.set_today(day());
    let id = unit.resolve("0069", None).unwrap();
    let request = tian_core::ExtensionRequest {
        unit: EDU.into(),
        date: day(),
        requested_to: day() + chrono::Days::new(120),
        reason: "需完成全市学校调研".into(),
    };
    unit.request_extension(&id, request).unwrap();
    let up = s.dir.path().join("up.tianpkg");
    unit.export_package(None, ExportMode::Unacknowledged, &up).unwrap();
    let import = s.committee.import_package(&up).unwrap();
    assert!(import.refused.is_empty(), "{:?}", import.refused);
    let request_id = s.committee.pending_extension(&id).unwrap();
    let approve = tian_core::domain::ExtensionDecision { approved: true, date: day(), due: None, note: String::new() };
    let at_committee = s.committee.decide_extension(&id, &request_id, approve).unwrap();
    let down = s.dir.path().join("down2.tianpkg");
    s.committee.export_package(Some(EDU), ExportMode::Unacknowledged, &down).unwrap();
    unit.import_package(&down).unwrap();
    let at_unit = unit.dossier(&id).unwrap();
    assert_eq!(at_unit.due_date, Some(day() + chrono::Days::new(120)));
    assert_eq!((at_unit.due_date, at_unit.extended_to), (at_committee.due_date, at_committee.extended_to));
    assert!(at_unit.extensions[0].decision.as_ref().is_some_and(|d| d.approved));

    // Once held by the committee, the request is never the unit's to change or delete.
    let before = s.observe();
    let held = at_unit.extensions[0].id.clone();
    let erase = s.op("extension", &held, "deleted", json!(true));
    let stretch = s.op("extension", &held, "requested_to", json!("2027-12-31"));
    let file = s.forge("erase.tianpkg", vec![erase, stretch], BTreeMap::new());
    s.refused(&file, "已提交的延期申请不能再修改");
    assert_eq!(s.observe(), before);

    // A new request is held to the same ceiling as one filed in the window.
    let mut far = extension(&mut s, "x-far", P0069, Value::Null);
    far.iter_mut().find(|op| op.field == "requested_to").unwrap().value = json!("2027-12-31");
    let file = s.forge("far.tianpkg", far, BTreeMap::new());
    s.refused(&file, "超过了延期上限");
    assert_eq!(s.observe(), before);
}

/// A whole hand-back of `proposal` in the unit's name, of the assignment on `assigned`.
fn hand_back(s: &mut Scene, id: &str, proposal: &str, assigned: &str) -> Vec<SentOperation> {
    [
        ("proposal_id", json!(proposal)),
        ("unit", json!(EDU)),
        ("assigned", json!(assigned)),
        ("date", json!(day().to_string())),
        ("reason", json!("不属本单位职责")),
    ]
    .into_iter()
    .map(|(field, value)| s.op("hand_back", id, field, value))
    .collect()
}

#[test]
fn a_unit_cannot_hand_back_what_is_not_its_own_to_answer_nor_mislabel_an_answer() {
    let mut s = scene();
    let before = s.observe();
    let on = day().to_string();
    let ops = hand_back(&mut s, "h-co", "十三届五次/0045", &on);
    let file = s.forge("co-back.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "市教育局不是本提案的主办单位，不能退回");
    assert_eq!(s.observe(), before);

    let ops = hand_back(&mut s, "h-old", P0069, "2026-01-01");
    let file = s.forge("old-back.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "退回的不是本提案现在的交办");
    assert_eq!(s.observe(), before);

    let ops = s.reply("r-co-class", "十三届五次/0045", &[("lead", json!(false))]);
    let file = s.forge("co-class.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "会办意见送主办单位，不标答复类别");
    let ops = s.reply("r-no-class", P0069, &[("class", Value::Null), ("round", json!(1))]);
    let file = s.forge("no-class.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "主办单位的答复须标明答复类别");
    assert_eq!(s.observe(), before);
    // Leaving the class out says the same as writing it empty.
    let mut ops = s.reply("r-classless", P0069, &[("round", json!(1))]);
    ops.retain(|op| op.field != "class");
    let file = s.forge("classless.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "主办单位的答复须标明答复类别");
    assert_eq!(s.observe(), before);

    // An answer and a hand-back in one package: the answer stands, nothing stalls.
    let mut ops = s.reply("r-answer", P0069, &[("round", json!(1))]);
    ops.extend(hand_back(&mut s, "h-late", P0069, &on));
    let file = s.forge("both.tianpkg", ops, BTreeMap::new());
    s.committee.import_package(&file).unwrap();
    let id = s.committee.resolve("0069", None).unwrap();
    assert_eq!(s.committee.dossier(&id).unwrap().proposal.stage, tian_core::domain::Stage::Replied);
}

/// A new installation of 市教育局 (the stolen PC's replacement) and its key file.
fn new_installation(s: &Scene) -> (Tian, PathBuf) {
    let mut fresh = Tian::open(&s.dir.path().join("fresh/tian.db")).unwrap();
    fresh.init_identity(Role::Unit, EDU).unwrap();
    let key = s.dir.path().join("fresh.tiankey");
    fresh.export_key(&key).unwrap();
    (fresh, key)
}

#[test]
fn keys_are_trusted_once_under_one_name_and_can_be_revoked_and_replaced() {
    let mut s = scene();
    let unit_key = SigningKey::from_hex(&meta(&s.unit_db, "signing_key")).unwrap();
    let fingerprint = unit_key.public().fingerprint().0;
    // The unit's own key, presented as another unit's.
    let renamed = s.dir.path().join("renamed.tiankey");
    std::fs::write(&renamed, KeyFile::new(Role::Unit, SCI, &unit_key.public()).to_bytes()).unwrap();
    let fp = s.committee.preview_key(&renamed).unwrap().fingerprint;
    let err = s.committee.trust_key(&renamed, &fp).unwrap_err().to_string();
    assert!(err.contains("已经以“市教育局”的名义被信任"), "{err}");
    let names: Vec<String> = s.committee.sync_status().unwrap().peers.into_iter().map(|p| p.name).collect();
    assert_eq!(names, [EDU], "not renamed");

    // A second key for the same unit is not slipped in beside the first.
    let (mut fresh, fresh_key) = new_installation(&s);
    let fresh_fp = fresh.identity().unwrap().fingerprint;
    let err = s.committee.trust_key(&fresh_key, &fresh_fp).unwrap_err().to_string();
    assert!(err.contains("另一把密钥"), "{err}");

    // Replacing needs the new fingerprint confirmed; then the old key is revoked.
    let ops = s.reply("r-stolen", P0069, &[]);
    let stolen = s.forge("stolen.tianpkg", ops, BTreeMap::new());
    let wrong = s.committee.replace_key(&fingerprint, &fresh_key, "0000 0000 0000 0000 0000").unwrap_err().to_string();
    assert!(wrong.contains("指纹不一致"), "{wrong}");
    s.committee.replace_key(&fingerprint, &fresh_key, &fresh_fp).unwrap();
    let peers = s.committee.sync_status().unwrap().peers;
    assert_eq!(
        peers.iter().filter(|p| !p.revoked).map(|p| p.fingerprint.replace(' ', "")).collect::<Vec<_>>(),
        [fresh_fp.replace(' ', "")]
    );
    assert_eq!(peers.iter().filter(|p| p.revoked).count(), 1, "the old key is kept, revoked, so the history names it");
    let before = s.observe();
    let err = s.committee.import_package(&stolen).unwrap_err().to_string();
    assert!(err.contains("已吊销"), "{err}");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_revoked_key_signs_nothing_more_and_cannot_be_trusted_again() {
    let mut s = scene();
    let unit_key = SigningKey::from_hex(&meta(&s.unit_db, "signing_key")).unwrap();
    let ops = s.reply("r-stolen", P0069, &[]);
    let stolen = s.forge("stolen.tianpkg", ops, BTreeMap::new());
    s.committee.revoke_key(&unit_key.public().fingerprint().grouped()).unwrap();
    let before = s.observe();
    let err = s.committee.import_package(&stolen).unwrap_err().to_string();
    assert!(err.contains("已吊销"), "{err}");
    assert_eq!(s.observe(), before);
    let again = s.dir.path().join("again.tiankey");
    std::fs::write(&again, KeyFile::new(Role::Unit, EDU, &unit_key.public()).to_bytes()).unwrap();
    let err = s.committee.trust_key(&again, &unit_key.public().fingerprint().grouped()).unwrap_err().to_string();
    assert!(err.contains("已被吊销"), "{err}");
    // With the old key revoked, the unit's new installation is trusted afresh.
    let (mut fresh, fresh_key) = new_installation(&s);
    s.committee.trust_key(&fresh_key, &fresh.identity().unwrap().fingerprint).unwrap();
}

#[test]
fn a_unit_trusts_a_committee_key_only_once_its_clerk_confirms_the_fingerprint() {
    let s = scene();
    let mut unit = Tian::open(&s.unit_db).unwrap();
    let impostor_db = s.dir.path().join("impostor/tian.db");
    let mut impostor = Tian::open(&impostor_db).unwrap();
    impostor.init_identity(Role::Committee, COMMITTEE).unwrap();
    let key = s.dir.path().join("impostor.tiankey");
    impostor.export_key(&key).unwrap();
    let err = unit.trust_key(&key, "").unwrap_err().to_string();
    assert!(err.contains("指纹不一致"), "{err}");
    let seen = unit.preview_key(&key).unwrap().fingerprint;
    let err = unit.trust_key(&key, &seen).unwrap_err().to_string();
    assert!(err.contains("另一把密钥"), "a unit has one committee: {err}");
    let committees = unit.sync_status().unwrap().peers.into_iter().filter(|p| p.role == Role::Committee).count();
    assert_eq!(committees, 1);
}

#[test]
fn parts_outside_the_list_and_oversized_packages_are_refused_before_reading() {
    let mut s = scene();
    let before = s.observe();
    let key = SigningKey::from_hex(&meta(&s.unit_db, "signing_key")).unwrap();
    let ops = s.reply("r-part", P0069, &[]);
    let file = s.forge("part.tianpkg", ops, BTreeMap::new());
    // A signed manifest listing a part whose name is a path.
    let bytes = rewrite_manifest(&std::fs::read(&file).unwrap(), &key, |m| {
        m["parts"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "attachments/../../tian.db", "sha256": "00", "size": 0 }));
    });
    std::fs::write(&file, bytes).unwrap();
    let err = s.committee.import_package(&file).unwrap_err().to_string();
    assert!(err.contains("未经签名的内容"), "{err}");

    // A zip of a great many tiny entries is refused on its count alone.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..20_001 {
        zip.start_file(format!("x{i}"), zip::write::SimpleFileOptions::default()).unwrap();
    }
    let many = s.dir.path().join("many.tianpkg");
    std::fs::write(&many, zip.finish().unwrap().into_inner()).unwrap();
    let err = s.committee.import_package(&many).unwrap_err().to_string();
    assert!(err.contains("过大"), "{err}");
    assert_eq!(s.observe(), before);
}

#[test]
fn attachments_of_refused_replies_are_never_written_and_accepted_ones_are_traced_to_their_signer() {
    let mut s = scene();
    let scan = b"%PDF-1.4 scanned reply".to_vec();
    let sha: String = sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&scan))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let attachment = json!([{ "name": "复文.pdf", "sha256": sha, "size": scan.len() }]);
    let files: BTreeMap<String, Vec<u8>> = [(sha.clone(), scan.clone())].into_iter().collect();
    // Refused (0020 is not the unit's): its file must not land either.
    let ops = s.reply("r-refused", P0020, &[("attachments", attachment.clone())]);
    let file = s.forge("refused.tianpkg", ops, files.clone());
    s.refused(&file, "第0020号提案没有交办给市教育局");
    assert!(!s.committee.attachment_path(&sha).unwrap().exists(), "no file of a refused reply is written");

    let ops = s.reply("r-good", P0069, &[("attachments", attachment)]);
    let file = s.forge("good.tianpkg", ops, files);
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    assert_eq!(std::fs::read(s.committee.attachment_path(&sha).unwrap()).unwrap(), scan);
    let id = s.committee.resolve("0069", None).unwrap();
    let timeline = s.committee.timeline(&id).unwrap();
    let received = timeline.iter().find(|e| e.received_from.is_some()).expect("the unit's reply is in the timeline");
    assert_eq!((received.actor.as_str(), received.received_from.as_deref()), ("王五", Some(EDU)));
}

/// Rewrites a package's manifest with `f` and signs it again with `key`,
/// as a sender holding its own key can.
fn rewrite_manifest(bytes: &[u8], key: &SigningKey, f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut contents: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut content = Vec::new();
        part.read_to_end(&mut content).unwrap();
        contents.push((part.name().to_owned(), content));
    }
    let manifest = contents.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
    let mut value: Value = serde_json::from_slice(&manifest.1).unwrap();
    f(&mut value);
    manifest.1 = serde_json::to_vec_pretty(&value).unwrap();
    let signature = key.sign(&manifest.1).into_bytes();
    contents.iter_mut().find(|(n, _)| n == "signature").unwrap().1 = signature;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in contents {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_unit_cannot_take_back_or_regrade_an_answer_once_the_proposer_has_judged_it() {
    let mut s = scene();
    let ops = s.reply("r-1", P0069, &[("round", json!(1)), ("date", json!(day().to_string()))]);
    let file = s.forge("answer.tianpkg", ops, BTreeMap::new());
    let import = s.committee.import_package(&file).unwrap();
    assert!(import.refused.is_empty(), "{:?}", import.refused);
    let id = s.committee.resolve("0069", None).unwrap();
    let verdict = tian_core::FeedbackInput {
        date: day(),
        result: tian_core::domain::Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    };
    s.committee.give_feedback(&id, verdict).unwrap();
    let before = s.observe();
    // What was judged stays whole: not its class and date alone, but its
    // text, signer and 文号 too.
    for (name, field, value) in [
        ("gone", "deleted", json!(true)),
        ("regraded", "class", json!("A")),
        ("redated", "date", json!("2026-04-02")),
        ("rewritten", "text", json!("已全部解决。")),
        ("resigned", "signer", json!("李副局长")),
        ("renumbered", "number", json!("教提复〔2026〕99号")),
    ] {
        let ops = vec![s.op("reply", "r-1", field, value)];
        let file = s.forge(&format!("{name}.tianpkg"), ops, BTreeMap::new());
        s.refused(&file, "答复不能再修改或删除");
        assert_eq!(s.observe(), before, "{name}");
    }
    // Nor does a second answer of the same round say what the first did not.
    let ops = s.reply("r-second", P0069, &[("class", json!("A")), ("date", json!(day().to_string()))]);
    let file = s.forge("second.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "本轮答复已完成");
    assert_eq!(s.observe(), before, "a second answer after the verdict");
}

#[test]
fn under_split_handling_a_unit_answers_only_its_own_round_not_the_one_another_unit_was_sent_back_to() {
    use tian_core::domain::{AnswerClass, LeadMode, Satisfaction};
    let mut s = scene();
    let id = s.committee.resolve("0044", None).unwrap();
    let lead = |unit: &str| UnitAssignment {
        unit: unit.into(),
        role: UnitRole::Lead,
        contact: String::new(),
        phone: String::new(),
    };
    let split = Assignment { date: day(), units: vec![lead(EDU), lead(SCI)], mode: LeadMode::Split };
    s.committee.assign(&id, split).unwrap();
    for unit in [EDU, SCI] {
        let reply = tian_core::ReplyInput {
            unit: unit.into(),
            date: day(),
            class: Some(AnswerClass::B),
            number: String::new(),
            signer: "局长".into(),
            signer_post: String::new(),
            contact: String::new(),
            text: "已列入计划。".into(),
            text_file: None,
            attachments: vec![],
            public: true,
            private_reason: String::new(),
        };
        s.committee.add_reply(&id, reply).unwrap();
    }
    for (unit, result) in [(EDU, Satisfaction::Satisfied), (SCI, Satisfaction::Unsatisfied)] {
        let verdict = tian_core::FeedbackInput {
            date: day(),
            result,
            comment: "意见".into(),
            unit: Some(unit.into()),
            form: Default::default(),
        };
        s.committee.give_feedback(&id, verdict).unwrap();
    }
    let again = tian_core::FeedbackDecision::Rehandle {
        date: day(),
        due: None,
        reason: "再研究".into(),
        unit: Some(SCI.into()),
    };
    assert_eq!(s.committee.decide_after_unsatisfied(&id, again).unwrap().handling.round, 2);
    let before = s.observe();
    // 市教育局 was satisfied in round 1; round 2 is 市科技局's alone.
    let ops = s.reply("r-2", "十三届五次/0044", &[("round", json!(2)), ("date", json!(day().to_string()))]);
    let file = s.forge("round2.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "目前是第1轮办理，不能答复第2轮");
    assert_eq!(s.observe(), before);
}

/// The committee's verdict on 0069's answer `r-1` (class C), sent by the unit.
fn judged_c_answer(s: &mut Scene) -> tian_core::domain::ProposalId {
    let ops = s.reply("r-1", P0069, &[("class", json!("C")), ("date", json!("2026-05-20"))]);
    let file = s.forge("answer.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let id = s.committee.resolve("0069", None).unwrap();
    let verdict = tian_core::FeedbackInput {
        date: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        result: tian_core::domain::Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    };
    s.committee.give_feedback(&id, verdict).unwrap();
    id
}

#[test]
fn a_second_answer_never_regrades_or_back_dates_a_judged_or_closed_proposal() {
    let mut s = scene();
    let id = judged_c_answer(&mut s);
    let before = s.observe();
    // A second round-1 answer, class A and back-dated inside the due date.
    let ops = s.reply("r-again", P0069, &[("class", json!("A")), ("date", json!("2026-04-05"))]);
    let file = s.forge("again.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "本轮答复已完成");
    assert_eq!(s.observe(), before);
    let page = s.committee.dossier(&id).unwrap();
    assert_eq!(page.answer_class(), Some(tian_core::domain::AnswerClass::C), "the class judged stays");

    // Closed: no answer lands, and the answer closed on keeps every field.
    let closure = tian_core::domain::Closure {
        date: chrono::NaiveDate::from_ymd_opt(2026, 6, 2).unwrap(),
        summary: "已说明".into(),
        kind: tian_core::domain::CloseKind::Satisfied,
    };
    s.committee.close(&id, closure).unwrap();
    let closed = s.observe();
    let ops = s.reply("r-after", P0069, &[("date", json!("2026-06-20"))]);
    let file = s.forge("after.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "本提案已办结");
    let ops = vec![s.op("reply", "r-1", "text", json!("问题已全部解决。"))];
    let file = s.forge("rewrite.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "答复不能再修改或删除");
    assert_eq!(s.observe(), closed);
}

#[test]
fn an_answer_closed_on_by_silence_keeps_its_class_and_stays() {
    let mut s = scene();
    let ops = s.reply("r-1", P0069, &[("class", json!("C")), ("date", json!("2026-04-10"))]);
    let file = s.forge("answer.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let id = s.committee.resolve("0069", None).unwrap();
    let settings = tian_core::Settings { deemed_satisfied: true, ..s.committee.settings().unwrap() };
    s.committee.save_settings(&settings).unwrap();
    let deemed = tian_core::domain::Closure {
        date: june_end(),
        summary: "逾期未反馈".into(),
        kind: tian_core::domain::CloseKind::Deemed,
    };
    s.committee.close(&id, deemed).unwrap();
    let before = s.observe();
    for (name, field, value) in [("gone", "deleted", json!(true)), ("regraded", "class", json!("A"))] {
        let ops = vec![s.op("reply", "r-1", field, value)];
        let file = s.forge(&format!("{name}.tianpkg"), ops, BTreeMap::new());
        s.refused(&file, "答复不能再修改或删除");
        assert_eq!(s.observe(), before, "{name}");
    }
}

#[test]
fn dates_to_come_and_hand_backs_arriving_late_are_refused() {
    let mut s = scene();
    let before = s.observe();
    let ops = s.reply("r-2199", P0069, &[("date", json!("2199-01-01"))]);
    let file = s.forge("2199.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "答复日期（2199年1月1日）晚于提案委员会收到时的日期（2026年6月30日");
    let mut ops = extension(&mut s, "x-2199", P0069, Value::Null);
    for op in &mut ops {
        if op.field == "date" {
            op.value = json!("2199-01-01");
        }
    }
    let file = s.forge("x2199.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "延期日期（2199年1月1日）晚于提案委员会收到时的日期");
    assert_eq!(s.observe(), before);

    // Dated inside the ten days, arriving three months after 交办: the
    // clock of an answer owed is not stopped after the fact.
    let ops = hand_back(&mut s, "h-months", P0069, &day().to_string());
    let file = s.forge("months.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "退回须在交办后10日内送达");
    assert_eq!(s.observe(), before);

    // An extension asked after the answer fell due (1 July) turns nothing late into on time.
    s.committee.set_today(chrono::NaiveDate::from_ymd_opt(2026, 8, 20).unwrap());
    let before = s.observe();
    let mut ops = extension(&mut s, "x-late", P0069, Value::Null);
    for op in &mut ops {
        match op.field.as_str() {
            "date" => op.value = json!("2026-08-15"),
            "requested_to" => op.value = json!("2026-09-30"),
            _ => {}
        }
    }
    let file = s.forge("late-x.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "逾期后不能再申请延期");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_unit_that_handed_a_proposal_back_neither_answers_nor_records_contacts_and_nothing_deleted_returns() {
    let mut s = scene();
    // The unit's contact, which the committee then deletes.
    let ops = s.contact("c-1", json!(EDU));
    let file = s.forge("contact.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let id = s.committee.resolve("0069", None).unwrap();
    s.committee.delete_record(&id, tian_core::RecordKind::Contact, "c-1").unwrap();
    let before = s.observe();
    for (name, field, value) in [("revive", "deleted", json!(false)), ("edit", "content", json!("改写的内容"))] {
        let ops = vec![s.op("contact", "c-1", field, value)];
        let file = s.forge(&format!("{name}.tianpkg"), ops, BTreeMap::new());
        s.refused(&file, "已删除的沟通记录不能由承办单位恢复或修改");
        assert_eq!(s.observe(), before, "{name}");
    }

    // Handed back in time, the unit has done with the proposal.
    s.committee.set_today(day() + chrono::Days::new(5));
    let ops = hand_back(&mut s, "h-1", P0069, &day().to_string());
    let file = s.forge("back.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    assert_eq!(s.committee.dossier(&id).unwrap().proposal.stage, tian_core::domain::Stage::HandedBack);
    let before = s.observe();
    let ops = s.reply("r-after-back", P0069, &[("date", json!("2026-04-05"))]);
    let file = s.forge("reply-after-back.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "已由市教育局退回");
    let mut ops = s.contact("c-after-back", json!(EDU));
    for op in &mut ops {
        if op.field == "date" {
            op.value = json!("2026-04-05");
        }
    }
    let file = s.forge("contact-after-back.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "市教育局已退回本提案");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_look_alike_name_is_the_same_name_and_a_character_no_document_carries_is_refused() {
    let mut s = scene();
    // A second key for 市教育局, its name carrying a zero-width space.
    let (_fresh, _) = new_installation(&s);
    let other = SigningKey::from_hex(&meta(&s.dir.path().join("fresh/tian.db"), "signing_key")).unwrap();
    let look_alike = s.dir.path().join("look-alike.tiankey");
    std::fs::write(&look_alike, KeyFile::new(Role::Unit, "市教育局\u{200B}", &other.public()).to_bytes()).unwrap();
    let fp = s.committee.preview_key(&look_alike).unwrap().fingerprint;
    let err = s.committee.trust_key(&look_alike, &fp).unwrap_err().to_string();
    assert!(err.contains("另一把密钥"), "trusted beside the real 市教育局: {err}");
    assert_eq!(s.committee.sync_status().unwrap().peers.len(), 1);

    // U+FFFF in an answer would make the whole report's .docx ill-formed.
    let before = s.observe();
    let ops = s.reply("r-ffff", P0069, &[("text", json!("已列入计划\u{FFFF}。"))]);
    let file = s.forge("ffff.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "“复文”含有不能保存的字符（U+FFFF，Unicode 非字符）");
    let ops = s.reply("r-prev", P0069, &[]);
    let mut ops = ops;
    ops[0].prev_value = Some(json!("x".repeat(100_000)));
    let file = s.forge("prev.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "修改前的值不符合该字段的要求");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_unit_brings_only_a_few_origins_and_its_refusals_are_summed_up_not_kept_whole() {
    let mut s = scene();
    // Contacts, each origin's written under it: a unit's PC writes under
    // one, and one more per backup restored; sixteen in all.
    let under = |s: &mut Scene, origins: std::ops::Range<usize>, contacts: usize| {
        let mut ops = Vec::new();
        for i in origins {
            let origin = format!("{i:032x}");
            for n in 0..contacts {
                for (seq, mut op) in s.contact(&format!("c-origin-{i}-{n}"), json!(EDU)).into_iter().enumerate() {
                    op.origin = origin.clone();
                    op.origin_seq = 1 + (n * 6 + seq) as i64;
                    op.batch = 1;
                    ops.push(op);
                }
            }
        }
        ops
    };
    let ops = under(&mut s, 0..10, 1);
    let file = s.forge("ten.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused_total, 0);
    // Ten more: six reach sixteen, four are one too many each.
    let ops = under(&mut s, 10..20, 25);
    let file = s.forge("origins.tianpkg", ops, BTreeMap::new());
    let import = s.refused(&file, "来自该单位过多的来源");
    let id = s.committee.resolve("0069", None).unwrap();
    let taken = s.committee.dossier(&id).unwrap().contacts.iter().filter(|c| c.unit.as_deref() == Some(EDU)).count();
    assert_eq!(taken, 10 + 6 * 25, "the first sixteen origins, no more");
    assert_eq!(import.refused_total, 4 * 25 * 6);
    assert_eq!(import.refused.len(), tian_core::LISTED_REFUSALS, "listed up to the limit, counted in full");
    // Each refusal is kept for the 回执, by what it wrote; only those listed keep their value.
    let conn = rusqlite::Connection::open(&s.committee_db).unwrap();
    let (kept, valued): (i64, i64) = conn
        .query_row("SELECT count(*), count(*) FILTER (WHERE value <> '') FROM refused_ops", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(kept, i64::from(import.refused_total));
    assert!(valued <= tian_core::LISTED_REFUSALS as i64, "values kept for the listed only: {valued}");
}

#[test]
fn records_are_judged_in_the_order_they_apply_and_a_request_counts_from_its_arrival() {
    let mut s = scene();
    s.committee.set_today(day() + chrono::Days::new(5));
    let before = s.observe();
    // A hand-back stamped first, then a contact: the contact finds the
    // proposal handed back, whatever order the kinds sort in.
    let mut ops = hand_back(&mut s, "h-first", P0069, &day().to_string());
    let mut contact = s.contact("c-then", json!(EDU));
    for op in &mut contact {
        op.hlc.wall_ms += 60_000;
        if op.field == "date" {
            op.value = json!("2026-04-03");
        }
    }
    ops.extend(contact);
    let file = s.forge("back-then-contact.tianpkg", ops, BTreeMap::new());
    let import = s.refused(&file, "市教育局已退回本提案");
    assert!(import.new_operations > 0, "the hand-back itself stands");
    let id = s.committee.resolve("0069", None).unwrap();
    let page = s.committee.dossier(&id).unwrap();
    assert_eq!(page.proposal.stage, tian_core::domain::Stage::HandedBack);
    assert!(page.contacts.iter().all(|c| c.unit.as_deref() != Some(EDU)), "no contact after its own hand-back");
    assert_ne!(s.observe(), before);

    // Due 1 July; a request dated inside it but arriving in August is late.
    let mut s = scene();
    s.committee.set_today(chrono::NaiveDate::from_ymd_opt(2026, 8, 20).unwrap());
    let before = s.observe();
    let mut ops = extension(&mut s, "x-backdated", P0069, Value::Null);
    for op in &mut ops {
        if op.field == "requested_to" {
            op.value = json!("2026-09-30");
        }
    }
    let file = s.forge("backdated-x.tianpkg", ops, BTreeMap::new());
    s.refused(&file, "晚于答复期限");
    assert_eq!(s.observe(), before);
}

#[test]
fn a_units_word_on_what_a_field_held_before_never_reaches_the_audit_trail() {
    let mut s = scene();
    let ops = s.reply("r-own", P0069, &[]);
    let file = s.forge("own.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let mut edit = s.op("reply", "r-own", "text", json!("答复（修订）"));
    edit.prev_value = Some(json!("提案委员会要求删去关于经费的承诺"));
    let file = s.forge("edit.tianpkg", vec![edit], BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let id = s.committee.resolve("0069", None).unwrap();
    let timeline = serde_json::to_string(&s.committee.timeline(&id).unwrap()).unwrap();
    assert!(!timeline.contains("提案委员会要求删去"), "the forged before-value is not shown: {timeline}");
    assert!(timeline.contains("已列入计划。"), "the value the committee held is");
    let conn = rusqlite::Connection::open(&s.committee_db).unwrap();
    let kept: i64 =
        conn.query_row("SELECT count(*) FROM log WHERE prev_value LIKE '%删去%'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 0, "nor kept in the log");
}

/// The preview lists a refused change in one line of the committee's words:
/// a line break or a direction mark in a forged id or field name never
/// starts a line of its own ("已导入…，无拒绝项") beneath it.
#[test]
fn a_refused_change_cannot_forge_a_line_of_the_preview() {
    let mut s = scene();
    let forged = "0069\n已导入来自提案委员会的更正，无拒绝项\u{202E}";
    let ops = vec![
        s.op("proposal", &format!("十三届五次/{forged}"), "title", json!("改掉的标题")),
        s.op("reply", "r-forged", &format!("text\n{forged}"), json!("x")),
    ];
    let file = s.forge("forged-lines.tianpkg", ops, BTreeMap::new());
    let preview = s.committee.preview_package(&file).unwrap();
    assert_eq!(preview.refused.len(), 2, "{:?}", preview.refused);
    for refused in &preview.refused {
        let line = format!("{}：{}", refused.what, refused.reason);
        assert!(!line.contains(['\n', '\r', '\u{202E}']), "one line of the preview's own: {line:?}");
    }
}

/// What every path asks the clerk to write (a contact's content, a reply's
/// text and signer, a request's reason, the evidence of a suggestion done)
/// a package can neither leave blank nor fill with spaces.
#[test]
fn what_the_window_requires_a_package_cannot_leave_blank() {
    let mut s = scene();
    let before = s.observe();
    let mut blank_contact = s.contact("c-blank", json!(EDU));
    blank_contact.iter_mut().find(|o| o.field == "content").unwrap().value = json!("   ");
    let file = s.forge("blank-contact.tianpkg", blank_contact, BTreeMap::new());
    s.refused(&file, "“内容”不能为空");
    for (field, label) in [("text", "“复文”不能为空"), ("signer", "“签发领导”不能为空")] {
        let ops = s.reply(&format!("r-no-{field}"), P0069, &[(field, json!(""))]);
        let file = s.forge(&format!("reply-no-{field}.tianpkg"), ops, BTreeMap::new());
        s.refused(&file, label);
    }
    let mut no_reason = extension(&mut s, "x-no-reason", P0069, Value::Null);
    no_reason.iter_mut().find(|o| o.field == "reason").unwrap().value = json!("");
    let file = s.forge("no-reason.tianpkg", no_reason, BTreeMap::new());
    s.refused(&file, "“理由”不能为空");
    let done: Vec<SentOperation> = [
        ("proposal_id", json!(P0069)),
        ("index", json!(1)),
        ("status", json!("已落实")),
        ("evidence", json!("")),
        ("date", json!("2026-05-20")),
    ]
    .into_iter()
    .map(|(field, value)| s.op("suggestion", &format!("{P0069}#1"), field, value))
    .collect();
    let file = s.forge("no-evidence.tianpkg", done, BTreeMap::new());
    s.refused(&file, "落实情况须写明佐证");
    assert_eq!(s.observe(), before, "nothing of it landed");
}

/// A suggestion's record is named by its proposal (“…/0020#1”), so another
/// unit's status for it can be foretold: no other kind of record may take
/// such an id, or a unit could hold it against the unit whose it is.
#[test]
fn a_record_cannot_take_the_id_another_units_suggestion_status_will_need() {
    let mut s = scene();
    let before = s.observe();
    let squat = s.contact("十三届五次/0020#1", json!(EDU));
    let file = s.forge("squat.tianpkg", squat, BTreeMap::new());
    s.refused(&file, "记录编号无效");
    assert_eq!(s.observe(), before);
}

/// One extension request waits for its answer at a time, whether the
/// second arrives in the same package or a later one.
#[test]
fn a_second_extension_request_waits_for_the_first_in_a_package_as_at_the_window() {
    let mut s = scene();
    let mut ops = extension(&mut s, "x-first", P0069, Value::Null);
    ops.extend(extension(&mut s, "x-second", P0069, Value::Null));
    let file = s.forge("two-requests.tianpkg", ops, BTreeMap::new());
    let import = s.refused(&file, "已有一份延期申请在等待审批");
    assert!(import.refused.iter().all(|r| !r.what.is_empty()));
    let id = s.committee.resolve("0069", None).unwrap();
    assert_eq!(s.committee.dossier(&id).unwrap().pending_extensions().count(), 1, "the first stands");
    let later = extension(&mut s, "x-third", P0069, Value::Null);
    let file = s.forge("third-request.tianpkg", later, BTreeMap::new());
    s.refused(&file, "已有一份延期申请在等待审批");
}

/// A unit's answer that reached the committee and is then deleted by the
/// unit (it may, while nothing was built on it) leaves the answer owed
/// again at the committee, to its deadline, as the committee's own
/// deletion does: the proposal does not stay 已答复 with no answer.
#[test]
fn an_answer_the_unit_takes_back_is_owed_again_at_the_committee() {
    let mut s = scene();
    let id = s.committee.resolve("0069", None).unwrap();
    let owed_before = s.committee.dossier(&id).unwrap().deadline.expect("owed by a date");
    let ops = s.reply("r-taken-back", P0069, &[]);
    let file = s.forge("answer.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let answered = s.committee.dossier(&id).unwrap();
    assert_eq!(answered.proposal.stage, tian_core::domain::Stage::Replied);
    let gone = vec![s.op("reply", "r-taken-back", "deleted", json!(true))];
    let file = s.forge("taken-back.tianpkg", gone, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let owed = s.committee.dossier(&id).unwrap();
    assert_eq!(owed.proposal.stage, tian_core::domain::Stage::Handling, "the answer is owed again");
    assert!(owed.replies.is_empty());
    let deadline = owed.deadline.expect("a deadline again");
    assert_eq!(deadline.due, owed_before.due, "the same deadline as before the answer");
}

/// A unit that deletes its answer and enters a new one before it next
/// sends has both in one package: the committee takes both, and the new
/// answer stands.
#[test]
fn an_answer_deleted_and_entered_again_in_one_package_is_the_new_answer() {
    let mut s = scene();
    let ops = s.reply("r-first", P0069, &[]);
    let file = s.forge("first.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let mut ops = vec![s.op("reply", "r-first", "deleted", json!(true))];
    ops.extend(s.reply("r-second", P0069, &[("text", json!("重新答复：已列入年度计划并开始实施。"))]));
    let file = s.forge("again.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let id = s.committee.resolve("0069", None).unwrap();
    let d = s.committee.dossier(&id).unwrap();
    assert_eq!(d.proposal.stage, tian_core::domain::Stage::Replied);
    assert_eq!(d.replies.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["r-second"]);
}

/// What must be written cannot be written as characters nobody sees.
#[test]
fn an_invisible_text_is_as_blank_as_an_empty_one() {
    let mut s = scene();
    let before = s.observe();
    for (i, blank) in ["\u{200B}", "\u{FEFF}\u{2060}", "\u{3164}", "\u{2800}", "\u{00AD}"].into_iter().enumerate() {
        let mut ops = s.contact(&format!("c-invisible-{i}"), json!(EDU));
        ops.iter_mut().find(|o| o.field == "content").unwrap().value = json!(blank);
        let file = s.forge(&format!("invisible-{i}.tianpkg"), ops, BTreeMap::new());
        s.refused(&file, "“内容”不能为空");
    }
    assert_eq!(s.observe(), before);
}

/// Under 分办 too: a lead unit's answer taken back leaves that unit's
/// answer owed again, and the proposal waits for it, to a deadline.
#[test]
fn under_split_handling_an_answer_taken_back_is_owed_again() {
    let mut s = scene();
    let id = s.committee.resolve("0077", None).unwrap();
    let lead = |unit: &str| UnitAssignment {
        unit: unit.into(),
        role: UnitRole::Lead,
        contact: String::new(),
        phone: String::new(),
    };
    let split = Assignment { date: day(), units: vec![lead(EDU), lead("市财政局")], mode: LeadMode::Split };
    s.committee.assign(&id, split).unwrap();
    let finance = tian_core::ReplyInput {
        text: "财政局的答复。".into(),
        ..exchange_support::answer("市财政局", tian_core::domain::AnswerClass::B, june_end())
    };
    s.committee.add_reply(&id, finance).unwrap();
    let proposal = id.as_str().to_owned();
    let ops = s.reply("r-split", &proposal, &[]);
    let file = s.forge("split-answer.tianpkg", ops, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    assert_eq!(s.committee.dossier(&id).unwrap().proposal.stage, tian_core::domain::Stage::Replied);
    let gone = vec![s.op("reply", "r-split", "deleted", json!(true))];
    let file = s.forge("split-taken-back.tianpkg", gone, BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let d = s.committee.dossier(&id).unwrap();
    assert_eq!(d.proposal.stage, tian_core::domain::Stage::Handling, "市教育局's answer is owed again");
    assert!(d.deadline.is_some(), "to a deadline");
    assert!(d.unit_deadlines.iter().any(|u| u.unit == EDU), "{:?}", d.unit_deadlines);
}

/// A unit's installation sends again what the committee has not yet
/// acknowledged: a record it deleted, sent again whole with its deletion,
/// changes nothing and is no refusal (the committee once read such a
/// record's proposal as changed, and listed its fields as refused).
#[test]
fn a_deleted_record_sent_again_as_held_is_no_refusal() {
    let mut s = scene();
    let first = s.contact("c-again", json!(EDU));
    let file = s.forge("contact.tianpkg", first.clone(), BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let gone = s.op("contact", "c-again", "deleted", json!(true));
    let file = s.forge("gone.tianpkg", vec![gone.clone()], BTreeMap::new());
    assert_eq!(s.committee.import_package(&file).unwrap().refused, []);
    let mut again = first;
    again.push(gone);
    again.extend(s.contact("c-next", json!(EDU)));
    let file = s.forge("again.tianpkg", again, BTreeMap::new());
    let import = s.committee.import_package(&file).unwrap();
    assert_eq!(import.refused, [], "nothing of it is a change");
    let id = s.committee.resolve("0069", None).unwrap();
    let contacts = s.committee.dossier(&id).unwrap().contacts;
    assert!(contacts.iter().any(|c| c.id == "c-next") && !contacts.iter().any(|c| c.id == "c-again"));
}

#[test]
fn a_units_receipt_naming_the_committees_own_changes_as_refused_withdraws_nothing() {
    let mut s = scene();
    let before = s.observe();
    let committee_origin: String = rusqlite::Connection::open(&s.committee_db)
        .unwrap()
        .query_row("SELECT value FROM meta WHERE key = 'origin'", [], |r| r.get(0))
        .unwrap();
    let mut refused: Vec<tian_sync::RefusedOperation> =
        (1..=300).map(|seq| refusal(&committee_origin, seq, "伪造的拒收")).collect();
    refused.push(refusal(&committee_origin, -1, &"x".repeat(100_000)));
    refused.push(refusal("'; DROP TABLE log; --", i64::MAX, ""));
    let receipt = Acknowledgement { refused, ..Acknowledgement::default() };
    let file = s.forge_with_receipt("receipt.tianpkg", vec![], BTreeMap::new(), receipt);
    s.committee.import_package(&file).unwrap();
    assert_eq!(s.observe(), before, "a unit's receipt withdraws nothing of the committee's");
}

/// A refusal of `origin`'s change `seq`, naming 0069's assignment.
fn refusal(origin: &str, seq: i64, reason: &str) -> tian_sync::RefusedOperation {
    tian_sync::RefusedOperation {
        origin: origin.into(),
        seq,
        entity: "proposal".into(),
        entity_id: P0069.into(),
        field: "units".into(),
        reason: reason.into(),
    }
}

/// A package under the id of another unit's package (read off a shared
/// U盘) is its own sender's: the refusals it earns are filed under that
/// sender, never under the other unit, whose 回执 would then withdraw its
/// own changes; and it does not shut the other's package out.
#[test]
fn a_package_under_another_units_package_id_is_its_own_senders() {
    let mut s = scene();
    let mut sci = Tian::open(&s.dir.path().join("sci/tian.db")).unwrap();
    sci.init_identity(Role::Unit, SCI).unwrap();
    let (sci_key, committee_key) = (s.dir.path().join("sci.tiankey"), s.dir.path().join("c2.tiankey"));
    sci.export_key(&sci_key).unwrap();
    s.committee.export_key(&committee_key).unwrap();
    let committee_seen = sci.preview_key(&committee_key).unwrap().fingerprint;
    sci.trust_key(&committee_key, &committee_seen).unwrap();
    let seen = s.committee.preview_key(&sci_key).unwrap().fingerprint;
    s.committee.trust_key(&sci_key, &seen).unwrap();
    let theirs = s.dir.path().join("sci.tianpkg");
    sci.export_package(None, ExportMode::Unacknowledged, &theirs).unwrap();
    let their_id = s.committee.import_package(&theirs).unwrap().package_id;
    let before = s.observe();

    let ops = vec![s.op("reply", "r-x", "text", json!("伪造"))];
    let file = s.forge("copied-id.tianpkg", ops, BTreeMap::new());
    let key = SigningKey::from_hex(&meta(&s.unit_db, "signing_key")).unwrap();
    let bytes = rewrite_manifest(&std::fs::read(&file).unwrap(), &key, |m| m["id"] = json!(their_id));
    std::fs::write(&file, bytes).unwrap();
    let taken = s.committee.import_package(&file).unwrap();
    assert!(!taken.seen_before && taken.refused_total == 1, "{taken:?}");
    let after = s.observe();
    assert_eq!(after.log, before.log, "nothing of the forgery written");
    // 市科技局's next package from the committee names none of its changes as refused.
    let to_sci = s.dir.path().join("to-sci.tianpkg");
    s.committee.export_package(Some(SCI), ExportMode::Unacknowledged, &to_sci).unwrap();
    let bytes = std::fs::read(&to_sci).unwrap();
    let package = ExchangePackage::open(&bytes, |_| tian_sync::KeyStanding::Trusted).unwrap();
    assert!(
        package.manifest.envelope.acknowledgement.refused.is_empty(),
        "{:?}",
        package.manifest.envelope.acknowledgement
    );
}

/// A unit's installation writes under a few origins in its life (one more
/// per backup restored): a package of changes under thousands is refused
/// whole before any is judged or kept, however it is sent.
#[test]
fn a_package_under_more_origins_than_one_units_installation_has_is_refused_whole() {
    let mut s = scene();
    let before = s.observe();
    let contacts: Vec<SentOperation> = (0..17)
        .flat_map(|n| {
            let mut ops = s.contact(&format!("c-origin-{n}"), json!(EDU));
            for op in &mut ops {
                op.origin = format!("forged-origin-{n:02}");
            }
            ops
        })
        .collect();
    let file = s.forge("origins.tianpkg", contacts, BTreeMap::new());
    for refusal in [s.committee.preview_package(&file).unwrap_err(), s.committee.import_package(&file).unwrap_err()] {
        assert!(refusal.to_string().contains("来自17个来源"), "{refusal}");
    }
    let batch = s.committee.import_packages(std::slice::from_ref(&file)).unwrap();
    assert!(batch.packages[0].refused.as_deref().is_some_and(|r| r.contains("至多有16个")), "{batch:?}");
    assert_eq!(s.observe(), before);

    // Nor under one origin of changes and sixteen more of stated ranges,
    // each of which would be kept as held and named back in every package.
    let key = SigningKey::from_hex(&meta(&s.unit_db, "signing_key")).unwrap();
    let ops = s.contact("c-ranges", json!(EDU));
    let file = s.forge("ranges.tianpkg", ops, BTreeMap::new());
    let bytes = rewrite_manifest(&std::fs::read(&file).unwrap(), &key, |m| {
        m["ranges"] =
            (0..16).map(|n| json!({ "origin": format!("stated-{n:02}"), "after": 0, "through": 9 })).collect();
        // And a 回执 claiming origins this committee never wrote under.
        m["acknowledgement"]["through"] = (0..500).map(|n| (format!("unknown-{n}"), json!(5))).collect();
    });
    std::fs::write(&file, bytes).unwrap();
    let refusal = s.committee.import_package(&file).unwrap_err().to_string();
    assert!(refusal.contains("来自17个来源"), "{refusal}");
    let bytes = rewrite_manifest(&std::fs::read(&file).unwrap(), &key, |m| m["ranges"] = json!([]));
    std::fs::write(&file, bytes).unwrap();
    assert_eq!(s.committee.import_package(&file).unwrap().refused_total, 0);
    let conn = rusqlite::Connection::open(&s.committee_db).unwrap();
    let kept: i64 =
        conn.query_row("SELECT count(*) FROM sync_acked WHERE origin LIKE 'unknown-%'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 0, "a claim of an origin never written here is no claim");
}

/// The committee's own packages, lying on the U盘 beside the units', are
/// named as its own only when its own signature holds: one that names its
/// key but is signed by a unit is a forgery.
#[test]
fn only_a_package_this_installation_signed_is_named_as_its_own() {
    let mut s = scene();
    let own = s.dir.path().join("own.tianpkg");
    s.committee.export_package(Some(EDU), ExportMode::Unacknowledged, &own).unwrap();
    let said = s.committee.import_package(&own).unwrap_err().to_string();
    assert_eq!(said, "这是本机导出（发给对方）的交换包，不用在本机导入。");
    let committee_public = SigningKey::from_hex(&meta(&s.committee_db, "signing_key")).unwrap().public().to_hex();
    let unit_key = SigningKey::from_hex(&meta(&s.unit_db, "signing_key")).unwrap();
    let forged =
        rewrite_manifest(&std::fs::read(&own).unwrap(), &unit_key, |m| m["sender_key"] = json!(committee_public));
    std::fs::write(&own, forged).unwrap();
    let said = s.committee.import_package(&own).unwrap_err().to_string();
    assert!(said.contains("签名无效"), "{said}");
}
