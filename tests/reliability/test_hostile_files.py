"""Issue 11, case 4: every hostile file gets one clear line and the rest of the batch goes in.

Before, one path aborted the whole batch: a non-UTF-8 name (UnicodeEncodeError in the catalog; 15 good
files lost), a file symlink loop (RuntimeError from Path.resolve before anything went in), a name with
`[/]` (Rich MarkupError; `[glob]` vanished from printed paths), a FIFO named *.txt (hung), a 200 MB
text file (no cap: 1.48 GB RSS after 6 minutes, ~7 hours projected)."""

from __future__ import annotations

import os
import re
import tracemalloc

import pytest

from tests.reliability import procs
from tests.reliability.conftest import report_text, write_corpus
from tests.reliability.library_checks import assert_consistent
from tests.support.pdfs import make_pdf
from tools.documents import DocumentError, FileLimits, load_document

LINE = re.compile(r"^(✓ 已入库|✗ 失败)  (.*)$", re.M)
# file name → what its one line must say
HOSTILE = {
    "report_\\xff\\xfe.txt": "UTF-8",
    "loop.txt": "符号链接循环",
    "pipe.txt": "FIFO",
    "device.txt": "设备文件",
    "huge.txt": "文件过大",
    "corrupt.pdf": "corrupt PDF",
    "long.txt": "页数过多",
    "long.pdf": "页数过多",
}


def _hostile_folder(folder) -> list:
    """15 good reports, two good ones with markup-like names, and one of every hostile kind."""
    good = write_corpus(folder, 15)
    (folder / "研报[").mkdir()  # its file's path reads `…/研报[/]华泰证券_宁德时代.txt`: Rich's closing tag
    for name in ("研报[/]华泰证券_宁德时代.txt", "[glob]中信证券_储能.txt"):
        (folder / name).write_text(report_text(100 + len(good)), encoding="utf-8")
        good.append(folder / name)
    with open(os.path.join(os.fsencode(folder), b"report_\xff\xfe.txt"), "wb") as handle:
        handle.write(report_text(900).encode("utf-8"))
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "device.txt").symlink_to("/dev/zero")
    with open(folder / "huge.txt", "wb") as handle:  # 200 MB, sparse: costs no disk, reads as zeros
        handle.truncate(200 * 1024 * 1024)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n")
    (folder / "long.txt").write_text("\f".join(f"第{i}页：正文。" for i in range(8)), encoding="utf-8")
    make_pdf(folder / "long.pdf", [[f"Page {i} body text."] for i in range(8)])
    return good


def test_every_hostile_file_gets_one_line_and_the_rest_go_in(tmp_path, home, touyan_env, embedding):
    folder = tmp_path / "batch"
    good = _hostile_folder(folder)
    env = {**touyan_env, "TOUYAN_MAX_PAGES": "5", "TOUYAN_PROGRESS_EVERY": "5"}
    run = procs.run(["ingest", str(folder)], env, tmp_path / "ingest.log", timeout=120)  # a FIFO read would hang
    assert run.code == 1, run.output
    lines = LINE.findall(run.output)
    assert len(lines) == len(good) + len(HOSTILE), run.output  # one line per file, no more
    for name, says in HOSTILE.items():
        mine = [text for mark, text in lines if os.path.basename(text.split(": ", 1)[0]) == name]
        assert len(mine) == 1 and says in mine[0], (name, mine, run.output)
    ok = {text.split("  (", 1)[0] for mark, text in lines if mark == "✓ 已入库"}
    assert ok == {str(p) for p in good}  # `[/]` and `[glob]` printed verbatim, and ingested
    assert "Traceback" not in run.output and "入库：5/" in run.output  # progress lines without a terminal
    assert_consistent(home / "library", embedding, good)

    for args in (["concept", "[/]"], ["search", "[/] 储能"], ["concept", "[glob]储能"]):  # typed text is not markup
        typed = procs.run(args, touyan_env, tmp_path / f"{args[0]}.log", timeout=120)
        assert typed.code in (0, 4) and "Traceback" not in typed.output, typed.output
        assert args[0] == "search" or args[1] in typed.output, typed.output


def test_summarize_isolates_each_file_too(tmp_path, home, touyan_env, embedding):
    folder = tmp_path / "batch"
    good = _hostile_folder(folder)
    out = tmp_path / "out"
    run = procs.run(["summarize", str(folder), "--out", str(out), "--engine", "extractive"],
                    {**touyan_env, "TOUYAN_MAX_PAGES": "5"}, tmp_path / "summarize.log", timeout=180)
    assert run.code == 1, run.output
    assert run.output.count("✓ 完成") == len(good) and run.output.count("✗ 失败") == len(HOSTILE), run.output
    done = set(re.findall(r"^✓ 完成  (.*?)  引用核验", run.output, re.M))
    assert done == {p.name for p in good}  # names as text: `]华泰证券…` and `[glob]…` verbatim
    assert len(list(out.glob("*.md"))) == len(good) + 1  # + consensus.md


def test_a_200_mb_text_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError, match="文件过大"):
            load_document(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # not a byte of it was read into memory
    with pytest.raises(DocumentError, match="文件过大"):  # the cap is configurable: 1 MB refuses 2 MB of text
        (tmp_path / "two.txt").write_text("研" * 700_000, encoding="utf-8")
        load_document(tmp_path / "two.txt", FileLimits(max_text_bytes=1024 * 1024))
