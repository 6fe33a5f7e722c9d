use super::*;

fn render(html: &str) -> String {
    extract(html).unwrap()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// A portal page: chrome around an article with a title div and a
/// `#zoom` content container holding a table.
const PORTAL: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>某镇人民政府2021年度政府信息公开工作年度报告_某县人民政府</title>
<meta name="ArticleTitle" content="某镇人民政府2021年度政府信息公开工作年度报告">
<script>var nav = "脚本文字";</script><style>.a{color:red}</style>
</head><body>
<div class="topbar">欢迎访问某县人民政府门户网站 <a href="/">首页</a></div>
<div class="header"><h1 class="logo">某县人民政府</h1>
<form class="search"><input name="q"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="location">当前位置：首页 &gt; 政务公开</div>
<div class="article">
<div class="art-title">某镇人民政府2021年度政府信息公开工作年度报告</div>
<div class="art-info">发布时间：2022-01-20</div>
<div class="art-content TRS_Editor" id="zoom">
<p>&nbsp;&nbsp;<span>一、总体情况</span></p>
<p>  本年度   主动公开
   信息&nbsp;97 条。</p>
<table border="1"><tbody>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td><p>行政</p><p>许可</p></td><td colspan="3"> 0 </td></tr>
</tbody></table>
<p>二、主动公开政府信息情况</p>
</div>
<div class="art-tools"><a href="javascript:print()">【打印本页】</a></div>
</div>
<div class="footer"><p>主办单位：某县人民政府办公室 备案号：ICP备00000000号</p></div>
</body></html>"#;

#[test]
fn portal_page_renders_title_content_and_table() {
    let text = render(PORTAL);
    assert_eq!(
        lines(&text),
        vec![
            "某镇人民政府2021年度政府信息公开工作年度报告",
            "一、总体情况",
            "本年度 主动公开信息 97 条。",
            "",
            "第二十条第（五）项\t\t\t",
            "信息内容\t本年处理决定数量\t\t",
            "行政 许可\t0\t\t",
            "",
            "二、主动公开政府信息情况",
        ]
    );
}

#[test]
fn portal_chrome_is_left_out() {
    let text = render(PORTAL);
    for chrome in [
        "欢迎访问",
        "首页",
        "政务公开\n",
        "搜索",
        "当前位置",
        "打印本页",
        "主办单位",
        "脚本文字",
        "color",
        "发布时间",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} leaked into:\n{text}");
    }
}

#[test]
fn rowspan_origin_carries_text_and_covered_rows_start_empty() {
    let html = r#"<html><body><h1>测试报告标题2021年度报告</h1><table>
<tr><td rowspan="8">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>1</td></tr>
<tr><td>3.危及“三安全一稳定”</td><td>2</td></tr>
<tr><td>4.保护第三方合法权益</td><td>3</td></tr>
<tr><td>5.属于三类内部事务信息</td><td>4</td></tr>
<tr><td>6.属于四类过程性信息</td><td>5</td></tr>
<tr><td>7.属于行政执法案卷</td><td>6</td></tr>
<tr><td>8.属于行政查询事项</td><td>7</td></tr>
<tr><td colspan="2">（七）总计</td><td>28</td></tr>
</table></body></html>"#;
    let text = render(html);
    let l = lines(&text);
    assert_eq!(l[0], "测试报告标题2021年度报告");
    assert_eq!(l[1], "");
    assert_eq!(l[2], "（三）不予公开\t1.属于国家秘密\t0");
    for (k, line) in l[3..10].iter().enumerate() {
        assert!(line.starts_with('\t'), "row {k}: {line:?}");
        assert!(line.ends_with(&format!("\t{}", k + 1)), "row {k}: {line:?}");
        assert_eq!(line.matches('\t').count(), 2);
    }
    assert_eq!(l[10], "（七）总计\t\t28");
    assert_eq!(l.len(), 11);
}

