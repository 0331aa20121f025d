"""python -m scripts.layout_corpus [OUT_DIR]: regenerate the realistic layout corpus."""
from __future__ import annotations

import sys
from pathlib import Path

from .build import build_corpus


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "data" / "layout_corpus"
    manifest = build_corpus(out)
    print(f"{len(manifest)} documents, {sum(m['pages'] for m in manifest)} pages -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
