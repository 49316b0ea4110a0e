"""The server-rendered web UI."""
from __future__ import annotations


def register_web(app) -> None:
    from .auth_views import bp as auth_bp
    app.register_blueprint(auth_bp)
