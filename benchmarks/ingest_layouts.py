"""Process layouts of `touyan ingest` on the sample PDFs, each against LangChain (goal 4a) and against
embedding its own calls the way it embedded them (goal 4b), in paired rounds.

    python -m benchmarks.ingest_layouts [--runs 3] [--layouts a,b,c,d]

a: as shipped (one parse worker; the embedding helper takes part of every call)
b: two parse workers, with the helper
c: one parse worker, no helper: all embedding in this process (4b's floor: the calls in this process)
d: one parse worker; the helper only once every file is parsed (before, the parse worker has that core)

Each round runs the layouts and LangChain in turn, the order rotated round by round; every layout's floor
is measured right after its run (benchmarks.ingest_throughput.embed_alone, call by call as embedded).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from benchmarks import ingest_throughput as bench
from touyan import file_batch
from touyan.parse_pool import Closing, parsed_in_order, pool_workers

LAYOUTS = {"a": "shipped: 1 parse worker + helper", "b": "2 parse workers + helper",
           "c": "1 parse worker, no helper", "d": "1 parse worker, helper once all files are parsed"}


class HelperAfterParsing:
    """The embedding helper, asked only once the parse pool has handed over every file; records, call by
    call, whether it was asked (the floor embeds each call the same way)."""

    def __init__(self, helper) -> None:
        self.helper, self.parsed_all, self.asked = helper, False, []

    @property
    def pid(self):
        return self.helper.pid

    def embed(self, texts, embed_here):
        self.asked.append(self.parsed_all)
        return self.helper.embed(texts, embed_here) if self.parsed_all else embed_here(texts)

    def watching(self, files, *args, **kwargs) -> Closing:
        """parsed_in_order, noting when the last file's result has come back."""
        files = list(files)
        parsed = parsed_in_order(files, *args, **kwargs)
        self.parsed_all = False

        def items():
            for seen, item in enumerate(parsed, start=1):
                self.parsed_all = seen >= len(files)
                yield item

        return Closing(items(), parsed.close)


def run_layout(layout: str, paths, ef, embeddings, helper) -> tuple:
    """(IngestRun, floor s) of one ingest in `layout`."""
    late = HelperAfterParsing(helper)
    file_batch.pool_workers = (lambda files, cpus=None: 2) if layout == "b" else pool_workers
    file_batch.parsed_in_order = late.watching if layout == "d" else parsed_in_order
    try:
        run = bench.ingest_side("ours-batch", paths, ef, embeddings, {"c": None, "d": late}.get(layout, helper))
    finally:
        file_batch.pool_workers, file_batch.parsed_in_order = pool_workers, parsed_in_order
    if layout != "d":
        return run, bench.embed_alone(ef, run.embedded, None if layout == "c" else helper)
    started = time.perf_counter()
    for texts, asked in zip(run.embedded, late.asked):
        helper.embed(texts, ef) if asked else ef(texts)
    return run, time.perf_counter() - started


def measure(layouts: list[str], runs: int) -> dict[str, list]:
    paths = bench.sample_pdfs()
    ef = bench.load_model("use")
    embeddings = bench.langchain_embeddings(ef)
    helper = bench.start_helper("use", len(paths))
    if helper is None:
        raise SystemExit("no embedding helper here (one core, or a model that is not one-thread local)")
    sides = [*layouts, "langchain"]
    results: dict[str, list] = {side: [] for side in sides}
    try:
        for i in range(runs + 1):  # round 0 warms up
            for side in sides[i % len(sides):] + sides[:i % len(sides)]:
                out = ((bench.ingest_side("langchain", paths, ef, embeddings), 0.0) if side == "langchain"
                       else run_layout(side, paths, ef, embeddings, helper))
                results[side] += [out] if i else []
    finally:
        helper.close()
    return results


def report(results: dict[str, list]) -> list[str]:
    median = statistics.median
    langchain = [run.seconds for run, _ in results["langchain"]]
    lines = [f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}; LangChain wall median "
             f"{median(langchain):.3f} s"]
    for layout, pairs in results.items():
        if layout == "langchain":
            continue
        wall = [run.seconds for run, _ in pairs]
        a4 = [lc / w for lc, w in zip(langchain, wall)]
        b4 = [run.seconds / floor for run, floor in pairs]
        lines.append(f"{layout} ({LAYOUTS[layout]}): wall median {median(wall):.3f} s "
                     f"({', '.join(f'{w:.2f}' for w in wall)}); CPU {median([r.cpu_seconds for r, _ in pairs]):.2f} s; "
                     f"floor {median([f for _, f in pairs]):.3f} s; 4a {median(a4):.2f}x "
                     f"({', '.join(f'{x:.2f}' for x in a4)}); 4b {median(b4):.2f}x ({', '.join(f'{x:.2f}' for x in b4)})")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--layouts", default="a,b,c,d")
    args = parser.parse_args(argv)
    layouts = [x for x in args.layouts.split(",") if x in LAYOUTS]
    print("\n".join(report(measure(layouts, max(1, args.runs)))))


if __name__ == "__main__":
    main()
