"""The global search (C10): the records of every module a user may view that a query finds,
grouped by module, as each module's list would find them (``core.record_lists``), in the
organisation of the request only."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..permissions import can_module
from .query import words

#: records shown per module (the API's ``limit``: 1 to :data:`MAX_LIMIT`)
LIMIT, MAX_LIMIT = 5, 20


@dataclass
class Found:
    """What a query found in one module: its ``total`` and the first records."""

    module: object
    total: int
    records: list = field(default_factory=list)


def searchable(registry, user, apps) -> list:
    """The modules ``user`` may view whose records search finds: with ``search_fields``, of the
    core or of an app the organisation enabled (``apps``), in the registry's order."""
    return [m for m in registry.modules.values()
            if m.search_fields and (m.app is None or m.app in apps) and can_module(user, m, "view")]


def search_everywhere(registry, user, tenant, apps, q: str, limit: int = LIMIT) -> list[Found]:
    """Each module of :func:`searchable` in which ``q`` finds something, with its first ``limit``
    records in the list's order; nothing for a query without a word."""
    from ..record_lists import list_records
    if not words(q):
        return []
    out = []
    for module in searchable(registry, user, apps):
        page = list_records(module, tenant, {"q": q, "per_page": limit})
        if page.total:
            out.append(Found(module, page.total, page.records))
    return out
