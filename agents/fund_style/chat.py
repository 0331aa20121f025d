"""The fund-style agent as a chat tool: a short text for the conversation plus the full results."""

from __future__ import annotations

from agents.context import Context
from agents.fund_style.batch import classify_funds
from agents.fund_style.glossary import SAMPLE_NOTICE
from agents.fund_style.models import TILT_ZH, FundStyleResult
from agents.supervisor.models import ChatArtifacts, ClassifyFundStyle, ToolResult


def chat_line(r: FundStyleResult) -> str:
    if r.status == "error":
        return f"- {r.code}：{r.error}"
    m = r.metrics
    magnitude = f"，平均主动轮动幅度 {m.mean_magnitude:.3f}（0–2，≥0.10 为轮动）" if m and m.mean_magnitude is not None else ""
    line = (f"- {r.name or ''}({r.code})：{r.label_zh}，成长/价值 {TILT_ZH[r.growth_value_tilt]}，"
            f"大小盘 {TILT_ZH[r.size_tilt]}，置信度 {r.confidence:.2f}{magnitude}"
            + ("（部分结果）" if r.status == "partial" else ""))
    quote = next((q for q in reversed(r.qualitative_evidence) if q.aspect in ("rotation", "fund_selection")), None)
    if quote:
        line += f"\n  基金经理原话（{quote.period}）：“{quote.text}”"
    line += "".join(f"\n  ⚠ {d}" for d in r.disagreements)
    return line


async def classify_fund_style(ctx: Context, call: ClassifyFundStyle) -> ToolResult:
    if not call.codes:
        return ToolResult("请给出要识别风格的基金代码（6 位数字）。", ChatArtifacts(funds=[]))
    results = await classify_funds(ctx, call.codes)
    text = "基金风格识别（数字由程序从持仓计算，引文已核对原文）：\n" + "\n".join(chat_line(r) for r in results)
    if any(r.sample_data for r in results):
        text = SAMPLE_NOTICE + "\n" + text
    return ToolResult(text, ChatArtifacts(funds=results))
