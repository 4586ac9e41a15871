//! 导入交换包: verifying a package, judging each operation against what
//! its sender may change, and merging the rest in one transaction (or
//! rehearsing it, for the preview).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use tian_domain::text::one_line;
use tian_store::{
    CommonField, Entity, IncomingLimits, NumberRange, Operation, PackageRecord, PeerRecord, ProposalField, ReplyField,
    SentOperation, SuggestionField, Target, Writer,
};
use tian_sync::{ExchangePackage, ExportMode, KeyStanding, Party, Role};
use ts_rs::TS;

use super::{file_name, local_time, now_rfc3339, number_of, role_of, value_text};
use tian_store::Store;

use crate::{CoreError, Result, Tian};

/// One proposal's share of an incoming package, in the clerk's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProposalChanges {
    pub number: String,
    pub title: String,
    pub changes: Vec<String>,
}

/// How many refused changes an import lists and keeps in its record.
pub const LISTED_REFUSALS: usize = 500;

/// An operation of the package that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RefusedChange {
    pub what: String,
    pub reason: String,
}

/// 导入预览 / 导入结果: what a package changes (or changed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PackageImport {
    pub package_id: String,
    pub sender: Party,
    pub fingerprint: String,
    /// "2026年11月24日 10:05"
    pub created: String,
    pub mode: ExportMode,
    /// Whether this very package was imported before.
    pub seen_before: bool,
    pub operations: u32,
    /// Operations this installation did not have.
    pub new_operations: u32,
    pub attachments: u32,
    pub proposals: Vec<ProposalChanges>,
    /// The refused changes, the first [`LISTED_REFUSALS`] of them: a hostile
    /// package of a hundred thousand refusals is summed up, not kept whole.
    pub refused: Vec<RefusedChange>,
    /// How many changes were refused in all.
    pub refused_total: u32,
    /// How many of this installation's own records (or changes to one) the
    /// sender's 回执 said it refused, taken back here now (已撤回).
    pub withdrawn: u32,
    /// Conflicts the import leaves (all of them, not only new ones).
    pub conflicts: u32,
    /// Whether the changes were applied (false for a preview).
    pub applied: bool,
    /// 第N号: its number from this sender; `None` for a package made before
    /// packages were numbered.
    pub number: Option<u32>,
    /// The sender's earlier packages that have not arrived (缺第12–13号).
    pub missing_before: Vec<NumberRange>,
    /// Whether it comes after a later-numbered package from the same sender.
    pub out_of_order: bool,
    /// Whether another package of the sender's came under the same number
    /// (its installation restored from a backup, or a forgery).
    pub number_repeated: bool,
    /// 回执: this installation's receipts for its own packages the sender
    /// returned, kept now.
    pub receipts: u32,
    /// Signed statements and receipts the package carried that were left
    /// out (not the sender's, not of this pair, or with impossible times).
    pub proofs_refused: u32,
}

/// 批量导入: one package of a batch, taken in or refused whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BatchPackage {
    /// The file's name.
    pub file: String,
    /// What it brought, when it was taken in.
    pub import: Option<PackageImport>,
    /// Why it was refused whole (a signature, a recipient, a damaged file).
    pub refused: Option<String>,
}

/// 批量导入: one sender's packages in a batch, in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BatchSender {
    pub sender: String,
    pub packages: u32,
    /// Packages imported before, taken again without effect.
    pub repeated: u32,
    pub new_operations: u32,
    pub refused: u32,
    pub proposals: u32,
    /// 第几号: the numbers of its packages taken in this batch.
    pub numbers: Vec<NumberRange>,
    /// Its packages still missing after the batch: numbered below one that
    /// arrived, never here (their changes come with its later packages).
    pub missing: Vec<NumberRange>,
}

/// 批量导入结果: a week's packages, taken in as one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BatchImport {
    /// Each file, in the order taken.
    pub packages: Vec<BatchPackage>,
    /// One line per sender, in the order first met.
    pub senders: Vec<BatchSender>,
    /// Files refused whole.
    pub failed: u32,
    /// Conflicts the batch leaves (all of them, not only new ones).
    pub conflicts: u32,
}

