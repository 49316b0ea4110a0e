"""The JSON API under /api/v1: every registered module, the plugins' too (FEATURES C6).

Authentication is by ``Authorization: Bearer <token>`` only (``g.user`` is ``None``
otherwise). Errors are JSON, never an HTML page: see :mod:`core.api.errors`.
The routes live in :mod:`core.api.records` (modules and CRUD), :mod:`core.api.pages`
(related lists, strips, actions) and :mod:`core.api.openapi` (the OpenAPI document).
"""
from __future__ import annotations

from flask import Blueprint
from werkzeug.routing import BaseConverter

api = Blueprint("api", __name__, url_prefix="/api/v1")


class ModuleNameConverter(BaseConverter):
    """A module name such as ``accounts`` or ``books/invoices``.

    Segments start with a letter or ``_``, so ``accounts/5`` is the module ``accounts``
    and the id 5, never a module named ``accounts/5``; nor does a name end with ``/views``
    (the registry refuses one), so ``books/invoices/views`` is the module ``books/invoices``'s
    custom views (:mod:`core.api.views`), never a module named ``books/invoices/views``.
    """

    regex = r"[A-Za-z_][A-Za-z0-9_-]*(?:/[A-Za-z_][A-Za-z0-9_-]*)*(?<!/views)"
    part_isolating = False
    weight = 150


@api.record_once
def _add_converter(state) -> None:
    # must run before the blueprint's rules are added: it is the first deferred function
    state.app.url_map.converters.setdefault("module", ModuleNameConverter)


from . import documents, errors, openapi, pages, records  # noqa: E402,F401  (routes register on import)
from . import files  # noqa: E402,F401  (a record's uploaded files)
from . import views  # noqa: E402,F401  (custom views, B10)
from . import idempotency, preconditions  # noqa: E402,F401  (Idempotency-Key; ETag, If-Match, 412)
from . import reports  # noqa: E402,F401  (the Reports tab's library, results and CSV exports)
from . import dashboards  # noqa: E402,F401  (B12)
from . import emails  # noqa: E402,F401  (the e-mail log, B15)
from . import search  # noqa: E402,F401  (the global search, C10)
