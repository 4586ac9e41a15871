//! Who is working: the name the audit trail records for local changes.

/// The local user's name: `TIAN_USER` if set, else the operating-system account.
pub(crate) fn local_user_name() -> String {
    ["TIAN_USER", "USERNAME", "USER"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "本机用户".to_owned())
}
