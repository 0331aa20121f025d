"""The corpus: 24 fictional reports in eight house styles, plus the seeds (seeds.py)."""
from __future__ import annotations

from .bank import company_extra, review_section, topic_extra
from .companies import COMPANIES
from .companies_b import COMPANIES_B
from .forecast import build_forecast
from .prose import company_points, company_sections
from .spec import Analyst, DocSpec, sac
from .topics import TOPICS
from .topics_b import TOPICS_B

STYLE_FIRM = {"htsc": ("0570", "htsc.com"), "citics": ("1010", "citics.com"), "cicc": ("0080", "cicc.com.cn"),
              "gjzq": ("1130", "gjzq.com.cn"), "dwzq": ("0600", "dwzq.com.cn"), "gf": ("0260", "gf.com.cn"),
              "cms": ("1090", "cmschina.com.cn"), "gtja": ("0880", "gtjas.com")}

# Fictional analysts: (name, pinyin given name, pinyin family name)
PEOPLE = [("陈思远", "siyuan", "chen"), ("李明哲", "mingzhe", "li"), ("王雨桐", "yutong", "wang"), ("张浩然", "haoran", "zhang"),
          ("刘佳琪", "jiaqi", "liu"), ("赵一凡", "yifan", "zhao"), ("孙嘉怡", "jiayi", "sun"), ("周子健", "zijian", "zhou"),
          ("吴晓燕", "xiaoyan", "wu"), ("郑凯文", "kaiwen", "zheng"), ("冯若曦", "ruoxi", "feng"), ("何俊杰", "junjie", "he"),
          ("许文博", "wenbo", "xu"), ("高雅琳", "yalin", "gao"), ("林泽宇", "zeyu", "lin"), ("罗欣然", "xinran", "luo")]


def analysts(style: str, first: int, count: int, contact: bool = False) -> list[Analyst]:
    prefix, domain = STYLE_FIRM[style]
    out = []
    for k in range(count + (1 if contact else 0)):
        name, given, family = PEOPLE[(first + k) % len(PEOPLE)]
        local = f"{given}.{family}" if style == "cicc" else f"{family}{given}"
        is_contact = contact and k == count
        yymm = f"{19 + (first + k) % 6}{(first + 3 * k) % 12 + 1:02d}"
        number = None if is_contact else sac(prefix, yymm, 1 + (first * 7 + k * 13) % 97)
        phone = f"+(86) 21 {2800 + first * 17 % 900} {1000 + k * 371}" if style in ("htsc", "gf", "gtja") else None
        out.append(Analyst(name, number, f"{local}@{domain}", "联系人" if is_contact else "分析师", phone))
    return out


FORECASTS = {  # revenue 2023A (百万元), growth, net margin, shares (百万股), ROE
    "catl": (400917, [-9.7, 12.5, 15.8, 14.2], [11.0, 14.0, 14.6, 15.0, 15.3], 4403, [22.0, 22.5, 22.8, 23.0, 23.1]),
    "moutai": (147694, [15.7, 9.5, 8.6, 8.0], [50.4, 50.6, 51.0, 51.2, 51.4], 1256, [34.0, 36.0, 36.5, 37.0, 37.0]),
    "mindray": (34932, [5.1, 8.2, 14.5, 15.2], [33.4, 33.0, 33.5, 34.0, 34.5], 1212, [32.0, 30.0, 29.5, 29.8, 30.0]),
    "inovance": (30420, [22.0, 20.5, 18.2, 16.5], [15.6, 13.3, 14.0, 14.5, 15.0], 2693, [21.0, 18.5, 19.2, 19.8, 20.3]),
    "byd": (602315, [29.0, 18.5, 14.0, 11.5], [5.0, 5.2, 5.5, 5.7, 5.8], 2909, [24.0, 22.0, 21.5, 21.0, 20.5]),
    "hikvision": (89340, [4.5, 7.8, 9.6, 10.2], [15.9, 13.0, 13.6, 14.1, 14.5], 9240, [19.0, 15.5, 16.2, 16.8, 17.2]),
    "midea": (372037, [9.5, 8.0, 7.5, 7.0], [9.1, 9.6, 9.8, 10.0, 10.1], 7010, [21.0, 21.5, 21.8, 22.0, 22.1]),
    "cmb": (339123, [-0.5, 1.2, 3.5, 4.8], [43.9, 44.2, 44.0, 44.3, 44.5], 25220, [16.2, 14.5, 13.8, 13.5, 13.3]),
    "smic": (57796, [15.5, 17.0, 16.0], [6.4, 9.5, 10.5, 11.2], 7980, [3.2, 3.6, 4.1, 4.5]),
    "zijin": (293403, [3.5, 9.0, 7.2, 6.5], [7.2, 10.0, 10.5, 11.0, 11.3], 26580, [20.0, 24.5, 23.8, 22.9, 22.0]),
    "cypc": (78112, [7.4, 3.5, 2.8, 2.5], [34.6, 38.5, 39.2, 39.8, 40.2], 24470, [15.0, 16.0, 16.2, 16.4, 16.6]),
}
TWO_COLUMN = {"gf", "gtja", "cms"}  # styles whose body runs in two columns get the longer version of each report
YEARS5 = ["2023A", "2024A", "2025E", "2026E", "2027E"]

