//! The PDF reader on hand-made PDFs (built here with lopdf's writer) and on
//! small committed LibreOffice PDFs of our own made-up report.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};
use nianbao::ingest::IngestError;
use nianbao::ingest::pdf::{PdfText, extract};

/// Builds PDFs whose text is drawn with a Type0 / Identity-H font: each
/// distinct character gets a CID, mapped back through a ToUnicode CMap (as
/// WPS and Word write them). CJK glyphs are 1 em wide, others half an em.
struct Builder {
    doc: Document,
    pages_id: ObjectId,
    font_id: ObjectId,
    pages: Vec<ObjectId>,
    chars: Vec<char>,
    content: String,
    resources: Dictionary,
}

fn is_wide(c: char) -> bool {
    c as u32 >= 0x2E80
}

impl Builder {
    fn new() -> Self {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            font_id,
            pages: Vec::new(),
            chars: Vec::new(),
            content: String::new(),
            resources: Dictionary::new(),
        }
    }

    fn cid(&mut self, c: char) -> u16 {
        match self.chars.iter().position(|&x| x == c) {
            Some(i) => i as u16 + 1,
            None => {
                self.chars.push(c);
                self.chars.len() as u16
            }
        }
    }

    /// Show `s` at (x, y) (PDF user space, y up) in font size `size`.
    fn text(&mut self, x: f32, y: f32, size: f32, s: &str) -> &mut Self {
        let hex: String = s.chars().map(|c| format!("{:04X}", self.cid(c))).collect();
        self.content.push_str(&format!(
            "BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n"
        ));
        self
    }

    /// Stroke a rectangle.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) -> &mut Self {
        self.content
            .push_str(&format!("0.5 w {x} {y} {w} {h} re S\n"));
        self
    }

    /// A table of ruled cells: `cols` are the x boundaries, `rows` the y
    /// boundaries (top down); `cells[r][c]` is drawn left-aligned in its box.
    fn grid(&mut self, cols: &[f32], rows: &[f32], cells: &[&[&str]]) -> &mut Self {
        for &y in rows {
            self.content.push_str(&format!(
                "0.5 w {} {y} m {} {y} l S\n",
                cols[0],
                cols[cols.len() - 1]
            ));
        }
        for &x in cols {
            self.content.push_str(&format!(
                "0.5 w {x} {} m {x} {} l S\n",
                rows[0],
                rows[rows.len() - 1]
            ));
        }
        for (r, row) in cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    self.text(cols[c] + 3.0, rows[r] - 14.0, 10.0, cell);
                }
            }
        }
        self
    }

    fn raw(&mut self, ops: &str) -> &mut Self {
        self.content.push_str(ops);
        self.content.push('\n');
        self
    }

    fn page(&mut self) -> &mut Self {
        let content = std::mem::take(&mut self.content);
        let content_id = self
            .doc
            .add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let mut resources = std::mem::take(&mut self.resources);
        resources.set("Font", dictionary! { "F1" => self.font_id });
        let page = self.doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => content_id,
            "Resources" => resources,
        });
        self.pages.push(page);
        self
    }

    fn finish_doc(mut self) -> Document {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
             1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
        );
        let mut widths = Vec::new();
        for chunk in self.chars.chunks(100).enumerate() {
            let (k, chars) = chunk;
            cmap.push_str(&format!("{} beginbfchar\n", chars.len()));
            for (i, c) in chars.iter().enumerate() {
                let cid = k * 100 + i + 1;
                let mut buf = [0u16; 2];
                let units: String = c
                    .encode_utf16(&mut buf)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                cmap.push_str(&format!("<{cid:04X}> <{units}>\n"));
                widths.push(Object::Integer(cid as i64));
                widths.push(Object::Array(vec![Object::Integer(if is_wide(*c) {
                    1000
                } else {
                    500
                })]));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
        let tounicode = self
            .doc
            .add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
        let descendant = self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "SimSun",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 1000,
            "W" => widths,
        });
        self.doc.objects.insert(
            self.font_id,
            Object::Dictionary(dictionary! {
                "Type" => "Font",
                "Subtype" => "Type0",
                "BaseFont" => "SimSun",
                "Encoding" => "Identity-H",
                "DescendantFonts" => vec![descendant.into()],
                "ToUnicode" => tounicode,
            }),
        );
        let kids: Vec<Object> = self.pages.iter().map(|&p| p.into()).collect();
        let count = kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
        });
        self.doc.trailer.set("Root", catalog);
        self.doc.trailer.set(
            "ID",
            vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"0123456789abcdef".to_vec()),
            ],
        );
        self.doc
    }

    fn finish(self) -> Vec<u8> {
        let mut doc = self.finish_doc();
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }
}

