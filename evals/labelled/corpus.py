"""Labelled concept cases as report files: one corpus folder per case, as a user would ingest it.

Bundled samples are copied as they are; written and seed reports exist only as JSON pages and are
written as TXT with pages joined by form feeds (the TXT page convention), named
`YYYYMMDD_券商_标题.txt`, so page numbers line up with the gold. The same pages laid out as PDFs (one
column and a narrow two-column page) come from scripts/labelled_pdf.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from evals.labelled.schema import ConceptCase, ConceptReport

REPO = Path(__file__).resolve().parents[2]
_UNSAFE = re.compile(r'[\\/:*?"<>|\s：]+')


def report_file_name(report: ConceptReport) -> str:
    """`20250410_国投证券_ADC行业深度….txt` for a written or seed report; the sample's own name otherwise."""
    if report.file:
        return Path(report.file).name
    title = _UNSAFE.sub("_", report.title).strip("_")[:60]
    return f"{report.date.replace('-', '')}_{report.broker}_{title}.txt"


def report_pages(report: ConceptReport) -> list[str]:
    if report.pages is None:
        raise ValueError(f"{report.id} has no pages (a sample file: {report.file})")
    return [p.text for p in sorted(report.pages, key=lambda p: p.page)]


def write_case_corpus(case: ConceptCase, folder: Path) -> dict[str, str]:
    """Write (or copy) every report of `case` into `folder`; report id -> file name. Files already
    there with the same bytes are left alone, so a library ingest skips them."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for report in case.reports:
        name = report_file_name(report)
        target = folder / name
        if report.file:
            source = REPO / report.file
            if not target.is_file() or target.read_bytes() != source.read_bytes():
                shutil.copyfile(source, target)
        else:
            text = "\f".join(report_pages(report))
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
        names[report.id] = name
    return names