# id, style, subject, report_type, printed label, date, date format, rating, action, previous, target, price, PDF stamp, PDF title
TABLE = [
    ("lc01", "htsc", "catl", "公司深度", "深度研究", "2025-03-18", "cn", "买入", "维持", None, 320.0, 235.6, "2025-03-19", ""),
    ("lc02", "htsc", "storage", "行业深度", "行业深度", "2025-02-24", "cn", "增持", "维持", None, None, None, "2025-02-21", "研究报告"),
    ("lc03", "htsc", "strategy_q2", "策略", "策略季度展望", "2025-03-31", "cn", None, None, None, None, None, "2025-04-01", ""),
    ("lc04", "citics", "moutai", "公司点评", "点评报告", "2025-04-02", "dot1", "买入", "维持", None, 1980.0, 1520.0, "2025-04-03", "Microsoft Word - 点评模板.docx"),
    ("lc05", "citics", "robot", "行业深度", "行业深度报告", "2025-03-12", "dot1", "强于大市", "维持", None, None, None, "2025-03-10", ""),
    ("lc06", "citics", "macro_pmi", "宏观", "宏观经济点评", "2025-03-31", "dot1", None, None, None, None, None, "2025-04-02", "untitled"),
    ("lc07", "cicc", "mindray", "公司深度", "公司研究 | 首次覆盖", "2025-02-17", "dot", "跑赢行业", "首次覆盖", None, 330.0, 255.3, "2025-02-18", ""),
    ("lc08", "cicc", "semi", "行业深度", "行业研究", "2025-01-08", "dot", None, None, None, None, None, "2025-01-09", ""),
    ("lc09", "cicc", "strategy_hk", "策略", "策略研究", "2025-05-06", "dot", None, None, None, None, None, "2025-05-07", "研究报告"),
    ("lc10", "gjzq", "inovance", "公司深度", "公司深度研究", "2025-03-25", "dash", "买入", "维持", None, 85.0, 68.9, "2025-03-26", ""),
    ("lc11", "gjzq", "pv", "行业点评", "行业点评", "2025-04-14", "dash", "增持", "维持", None, None, None, "2025-04-15", ""),
    ("lc12", "gjzq", "quant_factor", "金工", "金融工程月报", "2025-03-05", "dash", None, None, None, None, None, "2025-03-06", ""),
    ("lc13", "dwzq", "byd", "公司点评", "公司点评报告", "2025-04-28", "cn0", "买入", "维持", None, 460.0, 368.5, "2025-04-29", ""),
    ("lc14", "dwzq", "lowalt", "行业点评", "行业点评报告", "2025-03-07", "cn0", "增持", "维持", None, None, None, "2025-03-05", "untitled"),
    ("lc15", "dwzq", "hikvision", "公司深度", "公司深度研究", "2025-01-20", "cn0", "增持", "首次覆盖", None, 35.0, 29.85, "2025-01-21", ""),
    ("lc16", "gf", "midea", "公司深度", "公司深度研究", "2025-03-20", "cn", "买入", "上调", "增持", 90.0, 72.4, "2025-03-21", ""),
    ("lc17", "gf", "cmb", "公司点评", "公司年报点评", "2025-03-27", "cn", "增持", "下调", "买入", 46.0, 41.2, "2025-03-28", ""),
    ("lc18", "gf", "pharma", "行业深度", "行业深度研究", "2025-02-10", "cn", "买入", "维持", "买入", None, None, "2025-02-11", ""),
    ("lc19", "cms", "smic", "公司点评", "公司研究", "2025-02-13", "cn", "强烈推荐", "维持", None, None, 88.6, "2025-02-14", ""),
    ("lc20", "cms", "aicompute", "行业深度", "行业研究", "2025-02-25", "cn", "推荐", "维持", None, None, None, "2025-02-26", "研究报告"),
    ("lc21", "cms", "macro_cpi", "宏观", "宏观研究", "2025-03-10", "cn", None, None, None, None, None, "2025-03-11", ""),
    ("lc22", "gtja", "zijin", "公司点评", "公司更新报告", "2025-03-24", "dot", "增持", "维持", "增持", 22.0, 17.85, "2025-03-25", ""),
    ("lc23", "gtja", "cypc", "公司深度", "公司首次覆盖", "2025-04-08", "dot", "增持", "首次覆盖", "-", 33.5, 29.1, "2025-04-09", ""),
    ("lc24", "gtja", "strategy_week", "策略", "策略周报", None, "dot", None, None, None, None, None, "2025-04-11", "untitled"),
]


