#!/usr/bin/env bash
# Build the committed PDF fixtures from the bundled samples/ (ours, invented).
#
# Needs LibreOffice and CJK fonts:
#   apt-get install -y libreoffice-writer-nogui fonts-noto-cjk
#
#   samples/<stem>.html -> tests/fixtures/pdf/samples/<stem>.pdf   (web page → PDF)
#   samples/<stem>.txt  -> tests/fixtures/pdf/samples/<stem>.pdf   (plain text → PDF)
#                          tests/fixtures/pdf/samples/<stem>-table.pdf when the text
#                          has tab-separated rows: runs of such rows become bordered
#                          HTML tables first (a ruled PDF table).
# tests/sample_pdfs.rs reads each PDF and compares its cells with the sample's.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/tests/fixtures/pdf/samples"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/in"
command -v soffice >/dev/null || { echo "soffice not found: apt-get install libreoffice-writer-nogui" >&2; exit 1; }
PROFILE="file://$WORK/profile"
convert() { # convert FILTER OUTDIR FILES...
  local filter=$1 outdir=$2; shift 2
  soffice -env:UserInstallation="$PROFILE" --headless --convert-to "$filter" --outdir "$outdir" "$@" >/dev/null 2>&1
}

convert pdf:writer_web_pdf_Export "$OUT" "$ROOT/samples/南屿市人民政府-2023.html"
for stem in 青禾县交通运输局-2023 云溪街道办事处-2020; do
  f="$ROOT/samples/$stem.txt"
  # LibreOffice reads plain text as UTF-8 only without a BOM or CRLF trouble.
  python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8-sig").read(); open(sys.argv[2],"w",encoding="utf-8").write(t.replace("\r\n","\n"))' "$f" "$WORK/in/$stem.txt"
  convert pdf "$OUT" "$WORK/in/$stem.txt"
  if grep -q $'\t' "$f"; then
    python3 - "$f" "$WORK/in/$stem-table.html" <<'PY'
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
    convert pdf:writer_web_pdf_Export "$OUT" "$WORK/in/$stem-table.html"
  fi
done
ls -l "$OUT"
du -sh "$OUT"
