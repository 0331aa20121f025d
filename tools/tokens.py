"""tiktoken encodings without a network: cl100k_base and o200k_base from the files bpe-openai ships.

tiktoken fetches its BPE files from a blob store on first use, which fails here. bpe-openai carries the
same files gzipped; once decompressed their SHA-256 equals the hash tiktoken expects. We run
tiktoken's own constructors (so pat_str and special tokens stay tiktoken's) with a loader that reads
the local file, and put the ready Encoding into tiktoken's registry: `tiktoken.get_encoding` and
`encoding_for_model` (and langchain-openai's token counting) then work in this process.
Optionally the files are also written under tiktoken's cache names so other processes find them
through TIKTOKEN_CACHE_DIR (the CLI sets that variable, never this module).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import os
import threading
import types
from pathlib import Path
from typing import Callable

OFFLINE_ENCODINGS = ("cl100k_base", "o200k_base")

_lock = threading.Lock()
# Cache folders already filled in this process, so a second install is a set lookup.
_filled_cache_dirs: set[Path] = set()


class EncodingFileError(ValueError):
    """A bundled encoding file is missing or does not match the hash tiktoken expects."""


def bundled_encoding_path(name: str) -> Path:
    """The gzipped BPE file bpe-openai ships for `name` (found without importing bpe_openai)."""
    spec = importlib.util.find_spec("bpe_openai")
    if spec is None or not spec.submodule_search_locations:
        raise EncodingFileError("bpe-openai is not installed; it carries the offline tiktoken files")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.tiktoken.gz"
    if not path.is_file():
        raise EncodingFileError(f"bpe-openai has no {path.name} (looked in {path.parent})")
    return path


def read_verified_bpe(path: Path, expected_sha256: str) -> bytes:
    """The BPE file's bytes (gunzipped when it ends in .gz), checked against tiktoken's hash."""
    raw = Path(path).read_bytes()
    try:
        data = gzip.decompress(raw) if str(path).endswith(".gz") else raw
    except (OSError, EOFError) as exc:
        raise EncodingFileError(f"{path} is not a readable gzip file: {exc}") from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise EncodingFileError(
            f"{path} does not match tiktoken's expected SHA-256 {expected_sha256} (got {actual}); "
            "the file is corrupted or from another tiktoken version"
        )
    return data


def parse_bpe(data: bytes) -> dict[bytes, int]:
    """mergeable_ranks from the .tiktoken format: one `base64(token) rank` per line."""
    ranks: dict[bytes, int] = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def tiktoken_cache_name(blob_url: str) -> str:
    """The file name tiktoken's read_file_cached looks for: sha1 of the blob URL."""
    return hashlib.sha1(blob_url.encode()).hexdigest()


def _offline_spec(name: str, on_file: Callable[[str, bytes], None], parse: bool = True) -> dict:
    """Run tiktoken's constructor for `name` with a loader that reads the bundled file.

    The constructor is rebuilt over a copy of its module globals, so nothing global is patched;
    the blob URL and expected hash it passes are tiktoken's own literals. parse=False skips
    building the ranks when only the cache file is wanted.
    """
    from tiktoken_ext import openai_public

    original = getattr(openai_public, name)

    def load_local(blob_url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        if not expected_hash:
            raise EncodingFileError(f"tiktoken gave no expected hash for {blob_url}")
        data = read_verified_bpe(bundled_encoding_path(name), expected_hash)
        on_file(blob_url, data)
        return parse_bpe(data) if parse else {}

    namespace = {**vars(openai_public), "load_tiktoken_bpe": load_local}
    constructor = types.FunctionType(original.__code__, namespace, original.__name__,
                                     original.__defaults__, original.__closure__)
    return constructor()


def _write_cache_file(cache_dir: Path, blob_url: str, data: bytes) -> None:
    target = cache_dir / tiktoken_cache_name(blob_url)
    if target.is_file() and target.stat().st_size == len(data) and \
            hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest():
        return
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)  # atomic, so a concurrent reader never sees half a file


def _missing_encodings() -> list[str]:
    import tiktoken.registry as registry

    return [name for name in OFFLINE_ENCODINGS if name not in registry.ENCODINGS]


def install_offline_encodings(cache_dir: Path | None = None) -> None:
    """Make cl100k_base and o200k_base usable without a network. Idempotent; cheap when repeated.

    Registers the encodings in tiktoken's registry for this process and, when `cache_dir` is
    given, writes the verified files there under tiktoken's cache names.
    """
    cache_dir = Path(cache_dir).resolve() if cache_dir is not None else None
    if not _missing_encodings() and (cache_dir is None or cache_dir in _filled_cache_dirs):
        return
    with _lock:
        import tiktoken
        import tiktoken.registry as registry

        missing = _missing_encodings()
        if cache_dir is not None and cache_dir not in _filled_cache_dirs:
            cache_dir.mkdir(parents=True, exist_ok=True)
            for name in OFFLINE_ENCODINGS:
                if name not in missing:  # registered already: only the file is wanted
                    _offline_spec(name, lambda url, data: _write_cache_file(cache_dir, url, data), parse=False)
        for name in missing:
            def on_file(blob_url: str, data: bytes) -> None:
                if cache_dir is not None:
                    _write_cache_file(cache_dir, blob_url, data)

            encoding = tiktoken.Encoding(**_offline_spec(name, on_file))
            with registry._lock:  # the registry's own lock, the one get_encoding takes
                registry.ENCODINGS.setdefault(name, encoding)
        if cache_dir is not None:
            _filled_cache_dirs.add(cache_dir)


def get_encoding(encoding: str = "cl100k_base"):
    install_offline_encodings()
    import tiktoken

    return tiktoken.get_encoding(encoding)


def count_tokens(text: str, encoding: str = "cl100k_base") -> int:
    """Tokens in `text`; special-token strings in user text count as plain text, never raise."""
    return len(get_encoding(encoding).encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, max_tokens: int, encoding: str = "cl100k_base") -> str:
    """The longest prefix of `text` within `max_tokens` tokens, never ending in half a character."""
    if max_tokens <= 0:
        return ""
    enc = get_encoding(encoding)
    tokens = enc.encode(text, disallowed_special=())
    if len(tokens) <= max_tokens:
        return text
    keep = max_tokens
    while keep > 0:
        # A cut can split a multi-byte character; drop the dangling bytes rather than emit U+FFFD.
        prefix = enc.decode_bytes(tokens[:keep]).decode("utf-8", errors="ignore")
        if len(enc.encode(prefix, disallowed_special=())) <= max_tokens:
            return prefix
        keep -= 1  # re-encoding a cut prefix can merge differently; shrink until it fits
    return ""
