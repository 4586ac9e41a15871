//! 字段清单: every kind of record the log may hold, the fields each has,
//! and the type of value each field takes.
//!
//! This is the first step of the pipeline every operation goes through,
//! local or from an exchange package: parse (here) → judge (who may write
//! it, in the core) → merge (last writer wins, conflicts) → materialise
//! (the tables). An operation naming a kind, a field or a value this list
//! does not allow never reaches the log, so no SQL, JSON path or file path
//! is ever built from a sender's strings: the tables are written under the
//! `&'static str` names found here.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tian_domain::text::{one_line, unsavable};
use tian_domain::words::field_label;
use tian_domain::{
    ActivityKind, AnswerClass, Assignment, Closure, ContactMethod, ExtensionDecision, FollowUp, PlanLinkState,
    ProposerKind, Review, Satisfaction, Stage, SuggestionState, UnitRound, Withdrawal,
};

/// 记录种类: what an operation writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// 提案
    Proposal,
    /// 往年提案
    History,
    /// 规划条目
    PlanItem,
    /// 沟通记录
    Contact,
    /// 督办活动
    Activity,
    /// 办理复文 (and a co-unit's 会办意见)
    Reply,
    /// 提案者反馈
    Feedback,
    /// 建议落实情况
    Suggestion,
    /// 规划关联
    PlanLink,
    /// 延期申请 and its 审批
    Extension,
    /// 退回
    HandBack,
}

/// A name (unit, person, place) or short label.
const NAME: usize = 200;
/// A paragraph or a whole letter.
const TEXT: usize = 200_000;
/// Identifiers: record ids, proposal ids, plan item ids.
pub const MAX_ID: usize = 300;

/// The value a field takes.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Text of at most this many characters.
    Text(usize),
    /// Text of at most this many characters, not empty or blank: what every
    /// path requires the clerk to write (a contact's content, a reply's
    /// text and signer, a request's reason), so a package may not leave it out.
    Written(usize),
    /// Text or null.
    OptText(usize),
    /// A calendar date, "2026-03-01".
    Date,
    OptDate,
    Bool,
    /// A small whole number (办理轮次, a suggestion's number).
    Count,
    /// A year, 1949–2200.
    Year,
    /// A list of names.
    Names,
    /// The id of a proposal: "十三届五次/0069".
    ProposalRef,
    /// A value of one of the domain's own types, checked by decoding it.
    Typed(fn(&Value) -> bool),
}

/// One field of a kind of record.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    kind: Kind,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

fn decodes<T: DeserializeOwned>(value: &Value) -> bool {
    T::deserialize(value).is_ok()
}

/// A list of attachments, each named by the SHA-256 it is stored under, with
/// a file name for people (never a path) and nothing else.
fn attachments(value: &Value) -> bool {
    let exact_keys = value.as_array().is_some_and(|items| {
        items.iter().all(|a| {
            a.as_object()
                .is_some_and(|o| o.len() == 3 && o.keys().all(|k| ["name", "sha256", "size"].contains(&k.as_str())))
        })
    });
    let Ok(list) = Vec::<tian_domain::Attachment>::deserialize(value) else { return false };
    exact_keys
        && list.len() <= 100
        && list.iter().all(|a| {
            is_sha256(&a.sha256)
                && !a.name.is_empty()
                && a.name.chars().count() <= 255
                && !a.name.chars().any(|c| c.is_control() || c == '/' || c == '\\')
                && a.name != ".."
        })
}

/// The rest of a 征询意见表: its known answers, each suggestion judged
/// once by a number a form can print. Whether the proposal has that many
/// suggestions is asked where the form is recorded.
fn feedback_form(value: &Value) -> bool {
    let Ok(form) = tian_domain::FeedbackForm::deserialize(value) else { return false };
    let known = ["consultation", "attitude", "pertinence", "suggestions"];
    value.as_object().is_some_and(|o| o.keys().all(|k| known.contains(&k.as_str())))
        && form.problem(tian_domain::FeedbackForm::MOST_SUGGESTIONS as usize).is_none()
}

use serde::Deserialize as _;

/// Whether `text` is a SHA-256 as the attachment store names files: 64
/// lowercase hex digits. Anything else must never become a path.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `text` can be an id: not empty, not too long, no control characters.
pub fn is_id(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= MAX_ID && !text.chars().any(|c| c.is_control() || unsavable(c))
}

/// The value checker of a field declared as `Kind` or `Kind(limit)`;
/// `Typed` checks by decoding the field's own type, `Checked(f)` by `f`.
macro_rules! kind {
    (Typed; $ty:ty) => {
        Kind::Typed(decodes::<$ty>)
    };
    (Checked, $check:expr; $ty:ty) => {
        Kind::Typed($check)
    };
    ($kind:ident; $ty:ty) => {
        Kind::$kind
    };
    ($kind:ident, $limit:expr; $ty:ty) => {
        Kind::$kind($limit)
    };
}

