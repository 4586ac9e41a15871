#!/usr/bin/env bash
# Fuzzes the importers for SECONDS each (default 300): the announcement
# reader, the reply .docx reader, the .xlsx ledger reader, the exchange
# package reader, and packages signed with a trusted unit's key through the
# judge and the merge (signed_package). Not part of CI. Needs cargo-fuzz
# (cargo install cargo-fuzz --locked); on a stable toolchain the nightly
# flags cargo-fuzz passes are allowed through RUSTC_BOOTSTRAP.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-300}"
for target in announcement docx_text ledger package signed_package; do
  mkdir -p "corpus/$target" "artifacts/$target"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1
done
