#!/usr/bin/env python3
"""Write the bundled sample batch under samples/.

Three fictional agencies x two consecutive years, in six layouts, with a few
deliberate defects (listed in samples/README.md). Every name, number and
sentence here is invented for nianbao; only the official table labels of the
2019 and 2021 formats are real. Run from the repository root:

    python3 scripts/make-samples.py
"""
import os

OUT = "samples"

T3_LABELS_2021 = [
    ("一、本年新收政府信息公开申请数量", None),
    ("二、上年结转政府信息公开申请数量", None),
    ("（一）予以公开", "三、本年度办理结果"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果"),
    ("1.属于国家秘密", "（三）不予公开"),
    ("2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("3.危及“三安全一稳定”", "（三）不予公开"),
    ("4.保护第三方合法权益", "（三）不予公开"),
    ("5.属于三类内部事务信息", "（三）不予公开"),
    ("6.属于四类过程性信息", "（三）不予公开"),
    ("7.属于行政执法案卷", "（三）不予公开"),
    ("8.属于行政查询事项", "（三）不予公开"),
    ("1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("2.没有现成信息需要另行制作", "（四）无法提供"),
    ("3.补正后申请内容仍不明确", "（四）无法提供"),
    ("1.信访举报投诉类申请", "（五）不予处理"),
    ("2.重复申请", "（五）不予处理"),
    ("3.要求提供公开出版物", "（五）不予处理"),
    ("4.无正当理由大量反复申请", "（五）不予处理"),
    ("5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("3.其他", "（六）其他处理"),
    ("（七）总计", "三、本年度办理结果"),
    ("四、结转下年度继续办理", None),
]
T3_LABELS_2019 = T3_LABELS_2021[:20] + [("（六）其他处理", "三、本年度办理结果")] + T3_LABELS_2021[23:]

T4_HEAD = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n未经复议直接起诉 复议后起诉\n结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计"

SECTION_HEADS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def t3_table(template, results, new, carried, forward):
    """Build the table-3 matrix from per-row applicant columns (6 values each).

    results: {row index: [6 values]} for result rows; totals are computed."""
    labels = T3_LABELS_2021 if template == "2021" else T3_LABELS_2019
    n = len(labels)
    rows = [[0] * 6 for _ in range(n)]
    rows[0] = list(new)
    rows[1] = list(carried)
    rows[n - 1] = list(forward)
    for i, v in results.items():
        rows[i] = list(v)
    total_row = n - 2
    rows[total_row] = [sum(rows[i][c] for i in range(2, total_row)) for c in range(6)]
    return [r + [sum(r)] for r in rows]


def fmt_t2(template, t2):
    if template == "2021":
        return [
            ("第二十条第（一）项", None),
            ("信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"]),
            ("规章", t2["regulations"]),
            ("行政规范性文件", t2["normative_docs"]),
            ("第二十条第（五）项", None),
            ("信息内容", ["本年处理决定数量"]),
            ("行政许可", [t2["licensing"]]),
            ("第二十条第（六）项", None),
            ("信息内容", ["本年处理决定数量"]),
            ("行政处罚", [t2["penalty"]]),
            ("行政强制", [t2["coercion"]]),
            ("第二十条第（八）项", None),
            ("信息内容", ["本年收费金额（单位：万元）"]),
            ("行政事业性收费", [t2["admin_fees"]]),
        ]
    return [
        ("第二十条第（一）项", None),
        ("信息内容", ["本年新制作数量", "本年新公开数量", "对外公开总数量"]),
        ("规章", t2["regulations"]),
        ("规范性文件", t2["normative_docs"]),
        ("第二十条第（五）项", None),
        ("信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"]),
        ("行政许可", t2["licensing"]),
        ("其他对外管理服务事项", t2["other_services"]),
        ("第二十条第（六）项", None),
        ("信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"]),
        ("行政处罚", t2["penalty"]),
        ("行政强制", t2["coercion"]),
        ("第二十条第（八）项", None),
        ("信息内容", ["上一年项目数量", "本年增/减"]),
        ("行政事业性收费", t2["admin_fees"]),
        ("第二十条第（九）项", None),
        ("信息内容", ["采购项目数量", "采购总金额"]),
        ("政府集中采购", t2["procurement"]),
    ]


def s(v):
    return v if isinstance(v, str) else str(v)


# ---------------------------------------------------------------- layouts

def render_tabs(rep):
    t2 = "\n".join(
        f"{label}\t\t\t" if vals is None else "\t".join([label] + [s(v) for v in vals] + [""] * (3 - len(vals)))
        for label, vals in fmt_t2(rep["template"], rep["t2"])
    )
    head = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t\n\t\t自然人\t法人或其他组织\t\t\t\t\t\t\n\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t"
    lines = [head]
    labels = T3_LABELS_2021 if rep["template"] == "2021" else T3_LABELS_2019
    seen = set()
    for (label, group), vals in zip(labels, rep["t3"]):
        g = group if group and group not in seen else ""
        if group:
            seen.add(group)
        cells = [s(v) for v in vals]
        if group in (None, "三、本年度办理结果") and not label.startswith("（"):
            lines.append("\t".join([label, ""] + cells + [""]))
        elif group == "三、本年度办理结果":
            lines.append("\t".join([g, label] + cells + [""]))
        else:
            lines.append("\t".join(["", g, label] + cells))
    t4 = "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n" + "\t".join(s(v) for v in rep["t4"])
    return t2, "\n".join(lines), t4


def render_markdown(rep):
    def row(cells):
        return "| " + " | ".join(cells) + " |"
    t2 = []
    for label, vals in fmt_t2(rep["template"], rep["t2"]):
        cells = [label] + ([s(v) for v in vals] if vals else []) + [""] * (3 - (len(vals) if vals else 0))
        t2.append(row(cells))
        if len(t2) == 1:
            t2.append(row(["---"] * 4))
    labels = T3_LABELS_2021 if rep["template"] == "2021" else T3_LABELS_2019
    t3 = [row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "申请人情况", "", "", "", "", "", ""]),
          row(["---"] * 9),
          row(["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])]
    seen = set()
    for (label, group), vals in zip(labels, rep["t3"]):
        g = group if group and group not in seen and group != "三、本年度办理结果" else ""
        if group:
            seen.add(group)
        t3.append(row([g, label] + [s(v) for v in vals]))
    t4 = [row(["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9), row(["---"] * 15),
          row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
          row([""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2),
          row([s(v) for v in rep["t4"]])]
    return "\n".join(t2), "\n".join(t3), "\n".join(t4)


def wrap_label(label, width=14):
    """PDF text: labels broken every `width` characters."""
    return "\n".join(label[i:i + width] for i in range(0, len(label), width))


def render_spaced(rep):
    t2 = "\n\n".join(
        label if vals is None else f"{label} {' '.join(s(v) for v in vals)}"
        for label, vals in fmt_t2(rep["template"], rep["t2"])
    )
    labels = T3_LABELS_2021 if rep["template"] == "2021" else T3_LABELS_2019
    out = ["（本列数据的勾稽关系为：第一项加第二项之和，等\n于第三项加第四项之和）", "申请人情况", "自然\n人", "法人或其他组织", "总计商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律\n服务\n机构", "其他"]
    seen = set()
    for k, ((label, group), vals) in enumerate(zip(labels, rep["t3"])):
        if group and group not in seen:
            seen.add(group)
            out.append(wrap_label(group, 3))
        nums = [s(v) for v in vals]
        if len(label) > 14:
            out.append(wrap_label(label) + "\n\n" + " ".join(nums[:6]) + "\n" + nums[6])
        else:
            out.append(f"{label} {' '.join(nums)}")
        if k == 12:
            out.append("- 2 -")
    t4 = T4_HEAD + "\n\n" + " ".join(s(v) for v in rep["t4"])
    return t2, "\n\n".join(out), t4


def render_cells(rep):
    t2 = []
    for label, vals in fmt_t2(rep["template"], rep["t2"]):
        t2.append(label)
        t2.extend(s(v) for v in (vals or []))
    labels = T3_LABELS_2021 if rep["template"] == "2021" else T3_LABELS_2019
    t3 = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    seen = set()
    for (label, group), vals in zip(labels, rep["t3"]):
        if group and group not in seen:
            seen.add(group)
            t3.append(group)
        t3.append(label)
        t3.extend(s(v) for v in vals)
    t4 = T4_HEAD.split() + [s(v) for v in rep["t4"]]
    return "\n\n".join(t2), "\n\n".join(t3), "\n\n".join(t4)


def render_flat(rep):
    t2 = "".join(label + ("".join(s(v) for v in vals) if vals else "") for label, vals in fmt_t2(rep["template"], rep["t2"]))
    labels = T3_LABELS_2021 if rep["template"] == "2021" else T3_LABELS_2019
    t3 = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    seen = set()
    for (label, group), vals in zip(labels, rep["t3"]):
        if group and group not in seen:
            seen.add(group)
            t3 += group
        t3 += label + "".join(s(v) for v in vals)
    t4 = T4_HEAD.replace("\n", "").replace(" ", "") + "".join(s(v) for v in rep["t4"])
    return t2, t3, t4


def html_table(rows):
    out = ['<table border="1" cellspacing="0" style="border-collapse:collapse">']
    for r in rows:
        out.append("<tr>" + "".join(
            f'<td{" colspan=%d" % c if c > 1 else ""}{" rowspan=%d" % rs if rs > 1 else ""}>{t}</td>' for t, c, rs in r
        ) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_html_tables(rep):
    t2rows = []
    for label, vals in fmt_t2(rep["template"], rep["t2"]):
        if vals is None:
            t2rows.append([(label, 4, 1)])
        elif len(vals) == 1:
            t2rows.append([(label, 1, 1), (s(vals[0]), 3, 1)])
        elif len(vals) == 2:
            t2rows.append([(label, 1, 1), (s(vals[0]), 1, 1), (s(vals[1]), 2, 1)])
        else:
            t2rows.append([(label, 1, 1)] + [(s(v), 1, 1) for v in vals])
    labels = T3_LABELS_2021 if rep["template"] == "2021" else T3_LABELS_2019
    t3rows = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 7, 1)],
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
        [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
    ]
    groups = {}
    for label, group in labels:
        if group and group != "三、本年度办理结果":
            groups[group] = groups.get(group, 0) + 1
    result_rows = sum(1 for _, g in labels if g) 
    seen = set()
    for (label, group), vals in zip(labels, rep["t3"]):
        cells = []
        if group is None:
            cells.append((label, 3, 1))
        else:
            if "三、本年度办理结果" not in seen:
                seen.add("三、本年度办理结果")
                cells.append(("三、本年度办理结果", 1, result_rows))
            if group == "三、本年度办理结果":
                cells.append((label, 2, 1))
            else:
                if group not in seen:
                    seen.add(group)
                    cells.append((group, 1, groups[group]))
                cells.append((label, 1, 1))
        cells += [(s(v), 1, 1) for v in vals]
        t3rows.append(cells)
    t4rows = [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [("结果维持", 1, 2), ("结果纠正", 1, 2), ("其他结果", 1, 2), ("尚未审结", 1, 2), ("总计", 1, 2), ("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        [(t, 1, 1) for t in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2],
        [(s(v), 1, 1) for v in rep["t4"]],
    ]
    return html_table(t2rows), html_table(t3rows), html_table(t4rows)


# ---------------------------------------------------------------- documents

def text_report(rep, tables, md=False):
    t2, t3, t4 = tables
    h = (lambda n, t: "#" * n + " " + t) if md else (lambda n, t: t)
    parts = [h(1, rep["title"]), rep["intro"]]
    for k, head in enumerate(SECTION_HEADS):
        parts.append(h(2, head))
        parts.extend(rep["body"][k])
        if k == 1:
            parts.append(t2)
        if k == 2:
            parts.append(t3)
        if k == 3:
            parts.append(t4)
    return "\n\n".join(p for p in parts if p) + "\n"


def flat_report(rep, tables):
    t2, t3, t4 = tables
    parts = [rep["title"] + "\n发布时间：" + rep["published"] + "\n\n当前位置：首页 政务公开 政府信息公开年报 " + rep["title"] + " " + rep["intro"]]
    for k, head in enumerate(SECTION_HEADS):
        parts.append(head + "".join(rep["body"][k]))
        if k == 1:
            parts.append(t2)
        if k == 2:
            parts.append(t3)
        if k == 3:
            parts.append(t4 + " ")
    return "".join(parts) + " 附件下载\n"


def html_report(rep, tables):
    t2, t3, t4 = tables
    body = [f'<div class="art-title">{rep["title"]}</div>', f"<p>{rep['intro']}</p>"]
    for k, head in enumerate(SECTION_HEADS):
        body.append(f"<p><strong>{head}</strong></p>")
        body.extend(f"<p>{p}</p>" for p in rep["body"][k])
        if k == 1:
            body.append(t2)
        if k == 2:
            body.append(t3)
        if k == 3:
            body.append(t4)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{rep['title']}_{rep['site']}</title></head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article" id="zoom">
{chr(10).join(body)}
</div>
<div class="footer">主办单位：{rep['site']} 网站标识码：0000000000</div>
</body>
</html>
"""


# ---------------------------------------------------------------- the batch

def reports():
    out = []
    # 1. 青禾县交通运输局 2023 (tabs) → 2024 (markdown): 2024 has X01 and A01.
    a23_t3 = t3_table("2021", {2: [3, 1, 0, 0, 0, 0], 3: [1, 0, 0, 0, 0, 0], 12: [2, 0, 0, 0, 0, 0], 16: [1, 0, 0, 0, 0, 0]},
                      new=[7, 1, 0, 0, 0, 0], carried=[0, 0, 0, 0, 0, 0], forward=[0, 0, 0, 0, 0, 0])
    # 7+1 = 8 received, 3+1+1+2+1 = 8 processed, none forward.
    out.append(dict(
        file="青禾县交通运输局-2023.txt", layout="tabs", template="2021", encoding="utf-8",
        title="青禾县交通运输局2023年政府信息公开工作年度报告",
        intro="本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制，数据统计期限为2023年1月1日至2023年12月31日。",
        body=[
            ["2023年，青禾县交通运输局围绕农村公路建设、客运安全和治超执法，把政务公开嵌入日常业务，公开工作总体平稳。",
             "（一）主动公开。全年在县政府门户网站交通专栏发布工作动态、通知公告和项目信息134条，道路施工绕行提示做到提前三日发布。",
             "（二）依申请公开。全年共收到政府信息公开申请8件，均已在法定期限内答复。",
             "（三）政府信息管理。建立公文公开属性源头认定台账，对拟公开文件逐件进行保密审查。",
             "（四）平台建设。整合“青禾交通”微信公众号与网站专栏，统一发布口径。",
             "（五）监督保障。将政务公开纳入科室年度考核，开展业务培训两次。"],
            ["本年度制发行政规范性文件1件，现行有效行政规范性文件6件。"],
            ["本年度收到和处理政府信息公开申请的情况见下表。"],
            ["2023年，我局未发生政府信息公开行政复议、行政诉讼情况。"],
            ["一是部分科室对公开时限把握不准；二是政策解读形式较单一。下一步，我局将细化公开清单，增加图解和短视频解读。"],
            ["本年度我局未收取信息处理费。"],
        ],
        t2={"regulations": [0, 0, 0], "normative_docs": [1, 0, 6], "licensing": 312, "penalty": 58, "coercion": 3, "admin_fees": 0},
        t3=a23_t3, t4=[0] * 15,
    ))
    a24_t3 = t3_table("2021", {2: [4, 0, 0, 0, 0, 0], 12: [3, 1, 0, 0, 0, 0], 20: [1, 0, 0, 0, 0, 0]},
                      new=[8, 1, 0, 0, 0, 0], carried=[2, 0, 0, 0, 0, 0], forward=[2, 0, 0, 0, 0, 0])
    # Deliberate: 上年结转 2 (last year forwarded 0) → X01; and an A01 slip in 予以公开.
    a24_t3[2][6] = 5
    out.append(dict(
        file="青禾县交通运输局-2024.md", layout="markdown", template="2021", encoding="utf-8",
        title="青禾县交通运输局2024年政府信息公开工作年度报告",
        intro="本报告依据《中华人民共和国政府信息公开条例》编制，数据统计期限为2024年1月1日至2024年12月31日。",
        body=[
            ["2024年，青禾县交通运输局继续以农村公路“四好”建设为重点推进政务公开，公开内容更加贴近群众出行需求。",
             "（一）主动公开。全年发布交通建设项目、运输行业管理等信息151条，重大项目批准和实施信息全部按期公开。",
             "（二）依申请公开。全年新收政府信息公开申请9件，上年结转2件，已办结9件，结转下年度2件。",
             "（三）政府信息管理。对现行有效规范性文件进行清理，及时标注失效文件。",
             "（四）平台建设。优化网站专栏栏目设置，新增“道路施工公告”子栏目。",
             "（五）监督保障。局领导每季度听取一次公开工作汇报，问题清单逐项销号。"],
            ["本年度制发行政规范性文件2件，废止1件，现行有效7件。"],
            [],
            ["2024年，我局未发生政府信息公开行政复议、行政诉讼情况。"],
            ["存在的主要问题是基层站所信息报送不够及时。改进措施：建立信息报送周提醒机制，每月通报报送情况。"],
            ["依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。"],
        ],
        t2={"regulations": [0, 0, 0], "normative_docs": [2, 1, 7], "licensing": 298, "penalty": 71, "coercion": 5, "admin_fees": 0},
        t3=a24_t3, t4=[0] * 15,
    ))
    # 2. 南屿市人民政府 2022 (PDF-like text) → 2023 (HTML): 2022 has N04; 2023 has F01 and a blank cell.
    b22_t3 = t3_table("2021", {2: [21, 4, 0, 1, 2, 0], 3: [5, 1, 0, 0, 0, 0], 8: [2, 0, 0, 0, 0, 0], 12: [14, 2, 0, 0, 1, 1], 13: [3, 0, 0, 0, 0, 0], 15: [2, 0, 0, 0, 0, 0], 16: [1, 0, 0, 0, 0, 0], 20: [2, 0, 0, 0, 0, 0]},
                      new=[52, 7, 0, 1, 3, 1], carried=[3, 0, 0, 0, 0, 0], forward=[5, 0, 0, 0, 0, 0])
    out.append(dict(
        file="南屿市人民政府-2022.txt", layout="spaced", template="2021", encoding="gb18030",
        title="南屿市人民政府2022年政府信息公开工作年度\n报告",
        intro="本报告根据《中华人民共和国政府信息公开条例》的规定，由南屿市人民政府办公室编制。报告中所列数据的统计期限自2022年1月1日起至2022\n年12月31日止。",
        body=[
            ["2022年，南屿市人民政府坚持以公开促落实、以公开优服务，政务公开\n标准化规范化水平稳步提升。",
             "1、主动公开。全年通过市政府门户网站主动公开政府信息2416条，发布政策解\n读61篇，召开新闻发布会18场。",
             "2、依申请公开。全年共收到政府信息公开申请64件（含上年结转3件），已办结\n60件，结转下年度5件。",
             "3、政府信息管理。严格落实公开前保密审查，动态调整主动公开基本目录。",
             "4、平台建设。推进政府网站集约化，完成12个部门网站整合迁移。",
             "5、监督保障。将政务公开纳入市直部门绩效考核，开展专题培训4期。"],
            [],
            [],
            ["本年度因政府信息公开被申请行政复议3件、被提起行政诉讼1件。"],
            ["一是个别部门依申请公开答复说理不够充分；二是基层政务公开专区使用率不高。下一步将编制答复文书范本，推动专区与便民服务中心融合。"],
            ["2022年，我市依申请提供政府信息，均未收取信息处理费。"],
        ],
        t2={"regulations": [1, 0, 23], "normative_docs": [9, 3, 104], "licensing": 18420, "penalty": 2611, "coercion": 87, "admin_fees": 3560.12},
        t3=b22_t3, t4=[2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
    ))
    b23_t3 = t3_table("2021", {2: [24, 3, 0, 0, 1, 1], 3: [4, 0, 0, 0, 1, 0], 9: [1, 0, 0, 0, 0, 0], 12: [12, 1, 0, 0, 0, 0], 14: [2, 0, 0, 0, 0, 0], 16: [2, 0, 0, 0, 0, 0], 22: [1, 0, 0, 0, 0, 0]},
                      new=[46, 4, 0, 0, 2, 1], carried=[5, 0, 0, 0, 0, 0], forward=[5, 0, 0, 0, 0, 0])
    b23_t3[17][3] = "—"  # a blank written as a dash
    out.append(dict(
        file="南屿市人民政府-2023.html", layout="html", template="2021", encoding="utf-8", site="南屿市人民政府",
        title="南屿市人民政府2023年政府信息公开工作年度报告",
        intro="本报告根据《中华人民共和国政府信息公开条例》的规定编制，统计期限为2023年1月1日至2023年12月31日。",
        body=[
            ["2023年，南屿市人民政府聚焦优化营商环境和民生保障，深化重点领域信息公开，回应社会关切更加及时。",
             "在主动公开方面，全年主动公开政府信息2588条，政策文件与解读材料同步发布率达到100%。",
             "在依申请公开方面，全年新收政府信息公开申请53件，上年结转5件，办结53件，结转下年度5件。",
             "在政府信息管理方面，完成现行有效规范性文件清理，统一发布目录。",
             "在平台建设方面，上线政策文件库智能检索功能。",
             "在监督保障方面，开展政务公开第三方评估并通报结果。"],
            [],
            [],
            ["本年度因政府信息公开被申请行政复议2件、被提起行政诉讼1件，均已结案。"],
            ["主要问题是部分部门公开内容更新不及时。改进措施：建立栏目更新月度巡查制度。"],
            ["无"],
        ],
        t2={"regulations": [0, 1, 22], "normative_docs": [7, 2, 109], "licensing": 19305, "penalty": 2480, "coercion": 91, "admin_fees": 3320.5},
        t3=b23_t3, t4=[1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0],
    ))
    # 3. 云溪街道办事处 2020 (2019 template, one cell per line, CRLF) → 2021 (flat): 2020 has T03; 2021 has N01.
    c20_t3 = t3_table("2019", {2: [1, 0, 0, 0, 0, 0], 12: [1, 0, 0, 0, 0, 0]},
                      new=[2, 0, 0, 0, 0, 0], carried=[0, 0, 0, 0, 0, 0], forward=[0, 0, 0, 0, 0, 0])
    out.append(dict(
        file="云溪街道办事处-2020.txt", layout="cells", template="2019", encoding="utf-8", crlf=True,
        title="云溪街道办事处2020年政府信息公开工作年度报告",
        intro="本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
        body=[
            ["2020年，云溪街道以社区服务和民生保障信息为重点，推动政务公开向居民区延伸。",
             "1、主动公开。全年通过区政府网站和社区公示栏公开信息87条。",
             "2、依申请公开。全年共收到政府信息公开申请2件，均已按期答复。",
             "3、政府信息管理。落实信息发布审核制度。",
             "4、平台建设。在八个社区设置政务公开查阅点。",
             "5、监督保障。邀请居民代表参与公开工作评议。"],
            [], [],
            ["本年度未发生因政府信息公开引起的行政复议、行政诉讼。"],
            ["社区公开栏更新频次不一。下一步将制定公开栏统一更新规范。"],
            ["本年度本街道未收取政府信息公开信息处理费。"],
        ],
        # Deliberate: a 街道 reporting 规章 (T03).
        t2={"regulations": [2, 2, 2], "normative_docs": [0, 0, 3], "licensing": [0, 0, 0], "other_services": [12, 1, 96],
            "penalty": [0, 0, 0], "coercion": [0, 0, 0], "admin_fees": [0, 0], "procurement": [2, "36.5万元"]},
        t3=c20_t3, t4=[0] * 15,
    ))
    c21_t3 = t3_table("2021", {2: [1, 0, 0, 0, 0, 0], 16: [1, 0, 0, 0, 0, 0]},
                      new=[2, 0, 0, 0, 0, 0], carried=[0, 0, 0, 0, 0, 0], forward=[0, 0, 0, 0, 0, 0])
    out.append(dict(
        file="云溪街道办事处-2021.txt", layout="flat", template="2021", encoding="utf-8", published="2022-01-18 09:30",
        title="云溪街道办事处2021年政府信息公开工作年度报告",
        intro="根据《中华人民共和国政府信息公开条例》，云溪街道办事处编制了本年度政府信息公开工作年度报告。统计期限为2021年1月1日至2021年12月31日。",
        body=[
            ["2021年，云溪街道围绕老旧小区改造和疫情防控做好信息公开。（一）主动公开。全年公开信息95条。（二）依申请公开。2021年，本街道未收到政府信息公开申请。（三）政府信息管理。规范信息发布流程。（四）平台建设。社区查阅点实现全覆盖。（五）监督保障。开展公开工作自查两次。"],
            [], [],
            ["2021年，本街道未发生政府信息公开行政复议、行政诉讼情况。"],
            ["个别社区公开内容不够具体。下一步将细化社区公开事项清单。"],
            ["本年度本街道未收取政府信息公开信息处理费。"],
        ],
        t2={"regulations": [0, 0, 0], "normative_docs": [0, 0, 3], "licensing": 0, "penalty": 0, "coercion": 0, "admin_fees": 0},
        t3=c21_t3, t4=[0] * 15,
    ))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for rep in reports():
        layout = rep["layout"]
        if layout == "tabs":
            text = text_report(rep, render_tabs(rep))
        elif layout == "markdown":
            text = text_report(rep, render_markdown(rep), md=True)
        elif layout == "spaced":
            text = text_report(rep, render_spaced(rep))
        elif layout == "cells":
            text = text_report(rep, render_cells(rep))
        elif layout == "flat":
            text = flat_report(rep, render_flat(rep))
        elif layout == "html":
            text = html_report(rep, render_html_tables(rep))
        if rep.get("crlf"):
            text = text.replace("\n", "\r\n")
        path = os.path.join(OUT, rep["file"])
        with open(path, "wb") as fh:
            fh.write(text.encode(rep["encoding"]))
        print("wrote", path)


if __name__ == "__main__":
    main()
