"""A real HTTP file server on 127.0.0.1 (a free port) for download tests: it honours `Range: bytes=N-`
with 206, can cut a file's first response short (to test resuming), and records every request.

    with FileServer({"/pdf/H3_A_1.pdf": pdf_bytes}, cut_first={"/pdf/H3_A_1.pdf": 5000}) as server:
        url = server.url("/pdf/H3_A_1.pdf")
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FileServer:
    def __init__(self, files: dict[str, bytes], cut_first: dict[str, int] | None = None):
        self.files, self.cut_first = dict(files), dict(cut_first or {})
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                wanted = self.headers.get("Range")
                server.requests.append((self.path, wanted))
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                start = int(wanted.split("=")[1].split("-")[0]) if wanted else 0
                if start >= len(body):
                    self.send_error(416)
                    return
                self.send_response(206 if wanted else 200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(len(body) - start))
                if wanted:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.end_headers()
                cut = server.cut_first.pop(self.path, None)
                self.wfile.write(body[start:cut] if cut is not None else body[start:])
                if cut is not None:
                    self.close_connection = True  # the client sees a body shorter than Content-Length

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def paths_requested(self) -> list[str]:
        return [p for p, _ in self.requests]

    def __enter__(self) -> FileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
