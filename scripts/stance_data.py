"""The stance examples the stance estimates are measured on (issue 13).

Dev half only: the gold claims of the odd-numbered aggregation cases (evals/labelled/aggregation/agg-NN-*.json,
NN odd), each with the sentence of its page that holds its quote, its report's rating outlook and its case id
(the group for leave-one-case-out cross-validation). Even-numbered cases (the held-out half) are never opened.
Also the invented sentences of evals/stance/invented.jsonl, invented2.jsonl (a second blind set: contrast,
limitation, cost or competitor as subject, forecast cuts, neutral levels), each written by hand and committed
before any code ran on it, and invented3.jsonl (a third, committed before and run only after the stance changes
of issue-13k), and invented4.jsonl (a fourth, committed before any code ran on it: each row names its subject and
the subject's 申万 industry, since what a price or a rate means depends on whom it is read for) and invented5.jsonl
(the same, written after the issue-13o rules and committed before any code ran on it), and invented6.jsonl (140,
written from general broker usage across industries before any code ran on it, issue-13u) and invented7.jsonl (50,
the same, written by the author of the issue-13u rules after them: an upper bound, not a blind estimate) and
invented8.jsonl (160, written from general broker usage across 16 sectors before any code ran on it, issue-13st) and
invented11.jsonl (139, neutral context vs the broker's own view, each row with its report's rating, written before any
code ran on it, issue-13sn) and invented13.jsonl (143, positive/negative swaps, each row with its report's rating, written
before any code ran on it, issue-13sw; invented10 has two labels and its own script, evals/stance/conventions.py).

Runs against whichever `tools` package is on the path, so that an older checkout's stance can be measured on
today's gold:

    python scripts/stance_data.py [FIRST LAST]           # accuracy on dev cases FIRST..LAST and on the invented set
    PYTHONPATH=/tmp/old python scripts/stance_data.py 39 50   # the code before agg-39..50 was written, on them
    python scripts/stance_data.py --dump OUT.json        # every row with the rule reader's verdict
    python scripts/stance_data.py --misses               # also list each invented sentence read wrong
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "evals" / "labelled" / "aggregation"
INVENTED = ROOT / "evals" / "stance" / "invented.jsonl"
INVENTED_SETS = tuple(ROOT / "evals" / "stance" / f"invented{n}.jsonl" for n in ("", "2", "3", "4", "5", "6", "7", "8", "9", "11", "13"))
_CASE_NO = re.compile(r"agg-(\d+)-")
_END = "。！？!?\n"
_CLASS_RATING = {"positive": "买入", "neutral": "中性", "negative": "减持"}


def dev_case_files(first: int = 1, last: int = 10**6) -> list[Path]:
    """Odd-numbered case files only: the names are filtered before any file is read."""
    out = []
    for path in sorted(CASES.glob("agg-*.json")):
        no = int(_CASE_NO.match(path.name)[1])
        if no % 2 == 1 and first <= no <= last:
            out.append(path)
    return out


def _pages(report: dict) -> dict[int, str]:
    if report.get("pages") is not None:
        return {p["page"]: p["text"] for p in report["pages"]}
    from tools.documents import load_document

    return {p.number: p.text for p in load_document(ROOT / report["file"]).pages}


def sentence_of(page: str, quote: str) -> str:
    """The sentence of `page` that holds `quote` (whitespace ignored, as the gold matches quotes); the quote
    itself when it cannot be found."""
    flat = re.sub(r"[ \t\u3000]+", "", page)
    at = flat.find(re.sub(r"\s+", "", quote))
    if at < 0:
        flat = re.sub(r"\s+", "", page)
        at = flat.find(re.sub(r"\s+", "", quote))
    if at < 0:
        return quote
    start = max(flat.rfind(ch, 0, at) for ch in _END) + 1
    ends = [i for ch in _END if (i := flat.find(ch, at + len(quote))) >= 0]
    return flat[start:min(ends) + 1 if ends else len(flat)].strip()


def _industry(pages: dict[int, str]) -> str | None:
    """The industry the report's cover names, as the pipeline reads it (None for a checkout that reads none)."""
    try:
        from tools.claims.subject_costs import industry_of
    except ImportError:
        return None
    return industry_of(pages[min(pages)]) if pages else None


