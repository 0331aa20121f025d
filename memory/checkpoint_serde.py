"""The chat checkpointer's serializer: LangGraph's own, except that a failed task's error is stored redacted.

When a node raises, LangGraph keeps `repr(exc)` in the checkpoint's `writes` table; a provider's 401 may
carry the API key in that message, so it goes through the one redaction (tools/errors.py) first.
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from tools.errors import redact


class RedactingSerializer(JsonPlusSerializer):
    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        # JsonPlusSerializer stores an exception as its repr (a string) too; only the secrets go.
        return super().dumps_typed(redact(repr(obj)) if isinstance(obj, BaseException) else obj)