/// The fields of one kind of record, declared once, each with its name in
/// the log, the type of its value and how that value is checked. From the
/// list come the enum the code writes by (no field is ever named by a
/// string past the log's and the package's reading), the list each
/// operation is checked against, and the typed patch a package's writes to
/// one record are read into.
macro_rules! record_fields {
    ($(#[$doc:meta])* $name:ident, $patch:ident: Entity::$entity:ident, $list:ident {
        $($variant:ident $field:ident: $ty:ty = $kind:ident $(($limit:expr))?,)*
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
        }

        impl RecordField for $name {
            const ENTITY: Entity = Entity::$entity;
            fn name(self) -> &'static str {
                match self { $($name::$variant => stringify!($field),)* }
            }
        }

        const $list: &[Field] = &[$(field(stringify!($field), kind!($kind $(, $limit)?; $ty)),)*];

        /// What a package writes to one such record (`None`: not written),
        /// or what this installation holds of it.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $patch { $(pub $field: Option<$ty>,)* }

        impl $patch {
            fn read(fields: &Map<String, Value>, absent: Absent) -> Result<$patch, &'static str> {
                Ok($patch { $($field: read_field(fields, stringify!($field), absent)?,)* })
            }

            /// Whether it writes any field to a value other than `held`'s.
            fn changes(&self, held: &$patch) -> bool {
                false $(|| (self.$field.is_some() && self.$field != held.$field))*
            }
        }
    };
}

/// A field of one kind of record, named by the domain, not by a string.
pub trait RecordField: Copy {
    /// The kind of record it belongs to.
    const ENTITY: Entity;
    /// Its name in the log and in exchange packages.
    fn name(self) -> &'static str;
}

/// 写入目标: a kind of record and one of its fields, as this list holds them.
/// Made only from a declared field or by parsing against the list, never by
/// hand, so a kind can never be paired with another kind's field.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub(crate) entity: Entity,
    pub(crate) field: Field,
}

impl Target {
    /// The kind and field named by strings read from the log or from a
    /// package; anything this list does not hold is refused.
    pub fn parse(entity: &str, field: &str) -> Result<Target, FieldError> {
        let kind = Entity::parse(entity).ok_or_else(|| FieldError::UnknownEntity(shorten(entity)))?;
        let spec = kind.field(field).ok_or_else(|| FieldError::UnknownField(shorten(field)))?;
        Ok(Target { entity: kind, field: spec })
    }

    /// [`Target::parse`] of what the log or a stored record names, refused
    /// as the store refuses a write.
    pub fn named(entity: &str, field: &str) -> crate::Result<Target> {
        Target::parse(entity, field).map_err(|e| crate::StoreError::field(entity, field, e))
    }
}

impl Target {
    /// The kind of record written.
    pub fn entity(self) -> Entity {
        self.entity
    }

    /// The field's name in the log and in exchange packages.
    pub fn name(self) -> &'static str {
        self.field.name
    }

    /// The field in the clerk's words, as its kind of record calls it.
    pub fn label(self) -> &'static str {
        tian_domain::words::field_label_in(self.entity.name(), self.field.name)
    }

    /// Whether the field is one that says whose record it is ([`Entity::identity`]).
    pub fn is_identity(self) -> bool {
        self.entity.identity().contains(&self.field.name)
    }

    /// Whether this is `field`.
    pub fn is<F: RecordField>(self, field: F) -> bool {
        self.entity == F::ENTITY && self.field.name == field.name()
    }

    /// A field records of several kinds have, of `entity` (every record of
    /// a proposal has `proposal_id` and, but a 规划关联, `deleted`).
    pub fn of(entity: Entity, field: CommonField) -> crate::Result<Target> {
        let spec = entity.field(field.name()).ok_or_else(|| crate::StoreError::UnknownField {
            entity: entity.name().to_owned(),
            field: field.name().to_owned(),
        })?;
        Ok(Target { entity, field: spec })
    }

    /// Whether this is `field` of whichever kind it is.
    pub fn is_common(self, field: CommonField) -> bool {
        self.field.name == field.name()
    }
}

/// The fields records of several kinds share, named without a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommonField {
    /// 所属提案
    ProposalId,
    /// 已删除
    Deleted,
    /// 单位: whose record it is, on the kinds a unit writes.
    Unit,
}

impl CommonField {
    pub fn name(self) -> &'static str {
        match self {
            CommonField::ProposalId => "proposal_id",
            CommonField::Deleted => "deleted",
            CommonField::Unit => "unit",
        }
    }
}

