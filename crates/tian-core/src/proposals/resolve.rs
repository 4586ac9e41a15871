//! 查找提案: which proposal a clerk means by the number they type.

use tian_domain::ProposalId;

use crate::{CoreError, Result, Tian};

impl Tian {
    /// The identity of proposal `number` ("0069", "69", "第０069号" …), in
    /// `session` if there is more than one.
    pub fn resolve(&self, number: &str, session: Option<&str>) -> Result<ProposalId> {
        let typed = number;
        let number = tian_domain::proposal_number(typed).ok_or_else(|| {
            // Pasted text may carry a character that shows as nothing: the
            // message would quote what looks like a number.
            if tian_domain::text::hides_characters(typed) {
                return CoreError::Invalid("提案号中含有看不见的字符（可能是从别处复制来的），请重新输入。".into());
            }
            let shown: String = typed.trim().chars().take(20).collect();
            CoreError::Invalid(format!("“{shown}”不是提案号；提案号是数字，如 0069 或 第0069号。"))
        })?;
        let mut ids = self.store.read().find_by_number(&number, session)?;
        match ids.len() {
            0 => Err(CoreError::NoSuchProposal { number }),
            1 => Ok(ids.remove(0)),
            _ => Err(CoreError::AmbiguousNumber {
                number,
                sessions: ids.iter().map(|id| id.session().to_owned()).collect(),
            }),
        }
    }
}
