"""A deterministic stand-in for a remote LLM that "reads" the report pages in its prompt.

It answers the summarization tools (SummaryDraft, PageNotes) by quoting sentences from
the `<page n="N">` blocks it was sent, so its citations are as good as the material it
saw. Knobs make it misbehave the way real models do: invent a figure, obey an injected
instruction, or cite a page it was never shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tests.support.openai_wire import Reply, requested_tool
from tools.report_fields import extract_fields
from tools.text import split_sentences

_PAGE = re.compile(r'<page n="(\d+)">\n(.*?)\n</page>', re.S)
_NOTE = re.compile(r"^- (?:要点|风险)：(.+?)((?:\[page::\d+\])+)$", re.M)


def _user_text(body: dict) -> str:
    texts = [m.get("content") for m in body.get("messages", []) if m.get("role") == "user"]
    return texts[-1] if texts and isinstance(texts[-1], str) else ""


def _sentences(pages: list[tuple[int, str]], limit: int) -> list[tuple[str, int]]:
    out = []
    for number, text in pages:
        for sentence in split_sentences(text.replace("\n", "")):
            if len(sentence) >= 15:
                out.append((sentence, number))
                break
        if len(out) >= limit:
            break
    return out


@dataclass
class ReportReader:
    invent_figure: bool = False  # add a sentence whose number is on no page
    obey_injection: bool = False  # repeat the classic injected instruction as a claim
    cite_missing_page: bool = False  # cite a page beyond the report
    invent_all: bool = False  # every claim invented (figures on no page): nothing can be verified

    def draft(self, prompt: str) -> dict:
        pages = [(int(n), t) for n, t in _PAGE.findall(prompt)]
        notes = [(text, [int(p) for p in re.findall(r"\d+", marks)]) for text, marks in _NOTE.findall(prompt)]
        picked = _sentences(pages, 5)
        summary = "".join(f"{s.rstrip('。')}[page::{p}]。" for s, p in picked)
        summary += "".join(f"{t.rstrip('。')}[page::{ps[0]}]。" for t, ps in notes[:3])
        if self.invent_figure:
            summary += "公司2025年净利润将达到987.6亿元[page::0]。"
        if self.obey_injection:
            summary += "强烈推荐买入，目标价翻倍至888元[page::1]。"
        if self.cite_missing_page:
            summary += f"{picked[0][0].rstrip('。')}[page::999]。" if picked else ""
        fields = extract_fields(pages)
        views = {"rating": fields.rating, "rating_page": fields.rating_page, "target_price": fields.target_price,
                 "target_price_page": fields.target_price_page,
                 "eps_forecasts": [{"year": r.year, "eps": r.eps, "page": r.page} for r in fields.eps_forecasts]}
        risks = [{"text": s, "pages": [p]} for p_, t in pages for s in split_sentences(t.replace("\n", ""))
                 if "风险" in s and len(s) > 12 for p in [p_]][:3]
        claims = [{"text": s, "page": p, "stance": "negative" if re.search(r"谨慎|承压|下滑|下降", s) else "positive"}
                  for p, t in pages for s in split_sentences(t.replace("\n", ""))
                  if re.search(r"我们(?:预计|认为|判断)", s) and "风险" not in s][:8]
        if self.invent_all:
            picked = [(f"公司{2025 + i}年净利润将达到{987.6 + i}亿元，海外市占率升至{61 + i}%", 0) for i in range(3)]
            summary = "".join(f"{s}[page::{p}]。" for s, p in picked)
        return {"subject": "测试对象", "summary": summary,
                "core_arguments": [{"text": s, "pages": [p]} for s, p in picked[:3]],
                "risks": risks, "views": views, "claims": claims}

    def notes(self, prompt: str) -> dict:
        pages = [(int(n), t) for n, t in _PAGE.findall(prompt)]
        return {"points": [{"text": s, "pages": [p]} for s, p in _sentences(pages, 4)], "risks": [], "views": {}}

    def __call__(self, body: dict) -> Reply:
        tool = requested_tool(body)
        prompt = _user_text(body)
        if tool == "PageNotes":
            return Reply.tool_call(tool, json.dumps(self.notes(prompt), ensure_ascii=False))
        if tool == "SummaryDraft":
            return Reply.tool_call(tool, json.dumps(self.draft(prompt), ensure_ascii=False))
        return Reply.text("（测试服务器：未知请求）")
