"""A scripted LLM for the local OpenAI-compatible test server, playing one concept turn end to end.

It stands in for the remote model only (this machine reaches none):
1. the supervisor's routing call (a forced RouteDecision; the user names the concept) → DecomposeConcept;
2. the concept agent's forced ChainDraft call → a draft built from the material pages in the prompt,
   naming the listed companies found there, each on the product word its sentence ties it to
   (…领域 / …龙头 / …供应商 / …方面), at the 上游/中游/下游 level the page puts it under;
3. the supervisor's answer call (the tool results in the user message) → a streamed answer that keeps the
   tool's citations.
Any other message is routed to `Answer` with a short reply. `hold` (a threading.Event) can keep the
first routing call waiting, so a test can start a second turn while the first is in flight.
"""

from __future__ import annotations

import re
import threading

from tests.support.openai_wire import Reply, requested_tool

_PAGE = re.compile(r'<page report="([^"]+)" page="(\d+)">\n(.*?)\n</page>', re.S)
_LEVEL = re.compile(r"(上游|中游|下游)")
_ROLE = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,6}?)(?:领域|龙头|供应商|方面|运营)")
LEVELS = {"上游": "up", "中游": "mid", "下游": "down"}
ANSWER_HEAD = "根据研报库，{concept}产业链中经过代码核验的公司如下："
ANSWER_TAIL = "以上公司与环节均来自研报原文，点击引用可查看原页。"


def _text(message: dict) -> str:
    content = message.get("content") or ""
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content if isinstance(p, dict))


class ConceptTurnScript:
    """Callable script for OpenAIServer: `(request_json) -> Reply`."""

    def __init__(self, concept: str, *, hold: threading.Event | None = None, draft_delay_s: float = 0.0):
        from tools.report_metadata import find_broker
        from tools.tickers import StockMaster

        self.is_broker = find_broker
        self.concept = concept
        self.hold = hold
        self.draft_delay_s = draft_delay_s
        self.master = StockMaster.bundled()

    def __call__(self, body: dict) -> Reply:
        if requested_tool(body) == "ChainDraft":
            return Reply.tool_call("ChainDraft", self.draft(_text(body["messages"][-1])), delay_s=self.draft_delay_s)
        last = body["messages"][-1]
        if requested_tool(body) != "RouteDecision":
            return Reply.text(self.answer(_text(last)))
        if self.hold is not None:
            self.hold.wait(timeout=30)
        if self.concept in _text(last):
            return Reply.tool_call("RouteDecision", {"tool": "DecomposeConcept", "concept": self.concept})
        return Reply.tool_call("RouteDecision", {"tool": "Answer", "answer": "收到第二个问题。"})

    def draft(self, prompt: str) -> dict:
        nodes: dict[str, str] = {}
        companies: dict[str, dict] = {}
        for report_id, page, text in _PAGE.findall(prompt):
            for sentence in text.split("\n"):
                for security, start, _end in self.master.find_mentions(sentence):
                    role = _ROLE.search(sentence, start)
                    if self.is_broker(security.name) or role is None:
                        continue  # the report's author, or no product word: not placed
                    sections = _LEVEL.findall(text[:text.find(sentence)])
                    nodes.setdefault(role.group(1), LEVELS[sections[-1]] if sections else "mid")
                    entry = companies.setdefault(security.name, {"name": security.name, "code": security.code,
                                                                 "node": role.group(1), "evidence": []})
                    ref = {"report_id": report_id, "page": int(page)}
                    if ref not in entry["evidence"]:
                        entry["evidence"].append(ref)
        return {"nodes": [{"name": n, "level": lvl} for n, lvl in nodes.items()], "edges": [],
                "companies": list(companies.values())}

    def answer(self, tool_result: str) -> str:
        cited = [line for line in tool_result.splitlines() if "[《" in line]
        return "\n".join([ANSWER_HEAD.format(concept=self.concept), *cited, ANSWER_TAIL])
