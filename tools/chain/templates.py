"""Curated chain templates: one YAML file per concept (tools/data/chain_templates/README.md).

Bundled files ship in tools/data/chain_templates/; a user's files in `<data dir>/chain_templates/`
add concepts or replace a bundled one with the same `concept`. A template is checked when loaded:
levels are up/mid/down, each term belongs to one node, edges name nodes of the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

BUNDLED_TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "chain_templates"
LEVELS = ("up", "mid", "down")


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class TemplateNode:
    name: str
    level: str
    terms: tuple[str, ...]
    core: bool = False  # the chain's central product: kept even when no report names it


@dataclass(frozen=True)
class ChainTemplate:
    concept: str
    aliases: tuple[str, ...]
    nodes: tuple[TemplateNode, ...]
    edges: tuple[tuple[str, str], ...]
    boards: tuple[str, ...] = ()
    source: str = ""
    _by_term: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def names(self) -> tuple[str, ...]:
        return (self.concept, *self.aliases)

    def node(self, name: str) -> TemplateNode:
        return next(n for n in self.nodes if n.name == name)

    def node_of_term(self, term: str) -> str | None:
        """The template node a report's term means: an exact term, else the longest term it ends with
        (车载激光雷达 → 激光雷达: in a Chinese compound the last word is the head), else the longest word
        of three or more characters inside it."""
        if not self._by_term:
            for node in self.nodes:
                for word in (node.name, *node.terms):
                    self._by_term.setdefault(word.casefold(), node.name)
        key = term.casefold()
        if key in self._by_term:
            return self._by_term[key]
        ends = [w for w in self._by_term if len(w) >= 2 and key.endswith(w)]
        if ends:
            return self._by_term[max(ends, key=len)]
        inside = [w for w in self._by_term if len(w) >= 3 and w in key]  # ADS-B监视设备 → ADS-B
        if inside:
            return self._by_term[max(inside, key=len)]
        heads = {node for w, node in self._by_term.items() if w.endswith(key) and len(key) >= 2}
        return heads.pop() if len(heads) == 1 else None  # 芯片 when only one node's words end with it


def _parse(data: dict, source: str) -> ChainTemplate:
    try:
        concept = str(data["concept"]).strip()
        nodes = []
        seen: dict[str, str] = {}
        for raw in data["nodes"]:
            node = TemplateNode(str(raw["name"]).strip(), str(raw["level"]).strip(),
                                tuple(str(t).strip() for t in raw.get("terms", []) if str(t).strip()),
                                bool(raw.get("core", False)))
            if node.level not in LEVELS:
                raise TemplateError(f"{source}: 环节“{node.name}”的层级只能是 up/mid/down，不是 {node.level}")
            for term in (node.name, *node.terms):
                if seen.setdefault(term.casefold(), node.name) != node.name:
                    raise TemplateError(f"{source}: 词“{term}”同时属于“{seen[term.casefold()]}”和“{node.name}”")
            nodes.append(node)
        names = {n.name for n in nodes}
        edges = tuple((str(a).strip(), str(b).strip()) for a, b in data.get("edges", []))
        for a, b in edges:
            if a not in names or b not in names:
                raise TemplateError(f"{source}: 边 {a} → {b} 引用了模板中没有的环节")
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(f"{source}: 模板格式不对（{exc}）") from None
    return ChainTemplate(concept, tuple(str(a).strip() for a in data.get("aliases", [])), tuple(nodes), edges,
                         tuple(str(b) for b in data.get("boards", [])), source)


# Parsed templates by path, with the (mtime, size) they were parsed at: a concept turn asks for the
# templates in several nodes, and parsing them all took ~0.5 s each time (pure-Python YAML).
_PARSED: dict[str, tuple[tuple[int, int], ChainTemplate]] = {}


def _template_file(path: Path) -> ChainTemplate:
    import yaml

    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _PARSED.get(str(path))
    if cached is not None and cached[0] == key:
        return cached[1]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: 不是有效的 YAML（{str(exc).splitlines()[0]}）") from None
    template = _parse(data or {}, str(path))
    _PARSED[str(path)] = (key, template)
    return template


def load_templates(user_dir: Path | None = None) -> list[ChainTemplate]:
    """Bundled templates, then the user's (a user file replaces a bundled one of the same concept). A
    file is parsed again only when its modification time or size changed."""
    found: dict[str, ChainTemplate] = {}
    for folder in (BUNDLED_TEMPLATES, user_dir):
        if folder is None or not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).glob("*.y*ml")):
            template = _template_file(path)
            found[template.concept] = template
    return list(found.values())


def find_template(concept: str, templates: Iterable[ChainTemplate]) -> ChainTemplate | None:
    """The template whose concept or alias is `concept` (case and spaces ignored)."""
    key = "".join(concept.split()).casefold()
    for template in templates:
        if key in ("".join(n.split()).casefold() for n in template.names()):
            return template
    return None
