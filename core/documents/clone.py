"""A copy of a document (issue 17, item 11): a new draft with the same customer, reference,
notes and lines, today's date and the document type's own due date, saved as a user's save is
(validated, audited, synced)."""
from __future__ import annotations

from ..records import create_record, dump

#: what a copy never takes: its own number, status, dates and what the finance application says
FRESH = ("number", "status", "date", "due_date", "expiry_date", "shipment_date", "delivery_date", "balance")
LINE_FIELDS = ("product_id", "name", "description", "quantity", "rate", "discount_percent", "tax_percent")


def clone_document(module, tenant, user, record):
    """The new draft copied from ``record`` (``core.Invalid`` if it no longer validates: a
    product deleted since ...)."""
    loadable = {name for name, field in module.schema().fields.items() if not field.dump_only}
    data = dump(module, record)
    values = {name: data[name] for name in loadable if name in data and name not in FRESH
              and name != module.line_items.field}
    values[module.line_items.field] = [{name: line.get(name) for name in LINE_FIELDS}
                                       for line in data.get(module.line_items.field) or []]
    return create_record(module, tenant, user, {k: v for k, v in values.items() if v is not None})