// Two targets are the same field of the same kind; a field's name is unique
// within its kind.
impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        (self.entity, self.field.name) == (other.entity, other.field.name)
    }
}

impl Eq for Target {}

impl std::hash::Hash for Target {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.entity, self.field.name).hash(state);
    }
}

impl PartialOrd for Target {
    fn partial_cmp(&self, other: &Target) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Target {
    fn cmp(&self, other: &Target) -> std::cmp::Ordering {
        (self.entity, self.field.name).cmp(&(other.entity, other.field.name))
    }
}

impl<F: RecordField> From<F> for Target {
    fn from(field: F) -> Target {
        let name = field.name();
        // Every variant is made from the list it is looked up in.
        let spec = F::ENTITY.field(name).expect("a declared field is in its kind's list");
        Target { entity: F::ENTITY, field: spec }
    }
}

record_fields! {
    /// The fields of a 提案 ([`Entity::Proposal`]).
    ProposalField, ProposalPatch: Entity::Proposal, PROPOSAL_FIELDS {
        Session session: String = Text(NAME),
        Number number: String = Text(NAME),
        Title title: String = Text(TEXT),
        Proposer proposer: String = Text(TEXT),
        CoSigners co_signers: Vec<String> = Names,
        ProposerKind proposer_kind: ProposerKind = Typed,
        Summary summary: String = Text(TEXT),
        Category category: Option<String> = OptText(NAME),
        Stage stage: Stage = Typed,
        Round round: u64 = Count,
        UnitRounds unit_rounds: Option<Vec<UnitRound>> = Typed,
        Assignment assignment: Option<Assignment> = Typed,
        RehandlingStart rehandling_start: Option<NaiveDate> = OptDate,
        Closure closure: Option<Closure> = Typed,
        Review review: Option<Review> = Typed,
        DueDate due_date: Option<NaiveDate> = OptDate,
        ExtendedTo extended_to: Option<NaiveDate> = OptDate,
        Withdrawal withdrawal: Option<Withdrawal> = Typed,
        Suggestions suggestions: Vec<String> = Typed,
        LeadUnits lead_units: Vec<String> = Names,
        CoCommittees co_committees: Vec<String> = Names,
        GovLeaders gov_leaders: Vec<String> = Names,
        CppccLeaders cppcc_leaders: Vec<String> = Names,
    }
}

record_fields! {
    /// The fields of a 往年提案 ([`Entity::History`]).
    HistoryField, HistoryPatch: Entity::History, HISTORY_FIELDS {
        Year year: i64 = Year,
        Title title: String = Text(TEXT),
        Theme theme: String = Text(TEXT),
        Suggestions suggestions: String = Text(TEXT),
        Handling handling: String = Text(TEXT),
        Source source: String = Text(TEXT),
    }
}

record_fields! {
    /// The fields of a 规划条目 ([`Entity::PlanItem`]).
    PlanItemField, PlanItemPatch: Entity::PlanItem, PLAN_ITEM_FIELDS {
        Document document: String = Text(TEXT),
        Path path: Vec<String> = Typed,
        Label label: String = Text(NAME),
        Title title: String = Text(TEXT),
        Text text: String = Text(TEXT),
        Ord ord: u64 = Count,
    }
}

record_fields! {
    /// The fields of a 沟通记录 ([`Entity::Contact`]).
    ContactField, ContactPatch: Entity::Contact, CONTACT_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Date date: NaiveDate = Date,
        Method method: ContactMethod = Typed,
        Unit unit: Option<String> = OptText(NAME),
        People people: String = Text(TEXT),
        Content content: String = Written(TEXT),
        Deleted deleted: bool = Bool,
    }
}

record_fields! {
    /// The fields of a 督办活动 ([`Entity::Activity`]).
    ActivityField, ActivityPatch: Entity::Activity, ACTIVITY_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Kind kind: ActivityKind = Typed,
        Date date: NaiveDate = Date,
        Place place: String = Text(NAME),
        Leaders leaders: Vec<String> = Names,
        Units units: Vec<String> = Names,
        Summary summary: String = Written(TEXT),
        FollowUps follow_ups: Vec<FollowUp> = Typed,
        Deleted deleted: bool = Bool,
    }
}

record_fields! {
    /// The fields of a 办理复文 ([`Entity::Reply`]).
    ReplyField, ReplyPatch: Entity::Reply, REPLY_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Unit unit: String = Text(NAME),
        Lead lead: bool = Bool,
        Round round: u64 = Count,
        Date date: NaiveDate = Date,
        Class class: Option<AnswerClass> = Typed,
        Number number: String = Text(NAME),
        Signer signer: String = Written(NAME),
        SignerPost signer_post: String = Text(NAME),
        Contact contact: String = Text(NAME),
        Text text: String = Written(TEXT),
        Attachments attachments: Vec<tian_domain::Attachment> = Checked(attachments),
        Public public: bool = Bool,
        PrivateReason private_reason: String = Text(TEXT),
        Deleted deleted: bool = Bool,
    }
}

