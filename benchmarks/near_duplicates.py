"""Is 0.95 the right near-duplicate threshold? Shingle Jaccard (tools/text_similarity.py) measured on
copies of one report and on pairs of different reports, from the layout corpus, the seeds and the samples.

    python -m benchmarks.near_duplicates

Copies of one report (should be ≥ the threshold):
- watermark: a document's parsed text with a distribution stamp added on every page, as a report
  downloaded from another terminal carries (the usual "same report, other bytes" case);
- format: a PDF's parsed text against the text it was laid out from (layout corpus gold, the seeds,
  data/samples/source): page furniture, line breaks and extraction order differ.
Revisions (should be < the threshold: a report re-issued with new numbers is a new report): the same
text with every digit changed.
Different reports (should be < the threshold): every pair among the 42 documents of
data/samples/reports and data/layout_corpus, several of which cover the same company or theme.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "layout_corpus"
SAMPLES = REPO / "data" / "samples"
SEEDS = REPO.parent / "shared" / "seeds"
WATERMARK = "本报告仅供示例资产管理有限公司内部使用，未经授权不得转发"
# data/samples/source/NN_topic_house.txt → the sample report laid out from it (file-name words)
SAMPLE_SOURCES = {"01_robot_citic": ("中信证券", "人形机器人"), "02_robot_htsc": ("华泰证券", "人形机器人"),
                  "03_lowalt_gtja": ("国泰君安", "低空"), "04_ai_compute_cms": ("招商证券", "算力"),
                  "05_catl_citic": ("中信证券", "宁德"), "06_catl_htsc": ("华泰证券", "宁德"),
                  "07_moutai_gjzq": ("国金证券", "茅台"), "08_strategy_cicc": ("中金公司", "风格"),
                  "09_autodrive_dwzq": ("东吴证券", "驾驶"), "10_adversarial_sample": ("示例证券", "固态"),
                  "11_storage_gf": ("广发证券", "储能"), "12_pv_swhy": ("申万宏源", "光伏"),
                  "13_semi_htsec": ("海通证券", "半导体")}


def _text(path: Path) -> list[str]:
    from tools.documents import load_document

    return [p.content for p in load_document(path).pages]  # disclaimers are shared by a house's reports


def _gold(path: Path) -> str:
    gold = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("\n".join([p.get("header_text", ""), p.get("body_text", ""), p.get("footer_text", "")])
                     for p in gold["pages"])


def chunk_shingles(pages: list[str]) -> set[str]:
    """Shingles as the library takes them: per chunk of each page (memory/near_duplicates.py)."""
    from memory.chunking import chunk_page
    from tools.text_similarity import shingles

    return set().union(*(shingles(c) for p in pages for c in chunk_page(p)))


def documents() -> dict[str, list[str]]:
    from tools.documents import iter_document_paths

    paths = list(iter_document_paths([SAMPLES / "reports"])) + sorted(CORPUS.glob("*.pdf"))
    return {p.name: _text(p) for p in paths}


def format_pairs(docs: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(name, text a, text b) of the same report in two formats."""
    pairs = []
    for name, pages in docs.items():
        stem = Path(name).stem
        if (CORPUS / f"{stem}.json").exists() and name.startswith("lc"):
            pairs.append((name, "\n".join(pages), _gold(CORPUS / f"{stem}.json")))
        if name.startswith("seed") and SEEDS.is_dir():
            seed = next(SEEDS.glob(f"{stem[4:]}_*.txt"), None)
            if seed:
                pairs.append((name, "\n".join(pages), seed.read_text(encoding="utf-8")))
    for source, (broker, word) in SAMPLE_SOURCES.items():
        match = [n for n in docs if broker in n and word in n]
        if len(match) == 1:
            text = (SAMPLES / "source" / f"{source}.txt").read_text(encoding="utf-8")
            pairs.append((match[0], "\n".join(docs[match[0]]), text))
    return pairs


def main() -> None:
    from tools.text_similarity import NEAR_DUPLICATE, estimate, jaccard, signature

    docs = documents()
    sets = {n: chunk_shingles(p) for n, p in docs.items()}
    rows = []
    for name, pages in docs.items():
        stamped = chunk_shingles([f"{WATERMARK}\n{p}" for p in pages])
        rows.append(("watermark", name, jaccard(sets[name], stamped), _est(signature(sets[name]), signature(stamped),
                                                                         estimate)))
        revised = [re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), p) for p in pages]
        rows.append(("revision", name, jaccard(sets[name], chunk_shingles(revised)), None))
    for name, a, b in format_pairs(docs):
        a_set, b_set = chunk_shingles(a.split("\n")), chunk_shingles(b.split("\n"))
        rows.append(("format", name, jaccard(a_set, b_set), _est(signature(a_set), signature(b_set), estimate)))
    distinct = sorted(((jaccard(sets[a], sets[b]), a, b) for a, b in itertools.combinations(docs, 2)), reverse=True)
    print(f"documents: {len(docs)}; different-report pairs: {len(distinct)}; threshold {NEAR_DUPLICATE}")
    for kind in ("watermark", "format", "revision"):
        values = sorted(r[2] for r in rows if r[0] == kind)
        caught = sum(v >= NEAR_DUPLICATE for v in values)
        print(f"{kind}: n={len(values)} min={values[0]:.3f} median={values[len(values) // 2]:.3f} "
              f"≥{NEAR_DUPLICATE}: {caught}/{len(values)}; ≥0.9: {sum(v >= 0.9 for v in values)}; "
              f"≥0.8: {sum(v >= 0.8 for v in values)}")
        if kind == "revision":
            print(f"  revision max={values[-1]:.3f}")
    low = sorted((r for r in rows if r[0] == "format"), key=lambda r: r[2])[:5]
    print("lowest format pairs:", "; ".join(f"{n} {j:.3f}" for _, n, j, _ in low))
    errors = [abs(r[2] - r[3]) for r in rows if r[3] is not None]
    print(f"MinHash estimate vs exact Jaccard: max |error| {max(errors):.3f} over {len(errors)} pairs")
    print(f"different reports: max={distinct[0][0]:.3f} ≥{NEAR_DUPLICATE}: "
          f"{sum(d[0] >= NEAR_DUPLICATE for d in distinct)}")
    for j, a, b in distinct[:5]:
        print(f"  {j:.3f} {a} | {b}")


def _est(a, b, estimate):
    return estimate(a, b) if a is not None and b is not None else None


if __name__ == "__main__":
    main()
