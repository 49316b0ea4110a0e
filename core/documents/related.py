"""Documents in context: the related list of a parent's documents (an account's invoices, a
vendor's purchase orders), read in two bounded statements however many there are, and the
page indexes that keep those reads short."""
from __future__ import annotations

from ..declarations import Column, RelatedList
from ..i18n import N_
from ..migrations import ensure_index
from ..permissions import can_module
from .customer import number_label

#: rows a list shows; its ``total`` tells how many there are
LIMIT = 50
#: parent module -> the document field pointing at it
PARENT_FIELDS = {"accounts": "account_id", "contacts": "contact_id", "deals": "deal_id", "vendors": "vendor_id"}


def document_columns(module, *extra: Column) -> tuple[Column, ...]:
    """Number (a link), date, status, ``extra`` (a due date ...), total, and the balance due
    where the module's list shows it (invoices)."""
    owed = tuple(c for c in module.columns if c.name == "balance")
    return (Column("number", number_label(module.singular), link=True), Column("date", N_("Date")),
            Column("status", N_("Status")), *extra, Column("total", N_("Total")), *owed)


def parent_params(parent: str, record) -> dict:
    """What a New button fills in: the parent and, from it, its account / contact."""
    if parent == "accounts":
        return {"account_id": record.id}
    if parent == "contacts":
        return {"contact_id": record.id, "account_id": record.account_id}
    if parent == "deals":
        return {"deal_id": record.id, "account_id": record.account_id, "contact_id": record.contact_id}
    return {PARENT_FIELDS[parent]: record.id}


def newest_rows(model, tenant, field: str, parent_id: int, date_field: str = "date",
                limit: int = LIMIT) -> tuple[list, int]:
    """The newest ``limit`` rows of ``model`` whose ``field`` is ``parent_id`` (by ``date_field``,
    then id), and how many there are: two statements, however many rows there are. What a
    related list of a parent's records reads."""
    query = model.scoped(tenant).where(getattr(model, field) == parent_id)
    rows = list(query.order_by(getattr(model, date_field).desc(), model.id.desc()).limit(limit))
    return rows, query.count()


def document_related_list(module, parent: str, record, user, key: str, label: str, order: int = 100,
                          columns=None) -> RelatedList:
    """``module``'s documents of ``record`` (a record of the ``parent`` module), newest first,
    with a New button (for users who may create) prefilled with the parent, and the refresh icon."""
    rows, total = newest_rows(module.model, record.tenant_id, PARENT_FIELDS[parent], record.id)
    return RelatedList(key=key, label=label, module=module.name, records=rows,
                       columns=columns or document_columns(module), total=total, order=order,
                       can_create=can_module(user, module, "create"), new_params=parent_params(parent, record),
                       refreshable=True)


def document_page_indexes(parents_by_table: dict[str, tuple]):
    """A migration step (``up(migrator, database)``) creating, per table and parent field,
    ``(tenant_id, <parent>, date, id)`` (a related list reads only its parent's newest rows), and
    for a ``None`` parent ``(tenant_id, date, id, status)``: the list pages' newest-first sort,
    with the status in the index so a view of some statuses (unpaid, overdue) skips to a deep
    page without reading the rows it skips. It replaces a ``(tenant_id, date, id)`` made before."""
    def up(migrator, database) -> None:
        for table, parents in parents_by_table.items():
            for parent in parents:
                if parent:
                    ensure_index(database, table, ("tenant_id", parent, "date", "id"))
                    continue
                ensure_index(database, table, ("tenant_id", "date", "id", "status"))
                database.execute_sql(f'DROP INDEX IF EXISTS "{table}_tenant_id_date_id"')
    return up
