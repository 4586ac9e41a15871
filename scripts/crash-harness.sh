#!/usr/bin/env bash
# Kills `tian` with SIGKILL at random moments during imports, N times (default
# 1000), checking after each kill that the database is intact and holds the
# state before or after the import. The test suite runs the same check with 200.
set -euo pipefail
cd "$(dirname "$0")/.."
TIAN_CRASH_KILLS="${1:-1000}" cargo test -p tian-cli --test crash -- --nocapture
