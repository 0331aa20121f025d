"""The local web chat page (`touyan serve`): FastAPI + server-sent events over the chat session."""

from touyan.web.app import create_app

__all__ = ["create_app"]
