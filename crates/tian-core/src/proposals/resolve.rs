//! 查找提案: which proposal a clerk means by the number they type.

use tian_domain::ProposalId;

use crate::{CoreError, Result, Tian};

impl Tian {
    /// The identity of proposal `number` ("0069" or "69"), in `session` if there is more than one.
    pub fn resolve(&self, number: &str, session: Option<&str>) -> Result<ProposalId> {
        let number = format!("{:0>4}", number.trim().trim_start_matches('第').trim_end_matches('号'));
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
