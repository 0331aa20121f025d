"""Test doubles for what this machine cannot reach: a remote LLM (a scripted chat model and
a local OpenAI-compatible HTTP server). Our own interfaces are never faked."""