record_fields! {
    /// The fields of a 提案者反馈 ([`Entity::Feedback`]).
    FeedbackField, FeedbackPatch: Entity::Feedback, FEEDBACK_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Unit unit: Option<String> = OptText(NAME),
        Round round: u64 = Count,
        Date date: NaiveDate = Date,
        Result result: Satisfaction = Typed,
        Comment comment: String = Text(TEXT),
        Form form: tian_domain::FeedbackForm = Checked(feedback_form),
        Deleted deleted: bool = Bool,
    }
}

record_fields! {
    /// The fields of a 建议落实情况 ([`Entity::Suggestion`]).
    SuggestionField, SuggestionPatch: Entity::Suggestion, SUGGESTION_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Index index: u64 = Count,
        Status status: SuggestionState = Typed,
        Evidence evidence: String = Text(TEXT),
        Date date: Option<NaiveDate> = OptDate,
        Deleted deleted: bool = Bool,
    }
}

record_fields! {
    /// The fields of a 延期申请 ([`Entity::Extension`]).
    ExtensionField, ExtensionPatch: Entity::Extension, EXTENSION_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Unit unit: String = Text(NAME),
        Round round: u64 = Count,
        Date date: NaiveDate = Date,
        RequestedTo requested_to: NaiveDate = Date,
        Reason reason: String = Written(TEXT),
        Decision decision: Option<ExtensionDecision> = Typed,
        Deleted deleted: bool = Bool,
    }
}

record_fields! {
    /// The fields of a 退回 ([`Entity::HandBack`]).
    HandBackField, HandBackPatch: Entity::HandBack, HAND_BACK_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Unit unit: String = Text(NAME),
        Assigned assigned: NaiveDate = Date,
        Date date: NaiveDate = Date,
        Reason reason: String = Written(TEXT),
        Deleted deleted: bool = Bool,
    }
}

record_fields! {
    /// The fields of a 规划关联 ([`Entity::PlanLink`]).
    PlanLinkField, PlanLinkPatch: Entity::PlanLink, PLAN_LINK_FIELDS {
        ProposalId proposal_id: String = ProposalRef,
        Item item: String = Text(MAX_ID),
        State state: PlanLinkState = Typed,
    }
}

/// How [`Patch::read`] takes a field the record does not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// Not written (a package's writes).
    Unwritten,
    /// Empty, as a field a stored record lacks reads ([`Patch::changes`]
    /// compares a write of `null` with it as equal).
    Null,
}

fn read_field<T: DeserializeOwned>(
    fields: &Map<String, Value>,
    name: &'static str,
    absent: Absent,
) -> Result<Option<T>, &'static str> {
    match (fields.get(name), absent) {
        (Some(value), _) => T::deserialize(value).map(Some).map_err(|_| name),
        (None, Absent::Unwritten) => Ok(None),
        (None, Absent::Null) => Ok(T::deserialize(&Value::Null).ok()),
    }
}

/// The kinds of record, each with its patch: [`Patch`] and what reads and
/// compares it, generated once.
macro_rules! patches {
    ($($entity:ident($patch:ident),)*) => {
        /// 记录补丁: what a package writes to one record, or what this
        /// installation holds of it, as the record kind's own typed fields.
        /// Boxed: a proposal's patch is some ten times a record's.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Patch { $($entity(Box<$patch>),)* }

        impl Patch {
            /// The record of kind `entity` that `fields` (checked values, by
            /// name) make; the name of a field whose value does not read as
            /// its type.
            pub fn read(entity: Entity, fields: &Map<String, Value>, absent: Absent) -> Result<Patch, &'static str> {
                Ok(match entity { $(Entity::$entity => Patch::$entity(Box::new($patch::read(fields, absent)?)),)* })
            }

            /// Whether it writes any field to a value other than `held`'s (a
            /// record of another kind is all change).
            pub fn changes(&self, held: &Patch) -> bool {
                match (self, held) {
                    $((Patch::$entity(a), Patch::$entity(b)) => a.changes(b),)*
                    _ => true,
                }
            }
        }
    };
}

patches! {
    Proposal(ProposalPatch),
    History(HistoryPatch),
    PlanItem(PlanItemPatch),
    Contact(ContactPatch),
    Activity(ActivityPatch),
    Reply(ReplyPatch),
    Feedback(FeedbackPatch),
    Suggestion(SuggestionPatch),
    PlanLink(PlanLinkPatch),
    Extension(ExtensionPatch),
    HandBack(HandBackPatch),
}

