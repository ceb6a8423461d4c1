#!/usr/bin/env bash
# Build the one-folder Linux bundle with PyInstaller into dist/cxeditor-VERSION-linux-ARCH.tar.gz,
# then smoke-test it offscreen: --version, import the sample, export .docx and HTML, open
# the editor on the project and close it. Prints the bundle's size and start-up time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${CXEDITOR_BUILD_DIR:-$root/build/bundle}"
# Built on the oldest supported Python (3.11): a bundle made there runs the code paths the
# oldest users have, and PySide6's version is the one pinned for it (see pyproject.toml).
python="${PYTHON:-python3.11}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "build_linux.sh builds on Python 3.11 (set PYTHON to a 3.11 interpreter)" >&2
    exit 2
fi
rm -rf "$work" && mkdir -p "$work"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip wheel --quiet --no-deps -w "$work/wheel" "$root"
"$work/venv/bin/python" -m pip install --quiet "$work"/wheel/cxeditor-*.whl pyinstaller
version="$("$work/venv/bin/python" -c 'import cxeditor; print(cxeditor.__version__)')"
(cd "$root/packaging/pyinstaller" &&
    "$work/venv/bin/pyinstaller" --noconfirm --log-level WARN \
        --distpath "$work/dist" --workpath "$work/pyinstaller" cxeditor.spec)
mkdir -p "$root/dist"
archive="$root/dist/cxeditor-$version-linux-$(uname -m).tar.gz"
tar -C "$work/dist" -czf "$archive" cxeditor

# Smoke test, with no Python on PATH and from an empty folder.
smoke="$work/smoke"
mkdir -p "$smoke"
tar -C "$smoke" -xzf "$archive"
bundle="$smoke/cxeditor/cxeditor"
cp "$root/resources/samples/locchat-recap.html" "$smoke/article.html"
cd "$smoke"
export PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen HOME="$smoke"
"$bundle" --version
"$bundle" new article.html -o article.cxproj
"$bundle" export article.cxproj --to docx -o article.docx
"$bundle" export article.cxproj --to html -o article.html.out
test -s article.docx && test -s article.html.out
start=$(date +%s.%N)
CXEDITOR_SMOKE_TEST=1 "$bundle" article.cxproj
end=$(date +%s.%N)
echo "bundle: $archive ($(du -sh "$smoke/cxeditor" | cut -f1) unpacked, $(du -h "$archive" | cut -f1) archived)"
echo "start-up to a usable window with the sample project: $(echo "$end - $start" | bc) s"
echo "smoke test passed"