impl BatchImport {
    /// One package's line, and its sender's. `changed` holds, per sender,
    /// the proposals its packages changed: two packages of one proposal
    /// are one proposal.
    fn add(
        &mut self,
        file: &Path,
        taken: Result<PackageImport>,
        changed: &mut BTreeMap<String, BTreeSet<(String, String)>>,
    ) {
        let line = match taken {
            Ok(import) => {
                let sender = match self.senders.iter().position(|s| s.sender == import.sender.name) {
                    Some(i) => &mut self.senders[i],
                    None => {
                        self.senders.push(BatchSender {
                            sender: import.sender.name.clone(),
                            packages: 0,
                            repeated: 0,
                            new_operations: 0,
                            refused: 0,
                            proposals: 0,
                            numbers: vec![],
                            missing: vec![],
                        });
                        self.senders.last_mut().expect("just pushed")
                    }
                };
                sender.packages += 1;
                sender.repeated += u32::from(import.seen_before);
                sender.new_operations += import.new_operations;
                sender.refused += import.refused_total;
                let proposals = changed.entry(sender.sender.clone()).or_default();
                proposals.extend(import.proposals.iter().map(|p| (p.number.clone(), p.title.clone())));
                sender.proposals = proposals.len() as u32;
                if let Some(n) = import.number {
                    sender.numbers = NumberRange::runs(
                        sender.numbers.iter().flat_map(|r| r.from..=r.through).chain(std::iter::once(n)),
                    );
                }
                BatchPackage { file: file_name(file), import: Some(import), refused: None }
            }
            Err(refused) => {
                self.failed += 1;
                BatchPackage { file: file_name(file), import: None, refused: Some(refused.to_string()) }
            }
        };
        self.packages.push(line);
    }
}

/// The exchange packages in `dir` (a U盘's folder), by name: the names
/// Tian gives them begin with their date. Whatever is named as a package
/// is listed, a folder, a link or a device too: the batch names it as not
/// read, rather than passing over it unsaid.
pub fn packages_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| CoreError::ReadFile { path: dir.to_owned(), source })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(tian_sync::EXTENSION)))
        .collect();
    found.sort();
    Ok(found)
}

impl Tian {
    /// 导入预览: what importing the package at `path` would change; nothing is written.
    pub fn preview_package(&mut self, path: &Path) -> Result<PackageImport> {
        let receiver = self.receiver()?;
        self.receive(path, false, &receiver)
    }

    /// 导入交换包: verifies the package at `path` and merges what its sender
    /// may change, in one transaction, behind a safety point that can take
    /// it back ([`Tian::take_back_import`]).
    pub fn import_package(&mut self, path: &Path) -> Result<PackageImport> {
        let receiver = self.receiver()?;
        let (import, undo) = Store::recording(self, |t| &mut t.store, |t| t.receive(path, true, &receiver))?;
        self.keep_safety_point(&format!("导入交换包：{}", import.sender.name), &undo)?;
        Ok(import)
    }

