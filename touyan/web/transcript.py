"""A thread's messages as the page shows them: who said what, which agents worked, what to link.

Read from the checkpointed graph state (not `ChatSession.history`) because the page also needs
each answer's tool calls: the agents that ran and whether this answer produced the concept graph.
"""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from agents.supervisor.models import AGENT_LABEL

# How chat answers cite ([《标题》p.N], 1-based; stored answers: [《标题》· p.N], 0-based); the page links
# [券商 · report_id · p.N] by its id directly.
TITLE_CITATION = re.compile(r"\[《([^》\]]*)》(?:· )?p\.(\d+)\]")
CONCEPT_TOOL = "DecomposeConcept"


def transcript(messages: list[Any]) -> list[dict]:
    """User and final assistant messages in order; each answer lists the agents of its turn."""
    out: list[dict] = []
    tools: list[ToolMessage] = []
    for message in messages:
        if isinstance(message, HumanMessage):
            out.append({"role": "user", "text": str(message.content)})
            tools = []
        elif isinstance(message, ToolMessage):
            tools.append(message)
        elif isinstance(message, AIMessage) and not message.tool_calls and message.content:
            names = list(dict.fromkeys(t.name for t in tools if t.name))
            out.append({"role": "assistant", "text": str(message.content),
                        "agents": [AGENT_LABEL.get(n, n) for n in names],
                        "concept": any(t.name == CONCEPT_TOOL and t.status != "error" for t in tools)})
            tools = []
    # The concept route serves the thread's last concept artifact, so only its answer links to it.
    last = max((i for i, m in enumerate(out) if m.get("concept")), default=None)
    for i, m in enumerate(out):
        if m["role"] == "assistant":
            m["concept"] = i == last
    return out


def citation_targets(text: str, titles: dict[str, str]) -> dict[str, str]:
    """Title → report_id for every [《标题》p.N] in `text` whose title is in the library."""
    return {t: titles[t] for t, _page in TITLE_CITATION.findall(text) if t in titles}


def library_titles(library) -> dict[str, str]:
    """Title → report_id; when two reports share a title the newest wins (reports come oldest first)."""
    out: dict[str, str] = {}
    for record in sorted(library.reports(), key=lambda r: (r.date or "", r.report_id)):
        if record.title:
            out[record.title] = record.report_id
    return out


def page_payload(library, report_id: str, page: int) -> dict | None:
    """A page of a report, or None; `page` is checked against the report's page count first, so a
    number SQLite cannot hold (/pages/99999999999999999999999) is a missing page, not a server error."""
    record = library.report(report_id)
    in_range = record is not None and 0 <= page < record.page_count
    text = library.page_text(report_id, page) if in_range else None
    if text is None:
        return None
    return {"report_id": report_id, "title": record.title, "broker": record.broker, "date": record.date,
            "page": page, "page_count": record.page_count, "text": text}
