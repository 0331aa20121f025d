"""tiktoken encodings from the files bpe-openai ships: no download, same tokens as tiktoken's."""

from __future__ import annotations

import gzip
import hashlib
import inspect
import os
import re
import shutil
import subprocess
import sys

import pytest

from tools.tokens import (
    EncodingFileError,
    bundled_encoding_path,
    count_tokens,
    get_encoding,
    install_offline_encodings,
    read_verified_bpe,
    truncate_to_tokens,
)

MIXED = "人形机器人产业链深度报告：灵巧手是核心部件。Tesla Optimus targets 2025 mass production!"


def _tiktoken_literals(name: str) -> tuple[str, str]:
    """(blob URL, expected sha256) as written in tiktoken's own plugin source."""
    from tiktoken_ext import openai_public

    source = inspect.getsource(openai_public)
    match = re.search(r'"(https://[^"]+/' + name + r'\.tiktoken)",\s*expected_hash="([0-9a-f]{64})"', source)
    assert match, f"tiktoken's source no longer names {name}"
    return match.group(1), match.group(2)


@pytest.fixture(autouse=True)
def no_download(tmp_path, monkeypatch):
    """An empty tiktoken cache and a read_file that fails: any fetch attempt fails the test."""
    import tiktoken.load

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty-tiktoken-cache"))

    def refuse(blobpath: str) -> bytes:
        raise AssertionError(f"tiktoken tried to fetch {blobpath}")

    monkeypatch.setattr(tiktoken.load, "read_file", refuse)


@pytest.fixture()
def fresh_registry(monkeypatch):
    """tiktoken's registry as in a new process, so install has to build the encodings itself."""
    import tiktoken.registry

    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})


def test_install_makes_tiktoken_api_work(fresh_registry):
    import tiktoken

    with pytest.raises(AssertionError, match="tried to fetch"):
        tiktoken.get_encoding("cl100k_base")  # proves the guard: without install it would download
    install_offline_encodings()
    assert tiktoken.get_encoding("cl100k_base").name == "cl100k_base"
    assert tiktoken.encoding_for_model("gpt-4o-mini").name == "o200k_base"
    assert tiktoken.encoding_for_model("gpt-4").name == "cl100k_base"


def test_install_is_idempotent(fresh_registry):
    import tiktoken

    install_offline_encodings()
    first = tiktoken.get_encoding("o200k_base")
    install_offline_encodings()
    assert tiktoken.get_encoding("o200k_base") is first


@pytest.mark.parametrize("encoding", ["cl100k_base", "o200k_base"])
def test_round_trip_chinese_and_english(encoding):
    enc = get_encoding(encoding)
    assert enc.decode(enc.encode(MIXED)) == MIXED
    assert count_tokens(MIXED, encoding) == len(enc.encode(MIXED))


def test_known_token_ids():
    # Ids of the real encodings, read once from tiktoken with its downloaded files.
    assert get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert get_encoding("o200k_base").encode("hello world") == [24912, 2375]
    assert count_tokens("hello world") == 2
    assert count_tokens("The quick brown fox jumps over the lazy dog.") == 10


def test_special_tokens_match_tiktoken():
    enc = get_encoding("cl100k_base")
    assert enc.encode("<|endoftext|>", allowed_special="all") == [100257]
    assert enc.n_vocab == 100277
    assert get_encoding("o200k_base").encode("<|endoftext|>", allowed_special="all") == [199999]
    # User text that spells a special token is counted as text, not rejected.
    assert count_tokens("报告<|endoftext|>结束") > 3


def test_truncate_keeps_whole_characters():
    total = count_tokens(MIXED)
    assert truncate_to_tokens(MIXED, total) == MIXED
    assert truncate_to_tokens(MIXED, 0) == ""
    for limit in range(1, total):
        cut = truncate_to_tokens(MIXED, limit)
        assert MIXED.startswith(cut)
        assert "\ufffd" not in cut
        assert count_tokens(cut) <= limit
    assert len(truncate_to_tokens(MIXED, total - 1)) > len(truncate_to_tokens(MIXED, 3))


def test_langchain_openai_counts_offline(fresh_registry):
    from langchain_openai import ChatOpenAI

    install_offline_encodings()
    llm = ChatOpenAI(model="gpt-4o-mini", api_key="sk-test", base_url="http://127.0.0.1:9")
    assert llm.get_num_tokens("你好，世界") == count_tokens("你好，世界", "o200k_base") > 0


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_bundled_file_has_tiktoken_hash(name):
    _, expected = _tiktoken_literals(name)
    data = read_verified_bpe(bundled_encoding_path(name), expected)
    assert hashlib.sha256(data).hexdigest() == expected


def test_corrupted_file_is_rejected(tmp_path):
    _, expected = _tiktoken_literals("cl100k_base")
    data = bytearray(gzip.decompress(bundled_encoding_path("cl100k_base").read_bytes()))
    data[1000] ^= 0x01
    corrupted = tmp_path / "cl100k_base.tiktoken.gz"
    corrupted.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(EncodingFileError, match="SHA-256"):
        read_verified_bpe(corrupted, expected)
    truncated = tmp_path / "truncated.tiktoken.gz"
    truncated.write_bytes(bundled_encoding_path("cl100k_base").read_bytes()[:5000])
    with pytest.raises(EncodingFileError):
        read_verified_bpe(truncated, expected)


def test_cache_dir_files_serve_another_process(tmp_path):
    cache = tmp_path / "tiktoken-cache"
    install_offline_encodings(cache)
    expected_names = {
        "cl100k_base": "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
        "o200k_base": "fb374d419588a4632f3f557e76b4b70aebbca790",
    }
    for name, file_name in expected_names.items():
        url, sha256 = _tiktoken_literals(name)
        assert hashlib.sha1(url.encode()).hexdigest() == file_name
        assert hashlib.sha256((cache / file_name).read_bytes()).hexdigest() == sha256
    assert sorted(p.name for p in cache.iterdir()) == sorted(expected_names.values())

    # A separate process with only TIKTOKEN_CACHE_DIR (no install call) finds the files.
    shutil.rmtree(tmp_path / "empty-tiktoken-cache", ignore_errors=True)
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(cache)}
    code = ("import tiktoken; print(tiktoken.get_encoding('o200k_base').encode('hello world'),"
            " tiktoken.get_encoding('cl100k_base').encode('hello world'))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[24912, 2375] [15339, 1917]"


def test_second_cache_dir_is_filled_after_registration(tmp_path):
    install_offline_encodings()
    later = tmp_path / "later-cache"
    install_offline_encodings(later)
    assert len(list(later.iterdir())) == 2
