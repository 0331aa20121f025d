"""evals/datasets/MANIFEST.json: sha256, item count, task, source and licence of every dataset.

`python -m evals.manifest` checks it; `--write` refreshes the hashes and counts after a dataset
edit (source and licence are kept as written). A test fails when a dataset and its entry differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from evals.items import DATASETS_DIR, load_items

MANIFEST = DATASETS_DIR / "MANIFEST.json"
DEFAULT_SOURCE = "hand-written golden set on data/samples (fictional reports written by the touyan project)"
DEFAULT_LICENCE = "Apache-2.0"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def describe(path: Path, previous: dict | None = None) -> dict:
    items = load_items(path)
    previous = previous or {}
    return {"sha256": sha256_of(path), "items": len(items), "tasks": sorted({i.task for i in items}),
            "source": previous.get("source", DEFAULT_SOURCE), "licence": previous.get("licence", DEFAULT_LICENCE),
            "description": previous.get("description", "")}


def read_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"datasets": {}}


def problems(folder: Path = DATASETS_DIR, manifest: Path = MANIFEST) -> list[str]:
    """What differs between the datasets on disk and the manifest (empty when they agree)."""
    listed = read_manifest(manifest).get("datasets", {})
    found = {p.name: p for p in sorted(folder.glob("*.jsonl"))}
    out = [f"{name}: 不在 MANIFEST.json 中" for name in sorted(set(found) - set(listed))]
    out += [f"{name}: MANIFEST.json 列出但文件不存在" for name in sorted(set(listed) - set(found))]
    for name in sorted(set(found) & set(listed)):
        actual = describe(found[name], listed[name])
        for key in ("sha256", "items", "tasks"):
            if actual[key] != listed[name].get(key):
                out.append(f"{name}: {key} 为 {actual[key]}，MANIFEST.json 记为 {listed[name].get(key)}")
        for key in ("source", "licence"):
            if not listed[name].get(key):
                out.append(f"{name}: MANIFEST.json 缺少 {key}")
    return out


def write_manifest(folder: Path = DATASETS_DIR, manifest: Path = MANIFEST) -> dict:
    listed = read_manifest(manifest).get("datasets", {})
    data = {"schema": "每行一个 JSON 对象：{id, task, input, reference, metadata}（见 evals/README.md）",
            "datasets": {p.name: describe(p, listed.get(p.name)) for p in sorted(folder.glob("*.jsonl"))}}
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refresh hashes and counts")
    args = parser.parse_args(argv)
    if args.write:
        write_manifest()
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
