"""No-op re-ingest (issue 15, goal 2): unchanged files are recognized by size, mtime and hash before
any parsing or library open; anything the catalog does not vouch for goes through the normal ingest.
Timings are in benchmarks/reingest_noop.py; these tests check what is (not) done."""

from __future__ import annotations

import contextlib
import hashlib
import os

import pytest
from typer.testing import CliRunner

from memory.file_fingerprints import FileFingerprints, content_report_id
from tests.conftest import write_report
from tools.documents import PARSER_VERSION
from touyan.cli import app


def _run(home, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), *args], catch_exceptions=False)


@pytest.fixture()
def folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder, "20250312_中信证券_宁德时代深度报告.txt", ["宁德时代 储能出货高增", "目标价 320 元 维持买入"])
    write_report(folder, "20250601_华泰证券_机器人周报.txt", ["谐波减速器国产替代", "丝杠产能扩张"])
    return folder


@contextlib.contextmanager
def loads_counted(refuse: bool = False):
    """Counts files parsed and library opens; with `refuse`, either one fails the test."""
    import tools.documents
    from agents.context import LibrarySpec

    calls = {"parsed": 0, "opened": 0}
    load, open_ = tools.documents.load_document, LibrarySpec.open

    def counted(name, real):
        def run(*args, **kwargs):
            calls[name] += 1
            if refuse:
                raise AssertionError(f"{name} for an unchanged file")
            return real(*args, **kwargs)
        return run

    with pytest.MonkeyPatch.context() as patch:
        parse = counted("parsed", load)
        # ingest parses through touyan.parse_pool.parse_one, which looks load_document up on every call
        patch.setattr(tools.documents, "load_document", parse)
        patch.setattr(LibrarySpec, "open", counted("opened", open_))
        yield calls


def test_an_unchanged_folder_is_not_parsed_again(tmp_path, folder):
    home = tmp_path / "home"
    assert "✓ 已入库" in _run(home, "ingest", str(folder)).output
    with loads_counted(refuse=True):
        again = _run(home, "ingest", str(folder))
    assert again.exit_code == 0, again.output
    assert again.output.count("= 未变化") == 2 and "(2 页, " in again.output


def test_a_touched_file_is_hashed_and_an_edited_one_reingested(tmp_path, folder):
    home = tmp_path / "home"
    _run(home, "ingest", str(folder))
    first, second = sorted(folder.iterdir())
    os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 5_000_000_000))  # touch: same bytes
    with loads_counted(refuse=True):
        assert _run(home, "ingest", str(folder)).output.count("= 未变化") == 2
    second.write_text(second.read_text(encoding="utf-8") + "\f新增一页：产能利用率提升", encoding="utf-8")
    edited = _run(home, "ingest", str(folder))
    assert edited.output.count("= 未变化") == 1 and "↻ 已更新" in edited.output and "(3 页, " in edited.output
    with loads_counted(refuse=True):  # and the edit is remembered: the next run is a no-op again
        assert _run(home, "ingest", str(folder)).output.count("= 未变化") == 2


def test_the_catalog_has_the_last_word(tmp_path, folder):
    """A fingerprint alone never makes a file unchanged: a removed report, another parser version or a
    path now mapped to other content all go through the normal ingest."""
    from memory.catalog import Catalog
    from memory.leases import Owner

    home = tmp_path / "home"
    _run(home, "ingest", str(folder))
    library_dir = home / "library"
    paths = sorted(folder.iterdir())
    fingerprints = FileFingerprints(library_dir)
    try:
        unchanged, todo = fingerprints.split(paths, PARSER_VERSION)
        assert [p for p, _ in unchanged] == paths and todo == []
        assert fingerprints.split(paths, PARSER_VERSION + ".1") == ([], paths)  # a newer parser: re-read all
        catalog = Catalog(library_dir / "catalog.sqlite3")
        assert catalog.drop_report(content_report_id(paths[0]), Owner.current())  # invisible from now on
        catalog.close()
        unchanged, todo = fingerprints.split(paths, PARSER_VERSION)
        assert [p for p, _ in unchanged] == paths[1:] and todo == paths[:1]
        assert fingerprints.split([tmp_path / "gone.txt"], PARSER_VERSION) == ([], [tmp_path / "gone.txt"])
    finally:
        fingerprints.close()


def test_reread_parses_every_file(tmp_path, folder):
    home = tmp_path / "home"
    _run(home, "ingest", str(folder))
    with loads_counted() as calls:
        again = _run(home, "ingest", "--reread", str(folder))
    assert calls == {"parsed": 2, "opened": 1}
    assert again.exit_code == 0 and again.output.count("= 未变化") == 2  # parsed, then found unchanged by content


def test_an_unchanged_folder_still_opens_the_library_while_a_report_is_half_dropped(tmp_path, folder):
    """A writer killed between retiring a report and deleting its vectors leaves a 'dropping' row: the
    next ingest must open the library, whose sweep finishes it, even though no file it names changed."""
    from memory.catalog import Catalog
    from memory.leases import Owner

    home, other = tmp_path / "home", tmp_path / "other"
    other.mkdir()
    write_report(other, "20250701_国泰君安_储能周报.txt", ["储能招标放量", "电芯价格企稳"])
    _run(home, "ingest", str(folder), str(other))
    catalog = Catalog(home / "library" / "catalog.sqlite3")
    try:
        assert catalog.drop_report(content_report_id(next(other.iterdir())), Owner.current())
    finally:
        catalog.close()
    with loads_counted() as calls:
        again = _run(home, "ingest", str(folder))
    assert calls == {"parsed": 0, "opened": 1}
    assert again.exit_code == 0 and again.output.count("= 未变化") == 2


@pytest.mark.parametrize("size", [0, 1, 5_000, (1 << 20) - 1, 1 << 20, 3 * (1 << 20) + 7])
def test_content_report_id_hashes_every_byte_whatever_the_size_hint(tmp_path, size):
    """The id is the SHA-256 prefix of the whole file, with the size a stat gave, a stale one (the file
    grew or shrank since), or none: a hint only saves reads, it never cuts the hash short."""
    path = tmp_path / "f.bin"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path.write_bytes(data)
    expected = hashlib.sha256(data).hexdigest()[:16]
    for hint in {0, size, max(size - 1, 0), size // 2, size + 1, 1 << 20}:
        assert content_report_id(path, hint) == expected, hint
