"""Example converter: a researcher's spreadsheet of ratings → summary items.

    python -m evals.converters.ratings_csv ratings.csv evals/datasets/my_ratings.jsonl --source "…"

CSV columns: `file` (report file name in the corpus), `rating`, `target_price` (empty: the report
gives none), and `eps_<YEAR>` columns (eps_2025E) for every year the report forecasts: an output
stating a year the reference lacks counts as wrong. Only number fidelity is scored for such
items (no key facts, no ROUGE reference); run them with `--suite PATH --corpus DIR`, and
register the file in evals/datasets/MANIFEST.json (`python -m evals.manifest --write`) if it lives there.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path


def _number(text: str) -> float | None:
    text = (text or "").strip().replace(",", "")
    return float(text) if text else None


def item_from_row(row: dict, index: int, source: str) -> dict:
    reference: dict = {"rating": (row.get("rating") or "").strip() or None,
                       "target_price": _number(row.get("target_price", ""))}
    eps = {key[4:]: _number(value) for key, value in row.items() if key.startswith("eps_") and _number(value) is not None}
    if eps:
        reference["eps"] = eps
    stem = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "-", Path(row["file"]).stem).strip("-")
    return {"id": f"ext-summary-{index:03d}-{stem[:40]}", "task": "summary", "input": {"report": row["file"]},
            "reference": reference, "metadata": {"source": source, "tags": ["external"]}}


def convert(csv_path: Path, out_path: Path, *, source: str) -> Path:
    with Path(csv_path).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = [json.dumps(item_from_row(row, i, source), ensure_ascii=False) for i, row in enumerate(rows, 1)]
    Path(out_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(out_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ratings CSV → summary eval items (JSONL)")
    parser.add_argument("csv", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", required=True, help="where the labels come from (recorded in metadata)")
    args = parser.parse_args(argv)
    print(convert(args.csv, args.out, source=args.source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
