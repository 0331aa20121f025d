"""What a solver may read besides its item: the report library holding the eval corpus.

Items name reports by file name (`20250318_中信证券_….pdf`), so a dataset stays valid whatever
report ids the library assigns; the environment maps names to ids once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO_DIR / "data" / "samples" / "reports"


class UnknownReport(LookupError):
    pass


@dataclass
class EvalEnv:
    library: Any  # memory.report_library.ReportLibrary
    report_ids: dict[str, str]  # file name -> report_id
    _pages: dict[str, list[tuple[int, str]]] = field(default_factory=dict, repr=False)

    def report_id(self, name: str) -> str:
        try:
            return self.report_ids[name]
        except KeyError:
            raise UnknownReport(f"评测语料中没有研报文件 {name}（用 --corpus 指定语料目录）") from None

    def pages(self, name: str) -> list[tuple[int, str]]:
        if name not in self._pages:
            self._pages[name] = self.library.pages(self.report_id(name))
        return self._pages[name]

    def page_texts(self, name: str) -> dict[int, str]:
        return dict(self.pages(name))

    @property
    def stock_master(self):
        from tools.tickers import StockMaster

        return StockMaster.bundled()


def ingest_corpus(library, corpus: Path) -> dict[str, str]:
    """Ingest every document under `corpus` (a no-op for unchanged files); file name -> report_id."""
    from tools.documents import iter_document_paths, load_document

    ids = {}
    for path in iter_document_paths([corpus]):
        ids[path.name] = library.ingest(load_document(path)).report_id
    if not ids:
        raise UnknownReport(f"{corpus} 中没有可读取的研报")
    return ids


def eval_context(work_dir: Path, *, llm=None, prompts_dir: Path | None = None):
    """A Context whose library lives under `work_dir`, always with the offline `use` embedding so
    that retrieval, and so the scores, compare across machines. Market data stays offline (fixtures)."""
    from agents.context import Context, LibrarySpec
    from agents.llm.config import LLMConfig
    from agents.llm.usage import UsageTracker

    llm = llm or LLMConfig()
    work_dir = Path(work_dir)
    return Context(data_dir=work_dir, library=LibrarySpec(work_dir / "library", embedding="use"), llm=llm,
                   prompts_dir=prompts_dir, usage=UsageTracker(llm.prices))


def corpus_env(ctx, corpus: Path = SAMPLE_CORPUS) -> EvalEnv:
    """Ingest the corpus into the context's library and map file names to report ids."""
    library = ctx.report_library
    return EvalEnv(library, ingest_corpus(library, Path(corpus)))
