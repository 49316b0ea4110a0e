"""The embedded finance application (connector ``local``, the default): a finance store of its
own, in its own database, holding many organisations (docs/sync.md, docs/finance-serve.md).

``setup_finance(app)`` binds its database from the Flask app's configuration
(``FINANCE_DATABASE_URL``, env ``FINSUITE_FINANCE_DATABASE_URL``; default beside the CRM's).
"""
from __future__ import annotations

from .db import bind_finance, finance_db, finance_url, init_finance_db


def setup_finance(app, create_tables: bool = True) -> str:
    """Bind the finance database for ``app`` (idempotent) and create its tables; returns the
    URL used (also kept as ``app.config["FINANCE_DATABASE_URL"]``)."""
    config = dict(app.config)
    config.setdefault("INSTANCE_PATH", app.instance_path)
    url = finance_url(config)
    app.config["FINANCE_DATABASE_URL"] = url
    bind_finance(url)
    if create_tables:
        with finance_db.connection_context():
            init_finance_db()
    return url


__all__ = ["bind_finance", "finance_db", "finance_url", "init_finance_db", "setup_finance"]
