//! 回执与答复签名: signed statements that outlive the package carrying them.
//!
//! A package's signature proves who sent it, but only while the whole
//! package is kept. Two statements are kept instead, each signed on its own
//! so it can be checked years later with nothing but its signer's public key:
//! - [`AnswerStatement`] (答复签名): a unit's signature over an answer as it
//!   sent it (date, class, 文号, the letter's hash), made when the answer
//!   leaves in a package;
//! - [`Receipt`] (回执): the recipient's signed word of when a package
//!   arrived and which answers it brought, made on import and returned in
//!   the recipient's next package.
//!
//! The committee thus holds, for each answer, the unit's signature and its
//! own receipt of its arrival; the unit holds the committee's receipt.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::identity::{hex, PublicKey, SigningKey};
use crate::SyncError;

/// The longest statement read: an honest one is a few hundred bytes (a
/// receipt of a unit's first package after a term names a few thousand
/// answers).
const MAX_BODY: usize = 512 * 1024;

/// A statement in its signer's exact words: the JSON text as signed, and the
/// Ed25519 signature (hex) over its bytes. Kept as text, so the bytes
/// checked years later are the bytes signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    pub body: String,
    pub signature: String,
}

impl Signed {
    /// `value` as JSON, signed by `key`.
    pub fn sign<T: Serialize>(value: &T, key: &SigningKey) -> Result<Signed, SyncError> {
        let body = serde_json::to_string(value).map_err(|e| SyncError::Write(e.to_string()))?;
        let signature = key.sign(body.as_bytes());
        Ok(Signed { body, signature })
    }

    /// The statement, if `key` signed exactly this text and it reads as a
    /// `T`; `None` for anything else (too long, altered, another's, garbled).
    pub fn open<T: DeserializeOwned>(&self, key: &PublicKey) -> Option<T> {
        self.signed_by(key).then(|| self.claim()).flatten()
    }

    /// What the text says, read but not yet checked against a key: for the
    /// cheap checks a receiver makes before the costlier signature's.
    pub fn claim<T: DeserializeOwned>(&self) -> Option<T> {
        (self.body.len() <= MAX_BODY).then(|| serde_json::from_str(&self.body).ok()).flatten()
    }

    /// Whether `key` signed exactly this text.
    pub fn signed_by(&self, key: &PublicKey) -> bool {
        self.body.len() <= MAX_BODY && key.verifies(self.body.as_bytes(), &self.signature)
    }

    /// The SHA-256 of the signed text: how a receipt names a statement.
    pub fn sha256(&self) -> String {
        hex(&Sha256::digest(self.body.as_bytes()))
    }
}

/// 答复签名: what a unit signed of one answer (主办答复 or 会办意见) when it
/// sent it. The letter itself is named by its hash; the record keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerStatement {
    /// The proposal's id (届次/号).
    pub proposal: String,
    /// The reply record's id.
    pub reply: String,
    pub unit: String,
    /// 主办答复 (true) or 会办意见.
    pub lead: bool,
    pub round: u32,
    /// 答复日期, the date 按期 is judged on.
    pub date: NaiveDate,
    /// 答复类别 ("A".."D"); none for a 会办意见.
    pub class: Option<String>,
    /// 复文文号.
    pub number: String,
    /// SHA-256 of the letter's text.
    pub text_sha256: String,
    /// SHA-256 of each attached file.
    pub attachments: Vec<String>,
    /// When the unit signed it (its own clock, RFC 3339).
    pub signed_at: String,
}

/// 回执: the recipient's signed word that a package arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The package's id and its number from its sender (第N号).
    pub package: String,
    pub number: u32,
    /// SHA-256 of the package's manifest as it arrived: binds the receipt to
    /// that very package.
    pub manifest_sha256: String,
    /// Who sent the package, and who received it (and signs this).
    pub sender: String,
    pub recipient: String,
    /// When it was taken in, by the recipient's clock (RFC 3339).
    pub received_at: String,
    /// The sender's answers (reply ids) the package brought.
    pub answers: Vec<String>,
    /// The SHA-256 of each 答复签名 it brought.
    pub statements: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_opens_only_with_its_signers_key_and_unaltered() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let receipt = Receipt {
            package: "abc".into(),
            number: 3,
            manifest_sha256: "00".into(),
            sender: "市教育局".into(),
            recipient: "市政协提案委员会".into(),
            received_at: "2026-03-05T10:00:00+08:00".into(),
            answers: vec!["r1".into()],
            statements: vec![],
        };
        let signed = Signed::sign(&receipt, &key).unwrap();
        assert_eq!(signed.open::<Receipt>(&key.public()), Some(receipt));
        assert_eq!(signed.open::<Receipt>(&other.public()), None);
        let altered = Signed { body: signed.body.replace("2026-03-05", "2026-03-01"), ..signed.clone() };
        assert_eq!(altered.open::<Receipt>(&key.public()), None);
        let huge = Signed::sign(&"x".repeat(MAX_BODY + 1), &key).unwrap();
        assert_eq!(huge.open::<String>(&key.public()), None);
    }
}
