"""The model's routing decision (RouteDecision, a forced structured choice) → one typed tool call.

The model only picks the tool and proposes arguments; code keeps what the message supports. A
ticker must resolve in the stock master and be named in the message, a broker must be named in the
message, fund codes must be six digits: a small model filling "6位A股代码" into `ticker` cannot
turn a search into an empty filtered one. Where the decision leaves a required argument empty or
invalid, the offline rule router's call for the same message is used instead.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ValidationError

from agents.supervisor.models import (TOOLS, ChatArtifacts, ClassifyFundStyle, CompareBrokers, DecomposeConcept,
                                      RankCoverage, RouteDecision)
from tools.concepts import canonical_concept
from tools.report_metadata import find_broker
from tools.text import squash

_FUND_CODE = re.compile(r"^\d{6}$")
TRIVIAL_CHARS = 40  # a reply this short with no figure or company is small talk, not a claim


def _named(master, value: str | None, text: str) -> str | None:
    """The canonical code of `value` when it is a listed security the message itself names."""
    if not value:
        return None
    security = master.lookup(value)
    if security is None:
        return None
    flat = squash(text)
    named = squash(security.name) in flat or security.code[:6] in flat or squash(value) in flat
    return security.code if named else None


def _broker(value: str | None, text: str) -> str | None:
    if not value or squash(value)[:2] not in squash(text):
        return None
    return find_broker(value) or find_broker(value + "证券")


def _args(decision: RouteDecision, text: str, artifacts: ChatArtifacts, master, offline: BaseModel) -> dict | None:
    tool = decision.tool
    ticker = _named(master, decision.ticker, text)
    broker = _broker(decision.broker, text)
    if tool in ("SearchLibrary", "SummarizeReports"):  # the message itself is the best query
        return {"query": text, "ticker": ticker, "broker": broker}
    if tool == "CompareBrokers":
        subject = _named(master, decision.subject, text) or ticker
        if subject is None and isinstance(offline, CompareBrokers):
            subject = offline.subject
        brokers = [b for b in (_broker(x, text) for x in decision.brokers) if b]
        return {"subject": subject, "brokers": list(dict.fromkeys(brokers))} if subject else None
    if tool == "DecomposeConcept":
        concept = decision.concept if decision.concept and squash(decision.concept)[:2] in squash(text) else None
        if concept:
            return {"concept": canonical_concept(concept) or concept}
        return offline.model_dump() if isinstance(offline, DecomposeConcept) else None
    if tool == "RankCoverage":
        codes = [c for c in (_named(master, x, text) for x in decision.codes) if c]
        if not codes and isinstance(offline, RankCoverage):
            return offline.model_dump()
        if not codes and artifacts.concept:
            codes = [c.code for c in artifacts.concept.companies]
        return {"codes": list(dict.fromkeys(codes))} if codes else None
    if tool == "ClassifyFundStyle":
        codes = [c for c in decision.codes if _FUND_CODE.match(c.strip()) and c.strip() in text]
        if not codes and isinstance(offline, ClassifyFundStyle):
            return offline.model_dump()
        return {"codes": codes} if codes else None
    if tool == "ProposeStrategy":
        return {"funds": [c for c in decision.funds if _FUND_CODE.match(c.strip()) and c.strip() in text]}
    return None


def to_call(decision: RouteDecision, text: str, artifacts: ChatArtifacts, master, offline: BaseModel) -> BaseModel:
    """The typed call for a tool decision (never `Answer`); the offline call where the arguments fail."""
    args = _args(decision, text, artifacts, master, offline)
    if args is None:
        return offline
    try:
        return TOOLS[decision.tool].model_validate(args)
    except ValidationError:
        return offline


def is_factual(answer: str, master) -> bool:
    """Whether a direct answer states something checkable: a figure, a listed company, or more than a
    short reply. Such an answer needs a tool result behind it; small talk does not."""
    if re.search(r"\d", answer) or master.find_mentions(answer):
        return True
    return len(answer.strip()) > TRIVIAL_CHARS

