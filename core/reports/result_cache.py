"""A report's rows kept in the process until a table its query reads changes (``core.data_versions``):
a dashboard seen again, or by a colleague, costs one small query instead of its aggregates.

The key is the database, the query's SQL and parameters (the tenant, the filters, today's date
for relative filters are all in them); an entry is served only while the numbers of the tables
the query reads are those read before it ran, and for at most :data:`MAX_AGE` seconds. A
connection whose open transaction wrote one of those tables reads the database itself, and
keeps nothing. Large results are not kept (:data:`MAX_ROWS`)."""
from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict

from flask import current_app

from .. import data_versions
from ..db import db

MAX_ENTRIES = 256
MAX_ROWS = 5000
MAX_AGE = 600.0


class ResultCache:
    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def rows(self, sql: str, params, tables, read) -> list:
        """``read()``, the rows of ``sql`` made ready (kept ones while ``tables`` are unchanged).
        They are shared: read them, never change them."""
        database = db.obj
        if not getattr(database, "keeps_versions", False) or data_versions.pending(database, tables):
            return read()
        key = (_token(database), sql, tuple(params))
        versions = data_versions.current(db, tables)  # before the data: see core.data_versions
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == versions and time.monotonic() - entry[1] < MAX_AGE:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[2]
        self.misses += 1
        rows = read()
        if len(rows) <= MAX_ROWS:
            with self._lock:
                self._entries[key] = (versions, time.monotonic(), rows)
                self._entries.move_to_end(key)
                while len(self._entries) > MAX_ENTRIES:
                    self._entries.popitem(last=False)
        return rows


def _token(database) -> str:
    """A name for this database object that no other one ever has (``id`` is reused)."""
    token = getattr(database, "_finsuite_cache_token", None)
    if token is None:
        token = database._finsuite_cache_token = uuid.uuid4().hex
    return token


def results() -> ResultCache:
    """The application's cache of report rows (one per process)."""
    return current_app.extensions.setdefault("finsuite.report_results", ResultCache())