impl Patch {
    /// Whether it marks the record deleted (a tombstone).
    pub fn deleted(&self) -> bool {
        let deleted = match self {
            Patch::Contact(p) => p.deleted,
            Patch::Activity(p) => p.deleted,
            Patch::Reply(p) => p.deleted,
            Patch::Feedback(p) => p.deleted,
            Patch::Suggestion(p) => p.deleted,
            Patch::Extension(p) => p.deleted,
            Patch::HandBack(p) => p.deleted,
            Patch::Proposal(_) | Patch::History(_) | Patch::PlanItem(_) | Patch::PlanLink(_) => None,
        };
        deleted == Some(true)
    }
}

impl Entity {
    pub const ALL: [Entity; 11] = [
        Entity::Proposal,
        Entity::History,
        Entity::PlanItem,
        Entity::Contact,
        Entity::Activity,
        Entity::Reply,
        Entity::Feedback,
        Entity::Suggestion,
        Entity::PlanLink,
        Entity::Extension,
        Entity::HandBack,
    ];

    /// The name the log and the exchange use.
    pub fn name(self) -> &'static str {
        match self {
            Entity::Proposal => "proposal",
            Entity::History => "history",
            Entity::PlanItem => "plan_item",
            Entity::Contact => "contact",
            Entity::Activity => "activity",
            Entity::Reply => "reply",
            Entity::Feedback => "feedback",
            Entity::Suggestion => "suggestion",
            Entity::PlanLink => "plan_link",
            Entity::Extension => "extension",
            Entity::HandBack => "hand_back",
        }
    }

    /// The kind of record in the clerk's words.
    pub fn label(self) -> &'static str {
        match self {
            Entity::Proposal => "提案",
            Entity::History => "往年提案",
            Entity::PlanItem => "规划条目",
            Entity::Contact => "沟通记录",
            Entity::Activity => "督办活动",
            Entity::Reply => "办理复文",
            Entity::Feedback => "提案者反馈",
            Entity::Suggestion => "建议落实情况",
            Entity::PlanLink => "规划关联",
            Entity::Extension => "延期申请",
            Entity::HandBack => "退回",
        }
    }

    pub fn parse(name: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Whether it is a record of a proposal (kept in `records`) rather than
    /// a row of a table of its own.
    pub fn is_record(self) -> bool {
        !matches!(self, Entity::Proposal | Entity::History | Entity::PlanItem)
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Entity::Proposal => PROPOSAL_FIELDS,
            Entity::History => HISTORY_FIELDS,
            Entity::PlanItem => PLAN_ITEM_FIELDS,
            Entity::Contact => CONTACT_FIELDS,
            Entity::Activity => ACTIVITY_FIELDS,
            Entity::Reply => REPLY_FIELDS,
            Entity::Feedback => FEEDBACK_FIELDS,
            Entity::Suggestion => SUGGESTION_FIELDS,
            Entity::PlanLink => PLAN_LINK_FIELDS,
            Entity::Extension => EXTENSION_FIELDS,
            Entity::HandBack => HAND_BACK_FIELDS,
        }
    }

    pub fn field(self, name: &str) -> Option<Field> {
        self.fields().iter().copied().find(|f| f.name == name)
    }

    /// 身份字段: the fields that say whose record it is and where it
    /// belongs. The first write fixes them; a write that would change them
    /// is refused, so a record can never be moved to another proposal or
    /// re-signed in another unit's name.
    pub fn identity(self) -> &'static [&'static str] {
        match self {
            Entity::Contact => &["proposal_id", "unit"],
            Entity::Reply => &["proposal_id", "unit", "lead", "round"],
            Entity::Extension => &["proposal_id", "unit", "round"],
            Entity::HandBack => &["proposal_id", "unit", "assigned"],
            Entity::Suggestion => &["proposal_id", "index"],
            Entity::Activity | Entity::Feedback | Entity::PlanLink => &["proposal_id"],
            Entity::Proposal | Entity::History | Entity::PlanItem => &[],
        }
    }

    /// Decodes a record's fields (with its id) as the domain's type, to tell
    /// whether a record new to this installation is complete.
    pub fn complete(self, fields: serde_json::Map<String, Value>) -> bool {
        let value = Value::Object(fields);
        match self {
            Entity::Contact => decodes::<tian_domain::Contact>(&value),
            Entity::Activity => decodes::<tian_domain::Activity>(&value),
            Entity::Reply => decodes::<tian_domain::Reply>(&value),
            Entity::Feedback => decodes::<tian_domain::Feedback>(&value),
            Entity::Suggestion => decodes::<tian_domain::SuggestionProgress>(&value),
            Entity::PlanLink => decodes::<tian_domain::PlanLink>(&value),
            Entity::Extension => decodes::<tian_domain::Extension>(&value),
            Entity::HandBack => decodes::<tian_domain::HandBack>(&value),
            Entity::Proposal | Entity::History | Entity::PlanItem => true,
        }
    }
}

