#!/usr/bin/env bash
# README command 1: install what is missing, build, and open Tian on its
# default data (the 13 key proposals of 十三届五次 on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "天 构建界面 / building the UI"
npm --prefix ui run build
echo "天 构建程序 / building the app (first build: about 10 minutes on 2 cores)"
cargo build -p tian-app -p tian-cli

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "天 没有图形显示，在虚拟显示（Xvfb）中运行 / no display found: running under Xvfb"
  exec xvfb-run -a -s "-screen 0 1400x900x24" target/debug/tian-app
fi
exec target/debug/tian-app
