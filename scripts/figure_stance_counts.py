"""Gold stance of figure-only claims on the dev half (issue 13): do the labellers share a convention for them?

A figure-only claim states a forecast or reported figure and no evaluative word of the report's own (defined
below by general grammar). This counts the gold stance of such claims by form (growth, decline, slowdown, level
held, bare level, multi-year list) and of all other claims, on every dev case and on agg-83..114 separately.
Reads only odd-numbered (dev) case files, through scripts/stance_data.dev_claims.

With a run folder of `touyan eval run --suite aggregation-labelled-dev`, it also counts the program's stance on
the matched gold claims of each group (as the scorer matches them), and lists the program's neutral calls the gold
does not share.

    python scripts/figure_stance_counts.py [--text quote|sentence] [--run /tmp/RUN] [--list]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.stance_data import dev_claims  # noqa: E402

# A figure: a number with its unit or sign, or a sized word (两位数, 个位数, 三成, 翻倍).
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|pct|个百分点|倍|[万亿千百]|元|美元|吨|台|辆|GW|GWh|MW|TEU|标箱|件|家|人次|bp|BP)|"
                     r"[一两二三四五六七八九十双]位数|[一二三四五六七八九]成|翻倍|翻番|\d+(?:\.\d+)?\s*[/／]\s*\d")

# The report's own judgement around a figure. Beats and misses, quality words, benefit and harm, hedged upside,
# risk and pressure, size judgements. Movement words (增长, 下降, 放缓, 收窄) are the figure's frame, not a
# judgement: they say which way the number moved, which the figure already says.
EVALUATIVE = (
    # against expectations or guidance
    "超预期", "超出预期", "好于预期", "高于预期", "快于预期", "优于预期", "不及预期", "低于预期", "弱于预期", "逊于预期",
    "慢于预期", "符合预期", "超市场预期", "低于市场预期", "不及市场预期", "超出市场预期", "略超", "超额",
    # quality of the move or state
    "改善", "恶化", "好转", "修复", "复苏", "回暖", "向好", "景气", "低迷", "疲软", "疲弱", "偏弱", "乏力", "强劲", "旺盛",
    "亮眼", "靓丽", "稳健", "韧性", "坚挺", "优异", "出色", "良好", "不佳", "惨淡", "拐点", "见底", "触底", "企稳",
    # benefit and harm
    "受益", "利好", "利空", "拖累", "承压", "压力", "压制", "冲击", "侵蚀", "挤压", "拉动", "带动", "贡献", "增厚", "支撑",
    "催化", "提振", "红利", "机遇", "挑战", "担忧", "隐忧", "拖累",
    # hedged upside, room, certainty, risk
    "有望", "弹性", "空间", "潜力", "确定性", "不确定", "风险", "可控", "有限", "稳固", "安全边际", "吸引力", "看好", "乐观",
    "谨慎", "积极",
    # sized judgements (how big the report finds the move)
    "大幅", "显著", "高增", "高速", "快速", "较快", "强势", "明显", "迅速", "领先", "新高", "突破", "加速", "提速",
    "放量", "爆发", "翻倍增长", "优势", "龙头", "竞争力",
    # a loss is a sign no growth rate reverses; a price war, a glut, an impairment are harms by name
    "亏损", "价格战", "过剩", "减值", "扭亏", "转亏",
)
_EVALUATIVE = re.compile("|".join(sorted(map(re.escape, set(EVALUATIVE)), key=len, reverse=True)))

_GROWTH = re.compile(r"增长|提升|上升|增加|上涨|提高|扩大|增至|升至|达到|增速")
_DECLINE = re.compile(r"下降|下滑|减少|下跌|回落|降低|降至|跌至|收缩|萎缩|下调")
_SLOWDOWN = re.compile(r"放缓|收窄|降速|减速|回落至")
_HELD = re.compile(r"维持|保持|持平|稳定|震荡|相当")
_LIST = re.compile(r"分别为|分别是|\d(?:\.\d+)?\s*[/／]\s*\d")


def figure_only(text: str) -> bool:
    """The text states a figure and no evaluative word of its own."""
    return bool(_FIGURE.search(text)) and not _EVALUATIVE.search(text)


def figure_form(text: str) -> str | None:
    """The form of a figure-only text (None when it is not one): list, slowdown, decline, growth, held or level."""
    if not figure_only(text):
        return None
    if _LIST.search(text):
        return "list"
    if _SLOWDOWN.search(text):
        return "slowdown"
    if _DECLINE.search(text):
        return "decline"
    if _GROWTH.search(text):
        return "growth"
    return "held" if _HELD.search(text) else "level"


FORMS = ("growth", "decline", "slowdown", "held", "level", "list")
STANCES = ("positive", "neutral", "negative")


def case_no(case_id: str) -> int:
    return int(case_id.split("-")[1])


def group_of(row: dict, field: str) -> str:
    return figure_form(row[field]) or "other"


def table(rows: list[dict], field: str, title: str) -> None:
    counts: dict[str, Counter] = {}
    for r in rows:
        counts.setdefault(group_of(r, field), Counter())[r["stance"]] += 1
    print(f"{title}: {len(rows)} gold claims, read on the {field}")
    figure = sum((counts.get(f, Counter()) for f in FORMS), Counter())
    for name, c in [(f, counts.get(f, Counter())) for f in FORMS] + [("figure-only", figure), ("other", counts.get("other", Counter()))]:
        n = sum(c.values())
        share = f"{c['neutral'] / n:.0%} neutral" if n else ""
        print(f"  {name:12} n={n:4}  " + "  ".join(f"{s[:3]} {c[s]:3}" for s in STANCES) + f"  {share}")


def program_stances(run: Path) -> dict[tuple[str, str], str]:
    """(case id, gold claim id) -> the program's stance, matched as the scorer matches (first match wins)."""
    from evals.scorers.aggregation_gold import best_gold
    from evals.solvers.aggregation_labelled import load_case

    out: dict[tuple[str, str], str] = {}
    for line in (run / "items.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if case_no(item["id"]) % 2 == 0:
            continue  # dev only
        case = load_case(item["id"])
        for topic in item["output"]["consensus"].get("topics", []):
            for p in topic["points"]:
                if (gid := best_gold(p["report_id"], p["pages"], p["text"], case)) is not None:
                    out.setdefault((item["id"], gid), p["stance"])
    return out


def program_table(rows: list[dict], field: str, called: dict, title: str, listing: bool) -> None:
    print(f"{title}: program stance on matched gold claims")
    by: dict[str, Counter] = {}
    for r in rows:
        got = called.get((r["case"], r["id"]))
        if got is None:
            continue
        c = by.setdefault(group_of(r, field), Counter())
        c["n"] += 1
        c["right"] += got == r["stance"]
        c[f"{r['stance'][:3]}->{got[:3]}"] += 1
    for name in (*FORMS, "other"):
        c = by.get(name)
        if c:
            moves = "  ".join(f"{k} {v}" for k, v in sorted(c.items()) if "->" in k and k[:3] != k[5:])
            neutral = sum(v for k, v in c.items() if k.startswith("neu->"))
            print(f"  {name:10} matched {c['n']:4} right {c['right']:4}  if called neutral {neutral:4}  wrong: {moves}")
    wrong_neutral = [r for r in rows if called.get((r["case"], r["id"])) == "neutral" and r["stance"] != "neutral"]
    print(f"  program neutral, gold not: {len(wrong_neutral)}")
    for r in wrong_neutral if listing else ():
        print(f"    {r['case'][:7]} {r['id']:6} gold {r['stance']:8} {r[field][:80]}")


def main(argv: list[str]) -> None:
    field = argv[argv.index("--text") + 1] if "--text" in argv else "quote"
    run = Path(argv[argv.index("--run") + 1]) if "--run" in argv else None
    rows = dev_claims()
    late = [r for r in rows if 83 <= case_no(r["case"]) <= 114]
    table(rows, field, "dev, all 57 cases")
    table(late, field, "dev, agg-83..114")
    if run is not None:
        called = program_stances(run)
        program_table(rows, field, called, "dev, all 57 cases", "--list" in argv)
        program_table(late, field, called, "dev, agg-83..114", False)


if __name__ == "__main__":
    main(sys.argv[1:])