/// Why an operation's target or value is not one the log may hold, in the
/// clerk's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("不认识的记录种类“{0}”")]
    UnknownEntity(String),
    #[error("不认识的字段“{0}”")]
    UnknownField(String),
    #[error("记录编号无效")]
    BadId,
    #[error("“{}”的值不是{expected}", field_label(field))]
    BadValue { field: &'static str, expected: &'static str },
    #[error("“{}”含有不能保存的字符（{}），请删去后再录入", field_label(field), char_name(*found))]
    BadCharacter { field: &'static str, found: char },
    #[error("“{}”不能为空", field_label(field))]
    Empty { field: &'static str },
    #[error("“{}”中还有待填写的提示“{}”，请写好后再录入", field_label(field), tian_domain::text::TO_WRITE)]
    Unfinished { field: &'static str },
}

/// Whether a stored yes-or-no field (a record's `deleted` tombstone …) reads
/// yes: JSON `true` as written, or `1`, as SQLite's JSON functions give a
/// stored `true` back.
pub fn is_yes(value: &Value) -> bool {
    value == &Value::Bool(true) || value.as_i64() == Some(1)
}

/// The first character of `value`'s texts, at any depth, that no stored text may hold.
fn first_unsavable(value: &Value) -> Option<char> {
    match value {
        Value::String(s) => s.chars().find(|c| unsavable(*c)),
        Value::Array(items) => items.iter().find_map(first_unsavable),
        Value::Object(map) => {
            map.iter().find_map(|(k, v)| k.chars().find(|c| unsavable(*c)).or_else(|| first_unsavable(v)))
        }
        _ => None,
    }
}

/// How a refused character is named to the clerk: its code and what kind
/// of character it is (none can be seen), never itself.
fn char_name(c: char) -> String {
    let n = c as u32;
    let kind = if (0x202A..=0x202E).contains(&n) || (0x2066..=0x2069).contains(&n) {
        "看不见的文字方向符"
    } else if c.is_control() {
        "控制字符"
    } else {
        "Unicode 非字符"
    };
    format!("U+{n:04X}，{kind}")
}

/// Checks that `entity`.`field` exists and that `value` is of its type;
/// returns the kind of record and the field as this list names them.
pub fn check(entity: &str, entity_id: &str, field: &str, value: &Value) -> Result<(Entity, Field), FieldError> {
    let target = Target::parse(entity, field)?;
    check_value(target, entity_id, value)?;
    Ok((target.entity, target.field))
}

/// Checks that `entity_id` can name a record and that `value` is of the
/// type `target`'s field takes.
pub fn check_value(target: Target, entity_id: &str, value: &Value) -> Result<(), FieldError> {
    if !is_id(entity_id) {
        return Err(FieldError::BadId);
    }
    // “十三届五次/0020#1” names a suggestion's (or a plan link's) record by
    // its proposal: no other kind may take such an id, or a sender could
    // hold the id another unit's suggestion status will need.
    if entity_id.contains('#')
        && target.entity.is_record()
        && !matches!(target.entity, Entity::Suggestion | Entity::PlanLink)
    {
        return Err(FieldError::BadId);
    }
    let spec = target.field;
    if let Some(found) = first_unsavable(value) {
        return Err(FieldError::BadCharacter { field: spec.name, found });
    }
    let bad = |expected| FieldError::BadValue { field: spec.name, expected };
    let text = |max: usize, v: &Value| v.as_str().is_some_and(|s| s.chars().count() <= max);
    if matches!(spec.kind, Kind::Written(_)) && value.as_str().is_some_and(tian_domain::text::blank) {
        return Err(FieldError::Empty { field: spec.name });
    }
    if matches!(spec.kind, Kind::Written(_)) && value.as_str().is_some_and(tian_domain::text::unfinished) {
        return Err(FieldError::Unfinished { field: spec.name });
    }
    let ok = match spec.kind {
        Kind::Text(max) | Kind::Written(max) => text(max, value),
        Kind::OptText(max) => value.is_null() || text(max, value),
        Kind::Date => plausible_date(value),
        Kind::OptDate => value.is_null() || plausible_date(value),
        Kind::Bool => value.is_boolean(),
        Kind::Count => value.as_u64().is_some_and(|n| n <= 10_000),
        Kind::Year => value.as_i64().is_some_and(|y| (1949..=2200).contains(&y)),
        Kind::Names => value.as_array().is_some_and(|names| names.len() <= 100 && names.iter().all(|n| text(NAME, n))),
        Kind::ProposalRef => value.as_str().is_some_and(|s| is_id(s) && s.contains('/')),
        Kind::Typed(valid) => valid(value),
    };
    if ok {
        Ok(())
    } else {
        Err(bad(expected(spec.kind)))
    }
}

/// A date a proposal's handling can have: from the founding of the CPPCC
/// to two centuries on, not year 0 or 9999.
fn plausible_date(value: &Value) -> bool {
    use chrono::Datelike;
    chrono::NaiveDate::deserialize(value).is_ok_and(|d| (1949..=2200).contains(&d.year()))
}

fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Text(_) | Kind::OptText(_) | Kind::Written(_) => "长度合适的文字",
        Kind::Date | Kind::OptDate => "日期",
        Kind::Bool => "是或否",
        Kind::Count => "数字",
        Kind::Year => "年份",
        Kind::Names => "名称列表",
        Kind::ProposalRef => "提案编号",
        Kind::Typed(_) => "本字段允许的值",
    }
}