    /// 批量导入: the packages at `paths` (a folder stands for the packages
    /// in it) taken in as one job, in one transaction behind one safety
    /// point. Each package is judged and merged on its own, in a savepoint of
    /// its own: one that is refused whole (a forged signature, another
    /// recipient, a damaged file) is listed with its reason and the others
    /// are taken.
    pub fn import_packages(&mut self, paths: &[PathBuf]) -> Result<BatchImport> {
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                files.extend(packages_in(path)?);
            } else {
                files.push(path.clone());
            }
        }
        if files.is_empty() {
            return Err(CoreError::Invalid("没有找到交换包（.tianpkg 文件）。".into()));
        }
        // One transaction for the batch, each package a savepoint in it: the
        // file is written, and the search index brought up to date, once.
        let (mut batch, undo) = Store::recording(self, |t| &mut t.store, |t| t.bulk(|t| t.receive_all(&files)))?;
        let senders: Vec<&str> = batch.senders.iter().map(|s| s.sender.as_str()).collect();
        let label = match senders.as_slice() {
            [] => "批量导入交换包".to_owned(),
            [one] => format!("批量导入交换包：{one}"),
            [first, ..] => format!("批量导入交换包：{first}等 {} 个单位", senders.len()),
        };
        self.keep_safety_point(&label, &undo)?;
        batch.conflicts = self.store.read().conflict_count()?;
        Ok(batch)
    }

    /// The batch's packages, each judged and merged on its own.
    fn receive_all(&mut self, files: &[PathBuf]) -> Result<BatchImport> {
        let mut batch =
            BatchImport { packages: Vec::with_capacity(files.len()), senders: Vec::new(), failed: 0, conflicts: 0 };
        let progress = self.progress.clone();
        let receiver = self.receiver()?;
        let mut changed = BTreeMap::new();
        // A second thread reads each file and checks its signature while
        // this one judges and merges the one before: a week's packages are
        // mostly that work. One package waits ahead, so a batch of large
        // ones holds at most two in memory.
        let opener = receiver.opener();
        let (ahead, from_reader) = std::sync::mpsc::sync_channel(1);
        std::thread::scope(|scope| {
            let from_reader = from_reader;
            let reader = std::thread::Builder::new().name("读取交换包".into()).spawn_scoped(scope, move || {
                for file in files {
                    // The batch stopped (an error of the workspace): read no further.
                    if ahead.send(open_package(file, opener)).is_err() {
                        break;
                    }
                }
            });
            // Where no thread can be had, each file is read in its turn.
            let mut opened = reader.is_ok().then_some(&from_reader);
            for (n, file) in files.iter().enumerate() {
                progress.step(&format!("导入第 {} 个，共 {} 个", n + 1, files.len()));
                progress.step("读取交换包");
                let package = match opened.map(|o| o.recv()) {
                    Some(Ok(package)) => package,
                    Some(Err(_)) => {
                        opened = None;
                        open_package(file, opener)
                    }
                    None => open_package(file, opener),
                };
                let taken = package.and_then(|package| self.receive_opened(file, package, true, &receiver));
                batch.add(file, taken, &mut changed);
            }
            // Should this end before the files do, the reader stops at its next send.
            drop(from_reader);
        });
        for sender in &mut batch.senders {
            sender.missing = NumberRange::missing(&self.store.read().numbers_from(&sender.sender)?);
        }
        Ok(batch)
    }

    /// The installation taking packages in, read once for a batch.
    fn receiver(&mut self) -> Result<Receiver> {
        let (role, name, key) = self.signing_identity()?;
        let read = self.store.read();
        Ok(Receiver {
            role,
            name,
            key: key.public(),
            signing: key,
            peers: read.peers()?,
            settings: self.settings()?,
            origins: read.own_origins(self.store.origin())?,
        })
    }

    /// parse → judge → merge → materialise: the package is verified and
    /// parsed, the store groups its operations into the records the merge
    /// will leave ([`tian_store::Reader::incoming`]), the judge rules on
    /// each record, and the merge applies exactly the accepted operations.
    fn receive(&mut self, path: &Path, apply: bool, receiver: &Receiver) -> Result<PackageImport> {
        self.progress.step("读取交换包");
        let package = open_package(path, receiver.opener())?;
        self.receive_opened(path, package, apply, receiver)
    }

    /// A package already read and its signature checked, judged and merged.
    fn receive_opened(
        &mut self,
        path: &Path,
        package: ExchangePackage,
        apply: bool,
        receiver: &Receiver,
    ) -> Result<PackageImport> {
        let progress = self.progress.clone();
        let Receiver { role: my_role, name: my_name, peers, settings, origins: my_origins, .. } = receiver;
        let my_role = *my_role;
        if package.signer == receiver.key {
            return Err(CoreError::Invalid("这是本机导出（发给对方）的交换包，不用在本机导入。".into()));
        }
        let signer = package.signer.to_hex();
        let sender = peers
            .iter()
            .find(|p| p.revoked_at.is_none() && p.public_key.eq_ignore_ascii_case(&signer))
            .cloned()
            .ok_or_else(|| CoreError::Invalid("交换包的签名密钥不在本机信任的密钥中，已拒绝导入。".into()))?;
        let manifest = &package.manifest;
        if manifest.envelope.sender.name != sender.name || manifest.envelope.sender.role != role_of(&sender.role) {
            return Err(CoreError::Invalid(format!(
                "交换包自称来自“{}”，但签名的密钥属于“{}”，已拒绝导入。",
                manifest.envelope.sender.name, sender.name
            )));
        }
        if manifest.envelope.recipient.name != *my_name || manifest.envelope.recipient.role != my_role {
            return Err(CoreError::Invalid(format!(
                "这个交换包是发给“{}”的，不是发给本机（{}）的，已拒绝导入。",
                manifest.envelope.recipient.name, my_name
            )));
        }
        if let Some(refusal) = super::judge::origins_refused(&package, &sender) {
            return Err(CoreError::Invalid(refusal));
        }
        // A package's id is its sender's. Another sender's package under an
        // id already received (one made from a copy found on a shared U盘)
        // must not shut the real one out: the later is kept here under its
        // id and its sender's fingerprint.
        let record_id = {
            let own = format!("{}{}", manifest.id, sender.fingerprint.chars().take(16).collect::<String>());
            let mut free = None;
            for id in [manifest.id.clone(), own] {
                match self.store.read().received_before(&id)? {
                    Some(peer) if peer != sender.name => continue,
                    seen => {
                        free = Some((id, seen.is_some()));
                        break;
                    }
                }
            }
            free
        };
        let Some((record_id, seen_before)) = record_id else {
            return Err(CoreError::Invalid(format!(
                "这个交换包的编号已被其他单位的交换包占用，无法分辨，已拒绝导入；请让“{}”重新导出。",
                sender.name
            )));
        };
        // The same id from the same sender is the same package: another
        // under it is a forgery, or a restored installation's, and would
        // pass for the first.
        if seen_before
            && self.store.read().received_manifest(&record_id)?.is_some_and(|sha| sha != package.manifest_sha256)
        {
            return Err(CoreError::Invalid(format!(
                "这个交换包与此前收到的“{}”的一个交换包编号相同，内容却不同，已拒绝导入；请让对方重新导出。",
                sender.name
            )));
        }
        let limits = IncomingLimits {
            now_ms: tian_store::Hlc::now_ms(),
            skew_ms: i64::from(settings.clock_skew_hours) * 3_600_000,
            // The committee takes each unit's changes from the unit itself
            // (and the ranges they are stated in, `merge`'s `cover`).
            bounded_steps: my_role == Role::Committee,
        };
        progress.step("审核修改");
        let (mut incoming, verdicts) = self.store.in_one_read(|| -> Result<_> {
            let incoming = self.store.read().incoming(&package.operations, &sender.name, &limits)?;
            let verdicts = super::judge::judge(self, receiver, &package, &sender, &incoming)?;
            Ok((incoming, verdicts))
        })?;
        // Each operation's record as the judge saw it: the merge tells new
        // records from changed ones, and whose they are, by it.
        let mut record_of = vec![None; package.operations.len()];
        for (r, record) in incoming.records.iter().enumerate() {
            for &i in &record.ops {
                record_of[i] = Some(r);
            }
        }
        // The receiver, not the package, says who delivered each change, and
        // what each field held before it: the sender's `prev_value` is its
        // word (a forged before-value in the audit trail, or megabytes of
        // it), so it is not kept; the timeline reads the value before each
        // change from this installation's own log.
        for op in incoming.operations.iter_mut().flatten() {
            op.via = Some(sender.fingerprint.clone());
            op.prev_value = None;
        }
        if apply {
            // Only the files accepted replies name are kept, and before the
            // merge commits, so a committed reply never lacks its file.
            for sha in attachments_named(&incoming.operations, &verdicts) {
                if let Some(content) = package.attachments.get(&sha) {
                    crate::workspace::attachments::store_bytes(&self.attachments_dir(), &sha, content)?;
                }
            }
        }
        let actor = self.actor.clone();
        let rules = settings.deadlines;
        let action = format!("导入交换包：{}", sender.name);
        let run = |w: &mut Writer| -> Result<PackageImport> {
            let context = MergeContext {
                sender: &sender,
                my_role,
                my_origins,
                seen_before,
                progress: &progress,
                records: &incoming.records,
                operations: &incoming.operations,
                record_of: &record_of,
                rules,
                record_id: &record_id,
                receiver,
                skew_ms: limits.skew_ms,
            };
            let import = merge(w, &package, &verdicts, &context, file_name(path), apply)?;
            progress.step("提交");
            Ok(import)
        };
        let result =
            if apply { self.store.transact(&actor, &action, run) } else { self.store.rehearse(&actor, &action, run) };
        // A large package's operations and records are some hundred
        // thousand allocations: they are freed on a thread of their own
        // rather than before the clerk sees the result. (Where no thread
        // can be had, they are freed here.) A week's few cost less to free
        // than a thread.
        if package.operations.len() > 10_000 {
            let _ = std::thread::Builder::new().spawn(move || drop((package, incoming, verdicts)));
        }
        result
    }
}

