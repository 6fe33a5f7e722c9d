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
ls -l "$DIR"/*.pdf
