"""An open library's keyword index (tantivy, memory/keyword_index.py) sees what another process ingested
or retired, in the next search, and reloads only when the catalog's generation moved: a long-running
`touyan serve` with a `touyan ingest` beside it (issue 15's keyword index on issue 11's leases)."""

from __future__ import annotations

import contextlib

from memory.filters import SearchFilters
from memory.report_library import ReportLibrary
from memory.search import search
from tests.reliability import procs
from tests.reliability.conftest import token, write_corpus
from tools.text import tokenize


def _keyword_ids(library, word: str) -> list[str]:
    return [cid for cid, _ in library.keywords.search(tokenize(word), 10, SearchFilters())]


def test_an_open_library_sees_another_process_ingest_and_retire(tmp_path, home, touyan_env, embedding):
    folder = tmp_path / "reports"
    write_corpus(folder, 3)
    assert procs.run(["ingest", str(folder)], touyan_env, tmp_path / "first.log").code == 0
    with contextlib.closing(ReportLibrary(home / "library", embedding)) as library:
        assert [h.report_id for h in search(library, token(0), 5, mode="keyword")]
        reloads = library.keywords.reloads
        for _ in range(3):  # nothing changed: no reload
            assert _keyword_ids(library, token(1))
        assert library.keywords.reloads == reloads

        write_corpus(folder, 1, version=1)  # file 0 edited: another process replaces it
        second = procs.run(["ingest", str(folder)], touyan_env, tmp_path / "second.log")
        assert second.code == 0 and "↻ 已更新" in second.output, second.output

        assert _keyword_ids(library, token(0, 1))  # the new version, in the very next search
        assert _keyword_ids(library, token(0, 0)) == []  # the old version's keyword documents are gone
        assert library.keywords.reloads > reloads
        hits = search(library, token(0, 1), 5, mode="hybrid")
        assert hits and token(0, 1) in hits[0].text
