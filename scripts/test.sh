#!/usr/bin/env bash
# README command 2: every test. Unit and integration tests of the core crates
# and the CLI, the UI's type check against the Rust-generated types, then the
# end-to-end test that drives the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "== 1/5 format, lints, then the core crates and CLI (cargo test); regenerates ui/src/bindings"
cargo fmt --all -- --check
cargo clippy --workspace --exclude tian-app --exclude tian-e2e --exclude hello-tauri --all-targets -- -D warnings
cargo test --workspace --exclude tian-app --exclude tian-e2e --exclude hello-tauri

echo "== 2/5 the UI's TypeScript types match the Rust types"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
    git status --short -- ui/src/bindings
    echo "ui/src/bindings is out of date: run cargo test and commit the regenerated files." >&2
    exit 1
  fi
fi
npm --prefix ui run build

echo "== 3/5 build the window"
cargo build -p tian-app

echo "== 4/5 the real window under Xvfb (tauri-driver + WebKitWebDriver)"
cargo test -p tian-e2e -- --test-threads=1
echo "screenshots: test-artifacts/e2e/"

echo "== 5/5 the installable package: build the .deb, install it, run what was installed"
deb=$(bash scripts/package.sh)
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get install -y -q "./$deb"
TIAN_DEB="$PWD/$deb" cargo test -p tian-e2e --test installed -- --ignored --test-threads=1
echo "installed $deb: $(du -h "$deb" | cut -f1)"
