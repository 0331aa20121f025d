"""Print a labelled aggregation case with its `gold` section removed (phase 1 of the audit is blind to gold).

Only the reports' metadata and page texts are printed; structured views (rating, prices, forecasts) are
printed compactly because they are report fields, not labels.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

AGG = Path(__file__).resolve().parent.parent / "aggregation"


def sample_pages(rel: str) -> list[str]:
    path = Path(__file__).resolve().parents[3] / rel
    if path.suffix == ".pdf":
        from pypdf import PdfReader
        return [p.extract_text() or "" for p in PdfReader(path).pages]
    return path.read_text(encoding="utf-8").split("\f")


def show(case_id: str) -> None:
    path = next(AGG.glob(f"agg-{case_id}-*.json"))
    case = json.loads(path.read_text(encoding="utf-8"))
    case.pop("gold")
    print(f"# {case['id']}  subject={case['subject']}  sector={case['sector']}")
    for rep in case["reports"]:
        print(f"\n## {rep['id']} {rep['broker']} {rep['date']} {rep['title']} ({rep['report_type']})")
        pages = [p["text"] for p in rep["pages"]] if rep.get("pages") else sample_pages(rep["file"])
        for i, text in enumerate(pages):
            print(f"--- page {i}\n{text}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        show(arg)