fn lines(t: &PdfText) -> Vec<&str> {
    t.text.lines().collect()
}

fn pdf_err(r: Result<PdfText, IngestError>) -> String {
    match r {
        Err(IngestError::Pdf(msg)) => msg,
        Err(e) => panic!("expected IngestError::Pdf, got {e:?}"),
        Ok(t) => panic!("expected an error, got text {:?}", t.text),
    }
}

#[test]
fn identity_h_text_lines_and_spaces() {
    let mut b = Builder::new();
    b.text(200.0, 780.0, 16.0, "测试局2024年度报告")
        .text(72.0, 740.0, 12.0, "一、总体情况")
        // Two words placed apart, no space glyph: a space is inserted.
        .text(72.0, 720.0, 12.0, "Open")
        .text(102.0, 720.0, 12.0, "data")
        // CJK glyphs kerned apart a little: no space.
        .text(72.0, 700.0, 12.0, "公开")
        .text(97.0, 700.0, 12.0, "申请")
        .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "测试局2024年度报告",
            "一、总体情况",
            "Open data",
            "公开申请"
        ]
    );
    assert_eq!(out.pages, vec![0]);
}

#[test]
fn ruled_table_with_merged_cells() {
    let mut b = Builder::new();
    b.text(72.0, 780.0, 12.0, "三、收到和处理政府信息公开申请情况");
    // 4 columns; the header's first and last cells span two rows, the
    // middle header spans two columns.
    let cols = [72.0, 272.0, 332.0, 432.0, 492.0];
    let rows = [760.0, 740.0, 720.0, 690.0, 670.0];
    // Horizontal rules: the one under "申请人情况" only spans its two columns.
    for (i, &y) in rows.iter().enumerate() {
        if i == 1 {
            b.raw(&format!("0.5 w {} {y} m {} {y} l S", cols[1], cols[3]));
        } else {
            b.raw(&format!("0.5 w {} {y} m {} {y} l S", cols[0], cols[4]));
        }
    }
    for (i, &x) in cols.iter().enumerate() {
        if i == 2 {
            // Between 自然人 and 法人: not through the merged header.
            b.raw(&format!("0.5 w {x} {} m {x} {} l S", rows[1], rows[4]));
        } else {
            b.raw(&format!("0.5 w {x} {} m {x} {} l S", rows[0], rows[4]));
        }
    }
    b.text(75.0, 736.0, 10.0, "项目")
        .text(275.0, 746.0, 10.0, "申请人情况")
        .text(435.0, 736.0, 10.0, "总计")
        .text(275.0, 726.0, 10.0, "自然人")
        .text(335.0, 726.0, 10.0, "法人或其他组织")
        .text(75.0, 706.0, 10.0, "一、本年新收政府信息")
        .text(75.0, 695.0, 10.0, "公开申请数量")
        .text(275.0, 706.0, 10.0, "12")
        .text(335.0, 706.0, 10.0, "3")
        .text(435.0, 706.0, 10.0, "15")
        .text(75.0, 676.0, 10.0, "（七）总计")
        .text(275.0, 676.0, 10.0, "13")
        .text(335.0, 676.0, 10.0, "3")
        .text(435.0, 676.0, 10.0, "16")
        .text(72.0, 650.0, 12.0, "四、结转")
        .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "三、收到和处理政府信息公开申请情况",
            "",
            "项目\t申请人情况\t\t总计",
            "\t自然人\t法人或其他组织\t",
            "一、本年新收政府信息公开申请数量\t12\t3\t15",
            "（七）总计\t13\t3\t16",
            "",
            "四、结转",
        ]
    );
}

