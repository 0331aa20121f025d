"""The supervisor's typed models: one tool-call schema per agent, and the typed results they leave.

Schemas double as the LLM's tool definitions and as the offline router's output, so routing is
always a typed decision, never prose. Each tool call answers with text for the conversation and
`ChatArtifacts`, the agent's typed result, which later turns read ("这些公司里…").
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from pydantic import BaseModel, Field

from agents.concept.models import ConceptChain
from agents.consensus.models import ConsensusReport
from agents.fund_style.models import FundStyleResult
from agents.strategy.models import StrategyProposal
from agents.summarize.models import ReportSummary
from memory.search import Hit


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


class RecallTopics(BaseModel):
    """列出本会话此前讨论过的话题（取自会话记录本身）。"""


class ExportReports(BaseModel):
    """把本会话刚才列出的研报（检索、摘要、券商对比、产业链的出处）导出为 Excel。"""


# Thread tools answer from the conversation itself; the rule router picks them (agents/supervisor/thread_tools.py).
THREAD_TOOLS = (RecallTopics, ExportReports)
TOOLS: dict[str, type[BaseModel]] = {t.__name__: t for t in (
    SearchLibrary, SummarizeReports, CompareBrokers, DecomposeConcept, RankCoverage, ClassifyFundStyle, ProposeStrategy,
    *THREAD_TOOLS)}
RouteTool = Literal["SearchLibrary", "SummarizeReports", "CompareBrokers", "DecomposeConcept", "RankCoverage",
                    "ClassifyFundStyle", "ProposeStrategy", "Answer"]


def _short(limit: int) -> dict:
    return {"maxLength": limit}  # in the schema only: bounds grammar-constrained output, never rejects


class RouteDecision(BaseModel):
    """选择处理研究员这条消息的工具，并填写该工具用到的参数；其余参数留空。"""

    tool: RouteTool = Field(description="SearchLibrary=检索研报库回答一般问题；SummarizeReports=研报摘要；"
                            "CompareBrokers=对比券商观点；DecomposeConcept=拆解概念产业链；RankCoverage=统计公司研报覆盖；"
                            "ClassifyFundStyle=基金经理风格；ProposeStrategy=核心+卫星配置建议；"
                            "Answer=只用于寒暄、致谢或请对方澄清，凡涉及事实、数字、公司都不能选 Answer")
    query: str | None = Field(default=None, description="检索或摘要的主题", json_schema_extra=_short(60))
    ticker: str | None = Field(default=None, description="股票名称或代码", json_schema_extra=_short(20))
    broker: str | None = Field(default=None, description="消息中点名的券商", json_schema_extra=_short(20))
    subject: str | None = Field(default=None, description="CompareBrokers 的股票或主题", json_schema_extra=_short(20))
    brokers: list[str] = Field(default_factory=list, description="CompareBrokers 只比较的券商",
                               json_schema_extra={"maxItems": 5})
    concept: str | None = Field(default=None, description="DecomposeConcept 的概念名称", json_schema_extra=_short(20))
    codes: list[str] = Field(default_factory=list, description="RankCoverage 的股票代码或 ClassifyFundStyle 的基金代码",
                             json_schema_extra={"maxItems": 10})
    funds: list[str] = Field(default_factory=list, description="ProposeStrategy 的候选基金代码",
                             json_schema_extra={"maxItems": 10})
    answer: str | None = Field(default=None, description="tool=Answer 时的简短回答", json_schema_extra=_short(200))
AGENT_LABEL = {"SearchLibrary": "检索研报库", "SummarizeReports": "研报摘要", "CompareBrokers": "卖方观点对比",
               "DecomposeConcept": "概念拆解", "RankCoverage": "覆盖统计", "ClassifyFundStyle": "基金风格识别",
               "ProposeStrategy": "策略建议", "RecallTopics": "会话回顾", "ExportReports": "导出 Excel"}


class Coverage(BaseModel):
    """How many reports and brokers in the library cover one security (counted in code)."""

    code: str
    name: str
    reports: int
    brokers: list[str] = Field(default_factory=list)


class ChatArtifacts(BaseModel):
    """The last result of each agent in a thread. Stored in the checkpoint as JSON (only the fields a
    tool call set), read back through this model."""

    hits: list[Hit] | None = None
    summaries: list[ReportSummary] | None = None
    consensus: ConsensusReport | None = None
    concept: ConceptChain | None = None
    coverage: list[Coverage] | None = None
    funds: list[FundStyleResult] | None = None
    strategy: StrategyProposal | None = None

    def to_state(self) -> dict:
        return self.model_dump(mode="json", exclude_unset=True)


class ToolResult(NamedTuple):
    text: str  # what the conversation sees
    artifacts: ChatArtifacts
