"""A copy of a document (issue 17, item 11): a new draft with the same customer, reference,
notes and lines, today's date and the document type's own due date, saved as a user's save is
(validated, audited, synced). Clone copies a document into its own module; Convert to Invoice
copies an estimate or a sales order into the invoices (:mod:`.convert`)."""
from __future__ import annotations

from ..records import create_record, dump

#: what a copy never takes: its own number, status, dates and what the finance application says
FRESH = ("number", "status", "date", "due_date", "expiry_date", "shipment_date", "delivery_date", "balance")
LINE_FIELDS = ("product_id", "name", "description", "quantity", "rate", "discount_percent", "tax_percent")


def copy_document(module, tenant, user, record, into=None, values: dict | None = None, preset: dict | None = None):
    """A new draft of ``into`` (``module`` itself by default) copied from ``record`` of ``module``:
    the fields both modules' forms take, and the lines. ``values`` replace copied input (a
    converted invoice's reference), ``preset`` sets read-only fields (its link to the estimate).
    ``core.Invalid`` if it no longer validates (a product deleted since ...)."""
    into = into or module
    loadable = {name for name, field in into.schema().fields.items() if not field.dump_only}
    data = dump(module, record)
    copied = {name: data[name] for name in loadable if name in data and name not in FRESH
              and name != into.line_items.field}
    copied[into.line_items.field] = [{name: line.get(name) for name in LINE_FIELDS}
                                     for line in data.get(module.line_items.field) or []]
    copied.update(values or {})
    return create_record(into, tenant, user, {k: v for k, v in copied.items() if v is not None}, preset=preset)


def clone_document(module, tenant, user, record):
    """The new draft of ``module`` copied from ``record`` (Clone)."""
    return copy_document(module, tenant, user, record)