/// A table over two pages, with a running header, page numbers and a
/// paragraph wrapped over the page break.
fn two_page_table() -> Vec<u8> {
    let mut b = Builder::new();
    let cols = [72.0, 300.0, 400.0, 500.0];
    b.text(250.0, 810.0, 9.0, "测试局2024年政府信息公开工作年度报告")
        .text(72.0, 760.0, 12.0, "二、主动公开政府信息情况")
        .grid(
            &cols,
            &[200.0, 180.0, 160.0, 140.0, 60.0],
            &[
                &["信息内容", "本年制发件数", "本年废止件数"],
                &["规章", "1", "0"],
                &["行政规范性文件", "2", "1"],
                &["很长的一行", "", ""],
            ],
        )
        .text(290.0, 30.0, 10.0, "- 1 -")
        .page();
    b.text(250.0, 810.0, 9.0, "测试局2024年政府信息公开工作年度报告")
        .grid(
            &cols,
            &[780.0, 760.0, 740.0],
            &[&["行政许可", "5", ""], &["行政处罚", "7", ""]],
        )
        .text(72.0, 700.0, 12.0, "三、收到和处理政府信息公开申请情况")
        .text(290.0, 30.0, 10.0, "- 2 -")
        .page();
    b.finish()
}

#[test]
fn table_across_page_break_is_one_table() {
    let out = extract(&two_page_table()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "二、主动公开政府信息情况",
            "",
            "信息内容\t本年制发件数\t本年废止件数",
            "规章\t1\t0",
            "行政规范性文件\t2\t1",
            "很长的一行\t\t",
            "行政许可\t5\t",
            "行政处罚\t7\t",
            "",
            "三、收到和处理政府信息公开申请情况",
        ]
    );
    // Page 2 starts at its first table row.
    assert_eq!(out.pages.len(), 2);
    assert_eq!(out.pages[0], 0);
    assert!(out.text[out.pages[1]..].starts_with("行政许可\t5\t\n"));
}

#[test]
fn paragraph_wrapped_lines_are_joined_and_headings_kept() {
    let mut b = Builder::new();
    // A 30-character-per-line paragraph at 12pt: right edge 72 + 360 = 432.
    b.text(72.0, 780.0, 12.0, "一、总体情况")
        .text(
            96.0,
            760.0,
            12.0,
            "本年度共收到政府信息公开申请，均已在法定期限内答复，其中",
        )
        .text(
            72.0,
            745.0,
            12.0,
            "当面申请的有三件，网上申请的有九件，信函申请的共有四件。合计",
        )
        .text(72.0, 730.0, 12.0, "16件。")
        .text(72.0, 710.0, 12.0, "二、主动公开情况")
        .text(
            96.0,
            695.0,
            12.0,
            "全年主动公开信息共计2992条，其中政策文件、规划计划、",
        )
        .text(
            72.0,
            680.0,
            12.0,
            "财政预决算等重点信息961条，发布政策解读材料49篇。",
        )
        .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "一、总体情况",
            "本年度共收到政府信息公开申请，均已在法定期限内答复，其中当面申请的有三件，网上申请的有九件，信函申请的共有四件。合计16件。",
            "二、主动公开情况",
            "全年主动公开信息共计2992条，其中政策文件、规划计划、",
            "财政预决算等重点信息961条，发布政策解读材料49篇。",
        ]
    );
}

