#!/usr/bin/env bash
# Build development PDFs from the shared corpus and seeds (NOT run in CI).
#
# Needs LibreOffice, CJK fonts and python3:
#   apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils
#
# Output goes to target/test-pdfs/ and must never be committed: the corpus and
# seeds stay out of the repository.
#
#   corpus/*.docx, corpus/*.html  -> target/test-pdfs/<stem>.pdf
#   seeds/*.txt                   -> target/test-pdfs/seed-<stem>.pdf (plain text)
#                                    target/test-pdfs/seed-<stem>-table.pdf when the
#                                    text has tab-separated rows: runs of such rows
#                                    become bordered HTML tables first.
set -euo pipefail

SHARED=${SHARED:-$(cd "$(dirname "$0")/.." && pwd)/../shared}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/test-pdfs"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/in"

command -v soffice >/dev/null || { echo "soffice not found: apt-get install libreoffice-writer-nogui" >&2; exit 1; }

# A private LibreOffice profile, so a running instance elsewhere does not interfere.
PROFILE="file://$WORK/profile"
convert() { # convert FILTER OUTDIR FILES...
  local filter=$1 outdir=$2; shift 2
  soffice -env:UserInstallation="$PROFILE" --headless --convert-to "$filter" --outdir "$outdir" "$@" >/dev/null 2>&1
}

shopt -s nullglob
docx=("$SHARED"/corpus/*.docx)
html=("$SHARED"/corpus/*.html)
(( ${#docx[@]} )) && convert pdf "$OUT" "${docx[@]}"
(( ${#html[@]} )) && convert pdf:writer_web_pdf_Export "$OUT" "${html[@]}"

# Chromium: Type0 / Identity-H CID fonts (with a TrueType CJK font forced;
# needs apt-get install chromium fonts-wqy-microhei) -> <stem>-chromium.pdf
if command -v chromium >/dev/null; then
  for f in "${html[@]}"; do
    stem=$(basename "$f" .html)
    sed 's|</head>|<style>*{font-family:"WenQuanYi Micro Hei" !important}</style></head>|' "$f" > "$WORK/in/$stem-chromium.html"
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
      --print-to-pdf="$OUT/$stem-chromium.pdf" "$WORK/in/$stem-chromium.html" >/dev/null 2>&1
  done
fi

for f in "$SHARED"/seeds/*.txt; do
  stem=$(basename "$f" .txt)
  cp "$f" "$WORK/in/seed-$stem.txt"
  convert pdf "$OUT" "$WORK/in/seed-$stem.txt"
  if grep -q $'\t' "$f"; then
    python3 - "$f" "$WORK/in/seed-$stem-table.html" <<'PY'
import html, sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8-sig").read().splitlines()
out = ['<html><head><meta charset="utf-8"><style>',
       'table{border-collapse:collapse} td{border:1px solid #000;padding:2px;font-size:9pt}',
       'p{font-size:11pt}</style></head><body>']
i = 0
while i < len(lines):
    if "\t" in lines[i]:
        rows = []
        while i < len(lines) and ("\t" in lines[i] or not lines[i].strip()):
            if lines[i].strip():
                rows.append(lines[i].split("\t"))
            i += 1
        width = max(len(r) for r in rows)
        out.append('<table border="1" cellspacing="0">')
        for r in rows:
            r = r + [""] * (width - len(r))
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>")
        out.append("</table>")
    else:
        if lines[i].strip():
            out.append(f"<p>{html.escape(lines[i])}</p>")
        i += 1
out.append("</body></html>")
open(dst, "w", encoding="utf-8").write("\n".join(out))
PY
    convert pdf:writer_web_pdf_Export "$OUT" "$WORK/in/seed-$stem-table.html"
  fi
done

ls -1 "$OUT"/*.pdf | wc -l | xargs echo "PDFs in $OUT:"
