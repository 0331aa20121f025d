"""Offline embedding functions on the real models, chromadb round trips, and the OpenAI-compatible
function against a local stand-in server (the only thing here this machine cannot reach)."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from memory.embeddings import (
    EMBEDDING_DIMS,
    E5EmbeddingFunction,
    EmbeddingConfigError,
    OpenAICompatibleEmbeddingFunction,
    UseEmbeddingFunction,
    make_embedding_function,
)

SECRET = "sk-test-secret-4711"
DOCS = {
    "battery": "宁德时代是全球动力电池龙头，储能业务增长迅速。",
    "robot": "人形机器人的灵巧手和谐波减速器是核心零部件。",
    "drone": "低空经济带动无人机和电动垂直起降飞行器需求。",
}


def _matrix(embeddings) -> np.ndarray:
    return np.vstack([np.asarray(v) for v in embeddings])


@pytest.fixture(scope="module")
def e5_embedding():
    return make_embedding_function("e5")


@pytest.mark.parametrize("kind", ["use", "e5"])
def test_shape_dtype_and_unit_norm(kind):
    ef = make_embedding_function(kind)
    vectors = ef(list(DOCS.values()))
    assert len(vectors) == 3
    for v in vectors:
        assert isinstance(v, np.ndarray) and v.dtype == np.float32 and v.shape == (EMBEDDING_DIMS[kind],)
        assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    assert _matrix(ef.embed_query(["动力电池"])).shape == (1, EMBEDDING_DIMS[kind])


@pytest.mark.parametrize("kind", ["use", "e5"])
def test_deterministic_and_batch_independent(kind):
    ef = make_embedding_function(kind)
    texts = list(DOCS.values())
    first, second = _matrix(ef(texts)), _matrix(ef(texts))
    assert np.array_equal(first, second)
    alone = _matrix(ef([texts[1]]))[0]
    assert np.allclose(alone, first[1], atol=1e-4)


def test_use_paraphrase_is_closer_than_unrelated(use_embedding):
    pairs = [
        ("公司三季度营收同比增长两成。", "该公司第三季度收入较去年同期上升约20%。"),
        ("央行宣布下调存款准备金率。", "中国人民银行决定降低存款准备金率。"),
        ("人形机器人量产节奏可能推迟。", "人形机器人的大规模生产时间表或将延后。"),
    ]
    unrelated = "今天下午的足球比赛因大雨取消。"
    for a, b in pairs:
        va, vb, vu = _matrix(use_embedding([a, b, unrelated]))
        assert float(va @ vb) > float(va @ vu) + 0.1, (a, b)


def test_e5_uses_query_and_passage_prefixes(e5_embedding):
    text = "动力电池龙头是哪家公司？"
    as_query = _matrix(e5_embedding.embed_query([text]))[0]
    as_passage = _matrix(e5_embedding([text]))[0]
    assert not np.allclose(as_query, as_passage, atol=1e-3)
    passages = _matrix(e5_embedding(list(DOCS.values())))
    assert list(DOCS)[int(np.argmax(passages @ as_query))] == "battery"


def _close_chroma(client) -> None:
    from chromadb.api.shared_system_client import SharedSystemClient

    client._system.stop()
    SharedSystemClient.clear_system_cache()  # the next PersistentClient reads the folder afresh


def _client(path):
    import chromadb
    from chromadb.config import Settings

    return chromadb.PersistentClient(path=str(path), settings=Settings(anonymized_telemetry=False))


@pytest.mark.parametrize("kind, cls", [("use", UseEmbeddingFunction), ("e5", E5EmbeddingFunction)])
def test_persistent_collection_reopens_without_passing_the_function(tmp_path, kind, cls):
    client = _client(tmp_path)
    collection = client.create_collection("reports", embedding_function=make_embedding_function(kind))
    assert collection.configuration_json["hnsw"]["space"] == "cosine"
    collection.add(ids=list(DOCS), documents=list(DOCS.values()))
    _close_chroma(client)

    reopened = _client(tmp_path).get_collection("reports")
    assert isinstance(reopened.configuration["embedding_function"], cls)
    hits = reopened.query(query_texts=["机器人灵巧手供应商"], n_results=3)
    assert hits["ids"][0][0] == "robot"
    hits = reopened.query(query_texts=["储能电池"], n_results=3)
    assert hits["ids"][0][0] == "battery"


def test_local_function_rejects_a_collection_of_another_model():
    with pytest.raises(EmbeddingConfigError):
        UseEmbeddingFunction.build_from_config({"model": "some-other-model"})


# --- OpenAI-compatible endpoint, served locally ---------------------------------------------------

def _fake_vector(text: str, dim: int = 16) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    return [b / 255.0 - 0.5 for b in digest[:dim]]


class _EmbeddingsHandler(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        if self.path != "/v1/embeddings":
            self.send_error(404)
            return
        data = []
        for i, text in enumerate(body["input"]):
            vector = _fake_vector(text)
            if body.get("encoding_format") == "base64":
                vector = base64.b64encode(np.asarray(vector, dtype=np.float32).tobytes()).decode()
            data.append({"object": "embedding", "index": i, "embedding": vector})
        payload = json.dumps({"object": "list", "data": data, "model": body["model"],
                              "usage": {"prompt_tokens": 1, "total_tokens": 1}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture()
def embeddings_server():
    _EmbeddingsHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", _EmbeddingsHandler.requests
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_openai_function_embeds_through_the_endpoint(embeddings_server):
    base_url, requests = embeddings_server
    ef = make_embedding_function("openai", model="bge-m3", base_url=base_url, api_key=SECRET)
    texts = list(DOCS.values())
    got = _matrix(ef(texts))
    want = np.asarray([_fake_vector(t) for t in texts], dtype=np.float32)
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    assert np.allclose(got, want, atol=1e-6)
    assert np.allclose(_matrix(ef.embed_query([texts[0]]))[0], want[0], atol=1e-6)
    first = requests[0]
    assert first["path"] == "/v1/embeddings" and first["auth"] == f"Bearer {SECRET}"
    assert first["body"]["model"] == "bge-m3"
    assert first["body"]["input"] == texts  # plain text, not tiktoken ids


def test_openai_key_is_never_stored_or_shown(tmp_path, embeddings_server):
    base_url, _ = embeddings_server
    ef = make_embedding_function("openai", model="bge-m3", base_url=base_url, api_key=SECRET)
    assert ef.get_config() == {"model": "bge-m3", "base_url": base_url}
    assert SECRET not in repr(ef)

    client = _client(tmp_path)
    collection = client.create_collection("reports", embedding_function=ef)
    collection.add(ids=list(DOCS), documents=list(DOCS.values()))
    assert SECRET not in json.dumps(collection.configuration_json)
    _close_chroma(client)
    assert not any(SECRET.encode() in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())

    reopened = _client(tmp_path).get_collection("reports")
    with pytest.raises(EmbeddingConfigError, match="API key") as missing:
        reopened.query(query_texts=[DOCS["drone"]], n_results=1)
    assert SECRET not in str(missing.value)

    keyed = OpenAICompatibleEmbeddingFunction.build_from_config(reopened.configuration_json["embedding_function"]
                                                                ["config"], api_key=SECRET)
    hits = reopened.query(query_embeddings=keyed.embed_query([DOCS["drone"]]), n_results=1)
    assert hits["ids"][0] == ["drone"]


def test_factory_rejects_missing_key_and_unknown_kind():
    with pytest.raises(EmbeddingConfigError, match="API key"):
        make_embedding_function("openai", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(EmbeddingConfigError):
        make_embedding_function("word2vec")  # type: ignore[arg-type]