#[test]
fn form_xobject_text_and_transforms() {
    let mut b = Builder::new();
    b.text(72.0, 780.0, 12.0, "正文");
    // The form's content uses font F1 from the page resources (inherited).
    let hex: String = "表单内容"
        .chars()
        .map(|c| format!("{:04X}", b.cid(c)))
        .collect();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 500.into(), 100.into()],
        },
        format!("BT /F1 6 Tf 0 0 Td <{hex}> Tj ET").into_bytes(),
    );
    let form_id = b.doc.add_object(form);
    b.resources.set("XObject", dictionary! { "Fm1" => form_id });
    // Scaled by 2 (so 12pt) and moved to y = 700.
    b.raw("q 2 0 0 2 72 700 cm /Fm1 Do Q").page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(lines(&out), ["正文", "表单内容"]);
}

#[test]
fn simple_font_with_differences_and_tj_kerning() {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "FirstChar" => 32,
        "LastChar" => 126,
        "Widths" => (32..=126).map(|_| Object::Integer(500)).collect::<Vec<_>>(),
        "Encoding" => dictionary! {
            "Type" => "Encoding",
            "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![65.into(), Object::Name(b"uni5E74".to_vec())],
        },
    });
    // "A" is drawn as 年; the TJ adjustment of -1500 opens a gap (a word space).
    let content = b"BT /F1 12 Tf 72 700 Td [(2024A) -1500 (Total:) 10 (3)] TJ ET".to_vec();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let out = extract(&bytes).unwrap();
    assert_eq!(lines(&out), ["2024年 Total:3"]);
}

#[test]
fn image_only_pdf_has_no_text_layer() {
    let mut b = Builder::new();
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    );
    let id = b.doc.add_object(image);
    b.resources.set("XObject", dictionary! { "Im1" => id });
    b.raw("q 500 0 0 700 40 60 cm /Im1 Do Q").page();
    b.raw("q 500 0 0 700 40 60 cm /Im1 Do Q").page();
    assert_eq!(
        pdf_err(extract(&b.finish())),
        "this PDF has no text layer: OCR it first"
    );
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut b = Builder::new();
    b.text(72.0, 700.0, 12.0, "加密的报告").page();
    let mut doc = b.finish_doc();
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = lopdf::EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn encrypted_pdf_needs_a_password() {
    let bytes = encrypted("secret");
    assert!(bytes.windows(8).any(|w| w == b"/Encrypt"));
    assert_eq!(
        pdf_err(extract(&bytes)),
        "this PDF is encrypted: it needs a password to open"
    );
}

#[test]
fn encrypted_pdf_with_empty_user_password_is_read() {
    let out = extract(&encrypted("")).unwrap();
    assert_eq!(lines(&out), ["加密的报告"]);
}

#[test]
fn truncated_pdf_is_an_error() {
    let bytes = two_page_table();
    for cut in [bytes.len() / 3, bytes.len() * 2 / 3, bytes.len() - 10] {
        let msg = pdf_err(extract(&bytes[..cut]));
        assert!(msg.contains("truncated"), "{cut}: {msg}");
    }
}

#[test]
fn garbage_after_header_is_an_error() {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    let msg = pdf_err(extract(&bytes));
    assert!(msg.starts_with("this PDF"), "{msg}");
    // Also through the format-sniffing entry point.
    assert!(matches!(
        nianbao::ingest::ingest(&bytes),
        Err(IngestError::Pdf(_))
    ));
    assert!(matches!(
        extract(b"%PDF-1.7\n%%EOF\n"),
        Err(IngestError::Pdf(_))
    ));
}

#[test]
fn mangled_pdfs_never_panic() {
    let base = two_page_table();
    let mut x: u32 = 7;
    for round in 0..200 {
        let mut bytes = base.clone();
        for _ in 0..(1 + round % 8) {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let at = (x as usize >> 8) % bytes.len();
            bytes[at] = (x >> 24) as u8;
        }
        // Any result is fine; a panic or a hang is not.
        let _ = extract(&bytes);
    }
}

// ------------------------------------------------ committed LibreOffice PDFs

fn fixture(name: &str) -> PdfText {
    let path = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    extract(&std::fs::read(path).unwrap()).unwrap()
}

