//! Who is working: the name the audit trail records for local changes.

/// The local user's name: `TIAN_USER` if set, else the name in the settings,
/// else the operating-system account.
pub(crate) fn local_user_name(from_settings: &str) -> String {
    let env = |var: &str| std::env::var(var).ok().filter(|v| !v.trim().is_empty());
    env("TIAN_USER")
        .or_else(|| Some(from_settings.trim().to_owned()).filter(|s| !s.is_empty()))
        .or_else(|| env("USERNAME"))
        .or_else(|| env("USER"))
        .unwrap_or_else(|| "本机用户".to_owned())
}
