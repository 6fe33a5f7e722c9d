#!/usr/bin/env python3
"""Build the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

Sources: samples/, tests/fixtures/ (PDFs, HTML), tests/fixtures/fuzz/<target>/
(the regression inputs), and files made here from them (other encodings,
DOCX main parts, table markup, review states, diff pairs, a small hand-written
PDF). Nothing from outside the repository. Run from anywhere:

    python3 fuzz/build_seeds.py
"""
import hashlib
import io
import pathlib
import re
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
TARGETS = ["ingest_parse_check", "html", "docx", "pdf", "review_state", "diff"]


def put(target, data, name=None):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = name or hashlib.sha1(data).hexdigest()[:16]
    (d / name).write_bytes(data)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_samples():
    return sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".md"))


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_xml(text):
    """A DOCX main part: paragraphs, and tab-separated lines as table rows
    (empty cells after a cell merged into it with gridSpan)."""
    body, rows = [], []

    def flush():
        if rows:
            body.append("<w:tbl>" + "".join(rows) + "</w:tbl>")
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            tcs, i = [], 0
            while i < len(cells):
                span = 1
                while i + span < len(cells) and cells[i + span] == "" and cells[i] != "":
                    span += 1
                pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
                tcs.append(f'<w:tc>{pr}<w:p><w:r><w:t xml:space="preserve">{esc(cells[i])}</w:t></w:r></w:p></w:tc>')
                i += span
            rows.append("<w:tr>" + "".join(tcs) + "</w:tr>")
        else:
            flush()
            body.append(f"<w:p><w:r><w:t>{esc(line)}</w:t></w:r></w:p>")
    flush()
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document {W_NS}><w:body>' + "".join(body) + "</w:body></w:document>")


def html_rows(text):
    """Tab-separated lines as <tr><td> rows (runs of empty cells as colspan)."""
    out = []
    for line in text.split("\n"):
        if "\t" not in line:
            continue
        cells = line.split("\t")
        tds, i = [], 0
        while i < len(cells):
            span = 1
            while i + span < len(cells) and cells[i + span] == "" and cells[i] != "":
                span += 1
            attr = f" colspan={span}" if span > 1 else ""
            tds.append(f"<td{attr}>{esc(cells[i])}</td>")
            i += span
        out.append("<tr>" + "".join(tds) + "</tr>")
    return "\n".join(out)


def decode(b):
    """A sample's text (some are GB18030, as such reports often are)."""
    if b[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return b.decode("utf-16")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return b.decode(enc)
        except UnicodeDecodeError:
            pass
    return b.decode("utf-8", "replace")


def docx_file(xml):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def tiny_pdf():
    """A small uncompressed PDF: a title, a heading, and a ruled 2x3 table."""
    content = (
        "BT /F1 14 Tf 72 760 Td (2023 Annual Report) Tj ET\n"
        "BT /F1 12 Tf 72 730 Td (1. Overview) Tj ET\n"
        "0.5 w 72 600 m 372 600 l S 72 640 m 372 640 l S 72 680 m 372 680 l S\n"
        "72 600 m 72 680 l S 222 600 m 222 680 l S 372 600 m 372 680 l S\n"
        "BT /F1 10 Tf 80 660 Td (Total) Tj 150 0 Td (8) Tj ET\n"
        "BT /F1 10 Tf 80 620 Td (New) Tj 150 0 Td (7) Tj ET\n"
    )
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode()
    x = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for o in offs:
        out += f"{o:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return out


def main():
    texts = [(p.name, decode(p.read_bytes())) for p in text_samples()]
    raw = [p.read_bytes() for p in text_samples()]
    html_sample = (ROOT / "samples" / "南屿市人民政府-2023.html").read_text("utf-8")
    html_fixtures = [p.read_text("utf-8") for p in (ROOT / "tests/fixtures/pdf").glob("*.html")]
    pdfs = sorted((ROOT / "tests/fixtures/pdf").rglob("*.pdf"))

    # ingest_parse_check: every format and encoding the ingest detects.
    for b in raw:
        put("ingest_parse_check", b)
    t0 = texts[0][1]
    put("ingest_parse_check", b"\xef\xbb\xbf" + t0.encode("utf-8"))
    put("ingest_parse_check", b"\xff\xfe" + t0.encode("utf-16-le"))
    put("ingest_parse_check", b"\xfe\xff" + t0.encode("utf-16-be"))
    put("ingest_parse_check", t0.encode("gb18030"))
    put("ingest_parse_check", t0.replace("\n", "\r\n"))
    put("ingest_parse_check", html_sample)
    for h in html_fixtures:
        put("ingest_parse_check", h)
    put("ingest_parse_check", docx_file(docx_xml(t0)))
    put("ingest_parse_check", tiny_pdf())

    # html: table markup (the inside of <table>…</table>).
    for m in re.finditer(r"<table[^>]*>(.*?)</table>", html_sample + "".join(html_fixtures), re.S):
        put("html", m.group(1))
    for _, t in texts:
        put("html", html_rows(t))

    # docx: main parts.
    for _, t in texts:
        put("docx", docx_xml(t))
    put("docx", docx_xml("一、总体情况\n\t\t总计\n自然人\t1\t2"))

    # pdf: the fixture PDFs and a small uncompressed one.
    for p in pdfs:
        put("pdf", p.read_bytes(), p.name.encode("utf-8").hex()[:32])
    put("pdf", tiny_pdf())

    # review_state: the documented example and smaller states.
    doc = (ROOT / "docs/review-state.md").read_text("utf-8")
    for m in re.finditer(r"```toml\n(.*?)```", doc, re.S):
        put("review_state", m.group(1))
    put("review_state", 'version = 1\npath = "a.txt"\n')
    put("review_state", 'version = 1\npath = "a.txt"\n[verdict]\nstatus = "approved"\nreviewer = "x"\ntime = "2026-01-01T00:00:00Z"\n')

    # diff: year pairs of the samples, split at a NUL byte.
    by_agency = {}
    for name, t in texts:
        by_agency.setdefault(name.split("-")[0], []).append(t)
    for ts in by_agency.values():
        for a, b in zip(ts, ts[1:]):
            put("diff", a.encode() + b"\0" + b.encode())
    put("diff", texts[0][1].encode() + b"\0" + texts[-1][1].encode())

    # Regression inputs found earlier seed their target too.
    for t in TARGETS:
        d = ROOT / "tests/fixtures/fuzz" / t
        if d.is_dir():
            for p in d.iterdir():
                put(t, p.read_bytes(), "regression-" + p.name)
    for t in TARGETS:
        n = len(list((CORPUS / t).iterdir()))
        print(f"{t}: {n} seeds")


if __name__ == "__main__":
    main()
