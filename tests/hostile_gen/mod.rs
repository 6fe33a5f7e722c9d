//! Hostile inputs (issue 15 §2), generated rather than committed: shared by
//! `tests/hostile.rs` and `benches/hostile.rs`.
#![allow(dead_code)]

use std::io::Write;

/// Every hostile input: (file name, bytes).
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("html_deep_100k.html", html_deep(100_000)),
        ("html_1m_cells.html", html_cells(1000, 1000)),
        ("html_colspan_100k.html", html_colspan(100_000)),
        ("docx_bomb_2g.docx", docx_bomb(2 << 30, false)),
        ("docx_bomb_lying.docx", docx_bomb(256 << 20, true)),
        ("docx_deep.docx", docx_deep(200_000)),
        ("pdf_page_loop.pdf", pdf_page_loop()),
        ("pdf_objstm_self.pdf", pdf_objstm_self()),
        ("pdf_10m_ops.pdf", pdf_many_ops(10_000_000)),
        ("pdf_font_65536.pdf", pdf_big_font()),
        ("text_16mb_line.txt", text_one_line(16 << 20)),
        ("text_1m_rows.txt", text_rows(1_000_000)),
    ]
}

const HEAD: &str = "某市某局2024年政府信息公开工作年度报告";

/// `<div>` nested `depth` levels deep around a report title.
pub fn html_deep(depth: usize) -> Vec<u8> {
    let mut s = String::with_capacity(depth * 11 + 200);
    s.push_str("<!DOCTYPE html><html><body>");
    for _ in 0..depth {
        s.push_str("<div>");
    }
    s.push_str(HEAD);
    for _ in 0..depth {
        s.push_str("</div>");
    }
    s.push_str("</body></html>");
    s.into_bytes()
}

/// A table of `rows` × `cols` empty cells.
pub fn html_cells(rows: usize, cols: usize) -> Vec<u8> {
    let mut s = String::with_capacity(rows * (cols * 9 + 9) + 200);
    s.push_str("<!DOCTYPE html><html><body><p>");
    s.push_str(HEAD);
    s.push_str("</p><table>");
    for _ in 0..rows {
        s.push_str("<tr>");
        for _ in 0..cols {
            s.push_str("<td></td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</table></body></html>");
    s.into_bytes()
}

/// Rows whose cells claim a colspan (and rowspan) of `span`.
pub fn html_colspan(span: usize) -> Vec<u8> {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html><html><body><p>");
    s.push_str(HEAD);
    s.push_str("</p><table>");
    for i in 0..1000 {
        s.push_str(&format!(
            "<tr><td colspan=\"{span}\" rowspan=\"{span}\">{i}</td><td colspan=\"{span}\">x</td></tr>"
        ));
    }
    s.push_str("</table></body></html>");
    s.into_bytes()
}

type Part<'a> = (&'a str, &'a dyn Fn(&mut dyn Write));

fn zip_with(parts: &[Part<'_>], large: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(large);
    for (name, write) in parts {
        w.start_file(*name, opts).unwrap();
        write(&mut w);
    }
    w.finish().unwrap().into_inner()
}

const DOC_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>";

/// A DOCX whose `word/document.xml` inflates to `size` bytes of spaces
/// (about a thousandth of that compressed). With `lie`, the zip headers
/// declare 1000 bytes instead, so only a capped reader stops it.
pub fn docx_bomb(size: u64, lie: bool) -> Vec<u8> {
    let fill = |w: &mut dyn Write| {
        w.write_all(DOC_OPEN.as_bytes()).unwrap();
        w.write_all(HEAD.as_bytes()).unwrap();
        let chunk = vec![b' '; 1 << 20];
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            w.write_all(&chunk[..n]).unwrap();
            left -= n as u64;
        }
        w.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
            .unwrap();
    };
    let mut z = zip_with(&[("word/document.xml", &fill)], size >= 2 << 30);
    if lie {
        assert!(size < 1 << 32);
        // Local header: uncompressed size at 22; central directory entry
        // (signature PK\1\2): at 24.
        z[22..26].copy_from_slice(&1000u32.to_le_bytes());
        let cd = z
            .windows(4)
            .rposition(|w| w == b"PK\x01\x02")
            .expect("central directory");
        z[cd + 24..cd + 28].copy_from_slice(&1000u32.to_le_bytes());
    }
    z
}

/// A DOCX whose XML nests `depth` tables (and as many plain elements) deep.
pub fn docx_deep(depth: usize) -> Vec<u8> {
    let xml = {
        let mut s = String::from(DOC_OPEN);
        s.push_str(HEAD);
        s.push_str("</w:t></w:r></w:p>");
        for _ in 0..depth / 2 {
            s.push_str("<w:tbl><w:tr><w:tc>");
        }
        for _ in 0..depth / 2 {
            s.push_str("</w:tc></w:tr></w:tbl>");
        }
        for _ in 0..depth {
            s.push_str("<w:x>");
        }
        for _ in 0..depth {
            s.push_str("</w:x>");
        }
        s.push_str("</w:body></w:document>");
        s
    };
    let fill = |w: &mut dyn Write| w.write_all(xml.as_bytes()).unwrap();
    zip_with(&[("word/document.xml", &fill)], false)
}

/// A PDF from object bodies (object `i + 1` is `objs[i]`), classic xref.
fn pdf(objs: &[Vec<u8>], root: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offs {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

fn deflate(data: &[u8]) -> Vec<u8> {
    // A zip entry's data is a raw deflate stream; FlateDecode wants zlib
    // framing, so wrap it (header, then Adler-32).
    let fill = |w: &mut dyn Write| w.write_all(data).unwrap();
    let z = zip_with(&[("x", &fill)], false);
    let csize = u32::from_le_bytes(z[18..22].try_into().unwrap()) as usize;
    let name_len = u16::from_le_bytes(z[26..28].try_into().unwrap()) as usize;
    let extra = u16::from_le_bytes(z[28..30].try_into().unwrap()) as usize;
    let start = 30 + name_len + extra;
    let mut out = vec![0x78, 0x01];
    out.extend_from_slice(&z[start..start + csize]);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A simple Type1 font (WinAnsi) as object 3's body.
fn helvetica() -> Vec<u8> {
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec()
}

/// The page tree loops: the root's kid is an intermediate node whose kid
/// is the root again, next to a real page.
pub fn pdf_page_loop() -> Vec<u8> {
    pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>".to_vec(),
            helvetica(),
            stream("", b"BT /F1 12 Tf 72 700 Td (Annual report) Tj ET"),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>".to_vec(),
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R 5 0 R] /Count 3 >>".to_vec(),
        ],
        1,
    )
}

/// An object stream that holds (per the xref stream) itself, extends
/// itself, and whose only object points back at the stream.
pub fn pdf_objstm_self() -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offs = [0usize; 7];
    let mut put = |out: &mut Vec<u8>, n: usize, body: &[u8]| {
        offs[n] = out.len();
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    put(&mut out, 1, b"<< /Type /Catalog /Pages 2 0 R >>");
    // Object 2 (the page tree) lives in object stream 4, and so does 4.
    let inner = b"2 0 4 42 << /Type /Pages /Kids [4 0 R] /Count 1 >> 4 0 R";
    put(
        &mut out,
        4,
        &stream("/Type /ObjStm /N 2 /First 9 /Extends 4 0 R", inner),
    );
    put(&mut out, 3, &helvetica());
    let xref_at = out.len();
    let mut rows = Vec::new();
    let mut row = |t: u8, a: u32, b: u16| {
        rows.push(t);
        rows.extend_from_slice(&a.to_be_bytes());
        rows.extend_from_slice(&b.to_be_bytes());
    };
    row(0, 0, 65535);
    row(1, offs[1] as u32, 0);
    row(2, 4, 0);
    row(1, offs[3] as u32, 0);
    row(2, 4, 1);
    row(1, xref_at as u32, 0);
    out.extend_from_slice(b"5 0 obj\n");
    out.extend_from_slice(&stream("/Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R", &rows));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    out
}

/// One page whose content stream holds `n` operators (compressed).
pub fn pdf_many_ops(n: usize) -> Vec<u8> {
    let mut ops = Vec::with_capacity(n * 3 + 100);
    ops.extend_from_slice(b"BT /F1 12 Tf 72 700 Td (Annual report) Tj ET\n");
    for _ in 0..n {
        ops.extend_from_slice(b"n\n");
    }
    pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>".to_vec(),
            helvetica(),
            stream("/Filter /FlateDecode", &deflate(&ops)),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>".to_vec(),
        ],
        1,
    )
}

