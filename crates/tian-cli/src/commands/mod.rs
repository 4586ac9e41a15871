//! One file per group of `tian` commands, each with its subcommands and what they run.

pub(crate) mod bench;
pub(crate) mod exchange;
pub(crate) mod figures;
pub(crate) mod handling;
pub(crate) mod intake;
pub(crate) mod proposals;
pub(crate) mod workspace;
