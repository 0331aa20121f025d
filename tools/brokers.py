"""Brokers active in China (tools/data/brokers.csv): one normalized name per firm, from any spelling.

`normalize_broker` reads a whole value as a broker (a filter a user typed, a file-name part, a PDF
author): 华泰 → 华泰证券, 国君 → 国泰君安, 中国国际金融股份有限公司 → 中金公司. Inside running text only
the full names and distinctive spellings count (`broker_mentions`): short names such as 招商 or 长江
are words in 招商银行 or 长江电力. E-mail domains and SAC-number prefixes identify the firm too.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BROKERS_FILE = Path(__file__).resolve().parent / "data" / "brokers.csv"
_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|证券研究所|研究所|研究部|研究院|研究中心|研究)$")


@dataclass(frozen=True)
class Broker:
    name: str
    short_names: tuple[str, ...]
    aliases: tuple[str, ...]
    email_domains: tuple[str, ...]
    sac_prefixes: tuple[str, ...]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


@lru_cache(maxsize=1)
def brokers() -> tuple[Broker, ...]:
    lines = [ln for ln in BROKERS_FILE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return tuple(Broker(r["name"], _split(r["short_names"]), _split(r["aliases"]), _split(r["email_domains"]),
                        _split(r["sac_prefixes"])) for r in csv.DictReader(lines))


@lru_cache(maxsize=1)
def _exact() -> dict[str, str]:
    table: dict[str, str] = {}
    for b in brokers():
        for spelling in (b.name, *b.short_names, *b.aliases):
            table.setdefault(_key(spelling), b.name)
    return table


@lru_cache(maxsize=1)
def _spellings() -> tuple[tuple[str, str], ...]:
    """(spelling, name) matched inside text: names and aliases, longest first."""
    pairs = [(s, b.name) for b in brokers() for s in (b.name, *b.aliases)]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def normalize_broker(value: str | None) -> str | None:
    """The normalized name of a value that is a broker's name in any spelling; None otherwise."""
    if not value or not value.strip():
        return None
    key = _key(value)
    table = _exact()
    if key in table:
        return table[key]
    stripped = _SUFFIX.sub("", key)
    while stripped != key and stripped:
        if stripped in table:
            return table[stripped]
        key, stripped = stripped, _SUFFIX.sub("", stripped)
    return None


def broker_mentions(text: str) -> list[tuple[int, str, str]]:
    """(offset, spelling, name) of every full broker name or distinctive alias in the text, in order."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for spelling, name in _spellings():
        start = text.find(spelling)
        while start >= 0:
            end = start + len(spelling)
            if not any(a < end and start < b for a, b in taken):
                found.append((start, spelling, name))
                taken.append((start, end))
            start = text.find(spelling, end)
    return sorted(found)


def broker_of_email(address: str) -> str | None:
    domain = address.rsplit("@", 1)[-1].lower().strip(". ")
    for b in brokers():
        if any(domain == d or domain.endswith("." + d) for d in b.email_domains):
            return b.name
    return None


def broker_of_sac(number: str) -> str | None:
    prefix = number.strip().upper()[:5]
    return next((b.name for b in brokers() if prefix in b.sac_prefixes), None)
