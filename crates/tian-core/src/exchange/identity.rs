//! 本机身份与信任: which installation this is, its signing key, the key
//! file handed to the other side, and the keys it trusts.

use std::path::Path;

use serde::Serialize;
use tian_store::PeerRecord;
use tian_sync::{KeyFile, Role, SigningKey};
use ts_rs::TS;

use super::{local_time, now_rfc3339, role_of};
use crate::{CoreError, Result, Tian};

const ROLE: &str = "role";
const NAME: &str = "name";
const SIGNING_KEY: &str = "signing_key";

/// 本机身份.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Identity {
    pub role: Role,
    pub name: String,
    /// 密钥指纹, in groups of four.
    pub fingerprint: String,
}

/// What a key file holds, shown before the clerk trusts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KeyPreview {
    pub name: String,
    pub role: Role,
    pub fingerprint: String,
}

impl Tian {
    /// This installation's role, name and key, made on first use: an
    /// installation that was never set up is the committee, named as its
    /// reports are signed.
    pub fn identity(&mut self) -> Result<Identity> {
        let (role, name, key) = self.signing_identity()?;
        Ok(Identity { role, name, fingerprint: key.public().fingerprint().grouped() })
    }

    /// This installation's role, name and signing key, made on first use.
    pub fn signing_identity(&mut self) -> Result<(Role, String, SigningKey)> {
        let read = self.store.read();
        let stored = (read.meta(ROLE)?, read.meta(NAME)?, read.meta(SIGNING_KEY)?);
        if let (Some(role), Some(name), Some(key)) = stored {
            return Ok((role_of(&role), name, SigningKey::from_hex(&key)?));
        }
        let key = SigningKey::generate()?;
        let name = self.settings()?.issuer;
        self.store.set_meta(ROLE, "committee")?;
        self.store.set_meta(NAME, &name)?;
        self.store.set_meta(SIGNING_KEY, &key.to_hex())?;
        Ok((Role::Committee, name, key))
    }

    /// This installation's public key, if it has made one yet.
    pub(super) fn own_public_key(&self) -> Result<Option<tian_sync::PublicKey>> {
        match self.store.read().meta(SIGNING_KEY)? {
            Some(key) => Ok(Some(SigningKey::from_hex(&key)?.public())),
            None => Ok(None),
        }
    }

    /// The role recorded for this installation, without making a key.
    pub(crate) fn role(&self) -> Result<Role> {
        Ok(self.store.read().meta(ROLE)?.map_or(Role::Committee, |r| role_of(&r)))
    }

    /// The unit this installation is, if it is one.
    pub(crate) fn unit_name(&self) -> Result<Option<String>> {
        Ok(match self.role()? {
            Role::Unit => self.store.read().meta(NAME)?,
            Role::Committee => None,
        })
    }

    /// Refuses `what` on a unit's installation: only the committee does it.
    pub(crate) fn committee_only(&self, what: &str) -> Result<()> {
        match self.unit_name()? {
            Some(unit) => {
                Err(CoreError::Invalid(format!("本机是承办单位（{unit}），不能{what}：这由提案委员会进行。")))
            }
            None => Ok(()),
        }
    }