const FIXTURE_TABLE: [&str; 5] = [
    "项目\t申请人情况\t\t总计",
    "\t自然人\t法人或其他组织\t",
    "一、本年新收政府信息公开申请数量\t12\t3\t15",
    "二、上年结转政府信息公开申请数量\t1\t0\t1",
    "（七）总计\t13\t3\t16",
];

const FIXTURE_PARAGRAPH: &str = "2024年，测试局坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕重点领域持续加大公开力度，全年主动公开政府信息1234条，办理依申请公开16件，政务公开工作质量和实效稳步提升。";

#[test]
fn libreoffice_docx_pdf() {
    let out = fixture("lo-docx.pdf");
    let l = lines(&out);
    assert_eq!(l[0], "测试局2024年政府信息公开工作年度报告");
    assert_eq!(l[1], "一、总体情况");
    assert_eq!(l[2], FIXTURE_PARAGRAPH);
    let at = l.iter().position(|x| x.starts_with("项目")).unwrap();
    assert_eq!(l[at..at + 5], FIXTURE_TABLE);
    assert_eq!(
        l.last().copied(),
        Some("本年度未收取信息处理费。Open data portal visits reached 2,345 in total.")
    );
}

#[test]
fn libreoffice_html_pdf() {
    let out = fixture("lo-html.pdf");
    // LibreOffice puts a blank first page before the body.
    assert_eq!(out.pages, vec![0, 0]);
    let l = lines(&out);
    assert_eq!(l[0], "一、总体情况");
    assert_eq!(l[1], FIXTURE_PARAGRAPH);
    let at = l.iter().position(|x| x.starts_with("项目")).unwrap();
    assert_eq!(l[at..at + 5], FIXTURE_TABLE);
}

#[test]
fn tables_from_cell_rectangles_and_filled_bars() {
    let mut b = Builder::new();
    // Table 1: every cell stroked with `re` (shared edges drawn twice).
    for (r, y) in [(0, 700.0), (1, 680.0)] {
        for (c, x) in [(0, 72.0), (1, 172.0)] {
            b.rect(x, y, 100.0, 20.0);
            let s = ["行政许可", "12", "行政处罚", "3"][r * 2 + c];
            b.text(x + 3.0, y + 6.0, 10.0, s);
        }
    }
    // Table 2: borders as thin filled rectangles (0.5pt bars), white page
    // background rectangle first, which must not count as a rule.
    b.raw("1 g 0 0 595 842 re f 0 g");
    for y in [600.0, 580.0, 560.0] {
        b.raw(&format!("72 {y} 200 0.5 re f"));
    }
    for x in [72.0, 172.0, 272.0] {
        b.raw(&format!("{x} 560 0.5 40.5 re f"));
    }
    b.text(75.0, 586.0, 10.0, "规章")
        .text(175.0, 586.0, 10.0, "0")
        .text(75.0, 566.0, 10.0, "行政规范性文件")
        .text(175.0, 566.0, 10.0, "4")
        .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "行政许可\t12",
            "行政处罚\t3",
            "",
            "规章\t0",
            "行政规范性文件\t4"
        ]
    );
}

#[test]
fn chromium_identity_h_cid_truetype_pdf() {
    let out = fixture("chromium-cid.pdf");
    let l = lines(&out);
    assert_eq!(l[0], "测试局2024年政府信息公开工作年度报告");
    assert_eq!(l[2], FIXTURE_PARAGRAPH);
    let at = l.iter().position(|x| x.starts_with("项目")).unwrap();
    assert_eq!(l[at..at + 5], FIXTURE_TABLE);
}

#[test]
fn table_without_rules_from_aligned_columns() {
    let out = fixture("lo-html-noborder.pdf");
    let l = lines(&out);
    let at = l.iter().position(|x| x.starts_with("项目")).unwrap();
    assert_eq!(
        l[at..at + 5],
        [
            "项目\t\t\t总计",
            "\t自然人法人或其他组织\t\t",
            "一、本年新收政府信息公开申请数量\t12\t3\t15",
            "二、上年结转政府信息公开申请数量\t1\t0\t1",
            "（七）总计\t13\t3\t16",
        ]
    );
    // Body text around it is untouched.
    assert_eq!(
        l[at - 3..at],
        ["三、收到和处理政府信息公开申请情况", "申请人情况", ""]
    );
    assert_eq!(l[at + 6], "六、其他需要报告的事项");
}

