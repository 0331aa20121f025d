"""The concept subgraph's narrow state; it returns one typed result: `chain`."""

from __future__ import annotations

from typing import TypedDict

from agents.concept.models import ChainDraft, ConceptChain, Gathered
from agents.reducers import PromptVersions


class ConceptInput(TypedDict):
    concept: str


class ConceptState(TypedDict, total=False):
    concept: str
    gathered: Gathered  # the reports that discuss the concept, their passages, notes
    draft: ChainDraft
    draft_engine: str  # who drafted: llm, or extractive (offline, or after the LLM failed)
    draft_note: str | None
    prompt_versions: PromptVersions
    chain: ConceptChain


class ConceptOutput(TypedDict):
    chain: ConceptChain
