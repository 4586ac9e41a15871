//! Proof of dates: a unit signs each answer it sends; the committee signs a
//! receipt of when the package arrived and returns it in its next package.
//! The committee then holds, for each answer, the unit's signature and its
//! own receipt; the unit holds the committee's receipt; the dossier shows
//! 送达 beside the answer's date and flags an answer that arrived long after
//! it. A unit cannot forge any of it.

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use tian_core::domain::{AnswerClass, Assignment, ProposalId, UnitAssignment, UnitRole};
use tian_core::{ExportMode, Tian};
use tian_sync::{AnswerStatement, ExchangePackage, KeyStanding, Receipt, Signed, SigningKey};

mod exchange_support;
use exchange_support::{answer, COMMITTEE, EDU};

/// Today by the PC's clock, which the receipts are signed by.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn ago(days: u64) -> NaiveDate {
    today() - Days::new(days)
}

fn assign(tian: &mut Tian, number: &str, on: NaiveDate) -> ProposalId {
    let id = tian.resolve(number, None).unwrap();
    let units =
        vec![UnitAssignment { unit: EDU.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() }];
    tian.assign(&id, Assignment { date: on, units, mode: Default::default() }).unwrap();
    id
}

fn signing_key(db: &Path) -> SigningKey {
    let conn = rusqlite::Connection::open(db).unwrap();
    let hex: String = conn.query_row("SELECT value FROM meta WHERE key = 'signing_key'", [], |r| r.get(0)).unwrap();
    SigningKey::from_hex(&hex).unwrap()
}

fn opened(path: &Path) -> ExchangePackage {
    ExchangePackage::open(&std::fs::read(path).unwrap(), |_| KeyStanding::Trusted).unwrap()
}

struct Pair {
    dir: tempfile::TempDir,
    committee: Tian,
    unit: Tian,
}

