"""State reducers the graphs share."""

from __future__ import annotations

from typing import Annotated, Any


def merge_dicts(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    """Later keys win; a node that returns nothing for the key leaves it as it was."""
    return {**(old or {}), **(new or {})}


# {prompt name: version} a run loaded, merged from every node that loaded prompts (prompts.recording).
PromptVersions = Annotated[dict[str, str], merge_dicts]
