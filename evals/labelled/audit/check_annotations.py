"""Check every audit annotation: schema shape, and each quote verbatim (whitespace removed) on its page.

Reads only the reports' pages (never `gold`), so it can run during the blind phase.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from show_case import AGG, sample_pages  # noqa: E402

HERE = Path(__file__).resolve().parent / "annotations"
TYPES = {"value", "direction", "stance", "self_declared"}


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_by_report(case: dict) -> dict[str, list[str]]:
    return {r["id"]: [p["text"] for p in r["pages"]] if r.get("pages") else sample_pages(r["file"])
            for r in case["reports"]}


def check(path: Path) -> list[str]:
    try:
        ann = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"{path.name}: not valid JSON ({exc})"]
    case = json.loads((AGG / f"{ann['case']}.json").read_text(encoding="utf-8"))
    pages = pages_by_report(case)
    errors = []
    for kind in ("divergences", "ambiguous"):
        for i, d in enumerate(ann[kind]):
            ends = [d["a"]] + ([] if d["b"] == "市场" else [d["b"]])
            for report, page, quote in ends:
                if norm(quote) not in norm(pages[report][page]):
                    errors.append(f"{path.name} {kind}[{i}]: {report} p{page} quote not on page: {quote}")
            if kind == "divergences" and (not d["types"] or set(d["types"]) - TYPES):
                errors.append(f"{path.name} {kind}[{i}]: bad types {d['types']}")
            if d["b"] == "市场" and kind == "divergences" and d["types"] != ["self_declared"]:
                errors.append(f"{path.name} {kind}[{i}]: one-sided must be self_declared only")
    return errors


if __name__ == "__main__":
    problems = [e for f in sorted(HERE.glob("agg-*.json")) for e in check(f)]
    print("\n".join(problems) or "all annotation quotes found on their pages")
    sys.exit(1 if problems else 0)
