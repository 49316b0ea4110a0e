"""The security headers of every answer (pages, API, error pages, static files), set by one
``after_request`` hook. The UI has no inline script, handler or style attribute: its script and
styles are the files in ``core/web/static`` (a ``<script type="application/json">`` data block
is not script)."""
from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'", "object-src 'none'"))
HSTS = "max-age=31536000"


def init_security_headers(app: Flask) -> None:
    secure = bool(app.config["SESSION_COOKIE_SECURE"])

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        if secure:  # served over HTTPS (the cookie would not come back otherwise)
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
