"""Accuracy on evals/stance/invented10.jsonl under its two labels: `stance`, what the sentence says of the quantity
stated with its figure (the labelled set's convention: its gold claims quote that part), and `sentence_stance`, the
sentence's view read as one claim (the convention of invented.jsonl … invented9.jsonl).

    .venv/bin/python evals/stance/conventions.py [--rows]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.stance_data import predict  # noqa: E402


def main(argv: list[str]) -> None:
    rows = [json.loads(line) for line in (ROOT / "evals" / "stance" / "invented10.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    part = whole = 0
    for row in rows:
        read = predict(row["text"], industry=row.get("industry"))
        part += read == row["stance"]
        whole += read == row["sentence_stance"]
        if "--rows" in argv:
            print(f"{row['kind']:14} part={row['stance']:8} sentence={row['sentence_stance']:8} read={read:8} {row['text']}")
    print(f"invented10 part label: {part}/{len(rows)}  sentence label: {whole}/{len(rows)}")


if __name__ == "__main__":
    main(sys.argv[1:])
