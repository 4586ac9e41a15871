//! Sync by exchange file between a committee and its handling units, on real
//! database files: packages in any order, twice or lost and sent again end
//! in the same state; nothing is lost; concurrent edits become conflicts;
//! tampered or misdirected packages and changes a unit may not make are
//! refused with the database untouched.

mod exchange_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use exchange_support::{day, phone_call, trust, COMMITTEE, EDU, SCI};
use proptest::prelude::*;
use tian_core::domain::{
    Assignment, Contact, ContactMethod, Offer, SuggestionProgress, SuggestionState, UnitAssignment, UnitRole,
    Withdrawal,
};
use tian_core::{Dossier, ExportMode, Role, Tian};
use tian_store::{ContactField, ProposalField, ReplyField};

/// One installation on its own database file.
struct Office {
    name: &'static str,
    path: PathBuf,
    tian: Tian,
}

impl Office {
    fn committee(dir: &Path) -> Office {
        let path = dir.join("committee/tian.db");
        let mut tian = Tian::open(&path).unwrap();
        tian.init_identity(Role::Committee, COMMITTEE).unwrap();
        tian.set_today(day());
        Office { name: COMMITTEE, path, tian }
    }

    fn unit(dir: &Path, name: &'static str) -> Office {
        let path = dir.join(format!("{name}/tian.db"));
        let mut tian = Tian::open(&path).unwrap();
        tian.init_identity(Role::Unit, name).unwrap();
        tian.set_today(day());
        Office { name, path, tian }
    }

