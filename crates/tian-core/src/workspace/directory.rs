//! 单位名录: the units the clerk assigns proposals to, kept as a directory
//! the window's unit fields suggest from. It fills itself from the
//! announcement, the ledger, each 交办 and each trusted unit key, and the
//! clerk adds, shortens and renames by hand.

use tian_domain::text::{canonical_name, unsavable};
use tian_domain::DirectoryUnit;

use crate::{CoreError, Result, Tian};

/// The longest unit name taken: the longest real ones run to about 30 characters.
const LONGEST_NAME: usize = 60;

/// `name` as the directory keeps it, or why it is not a unit's name. The
/// colon is refused too: `单位:联系人:电话` is how `tian` writes a unit.
pub(crate) fn unit_name(typed: &str, what: &str) -> Result<String> {
    let name = canonical_name(typed);
    if name.is_empty() {
        return Err(CoreError::Invalid(format!("{what}不能为空。")));
    }
    let odd = typed.chars().any(|c| unsavable(c) || matches!(c, '\n' | '\r' | ':' | '：'));
    if odd || name.chars().count() > LONGEST_NAME {
        return Err(CoreError::Invalid(format!(
            "{what}“{}”不像单位名称：不能含冒号、换行或控制字符，且不超过{LONGEST_NAME}个字。",
            name.chars().filter(|c| !unsavable(*c) && !c.is_control()).take(LONGEST_NAME).collect::<String>()
        )));
    }
    Ok(name)
}

impl Tian {
    /// 单位名录, the units still offered first.
    pub fn directory(&self) -> Result<Vec<DirectoryUnit>> {
        Ok(self.store.read().directory()?)
    }

    /// Adds `name` (with its 简称 `short_name`) to the directory.
    pub fn add_unit(&mut self, name: &str, short_name: &str) -> Result<Vec<DirectoryUnit>> {
        self.committee_only("修改单位名录")?;
        let name = unit_name(name, "单位名称")?;
        let short = if short_name.trim().is_empty() { String::new() } else { unit_name(short_name, "简称")? };
        if self.directory()?.iter().any(|u| u.name == name) {
            return Err(CoreError::Invalid(format!("“{name}”已在单位名录中。")));
        }
        self.short_name_free(&name, &short)?;
        self.store.set_unit(&name, &short)?;
        self.directory()
    }

    /// Refuses a 简称 that already names another unit, in full or short.
    fn short_name_free(&self, name: &str, short: &str) -> Result<()> {
        if short.is_empty() {
            return Ok(());
        }
        match self.directory()?.into_iter().find(|u| u.name != name && (u.name == short || u.short_name == short)) {
            Some(other) => Err(CoreError::Invalid(format!("简称“{short}”已用于“{}”，请换一个。", other.name))),
            None => Ok(()),
        }
    }

    /// Sets the 简称 of a unit in the directory; an empty one clears it.
    pub fn set_short_name(&mut self, name: &str, short_name: &str) -> Result<Vec<DirectoryUnit>> {
        self.committee_only("修改单位名录")?;
        let name = canonical_name(name);
        if !self.directory()?.iter().any(|u| u.name == name) {
            return Err(CoreError::Invalid(format!("单位名录中没有“{name}”。")));
        }
        let short = if short_name.trim().is_empty() { String::new() } else { unit_name(short_name, "简称")? };
        self.short_name_free(&name, &short)?;
        self.store.set_unit(&name, &short)?;
        self.directory()
    }

    /// 更名: `old` goes by `new` from now on. Proposals assigned under the
    /// old name keep it (their records and reports say what was assigned);
    /// the old name stays in the directory, marked renamed, and is no
    /// longer suggested. A name no proposal uses is simply corrected.
    pub fn rename_unit(&mut self, old: &str, new: &str) -> Result<Vec<DirectoryUnit>> {
        self.committee_only("修改单位名录")?;
        let old = canonical_name(old);
        let new = unit_name(new, "新名称")?;
        if old == new {
            return Err(CoreError::Invalid("新名称与原名称相同。".into()));
        }
        let units = self.directory()?;
        if units.iter().any(|u| u.name == new) {
            return Err(CoreError::Invalid(format!("“{new}”已在单位名录中：两个单位不能合并为一个。")));
        }
        // Its packages are addressed by the name its key was trusted under.
        if units.iter().any(|u| u.name == old && u.has_key) {
            return Err(CoreError::Invalid(format!(
                "“{old}”的交换密钥已按此名称信任，更名后交换包将发不到该单位。请该单位以新名称重新生成密钥，信任新密钥后再更名。"
            )));
        }
        if self.store.rename_unit(&old, &new)?.is_none() {
            return Err(CoreError::Invalid(format!("单位名录中没有“{old}”。")));
        }
        self.directory()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_control_characters_or_far_too_long_is_not_a_unit() {
        assert_eq!(unit_name(" 市教育局 ", "单位名称").unwrap(), "市教育局");
        assert!(unit_name("  ", "单位名称").unwrap_err().to_string().contains("不能为空"));
        assert!(unit_name("市教育局\u{202e}", "单位名称").unwrap_err().to_string().contains("控制字符"));
        assert!(unit_name(&"局".repeat(61), "单位名称").is_err());
    }
}
