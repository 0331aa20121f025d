"""Removing reports from the library: catalog row, pages, chunks, keyword (FTS) rows, near-duplicate
records, sources and vectors, without ever leaving a report half there.

One report at a time goes through the checked transitions of memory/report_states.py:
complete → 'dropping' under this library's lease (one SQLite transaction that also deletes its pages,
chunks, FTS rows and sources, so readers stop seeing it at once), then its vectors are deleted, then
its row. A kill after the first step leaves a 'dropping' row whose owner is gone: the next library to
open finishes the drop (library_sweep). A report another live process is writing or dropping is not
touched: the transition matches no row and the caller is told, never that it was removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RemovalStatus = Literal["removed", "not_found", "ambiguous", "busy"]
MIN_PREFIX = 6  # a shorter prefix of a 16-hex id is too easy to mistype into another report


@dataclass(frozen=True)
class Removal:
    given: str
    status: RemovalStatus
    report_id: str | None = None
    title: str | None = None
    detail: str = ""


def resolve(library, given: str) -> tuple[str | None, list[str]]:
    """(report id, candidates): an exact id, or a unique prefix of at least MIN_PREFIX characters."""
    given = given.strip().lower()
    if library.catalog.report(given) is not None:
        return given, [given]
    if len(given) < MIN_PREFIX:
        return None, []
    rows = library.catalog.read("SELECT report_id FROM reports WHERE report_id LIKE ? ESCAPE '\\'",
                                (given.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",))
    found = [r["report_id"] for r in rows]
    return (found[0] if len(found) == 1 else None), found


def remove_one(library, given: str) -> Removal:
    report_id, candidates = resolve(library, given)
    if report_id is None:
        if len(candidates) > 1:
            return Removal(given, "ambiguous", detail="、".join(sorted(candidates)[:5]))
        return Removal(given, "not_found")
    record = library.catalog.report(report_id)
    if record is None:  # removed by another process between the two reads
        return Removal(given, "not_found")
    if record.status != "complete":
        return Removal(given, "busy", report_id, record.title, "正在被另一个进程写入或删除")
    if not library.remove(report_id):
        return Removal(given, "busy", report_id, record.title, "刚被另一个进程改动")
    return Removal(given, "removed", report_id, record.title)


def remove(library, ids: list[str]) -> list[Removal]:
    """Each id on its own: one unknown or busy id does not stop the others."""
    removed: set[str] = set()
    out = []
    for given in dict.fromkeys(i.strip().lower() for i in ids):
        if any(rid.startswith(given) for rid in removed):
            continue  # the same report named twice (an id and its prefix)
        result = remove_one(library, given)
        removed.update([result.report_id] if result.status == "removed" else [])
        out.append(result)
    return out
