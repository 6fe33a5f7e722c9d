#!/usr/bin/env bash
# Rebuild the committed PDF fixtures in tests/fixtures/pdf/ from their HTML
# sources (our own made-up report text). Needs LibreOffice and CJK fonts:
#   apt-get install -y libreoffice-writer-nogui fonts-noto-cjk
# The outputs are committed, so CI does not need LibreOffice.
set -euo pipefail
DIR=$(cd "$(dirname "$0")/../tests/fixtures/pdf" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
lo() { soffice -env:UserInstallation="file://$WORK/profile" --headless "$@" >/dev/null 2>&1; }
# HTML -> PDF through Writer/Web, and HTML -> DOCX -> PDF through Writer (the Word path).
lo --convert-to pdf:writer_web_pdf_Export --outdir "$WORK" "$DIR/report.html" "$DIR/report-noborder.html"
cp "$WORK/report.pdf" "$DIR/lo-html.pdf"
cp "$WORK/report-noborder.pdf" "$DIR/lo-html-noborder.pdf"
lo --convert-to docx:"MS Word 2007 XML" --outdir "$WORK" "$DIR/report.html"
lo --convert-to pdf --outdir "$WORK/docx" "$WORK/report.docx"
cp "$WORK/docx/report.pdf" "$DIR/lo-docx.pdf"
# Chromium writes a TrueType CJK font as a Type0 / Identity-H CID font with a
# ToUnicode CMap, as WPS and Word do (needs: apt-get install chromium
# fonts-wqy-microhei). Everything in that one font, no bold: no Type3 fallbacks.
if command -v chromium >/dev/null; then
  sed 's/font-family: "Noto Serif CJK SC"; font-size: 12pt;/font-family: "WenQuanYi Micro Hei"; font-size: 12pt; } * { font-family: "WenQuanYi Micro Hei"; font-weight: normal;/; s/<b>//; s/<\/b>//' \
    "$DIR/report.html" > "$WORK/report-cid.html"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$DIR/chromium-cid.pdf" "$WORK/report-cid.html" >/dev/null 2>&1
fi
ls -l "$DIR"/*.pdf