impl Pair {
    fn new() -> Pair {
        let dir = tempfile::tempdir().unwrap();
        let (mut committee, mut unit) = exchange_support::committee_and_unit(dir.path());
        committee.set_today(today());
        unit.set_today(today());
        Pair { dir, committee, unit }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// 0069 assigned to 市教育局 sixty days ago, taken in there, and
    /// answered `class` there `days` ago; not yet sent.
    fn answered(class: AnswerClass, days: u64) -> (Pair, ProposalId) {
        let mut pair = Pair::new();
        let id = assign(&mut pair.committee, "0069", ago(60));
        pair.down();
        pair.unit.add_reply(&id, answer(EDU, class, ago(days))).unwrap();
        (pair, id)
    }

    fn down(&mut self) -> tian_core::PackageImport {
        let path = self.file("down.tianpkg");
        self.committee.export_package(Some(EDU), ExportMode::Unacknowledged, &path).unwrap();
        self.unit.import_package(&path).unwrap()
    }

    fn up_file(&mut self) -> PathBuf {
        let path = self.file("up.tianpkg");
        self.unit.export_package(None, ExportMode::Unacknowledged, &path).unwrap();
        path
    }

    fn up(&mut self) -> tian_core::PackageImport {
        let path = self.up_file();
        self.committee.import_package(&path).unwrap()
    }
}

#[test]
fn an_answer_arrives_with_the_units_signature_and_the_committees_receipt_goes_back() {
    let (mut pair, id) = Pair::answered(AnswerClass::B, 2);
    let (before, taken, after) = (today(), pair.up(), today());
    assert_eq!((taken.receipts, taken.proofs_refused), (1, 0), "the unit returned its receipt of the 交办: {taken:?}");

    // The committee: 送达 today, two days after the answer's date, signed.
    let dossier = pair.committee.dossier(&id).unwrap();
    let reply = &dossier.replies[0];
    let arrival = dossier.arrivals.iter().find(|a| a.reply == reply.id).expect("送达 shown");
    assert!(arrival.received == before || arrival.received == after, "{arrival:?}");
    assert_eq!(arrival.days_after, (arrival.received - ago(2)).num_days());
    assert!(!arrival.late, "two days is in time: {arrival:?}");
    assert_eq!(arrival.signed, Some(true));
    assert_eq!(arrival.package_number, 1);

    // The committee's next package returns its receipt; the unit holds it
    // and shows the same arrival.
    let back = pair.down();
    assert_eq!((back.receipts, back.proofs_refused), (1, 0), "{back:?}");
    let at_unit = pair.unit.receipts(None).unwrap();
    let held = at_unit.receipts.iter().find(|r| !r.issued_here).expect("the committee's receipt held");
    assert_eq!((held.issuer.as_str(), held.sender.as_str(), held.number, held.answers), (COMMITTEE, EDU, 1, 1));
    assert!(held.valid);
    assert_eq!(at_unit.answers.len(), 1);
    assert_eq!(at_unit.answers[0].arrival.as_ref().map(|a| &a.received_at), Some(&arrival.received_at));
    let unit_dossier = pair.unit.dossier(&id).unwrap();
    assert_eq!(unit_dossier.arrivals.first().map(|a| a.received), Some(arrival.received), "the unit's page too");

    // The committee lists its own receipt and the unit's receipt of the 交办.
    let at_committee = pair.committee.receipts(Some(EDU)).unwrap();
    let mut who: Vec<(bool, u32)> = at_committee.receipts.iter().map(|r| (r.issued_here, r.number)).collect();
    who.sort();
    assert_eq!(who, [(false, 1), (true, 1)]);
    assert!(at_committee.receipts.iter().all(|r| r.valid));

    // Once the unit says it holds the receipt, it is not sent again.
    let next = pair.up_file();
    assert!(opened(&next).manifest.envelope.acknowledgement.receipts.iter().any(|r| r.from <= 1 && 1 <= r.through));
    pair.committee.import_package(&next).unwrap();
    let again = pair.file("again.tianpkg");
    pair.committee.export_package(Some(EDU), ExportMode::Unacknowledged, &again).unwrap();
    let receipts: Vec<Receipt> = opened(&again)
        .manifest
        .envelope
        .receipts
        .iter()
        .filter_map(|s| s.open::<Receipt>(&signing_key(&pair.file("committee/tian.db")).public()))
        .collect();
    assert!(receipts.iter().all(|r| r.number != 1), "receipt 1 not resent: {receipts:?}");
}

#[test]
fn an_answer_that_arrives_long_after_its_date_is_flagged_but_judged_on_its_date() {
    let mut pair = Pair::new();
    let id = assign(&mut pair.committee, "0069", ago(120));
    pair.down();
    // Dated well inside the three months, sent forty days later.
    pair.unit.add_reply(&id, answer(EDU, AnswerClass::A, ago(40))).unwrap();
    pair.up();
    let dossier = pair.committee.dossier(&id).unwrap();
    let arrival = &dossier.arrivals[0];
    assert!(arrival.late && arrival.days_after >= 40, "{arrival:?}");
    let timing = dossier.reply_timing.expect("answered");
    assert!(!timing.late, "按期 is judged on the answer's date: {timing:?}");
    assert_eq!(pair.committee.receipts(Some(EDU)).unwrap().answers[0].arrival.as_ref().map(|a| a.late), Some(true));

    // The committee's setting says how late is late.
    let mut settings = pair.committee.settings().unwrap();
    settings.late_arrival_days = 60;
    pair.committee.save_settings(&settings).unwrap();
    assert!(!pair.committee.dossier(&id).unwrap().arrivals[0].late);
    settings.late_arrival_days = 0;
    let refused = pair.committee.save_settings(&settings).unwrap_err().to_string();
    assert!(refused.contains("送达提醒"), "{refused}");
    assert_eq!(pair.committee.settings().unwrap().late_arrival_days, 60, "nothing saved");
}

#[test]
fn an_answer_corrected_after_it_arrived_no_longer_matches_the_units_signature() {
    let (mut pair, id) = Pair::answered(AnswerClass::B, 5);
    pair.up();
    let reply = pair.committee.dossier(&id).unwrap().replies.remove(0);
    // The committee corrects the class on its own installation.
    let corrected =
        tian_core::RecordCorrection::Reply(tian_core::domain::Reply { class: Some(AnswerClass::A), ..reply });
    pair.committee.correct_record(&id, corrected).unwrap();
    assert_eq!(pair.committee.dossier(&id).unwrap().arrivals[0].signed, Some(false), "no longer as the unit signed");
}

/// The unit's own package, re-sealed by the unit's key with `edit` applied
/// to its envelope: what a hostile unit can make.
fn forged(pair: &Pair, name: &str, edit: impl FnOnce(&mut tian_sync::Envelope)) -> PathBuf {
    let honest = opened(&pair.file("up.tianpkg"));
    let mut envelope = honest.manifest.envelope.clone();
    edit(&mut envelope);
    let key = signing_key(&pair.file("unit/tian.db"));
    let (_, bytes) = ExchangePackage::seal(
        envelope,
        honest.operations.clone(),
        honest.attachments.clone(),
        &key,
        chrono::Local::now().to_rfc3339(),
    )
    .unwrap();
    let path = pair.file(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_unit_cannot_forge_a_receipt_a_signature_or_an_arrival() {
    let mut pair = Pair::new();
    let id = assign(&mut pair.committee, "0069", ago(60));
    let theirs = assign(&mut pair.committee, "0045", ago(60));
    let first_down = pair.file("first.tianpkg");
    pair.committee.export_package(Some(EDU), ExportMode::Unacknowledged, &first_down).unwrap();
    pair.unit.import_package(&first_down).unwrap();
    // The committee answers 0045 itself, in 市教育局's name (a paper letter).
    pair.committee.add_reply(&theirs, answer(EDU, AnswerClass::A, ago(50))).unwrap();
    let paper = pair.committee.dossier(&theirs).unwrap().replies.remove(0);
    pair.unit.add_reply(&id, answer(EDU, AnswerClass::B, ago(50))).unwrap();
    pair.up_file();
    let key = signing_key(&pair.file("unit/tian.db"));
    let first = opened(&first_down);
    let honest = opened(&pair.file("up.tianpkg"));
    let statement: AnswerStatement = honest.manifest.envelope.statements[0].open(&key.public()).unwrap();
    let receipt: Receipt = honest.manifest.envelope.receipts[0].open(&key.public()).unwrap();
    assert_eq!(receipt.package, first.manifest.id);

    let committee_before = pair.committee.receipts(Some(EDU)).unwrap();
    assert!(committee_before.receipts.is_empty());
    let path = forged(&pair, "forged.tianpkg", |e| {
        e.statements = vec![
            // A signature over the committee's paper answer, dated back.
            Signed::sign(
                &AnswerStatement { reply: paper.id.clone(), proposal: theirs.to_string(), ..statement.clone() },
                &key,
            )
            .unwrap(),
            // Its own answer, the text altered after signing.
            Signed { body: e.statements[0].body.replace("\"B\"", "\"A\""), ..e.statements[0].clone() },
            // Signed by another key.
            Signed::sign(&statement, &SigningKey::generate().unwrap()).unwrap(),
            // Its own answer, signed as dated a month earlier than sent.
            Signed::sign(&AnswerStatement { date: ago(80), ..statement.clone() }, &key).unwrap(),
        ];
        e.receipts = vec![
            // For a package the committee never sent.
            Signed::sign(&Receipt { package: "0".repeat(32), ..receipt.clone() }, &key).unwrap(),
            // Received before the committee made it.
            Signed::sign(&Receipt { received_at: "2020-01-01T08:00:00+08:00".into(), ..receipt.clone() }, &key)
                .unwrap(),
            // Received next year.
            Signed::sign(&Receipt { received_at: "2099-01-01T08:00:00+08:00".into(), ..receipt.clone() }, &key)
                .unwrap(),
            // The committee's own receipt, as if the committee had signed it.
            Signed::sign(
                &Receipt {
                    sender: EDU.into(),
                    recipient: COMMITTEE.into(),
                    answers: vec![paper.id.clone()],
                    ..receipt.clone()
                },
                &key,
            )
            .unwrap(),
            // Another manifest under the package's id.
            Signed::sign(&Receipt { manifest_sha256: "ab".repeat(32), ..receipt.clone() }, &key).unwrap(),
        ];
    });
    let taken = pair.committee.import_package(&path).unwrap();
    assert_eq!((taken.receipts, taken.proofs_refused), (0, 9), "{taken:?}");
    let ledger = pair.committee.receipts(Some(EDU)).unwrap();
    assert_eq!(ledger.receipts.iter().filter(|r| !r.issued_here).count(), 0, "no receipt of the unit's kept");
    // The committee's paper answer has no arrival and no signature; the
    // unit's own answer arrived today, by the committee's own receipt.
    let paper_dossier = pair.committee.dossier(&theirs).unwrap();
    assert!(paper_dossier.arrivals.is_empty(), "{:?}", paper_dossier.arrivals);
    let own = pair.committee.dossier(&id).unwrap();
    assert_eq!(own.arrivals.len(), 1);
    assert_eq!(own.arrivals[0].signed, None, "the altered signature was not kept");
    assert!(own.arrivals[0].received >= today() - Days::new(1));
}

#[test]
fn a_package_numbered_nought_still_gets_the_committees_receipt_of_its_answer() {
    let (mut pair, id) = Pair::answered(AnswerClass::B, 40);
    pair.up_file();
    let path = forged(&pair, "nought.tianpkg", |e| e.number = 0);
    pair.committee.import_package(&path).unwrap();
    let arrival = pair.committee.dossier(&id).unwrap().arrivals.pop().expect("送达 kept all the same");
    assert!(arrival.late, "{arrival:?}");
}

/// The package at `path` given the id `id` and signed again by `key`.
fn renamed(path: &Path, id: &str, key: &SigningKey) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        files.push((entry.name().to_owned(), bytes));
    }
    let mut manifest: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
    manifest["id"] = serde_json::json!(id);
    files[0].1 = serde_json::to_vec_pretty(&manifest).unwrap();
    files[1].1 = key.sign(&files[0].1).into_bytes();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in files {
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, &bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn another_unit_taking_a_packages_id_first_does_not_shut_the_real_one_out() {
    let mut pair = Pair::new();
    let id = assign(&mut pair.committee, "0069", ago(60));
    pair.down();
    // 市科技局, trusted by the committee too, copies the id of 市教育局's
    // package from a shared U盘 and sends a package of its own under it first.
    let mut sci = Tian::open(&pair.file("sci/tian.db")).unwrap();
    sci.init_identity(tian_core::Role::Unit, exchange_support::SCI).unwrap();
    let (sci_key, committee_key) = (pair.file("sci.tiankey"), pair.file("c2.tiankey"));
    sci.export_key(&sci_key).unwrap();
    exchange_support::trust(&mut pair.committee, &sci_key);
    pair.committee.export_key(&committee_key).unwrap();
    exchange_support::trust(&mut sci, &committee_key);
    pair.unit.add_reply(&id, answer(EDU, AnswerClass::B, ago(3))).unwrap();
    let real = pair.up_file();
    let copy = pair.file("sci.tianpkg");
    sci.export_package(None, ExportMode::Unacknowledged, &copy).unwrap();
    renamed(&copy, &opened(&real).manifest.id, &signing_key(&pair.file("sci/tian.db")));
    pair.committee.import_package(&copy).unwrap();
    let taken = pair.committee.import_package(&real).unwrap();
    assert!(!taken.seen_before && taken.new_operations > 0, "{taken:?}");
    let arrival = pair.committee.dossier(&id).unwrap().arrivals.pop().expect("the answer's arrival kept");
    assert!(!arrival.late && arrival.signed == Some(true), "{arrival:?}");
    // Sent again, it is recognised as the one already taken.
    assert!(pair.committee.import_package(&real).unwrap().seen_before);
}

#[test]
fn another_package_under_an_id_already_received_is_refused() {
    let mut pair = Pair::new();
    let id = assign(&mut pair.committee, "0069", ago(60));
    pair.down();
    let first = pair.up_file();
    let id_of_first = opened(&first).manifest.id;
    pair.committee.import_package(&first).unwrap();
    pair.unit.add_reply(&id, answer(EDU, AnswerClass::B, ago(40))).unwrap();
    pair.up_file();
    // The answer's package, made to pass for the first one, re-signed.
    let path = forged(&pair, "same-id.tianpkg", |_| {});
    renamed(&path, &id_of_first, &signing_key(&pair.file("unit/tian.db")));
    let refused = pair.committee.import_package(&path).unwrap_err().to_string();
    assert!(refused.contains("编号相同，内容却不同"), "{refused}");
    assert!(pair.committee.dossier(&id).unwrap().replies.is_empty(), "nothing taken");
}

#[test]
fn an_answer_replaced_after_it_arrived_arrives_again_when_its_new_content_comes() {
    let (mut pair, id) = Pair::answered(AnswerClass::B, 5);
    pair.up();
    // The unit rewrites its answer's text and class before any verdict.
    let reply = pair.unit.dossier(&id).unwrap().replies.remove(0);
    let rewritten =
        tian_core::domain::Reply { class: Some(AnswerClass::A), text: "另一份答复。".into(), ..reply };
    pair.unit.correct_record(&id, tian_core::RecordCorrection::Reply(rewritten)).unwrap();
    pair.up();
    let arrival = pair.committee.dossier(&id).unwrap().arrivals.pop().unwrap();
    assert_eq!(arrival.package_number, 2, "the content standing came in the second package: {arrival:?}");
    assert!(arrival.first_received_at.is_some(), "the first arrival is said too: {arrival:?}");
    assert_eq!(arrival.signed, Some(true), "signed again as it now stands");
}

#[test]
fn a_change_of_publicity_is_no_arrival_and_the_unit_signs_no_answer_it_did_not_write() {
    let mut pair = Pair::new();
    let id = assign(&mut pair.committee, "0069", ago(60));
    // The committee types in 市教育局's paper letter.
    pair.committee.add_reply(&id, answer(EDU, AnswerClass::B, ago(30))).unwrap();
    pair.down();
    let reply = pair.unit.dossier(&id).unwrap().replies.remove(0);
    pair.unit.set_publicity(&id, &reply.id, false, "涉及个人信息").unwrap();
    let path = pair.up_file();
    assert!(opened(&path).manifest.envelope.statements.is_empty(), "nothing of its own to sign");
    pair.committee.import_package(&path).unwrap();
    let dossier = pair.committee.dossier(&id).unwrap();
    assert!(!dossier.replies[0].public, "the unit's word on publication taken");
    assert!(dossier.arrivals.is_empty(), "no arrival for a letter that came on paper: {:?}", dossier.arrivals);
}

#[test]
fn a_statement_of_an_answer_not_carried_costs_another_answer_nothing() {
    let (mut pair, id) = Pair::answered(AnswerClass::B, 5);
    pair.up_file();
    let key = signing_key(&pair.file("unit/tian.db"));
    let path = forged(&pair, "first-bogus.tianpkg", |e| {
        let honest: AnswerStatement = e.statements[0].open(&key.public()).unwrap();
        let bogus = AnswerStatement { reply: "0".repeat(32), ..honest };
        e.statements.insert(0, Signed::sign(&bogus, &key).unwrap());
    });
    let taken = pair.committee.import_package(&path).unwrap();
    assert_eq!(taken.proofs_refused, 1, "{taken:?}");
    assert_eq!(pair.committee.dossier(&id).unwrap().arrivals[0].signed, Some(true), "the real one still kept");
}

#[test]
fn the_same_answer_sent_again_does_not_move_its_arrival() {
    let (mut pair, id) = Pair::answered(AnswerClass::B, 5);
    pair.up();
    // A correction that leaves what the answer says as it was.
    let reply = pair.unit.dossier(&id).unwrap().replies.remove(0);
    let same = tian_core::domain::Reply { signer_post: "局长".into(), ..reply };
    pair.unit.correct_record(&id, tian_core::RecordCorrection::Reply(same)).unwrap();
    pair.up();
    let arrival = pair.committee.dossier(&id).unwrap().arrivals.pop().unwrap();
    assert_eq!((arrival.package_number, arrival.first_received_at.as_deref()), (1, None), "{arrival:?}");
}