/// The installation taking packages in, as a batch finds it and leaves it:
/// a package changes none of it (the origins it brings are bound to its
/// sender, not taken as this installation's).
pub(super) struct Receiver {
    role: Role,
    name: String,
    /// Its own public key.
    key: tian_sync::PublicKey,
    /// Its signing key, for the receipts it signs.
    signing: tian_sync::SigningKey,
    /// The keys it knows, trusted and revoked.
    peers: Vec<PeerRecord>,
    pub(super) settings: crate::Settings,
    /// The origins this installation writes under.
    pub(super) origins: BTreeSet<String>,
}

/// What a package's signature is checked against: this installation's own
/// key and the keys it knows. Plain data, so a batch's second thread can
/// read and check the next packages while this one judges.
#[derive(Clone, Copy)]
struct Opener<'r> {
    own: &'r tian_sync::PublicKey,
    peers: &'r [PeerRecord],
}

impl Receiver {
    fn opener(&self) -> Opener<'_> {
        Opener { own: &self.key, peers: &self.peers }
    }
}

/// Reads the package at `path` and checks its signature, nothing more.
fn open_package(path: &Path, opener: Opener) -> Result<ExchangePackage> {
    let package_error = |source| CoreError::Package { path: path.to_owned(), source };
    let bytes = crate::workspace::files::read_picked(path, tian_sync::MAX_PACKAGE)?
        .ok_or_else(|| package_error(tian_sync::SyncError::TooLarge))?;
    // A U盘 carries both ways: this installation's own packages to its
    // peers lie beside theirs. One it signed is verified whole, then
    // named as its own; one that only names its key is a forgery.
    ExchangePackage::open(
        &bytes,
        |key| if key == opener.own { KeyStanding::Trusted } else { standing(opener.peers, key) },
    )
    .map_err(package_error)
}

