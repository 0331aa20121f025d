"""A real Chroma server (`chroma run`, shipped with the chromadb package) for the team suite, on
127.0.0.1 and a free port, its data in a temp folder.

    with ChromaServer() as chroma:
        url = chroma.url   # http://127.0.0.1:PORT
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests.support.services import Service, free_port, wait_until

CHROMA = Path(sys.executable).parent / "chroma"


class ChromaServer(Service):
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="touyan-chroma-"))
        self.log = self.folder / "server.log"
        self.port = 0
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def start(self) -> ChromaServer:
        for attempt in range(3):  # the free port may be taken between choosing and binding it
            self.port = free_port()
            with self.log.open("ab") as log:
                self._process = subprocess.Popen(
                    [str(CHROMA), "run", "--host", "127.0.0.1", "--port", str(self.port), "--path",
                     str(self.folder / "data")], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            try:
                wait_until(self._ready, timeout_s=60, what="chroma run", log=self.log,
                           alive=lambda: self._process.poll() is None)
                return self
            except RuntimeError:
                self._terminate()
                if attempt == 2:
                    raise
        return self

    def _terminate(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def stop(self) -> None:
        self._terminate()
        shutil.rmtree(self.folder, ignore_errors=True)