/// A Type0 font with 65,536 glyphs (a ToUnicode entry and a width for
/// each), and a page showing every one of them.
pub fn pdf_big_font() -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for block in 0..656 {
        let lo = block * 100;
        let hi = (lo + 100).min(65536);
        cmap.push_str(&format!("{} beginbfchar\n", hi - lo));
        for cid in lo..hi {
            cmap.push_str(&format!("<{cid:04X}> <{:04X}>\n", 0x4E00 + cid % 0x5000));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let mut w = String::from("[0 [");
    for cid in 0..65536 {
        w.push_str(if cid % 2 == 0 { "1000 " } else { "500 " });
    }
    w.push_str("]]");
    let mut content = String::from("BT /F1 10 Tf 20 800 Td 12 TL\n");
    for line in 0..(65536 / 64) {
        content.push('<');
        for k in 0..64 {
            content.push_str(&format!("{:04X}", line * 64 + k));
        }
        content.push_str("> Tj T*\n");
    }
    content.push_str("ET\n");
    pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_vec(),
            stream("/Filter /FlateDecode", &deflate(content.as_bytes())),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>".to_vec(),
            format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W {w} >>").into_bytes(),
            stream("/Filter /FlateDecode", &deflate(cmap.as_bytes())),
        ],
        1,
    )
}

/// Report-like text of about `size` bytes without a line break.
pub fn text_one_line(size: usize) -> Vec<u8> {
    let unit = "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 7 ";
    let mut s = String::with_capacity(size + unit.len());
    s.push_str(HEAD);
    s.push(' ');
    while s.len() + unit.len() <= size {
        s.push_str(unit);
    }
    s.into_bytes()
}

/// A report head, then `n` tab-separated table-like rows.
pub fn text_rows(n: usize) -> Vec<u8> {
    let mut s = String::with_capacity(n * 15 + 500);
    s.push_str(HEAD);
    s.push_str("\n三、收到和处理政府信息公开申请情况\n");
    for i in 0..n {
        s.push_str(&format!("{}\t1\t2\t3\t4\t5\t6\n", i % 10));
    }
    s.into_bytes()
}