    /// Every operation in this installation's log: (origin, seq) → (entity, id, field, value).
    fn log(&self) -> BTreeMap<(String, i64), (String, String, String, String)> {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        let mut stmt = conn.prepare("SELECT origin, origin_seq, entity, entity_id, field, value FROM ops").unwrap();
        stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn origin(&self) -> String {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row("SELECT value FROM meta WHERE key = 'origin'", [], |r| r.get(0)).unwrap()
    }
}

/// Each side trusts the other's key, as the clerks would after comparing fingerprints.
fn introduce(dir: &Path, committee: &mut Office, unit: &mut Office) {
    let (c_key, u_key) = (dir.join(format!("{}.tiankey", committee.name)), dir.join(format!("{}.tiankey", unit.name)));
    committee.tian.export_key(&c_key).unwrap();
    unit.tian.export_key(&u_key).unwrap();
    trust(&mut committee.tian, &u_key);
    trust(&mut unit.tian, &c_key);
}

fn assign(committee: &mut Office, number: &str, lead: &str, co: &str) {
    let id = committee.tian.resolve(number, None).unwrap();
    let unit =
        |unit: &str, role| UnitAssignment { unit: unit.into(), role, contact: String::new(), phone: String::new() };
    let assignment = Assignment {
        date: day(),
        units: vec![unit(lead, UnitRole::Lead), unit(co, UnitRole::Co)],
        mode: Default::default(),
    };
    committee.tian.assign(&id, assignment).unwrap();
}

/// A committee and two units that trust each other; 0069 and 0045 are
/// assigned to both units (one leads, the other co-handles), 0077 to neither.
fn offices(dir: &Path) -> Vec<Office> {
    let mut committee = Office::committee(dir);
    let mut edu = Office::unit(dir, EDU);
    let mut sci = Office::unit(dir, SCI);
    introduce(dir, &mut committee, &mut edu);
    introduce(dir, &mut committee, &mut sci);
    assign(&mut committee, "0069", EDU, SCI);
    assign(&mut committee, "0045", SCI, EDU);
    assign(&mut committee, "0077", "市民政局", "市财政局");
    vec![committee, edu, sci]
}

/// Sends a package from `from` to `to` and imports it.
fn exchange(dir: &Path, offices: &mut [Office], from: usize, to: usize) {
    let file = dir.join(format!("direct-{from}-{to}.tianpkg"));
    let recipient = offices[to].name;
    offices[from].tian.export_package(Some(recipient), ExportMode::Unacknowledged, &file).unwrap();
    offices[to].tian.import_package(&file).unwrap();
}

/// Full rounds between the committee and every unit until acknowledgements settle.
fn settle(dir: &Path, offices: &mut [Office]) {
    for _ in 0..3 {
        for unit in 1..offices.len() {
            exchange(dir, offices, unit, 0);
        }
        for unit in 1..offices.len() {
            exchange(dir, offices, 0, unit);
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// Sets suggestion `index` of a proposal on an installation.
    Suggestion {
        office: usize,
        proposal: usize,
        index: u32,
        status: usize,
        evidence: usize,
    },
    Contact {
        office: usize,
        proposal: usize,
        words: usize,
    },
    /// Deletes the installation's oldest visible contact of a proposal.
    DeleteContact {
        office: usize,
        proposal: usize,
    },
    /// Resolves the installation's first conflict with its `choice`-th value.
    Resolve {
        office: usize,
        choice: usize,
    },
    /// Writes a package from the committee to a unit or back, into the bag.
    Export {
        unit: usize,
        upward: bool,
    },
    /// Imports a package from the bag (again, if it was delivered before).
    Deliver {
        package: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..3usize, 0..2usize, 1..3u32, 0..4usize, 0..3usize)
            .prop_map(|(office, proposal, index, status, evidence)| Step::Suggestion { office, proposal, index, status, evidence }),
        1 => (0..3usize, 0..2usize, 0..3usize).prop_map(|(office, proposal, words)| Step::Contact { office, proposal, words }),
        1 => (0..3usize, 0..2usize).prop_map(|(office, proposal)| Step::DeleteContact { office, proposal }),
        1 => (0..3usize, 0..2usize).prop_map(|(office, choice)| Step::Resolve { office, choice }),
        3 => (1..3usize, any::<bool>()).prop_map(|(unit, upward)| Step::Export { unit, upward }),
        4 => (0..12usize).prop_map(|package| Step::Deliver { package }),
    ]
}

const PROPOSALS: [&str; 2] = ["0069", "0045"];
const WORDS: [&str; 3] = ["平台已上线", "已列入年度计划", "试点学校已覆盖"];

/// What every operation had seen when it was written: the log of its
/// installation right after the action, less the action's own later writes.
type Seen = BTreeMap<OpId, BTreeSet<OpId>>;

/// An operation by its origin and sequence number.
type OpId = (String, i64);

/// A field of a record: entity, id and field name.
type FieldKey = (String, String, String);

fn run_step(dir: &Path, offices: &mut [Office], bag: &mut Vec<(usize, PathBuf)>, step: &Step) -> Option<usize> {
    let edit = |o: &mut Office, f: &mut dyn FnMut(&mut Tian) -> tian_core::Result<()>| {
        // Edits the rules refuse (a unit without the proposal yet, nothing to
        // delete) write nothing; the test only cares about what was written.
        let _ = f(&mut o.tian);
    };
    match *step {
        Step::Suggestion { office, proposal, index, status, evidence } => {
            edit(&mut offices[office], &mut |t| {
                let id = t.resolve(PROPOSALS[proposal], None)?;
                let status = SuggestionState::ALL[status];
                let progress =
                    SuggestionProgress { index, status, evidence: WORDS[evidence].into(), date: Some(day()) };
                t.set_suggestion(&id, progress).map(drop)
            });
            Some(office)
        }
        Step::Contact { office, proposal, words } => {
            edit(&mut offices[office], &mut |t| {
                let id = t.resolve(PROPOSALS[proposal], None)?;
                let contact = phone_call(WORDS[words]);
                t.add_contact(&id, contact).map(drop)
            });
            Some(office)
        }
        Step::DeleteContact { office, proposal } => {
            edit(&mut offices[office], &mut |t| {
                let id = t.resolve(PROPOSALS[proposal], None)?;
                let Some(first) = t.dossier(&id)?.contacts.first().cloned() else { return Ok(()) };
                t.delete_record(&id, tian_core::RecordKind::Contact, &first.id).map(drop)
            });
            Some(office)
        }
        Step::Resolve { office, choice } => {
            edit(&mut offices[office], &mut |t| {
                let Some(conflict) = t.conflicts()?.into_iter().next() else { return Ok(()) };
                let value = conflict.choices[choice % conflict.choices.len()].value.clone();
                t.resolve_conflict(&conflict.key, value).map(drop)
            });
            Some(office)
        }
        Step::Export { unit, upward } => {
            let (from, to) = if upward { (unit, 0) } else { (0, unit) };
            let file = dir.join(format!("bag-{}.tianpkg", bag.len()));
            let recipient = offices[to].name;
            offices[from].tian.export_package(Some(recipient), ExportMode::Unacknowledged, &file).unwrap();
            bag.push((to, file));
            None
        }
        Step::Deliver { package } => {
            let (to, file) = bag.get(package)?.clone();
            offices[to].tian.import_package(&file).unwrap();
            Some(to)
        }
    }
}

/// Records what each new operation of `office` had seen.
fn note_seen(seen: &mut Seen, office: &Office, before: &BTreeSet<(String, i64)>) {
    let after: BTreeSet<(String, i64)> = office.log().into_keys().collect();
    let origin = office.origin();
    for new in after.difference(before).filter(|(o, _)| *o == origin) {
        let saw = after.iter().filter(|(o, s)| !(*o == origin && *s >= new.1)).cloned().collect();
        seen.insert(new.clone(), saw);
    }
}

/// The conflicts the log should show: fields whose unseen writes disagree.
fn expected_conflicts(
    log: &BTreeMap<(String, i64), (String, String, String, String)>,
    seen: &Seen,
) -> BTreeSet<(String, String, String)> {
    let mut by_field: BTreeMap<FieldKey, Vec<(&OpId, &String)>> = BTreeMap::new();
    for (id, (entity, entity_id, field, value)) in log {
        by_field.entry((entity.clone(), entity_id.clone(), field.clone())).or_default().push((id, value));
    }
    by_field
        .into_iter()
        .filter(|(_, writes)| {
            let heads: BTreeSet<&String> = writes
                .iter()
                .filter(|(id, _)| {
                    !writes.iter().any(|(other, _)| other != id && seen.get(*other).is_some_and(|s| s.contains(*id)))
                })
                .map(|(_, value)| *value)
                .collect();
            heads.len() > 1
        })
        .map(|(key, _)| key)
        .collect()
}

fn conflict_keys(tian: &Tian) -> BTreeSet<(String, String, String)> {
    let named = |c: tian_core::Conflict| {
        (c.key.target.entity().name().to_owned(), c.key.entity_id, c.key.target.name().to_owned())
    };
    tian.conflicts().unwrap().into_iter().map(named).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn any_exchange_schedule_converges_loses_nothing_and_shows_every_concurrent_edit(
        steps in proptest::collection::vec(step(), 1..28)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut offices = offices(dir.path());
        // The units start with their proposals, so that edits on all sides
        // (and thus concurrent ones) happen from the first step.
        exchange(dir.path(), &mut offices, 0, 1);
        exchange(dir.path(), &mut offices, 0, 2);
        let mut bag = Vec::new();
        let mut seen = Seen::new();
        for office in &offices {
            note_seen(&mut seen, office, &BTreeSet::new());
        }
        let mut every_op: BTreeSet<(String, i64)> = BTreeSet::new();
        let logs_before = |offices: &[Office]| -> Vec<BTreeSet<(String, i64)>> {
            offices.iter().map(|o| o.log().into_keys().collect()).collect()
        };
        for step in &steps {
            let before = logs_before(&offices);
            if let Some(office) = run_step(dir.path(), &mut offices, &mut bag, step) {
                note_seen(&mut seen, &offices[office], &before[office]);
            }
            for o in offices.iter() {
                every_op.extend(o.log().into_keys());
            }
        }
        // Lost packages are made good by the next exports, which start from
        // what the other side acknowledged.
        for round in 0..3 {
            for unit in 1..offices.len() {
                for (from, to) in [(unit, 0), (0, unit)] {
                    let before = offices[to].log().into_keys().collect();
                    exchange(dir.path(), &mut offices, from, to);
                    note_seen(&mut seen, &offices[to], &before);
                }
            }
            let _ = round;
        }

        let committee_log = offices[0].log();
        let held: BTreeSet<(String, i64)> = committee_log.keys().cloned().collect();
        let missing: Vec<_> = every_op.difference(&held).collect();
        prop_assert!(missing.is_empty(), "edits lost on the way to the committee: {missing:?}");

        let expected = expected_conflicts(&committee_log, &seen);
        prop_assert_eq!(conflict_keys(&offices[0].tian), expected.clone(), "committee's conflicts");

        for unit in 1..offices.len() {
            for number in PROPOSALS {
                let id = offices[0].tian.resolve(number, None).unwrap();
                // The records agree; the steps offered and the next step
                // read are each desk's own (a unit is never offered the
                // committee's, and reads what it owes itself).
                let own = |d: Dossier| Dossier { offered: vec![], next_needed: String::new(), desk: None, ..d };
                let there = own(offices[unit].tian.dossier(&id).unwrap());
                let here = own(offices[0].tian.dossier(&id).unwrap());
                prop_assert_eq!(
                    serde_json::to_value(&there).unwrap(),
                    serde_json::to_value(&here).unwrap(),
                    "{} and the committee disagree on {}", offices[unit].name, number
                );
            }
            prop_assert!(offices[unit].tian.resolve("0077", None).is_err(), "a proposal not assigned to the unit was sent");
            let in_scope: BTreeSet<_> = expected
                .iter()
                .filter(|(entity, id, _)| entity == "proposal" || PROPOSALS.iter().any(|n| id.contains(&format!("/{n}"))) || offices[unit].log().values().any(|(e, i, _, _)| e == entity && i == id))
                .cloned()
                .collect();
            prop_assert_eq!(conflict_keys(&offices[unit].tian), in_scope, "{}'s conflicts", offices[unit].name);
        }
    }
}

#[test]
fn the_same_package_twice_and_packages_out_of_order_end_in_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let id = offices[1].tian.resolve("0069", None).unwrap();
    let mut packages = Vec::new();
    for (i, evidence) in ["第一次", "第二次", "第三次"].into_iter().enumerate() {
        let progress = SuggestionProgress {
            index: 1,
            status: SuggestionState::InProgress,
            evidence: evidence.into(),
            date: Some(day()),
        };
        offices[1].tian.set_suggestion(&id, progress).unwrap();
        let file = dir.path().join(format!("up-{i}.tianpkg"));
        offices[1].tian.export_package(None, ExportMode::Unacknowledged, &file).unwrap();
        packages.push(file);
    }
    // Newest first, then the oldest twice; the middle one is lost.
    for file in [&packages[2], &packages[0], &packages[0]] {
        offices[0].tian.import_package(file).unwrap();
    }
    let again = offices[0].tian.import_package(&packages[0]).unwrap();
    assert!(again.seen_before);
    assert_eq!(again.new_operations, 0, "a package imported again adds nothing");
    let shown = &offices[0].tian.dossier(&id).unwrap().suggestion_status[0];
    assert_eq!(shown.evidence, "第三次", "the latest write wins whatever the order");
    // The lost package arrives late and changes nothing.
    assert_eq!(offices[0].tian.import_package(&packages[1]).unwrap().new_operations, 0);
    assert!(offices[0].tian.conflicts().unwrap().is_empty(), "one unit's successive writes never conflict");
}

#[test]
fn edits_on_both_sides_without_seeing_each_other_are_kept_as_a_conflict_until_the_clerk_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let id = offices[0].tian.resolve("0069", None).unwrap();
    let set = |o: &mut Office, evidence: &str| {
        let progress = SuggestionProgress {
            index: 2,
            status: SuggestionState::Done,
            evidence: evidence.into(),
            date: Some(day()),
        };
        o.tian.set_suggestion(&id, progress).unwrap();
    };
    set(&mut offices[0], "委员会视察确认");
    set(&mut offices[1], "单位自报已完成");
    settle(dir.path(), &mut offices);
    for office in &offices[..2] {
        let conflicts = office.tian.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "{} sees the conflict", office.name);
        let texts: BTreeSet<&str> = conflicts[0].choices.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, BTreeSet::from(["委员会视察确认", "单位自报已完成"]));
        assert_eq!(conflicts[0].record, "建议2落实情况");
    }
    let conflict = offices[0].tian.conflicts().unwrap().remove(0);
    let unit_value = conflict.choices.iter().find(|c| c.from == EDU).unwrap().value.clone();
    assert!(offices[0].tian.resolve_conflict(&conflict.key, unit_value).unwrap().is_empty());
    settle(dir.path(), &mut offices);
    for office in &offices[..2] {
        assert!(office.tian.conflicts().unwrap().is_empty());
        assert_eq!(office.tian.dossier(&id).unwrap().suggestion_status[0].evidence, "单位自报已完成");
    }
}