/// What this installation knows of the key `key`, from its list of peers.
fn standing(peers: &[PeerRecord], key: &tian_sync::PublicKey) -> KeyStanding {
    let hex = key.to_hex();
    match peers.iter().find(|p| p.public_key.eq_ignore_ascii_case(&hex)) {
        Some(p) if p.revoked_at.is_none() => KeyStanding::Trusted,
        Some(p) => KeyStanding::Revoked(p.name.clone()),
        None => KeyStanding::Unknown,
    }
}

/// The attachments the accepted operations name.
fn attachments_named(operations: &[Option<Operation>], verdicts: &[Option<String>]) -> BTreeSet<String> {
    operations
        .iter()
        .zip(verdicts)
        .filter_map(|(op, verdict)| op.as_ref().filter(|op| verdict.is_none() && op.target.is(ReplyField::Attachments)))
        .filter_map(|op| serde_json::from_value::<Vec<tian_domain::Attachment>>(op.value.clone()).ok())
        .flatten()
        .map(|a| a.sha256)
        .collect()
}

/// Why an operation the store could not type is refused, should the judge
/// not have said.
const UNREAD: &str = "无法读取的修改";

/// Who is merging what from whom.
struct MergeContext<'a> {
    sender: &'a PeerRecord,
    my_role: Role,
    my_origins: &'a BTreeSet<String>,
    seen_before: bool,
    progress: &'a crate::ProgressHandle,
    /// The records the package writes, as the judge saw them.
    records: &'a [tian_store::IncomingRecord],
    /// The package's operations, typed ([`tian_store::Incoming::operations`]).
    operations: &'a [Option<Operation>],
    /// Per operation, its record among them.
    record_of: &'a [Option<usize>],
    /// The deadline rules, for the clock of a 分办 proposal a unit's answer moves.
    rules: tian_domain::DeadlineRules,
    /// The id the package is kept under here: its own, unless another
    /// sender's came under it first.
    record_id: &'a str,
    /// Who takes the package in, for the receipt it signs.
    receiver: &'a Receiver,
    /// The clock tolerance, in milliseconds.
    skew_ms: i64,
}