    /// 初始化本机身份: makes this installation the committee or the unit `name`.
    ///
    /// A unit starts from an empty workspace and receives its proposals from
    /// the committee; a workspace holding only the default data is emptied
    /// for it, one with any work of its own is refused.
    pub fn init_identity(&mut self, role: Role, name: &str) -> Result<Identity> {
        let name = &tian_domain::text::canonical_name(name);
        if name.is_empty() {
            return Err(CoreError::Invalid("请填写本机的名称（提案委员会或承办单位的全称）。".into()));
        }
        let exchanged = !self.store.read().peers()?.is_empty() || !self.store.read().packages()?.is_empty();
        if exchanged && self.store.read().meta(NAME)?.as_deref() != Some(name) {
            return Err(CoreError::Invalid("本机已经与其他单位交换过数据，不能再更改身份。".into()));
        }
        if role == Role::Unit && !self.store.is_empty()? {
            if !self.holds_only_default_data()? {
                return Err(CoreError::Invalid(
                    "本工作区已有办理记录，不能改为承办单位；请为承办单位另建一个工作区。".into(),
                ));
            }
            self.reset_to_empty()?;
        }
        let key = match self.store.read().meta(SIGNING_KEY)? {
            Some(key) => SigningKey::from_hex(&key)?,
            None => SigningKey::generate()?,
        };
        self.store.set_meta(ROLE, if role == Role::Committee { "committee" } else { "unit" })?;
        self.store.set_meta(NAME, name)?;
        self.store.set_meta(SIGNING_KEY, &key.to_hex())?;
        Ok(Identity { role, name: name.to_owned(), fingerprint: key.public().fingerprint().grouped() })
    }

    fn holds_only_default_data(&self) -> Result<bool> {
        let history = self.store.read().action_names()?;
        Ok(history.iter().all(|(actor, _)| actor == crate::workspace::default_data::ACTOR))
    }

