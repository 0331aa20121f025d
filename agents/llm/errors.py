"""LLM failures as one Chinese line that names the setting to change.

Every command and the chat turn this way (never a traceback): `describe(exc, config)` for the
line, `is_llm_failure(exc)` to decide whether an agent may fall back to its offline engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.llm.config import LLMConfig

EXIT_LLM = 5  # documented in the README: the LLM endpoint failed (unreachable, refused, too slow, …)


class OutputTruncated(RuntimeError):
    """The reply hit its output cap (finish_reason "length", or as many tokens as the cap) twice."""

    def __init__(self, purpose: str, max_tokens: int) -> None:
        self.purpose, self.max_tokens = purpose, max_tokens
        super().__init__(f"output of {purpose} cut at max_tokens={max_tokens}")


class PromptTooLong(RuntimeError):
    def __init__(self, prompt_tokens: int, context_window: int) -> None:
        self.prompt_tokens, self.context_window = prompt_tokens, context_window
        super().__init__(f"prompt of ~{prompt_tokens} tokens does not fit a {context_window}-token context")


class CallTimedOut(TimeoutError):
    """Our own deadline on a call (a stream that never ends, a server that ignores max_tokens)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"LLM call exceeded its {seconds:.0f} s deadline")


def _status(exc: BaseException) -> int | None:
    return getattr(exc, "status_code", None)


def is_llm_failure(exc: BaseException) -> bool:
    """A failure of the model or its endpoint (not a bug in our code): safe to fall back from."""
    import openai

    from agents.llm.usage import BudgetExceeded

    return isinstance(exc, (openai.APIError, StructuredOutputError, OutputTruncated, PromptTooLong, CallTimedOut,
                            BudgetExceeded))


def is_endpoint_down(exc: BaseException) -> bool:
    """Nothing answers, or it refuses us: every further call would fail the same way."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return False
    return isinstance(exc, (openai.APIConnectionError, openai.AuthenticationError, openai.PermissionDeniedError,
                            openai.NotFoundError))


def describe(exc: BaseException, config: LLMConfig | None = None) -> str:
    """One line, in Chinese, saying what failed and which setting changes it. Never the key."""
    import openai

    from agents.llm.usage import BudgetExceeded

    where = (config.base_url if config and config.base_url else "默认 OpenAI 端点")
    model = config.model if config else "?"
    if isinstance(exc, BudgetExceeded):
        return f"token 预算已用完（已用 {exc.used_tokens} / {exc.budget_tokens}）：调大 --budget-tokens 或 TOUYAN_BUDGET_TOKENS"
    if isinstance(exc, (openai.APITimeoutError, CallTimedOut)):
        return (f"LLM 请求超时（{where}）：本机/服务器太慢时调大 TOUYAN_TIMEOUT_S，或按实测速度设置 "
                "TOUYAN_DECODE_TPS / TOUYAN_PREFILL_TPS（touyan llm check 给出建议值）")
    if isinstance(exc, openai.APIConnectionError):
        return f"连不上 LLM 端点 {where}：检查 OPENAI_BASE_URL 与服务是否已启动（touyan llm check 可逐项检测）"
    if isinstance(exc, openai.AuthenticationError):
        return f"LLM 端点拒绝了 API key（HTTP 401，{where}）：检查 OPENAI_API_KEY"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"LLM 端点拒绝访问（HTTP 403，{where}）：检查 OPENAI_API_KEY 的权限或账户余额"
    if isinstance(exc, openai.NotFoundError):
        return f"LLM 端点没有模型 {model} 或路径不对（HTTP 404）：检查 TOUYAN_MODEL 与 OPENAI_BASE_URL（通常以 /v1 结尾）"
    if isinstance(exc, openai.RateLimitError):
        return f"LLM 端点限流（HTTP 429，{where}）：设置 TOUYAN_REQUESTS_PER_MINUTE 或调小 TOUYAN_MAX_CONCURRENCY"
    if isinstance(exc, PromptTooLong):
        return (f"输入约 {exc.prompt_tokens} tokens，超过模型上下文 {exc.context_window}：调大 TOUYAN_CONTEXT_WINDOW"
                "（须与服务器实际上下文一致）或换长上下文模型")
    if isinstance(exc, OutputTruncated):
        return (f"模型输出两次达到上限 {exc.max_tokens} tokens 仍未完成（{exc.purpose}）：调大 TOUYAN_MAX_OUTPUT_TOKENS "
                f"中的 {exc.purpose}，或换更强的模型")
    if isinstance(exc, StructuredOutputError):
        return (f"模型没有给出合格的结构化输出（{exc.schema_name}：{exc.last_error[:120]}）：换 TOUYAN_STRUCTURED_OUTPUT "
                "（tool | json_schema | json_object，touyan llm check 给出建议）或换更强的模型")
    if isinstance(exc, openai.BadRequestError):
        text = str(getattr(exc, "message", "") or exc)
        if "context" in text and "length" in text:
            return f"输入超过模型上下文（HTTP 400，{where}）：调小 TOUYAN_CONTEXT_WINDOW 使之与服务器一致"
        return (f"LLM 端点拒绝了请求（HTTP 400，{where}）：多半是不支持当前的结构化输出方式，"
                "换 TOUYAN_STRUCTURED_OUTPUT 或设 TOUYAN_PROVIDER（touyan llm check 给出建议）")
    if isinstance(exc, openai.APIStatusError):
        return (f"LLM 端点出错（HTTP {_status(exc)}，{where}）：换 TOUYAN_STRUCTURED_OUTPUT 或设对 TOUYAN_PROVIDER；"
                "touyan llm check 可逐项检测")
    from tools.errors import first_line

    return f"LLM 调用失败（{type(exc).__name__}: {first_line(exc)[:160]}）"


class StructuredOutputError(Exception):
    """The model gave no valid `schema` output after the re-asks. Names the schema and the last error only."""

    def __init__(self, schema_name: str, last_error: str, attempts: int) -> None:
        self.schema_name = schema_name
        self.last_error = last_error
        self.attempts = attempts
        super().__init__(
            f"no valid {schema_name} output after {attempts} attempt(s); last error: {last_error}"
        )
