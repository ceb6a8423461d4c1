#!/usr/bin/env bash
# Install the desktop entry, AppStream metainfo, icons and the .cxproj MIME type for the
# current user (or system-wide with PREFIX=/usr/local, as root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
share="$prefix/share"
id=io.github.cxeditor.CxEditor
install -Dm644 "$here/$id.desktop" "$share/applications/$id.desktop"
install -Dm644 "$here/$id.metainfo.xml" "$share/metainfo/$id.metainfo.xml"
install -Dm644 "$here/$id.mime.xml" "$share/mime/packages/$id.xml"
install -Dm644 "$here/../../resources/icons/cxeditor.svg" "$share/icons/hicolor/scalable/apps/$id.svg"
for png in "$here"/icons/*/cxeditor.png; do
    size="$(basename "$(dirname "$png")")"
    install -Dm644 "$png" "$share/icons/hicolor/$size/apps/$id.png"
done
command -v update-mime-database >/dev/null && update-mime-database "$share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$share/icons/hicolor" || true
echo "Installed cxeditor's desktop integration under $share"
