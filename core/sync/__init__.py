"""The sync engine: outbox, workers, periodic and manual syncs, mappings (docs/sync.md)."""
from __future__ import annotations


def _on_record_written(module, record, operation):
    from flask import current_app
    from .outbox import record_written
    record_written(current_app.extensions["finsuite"], module, record, operation)


def setup_sync(app, registry) -> None:
    """Wire the outbox to saves, the sync fields to API dumps, and bind the embedded finance
    application's database. Called by ``create_app``."""
    from ..finance.local import setup_finance
    from ..finance.local.doc_types import install
    from ..signals import record_written
    from .state import extend_dump
    install(registry.finance_doc_types.values())
    setup_finance(app)
    record_written.connect(_on_record_written)  # idempotent: blinker keeps one per receiver
    app.extensions["finsuite.dump"] = [extend_dump(registry)]