/// Writes a package from the committee to 市教育局 and returns its path.
fn committee_package(dir: &Path, offices: &mut [Office]) -> PathBuf {
    let file = dir.join("down.tianpkg");
    offices[0].tian.export_package(Some(EDU), ExportMode::Unacknowledged, &file).unwrap();
    file
}

/// Asserts that importing `file` at `office` fails with a message containing
/// `says`, and that neither preview nor import wrote anything.
fn refused(office: &mut Office, file: &Path, says: &str) {
    let before = office.log();
    let backups = office.tian.backups().unwrap().len();
    let err = office.tian.preview_package(file).unwrap_err().to_string();
    assert!(err.contains(says), "{err}");
    let err = office.tian.import_package(file).unwrap_err().to_string();
    assert!(err.contains(says), "{err}");
    assert_eq!(office.log(), before, "the database is untouched");
    assert_eq!(office.tian.backups().unwrap().len(), backups, "a refused package makes no backup");
}

#[test]
fn tampered_misdirected_or_unknown_packages_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    let file = committee_package(dir.path(), &mut offices);
    let bytes = std::fs::read(&file).unwrap();

    // Wrong recipient: 市科技局 receives 市教育局's package.
    refused(&mut offices[2], &file, "是发给“市教育局”的");

    // Truncated on the way, and not a package at all.
    let cut = dir.path().join("cut.tianpkg");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    refused(&mut offices[1], &cut, "不完整或已损坏");
    let text = dir.path().join("notes.tianpkg");
    std::fs::write(&text, "会议纪要：请各单位按时答复").unwrap();
    refused(&mut offices[1], &text, "不是天（Tian）的交换包");

    // Altered bytes: one operation's value rewritten inside the zip.
    let altered = dir.path().join("altered.tianpkg");
    std::fs::write(&altered, rewrite(&bytes, "operations.jsonl", |t| t.replacen("市民盟", "某某", 1))).unwrap();
    refused(&mut offices[1], &altered, "“operations.jsonl”与签名时不一致");

    // A manifest edited to claim another sender breaks the signature.
    let forged = dir.path().join("forged.tianpkg");
    std::fs::write(&forged, rewrite(&bytes, "manifest.json", |t| t.replace("\"operations\": ", "\"operations\":  ")))
        .unwrap();
    refused(&mut offices[1], &forged, "签名无效");

    // An installation whose key nobody trusted.
    let stranger_dir = dir.path().join("stranger");
    std::fs::create_dir_all(&stranger_dir).unwrap();
    let mut stranger = Office::committee(&stranger_dir);
    let edu_key = dir.path().join("edu-again.tiankey");
    offices[1].tian.export_key(&edu_key).unwrap();
    trust(&mut stranger.tian, &edu_key);
    let id = stranger.tian.resolve("0069", None).unwrap();
    let _ = id;
    assign(&mut stranger, "0069", EDU, SCI);
    let from_stranger = dir.path().join("stranger.tianpkg");
    stranger.tian.export_package(Some(EDU), ExportMode::Unacknowledged, &from_stranger).unwrap();
    let err = offices[1].tian.import_package(&from_stranger).unwrap_err().to_string();
    assert!(err.contains("不在本机信任的密钥中"), "{err}");
    assert!(err.contains(&stranger.tian.identity().unwrap().fingerprint), "the message shows the fingerprint: {err}");

    // The genuine package still imports, behind a safety point that takes
    // it back whole: the log as it was before.
    let before = offices[1].log();
    assert!(offices[1].tian.import_package(&file).unwrap().new_operations > 0);
    assert!(offices[1].tian.sync_status().unwrap().last_import.is_some_and(|p| p.open));
    offices[1].tian.take_back_last_import().unwrap();
    assert_eq!(offices[1].log(), before, "the import taken back leaves nothing of it");
}

