"""Versioned prompt files and a strict renderer (format: prompts/README.md).

A prompt is `prompts/<name>.md`: a `---` front-matter header (name, version, description)
and a body with `${placeholder}` variables. Rendering is strict both ways: a missing
variable and an unexpected one are errors, so a prompt and its caller cannot drift apart
silently. `$$` is a literal dollar; any other `$` is an error at load time. Values are
inserted once and never re-scanned, so report text containing `${...}` stays literal.

An agent declares the prompts it may load once, as a `PromptSet` beside the code that loads them
(loading an undeclared name is an error, so the declaration cannot drift from the code); its results
record the versions a run actually loaded, collected with `recording()`.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

import yaml

PROMPTS_DIR = Path(__file__).resolve().parent

_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
# `$$`, `${identifier}`, or any other `$` (an error).
_TOKEN = re.compile(r"\$(?:(?P<dollar>\$)|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bad>))")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<header>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.DOTALL)
_NOT_PROMPTS = {"README.md"}
# The open `recording()` blocks of this task (and of the tasks it starts, which copy the context).
_RECORDING: ContextVar[tuple[dict[str, str], ...]] = ContextVar("touyan_prompts_recording", default=())


class PromptError(ValueError):
    """A prompt file is missing or malformed."""


class PromptRenderError(ValueError):
    """Render variables do not match the prompt's placeholders."""


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    description: str
    body: str
    placeholders: frozenset[str]
    sha256: str  # of the file's bytes: ties an output to the exact text that made it
    path: Path

    def render(self, **variables: str | int | float) -> str:
        missing = sorted(self.placeholders - variables.keys())
        unknown = sorted(variables.keys() - self.placeholders)
        if missing or unknown:
            problems = []
            if missing:
                problems.append(f"missing variable(s): {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown variable(s): {', '.join(unknown)}")
            raise PromptRenderError(f"prompt {self.name} v{self.version}: " + "; ".join(problems))
        for key, value in variables.items():
            # bool is an int subclass but "True" in a prompt is a caller bug, like "None".
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise PromptRenderError(
                    f"prompt {self.name} v{self.version}: variable {key} must be str, int or float, "
                    f"not {type(value).__name__}"
                )
        return _TOKEN.sub(lambda m: "$" if m.group("dollar") else str(variables[m.group("name")]), self.body)


def load_prompt(name: str, prompts_dir: Path | None = None) -> Prompt:
    """Load and check `<prompts_dir>/<name>.md` (default: this package's folder)."""
    if not _NAME.match(name):
        raise PromptError(f"invalid prompt name: {name!r}")
    path = Path(prompts_dir or PROMPTS_DIR) / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"prompt not found: {path}")
    prompt = parse_prompt(path.read_bytes(), path, expected_name=name)
    for loaded in _RECORDING.get():
        loaded[prompt.name] = prompt.version
    return prompt


@contextlib.contextmanager
def recording() -> Iterator[dict[str, str]]:
    """{name: version} of every prompt loaded inside the block, including by tasks it starts."""
    loaded: dict[str, str] = {}
    token = _RECORDING.set((*_RECORDING.get(), loaded))
    try:
        yield loaded
    finally:
        _RECORDING.reset(token)


class PromptSet:
    """The prompts one agent may load. `load` refuses other names; `versions` reads them all up front
    (eval cache keys, batch fingerprints), where a run's own record (`recording`) is not known yet."""

    def __init__(self, *names: str) -> None:
        self.names = tuple(names)

    def load(self, name: str, prompts_dir: Path | None = None) -> Prompt:
        if name not in self.names:
            raise PromptError(f"prompt {name!r} is not declared in this agent's PromptSet {self.names}")
        return load_prompt(name, prompts_dir)

    def versions(self, prompts_dir: Path | None = None) -> dict[str, str]:
        return {name: load_prompt(name, prompts_dir).version for name in self.names}


def parse_prompt(raw: bytes, path: Path, *, expected_name: str | None = None) -> Prompt:
    text = raw.decode("utf-8").lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise PromptError(f"{path}: missing the '---' front-matter header")
    try:
        header = yaml.safe_load(match.group("header")) or {}
    except yaml.YAMLError as err:
        raise PromptError(f"{path}: front matter is not valid YAML: {err}") from None
    if not isinstance(header, Mapping):
        raise PromptError(f"{path}: front matter must be key: value lines")
    name, version, description = (header.get(k) for k in ("name", "version", "description"))
    if not isinstance(name, str) or not _NAME.match(name):
        raise PromptError(f"{path}: header needs a 'name' (lowercase letters, digits, _ . -)")
    if expected_name is not None and name != expected_name:
        raise PromptError(f"{path}: header name {name!r} differs from the file name {expected_name!r}")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise PromptError(f"{path}: header needs a 'version' like 1.0.0, got {version!r}")
    if not isinstance(description, str) or not description.strip():
        raise PromptError(f"{path}: header needs a 'description'")
    body = match.group("body").strip("\r\n").rstrip()
    if not body.strip():
        raise PromptError(f"{path}: the prompt body is empty")
    return Prompt(
        name=name,
        version=version,
        description=description.strip(),
        body=body,
        placeholders=frozenset(_placeholders(body, path)),
        sha256=hashlib.sha256(raw).hexdigest(),
        path=path,
    )


def _placeholders(body: str, path: Path) -> set[str]:
    names = set()
    for m in _TOKEN.finditer(body):
        if m.group("bad") is not None:
            line = body.count("\n", 0, m.start()) + 1
            raise PromptError(
                f"{path}: body line {line}: a '$' must start ${{name}} or be doubled ($$) for a literal dollar"
            )
        if m.group("name"):
            names.add(m.group("name"))
    return names


def list_prompts(prompts_dir: Path | None = None) -> list[Prompt]:
    folder = Path(prompts_dir or PROMPTS_DIR)
    return [
        load_prompt(path.stem, folder)
        for path in sorted(folder.glob("*.md"))
        if path.name not in _NOT_PROMPTS
    ]


def prompt_versions(prompts_dir: Path | None = None) -> dict[str, str]:
    """{name: version} of every prompt in the folder, for outputs to record."""
    return {p.name: p.version for p in list_prompts(prompts_dir)}
