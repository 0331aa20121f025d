"""FundStyleResult lists → JSON and CSV (one row per fund); a sample-data run says so first (JSON `notice`)."""

from __future__ import annotations

import csv
import io
import json

from agents.fund_style.glossary import SAMPLE_NOTICE
from agents.fund_style.models import TILT_ZH, FundSelectionSurvey, FundStyleResult

SCHEMA_VERSION = 1
CSV_COLUMNS = ("code", "name", "fund_type", "status", "label", "label_zh", "growth_value_tilt", "size_tilt",
               "confidence", "mean_active_rotation", "max_active_rotation", "mean_rotation_return", "periods",
               "stated_rotation", "disagreements", "notes", "error", "sample_data")


def to_json(results: list[FundStyleResult], survey: FundSelectionSurvey | None = None) -> str:
    sample = any(r.sample_data for r in results)
    payload = {"schema_version": SCHEMA_VERSION, "notice": SAMPLE_NOTICE if sample else None, "funds": [r.model_dump(mode="json") for r in results],
               "fof_survey": survey.model_dump(mode="json") if survey else None}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _num(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def csv_row(r: FundStyleResult) -> list[str]:
    m = r.metrics
    periods = "|".join(p.period for p in m.periods) if m else ""
    return [r.code, r.name or "", r.fund_type or "", r.status, r.label, r.label_zh,
            TILT_ZH.get(r.growth_value_tilt, r.growth_value_tilt), TILT_ZH.get(r.size_tilt, r.size_tilt),
            f"{r.confidence:.2f}", _num(m.mean_magnitude if m else None), _num(m.max_magnitude if m else None),
            _num(m.mean_rotation_return if m else None), periods, r.stated.rotation if r.stated else "",
            "；".join(r.disagreements), "；".join(r.notes), r.error or "", "yes" if r.sample_data else "no"]


def to_csv(results: list[FundStyleResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow(csv_row(r))
    return buffer.getvalue()