/// Rewrites the part `name` of a package's zip, copying the rest as it is.
fn rewrite(bytes: &[u8], name: &str, f: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let part_name = part.name().to_owned();
        let mut content = Vec::new();
        part.read_to_end(&mut content).unwrap();
        if part_name == name {
            content = f(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(part_name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_unit_may_change_only_handling_records_of_its_own_proposals_in_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    // A legitimate reply-side change, and changes smuggled into the unit's
    // own log behind the application's back.
    let id = offices[1].tian.resolve("0069", None).unwrap();
    let contact = Contact {
        id: String::new(),
        date: day(),
        method: ContactMethod::Meeting,
        unit: None,
        people: "市民盟".into(),
        content: "当面沟通".into(),
    };
    offices[1].tian.add_contact(&id, contact).unwrap();
    {
        let mut store = tian_store_of(&offices[1].path);
        store
            .transact("越权", "越权修改", |w| -> tian_store::Result<()> {
                w.set(ProposalField::Title, "十三届五次/0069", serde_json::json!("被改掉的标题"))?;
                w.set(ReplyField::ProposalId, "forged-reply", serde_json::json!("十三届五次/0069"))?;
                w.set(ReplyField::Unit, "forged-reply", serde_json::json!(SCI))?;
                w.set(ContactField::ProposalId, "elsewhere", serde_json::json!("十三届五次/0077"))?;
                w.set(ContactField::Content, "elsewhere", serde_json::json!("不属于本单位的提案"))?;
                Ok(())
            })
            .unwrap();
    }
    let file = dir.path().join("up.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &file).unwrap();
    let preview = offices[0].tian.preview_package(&file).unwrap();
    let reasons: BTreeSet<&str> = preview.refused.iter().map(|r| r.reason.as_str()).collect();
    assert!(reasons.contains("承办单位不能修改提案"), "{reasons:?}");
    assert!(reasons.contains("不能以其他单位（市科技局）的名义答复"), "{reasons:?}");
    assert!(reasons.contains("第0077号提案没有交办给市教育局"), "{reasons:?}");
    assert_eq!(preview.refused.len(), 5);
    let found = |tian: &Tian| {
        let query = tian_core::SearchQuery { text: "当面沟通".into(), limit: 10, ..Default::default() };
        tian.search(&query).unwrap().len()
    };
    assert_eq!(found(&offices[0].tian), 0, "a preview leaves nothing behind, in the search index either");

    let result = offices[0].tian.import_package(&file).unwrap();
    assert_eq!(found(&offices[0].tian), 1, "the imported contact is found by search");
    assert_eq!(result.refused.len(), 5);
    let committee_view = offices[0].tian.dossier(&id).unwrap();
    assert_ne!(committee_view.proposal.title, "被改掉的标题");
    assert_eq!(committee_view.contacts.len(), 1, "the unit's own contact arrived");
    assert_eq!(committee_view.contacts[0].unit.as_deref(), Some(EDU), "recorded in the unit's name");
    assert!(committee_view.replies.is_empty());
    let other = offices[0].tian.resolve("0077", None).unwrap();
    assert!(offices[0].tian.dossier(&other).unwrap().contacts.is_empty());
}

fn tian_store_of(path: &Path) -> tian_store::Store {
    tian_store::Store::open(path).unwrap()
}

#[test]
fn a_unit_cannot_take_the_committees_steps_and_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut unit = Office::unit(dir.path(), EDU);
    assert!(unit.tian.proposals(&Default::default()).unwrap().is_empty(), "no default data on a unit");
    let reopened = Tian::open(&unit.path).unwrap();
    assert!(reopened.proposals(&Default::default()).unwrap().is_empty(), "nor when it is opened again");
    let announcement = dir.path().join("公告.txt");
    std::fs::write(&announcement, "x").unwrap();
    let err = unit.tian.import_announcement_file(&announcement).unwrap_err().to_string();
    assert!(err.contains("本机是承办单位（市教育局），不能导入提案公告"), "{err}");
}

/// The committee is offered every step a proposal allows; a unit, on the
/// same proposal received by package, only its own: 沟通, 答复, 延期申请
/// and, within the 退回时限, 退回. Whatever it is not offered it is also
/// refused, so the window never shows a unit a button that cannot work.
#[test]
fn a_unit_is_offered_only_its_own_steps() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let id = offices[0].tian.resolve("0069", None).unwrap();
    let committee = offices[0].tian.dossier(&id).unwrap().offered;
    let unit = offices[1].tian.dossier(&id).unwrap().offered;
    assert_eq!(
        committee,
        [
            Offer::Contact,
            Offer::Reply,
            Offer::Activity,
            Offer::Extend,
            Offer::HandBack,
            Offer::CorrectAssign,
            Offer::Withdraw
        ]
    );
    assert_eq!(unit, [Offer::Contact, Offer::Reply, Offer::Extend, Offer::HandBack]);
    // 市科技局 co-handles 0069: it sends its 会办意见 and nothing else.
    exchange(dir.path(), &mut offices, 0, 2);
    assert_eq!(offices[2].tian.dossier(&id).unwrap().offered, [Offer::Contact, Offer::Reply]);
    // Past the 退回时限, no one is offered 退回.
    let late = day() + chrono::Days::new(11);
    offices[1].tian.set_today(late);
    assert!(!offices[1].tian.dossier(&id).unwrap().offered.contains(&Offer::HandBack));
    let refused = offices[1].tian.withdraw(&id, Withdrawal { date: day(), reason: "试".into() }).unwrap_err();
    assert!(refused.to_string().contains("本机是承办单位"), "{refused}");
}

/// 单位工作台: 市教育局's list is the proposal it leads with what it owes and
/// the 会办意见 it waits for; its 会办 page the one it co-handles; its letter
/// goes from draft to recorded, sent and confirmed as the packages travel;
/// its figures count its own answer. The committee has no desk.
#[test]
fn a_unit_desk_follows_its_work_and_its_letter_to_the_committee() {
    use chrono::NaiveDate;
    use tian_core::domain::AnswerClass;
    use tian_core::{LetterDraft, LetterState, ReportFormat};
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let edu = &mut offices[1].tian;
    let may = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let july = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();

    let rows = edu.list_page(&tian_core::PageQuery::default()).unwrap().rows;
    assert_eq!(rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["0069"], "本单位承办: what it leads");
    let note = rows[0].desk.clone().expect("a unit's row says what it owes");
    assert_eq!(note.owes.as_deref(), Some("答复函"));
    assert_eq!(note.deadline.map(|d| d.due), Some(july));
    assert_eq!(note.opinions.len(), 1);
    assert_eq!((note.opinions[0].unit.as_str(), note.opinions[0].due, note.opinions[0].replied), (SCI, may, None));

    let desk = edu.unit_desk(None).unwrap();
    assert_eq!(desk.co_handled.len(), 1, "会办: 0045, led by 市科技局");
    assert_eq!(desk.co_handled[0].number, "0045");
    assert_eq!(desk.co_handled[0].lead_units, [SCI]);
    assert_eq!(desk.co_handled[0].opinion.due, may);
    assert!(desk.co_handled[0].deadline.is_some());
    assert!(desk.letters.is_empty());

    let id = edu.resolve("0069", None).unwrap();
    edu.set_today(NaiveDate::from_ymd_opt(2026, 5, 20).unwrap());
    let file = dir.path().join("复文.docx");
    let mut draft = LetterDraft {
        class: Some(AnswerClass::B),
        number: "教提复〔2026〕12号".into(),
        signer: "王建华".into(),
        date: NaiveDate::from_ymd_opt(2026, 5, 20).unwrap(),
        ..LetterDraft::default()
    };
    edu.export_reply_letter(&id, &draft, ReportFormat::Docx, &file).unwrap();
    let letters = edu.unit_desk(None).unwrap().letters;
    assert_eq!(letters.len(), 1);
    assert_eq!((letters[0].state, letters[0].doc_number.as_str()), (LetterState::Drafted, "教提复〔2026〕12号"));
    assert_eq!(letters[0].path.as_deref(), Some(file.display().to_string().as_str()));
    let kept = edu.kept_draft(&id).unwrap().expect("the answer form is offered the draft back");
    assert!(kept.found && kept.draft.number == "教提复〔2026〕12号", "{kept:?}");

    draft.body = "经研究，已列入明年计划。".into();
    edu.record_reply_letter(&id, &draft, ReportFormat::Docx, &file).unwrap();
    let letters = edu.unit_desk(None).unwrap().letters;
    assert_eq!(letters.len(), 1, "the draft became the recorded letter");
    assert_eq!(edu.kept_draft(&id).unwrap(), None);
    assert_eq!(
        (letters[0].state, letters[0].class, letters[0].lead),
        (LetterState::Recorded, Some(AnswerClass::B), true)
    );
    assert_eq!(letters[0].file.as_deref(), Some("复文.docx"));
    let next = edu.dossier(&id).unwrap().next_needed;
    assert!(next.contains("尚未发给提案委员会") && next.contains("发送给提案委员会"), "{next}");

    // The committee's PC still says 2 April: it refuses an answer dated
    // 20 May. Its next package says so; the unit takes the answer back, and
    // the letter reads 委员会未接受 with the reason until it is recorded again.
    let refusal = dir.path().join("up.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &refusal).unwrap();
    assert!(offices[0].tian.import_package(&refusal).unwrap().refused_total > 0);
    let edu = &mut offices[1].tian;
    assert_eq!(edu.unit_desk(None).unwrap().letters[0].state, LetterState::Sent);
    let next = edu.dossier(&id).unwrap().next_needed;
    assert!(next.starts_with("本单位暂无待办"), "sent, nothing owed: {next}");
    let sent = |t: &mut Tian| t.sync_status().unwrap().packages.into_iter().find(|p| p.direction == "sent").unwrap();
    assert_eq!(sent(edu).confirmed, Some(false), "the committee has not answered yet");
    exchange(dir.path(), &mut offices, 0, 1);
    let edu = &mut offices[1].tian;
    assert!(edu.dossier(&id).unwrap().replies.is_empty(), "taken back, as the committee never took it");
    let letters = edu.unit_desk(None).unwrap().letters;
    assert_eq!(letters.len(), 1);
    assert_eq!((letters[0].state, letters[0].doc_number.as_str()), (LetterState::Refused, "教提复〔2026〕12号"));
    assert!(letters[0].refused_for.as_deref().is_some_and(|r| r.contains("晚于提案委员会收到时的日期")), "{letters:?}");

    offices[0].tian.set_today(NaiveDate::from_ymd_opt(2026, 5, 21).unwrap());
    offices[1].tian.record_reply_letter(&id, &draft, ReportFormat::Docx, &file).unwrap();
    exchange(dir.path(), &mut offices, 1, 0);
    exchange(dir.path(), &mut offices, 0, 1);
    let edu = &mut offices[1].tian;
    let letters = edu.unit_desk(None).unwrap().letters;
    assert_eq!(letters.iter().map(|l| l.state).collect::<Vec<_>>(), [LetterState::Confirmed], "{letters:?}");
    let packages = edu.sync_status().unwrap().packages;
    let ours: Vec<_> = packages.iter().filter(|p| p.direction == "sent").collect();
    assert_eq!(ours.len(), 2);
    assert!(ours.iter().all(|p| p.confirmed == Some(true)), "the committee's 回执 covers them");
    assert!(packages.iter().filter(|p| p.direction == "received").all(|p| p.confirmed.is_none()));

    let figures = edu.unit_desk(Some(2026)).unwrap().figures;
    assert_eq!((figures.assigned, figures.replied.count, figures.on_time.count, figures.late), (1, 1, 1, 0));
    assert_eq!(figures.on_time.rate, 100.0);
    assert_eq!(figures.class_counts.iter().map(|c| (c.label.as_str(), c.count)).collect::<Vec<_>>(), [("B类", 1)]);
    assert_eq!(edu.unit_desk(Some(2025)).unwrap().figures.assigned, 0);
    assert!(edu.unit_desk(None).unwrap().years.contains(&2026));

    let refused = offices[0].tian.unit_desk(None).unwrap_err().to_string();
    assert!(refused.contains("本机是提案委员会"), "{refused}");
}

/// 批量导入: a week's packages from two units, one of them twice, and a
/// damaged file, taken in as one job behind one safety point, with no copy
/// of the database. Each package is judged on its own; the damaged one is
/// listed with its reason and the others are taken. 撤销导入 then puts every
/// row back as it was, the search included; imported again, the week comes
/// back as it was; and once anything is written after an import, it can no
/// longer be taken back.
#[test]
fn a_weeks_packages_are_taken_in_as_one_job_and_can_be_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    exchange(dir.path(), &mut offices, 0, 2);
    let week = dir.path().join("U盘");
    std::fs::create_dir_all(&week).unwrap();
    for (office, number) in [(1, "0069"), (2, "0045")] {
        let tian = &mut offices[office].tian;
        let id = tian.resolve(number, None).unwrap();
        tian.add_contact(&id, phone_call(&format!("{number}：电话联系提案者"))).unwrap();
        let file = week.join(format!("{}-{number}.tianpkg", offices[office].name));
        offices[office].tian.export_package(None, ExportMode::Unacknowledged, &file).unwrap();
    }
    std::fs::copy(week.join(format!("{EDU}-0069.tianpkg")), week.join(format!("{EDU}-0069-again.tianpkg"))).unwrap();
    std::fs::write(week.join("损坏.tianpkg"), b"not a package").unwrap();
    std::fs::write(week.join("说明.txt"), b"not a package either").unwrap();
    std::fs::create_dir(week.join("文件夹.tianpkg")).unwrap();

    let backups_before = offices[0].tian.backups().unwrap().len();
    let log_before = offices[0].log();
    let state = |tian: &Tian| {
        let dossiers: Vec<Dossier> =
            ["0069", "0045"].iter().map(|n| tian.dossier(&tian.resolve(n, None).unwrap()).unwrap()).collect();
        let found = tian.search(&tian_core::SearchQuery { text: "电话联系提案者".into(), ..Default::default() });
        // The figures' kept rows follow the batch and its taking back.
        let stages = tian.statistics(None).unwrap().figures.stages;
        (dossiers, found.unwrap().len(), stages)
    };
    let before = state(&offices[0].tian);
    assert_eq!(before.1, 0);
    assert!(!before.2.iter().any(|c| c.label == "办理中"), "{:?}", before.2);
    let batch = offices[0].tian.import_packages(std::slice::from_ref(&week)).unwrap();
    assert_eq!(batch.packages.len(), 5, "what is named as a package, not the folder's other files");
    assert_eq!(batch.failed, 2);
    let folder = batch.packages.iter().find(|p| p.file == "文件夹.tianpkg").unwrap();
    assert!(
        folder.refused.as_deref().is_some_and(|r| r.contains("不是普通文件")),
        "named, not passed over: {folder:?}"
    );
    let damaged = batch.packages.iter().find(|p| p.file == "损坏.tianpkg").unwrap();
    assert!(damaged.refused.as_deref().is_some_and(|r| r.contains("交换包")), "{damaged:?}");
    let lines: Vec<(&str, u32, u32)> =
        batch.senders.iter().map(|s| (s.sender.as_str(), s.packages, s.repeated)).collect();
    assert_eq!(lines, [(EDU, 2, 1), (SCI, 1, 0)], "one line per unit, in the order met");
    let numbers: Vec<String> = batch.senders.iter().map(|s| tian_core::numbers_text(&s.numbers)).collect();
    assert_eq!(numbers, ["第1号", "第1号"], "the same package twice is one number");
    assert!(batch.senders.iter().all(|s| s.missing.is_empty()));
    assert!(batch.senders.iter().all(|s| s.new_operations > 0 && s.refused == 0), "{:?}", batch.senders);
    assert_eq!(offices[0].tian.backups().unwrap().len(), backups_before, "no copy of the database");
    for number in ["0069", "0045"] {
        let id = offices[0].tian.resolve(number, None).unwrap();
        let contacts = offices[0].tian.dossier(&id).unwrap().contacts;
        assert!(contacts.iter().any(|c| c.content.starts_with(number)), "{number}: {contacts:?}");
    }
    let after = state(&offices[0].tian);
    assert_eq!(after.1, 2, "both contacts are found");
    assert!(after.2.iter().any(|c| c.label == "办理中" && c.count == 2), "{:?}", after.2);
    let log_after = offices[0].log();

    let status = offices[0].tian.sync_status().unwrap();
    let point = status.last_import.expect("the batch left a safety point");
    assert!(point.open && point.label.contains("市教育局等 2 个单位"), "{point:?}");
    offices[0].tian.take_back_last_import().unwrap();
    assert_eq!(state(&offices[0].tian), before, "every proposal as before the batch, and the search");
    assert_eq!(offices[0].log(), log_before, "the log as before");
    assert!(offices[0].tian.sync_status().unwrap().packages.iter().all(|p| p.direction == "sent"));

    offices[0].tian.import_packages(std::slice::from_ref(&week)).unwrap();
    assert_eq!(state(&offices[0].tian), after, "taken in again, the week is as it was");
    assert_eq!(offices[0].log(), log_after);

    // A record of the import altered since is not applied: nothing changes.
    let conn = rusqlite::Connection::open(&offices[0].path).unwrap();
    let kept: Vec<u8> = conn.query_row("SELECT undo FROM safety_points", [], |r| r.get(0)).unwrap();
    conn.execute("UPDATE safety_points SET undo = substr(undo, 1, 7)", []).unwrap();
    let refused = offices[0].tian.take_back_last_import().unwrap_err().to_string();
    assert!(refused.contains("已被改动或损坏"), "{refused}");
    assert_eq!(state(&offices[0].tian), after);
    conn.execute("UPDATE safety_points SET undo = ?1", [&kept]).unwrap();
    drop(conn);

    // Once a package has gone out since, its recipient heard of the import: it stands.
    exchange(dir.path(), &mut offices, 0, 1);
    let status = offices[0].tian.sync_status().unwrap();
    assert!(status.last_import.is_some_and(|p| !p.open), "a package sent since closes it");
    let refused = offices[0].tian.take_back_last_import().unwrap_err().to_string();
    assert!(refused.contains("不能再撤销"), "{refused}");

    // Written to after the import: the import stands.
    let id = offices[0].tian.resolve("0077", None).unwrap();
    offices[0].tian.add_contact(&id, phone_call("委员会电话联系")).unwrap();
    let refused = offices[0].tian.take_back_last_import().unwrap_err().to_string();
    assert!(refused.contains("不能再撤销"), "{refused}");
    let now = state(&offices[0].tian);
    assert_eq!((&now.0, now.1), (&after.0, after.1), "0069 and 0045 as the import left them");
}

/// 交换提醒: the exchange page says when a unit last sent and was sent a
/// package, how many of those sent it has not confirmed, and that it has
/// gone silent once more days have passed than the settings allow.
#[test]
fn the_exchange_page_says_who_has_gone_silent() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    exchange(dir.path(), &mut offices, 1, 0);
    let peer = |t: &mut Tian, name: &str| t.sync_status().unwrap().peers.into_iter().find(|p| p.name == name).unwrap();
    let edu = peer(&mut offices[0].tian, EDU);
    assert!(edu.last_received.is_some() && edu.last_sent.is_some(), "{edu:?}");
    assert_eq!(edu.silent_days, None);
    // 市科技局 has sent nothing since it was trusted.
    let later = day() + chrono::Days::new(400);
    offices[0].tian.set_today(later);
    let sci = peer(&mut offices[0].tian, SCI);
    assert!(sci.silent_days.is_some_and(|d| d > 21), "{sci:?}");
    assert_eq!(sci.last_received, None);
    let mut settings = offices[0].tian.settings().unwrap();
    settings.silence_days = 0;
    assert!(offices[0].tian.save_settings(&settings).unwrap_err().to_string().contains("1 到 365"));
}

#[test]
fn what_the_committee_refused_of_a_units_changes_is_withdrawn_there_so_both_show_the_same() {
    use chrono::NaiveDate;
    use tian_core::domain::{AnswerClass, Satisfaction};
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let id = offices[1].tian.resolve("0069", None).unwrap();
    let may = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    for office in offices.iter_mut() {
        office.tian.set_today(NaiveDate::from_ymd_opt(2026, 6, 5).unwrap());
    }
    offices[1].tian.add_reply(&id, exchange_support::answer(EDU, AnswerClass::B, may)).unwrap();
    exchange(dir.path(), &mut offices, 1, 0);
    let reply = offices[0].tian.dossier(&id).unwrap().replies[0].id.clone();

    // The committee records the proposer's verdict; before its next package
    // reaches the unit, the unit deletes its answer and adds a contact.
    let verdict = tian_core::FeedbackInput {
        date: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        result: Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    };
    offices[0].tian.give_feedback(&id, verdict).unwrap();
    offices[1].tian.delete_record(&id, tian_core::RecordKind::Reply, &reply).unwrap();
    assert!(offices[1].tian.dossier(&id).unwrap().replies.is_empty());
    let committee_before = offices[0].log();
    let upward = dir.path().join("delete.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &upward).unwrap();
    let taken = offices[0].tian.import_package(&upward).unwrap();
    assert_eq!(taken.refused_total, 1, "{:?}", taken.refused);
    assert!(taken.refused[0].reason.contains("答复不能再修改或删除"), "{:?}", taken.refused);
    assert_eq!(offices[0].log(), committee_before, "the committee keeps its answer");

    // The committee's next package names what it refused; the unit takes
    // its deletion back, says so, and both show the answer and the verdict.
    let downward = dir.path().join("receipt.tianpkg");
    offices[0].tian.export_package(Some(EDU), ExportMode::Unacknowledged, &downward).unwrap();
    let preview = offices[1].tian.preview_package(&downward).unwrap();
    assert!(offices[1].tian.dossier(&id).unwrap().replies.is_empty(), "a preview withdraws nothing");
    let received = offices[1].tian.import_package(&downward).unwrap();
    assert_eq!(preview.proposals, received.proposals);
    assert_eq!((preview.withdrawn, received.withdrawn), (1, 1), "the deletion, one change");
    let lines: Vec<&String> = received.proposals.iter().flat_map(|p| &p.changes).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("委员会未接受") && l.contains("已撤回") && l.contains("答复不能再修改或删除")),
        "{lines:?}"
    );
    let own = |d: Dossier| Dossier { offered: vec![], next_needed: String::new(), desk: None, ..d };
    let unit_sees = own(offices[1].tian.dossier(&id).unwrap());
    assert_eq!(unit_sees.replies.len(), 1, "the answer is back at the unit");
    assert_eq!(
        serde_json::to_value(&unit_sees).unwrap(),
        serde_json::to_value(own(offices[0].tian.dossier(&id).unwrap())).unwrap()
    );

    // Taken back once: the same receipt again, and the next rounds, change
    // nothing on either side, and the refused deletion is never sent again.
    offices[1].tian.import_package(&downward).unwrap();
    assert_eq!(offices[1].tian.dossier(&id).unwrap().replies.len(), 1);
    let again = dir.path().join("again.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &again).unwrap();
    let quiet = offices[0].tian.import_package(&again).unwrap();
    assert_eq!((quiet.refused_total, quiet.new_operations), (0, 0));
    // A package carrying the refused deletion once more is refused once more.
    let replayed = offices[0].tian.import_package(&upward).unwrap();
    assert!(replayed.new_operations == 0 && replayed.refused_total == 1, "{replayed:?}");
    assert_eq!(offices[0].tian.dossier(&id).unwrap().replies.len(), 1);
}

/// 交换台账: packages are numbered per pair; the committee sees which of a
/// unit's packages never arrived or came late, which of its own the unit
/// lacks or has not confirmed, and a package is verified before import.
#[test]
fn numbered_packages_show_what_each_side_lacks_and_what_came_out_of_order() {
    use tian_core::numbers_text;
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    let id = |o: &Office| o.tian.resolve("0069", None).unwrap();
    // The committee's 第1–3号 to 市教育局; 第2号 is lost on the way.
    let mut down = Vec::new();
    for n in 1..=3 {
        let file = dir.path().join(format!("down-{n}.tianpkg"));
        let summary = offices[0].tian.export_package(Some(EDU), ExportMode::Unacknowledged, &file).unwrap();
        assert_eq!(summary.number, n);
        down.push(file);
    }
    offices[1].tian.import_package(&down[0]).unwrap();
    let third = offices[1].tian.import_package(&down[2]).unwrap();
    assert_eq!((third.number, numbers_text(&third.missing_before)), (Some(3), "第2号".to_owned()));
    assert!(!third.out_of_order);

    // 市教育局's 第1–3号; the committee gets 第1号 and 第3号, then 第2号 late.
    let mut up = Vec::new();
    for words in ["平台已上线", "已列入年度计划", "试点学校已覆盖"] {
        let edu = &mut offices[1];
        let proposal = id(edu);
        edu.tian.add_contact(&proposal, phone_call(words)).unwrap();
        let file = dir.path().join(format!("up-{}.tianpkg", up.len() + 1));
        edu.tian.export_package(None, ExportMode::Unacknowledged, &file).unwrap();
        up.push(file);
    }
    offices[0].tian.import_package(&up[0]).unwrap();
    let verified = offices[0].tian.preview_package(&up[2]).unwrap();
    assert_eq!((verified.number, verified.refused_total, verified.applied), (Some(3), 0, false));
    assert_eq!(numbers_text(&verified.missing_before), "第2号", "verify names what has not arrived");
    offices[0].tian.import_package(&up[2]).unwrap();
    let ledger = |t: &mut Tian| t.sync_status().unwrap().peers.into_iter().find(|p| p.name == EDU).unwrap().ledger;
    let l = ledger(&mut offices[0].tian);
    assert_eq!((l.last_sent, l.last_received), (Some(3), Some(3)));
    assert_eq!(numbers_text(&l.missing), "第2号");
    // Its 第3号 said it holds the committee's 第1号 and 第3号.
    assert_eq!(numbers_text(&l.confirmed), "第1号、第3号");
    assert_eq!(numbers_text(&l.lacking), "第2号", "the unit lacks the committee's 第2号");
    assert!(l.unconfirmed.is_empty());

    let late = offices[0].tian.import_package(&up[1]).unwrap();
    assert!(late.out_of_order && late.missing_before.is_empty(), "{late:?}");
    let l = ledger(&mut offices[0].tian);
    assert!(l.missing.is_empty());
    assert_eq!(l.out_of_order, [2]);
    // Nothing of the lost contacts is lost: every one is on the committee's page.
    let contacts = offices[0].tian.dossier(&id(&offices[0])).unwrap().contacts.len();
    assert_eq!(contacts, 3);

    // The committee's 第4号 is not confirmed until the unit's next package.
    let fourth = dir.path().join("down-4.tianpkg");
    offices[0].tian.export_package(Some(EDU), ExportMode::Unacknowledged, &fourth).unwrap();
    assert_eq!(numbers_text(&ledger(&mut offices[0].tian).unconfirmed), "第4号");
    offices[1].tian.import_package(&fourth).unwrap();
    offices[1].tian.import_package(&down[1]).unwrap();
    exchange(dir.path(), &mut offices, 1, 0);
    let l = ledger(&mut offices[0].tian);
    assert_eq!(numbers_text(&l.confirmed), "第1–4号");
    assert!(l.lacking.is_empty() && l.unconfirmed.is_empty(), "{l:?}");
    // The unit's own ledger: the committee's 第2号 came after its 第3号.
    let theirs = offices[1].tian.sync_status().unwrap().peers.into_iter().find(|p| p.name == COMMITTEE).unwrap();
    assert_eq!(theirs.ledger.out_of_order, [2]);
    assert_eq!((theirs.ledger.last_sent, theirs.ledger.last_received), (Some(4), Some(4)));
}

/// A unit whose PC runs a month ahead sends ninety contacts dated in the
/// committee's future: more refusals than an import lists. Every one is
/// named in the committee's 回执 and withdrawn at the unit, so both show the
/// same; another round changes nothing.
#[test]
fn more_refusals_than_an_import_lists_are_all_withdrawn_at_the_unit() {
    use chrono::Days;
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let ahead = day().checked_add_days(Days::new(30)).unwrap();
    offices[1].tian.set_today(ahead);
    let id = offices[1].tian.resolve("0045", None).unwrap();
    for n in 0..90 {
        let contact = Contact { date: ahead, ..phone_call(&format!("第{n}次沟通")) };
        offices[1].tian.add_contact(&id, contact).unwrap();
    }
    let up = dir.path().join("ahead.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &up).unwrap();
    let taken = offices[0].tian.import_package(&up).unwrap();
    assert!(taken.refused_total > tian_core::LISTED_REFUSALS as u32, "{}", taken.refused_total);
    assert_eq!(taken.refused.len(), tian_core::LISTED_REFUSALS, "listed up to the limit");
    exchange(dir.path(), &mut offices, 0, 1);
    let contacts = |t: &Tian| t.dossier(&id).unwrap().contacts.len();
    assert_eq!((contacts(&offices[0].tian), contacts(&offices[1].tian)), (0, 0), "every refused contact withdrawn");
    settle(dir.path(), &mut offices);
    assert_eq!((contacts(&offices[0].tian), contacts(&offices[1].tian)), (0, 0));
}

#[test]
fn a_package_taken_back_is_no_longer_claimed_as_held_so_the_unit_sends_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let id = offices[1].tian.resolve("0069", None).unwrap();
    offices[1].tian.add_contact(&id, phone_call("撤回前的沟通")).unwrap();
    let up = dir.path().join("up.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &up).unwrap();
    // An export counts how far the committee holds each origin's changes
    // unbroken, and remembers it; the count then moves on with each import.
    let undelivered = dir.path().join("undelivered.tianpkg");
    offices[0].tian.export_package(Some(SCI), ExportMode::Unacknowledged, &undelivered).unwrap();
    offices[0].tian.import_package(&up).unwrap();
    offices[0].tian.take_back_last_import().unwrap();
    assert!(offices[0].tian.dossier(&id).unwrap().contacts.iter().all(|c| c.content != "撤回前的沟通"));

    // The committee's next receipt does not claim the contact, so the unit sends it again.
    exchange(dir.path(), &mut offices, 0, 1);
    let again = dir.path().join("again.tianpkg");
    let sent = offices[1].tian.export_package(None, ExportMode::Unacknowledged, &again).unwrap();
    assert!(sent.operations > 0, "the unit resends what the committee gave back");
    offices[0].tian.import_package(&again).unwrap();
    let contacts = offices[0].tian.dossier(&id).unwrap().contacts;
    assert!(contacts.iter().any(|c| c.content == "撤回前的沟通"), "{contacts:?}");
    // And once held, it is claimed: the unit's next package carries nothing new.
    exchange(dir.path(), &mut offices, 0, 1);
    let settled = dir.path().join("settled.tianpkg");
    assert_eq!(offices[1].tian.export_package(None, ExportMode::Unacknowledged, &settled).unwrap().operations, 0);
}

/// A change refused once stays refused in every package that carries it
/// again, even where it would pass now: its unit withdrew it on the strength
/// of the refusal. Only the refusals within what the package holds are
/// read, and a refusal from another unit's numbers does not touch it.
#[test]
fn a_change_refused_once_stays_refused_when_a_later_package_carries_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    exchange(dir.path(), &mut offices, 0, 2);
    let id = offices[1].tian.resolve("0069", None).unwrap();
    // 市教育局's PC runs ten days ahead: its contact is dated after the
    // committee's today and refused.
    let ahead = day() + chrono::Days::new(10);
    offices[1].tian.set_today(ahead);
    let early = Contact { date: ahead, ..phone_call("平台已上线") };
    offices[1].tian.add_contact(&id, early).unwrap();
    let upward = dir.path().join("ahead.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &upward).unwrap();
    let first = offices[0].tian.import_package(&upward).unwrap();
    assert!(first.refused_total > 0 && first.new_operations == 0, "{first:?}");
    assert!(first.refused[0].reason.contains("晚于提案委员会收到时的日期"), "{:?}", first.refused);

    // 市科技局's change of the same proposal, refused too, is its own.
    offices[2].tian.set_today(ahead);
    offices[2].tian.add_contact(&id, Contact { date: ahead, ..phone_call("已列入年度计划") }).unwrap();
    exchange(dir.path(), &mut offices, 2, 0);

    // The committee's date reaches the contact's; the same package again.
    offices[0].tian.set_today(ahead);
    let again = offices[0].tian.import_package(&upward).unwrap();
    assert_eq!((again.new_operations, again.refused_total), (0, first.refused_total), "{again:?}");
    assert!(again.refused.iter().all(|r| r.reason.starts_with("此前已拒收")), "{:?}", again.refused);
    // Sent once more, it is refused for the same reason, not a longer one.
    let third = offices[0].tian.import_package(&upward).unwrap();
    assert_eq!(third.refused, again.refused);
    assert!(offices[0].tian.dossier(&id).unwrap().contacts.iter().all(|c| c.date != ahead));

    // A contact the unit records now, in a package of its own, is taken.
    offices[1].tian.add_contact(&id, Contact { date: ahead, ..phone_call("试点学校已覆盖") }).unwrap();
    let later = dir.path().join("later.tianpkg");
    offices[1].tian.export_package(None, ExportMode::Unacknowledged, &later).unwrap();
    let taken = offices[0].tian.import_package(&later).unwrap();
    assert!(taken.new_operations > 0, "{taken:?}");
    let contacts = offices[0].tian.dossier(&id).unwrap().contacts;
    assert_eq!(contacts.iter().filter(|c| c.date == ahead).count(), 1, "{contacts:?}");
}

/// A week's folder on a U盘 holds both ways: the committee's own packages
/// to the units are named as its own, not as an unknown sender's; and two
/// packages of one unit about one proposal are one proposal in its line.
#[test]
fn a_batch_names_its_own_packages_and_counts_each_units_proposals_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut offices = offices(dir.path());
    exchange(dir.path(), &mut offices, 0, 1);
    let usb = dir.path().join("U盘");
    std::fs::create_dir_all(&usb).unwrap();
    let id = offices[1].tian.resolve("0069", None).unwrap();
    for (n, words) in ["平台已上线", "已列入年度计划"].into_iter().enumerate() {
        offices[1].tian.add_contact(&id, phone_call(words)).unwrap();
        let file = usb.join(format!("市教育局-{n}.tianpkg"));
        offices[1].tian.export_package(None, ExportMode::Unacknowledged, &file).unwrap();
    }
    let own = usb.join("发给市教育局.tianpkg");
    offices[0].tian.export_package(Some(EDU), ExportMode::Unacknowledged, &own).unwrap();

    let batch = offices[0].tian.import_packages(std::slice::from_ref(&usb)).unwrap();
    let line = batch.senders.iter().find(|s| s.sender == EDU).unwrap();
    assert_eq!((line.packages, line.proposals), (2, 1), "{line:?}");
    let mine = batch.packages.iter().find(|p| p.file == "发给市教育局.tianpkg").unwrap();
    assert_eq!(mine.refused.as_deref(), Some("这是本机导出（发给对方）的交换包，不用在本机导入。"));
    assert_eq!(batch.failed, 1);
}
