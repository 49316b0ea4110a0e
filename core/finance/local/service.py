"""``LocalFinance``: one organisation of the embedded finance application, reached through
:class:`core.finance.base.FinanceService` (docs/sync.md), plus the finance-side operations."""
from __future__ import annotations

import datetime as dt
from typing import Iterator

import peewee

from ...db import insert_rows
from ..base import RejectedError
from . import records as r
from . import validate as v
from .db import finance_db
from .doc_types import doc_type as doc_type_named
from .documents import check_move, document_dict, next_number
from .finance_side import FinanceSide
from .ledger import refresh_statuses
from .listing import party_documents
from .models import Contact, Document, Item, Line

PAGE = 200
BULK = {"contacts": (Contact, r.apply_contact), "items": (Item, r.apply_item)}  # create_many's INSERTs


class LocalFinance(FinanceSide):
    """The embedded finance application for ``organization_id`` (``app``: the CRM app asking).
    What each kind of record is, and how it is written, moved and deleted, is its
    :class:`core.FinanceDocType` (``doc_types.py``)."""

    #: ``create`` refuses a second record with the same crm_id atomically (a unique index):
    #: ``RejectedError`` with code ``"duplicate"``, so callers may create first, find after
    unique_crm_id = True

    def __init__(self, organization_id: str, app=None):
        if not organization_id:
            raise ValueError("an organization_id is required")
        self.org = str(organization_id)
        self.app = app

    # --- helpers -------------------------------------------------------------------------
    def _scope(self, kind):
        model = kind.model
        where = model.organization_id == self.org
        return model, (where & kind.scope()) if kind.scope else where

    def _row(self, kind, finance_id, required: bool = True):
        model, where = self._scope(kind)
        try:
            number = int(str(finance_id))
        except (TypeError, ValueError):
            number = 0
        row = model.get_or_none(where & (model.id == number)) if 0 < number < 2**63 else None
        if row is None and required:
            raise v.not_found(kind.label, finance_id)
        return row

    def _refresh(self, kind) -> None:
        if kind.dated:
            refresh_statuses(self.org)

    # --- FinanceService ------------------------------------------------------------------
    def create(self, doc_type: str, payload: dict, crm_id_required: bool = True) -> dict:
        """``crm_id_required=False``: a record made without our id (finance-serve, as Zoho
        makes records whatever their custom fields)."""
        kind = doc_type_named(doc_type)
        if kind.write is None:
            raise v.reject(f"{doc_type} are made by the finance application, not created")
        if not isinstance(payload, dict):
            raise v.reject("the record must be an object")
        crm_id = v.text(payload, "crm_id", required=crm_id_required, max_length=100) or None
        try:  # the unique index (organisation, type, crm_id) refuses a second copy
            with finance_db.atomic():
                row = kind.model(organization_id=self.org, crm_id=crm_id)
                if kind.series:
                    row.number = next_number(self.org, kind.series)
                row = kind.write(self.org, row, payload, True)
        except peewee.IntegrityError:
            existing = self.find_by_crm_id(doc_type, crm_id)
            raise RejectedError(f"A record with crm_id {crm_id} already exists"
                                + (f" (id {existing['id']})" if existing else ""), "duplicate") from None
        return kind.to_dict(row)

    def create_many(self, doc_type: str, payloads: list[dict]) -> list[dict]:
        """Create several records at once, all or none (one transaction; contacts and items in
        multi-row INSERTs): ``RejectedError`` if any is refused, code ``"duplicate"`` when a
        crm_id already exists. Returns the records in the order of ``payloads``."""
        if doc_type not in BULK:
            with finance_db.atomic():
                return [self.create(doc_type, payload) for payload in payloads]
        model, apply = BULK[doc_type]
        rows = []
        for payload in payloads:
            if not isinstance(payload, dict):
                raise v.reject("the record must be an object")
            row = model(organization_id=self.org, crm_id=v.text(payload, "crm_id", required=True, max_length=100))
            apply(row, payload, True)
            row.touch()
            rows.append(row)
        try:
            names = [f.name for f in model._meta.sorted_fields if f.name != "id"]
            with finance_db.atomic():
                insert_rows(model, [{name: row.__data__.get(name) for name in names} for row in rows])
        except peewee.IntegrityError:
            raise RejectedError("A record with one of these crm_ids already exists", "duplicate") from None
        stored = {}
        crm_ids = [row.crm_id for row in rows]
        for start in range(0, len(crm_ids), 500):
            stored.update((row.crm_id, row) for row in model.select().where(
                (model.organization_id == self.org) & model.crm_id.in_(crm_ids[start:start + 500])))
        to_dict = doc_type_named(doc_type).to_dict
        return [to_dict(stored[crm_id]) for crm_id in crm_ids]

    def update(self, doc_type: str, finance_id: str, payload: dict, previous: dict | None = None) -> dict:
        kind = doc_type_named(doc_type)
        if kind.write is None:
            raise v.reject(f"{doc_type} are made by the finance application and cannot be changed")
        if not isinstance(payload, dict):
            raise v.reject("the record must be an object")
        try:
            with finance_db.atomic():
                row = self._row(kind, finance_id)
                crm_id = v.text(payload, "crm_id", max_length=100)
                if crm_id and crm_id != row.crm_id:
                    row.crm_id = crm_id
                row = kind.write(self.org, row, payload, False)
        except peewee.IntegrityError:
            raise RejectedError(f"A record with crm_id {payload.get('crm_id')} already exists",
                                "duplicate") from None
        return kind.to_dict(row)

    def get(self, doc_type: str, finance_id: str) -> dict | None:
        kind = doc_type_named(doc_type)
        self._refresh(kind)
        row = self._row(kind, finance_id, required=False)
        return kind.to_dict(row) if row else None

    def find_by_crm_id(self, doc_type: str, crm_id: str) -> dict | None:
        kind = doc_type_named(doc_type)
        model, where = self._scope(kind)
        if not crm_id or not hasattr(model, "crm_id"):
            return None
        row = model.get_or_none(where & (model.crm_id == str(crm_id)))
        return kind.to_dict(row) if row else None

    def list_changed(self, doc_type: str, since: dt.datetime | None) -> Iterator[dict]:
        kind = doc_type_named(doc_type)
        model, where = self._scope(kind)
        self._refresh(kind)
        if since is not None:
            where &= model.last_modified_time >= v.parse_time(since)
        last = None
        while True:
            query = model.select().where(where)
            if last is not None:
                query = query.where((model.last_modified_time > last[0])
                                    | ((model.last_modified_time == last[0]) & (model.id > last[1])))
            rows = list(query.order_by(model.last_modified_time, model.id).limit(PAGE))
            if model is Document:  # their lines in one query a page
                lines = self._lines(rows)
                yield from (document_dict(row, lines.get(row.id, [])) for row in rows)
            else:
                yield from (kind.to_dict(row) for row in rows)
            if len(rows) < PAGE:
                return
            last = (rows[-1].last_modified_time, rows[-1].id)

    def _lines(self, documents) -> dict[int, list]:
        out: dict[int, list] = {}
        ids = [d.id for d in documents]
        if ids:
            for line in Line.select().where(Line.document.in_(ids)).order_by(Line.document, Line.position):
                out.setdefault(line.document_id, []).append(line)
        return out

    def action(self, doc_type: str, finance_id: str, action: str) -> dict:
        kind = doc_type_named(doc_type)
        if action in kind.actions:
            kind.actions[action](self.org, self._row(kind, finance_id))
            return self.get(doc_type, finance_id)
        self._refresh(kind)
        with finance_db.atomic():
            row = self._row(kind, finance_id)
            row.status = check_move(kind.moves, doc_type, action, getattr(row, "status", ""), kind.label)
            row.touch()
            row.save()
            if kind.after_move:
                kind.after_move(self.org, row)
        return kind.to_dict(row)

    def list_ids(self, doc_type: str) -> Iterator[str]:
        model, where = self._scope(doc_type_named(doc_type))
        for (finance_id,) in model.select(model.id).where(where).order_by(model.id).tuples().iterator():
            yield str(finance_id)

    def delete(self, doc_type: str, finance_id: str) -> None:
        kind = doc_type_named(doc_type)
        if kind.delete is None:
            raise v.reject(f"{doc_type} cannot be deleted through the API")
        with finance_db.atomic():
            kind.delete(self.org, self._row(kind, finance_id))

    def party_documents(self, doc_type: str, party_id: str, statuses=()) -> list[dict]:
        """The documents of a customer or vendor in some statuses (what one of its figures sums):
        an optional read of a :class:`FinanceService`, for "Documents behind this figure"."""
        return party_documents(self, doc_type, party_id, statuses)

    def figures(self, doc_type: str, finance_id: str) -> dict:
        record = self.get(doc_type, finance_id)
        if record is None:
            raise v.not_found(doc_type, finance_id)
        return {k: record[k] for k in doc_type_named(doc_type).figures if k in record}
