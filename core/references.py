"""What deleting a record does to the records that point at it through a module's
``references`` (an invoice's ``account_id``, a line's ``product_id``): a reference the pointing
module ``protects`` refuses the delete, naming who still points at it; any other is emptied in
the delete's transaction, so no record is left pointing at nothing."""
from __future__ import annotations

import peewee

from .i18n import gettext as _, translate_declared as tr


def _column(model, name: str):
    """The plain integer column ``name`` of ``model``, or ``None`` (a foreign key is the
    database's own business: ``ON DELETE`` does it)."""
    field = model._meta.fields.get(name) or model._meta.columns.get(name)
    if field is None or isinstance(field, peewee.ForeignKeyField):
        return None
    return field


def _label(module) -> str:
    """``Invoices (Books)``: the module's label, with its app's when that is another word."""
    label = tr(module.label)
    app = (module.app or "").title()
    return f"{label} ({tr(app)})" if app and app.lower() not in label.lower() else label


def release_references(registry, module, tenant, record_id: int) -> None:
    """Refuse (``Conflict``) or empty the references to ``module``'s record ``record_id``."""
    from .records import Conflict
    holders, emptied = [], []
    for other in registry.modules.values():
        for name, target in other.references.items():
            column = _column(other.model, name) if target == module.name else None
            if column is None:
                continue
            pointing = (other.model.tenant == tenant) & (column == record_id)
            if name in other.protects:
                count = other.model.select().where(pointing).count()
                if count:
                    holders.append(f"{count} × {_label(other)}")
            else:
                emptied.append((other.model, column, pointing))
    if module.name == "products":  # every document's lines, whether or not a module lists them
        for lines in {m.line_items.model for m in registry.modules.values() if m.line_items is not None}:
            column = _column(lines, "product_id")
            if column is not None:
                emptied.append((lines, column, (lines.tenant == tenant) & (column == record_id)))
    if holders:
        raise Conflict(_("This %(singular)s cannot be deleted while other records refer to it: %(holders)s. "
                         "Delete or reassign them first.", singular=tr(module.singular).lower(),
                         holders=", ".join(holders)))
    done = set()
    for model, column, pointing in emptied:
        if (model, column.name) not in done:  # a line model may be a module too (books/items)
            done.add((model, column.name))
            model.update({column: None}).where(pointing).execute()