/// Applies the allowed operations of `package` and its bookkeeping through
/// `w`, and describes what changed.
fn merge(
    w: &mut Writer,
    package: &ExchangePackage,
    verdicts: &[Option<String>],
    context: &MergeContext,
    file_name: String,
    applied: bool,
) -> Result<PackageImport> {
    let MergeContext { sender, my_role, my_origins, seen_before, progress, records, operations, record_of, .. } =
        *context;
    let manifest = &package.manifest;
    let mut refused = Vec::new();
    let mut refused_total = 0u32;
    let mut new_operations = 0u32;
    // What each touched proposal or record was before the merge, in the
    // order first touched, with the fields that changed.
    let mut touched: Vec<Touched> = Vec::new();
    let mut touched_at: foldhash::HashMap<(Entity, &str), usize> = Default::default();
    let mut bound: BTreeSet<&str> = BTreeSet::new();
    let sent = &package.operations;
    let mut order: Vec<usize> = (0..sent.len()).collect();
    order.sort_by(|&a, &b| (sent[a].hlc, &sent[a].origin).cmp(&(sent[b].hlc, &sent[b].origin)));
    let total = order.len() as u64;
    // Judged and bound first, then merged in one go: the merge settles each
    // field and writes each record once, whatever the number of operations.
    let mut accepted: Vec<(&Operation, usize)> = Vec::new();
    for (n, i) in order.into_iter().enumerate() {
        if n % 2000 == 0 {
            progress.report("合并修改", n as u64 / 2, total);
        }
        // The judge refuses every operation the store could not type.
        let (op, reason) = match (&operations[i], &verdicts[i]) {
            (Some(op), None) => (Some(op), None),
            (None, None) => (None, Some(UNREAD)),
            (_, Some(reason)) => (None, Some(reason.as_str())),
        };
        let Some(op) = op else {
            // A record sent again with a change that is refused: what of it
            // is held already stays held, and is not listed as refused (the
            // sender would withdraw it).
            if w.read().holds_same(&sent[i])? {
                continue;
            }
            let reason = reason.unwrap_or(UNREAD);
            refused_total += 1;
            // Every refusal is kept, so the 回执 can name it for the sender
            // to withdraw; only those listed keep their value.
            let listed = refused.len() < LISTED_REFUSALS;
            w.refuse(context.record_id, &sender.name, &sent[i], reason, listed)?;
            if listed {
                refused.push(RefusedChange { what: describe_refused(&sent[i]), reason: reason.to_owned() });
            }
            continue;
        };
        if !my_origins.contains(&op.origin) && bound.insert(&op.origin) {
            w.bind_origin(&op.origin, &sender.fingerprint)?;
        }
        let key = (op.target.entity(), op.entity_id.as_str());
        let at = match touched_at.get(&key) {
            Some(&at) => at,
            None => {
                let record = record_of[i].map(|r| &records[r]);
                touched.push(Touched {
                    entity: op.target.entity(),
                    id: &op.entity_id,
                    existed: record.is_some_and(|r| r.exists),
                    proposal: record.and_then(|r| r.proposal_id.clone()).unwrap_or_default(),
                    unit: record.and_then(|r| r.unit.clone()),
                    fields: Vec::new(),
                });
                touched_at.insert(key, touched.len() - 1);
                touched.len() - 1
            }
        };
        accepted.push((op, at));
    }
    progress.report("合并修改", total / 2, total);
    let ops: Vec<&Operation> = accepted.iter().map(|(op, _)| *op).collect();
    // The answers the package carries and this installation takes: only
    // these may come with the sender's signature.
    let carried: BTreeSet<String> =
        ops.iter().filter(|op| super::receipts::answer_content(op.target)).map(|op| op.entity_id.clone()).collect();
    // What each of them said before: a package is an answer's arrival only
    // where it changes what the answer says.
    // Only a package taken in for the first time gets a receipt: a preview
    // or one seen before reads none of it.
    let mut before = Vec::new();
    if applied && !seen_before {
        for reply in &carried {
            before.push((reply.clone(), super::receipts::answer_as_held(w, reply)?));
        }
    }
    // The second half of the bar: the accepted operations into the log.
    let into_log = |n: usize| progress.report("合并修改", (total + n as u64) / 2, total);
    for ((op, at), new) in accepted.iter().zip(w.apply_remote(&ops, into_log)?) {
        if new {
            new_operations += 1;
            touched[*at].fields.push((op.target, &op.value));
        }
    }
    progress.report("合并修改", total, total);
    progress.step("整理结果");
    touched.retain(|t| !t.fields.is_empty());
    let mut changes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in &touched {
        changes.entry(t.proposal.clone()).or_default().extend(describe(w, t)?);
    }
    for range in &manifest.envelope.ranges {
        w.cover(&sender.fingerprint, &range.origin, range.after, range.through, my_role == Role::Committee)?;
    }
    for id in &manifest.envelope.whole_proposals {
        w.hold_whole(&sender.fingerprint, id)?;
    }
    w.set_acknowledged(
        &sender.fingerprint,
        &manifest.envelope.acknowledgement.through,
        &manifest.envelope.acknowledgement.proposals,
    )?;
    // A unit takes back what its committee refused of its own changes, so
    // that both show the same; nobody else's receipt withdraws anything.
    let mut taken_back: Vec<TakenBack> = Vec::new();
    if my_role == Role::Unit && sender.role == "committee" {
        for refused in &manifest.envelope.acknowledgement.refused {
            if !my_origins.contains(&refused.origin) {
                continue;
            }
            let refused = tian_store::RefusedOperation { reason: one_line(&refused.reason, 200), ..refused.clone() };
            if let Some(withdrawn) = w.withdraw(&refused, context.record_id)? {
                let key = (withdrawn.op.target.entity(), withdrawn.op.entity_id.clone());
                match taken_back.iter_mut().find(|t| t.key == key) {
                    Some(record) => record.ops.push(withdrawn.op),
                    None => taken_back.push(TakenBack {
                        key,
                        proposal: withdrawn.proposal,
                        reason: refused.reason,
                        ops: vec![withdrawn.op],
                    }),
                }
            }
        }
    }
    // One line per record taken back, in the clerk's words.
    let withdrawn_total = taken_back.len() as u32;
    for record in taken_back {
        let (entity, id) = &record.key;
        let gone = w.read().record_proposal(*entity, id)?.is_none();
        let what = match (gone, record.ops.as_slice()) {
            (true, _) => format!("本单位录入的{}", entity.label()),
            (false, [one]) => describe_refused(&SentOperation::from(one.clone())),
            (false, ops) => format!("本单位对{}的{}项修改", entity.label(), ops.len()),
        };
        changes.entry(record.proposal).or_default().push(format!("委员会未接受{what}，已撤回（{}）", record.reason));
    }
    // The committee records the stage the units' replies and contacts moved
    // its proposals to, so the audit trail shows the step and the units see it.
    if my_role == Role::Committee {
        let touched: Vec<String> = changes.keys().cloned().collect();
        for proposal in &touched {
            if let Some((recorded, handling)) = w.handling(proposal)? {
                let settled = handling.stage;
                if recorded != settled {
                    w.set(ProposalField::Stage, proposal, serde_json::json!(settled))?;
                    changes.entry(proposal.clone()).or_default().push(format!("阶段：{recorded} → {settled}"));
                }
                let id = tian_domain::ProposalId::parse(proposal.as_str());
                crate::handling::steps::record_split_due(w, &id, &handling, &context.rules)?;
            }
        }
    }
    progress.step("更新检索");
    w.settle_now()?;
    progress.step("整理结果");
    let mut proposals = Vec::new();
    for (id, lines) in changes {
        let heading = w.read().heading(&tian_domain::ProposalId::parse(id.as_str()))?;
        let (number, title) = heading.unwrap_or_else(|| (number_of(&id), String::new()));
        proposals.push(ProposalChanges { number, title, changes: lines });
    }
    let conflicts = w.read().conflict_count()?;
    let number = (manifest.envelope.number > 0).then_some(manifest.envelope.number);
    let arrived = w.read().numbers_from(&sender.name)?;
    let (missing_before, out_of_order) = match number {
        Some(n) => (
            NumberRange::gaps(&NumberRange::runs(arrived.iter().copied()), n - 1),
            !seen_before && arrived.iter().any(|&earlier| earlier > n),
        ),
        None => (vec![], false),
    };
    let number_repeated = !seen_before && number.is_some_and(|n| arrived.contains(&n));
    // Its word on which of ours it holds counts only for what we had sent
    // by then: a claim past that would confirm packages not yet made.
    let sent_through = w.read().next_number_to(&sender.name)?.saturating_sub(1);
    let receipt: Vec<NumberRange> = manifest
        .envelope
        .acknowledgement
        .packages
        .iter()
        .filter(|r| r.from <= r.through && r.from <= sent_through)
        .map(|r| NumberRange { from: r.from.max(1), through: r.through.min(sent_through) })
        .collect();
    w.record_package(&PackageRecord {
        id: context.record_id.to_owned(),
        direction: "received".into(),
        peer: sender.name.clone(),
        file_name,
        at: now_rfc3339(),
        operations: package.operations.len() as u32,
        applied: new_operations,
        refused: refused_total,
        attachments: package.attachments.len() as u32,
        summary: format!("{} 件提案有新的修改", proposals.len()),
        carried: Default::default(),
        confirmed: None,
        number,
        receipt,
    })?;
    // Proof of dates: only for a package taken in for the first time. The
    // sender's own answers whose content the package changed (not whether
    // one is published, nor the same words sent again) are its arrivals.
    let mut answers = Vec::new();
    for (reply, was) in before {
        let now = super::receipts::answer_as_held(w, &reply)?;
        if now.as_ref().is_some_and(|now| now.unit == sender.name && Some(now) != was.as_ref()) {
            answers.push(reply);
        }
    }
    let proofs = match applied && !seen_before {
        true => {
            let me = super::receipts::Recipient {
                name: &context.receiver.name,
                role: my_role,
                key: &context.receiver.signing,
                skew_ms: context.skew_ms,
            };
            super::receipts::take_in(w, package, context.record_id, sender, &me, &carried, answers)?
        }
        false => super::receipts::Proofs { receipts: 0, refused: 0 },
    };
    Ok(PackageImport {
        package_id: manifest.id.clone(),
        sender: manifest.envelope.sender.clone(),
        fingerprint: tian_sync::Fingerprint(sender.fingerprint.clone()).grouped(),
        created: local_time(&manifest.created_at),
        mode: manifest.envelope.mode.clone(),
        seen_before,
        operations: package.operations.len() as u32,
        new_operations,
        attachments: package.attachments.len() as u32,
        proposals,
        refused,
        refused_total,
        withdrawn: withdrawn_total,
        conflicts,
        applied,
        number,
        missing_before,
        out_of_order,
        number_repeated,
        receipts: proofs.receipts,
        proofs_refused: proofs.refused,
    })
}

