"""The tools the supervisor delegates to: one typed schema per agent, and their execution.

Schemas double as the LLM's tool definitions and as the offline router's output, so routing is
always a typed decision, never prose. Results come back as text for the conversation plus a
JSON artifact the next turn can use.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SearchLibrary(BaseModel):
    """在研报库中检索，回答一般问题。"""

    query: str = Field(description="检索语句")
    broker: str | None = Field(default=None, description="只看某家券商，如 中信证券")
    ticker: str | None = Field(default=None, description="只看提到某只股票的研报，如 300750.SZ")


class SummarizeReports(BaseModel):
    """为研报库中的研报生成带页码引用的摘要。"""

    query: str = Field(description="要摘要的研报主题、标题关键词或公司")
    ticker: str | None = None
    broker: str | None = None
    limit: int = Field(default=3, ge=1, le=10)


class CompareBrokers(BaseModel):
    """对比多家券商对同一股票或主题的观点：评级、目标价、EPS 分歧、共识与分歧。"""

    subject: str = Field(description="股票名称/代码或主题，如 宁德时代 或 300750.SZ")
    brokers: list[str] = Field(default_factory=list, description="只比较这些券商，空表示全部")


class DecomposeConcept(BaseModel):
    """拆解热点概念的产业链（上中下游环节与上市公司）。"""

    concept: str = Field(description="概念名称，如 低空经济")


class RankCoverage(BaseModel):
    """统计一组公司在研报库中被多少份研报、多少家券商覆盖。"""

    codes: list[str] = Field(description="股票代码列表；用户说“这些公司”时取上一次产业链结果中的公司")


class ClassifyFundStyle(BaseModel):
    """判断基金经理风格（风格轮动/风格稳定，成长/价值，大/小盘）。"""

    codes: list[str] = Field(description="基金代码列表")


class ProposeStrategy(BaseModel):
    """生成核心+卫星配置建议（权重由程序计算）。"""

    funds: list[str] = Field(default_factory=list, description="候选主动基金代码，可为空")


TOOLS: dict[str, type[BaseModel]] = {t.__name__: t for t in (
    SearchLibrary, SummarizeReports, CompareBrokers, DecomposeConcept, RankCoverage, ClassifyFundStyle, ProposeStrategy)}
ToolName = Literal["SearchLibrary", "SummarizeReports", "CompareBrokers", "DecomposeConcept", "RankCoverage",
                   "ClassifyFundStyle", "ProposeStrategy"]
AGENT_LABEL = {"SearchLibrary": "检索研报库", "SummarizeReports": "研报摘要", "CompareBrokers": "卖方观点对比",
               "DecomposeConcept": "概念拆解", "RankCoverage": "覆盖统计", "ClassifyFundStyle": "基金风格识别",
               "ProposeStrategy": "策略建议"}
