#!/usr/bin/env bash
# Builds the installable package for the Debian family, which is also what
# 统信 UOS and 麒麟 Kylin office PCs take: the window (/usr/bin/tian-app), the
# tian command (/usr/bin/tian), a menu entry with its icon, and the file types
# of exchange packages (.tianpkg) and key files (.tiankey), so that a received
# file opens in Tian by double-clicking. Prints the package's path.
#
#   bash scripts/package.sh
#   sudo apt-get install ./target/release/bundle/deb/tian_0.1.0_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >&2
export PATH="$HOME/.cargo/bin:$PATH"
# Stripped: symbols would more than double the package. The fonts are not in
# the binary: the package depends on Debian's CJK fonts, and uses the PC's own
# 仿宋/黑体/楷体 where it has them; TIAN_PACKAGED keeps the program from
# looking for the stand-ins in this source tree.
export CARGO_PROFILE_RELEASE_STRIP=true TIAN_PACKAGED=1
# The Tauri CLI (from npm, with the UI's modules) builds the UI, the window in
# release (which is also the `tian` command, under that name), and lays out
# the .deb from src-tauri/tauri.conf.json.
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --ci >&2)
ls -t target/release/bundle/deb/*.deb | head -1
