"""Tables → .xlsx for researchers: Chinese column names, numbers stored as numbers, text kept as text.

One writer for every table touyan exports (search hits, concept companies, fund styles, strategy,
chat transcripts, summaries index, consensus). A caller describes its columns once:

    columns = [Column("code", "代码"), Column("weight", "权重", "percent"), Column("eps", "EPS（元）", "float")]
    write_xlsx(path, [Sheet("组合", columns, rows, notice="⚠ 样例数据…", notes=["权重：占组合的比例"])])

- Numbers: int/float/percent cells hold numbers (a percent is the fraction with a 0.00% format), so
  Excel sums and sorts them; None, NaN and text that is not a number stay empty, never "n/a" strings
  in a number column. Codes such as 000001 are text columns and keep their leading zeros.
- Text from documents is data: a value starting with "=" is stored as a string, never a formula, and
  characters XML cannot hold are dropped.
- Layout: an optional notice (e.g. the sample-data warning) on row 1 above the header, the header
  frozen, optional notes (one definition per line) under the table. `header_row(sheet)` says where
  the header is for code that reads the file back.
- The file is written to a temporary name in the same folder and renamed: never half-written.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping, Sequence

Kind = Literal["text", "int", "float", "percent"]
FORMATS = {"int": "0", "float": "0.00", "percent": "0.00%"}
_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    key: str  # the field in each row (mapping key or attribute name)
    header: str  # what a person reads: Chinese, with the unit when there is one
    kind: Kind = "text"
    number_format: str | None = None  # overrides FORMATS[kind], e.g. "0.000"
    width: int | None = None  # characters; default from the header and the values


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Any]  # mappings or objects with the columns' keys as attributes
    notice: str | None = None
    notes: Sequence[str] = field(default_factory=list)


def header_row(sheet: Sheet) -> int:
    """1-based row of the column names (2 when a notice sits above them)."""
    return 2 if sheet.notice else 1


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, Mapping) else getattr(row, key, None)


def cell_value(value: Any, kind: Kind) -> Any:
    """What goes into the cell: a number for number columns (or None), a clean string otherwise."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if kind != "text":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "").strip())
            except ValueError:
                return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        if math.isnan(number) or math.isinf(number):
            return None
        return int(round(number)) if kind == "int" else number
    if isinstance(value, (list, tuple)):
        value = "；".join(str(v) for v in value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fill(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    top = header_row(sheet)
    if sheet.notice:
        ws.cell(1, 1, cell_value(sheet.notice, "text")).font = Font(bold=True, color="C00000")
    widths = []
    for j, col in enumerate(sheet.columns, 1):
        head = ws.cell(top, j, col.header)
        head.font, head.alignment = Font(bold=True), Alignment(vertical="center", wrap_text=True)
        widths.append(_display_width(col.header))
    for i, row in enumerate(sheet.rows, top + 1):
        for j, col in enumerate(sheet.columns, 1):
            value = cell_value(_get(row, col.key), col.kind)
            cell = ws.cell(i, j, value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=..." from a document is text, never a formula
                widths[j - 1] = max(widths[j - 1], min(_display_width(value), 60))
            elif value is not None:
                cell.number_format = col.number_format or FORMATS[col.kind]
                widths[j - 1] = max(widths[j - 1], 10)
    below = top + len(sheet.rows) + 2
    for k, note in enumerate(sheet.notes):
        ws.cell(below + k, 1, cell_value(note, "text")).data_type = "s"
    for j, col in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(j)].width = col.width or min(max(widths[j - 1], 6) + 2, 62)
    ws.freeze_panes = ws.cell(top + 1, 1)


def to_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    if not sheets:
        raise ValueError("no sheet to write")
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        title = (sheet.title.translate(_BAD_TITLE).strip("'") or "Sheet")[:31]
        base, n = title, 2
        while title in used:  # sheet names must be unique
            title, n = f"{base[:28]}_{n}", n + 1
        used.add(title)
        _fill(book.create_sheet(title), sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: str | Path, sheets: Sequence[Sheet]) -> Path:
    """Write the workbook atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    data = to_bytes(sheets)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, data)
    return path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """`data` to a temporary file in the same folder, then renamed over `path`: never half-written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