#[test]
fn table_four_header_layout_matches_tab_copy() {
    let html = r#"<body><table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td>
<td rowspan="2">尚未审结</td><td rowspan="2">总计</td>
<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>7</td><td>8</td>
<td>9</td><td>10</td><td>11</td><td>12</td><td>13</td><td>14</td><td>15</td></tr>
</table></body>"#;
    let text = render(html);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains('\t')).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.matches('\t').count() == 14));
    assert_eq!(
        rows[0],
        format!("行政复议{}行政诉讼{}", "\t".repeat(5), "\t".repeat(9))
    );
    assert!(rows[2].starts_with("\t\t\t\t\t结果维持\t"));
    let nums: Vec<&str> = rows[3].split('\t').collect();
    assert_eq!(nums, (1..=15).map(|n| n.to_string()).collect::<Vec<_>>());
}

#[test]
fn malformed_spans_are_clamped_or_ignored() {
    let html = r#"<body><p>标题行政府信息公开工作年度报告</p><table>
<tr><td rowspan="abc">a</td><td colspan="0">b</td><td rowspan="0">c</td></tr>
<tr><td colspan="10000">wide</td><td colspan="-4">d</td></tr>
<tr><td rowspan="99999999999999999999">tall</td></tr>
<tr><td>x</td><td>y</td></tr>
</table></body>"#;
    let text = render(html);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains('\t')).collect();
    assert_eq!(rows.len(), 4);
    let width = grid::MAX_COLSPAN + 1;
    for r in &rows {
        assert_eq!(r.matches('\t').count(), width - 1, "{r:?}");
    }
    assert!(rows[0].starts_with("a\tb\tc\t"));
    assert!(rows[1].starts_with("wide\t"));
    assert!(rows[1].ends_with("\td"));
    assert!(rows[2].starts_with("tall\t"));
    // The huge rowspan stops at the end of the table; the next row is
    // pushed right by it.
    assert!(rows[3].starts_with("\tx\ty\t"));
}

#[test]
fn tables_without_rows_and_unclosed_markup_do_not_break() {
    let html = "<html><body><div><p>甲乙丙丁年度报告一二三四<table></table><table><tbody></tbody></table>\
                <table><tr></tr><tr><td></td></tr></table><p>后文<b>加粗<i>斜体</b>尾巴<table><tr><td>1<td>2<tr><td>3";
    let text = render(html);
    assert_eq!(
        lines(&text),
        vec![
            "甲乙丙丁年度报告一二三四",
            "后文加粗斜体尾巴",
            "",
            "1\t2",
            "3\t"
        ]
    );
}

#[test]
fn nested_table_is_flattened_into_its_cell() {
    let html = r#"<body><table>
<tr><td>项目</td><td><table><tr><td>内</td><td>表</td></tr></table></td><td>9</td></tr>
<tr><td>合计</td><td>5</td><td>6</td></tr>
</table></body>"#;
    let text = render(html);
    assert_eq!(lines(&text), vec!["项目\t内 表\t9", "合计\t5\t6"]);
}

#[test]
fn layout_table_is_rendered_as_blocks() {
    let long = "正文内容很长。".repeat(80);
    let html = format!(
        r#"<body><table><tr><td><div class="side"><a href="/a">栏目一</a></div></td>
<td><h2>某局2020年政府信息公开工作年度报告</h2><p>{long}</p>
<table><tr><td>规章</td><td>1</td></tr><tr><td>规范性文件</td><td>2</td></tr></table>
<p>结尾。</p></td></tr></table></body>"#
    );
    let text = render(&html);
    let l = lines(&text);
    assert_eq!(l[0], "某局2020年政府信息公开工作年度报告");
    assert_eq!(l[1], long);
    assert_eq!(&l[2..], &["", "规章\t1", "规范性文件\t2", "", "结尾。"]);
    assert!(!text.contains("栏目一"));
}