def dev_claims(first: int = 1, last: int = 10**6) -> list[dict]:
    """One row per gold claim of the dev half: case, id, quote, sentence, metric, stance, outlook, traps."""
    rows = []
    for path in dev_case_files(first, last):
        case = json.loads(path.read_text(encoding="utf-8"))
        reports = {r["id"]: r for r in case["reports"]}
        pages = {rid: _pages(r) for rid, r in reports.items()}
        industries = {rid: _industry(p) for rid, p in pages.items()}
        for claim in case["gold"]["claims"]:
            rating = reports[claim["report"]].get("rating") or {}
            rows.append({"case": case["id"], "id": claim["id"], "quote": claim["quote"], "metric": claim["metric"],
                         "sentence": sentence_of(pages[claim["report"]].get(claim["page"], ""), claim["quote"]),
                         "stance": claim["stance"], "traps": claim.get("traps", []),
                         "rating": _CLASS_RATING.get(rating.get("class")), "action": rating.get("action"),
                         "industry": industries[claim["report"]]})
    return rows


def invented(path: Path = INVENTED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(text: str, rating: str | None = None, action: str | None = None, *, kept: bool = True,
            industry: str | None = None) -> str:
    """The stance the checkout on the path gives `text` read as one kept claim: tools.claims.extract.claim_from_text
    (the rule reader), then what a kept claim adds (tools.claims.stance_kept.with_outlook) unless kept=False or
    the checkout has none; with the report's rating outlook when the checkout knows one, and the subject's
    industry when the checkout reads one (tools.claims.subject_costs)."""
    from tools.claims import extract

    if industry:
        try:
            from tools.claims.subject_costs import for_industry
        except ImportError:  # a checkout from before stance read the subject's industry
            pass
        else:
            with for_industry(industry):
                return predict(text, rating, action, kept=kept)

    try:
        from tools.claims.stance import report_outlook
    except ImportError:  # a checkout from before ratings lent their outlook: every report argues for its stock
        outlook, claim = "positive", extract.claim_from_text(text, 0)
    else:
        outlook = report_outlook(rating, action)
        claim = extract.claim_from_text(text, 0, None, outlook)
    try:
        from tools.claims.stance_kept import with_outlook
    except ImportError:  # a checkout from before it
        return claim.stance
    return with_outlook(claim, outlook).stance if kept else claim.stance


def _direction(text: str) -> str | None:
    from tools.claims.clauses import direction_of

    return direction_of(text)


def accuracy(rows: list[dict], field: str) -> tuple[int, int]:
    hits = sum(predict(r[field], r.get("rating"), r.get("action"), industry=r.get("industry")) == r["stance"]
               for r in rows)
    return hits, len(rows)


def dump(path: str) -> None:
    """Every dev row and invented sentence with the stance the checkout on the path gives its sentence/quote/text:
    the rule feature for a checkout older than today's (the rule reader alone, kept=False)."""
    rows = dev_claims()
    for r in rows:
        r["rule_sentence"] = predict(r["sentence"], r["rating"], r["action"], kept=False)
        r["rule_quote"] = predict(r["quote"], r["rating"], r["action"], kept=False)
        r["move"] = _direction(r["sentence"])
    extra = [r | {"rule_text": predict(r["text"], kept=False)} for r in invented()]
    Path(path).write_text(json.dumps({"dev": rows, "invented": extra}, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--dump"]:
        return dump(argv[1])
    misses = "--misses" in argv
    argv = [a for a in argv if a != "--misses"]
    first, last = (int(a) for a in argv[:2]) if len(argv) >= 2 else (1, 10**6)
    rows = dev_claims(first, last)
    for field in ("quote", "sentence"):
        hits, n = accuracy(rows, field)
        print(f"dev agg-{first}..{last} {field}: {hits}/{n} = {hits / n:.3f}" if n else "no rows")
    for path in INVENTED_SETS:
        examples = invented(path)
        hits, n = accuracy(examples, "text")
        print(f"{path.stem}: {hits}/{n} = {hits / n:.3f}")
        for r in examples if misses else ():
            if (got := predict(r["text"], industry=r.get("industry"))) != r["stance"]:
                print(f"  {r.get('kind', '')}\t{r.get('subject', '')}\tgold {r['stance']}\tread {got}\t{r['text']}")


if __name__ == "__main__":
    main(sys.argv[1:])
