"""Running several reports at once (a dashboard's components), each on its own database
connection in a thread of its own: a dashboard's data costs about its slowest report, not the
sum of them all. Each thread runs in the request's language, tenant and enabled apps."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import current_app, g, has_request_context
from flask_babel import force_locale, get_locale

from ..db import db

MAX_THREADS = 4


def run_side_by_side(work, items: list) -> list:
    """``[work(item) for item in items]``, the items run in up to :data:`MAX_THREADS` threads,
    answers in the items' order; one item runs in the calling thread."""
    if len(items) < 2:
        return [work(item) for item in items]
    app = current_app._get_current_object()
    locale = str(get_locale()) if has_request_context() else None
    carried = {name: g.get(name) for name in ("tenant", "apps", "user", "relay")}

    def one(item):
        with app.app_context():
            for name, value in carried.items():
                if value is not None:
                    setattr(g, name, value)
            with db.connection_context():
                if locale is None:
                    return work(item)
                with force_locale(locale):
                    return work(item)

    with ThreadPoolExecutor(max_workers=min(MAX_THREADS, len(items)), thread_name_prefix="finsuite-report") as pool:
        return list(pool.map(one, items))
