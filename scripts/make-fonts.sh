#!/usr/bin/env bash
# Rebuilds assets/fonts/ from the OFL fonts on npm. Not part of the build:
# the subsets are committed so a PC without network (or without CJK fonts)
# still embeds the same faces in every PDF. Needs npm and `pip install fonttools`.
#
# Body text keeps the whole GBK repertoire (about 21,000 characters) so any
# name a proposal carries prints; the title, 黑体 and 楷体 faces keep GB2312
# and the PDF writer falls back to the body face for anything they lack.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/assets/fonts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack -q @expo-google-fonts/noto-serif-sc@0.4.3 @expo-google-fonts/noto-sans-sc@0.4.3 @fontsource/lxgw-wenkai@5.3.0 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done

python3 - <<'PY' > gbk.txt
import sys
ascii_ = {chr(c) for c in range(0x20, 0x7f)}
def repertoire(codec):
    chars = set(ascii_)
    for hi in range(0x81, 0xff):
        for lo in range(0x40, 0xff):
            try:
                chars.add(bytes([hi, lo]).decode(codec))
            except UnicodeDecodeError:
                pass
    return "".join(sorted(chars))
open("gb2312.txt", "w").write(repertoire("gb2312"))
sys.stdout.write(repertoire("gbk"))
PY

subset() { pyftsubset "$1" --text-file="$2" --output-file="$out/$3" --layout-features='kern,palt' --no-hinting --name-IDs='*'; }
subset expo-google-fonts-noto-serif-sc-0.4.3/package/400Regular/NotoSerifSC_400Regular.ttf gbk.txt NotoSerifSC-Regular-GBK.ttf
subset expo-google-fonts-noto-serif-sc-0.4.3/package/700Bold/NotoSerifSC_700Bold.ttf gb2312.txt NotoSerifSC-Bold-GB2312.ttf
subset expo-google-fonts-noto-sans-sc-0.4.3/package/700Bold/NotoSansSC_700Bold.ttf gb2312.txt NotoSansSC-Bold-GB2312.ttf
# WenKai comes only as web fonts: unwrap the WOFF into a plain TrueType file first.
python3 -c 'import sys; from fontTools.ttLib import TTFont; f = TTFont(sys.argv[1]); f.flavor = None; f.save(sys.argv[2])' \
  fontsource-lxgw-wenkai-5.3.0/package/files/lxgw-wenkai-latin-500-normal.woff wenkai.ttf
subset wenkai.ttf gb2312.txt LXGWWenKai-Medium-GB2312.ttf
# The npm packages' LICENSE files cover their wrappers; the fonts' own
# copyright lines come from their name tables, the OFL text from WenKai's.
{
  echo "Noto Serif SC: Copyright (c) 2017-2024 Adobe (http://www.adobe.com/)."
  echo "Noto Sans SC: Copyright (c) 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
  echo
  tail -n +4 fontsource-lxgw-wenkai-5.3.0/package/LICENSE
} > "$out/OFL-Noto.txt"
cp fontsource-lxgw-wenkai-5.3.0/package/LICENSE "$out/OFL-LXGWWenKai.txt"
ls -la "$out"
