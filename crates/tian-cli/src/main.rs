//! The `tian` command; everything it does is in the library (`lib.rs`).

fn main() -> std::process::ExitCode {
    tian_cli::main()
}
