//! 数据交换: how installations that never see each other's network share
//! their changes by file.
//!
//! Each installation has an [`identity`]: a [`Role`] (the committee or a
//! named handling unit) and an Ed25519 signing key made on the spot. Public
//! keys travel as [`KeyFile`]s and are trusted once the clerks compare
//! fingerprints. Changes travel as [`ExchangePackage`]s: the operations of
//! the op log, the attachments they refer to, and a signed manifest. What a
//! package may change, and how it is merged, the core decides.
//!
//! Ed25519 rather than SM2: both ends are Tian, so no outside system needs
//! the national algorithm, and `ed25519-dalek` is small, audited and pure
//! Rust; the signature's job here is to tell whose package it is.

mod error;
pub mod identity;
pub mod package;
pub mod receipt;

pub use error::SyncError;
pub use identity::{Fingerprint, KeyFile, PublicKey, Role, SigningKey};
pub use package::{
    Acknowledgement, Envelope, ExchangePackage, ExportMode, KeyStanding, Manifest, OriginRange, Party, EXTENSION,
    MAX_PACKAGE,
};
pub use receipt::{AnswerStatement, Receipt, Signed};
/// 拒收, as a package's 回执 names it: the store keeps it in this form.
pub use tian_store::RefusedOperation;
