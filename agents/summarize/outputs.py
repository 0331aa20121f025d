"""The output folder of a batch: `YYYYMMDD_券商_标题_<report_id>.json` + `.md` per report, `index.csv` and
`index.xlsx` (agents/summarize/index_files.py), `consensus.md` and `consensus.xlsx` (agents/consensus/export.py).

Files are written atomically (temp file + rename), so a killed run never leaves a half-written file.
A summary is finished only when both of its files are: the `.md` is written first and the `.json`
last, and `finished` wants both, so a run killed between the two redoes that report on the rerun.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable

from agents.consensus.aggregate import build_consensus, primary_ticker
from agents.consensus.claim_similarity import sentence_vectors
from agents.consensus.export import consensus_sheets
from agents.consensus.render import render_markdown
from agents.summarize.index_files import BASE_COLUMNS, eps_years, file_stem, index_fields, xlsx_bytes
from agents.summarize.models import ReportSummary
from agents.summarize.render import render_summary
from tools.files import write_atomic
from tools.xlsx import write_bytes_atomic, write_xlsx

INDEX_COLUMNS = ("report_id", "title", "broker", "date", *BASE_COLUMNS, "status", "tokens", "cost_cny",
                 "cost_usd", "verified_share", "pages", "source", "reason")
# Reports without a single stock are grouped by the theme their title names.
THEMES = ("人形机器人", "低空经济", "算力", "储能", "光伏", "半导体", "智能驾驶", "自动驾驶", "固态电池", "风格")


class OutputFolder:
    def __init__(self, root: Path, *, checkpoint: Callable[[str], None] | None = None):
        self.root = root
        self._checkpoint = checkpoint or (lambda name: None)
        root.mkdir(parents=True, exist_ok=True)

    def json_path(self, report_id: str) -> Path:
        """The stored summary of a report: `…_<report_id>.json` (or the older `<report_id>.json`)."""
        named = sorted(self.root.glob(f"*_{report_id}.json"))
        return named[0] if named else self.root / f"{report_id}.json"

    def md_path(self, report_id: str) -> Path:
        return self.json_path(report_id).with_suffix(".md")

    def error_path(self, report_id: str) -> Path:
        return self.root / "failed" / f"{report_id}.json"

    def finished(self, report_id: str, fingerprint: dict) -> ReportSummary | None:
        """The stored summary when it was made by the same engine, model and prompt versions."""
        path = self.json_path(report_id)
        if not path.exists() or not self.md_path(report_id).exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        if data.get("fingerprint") != fingerprint:
            return None
        return ReportSummary.model_validate(data["summary"])

    def save(self, summary: ReportSummary, fingerprint: dict) -> None:
        payload = {"fingerprint": fingerprint, "summary": summary.model_dump(mode="json")}
        stem = file_stem(summary)
        stale = [p for p in (self.json_path(summary.report_id),) if p.exists() and p.stem != stem]
        for old in stale:  # a title or date read differently now: one file pair per report (json first: unfinished)
            old.unlink(missing_ok=True)
            old.with_suffix(".md").unlink(missing_ok=True)
        write_atomic(self.root / f"{stem}.md", render_summary(summary))
        self._checkpoint("summary.md_written")
        write_atomic(self.root / f"{stem}.json", json.dumps(payload, ensure_ascii=False, indent=2))
        self.error_path(summary.report_id).unlink(missing_ok=True)
        self._checkpoint("summary.saved")

    def save_failure(self, report_id: str, source: str, reason: str, title: str = "", broker: str = "") -> None:
        payload = {"report_id": report_id, "source": source, "reason": reason, "title": title, "broker": broker}
        write_atomic(self.error_path(report_id), json.dumps(payload, ensure_ascii=False, indent=2))

    def summaries(self) -> list[ReportSummary]:
        out = []
        for path in sorted(self.root.glob("*.json")):
            if not path.with_suffix(".md").exists():
                continue  # its .md is missing: not a finished summary
            try:
                out.append(ReportSummary.model_validate(json.loads(path.read_text(encoding="utf-8"))["summary"]))
            except (OSError, ValueError, KeyError):
                continue  # not ours, or unreadable: index.csv lists what we can vouch for
        return out

    def failures(self) -> list[dict]:
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((self.root / "failed").glob("*.json"))]

    def write_index(self, extra_rows: list[dict] = ()) -> Path:
        summaries = self.summaries()
        years = eps_years(summaries)
        columns = INDEX_COLUMNS[:4 + len(BASE_COLUMNS)] + tuple(f"eps_{y}" for y in years) + INDEX_COLUMNS[4 + len(BASE_COLUMNS):]
        rows = [{
            "report_id": s.report_id, "title": s.title, "broker": s.broker or "", "date": s.date or "",
            **index_fields(s, years), "status": s.status, "tokens": s.tokens, "cost_cny": f"{s.cost_cny:.6f}",
            "cost_usd": f"{s.cost_usd:.6f}", "verified_share": f"{s.citations.verified_share:.3f}", "pages": s.page_count,
            "source": s.source, "reason": s.status_reason or "",
        } for s in summaries]
        done = {r["report_id"] for r in rows}
        for failure in self.failures():
            if failure["report_id"] not in done:
                rows.append({"report_id": failure["report_id"], "status": "failed", "source": failure["source"],
                             "reason": failure["reason"], "title": failure.get("title", ""),
                             "broker": failure.get("broker", "")})
        rows += [r for r in extra_rows if r["report_id"] not in done]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path = self.root / "index.csv"
        write_atomic(path, buffer.getvalue())
        write_bytes_atomic(self.root / "index.xlsx", xlsx_bytes(columns, rows))
        return path

    def write_consensus(self) -> Path:
        groups: dict[str, list[ReportSummary]] = {}
        for s in self.summaries():
            ticker = primary_ticker(s)
            theme = next((t for t in THEMES if t in s.title), None)
            key = ticker or theme
            if key:
                groups.setdefault(key, []).append(s)
        parts = ["# 卖方观点汇总", "",
                 "按个股（同一股票代码）或主题（标题中的主题词）分组；每组至少两家券商的研报才做汇总。", ""]
        built = []
        for key, members in sorted(groups.items()):
            if len({m.broker for m in members}) < 2:
                continue
            ticker = primary_ticker(members[0]) if key == primary_ticker(members[0]) else None
            built.append(build_consensus(members, subject=key, ticker=ticker, encode=sentence_vectors))
            parts.append(render_markdown(built[-1]))
            parts.append("")
        if len(parts) == 4:
            parts.append("（没有两家以上券商覆盖的同一对象。）")
        path = self.root / "consensus.md"
        write_atomic(path, "\n".join(parts))
        write_xlsx(self.root / "consensus.xlsx", consensus_sheets(built))
        return path