/// A record of ours the sender's 回执 refused, taken back here.
struct TakenBack {
    key: (Entity, String),
    proposal: String,
    reason: String,
    ops: Vec<Operation>,
}

/// A proposal or record an import changed.
struct Touched<'a> {
    entity: Entity,
    id: &'a str,
    existed: bool,
    /// The proposal it is (or belongs to).
    proposal: String,
    /// The unit it is in the name of, where that is part of its identity.
    unit: Option<String>,
    /// The fields it changed, with their new values.
    fields: Vec<(Target, &'a Value)>,
}

/// The lines that tell the clerk what an import did to one proposal or record.
fn describe(w: &Writer, t: &Touched) -> Result<Vec<String>> {
    if t.entity == Entity::Proposal {
        if !t.existed {
            return Ok(vec!["新收到本提案".to_owned()]);
        }
        return Ok(t.fields.iter().map(|(field, value)| format!("{}：{}", field.label(), short(value))).collect());
    }
    let unit = match (&t.unit, Target::of(t.entity, CommonField::Unit)) {
        (Some(unit), _) => Some(unit.clone()),
        (None, Ok(field)) => w.read().record_field(field, t.id)?.filter(|u| !u.is_null()).map(|u| value_text(&u)),
        (None, Err(_)) => None,
    };
    let label = match (t.entity, unit) {
        (Entity::Suggestion, _) => format!("建议{}落实情况", t.id.rsplit('#').next().unwrap_or_default()),
        (entity, Some(unit)) => format!("{}（{unit}）", entity.label()),
        (entity, None) => entity.label().to_owned(),
    };
    let deleted = t.fields.iter().any(|(f, v)| f.is_common(CommonField::Deleted) && **v == Value::Bool(true));
    let status =
        t.fields.iter().find(|(f, _)| f.is(SuggestionField::Status)).map(|(_, v)| format!("：{}", value_text(v)));
    Ok(vec![match (t.existed, deleted) {
        (_, true) => format!("删除{label}"),
        (false, _) => format!("新增{label}{}", status.unwrap_or_default()),
        (true, _) => format!("修改{label}{}", status.unwrap_or_default()),
    }])
}

/// A value in a line of the preview: lists joined, long text cut short.
fn short(value: &Value) -> String {
    let text = match value {
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("、"),
        Value::Object(_) => "已更新".to_owned(),
        other => value_text(other),
    };
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}……")
    } else {
        head
    }
}

/// A refused change in one line. The values are the sender's: cut short,
/// so a huge one cannot flood the preview.
fn describe_refused(op: &SentOperation) -> String {
    // The sender's names, read against the field list once more, or shown
    // as they are on one line of the preview's own.
    let what = match Entity::parse(&op.entity) {
        Some(Entity::Proposal) => format!("第{}号提案", one_line(&number_of(&op.entity_id), 40)),
        Some(entity) => entity.label().to_owned(),
        None => "记录".to_owned(),
    };
    let field = match Target::parse(&op.entity, &op.field) {
        Ok(target) => target.label().to_owned(),
        Err(_) => one_line(&op.field, 40),
    };
    // `short` already cut the value to 40 characters and its "……".
    format!("{what}的“{field}”改为“{}”", one_line(&short(&op.value), usize::MAX))
}