    /// Replaces the workspace with an empty one (used once, before any work).
    fn reset_to_empty(&mut self) -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| CoreError::Folder { path: std::env::temp_dir(), source })?;
        let empty = dir.path().join("empty.db");
        drop(tian_store::Store::open(&empty)?);
        self.store.restore_from(&empty)?;
        Ok(())
    }

    /// 导出本机密钥: the key file to hand to the other side.
    pub fn export_key(&mut self, path: &Path) -> Result<Identity> {
        let (role, name, key) = self.signing_identity()?;
        crate::write_file(path, &KeyFile::new(role, &name, &key.public()).to_bytes())?;
        Ok(Identity { role, name, fingerprint: key.public().fingerprint().grouped() })
    }

    /// What the key file at `path` holds, for the clerk to check its fingerprint.
    pub fn preview_key(&self, path: &Path) -> Result<KeyPreview> {
        let bytes = read_key_file(path)?;
        let (file, key) = KeyFile::parse(&bytes)?;
        Ok(KeyPreview { name: file.name, role: file.role, fingerprint: key.fingerprint().grouped() })
    }

    /// 信任密钥: accepts packages signed by the key in the file at `path`,
    /// once the clerk has compared its fingerprint with the one the other
    /// side's screen shows and typed or confirmed it as `confirmed`.
    /// A committee trusts its units' keys, a unit its committee's.
    pub fn trust_key(&mut self, path: &Path, confirmed: &str) -> Result<KeyPreview> {
        let (file, key) = self.checked_key(path, confirmed)?;
        let peer = peer_record(&file, &key);
        self.store.trust(&peer)?;
        Ok(KeyPreview { name: peer.name, role: file.role, fingerprint: key.fingerprint().grouped() })
    }

    /// The trusted key of the peer named `who`, or with the fingerprint
    /// `who` (as shown, in groups, or as typed); a revoked one is named as such.
    pub fn trusted_key(&self, who: &str) -> Result<KeyPreview> {
        let peers = self.store.read().peers()?;
        let named = |p: &&PeerRecord| p.name == who.trim() || p.fingerprint == compact(who);
        let preview = |p: &PeerRecord| KeyPreview {
            name: p.name.clone(),
            role: role_of(&p.role),
            fingerprint: tian_sync::Fingerprint(p.fingerprint.clone()).grouped(),
        };
        if let Some(peer) = peers.iter().filter(named).find(|p| p.revoked_at.is_none()) {
            return Ok(preview(peer));
        }
        Err(CoreError::Invalid(match peers.iter().find(named) {
            Some(revoked) => format!(
                "“{}”的密钥已于{}吊销；对方的新密钥请直接信任（tian key trust 新密钥文件 --fingerprint …）。",
                revoked.name,
                revoked.revoked_at.as_deref().map(local_time).unwrap_or_default()
            ),
            None => format!("本机没有信任“{}”的密钥。", who.trim()),
        }))
    }

    /// 吊销密钥: packages signed by the trusted key whose fingerprint is
    /// `fingerprint` are refused from now on (a stolen or lost PC's key).
    /// What it brought before stays, and the history still names it.
    pub fn revoke_key(&mut self, fingerprint: &str) -> Result<KeyPreview> {
        let peer = self.store.revoke_peer(&compact(fingerprint), &now_rfc3339())?;
        Ok(KeyPreview {
            name: peer.name,
            role: role_of(&peer.role),
            fingerprint: tian_sync::Fingerprint(peer.fingerprint).grouped(),
        })
    }

    /// 更换密钥: the peer whose key has fingerprint `old` now signs with the
    /// key in the file at `path` (fingerprint confirmed by the clerk as
    /// `confirmed`); the old key is revoked in the same step.
    pub fn replace_key(&mut self, old: &str, path: &Path, confirmed: &str) -> Result<KeyPreview> {
        let (file, key) = self.checked_key(path, confirmed)?;
        let peer = peer_record(&file, &key);
        self.store.replace_peer(&compact(old), &peer)?;
        Ok(KeyPreview { name: peer.name, role: file.role, fingerprint: key.fingerprint().grouped() })
    }

    /// Reads the key file at `path` and checks that it may be trusted here
    /// and that its fingerprint is the one the clerk confirmed.
    fn checked_key(&mut self, path: &Path, confirmed: &str) -> Result<(KeyFile, tian_sync::PublicKey)> {
        let bytes = read_key_file(path)?;
        let (file, key) = KeyFile::parse(&bytes)?;
        let (my_role, _, my_key) = self.signing_identity()?;
        if key == my_key.public() {
            return Err(CoreError::Invalid("这是本机自己的密钥，无需信任。".into()));
        }
        match (my_role, file.role) {
            (Role::Committee, Role::Committee) => {
                return Err(CoreError::Invalid(format!(
                    "“{}”是另一个提案委员会的密钥；提案委员会只信任承办单位的密钥。",
                    file.name
                )))
            }
            (Role::Unit, Role::Unit) => {
                return Err(CoreError::Invalid(format!(
                    "“{}”是承办单位的密钥；承办单位只需信任提案委员会的密钥。",
                    file.name
                )))
            }
            _ => {}
        }
        let fingerprint = key.fingerprint();
        if compact(confirmed) != fingerprint.0 {
            return Err(CoreError::Invalid(format!(
                "指纹不一致：密钥文件的指纹是 {}，与核对的指纹不同，没有信任。请与对方电脑上显示的指纹逐组核对。",
                fingerprint.grouped()
            )));
        }
        Ok((file, key))
    }
}

/// A key file is a few hundred bytes; a large file is not one and is not read.
fn read_key_file(path: &Path) -> Result<Vec<u8>> {
    crate::workspace::files::read_picked(path, 64 * 1024)?.ok_or_else(|| tian_sync::SyncError::NotAKeyFile.into())
}

fn peer_record(file: &KeyFile, key: &tian_sync::PublicKey) -> PeerRecord {
    PeerRecord {
        fingerprint: key.fingerprint().0,
        // A look-alike (市教育局 with a zero-width space) is the same name,
        // and so refused beside the key already trusted under it.
        name: tian_domain::text::canonical_name(&file.name),
        role: if file.role == Role::Committee { "committee" } else { "unit" }.into(),
        public_key: key.to_hex(),
        trusted_at: now_rfc3339(),
        revoked_at: None,
    }
}

/// A fingerprint as typed or shown ("7f3a 9c21 …") in its stored form.
fn compact(fingerprint: &str) -> String {
    fingerprint.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}