#[test]
fn hand_made_table_without_rules() {
    let mut b = Builder::new();
    b.text(72.0, 780.0, 12.0, "二、主动公开政府信息情况")
        .text(72.0, 760.0, 10.0, "信息内容")
        .text(200.0, 760.0, 10.0, "本年制发件数")
        .text(300.0, 760.0, 10.0, "现行有效件数")
        .text(72.0, 745.0, 10.0, "规章")
        .text(220.0, 745.0, 10.0, "3")
        .text(320.0, 745.0, 10.0, "58")
        .text(72.0, 730.0, 10.0, "行政规范性文件")
        .text(220.0, 730.0, 10.0, "0")
        .text(320.0, 730.0, 10.0, "726")
        .text(72.0, 700.0, 12.0, "三、收到和处理政府信息公开申请情况")
        .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "二、主动公开政府信息情况",
            "",
            "信息内容\t本年制发件数\t现行有效件数",
            "规章\t3\t58",
            "行政规范性文件\t0\t726",
            "",
            "三、收到和处理政府信息公开申请情况",
        ]
    );
}

#[test]
fn self_invoking_form_does_not_hang() {
    let mut b = Builder::new();
    let hex: String = "循环"
        .chars()
        .map(|c| format!("{:04X}", b.cid(c)))
        .collect();
    let form_id = b.doc.new_object_id();
    // The form draws text, then itself (through its own resources), forever.
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 500.into(), 100.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => b.font_id },
                "XObject" => dictionary! { "Me" => form_id },
            },
        },
        format!("BT /F1 12 Tf 72 700 Td <{hex}> Tj ET /Me Do").into_bytes(),
    );
    b.doc.objects.insert(form_id, Object::Stream(form));
    b.resources.set("XObject", dictionary! { "Fm" => form_id });
    b.raw("/Fm Do").page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(lines(&out), ["循环"]);
}