#[test]
fn title_falls_back_to_meta_then_stripped_title() {
    let html = r#"<html><head><meta name="articletitle" content=" 甲局2022年政府信息公开工作年度报告 ">
<title>别的标题_甲市人民政府</title></head><body><div id="zoom"><p>正文。</p></div></body></html>"#;
    assert_eq!(
        lines(&render(html)),
        vec!["甲局2022年政府信息公开工作年度报告", "正文。"]
    );
    for (title, want) in [
        (
            "乙局2022年政府信息公开工作年度报告_乙市人民政府",
            "乙局2022年政府信息公开工作年度报告",
        ),
        (
            "乙局2022年政府信息公开工作年度报告 - 乙市人民政府门户网站",
            "乙局2022年政府信息公开工作年度报告",
        ),
        (
            "乙局2022年政府信息公开工作年度报告|乙市政府网",
            "乙局2022年政府信息公开工作年度报告",
        ),
        (
            "乙局2022年政府信息公开工作年度报告——乙市人民政府",
            "乙局2022年政府信息公开工作年度报告",
        ),
        (
            "乙市人民政府_乙局2022年政府信息公开工作年度报告",
            "乙局2022年政府信息公开工作年度报告",
        ),
        ("2020-2021 工作报告", "2020-2021 工作报告"),
        ("Annual report", "Annual report"),
    ] {
        let html =
            format!("<html><head><title>{title}</title></head><body><p>正文。</p></body></html>");
        assert_eq!(lines(&render(&html))[0], want, "title {title:?}");
    }
}

#[test]
fn title_element_inside_content_is_not_repeated() {
    let html = r#"<body><div class="nav"><a href="/">首页</a></div><div class="content">
<h1>丙区2021年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>内容。</p></div></body>"#;
    assert_eq!(
        lines(&render(html)),
        vec![
            "丙区2021年政府信息公开工作年度报告",
            "一、总体情况",
            "内容。"
        ]
    );
    // Title from <title>, repeated (split over two lines) at the top of the text.
    let html = r#"<html><head><title>丁局2021年政府信息公开工作年度报告 - 丁市政府</title></head>
<body><p>丁局</p><p>2021年政府信息公开工作年度报告</p><p>正文。</p></body></html>"#;
    assert_eq!(
        lines(&render(html)),
        vec!["丁局2021年政府信息公开工作年度报告", "正文。"]
    );
}

#[test]
fn related_links_with_report_titles_do_not_win() {
    let html = r#"<html><head><meta name="ArticleTitle" content="戊局2022年政府信息公开工作年度报告"></head><body>
<div class="main"><div class="title">戊局2022年政府信息公开工作年度报告</div>
<div id="zoom"><p>正文第一段。</p><p>正文第二段。</p></div></div>
<div class="list"><ul><li class="title"><a href="/1">戊局2021年政府信息公开工作年度报告</a></li></ul></div>
</body></html>"#;
    let text = render(html);
    assert_eq!(
        lines(&text),
        vec![
            "戊局2022年政府信息公开工作年度报告",
            "正文第一段。",
            "正文第二段。"
        ]
    );
}

#[test]
fn container_found_without_names_by_text_and_tables() {
    let links: String = (0..30)
        .map(|i| format!("<li><a href=\"/{i}\">链接文字{i}</a></li>"))
        .collect();
    let html = format!(
        r#"<body><div><div><ul>{links}</ul></div>
<div><div><p>己县2019年政府信息公开工作年度报告</p><p>一、总体情况，本年度工作情况如下所述。</p>
<table><tr><td>规章</td><td>0</td></tr></table><p>六、其他需要报告的事项。</p></div></div></div></body>"#
    );
    let text = render(&html);
    assert_eq!(
        lines(&text),
        vec![
            "己县2019年政府信息公开工作年度报告",
            "一、总体情况，本年度工作情况如下所述。",
            "",
            "规章\t0",
            "",
            "六、其他需要报告的事项。"
        ]
    );
}

#[test]
fn hidden_and_invisible_elements_are_skipped() {
    let html = r#"<body><p>可见文字</p><div style="DISPLAY: none">隐藏一</div><p hidden>隐藏二</p>
<noscript>隐藏三</noscript><template><p>隐藏四</p></template><select><option>隐藏五</option></select>
<textarea>隐藏六</textarea><svg><text>隐藏七</text></svg><p style="color:red">红字</p></body>"#;
    assert_eq!(lines(&render(html)), vec!["可见文字", "红字"]);
}

