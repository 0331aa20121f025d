"""Imported by the suite's forkserver only (procs.PRELOAD), before it forks any child: what every
`touyan` child would otherwise load again on its own. chromadb's Rust bindings are imported on the first
PersistentClient (~2.4 s here), and jieba's dictionary on the first tokenize (~1 s). Neither starts a
thread, so forking after them is safe."""

import chromadb.api.rust  # noqa: F401

from tools.text import warm_up

warm_up()