#[test]
fn cid_font_without_tounicode_is_reported() {
    let mut b = Builder::new();
    b.text(72.0, 700.0, 12.0, "无法映射").page();
    let mut doc = b.finish_doc();
    for (_, o) in doc.objects.iter_mut() {
        if let Object::Dictionary(d) = o {
            d.remove(b"ToUnicode");
        }
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert!(pdf_err(extract(&bytes)).contains("no Unicode mapping"));
}

#[test]
fn rotated_page_reads_in_display_order() {
    let mut b = Builder::new();
    // A page shown with /Rotate 90: its text runs up the page in user space
    // (text matrix turning x into y), and reads left to right once rotated.
    b.raw("BT /F1 12 Tf 0 1 -1 0 100 72 Tm <0001000200030004> Tj ET")
        .raw("BT /F1 12 Tf 0 1 -1 0 130 72 Tm <00010005> Tj ET");
    for c in "第一行字第二".chars() {
        b.cid(c);
    }
    b.page();
    let page = *b.pages.last().unwrap();
    if let Ok(Object::Dictionary(d)) = b.doc.get_object_mut(page) {
        d.set("Rotate", 90);
    }
    let out = extract(&b.finish()).unwrap();
    assert_eq!(lines(&out), ["第一行字", "第二"]);
}

#[test]
fn page_numbers_and_running_footers_are_dropped() {
    let mut b = Builder::new();
    for n in 1..=3 {
        b.text(72.0, 800.0, 9.0, "测试局政府信息公开工作年度报告")
            .text(72.0, 700.0, 12.0, &format!("第{n}页正文"))
            .text(72.0, 40.0, 9.0, "测试局办公室编")
            .text(250.0, 25.0, 9.0, &format!("第 {n} 页 共 3 页"))
            .page();
    }
    let out = extract(&b.finish()).unwrap();
    assert_eq!(lines(&out), ["第1页正文", "第2页正文", "第3页正文"]);
    assert_eq!(out.pages.len(), 3);
    for (i, &p) in out.pages.iter().enumerate() {
        assert!(out.text[p..].starts_with(&format!("第{}页正文", i + 1)));
    }
}

#[test]
fn pdftotext_engine() {
    use nianbao::ingest::pdf::extract_with_pdftotext;
    let missing = std::path::Path::new("/nonexistent/x.pdf");
    let have = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !have {
        let msg = pdf_err(extract_with_pdftotext(missing));
        assert!(msg.contains("pdftotext is not installed"), "{msg}");
        eprintln!("skipped the rest: pdftotext is not installed");
        return;
    }
    assert!(
        pdf_err(extract_with_pdftotext(missing)).starts_with("pdftotext could not read this PDF")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, two_page_table()).unwrap();
    let out = extract_with_pdftotext(&path).unwrap();
    assert_eq!(out.pages.len(), 2);
    assert!(out.text[..out.pages[1]].contains("行政规范性文件"));
    assert!(out.text[out.pages[1]..].contains("行政处罚"));
    eprintln!("checked pdftotext on a two-page table");
}

#[test]
fn repeated_header_and_split_row_over_a_page_break() {
    let mut b = Builder::new();
    let cols = [72.0, 300.0, 400.0, 500.0];
    b.grid(
        &cols,
        &[200.0, 180.0, 160.0, 120.0],
        &[
            &["信息内容", "本年制发件数", "现行有效件数"],
            &["规章", "1", "9"],
            &["行政规范性文", "2", "8"],
        ],
    )
    .page();
    // Page 2 repeats the header row, then the rest of the split row's label.
    b.grid(
        &cols,
        &[780.0, 760.0, 740.0, 720.0],
        &[
            &["信息内容", "本年制发件数", "现行有效件数"],
            &["件", "", ""],
            &["行政许可", "5", ""],
        ],
    )
    .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "信息内容\t本年制发件数\t现行有效件数",
            "规章\t1\t9",
            "行政规范性文件\t2\t8",
            "行政许可\t5\t",
        ]
    );
    assert!(out.text[out.pages[1]..].starts_with("行政许可"));
}

/// The committed fixtures as they are and with their streams decompressed
/// (so that mutations hit content streams too), and the synthetic table.
fn fuzz_inputs() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");
    let mut inputs = vec![two_page_table()];
    for name in ["lo-docx.pdf", "chromium-cid.pdf", "lo-html-noborder.pdf"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let mut doc = Document::load_mem(&bytes).unwrap();
        doc.decompress();
        let mut plain = Vec::new();
        doc.save_to(&mut plain).unwrap();
        inputs.push(bytes);
        inputs.push(plain);
    }
    inputs
}

/// `rounds` mutants of `inputs`, deterministic from `seed`: bytes changed,
/// runs overwritten with digits or operators, truncation, and cut-outs.
fn mutants(inputs: &[Vec<u8>], rounds: usize, seed: u64) -> impl Iterator<Item = Vec<u8>> + '_ {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..rounds).map(move |round| {
        let mut bytes = inputs[round % inputs.len()].clone();
        match next() % 4 {
            0 => {
                for _ in 0..(1 + next() % 16) {
                    let at = (next() as usize) % bytes.len();
                    bytes[at] = next() as u8;
                }
            }
            1 => {
                let at = (next() as usize) % bytes.len();
                let junk = [
                    b"9999999999".as_slice(),
                    b" Q Q Q ",
                    b"[",
                    b"<<",
                    b" -1e38 ",
                    b" BT ",
                    b" 0 0 0 0 0 0 cm ",
                ];
                let j = junk[(next() as usize) % junk.len()];
                for (k, &c) in j.iter().enumerate() {
                    if at + k < bytes.len() {
                        bytes[at + k] = c;
                    }
                }
            }
            2 => {
                let cut = (next() as usize) % bytes.len();
                bytes.truncate(cut);
                bytes.extend_from_slice(b"\n%%EOF\n");
            }
            _ => {
                let at = (next() as usize) % bytes.len();
                let len = (next() as usize) % 200;
                let end = (at + len).min(bytes.len());
                bytes.drain(at..end);
            }
        }
        bytes
    })
}

