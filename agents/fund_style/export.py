"""FundStyleResult lists → .xlsx sheets: one row per fund, one row per rotation step, numbers as numbers."""

from __future__ import annotations

from agents.fund_style.glossary import SAMPLE_NOTICE, legend_lines
from agents.fund_style.models import TILT_ZH, FundSelectionSurvey, FundStyleResult
from tools.xlsx import Column, Sheet

FUND_COLUMNS = (
    Column("code", "基金代码"), Column("name", "基金名称"), Column("fund_type", "基金类型"),
    Column("label_zh", "风格标签"), Column("growth_value", "成长/价值"), Column("size", "大小盘"),
    Column("confidence", "置信度（0–1）", "float"),
    Column("mean_magnitude", "平均主动轮动幅度（0–2）", "float", "0.000"),
    Column("max_magnitude", "最大主动轮动幅度（0–2）", "float", "0.000"),
    Column("mean_rotation_return", "平均轮动收益（每期）", "percent"),
    Column("positive_share", "轮动收益为正的比例", "percent", "0%"),
    Column("last_growth", "最新成长暴露（0–1）", "float"), Column("last_size", "最新规模暴露（0–1）", "float"),
    Column("top10", "前十大重仓占净值", "percent", "0.0%"), Column("hhi", "HHI（0–1）", "float", "0.000"),
    Column("periods", "报告期"), Column("status", "状态"), Column("disagreements", "数字与文字不一致"),
    Column("notes", "说明"), Column("error", "错误"),
)
STEP_COLUMNS = (
    Column("code", "基金代码"), Column("previous", "上一报告期"), Column("period", "报告期"),
    Column("active_growth", "主动成长暴露变化", "float", "+0.000;-0.000;0.000"),
    Column("active_size", "主动规模暴露变化", "float", "+0.000;-0.000;0.000"),
    Column("passive_growth", "被动成长暴露变化（股价）", "float", "+0.000;-0.000;0.000"),
    Column("passive_size", "被动规模暴露变化（股价）", "float", "+0.000;-0.000;0.000"),
    Column("magnitude", "主动轮动幅度（0–2）", "float", "0.000"),
    Column("turnover", "估算换手", "percent", "0%"), Column("rotation_return", "轮动收益（下一期）", "percent"),
)
SURVEY_COLUMNS = (Column("period", "报告期"), Column("texts", "文本数", "int"), Column("classified", "可判定", "int"),
                  Column("stressing", "关注基金优选", "int"), Column("share", "比例", "percent", "0.0%"))
LEGEND = ("active_rotation", "rotation_return", "positive_share", "growth", "size", "turnover", "top10", "hhi",
          "confidence")


def fund_row(r: FundStyleResult) -> dict:
    m = r.metrics
    last = m.periods[-1] if m and m.periods else None
    return {"code": r.code, "name": r.name, "fund_type": r.fund_type, "label_zh": r.label_zh,
            "growth_value": TILT_ZH.get(r.growth_value_tilt), "size": TILT_ZH.get(r.size_tilt),
            "confidence": r.confidence if r.status != "error" else None,
            "mean_magnitude": m and m.mean_magnitude, "max_magnitude": m and m.max_magnitude,
            "mean_rotation_return": m and m.mean_rotation_return, "positive_share": m and m.positive_rotation_share,
            "last_growth": last and last.growth, "last_size": last and last.size,
            "top10": last and last.top10_weight, "hhi": last and last.hhi,
            "periods": "、".join(p.period for p in m.periods) if m else None, "status": r.status,
            "disagreements": r.disagreements, "notes": r.notes, "error": r.error}


def to_sheets(results: list[FundStyleResult], survey: FundSelectionSurvey | None = None) -> list[Sheet]:
    notice = SAMPLE_NOTICE if any(r.sample_data for r in results) else None
    na = "空白单元格 = n/a：没有主动调仓（轮动收益无定义）或缺少数据。"
    sheets = [Sheet("基金风格", FUND_COLUMNS, [fund_row(r) for r in results], notice,
                    [*legend_lines(LEGEND), na])]
    steps = [{"code": r.code, **s.model_dump()} for r in results if r.metrics for s in r.metrics.steps]
    if steps:
        sheets.append(Sheet("调仓明细", STEP_COLUMNS, steps, notice,
                            ["主动 = 调仓带来的暴露变化；被动 = 上期持仓随股价漂移带来的变化。", na]))
    if survey is not None:
        survey_notice = notice or ("⚠ 样例数据：评论文本为仓库附带的样例。"
                                   if any("样例" in n for n in survey.notes) else None)
        sheets.append(Sheet("FOF基金优选", SURVEY_COLUMNS, [p.model_dump() for p in survey.periods], survey_notice,
                            ["比例 = 关注基金优选的文本数 ÷ 可判定的文本数。"]))
    return sheets
