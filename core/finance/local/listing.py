"""One page of a list, with the filters of docs/finance-serve.md (offset paging, as Zoho's
``page``/``per_page``), over a :class:`LocalFinance` organisation."""
from __future__ import annotations

from . import validate as v
from .models import Contact, Document, Package

MAX_PER_PAGE = 200


def list_page(service, doc_type: str, page: int = 1, per_page: int = MAX_PER_PAGE,
              since=None, sort_column: str | None = None, descending: bool = False,
              filters: dict | None = None) -> tuple[list[dict], bool]:
    """The records of ``page`` (1-based) and whether another page follows."""
    model, where = service._scope(doc_type)
    service._refresh(doc_type)
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    if since is not None:
        where &= model.last_modified_time >= v.parse_time(since)
    filters = {k: val for k, val in (filters or {}).items() if val not in (None, "")}
    if hasattr(model, "crm_id"):  # finance-serve's custom_field filter (and its variants)
        if "crm_id" in filters:
            where &= model.crm_id == str(filters["crm_id"])
        if "crm_id_startswith" in filters:
            where &= model.crm_id.startswith(str(filters["crm_id_startswith"]))
        if "crm_id_contains" in filters:
            where &= model.crm_id.contains(str(filters["crm_id_contains"]))
    if "status" in filters and hasattr(model, "status"):
        where &= model.status == str(filters["status"])
    if "contact_type" in filters and model is Contact:
        where &= Contact.contact_type == str(filters["contact_type"])
    for key in ("customer_id", "vendor_id"):
        if key in filters:
            contact = v.parse_id(filters[key], key)
            if model is Document:
                where &= Document.contact_id == contact
            elif hasattr(model, "customer_id"):
                where &= model.customer_id == contact
    if "salesorder_id" in filters and model is Package:
        where &= Package.salesorder_id == v.parse_id(filters["salesorder_id"], "salesorder_id")
    if sort_column == "last_modified_time":
        order = [model.last_modified_time.desc(), model.id.desc()] if descending else \
            [model.last_modified_time, model.id]
    else:
        order = [model.id.desc()] if descending else [model.id]
    rows = list(model.select().where(where).order_by(*order)
                .offset((page - 1) * per_page).limit(per_page + 1))
    more = len(rows) > per_page
    rows = rows[:per_page]
    lines = service._lines(rows) if model is Document else {}
    return [service._dict(doc_type, row, lines.get(row.id, []) if model is Document else None)
            for row in rows], more