/// Read every mutant on a worker thread; fail when one panics or takes more
/// than `limit` (a hang fails the test instead of stalling the suite).
fn read_all_in_time(inputs: impl Iterator<Item = Vec<u8>>, limit: std::time::Duration) -> usize {
    use std::sync::mpsc;
    let (to_worker, work) = mpsc::channel::<Vec<u8>>();
    let (done, from_worker) = mpsc::channel::<()>();
    let worker = std::thread::spawn(move || {
        for bytes in work {
            let _ = extract(&bytes);
            if done.send(()).is_err() {
                break;
            }
        }
    });
    let mut n = 0;
    for (round, bytes) in inputs.enumerate() {
        to_worker.send(bytes).unwrap();
        match from_worker.recv_timeout(limit) {
            Ok(()) => n += 1,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("mutant {round} took more than {limit:?}")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("mutant {round} panicked"),
        }
    }
    drop(to_worker);
    worker.join().unwrap();
    n
}

/// A bounded slice of the mutation run, in every `cargo test`: 300 mutants
/// of the committed LibreOffice and Chromium PDFs, each within 5 s.
#[test]
fn mangled_fixture_pdfs_end_in_time() {
    let inputs = fuzz_inputs();
    let start = std::time::Instant::now();
    let n = read_all_in_time(
        mutants(&inputs, 300, 0x9E37_79B9_7F4A_7C15),
        std::time::Duration::from_secs(5),
    );
    assert_eq!(n, 300);
    eprintln!("{n} mutants in {:?}", start.elapsed());
}

/// The longer run: `cargo test --release --test pdf -- --ignored`
/// (`NIANBAO_FUZZ_ROUNDS`, default 3000; `NIANBAO_FUZZ_SEED`).
#[test]
#[ignore]
fn fuzz_fixtures() {
    let inputs = fuzz_inputs();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let rounds = env("NIANBAO_FUZZ_ROUNDS").unwrap_or(3000) as usize;
    let seed = env("NIANBAO_FUZZ_SEED").unwrap_or(0x5DEE_CE66_D1CE_4E5B);
    eprintln!("fuzz_fixtures: seed {seed:#x}, {rounds} rounds");
    let start = std::time::Instant::now();
    let n = read_all_in_time(
        mutants(&inputs, rounds, seed),
        std::time::Duration::from_secs(10),
    );
    eprintln!("{n} rounds in {:?}", start.elapsed());
}

#[test]
fn framed_box_is_not_a_table() {
    let mut b = Builder::new();
    // A bordered box split by one horizontal line: text stays text.
    b.rect(72.0, 600.0, 400.0, 80.0)
        .raw("0.5 w 72 640 m 472 640 l S")
        .text(80.0, 660.0, 12.0, "联系电话：0312-1234567")
        .text(80.0, 620.0, 12.0, "地址：某某路1号")
        .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(lines(&out), ["联系电话：0312-1234567", "地址：某某路1号"]);
}

#[test]
fn spread_out_cjk_in_a_cell_is_one_word() {
    let mut b = Builder::new();
    b.grid(
        &[72.0, 200.0, 300.0],
        &[700.0, 680.0, 660.0],
        &[&["", "12"], &["", "3"]],
    )
    // Distributed alignment: 总 ... 计 across the cell.
    .text(80.0, 686.0, 10.0, "总")
    .text(150.0, 686.0, 10.0, "计")
    .text(80.0, 666.0, 10.0, "Open")
    .text(120.0, 666.0, 10.0, "data")
    .page();
    let out = extract(&b.finish()).unwrap();
    assert_eq!(lines(&out), ["总计\t12", "Open data\t3"]);
}
