#!/usr/bin/env bash
# Kills `tian` with SIGKILL at random moments, N times each (default 1000),
# during an announcement import, an exchange package import and a report
# export, checking after each kill that the database is intact and holds the
# state before or after, and that no half-written report carries the real
# name. The test suite runs the same checks with 200 kills each.
set -euo pipefail
cd "$(dirname "$0")/.."
TIAN_CRASH_KILLS="${1:-1000}" cargo test -p tian-cli --test crash -- --nocapture
