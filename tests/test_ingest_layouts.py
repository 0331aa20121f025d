"""benchmarks/ingest_layouts.py: layout d asks the embedding helper only once every file is parsed."""

from __future__ import annotations

from benchmarks.ingest_layouts import HelperAfterParsing
from tools.file_reading import FileLimits


class FakeHelper:
    pid = 1

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts, embed_here):
        self.calls += 1
        return ["there"] * len(texts)


def test_the_helper_is_asked_only_after_the_last_file_is_parsed(tmp_path):
    files = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"{name} 研报正文。", encoding="utf-8")
        files.append(path)
    helper = FakeHelper()
    late = HelperAfterParsing(helper)
    here = lambda texts: ["here"] * len(texts)  # noqa: E731
    parsed = late.watching(files, FileLimits(), 0, lookahead=2)
    seen = []
    for _ in files:
        next(parsed)
        seen.append(late.embed(["x"], here)[0])
    parsed.close()
    assert seen == ["here", "here", "there"]
    assert late.asked == [False, False, True] and helper.calls == 1
