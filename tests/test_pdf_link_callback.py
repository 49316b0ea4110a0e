"""B8: the PDF renderer loads only the application's own static files (core.pdf.link_callback)."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from core.pdf import REFUSED, html_to_pdf, link_callback, resolve_static

STATIC = Path(__file__).resolve().parent.parent / "core" / "web" / "static"
CSS = STATIC / "finsuite.css"


@pytest.mark.parametrize("uri", [
    "file:///etc/passwd", "FILE:///etc/passwd", "file://localhost/etc/passwd",
    "http://127.0.0.1:8000/x.png", "https://example.com/a.css", "//example.com/a.css", "ftp://example.com/x",
    "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)",
    "../../etc/passwd", "../../../../../../etc/passwd", "/assets/../../../../etc/passwd",
    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "finsuite.css/../../../pdf.py", "..\\..\\etc\\passwd",
    "/etc/passwd", "/etc/hosts", str(CSS), str(CSS.parent.parent / "templates" / "base.html"),
    "/assets/finsuite.css?x=1", "/assets/does-not-exist.png", "/assets/", "", "C:\\Windows\\win.ini",
    "/assets/finsuite.css\x00.png",
])
def test_b8_link_callback_refuses_everything_but_static_files(ctx, uri):
    assert resolve_static(uri) is None
    assert link_callback(uri, None) == REFUSED
    assert REFUSED.startswith("data:") and REFUSED.endswith(",")  # inline and empty: nothing is read


@pytest.mark.parametrize("uri", ["/assets/finsuite.css", "finsuite.css", "/assets/finsuite.js"])
def test_b8_link_callback_resolves_the_applications_static_files(ctx, uri):
    target = (STATIC / Path(uri).name).resolve()
    assert resolve_static(uri) == target
    assert link_callback(uri, None) == str(target)


def test_b8_link_callback_refuses_a_real_file_outside_static_however_spelled(ctx, tmp_path):
    """A file that exists, but outside the static folders, is refused as an absolute path and
    when put under the static URL."""
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")
    assert resolve_static(str(outside)) is None
    assert resolve_static(f"/assets/{outside}") is None


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        self.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_b8_raw_html_pointing_elsewhere_fetches_nothing(ctx):
    """Even markup that reaches xhtml2pdf unescaped (a template's own) fetches nothing outside
    static: images, stylesheets, @import, backgrounds and fonts alike."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        html = f"""<html><head><link rel="stylesheet" href="{base}/s.css"><link rel="stylesheet" href="/etc/passwd">
<style>@import url({base}/i.css); body {{ background-image: url({base}/bg.png) }}
@font-face {{ font-family: x; src: url({base}/f.ttf) }}</style></head>
<body><p>Readable</p><img src="file:///etc/passwd"><img src="{base}/x.png"><img src="../../etc/hosts">
<img src="/etc/passwd"><link rel="stylesheet" href="/assets/finsuite.css"></body></html>"""
        pdf = html_to_pdf(html)
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF-")
    assert Recorder.seen == []
