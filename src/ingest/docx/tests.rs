use std::io::Write;

use super::*;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

fn rels(target: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/></Relationships>"#
    )
}

/// A zip holding the given (name, content) entries.
fn zip_of(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A minimal DOCX whose `w:body` holds `body`.
fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>"#
    );
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", rels("word/document.xml").as_bytes()),
            ("word/document.xml", doc.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

fn p(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:jc w:val="center"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

fn tc(props: &str, text: &str) -> String {
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"100\"/>{props}</w:tcPr>{}</w:tc>",
        p(text)
    )
}

fn render_docx(body: &str) -> String {
    extract(&docx(body)).unwrap()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn paragraphs_runs_and_breaks() {
    let body = format!(
        r#"{}<w:p/>{}<w:p><w:r><w:t>甲</w:t></w:r><w:r><w:t xml:space="preserve"> 乙 </w:t><w:tab/><w:t>丙</w:t></w:r><w:r><w:br/><w:t>第二行</w:t><w:cr/><w:t>A</w:t><w:noBreakHyphen/><w:t>B &amp; C&#x4E00;</w:t></w:r></w:p>"#,
        p("某局2022年政府信息公开工作年度报告"),
        p("  一、总体情况  ")
    );
    assert_eq!(
        lines(&render_docx(&body)),
        vec![
            "某局2022年政府信息公开工作年度报告",
            "一、总体情况",
            "甲 乙 丙",
            "第二行",
            "A-B & C一"
        ]
    );
}

#[test]
fn tab_stops_in_paragraph_properties_are_not_text() {
    let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#;
    assert_eq!(render_docx(body), "正文\n");
}

#[test]
fn table_spans_merges_and_grid_before_after() {
    let row = |cells: &[String], tr_pr: &str| {
        format!("<w:tr><w:trPr>{tr_pr}</w:trPr>{}</w:tr>", cells.concat())
    };
    let body = format!(
        "{}<w:tbl><w:tblPr><w:tblW w:w=\"0\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>{}{}{}{}{}</w:tbl>{}",
        p("标题"),
        row(
            &[tc(r#"<w:gridSpan w:val="4"/>"#, "第二十条第（五）项")],
            ""
        ),
        row(
            &[tc("", "行政许可"), tc(r#"<w:gridSpan w:val="3"/>"#, "0")],
            ""
        ),
        row(
            &[
                tc(r#"<w:vMerge w:val="restart"/>"#, "（三）不予公开"),
                tc("", "1.属于国家秘密"),
                tc(r#"<w:gridSpan w:val="2"/>"#, "6"),
            ],
            ""
        ),
        row(
            &[tc("<w:vMerge/>", ""), tc("", "2.其他"), tc("", "1")],
            r#"<w:gridAfter w:val="1"/>"#
        ),
        row(&[tc("", "x"), tc("", "y")], r#"<w:gridBefore w:val="2"/>"#),
        p("表后文字"),
    );
    assert_eq!(
        lines(&render_docx(&body)),
        vec![
            "标题",
            "",
            "第二十条第（五）项\t\t\t",
            "行政许可\t0\t\t",
            "（三）不予公开\t1.属于国家秘密\t6\t",
            "\t2.其他\t1\t",
            "\t\tx\ty",
            "",
            "表后文字",
        ]
    );
}

#[test]
fn cell_paragraphs_join_with_a_space_and_nested_tables_flatten() {
    let inner = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc(r#"<w:gridSpan w:val="9"/>"#, "内"),
        tc("", "表")
    );
    let body = format!(
        "<w:tbl><w:tr><w:tc>{}{}</w:tc><w:tc>{inner}</w:tc>{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
        p("（二）部分公开"),
        p("（区分处理的）"),
        tc("", "5"),
        tc("", "a"),
        tc("", "b"),
        tc("", "c"),
    );
    assert_eq!(
        lines(&render_docx(&body)),
        vec!["（二）部分公开 （区分处理的）\t内 表\t5", "a\tb\tc"]
    );
}

#[test]
fn revisions_fields_content_controls_and_text_boxes() {
    let body = r#"<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1"><w:r><w:t>插入</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>删除</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:sdt><w:sdtPr><w:alias w:val="标题控件"/><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内容</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="x"><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v="v"><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>框后</w:t></w:r></w:p>"#;
    let text = render_docx(body);
    assert_eq!(
        lines(&text),
        vec!["保留插入", "7", "控件内容", "文本框", "框前框后"]
    );
    assert!(!text.contains("删除") && !text.contains("移走") && !text.contains("PAGE"));
}

#[test]
fn deleted_rows_are_left_out() {
    let body = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr><w:trPr><w:del w:id=\"3\" w:author=\"x\"/></w:trPr>{}{}</w:tr></w:tbl>",
        tc("", "留"),
        tc("", "1"),
        tc("", "删"),
        tc("", "2")
    );
    assert_eq!(lines(&render_docx(&body)), vec!["留\t1"]);
}

#[test]
fn main_part_found_through_relationships_and_stored_entries() {
    let doc = format!(
        r#"<?xml version="1.0"?><w:document {W_NS}><w:body>{}</w:body></w:document>"#,
        p("另一个文件名")
    );
    let bytes = zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", rels("/word/document2.xml").as_bytes()),
            ("word/document2.xml", doc.as_bytes()),
        ],
        zip::CompressionMethod::Stored,
    );
    assert_eq!(extract(&bytes).unwrap(), "另一个文件名\n");
}

#[test]
fn errors_are_clear_sentences() {
    let err = |bytes: &[u8]| match extract(bytes) {
        Err(IngestError::Corrupt(msg)) => msg,
        other => panic!("expected Corrupt, got {other:?}"),
    };
    assert!(err(b"PK\x03\x04 this is not really a zip").contains("ZIP container is damaged"));
    let xlsx = zip_of(
        &[("xl/workbook.xml", b"<workbook/>")],
        zip::CompressionMethod::Deflated,
    );
    assert!(err(&xlsx).contains("Excel"));
    let other = zip_of(
        &[("readme.txt", b"hello")],
        zip::CompressionMethod::Deflated,
    );
    assert!(err(&other).contains("word/document.xml"));
    let bad_xml = zip_of(
        &[(
            "word/document.xml",
            format!("<w:document {W_NS}><w:body><w:p></w:r></w:body></w:document>").as_bytes(),
        )],
        zip::CompressionMethod::Deflated,
    );
    assert!(err(&bad_xml).contains("not well-formed XML"));
    let cut = zip_of(
        &[(
            "word/document.xml",
            format!("<w:document {W_NS}><w:body><w:p><w:r><w:t>半").as_bytes(),
        )],
        zip::CompressionMethod::Deflated,
    );
    assert!(err(&cut).contains("damaged"));
    let no_body = zip_of(
        &[("word/document.xml", b"<root/>")],
        zip::CompressionMethod::Deflated,
    );
    assert!(err(&no_body).contains("no document body"));
    assert!(err(&docx(&p(" "))).contains("no text"));
}

#[test]
fn decompression_is_capped() {
    let big = vec![b' '; 4096];
    let bytes = zip_of(
        &[("word/document.xml", &big)],
        zip::CompressionMethod::Deflated,
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    match read_entry(&mut zip, "word/document.xml", 1000) {
        Err(IngestError::Corrupt(msg)) => assert!(msg.contains("larger than"), "{msg}"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    assert_eq!(
        read_entry(&mut zip, "word/document.xml", 4096)
            .unwrap()
            .len(),
        4096
    );
}

#[test]
fn through_ingest() {
    let doc = crate::ingest::ingest(&docx(&p("某局2021年政府信息公开工作年度报告\u{7}"))).unwrap();
    assert_eq!(doc.format, crate::ingest::Format::Docx);
    assert_eq!(doc.text, "某局2021年政府信息公开工作年度报告\u{2407}\n");
}

/// Truncated and mutated files must never make the reader panic.
#[test]
fn truncated_and_mutated_docx_never_panics() {
    let body = format!(
        "{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
        p("某局2021年政府信息公开工作年度报告"),
        tc(r#"<w:gridSpan w:val="2"/>"#, "行政许可"),
        tc(r#"<w:vMerge w:val="restart"/>"#, "5"),
        tc("", "a"),
        tc("<w:vMerge/>", ""),
        p("结尾")
    );
    for method in [
        zip::CompressionMethod::Deflated,
        zip::CompressionMethod::Stored,
    ] {
        let doc = format!(
            r#"<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>"#
        );
        let base = zip_of(
            &[
                ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
                ("_rels/.rels", rels("word/document.xml").as_bytes()),
                ("word/document.xml", doc.as_bytes()),
            ],
            method,
        );
        assert!(extract(&base).is_ok());
        for cut in (0..base.len()).step_by(5) {
            let _ = crate::ingest::ingest(&base[..cut]);
        }
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..400 {
            let mut b = base.clone();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            let _ = crate::ingest::ingest(&b);
        }
    }
    // The XML reader alone, on every prefix and on mutated text.
    let xml = format!(r#"<w:document {W_NS}><w:body>{body}</w:body></w:document>"#);
    for cut in 0..xml.len() {
        if xml.is_char_boundary(cut) {
            let _ = render(&xml[..cut], "word/document.xml");
        }
    }
    let mut rng = XorShift(7);
    let specials = b"<>/\"'=&;: wtrcpPgridSpanvMerge0123456789";
    for _ in 0..500 {
        let mut b = xml.clone().into_bytes();
        for _ in 0..1 + rng.below(6) {
            let i = rng.below(b.len());
            b[i] = specials[rng.below(specials.len())];
        }
        let _ = render(&String::from_utf8_lossy(&b), "word/document.xml");
    }
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