/// A sender's string as it may appear in a message: short, printable.
/// A sender's name in a refusal: on one line, with no direction mark that
/// would turn the line around, and short.
fn shorten(text: &str) -> String {
    one_line(text, 40)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeSet;

    #[test]
    fn no_text_holds_a_character_a_document_cannot_carry() {
        for bad in ["答复\u{FFFF}", "\u{1}", "\u{FDD0}", "\u{1FFFE}"] {
            let refused = check("reply", "r1", "text", &json!(bad)).unwrap_err().to_string();
            assert!(refused.starts_with("“复文”含有不能保存的字符（U+"), "{refused}");
        }
        let nested = json!([{ "name": "复文\u{FFFE}.pdf", "sha256": "ab".repeat(32), "size": 1 }]);
        assert!(check("reply", "r1", "attachments", &nested).is_err(), "inside a structured value too");
        assert!(check("reply", "r1", "text", &json!("第一段\n\t第二段\r\n")).is_ok(), "line breaks and tabs stay");
    }

    #[test]
    fn only_listed_fields_with_values_of_their_type_pass() {
        assert!(check("reply", "r1", "unit", &json!("市教育局")).is_ok());
        // SQLite's JSON path would read this as "unit"; here it is just unknown.
        assert_eq!(
            check("reply", "r1", "un\\u0069t", &json!("市科技局")).unwrap_err(),
            FieldError::UnknownField("un\\u0069t".into())
        );
        assert!(matches!(check("contact", "c1", "date", &json!("x")), Err(FieldError::BadValue { field: "date", .. })));
        assert!(check("contact", "c1", "date", &json!("2026-03-01")).is_ok());
        assert!(check("contact", "c1", "date", &json!("0000-01-01")).is_err(), "no year 0");
        assert!(check("suggestion", "s1", "date", &json!("9999-12-31")).is_err());
        assert!(check("suggestion", "s1", "date", &json!(null)).is_ok());
        assert!(matches!(check("reply", "r1", "lead", &json!(1)), Err(FieldError::BadValue { .. })));
        assert!(matches!(check("reply", "r1", "class", &json!("E")), Err(FieldError::BadValue { .. })));
        assert!(matches!(check("secret", "x", "a", &json!(1)), Err(FieldError::UnknownEntity(_))));
        assert!(matches!(check("contact", "", "date", &json!("2026-03-01")), Err(FieldError::BadId)));
        assert_eq!(
            check("contact", "c1", "date", &json!("x")).unwrap_err().to_string(),
            "“日期”的值不是日期",
            "in the clerk's words"
        );
        let long = "长".repeat(NAME + 1);
        assert!(check("reply", "r1", "signer", &json!(long)).is_err());
    }

    #[test]
    fn a_feedback_form_holds_its_known_answers_and_each_suggestion_once() {
        let form = |v: Value| check("feedback", "f1", "form", &v);
        assert!(form(json!({})).is_ok(), "a verdict without the form");
        let full = json!({ "consultation": "面商", "attitude": "基本满意", "pertinence": "针对性强",
                           "suggestions": [{ "index": 1, "state": "已落实" }, { "index": 120, "state": "未落实" }] });
        assert!(form(full).is_ok());
        for bad in [
            json!({ "consultation": "托人转告" }),
            json!({ "attitude": "很好" }),
            json!({ "suggestions": [{ "index": 0, "state": "已落实" }] }),
            json!({ "suggestions": [{ "index": 1000, "state": "已落实" }] }),
            json!({ "suggestions": [{ "index": 2, "state": "已落实" }, { "index": 2, "state": "未落实" }] }),
            json!({ "suggestions": [{ "index": -1, "state": "已落实" }] }),
            json!({ "signed_by": "提案者" }),
            json!("面商"),
            json!(null),
        ] {
            assert!(form(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_attachment_must_be_named_by_its_hash_and_nothing_else() {
        let sha = "ab".repeat(32);
        let ok = json!([{ "name": "复文.pdf", "sha256": sha, "size": 4 }]);
        assert!(check("reply", "r1", "attachments", &ok).is_ok());
        for bad in ["../tian.db", &"AB".repeat(32), &"ab".repeat(31), "/etc/passwd"] {
            let value = json!([{ "name": "复文.pdf", "sha256": bad, "size": 4 }]);
            assert!(check("reply", "r1", "attachments", &value).is_err(), "{bad}");
        }
    }

    /// The names `kind`'s enum declares, but those every record of a
    /// proposal has besides its own (its proposal, its tombstone).
    fn declared<F: RecordField>(all: &[F]) -> BTreeSet<&'static str> {
        all.iter().map(|f| f.name()).filter(|n| !["proposal_id", "deleted"].contains(n)).collect()
    }

    /// The keys a domain record serialises with, but its id; each value
    /// reads as the type its kind's patch declares for it.
    fn keys(entity: Entity, record: impl serde::Serialize) -> BTreeSet<String> {
        let Value::Object(map) = serde_json::to_value(record).unwrap() else { panic!("a record is an object") };
        let mut fields = map.clone();
        fields.remove("id");
        assert_eq!(Patch::read(entity, &fields, Absent::Unwritten).err(), None, "{entity:?}");
        map.into_iter().map(|(k, _)| k).filter(|k| k != "id").collect()
    }

    /// Each kind's field enum is the domain struct's fields, no more and no
    /// fewer: a field added to one and not the other fails here (and a
    /// field added to a struct fails to build these literals at all).
    #[test]
    fn each_kind_declares_exactly_the_fields_of_its_domain_record() {
        use tian_domain::*;
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let s = String::new;
        let same = |declared: BTreeSet<&str>, keys: BTreeSet<String>, kind: &str| {
            let declared: BTreeSet<String> = declared.into_iter().map(str::to_owned).collect();
            assert_eq!(declared, keys, "{kind}");
        };
        let contact =
            Contact { id: s(), date: day, method: ContactMethod::Phone, unit: None, people: s(), content: s() };
        same(declared(ContactField::ALL), keys(Entity::Contact, contact), "沟通记录");
        let activity = Activity {
            id: s(),
            kind: ActivityKind::Survey,
            date: day,
            place: s(),
            leaders: vec![],
            units: vec![],
            summary: s(),
            follow_ups: vec![],
        };
        same(declared(ActivityField::ALL), keys(Entity::Activity, activity), "督办活动");
        let reply = Reply {
            id: s(),
            unit: s(),
            lead: true,
            round: 1,
            date: day,
            class: None,
            number: s(),
            signer: s(),
            signer_post: s(),
            contact: s(),
            text: s(),
            attachments: vec![],
            public: true,
            private_reason: String::new(),
        };
        same(declared(ReplyField::ALL), keys(Entity::Reply, reply), "办理复文");
        let feedback = Feedback {
            id: s(),
            unit: None,
            round: 1,
            date: day,
            result: Satisfaction::Satisfied,
            comment: s(),
            form: Default::default(),
        };
        same(declared(FeedbackField::ALL), keys(Entity::Feedback, feedback), "提案者反馈");
        let progress = SuggestionProgress { index: 1, status: SuggestionState::Done, evidence: s(), date: None };
        same(declared(SuggestionField::ALL), keys(Entity::Suggestion, progress), "建议落实情况");
        let extension =
            Extension { id: s(), unit: s(), round: 1, date: day, requested_to: day, reason: s(), decision: None };
        same(declared(ExtensionField::ALL), keys(Entity::Extension, extension), "延期申请");
        let hand_back = HandBack { id: s(), unit: s(), assigned: day, date: day, reason: s() };
        same(declared(HandBackField::ALL), keys(Entity::HandBack, hand_back), "退回");
        let link = PlanLink { item: s(), state: PlanLinkState::Confirmed };
        same(declared(PlanLinkField::ALL), keys(Entity::PlanLink, link), "规划关联");
    }

    #[test]
    fn a_new_record_is_complete_only_with_every_field_of_its_type() {
        let mut fields = serde_json::Map::new();
        fields.insert("id".into(), json!("r1"));
        fields.insert("unit".into(), json!("市教育局"));
        assert!(!Entity::Reply.complete(fields.clone()));
        for (k, v) in [
            ("lead", json!(true)),
            ("round", json!(0)),
            ("date", json!("2026-05-20")),
            ("class", json!("A")),
            ("signer", json!("王局长")),
            ("contact", json!("")),
            ("text", json!("复文")),
            ("attachments", json!([])),
            ("public", json!(true)),
        ] {
            fields.insert(k.into(), v);
        }
        assert!(Entity::Reply.complete(fields));
    }
}
