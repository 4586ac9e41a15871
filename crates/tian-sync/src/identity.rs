//! 本机身份与密钥: who an installation is (the committee or a named
//! handling unit) and the Ed25519 key it signs its packages with.
//!
//! Keys are made on the installation itself and never leave it; only the
//! public half travels, as a small key file ([`KeyFile`]). Before trusting a
//! key the two clerks compare its [`Fingerprint`] as shown on both screens,
//! so a key file swapped on the way is caught by people, not by luck.

use ed25519_dalek::{Signer, Verifier};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::SyncError;

/// 角色: what an installation is in the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 提案委员会: the clerk who assigns, supervises and closes.
    Committee,
    /// 承办单位: a department that handles the proposals assigned to it.
    Unit,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Committee => "提案委员会",
            Role::Unit => "承办单位",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "committee" | "提案委员会" => Some(Role::Committee),
            "unit" | "承办单位" => Some(Role::Unit),
            _ => None,
        }
    }
}

/// An installation's private signing key.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl SigningKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<SigningKey, SyncError> {
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|e| SyncError::Random(e.to_string()))?;
        Ok(SigningKey(ed25519_dalek::SigningKey::from_bytes(&seed)))
    }

    /// The key as stored in the installation's database.
    pub fn to_hex(&self) -> String {
        hex(&self.0.to_bytes())
    }

    pub fn from_hex(text: &str) -> Result<SigningKey, SyncError> {
        let bytes: [u8; 32] = unhex(text).and_then(|b| b.try_into().ok()).ok_or(SyncError::BadKey)?;
        Ok(SigningKey(ed25519_dalek::SigningKey::from_bytes(&bytes)))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    pub fn sign(&self, message: &[u8]) -> String {
        hex(&self.0.sign(message).to_bytes())
    }
}

/// The public half of a signing key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl PublicKey {
    pub fn to_hex(&self) -> String {
        hex(self.0.as_bytes())
    }

    pub fn from_hex(text: &str) -> Result<PublicKey, SyncError> {
        let bytes: [u8; 32] = unhex(text).and_then(|b| b.try_into().ok()).ok_or(SyncError::BadKey)?;
        // A weak (small-order) key can "verify" signatures nobody made.
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| SyncError::BadKey)?;
        if key.is_weak() {
            return Err(SyncError::BadKey);
        }
        Ok(PublicKey(key))
    }

    pub fn fingerprint(&self) -> Fingerprint {
        let digest = Sha256::digest(self.0.as_bytes());
        Fingerprint(hex(&digest[..10]).to_uppercase())
    }

    /// Whether `signature` (hex) is this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Some(bytes) = unhex(signature).and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
        self.0.verify(message, &ed25519_dalek::Signature::from_bytes(&bytes)).is_ok()
    }
}

/// 密钥指纹: the first 80 bits of the SHA-256 of a public key, read aloud or
/// compared by eye in five groups of four (7F3A 9C21 …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    /// The fingerprint in groups of four, as shown to clerks.
    pub fn grouped(&self) -> String {
        self.0.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.grouped())
    }
}

/// 密钥文件 (.tiankey): an installation's public key with its role and name,
/// handed to the other side on a USB stick or by mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    pub format: String,
    pub role: Role,
    pub name: String,
    pub public_key: String,
}

const KEY_FORMAT: &str = "tiankey/1";

impl KeyFile {
    pub fn new(role: Role, name: &str, key: &PublicKey) -> KeyFile {
        KeyFile { format: KEY_FORMAT.into(), role, name: name.into(), public_key: key.to_hex() }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }

    /// Reads a key file, refusing anything that is not one.
    pub fn parse(bytes: &[u8]) -> Result<(KeyFile, PublicKey), SyncError> {
        let file: KeyFile = serde_json::from_slice(bytes).map_err(|_| SyncError::NotAKeyFile)?;
        if file.format != KEY_FORMAT {
            return Err(SyncError::NotAKeyFile);
        }
        let name = file.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(SyncError::NotAKeyFile);
        }
        let key = PublicKey::from_hex(&file.public_key)?;
        Ok((file, key))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_with_its_own_key_and_its_own_message() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let signature = key.sign(b"manifest");
        assert!(key.public().verifies(b"manifest", &signature));
        assert!(!key.public().verifies(b"manifesT", &signature));
        assert!(!other.public().verifies(b"manifest", &signature));
        assert!(!key.public().verifies(b"manifest", "00"));
    }

    #[test]
    fn a_key_survives_its_stored_form_and_its_key_file() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_hex(&key.to_hex()).unwrap();
        assert_eq!(again.public(), key.public());
        let file = KeyFile::new(Role::Unit, "市教育局", &key.public());
        let (read, public) = KeyFile::parse(&file.to_bytes()).unwrap();
        assert_eq!((read, public), (file, key.public()));
        let fp = key.public().fingerprint();
        assert_eq!(fp.0.len(), 20);
        assert_eq!(fp.grouped().split(' ').count(), 5);
    }

    #[test]
    fn anything_but_a_key_file_is_refused() {
        assert!(matches!(KeyFile::parse(b"PK\x03\x04 not json"), Err(SyncError::NotAKeyFile)));
        let bad = br#"{"format":"tiankey/1","role":"unit","name":"x","public_key":"zz"}"#;
        assert!(matches!(KeyFile::parse(bad), Err(SyncError::BadKey)));
        let weak = format!(r#"{{"format":"tiankey/1","role":"unit","name":"x","public_key":"{}"}}"#, "00".repeat(32));
        assert!(matches!(KeyFile::parse(weak.as_bytes()), Err(SyncError::BadKey)), "a small-order key is no key");
    }
}
