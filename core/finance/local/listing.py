"""One page of a list, with the filters of docs/finance-serve.md (offset paging, as Zoho's
``page``/``per_page``), over a :class:`LocalFinance` organisation."""
from __future__ import annotations

from . import validate as v
from .doc_types import doc_type as doc_type_named
from .documents import document_dict
from .models import Contact, Document, Package

MAX_PER_PAGE = 200


def list_page(service, doc_type: str, page: int = 1, per_page: int = MAX_PER_PAGE,
              modified_after=None, by_modified: bool = False,
              filters: dict | None = None) -> tuple[list[dict], bool]:
    """The records of ``page`` (1-based) and whether another page follows, newest first: by
    creation (ids are given in creation order: Zoho's ``created_time``, ``D``), or with
    ``by_modified`` by ``last_modified_time`` (then id), the last modified first.
    ``modified_after``: only records modified after that time (Zoho's "modified after")."""
    kind = doc_type_named(doc_type)
    model, where = service._scope(kind)
    service._refresh(kind)
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    if modified_after is not None:
        where &= model.last_modified_time > v.parse_time(modified_after)
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
    order = [model.last_modified_time.desc(), model.id.desc()] if by_modified else [model.id.desc()]
    rows = list(model.select().where(where).order_by(*order)
                .offset((page - 1) * per_page).limit(per_page + 1))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if model is Document:  # their lines in one query
        lines = service._lines(rows)
        return [document_dict(row, lines.get(row.id, [])) for row in rows], more
    return [kind.to_dict(row) for row in rows], more


def party_documents(service, doc_type: str, party_id, statuses=(), limit: int = 1000) -> list[dict]:
    """The ``doc_type`` documents of the contact ``party_id`` (their customer or vendor) in one of
    ``statuses`` (any when empty), by due date then number, at most ``limit``: what one of the
    contact's figures sums (``ledger.CONTACT_FIGURES``), without their lines."""
    kind = doc_type_named(doc_type)
    model, where = service._scope(kind)
    if model is not Document:
        raise v.reject(f"{doc_type} have no customer or vendor")
    service._refresh(kind)
    where &= Document.contact_id == v.parse_id(party_id, "customer_id")
    if statuses:
        where &= Document.status.in_(list(statuses))
    rows = model.select().where(where).order_by(Document.due_date, Document.number, Document.id).limit(limit)
    return [document_dict(row, []) for row in rows]
