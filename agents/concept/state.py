"""The concept subgraph's narrow state; it returns one typed result: `chain`."""

from __future__ import annotations

from typing import TypedDict

from agents.concept.models import ChainDraft, ConceptChain
from agents.reducers import PromptVersions


class ConceptInput(TypedDict):
    concept: str


class ConceptState(TypedDict, total=False):
    concept: str
    aliases: list[str]
    reports: dict[str, list[tuple[int, str]]]  # relevant report_id -> pages
    meta: dict[str, dict]  # report_id -> title, broker, date
    chunks: list[dict]  # retrieved chunks for the LLM: report_id, page, text
    news: list[dict]  # title, content, url
    notes: list[str]
    draft: ChainDraft
    prompt_versions: PromptVersions
    chain: ConceptChain


class ConceptOutput(TypedDict):
    chain: ConceptChain
