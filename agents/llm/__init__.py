"""The LLM layer every agent calls through.

config.py      LLMConfig (endpoint, models per role, prices), Role, Engine
client.py      the one chat-model factory (ChatOpenAI), the shared rate limiter and concurrency gate
compat.py      ChatOpenAI hardened against OpenAI-compatible servers' tool-call quirks
structured.py  pydantic output through forced tool calls: validate, re-ask, fail loudly
json_repair.py the JSON object a model meant, through fences and double encoding
prices.py      list prices per 1M tokens
usage.py       tokens, cost and the per-run token budget
"""
