"""Distributed ingest throughput: the same corpus queued (`touyan ingest --queue`) and run by 1, 2 and 4
`touyan worker --burst` processes against a real PostgreSQL and Chroma server, each run into a fresh
database and an empty collection; the ratio of each to one worker, in the same run.

    nice python -m benchmarks.team_ingest_workers [--synthetic 60] [--embedding use] [--workers 1,2,4]

Corpus: the sample reports (PDF, Word, text, HTML) plus `--synthetic` Markdown reports of real corpus words
(benchmarks.synthetic_library's vocabulary; distinct broker, date, title and text, so no file is a
near-duplicate of another). Timed from the workers' start to the last one's exit (start-up included: a
worker imports the library and loads the embedding model). Prints JSON with the load average, since the
machine is shared: on 2 cores, more workers than cores cannot scale.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.synthetic_library import BROKERS, REPORTS, SEED, _draw_texts, corpus_vocabulary

TOUYAN = str(Path(sys.executable).parent / "touyan")
PAGES, CHUNKS_PER_PAGE = 6, 4


def build_corpus(folder: Path, synthetic: int) -> int:
    shutil.copytree(REPORTS, folder, ignore=shutil.ignore_patterns("MANIFEST.json"))
    vocab = corpus_vocabulary()
    rng = np.random.default_rng([SEED, 18])
    for n in range(synthetic):
        texts, _ = _draw_texts(vocab, rng, PAGES * CHUNKS_PER_PAGE)
        body = "\n\n".join(f"## 第{p + 1}部分\n\n" + "\n\n".join(texts[p * CHUNKS_PER_PAGE:(p + 1) * CHUNKS_PER_PAGE])
                           for p in range(PAGES))
        date = f"2024{1 + n % 12:02d}{1 + n % 28:02d}"
        (folder / f"{date}_{BROKERS[n % len(BROKERS)]}_合成研报第{n}号.md").write_text(f"# 合成研报第{n}号\n\n{body}\n",
                                                                                encoding="utf-8")
    return sum(1 for p in folder.iterdir() if p.is_file())


def run(env: dict, corpus: Path, workers: int) -> dict:
    queued = subprocess.run([TOUYAN, "ingest", "--queue", str(corpus)], env=env, capture_output=True, text=True)
    if queued.returncode != 0:
        raise RuntimeError(queued.stdout + queued.stderr)
    started = time.perf_counter()
    procs = [subprocess.Popen([TOUYAN, "worker", "--burst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for _ in range(workers)]
    for proc in procs:
        _, stderr = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(stderr[-2000:])
    wall = time.perf_counter() - started
    import psycopg

    with psycopg.connect(env["TOUYAN_CATALOG_URL"]) as conn:
        jobs = dict(conn.execute("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY 1").fetchall())
        chunks = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    return {"workers": workers, "wall_s": round(wall, 1), "jobs": jobs, "chunks": chunks,
            "chunks_per_s": round(chunks / wall, 1), "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=60)
    parser.add_argument("--embedding", default="use")
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()

    from tests.support.chroma_server import ChromaServer
    from tests.support.postgres_server import PostgresServer

    results: dict = {"embedding": args.embedding, "load_average_start": [round(x, 2) for x in os.getloadavg()],
                     "cpus": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory() as scratch, PostgresServer() as pg, ChromaServer() as chroma:
        corpus = Path(scratch) / "corpus"
        results["files"] = build_corpus(corpus, args.synthetic)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
        for n in (int(w) for w in args.workers.split(",")):
            home = Path(scratch) / f"home{n}"
            home.mkdir()
            env = {**base, "TOUYAN_HOME": str(home), "TOUYAN_EMBEDDING": args.embedding,
                   "TOUYAN_CATALOG_URL": pg.create_database(f"ingest{n}"), "TOUYAN_CHROMA_URL": chroma.url,
                   "TOUYAN_WORKER_HEARTBEAT_S": "10"}
            _empty(chroma.port)
            results["runs"].append(run(env, corpus, n))
            print(json.dumps(results["runs"][-1], ensure_ascii=False), file=sys.stderr, flush=True)
    one = results["runs"][0]["chunks_per_s"]
    for row in results["runs"]:
        row["ratio_to_first"] = round(row["chunks_per_s"] / one, 2)
    print(json.dumps(results, ensure_ascii=False, indent=1))


def _empty(port: int) -> None:
    import chromadb
    from chromadb.config import Settings

    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=Settings(anonymized_telemetry=False))
    for collection in client.list_collections():
        client.delete_collection(collection.name)


if __name__ == "__main__":
    main()