#[test]
fn a_form_around_the_whole_page_is_not_chrome() {
    let html = r#"<body><form id="form1"><div class="nav"><a href="/">首页</a></div>
<div><p>庚局2020年政府信息公开工作年度报告</p><p>正文内容一。</p><p>正文内容二。</p></div></form></body>"#;
    assert_eq!(
        lines(&render(html)),
        vec![
            "庚局2020年政府信息公开工作年度报告",
            "正文内容一。",
            "正文内容二。"
        ]
    );
}

#[test]
fn line_breaks_blocks_and_whitespace() {
    let html = "<body><p>第一行<br>第二行<br/><br/>第三行</p><div>甲<span> 乙 </span>丙</div>\
                <ul><li>项一</li><li>项二</li></ul><pre>保留\n  换行</pre><p>年度报\n   告\u{a0}x\u{3000}\u{3000}y</p>\
                <p>1\u{200b}2</p></body>";
    assert_eq!(
        lines(&render(html)),
        vec![
            "第一行",
            "第二行",
            "第三行",
            "甲 乙 丙",
            "项一",
            "项二",
            "保留",
            "换行",
            "年度报告 x y",
            "12"
        ]
    );
}

#[test]
fn cells_never_hold_tabs_or_newlines() {
    let html = "<body><table><tr><td>a\tb<br>c\n\nd</td><td><p>e</p><p>f</p></td><th>\u{a0}</th></tr></table></body>";
    assert_eq!(lines(&render(html)), vec!["a b c d\te f\t"]);
}

#[test]
fn empty_page_is_an_error() {
    assert!(matches!(
        extract("<html><head><title></title></head><body><script>x()</script></body></html>"),
        Err(IngestError::Corrupt(_))
    ));
}

#[test]
fn thead_tbody_tfoot_are_row_groups() {
    let html = r#"<body><table><thead><tr><th rowspan="3">h</th><th>x</th></tr></thead>
<tbody><tr><td>1</td><td>2</td></tr></tbody><tfoot><tr><td>f</td><td>g</td></tr></tfoot></table></body>"#;
    assert_eq!(lines(&render(html)), vec!["h\tx", "1\t2", "f\tg"]);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 5_000;
    let html = format!(
        "<body><p>深层报告</p>{}<span>底</span>{}</body>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let text = render(&html);
    assert_eq!(lines(&text), vec!["深层报告", "底"]);
}

#[test]
fn through_ingest_with_gbk_bytes() {
    let page = "<html><head><meta charset=\"gbk\"><title>辛局2020年政府信息公开工作年度报告_辛市</title></head>\
                <body><div id=\"zoom\"><table><tr><td>行政许可</td><td colspan=\"3\">5</td></tr></table></div></body></html>";
    let (bytes, _, _) = encoding_rs::GBK.encode(page);
    let doc = crate::ingest::ingest(&bytes).unwrap();
    assert_eq!(doc.format, crate::ingest::Format::Html);
    assert_eq!(
        lines(&doc.text),
        vec!["辛局2020年政府信息公开工作年度报告", "", "行政许可\t5\t\t"]
    );
}

/// Truncated and mutated pages must never make the reader panic.
#[test]
fn truncated_and_mutated_html_never_panics() {
    let base = PORTAL.as_bytes();
    for cut in (0..base.len()).step_by(7) {
        let _ = crate::ingest::ingest(&base[..cut]);
    }
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let specials = b"<>/\"'=&;\t\n tdrspancolx0";
    for _ in 0..300 {
        let mut b = base.to_vec();
        for _ in 0..1 + rng.below(12) {
            let i = rng.below(b.len());
            b[i] = if rng.below(2) == 0 {
                specials[rng.below(specials.len())]
            } else {
                rng.next() as u8
            };
        }
        let _ = crate::ingest::ingest(&b);
        if let Ok(s) = std::str::from_utf8(&b) {
            let _ = extract(s);
        }
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
