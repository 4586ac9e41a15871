#!/usr/bin/env bash
# Installs what Tian needs and is missing on a Debian 12 machine: the system
# libraries Tauri builds against, Xvfb and WebKitWebDriver for the window
# tests, CJK fonts, the UI's npm modules, and tauri-driver. Safe to re-run:
# anything already present is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;31m天\033[0m %s\n' "$*"; }

packages=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  webkit2gtk-driver xvfb xauth xdotool fonts-noto-cjk
  # Window tests' screenshots are read from the X server (xwd).
  x11-apps
  # A second launch finds the open window over the session's D-Bus; the
  # package registers its file types with shared-mime-info.
  dbus-daemon shared-mime-info
  # SQLite's session extension (an import's safety point) is compiled into
  # the bundled SQLite, whose Rust bindings are then generated with libclang.
  libclang-dev
  # The report tests open the exported files with a second program.
  libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "安装系统软件包 / installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { say "需要 Rust 工具链（cargo）/ Rust toolchain (cargo) is required: https://rustup.rs"; exit 1; }
command -v npm >/dev/null || { say "需要 Node.js 20 及 npm / Node.js 20 with npm is required"; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { say "Node.js 版本过旧（$(node --version)），需要 20 或更新 / Node.js >= 20 required"; exit 1; }

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "安装界面依赖 / installing npm modules (ui/)"
  npm --prefix ui ci --no-audit --no-fund
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
  say "安装 tauri-driver / installing tauri-driver"
  cargo install tauri-driver --locked
fi
