"""The kinds of records the embedded finance application keeps (:class:`core.FinanceDocType`):
the built-in ones and those plugins declare, installed at start-up from the registry.

Before any is installed (``finance-serve``, a script) the built-in kinds answer."""
from __future__ import annotations

from typing import Iterable

from . import validate as v

_installed: dict = {}


def install(doc_types: Iterable) -> None:
    """Make ``doc_types`` (the registry's ``finance_doc_types``) the kinds the embedded finance
    application keeps; the built-in kinds stay when the registry has none (a bare app)."""
    declared = {doc_type.name: doc_type for doc_type in doc_types}
    _installed.clear()
    _installed.update(declared or _builtin())


def _builtin() -> dict:
    from .builtin_types import builtin_doc_types
    return {doc_type.name: doc_type for doc_type in builtin_doc_types()}


def installed() -> dict:
    if not _installed:
        _installed.update(_builtin())
    return _installed


def doc_type(name: str):
    """The kind ``name``, or a ``RejectedError`` naming it."""
    found = installed().get(name)
    if found is None:
        raise v.reject(f"Unknown document type {name!r}")
    return found

