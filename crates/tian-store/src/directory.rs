//! 单位名录: the units proposals name, as the clerk's directory, with a
//! short name each and a rename that keeps what was assigned under the old
//! name. It is this installation's own list and does not travel in packages.

use rusqlite::OptionalExtension;
use tian_domain::DirectoryUnit;

use crate::{Reader, Result, Store, Writer};

impl Reader<'_> {
    /// Every unit in the directory, those offered first, each with how many
    /// proposals it leads.
    pub fn directory(&self) -> Result<Vec<DirectoryUnit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.name, u.short_name, u.renamed_to,
                    (SELECT count(*) FROM proposal_lead_units l WHERE l.unit_id = u.id),
                    EXISTS (SELECT 1 FROM peers k WHERE k.name = u.name AND k.role = 'unit' AND k.revoked_at IS NULL)
             FROM units u ORDER BY u.renamed_to IS NOT NULL, u.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DirectoryUnit {
                name: r.get(0)?,
                short_name: r.get(1)?,
                renamed_to: r.get(2)?,
                lead_proposals: r.get(3)?,
                has_key: r.get(4)?,
            })
        })?;
        let mut units: Vec<DirectoryUnit> = rows.collect::<Result<_, _>>()?;
        units.sort_by_cached_key(|u| (u.renamed_to.is_some(), crate::collation::sort_key(&u.name)));
        Ok(units)
    }

    /// Whether any proposal names `unit`: as a lead unit, or in an assignment.
    fn unit_in_use(&self, unit: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM proposal_lead_units l JOIN units u ON u.id = l.unit_id WHERE u.name = ?1)
                 OR EXISTS (SELECT 1 FROM proposals p, json_each(p.assignment, '$.units') a
                            WHERE p.assignment IS NOT NULL AND json_extract(a.value, '$.unit') = ?1)",
            )?
            .query_row([unit], |r| r.get(0))?)
    }
}

impl Writer<'_> {
    /// Adds `names` to the directory where they are not in it yet, with the
    /// change that names them.
    pub fn note_units(&mut self, names: &[String]) -> Result<()> {
        for name in names.iter().filter(|n| !n.trim().is_empty()) {
            self.tx.prepare_cached("INSERT OR IGNORE INTO units (name) VALUES (?1)")?.execute([name])?;
        }
        Ok(())
    }
}

impl Store {
    /// Sets the short name of `name`, adding it to the directory if new.
    pub fn set_unit(&mut self, name: &str, short_name: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO units (name, short_name) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET short_name = excluded.short_name",
            )?
            .execute((name, short_name))?;
        Ok(())
    }

    /// Renames `old` to `new`. A unit no proposal names is renamed where it
    /// stands (a typo); one in use stays for the proposals assigned under
    /// it, pointing to `new`, which is offered from now on. `Some(true)`
    /// when the old name was kept so; `None` when the directory has no `old`.
    pub fn rename_unit(&mut self, old: &str, new: &str) -> Result<Option<bool>> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let short: Option<String> = tx
            .prepare_cached("SELECT short_name FROM units WHERE name = ?1")?
            .query_row([old], |r| r.get(0))
            .optional()?;
        let Some(short) = short else { return Ok(None) };
        let taken: bool =
            tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM units WHERE name = ?1)")?.query_row([new], |r| r.get(0))?;
        let in_use = Reader { conn: &tx }.unit_in_use(old)?;
        if in_use {
            if !taken {
                tx.prepare_cached("INSERT INTO units (name, short_name) VALUES (?1, ?2)")?.execute((new, &short))?;
            }
            tx.prepare_cached("UPDATE units SET renamed_to = ?2 WHERE name = ?1")?.execute((old, new))?;
        } else if taken {
            tx.prepare_cached("DELETE FROM units WHERE name = ?1")?.execute([old])?;
        } else {
            tx.prepare_cached("UPDATE units SET name = ?2, renamed_to = NULL WHERE name = ?1")?.execute((old, new))?;
        }
        // Names that pointed to the old one point on to the new.
        tx.prepare_cached("UPDATE units SET renamed_to = ?2 WHERE renamed_to = ?1")?.execute((old, new))?;
        tx.prepare_cached("UPDATE units SET renamed_to = NULL WHERE name = ?1")?.execute([new])?;
        tx.commit()?;
        Ok(Some(in_use))
    }
}