def pdf_stamp(day: str) -> str:
    return f"D:{day.replace('-', '')}083015+08'00'"


def company_doc(row: tuple, company: dict, index: int) -> DocSpec:
    did, style, key, rtype, label, date, fmt, rating, action, prev, tp, cp, stamp, ptitle = row
    rev0, growth, margin, shares, roe = FORECASTS[key]
    years = YEARS5 if len(growth) == 4 else YEARS5[1:]
    fc = build_forecast(years, rev0, growth, margin, shares, cp, roe)
    deep = rtype == "公司深度"
    doc = DocSpec(did, style, rtype, label, company["drivers"][0][0].split("：")[-1] if not deep else "", None, date, fmt,
                  "header" if style == "citics" else "cover", stock_code=company["code"], stock_name=company["name"],
                  industry=company["industry"], rating=rating, rating_action=action, previous_rating=prev, target_price=tp,
                  current_price=cp, analysts=analysts(style, index, 2 if deep else 1, contact=deep), forecast=fc,
                  pdf_created=pdf_stamp(stamp), pdf_title=ptitle, broker_hidden=style == "dwzq")
    doc.title = TITLES[did]
    doc.subtitle = f"{company['name']}{'深度研究' if deep else '点评'}" if style in ("htsc", "cicc", "gjzq") else None
    doc.basic_data = [("所属行业", company["industry"]), ("总股本(百万股)", f"{shares:,.0f}"),
                      ("总市值(亿元)", f"{shares * cp / 100:,.1f}"), ("52周价格区间(元)", f"{cp * 0.72:.2f}-{cp * 1.18:.2f}")]
    if style == "gtja":
        doc.extra["previous_target"] = "-" if action == "首次覆盖" else f"{tp * 0.92:.2f}"
    if key == "cmb":
        doc.extra["forecast_variant"] = "bank"
    doc.points = company_points(doc, company)
    doc.sections = company_sections(doc, company, deep)
    if style in TWO_COLUMN:
        doc.sections.insert(-1, review_section(company["name"]))
    extra = company_extra(company["name"], company["industry"], company["business"])
    doc.sections[1:1] = extra[: 2 if deep or style in TWO_COLUMN else 1]
    doc.related = ["公司年报点评：经营稳健，分红提升", "行业深度：格局优化，龙头受益"] if style == "gjzq" else []
    return doc


TITLES = {"lc01": "全球龙头再启航，储能打开第二曲线", "lc04": "年报点评：稳健增长穿越周期", "lc07": "设备更新周期开启，海外高端突破",
          "lc10": "工控龙头加速成长，人形机器人打开空间", "lc13": "销量高增，智驾平权加速出海", "lc15": "AI 赋能智能物联，创新业务价值重估",
          "lc16": "ToB 转型成效显现，上调至买入", "lc17": "息差承压，下调至增持", "lc19": "产能利用率回升，国产替代深化",
          "lc22": "铜金量价齐升，业绩超预期", "lc23": "水电龙头，稳健分红的类债资产"}


def topic_doc(row: tuple, topic: dict, index: int) -> DocSpec:
    did, style, key, rtype, label, date, fmt, rating, action, prev, tp, cp, stamp, ptitle = row
    doc = DocSpec(did, style, rtype, label, topic["title"], topic["subtitle"], date, fmt,
                  "header" if style == "citics" else "cover", industry=topic.get("industry"), rating=rating,
                  rating_action=action, previous_rating=prev, analysts=analysts(style, index, 2 if rtype != "宏观" else 1),
                  pdf_created=pdf_stamp(stamp), pdf_title=ptitle, broker_hidden=style == "dwzq")
    doc.points, doc.sections = topic["points"], list(topic["sections"])
    if style in TWO_COLUMN:
        doc.sections.insert(-1, review_section(topic.get("industry") or "市场"))
    if rtype in ("行业深度", "行业点评"):
        doc.sections[1:1] = topic_extra(topic["title"].split("：")[0])[: 2 if rtype == "行业深度" or style in TWO_COLUMN else 1]
    elif rtype == "策略" or style in TWO_COLUMN:
        doc.sections[1:1] = topic_extra("A股")[1:]
    if doc.industry:
        doc.basic_data = [("所属行业", doc.industry)]
    doc.related = ["行业周报：景气延续"] if style == "gjzq" else []
    return doc


def broker_documents() -> list[DocSpec]:
    companies, topics = {**COMPANIES, **COMPANIES_B}, {**TOPICS, **TOPICS_B}
    return [company_doc(row, companies[row[2]], i) if row[2] in companies else topic_doc(row, topics[row[2]], i)
            for i, row in enumerate(TABLE)]


def all_documents() -> list[DocSpec]:
    from .seeds import seed_documents

    return broker_documents() + seed_documents()
