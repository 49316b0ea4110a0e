"""``LocalFinance``: one organisation of the embedded finance application, reached through
:class:`core.finance.base.FinanceService` (docs/sync.md), plus the finance-side operations."""
from __future__ import annotations

import datetime as dt
from typing import Iterator

import peewee

from ...db import insert_rows
from ..base import RejectedError
from . import ops
from . import records as r
from . import removal
from . import validate as v
from .db import finance_db
from .documents import DOCS, check_move, document_dict, invoice_status
from .finance_side import FinanceSide
from .ledger import line_item_ids, recalc_contacts, recalc_items, refresh_statuses, today_utc, unassociate_payments
from .models import Contact, Document, Expense, ExpenseReport, Item, Line, Package, Payment, Subscription
from .writing import write

PAGE = 200
SIMPLE = {"contacts": (Contact, r.contact_dict, "Contact"), "items": (Item, r.item_dict, "Item"),
          "expenses": (Expense, None, "Expense"), "expense_reports": (ExpenseReport, r.report_dict, "Expense report"),
          "subscriptions": (Subscription, r.subscription_dict, "Subscription"),
          "payments": (Payment, ops.payment_dict, "Payment"), "packages": (Package, ops.package_dict, "Package")}
BULK = {"contacts": (Contact, r.apply_contact), "items": (Item, r.apply_item)}  # create_many's INSERTs
READ_ONLY = ("payments", "packages", "bills")
DATED = ("invoices", "estimates", "bills", "contacts")  # whose reading refreshes date-driven statuses


class LocalFinance(FinanceSide):
    """The embedded finance application for ``organization_id`` (``app``: the CRM app asking)."""

    #: ``create`` refuses a second record with the same crm_id atomically (a unique index):
    #: ``RejectedError`` with code ``"duplicate"``, so callers may create first, find after
    unique_crm_id = True

    def __init__(self, organization_id: str, app=None):
        if not organization_id:
            raise ValueError("an organization_id is required")
        self.org = str(organization_id)
        self.app = app

    # --- helpers -------------------------------------------------------------------------
    def _model(self, doc_type: str):
        if doc_type in DOCS:
            return Document, "Document"
        if doc_type in SIMPLE:
            return SIMPLE[doc_type][0], SIMPLE[doc_type][2]
        raise v.reject(f"Unknown document type {doc_type!r}")

    def _scope(self, doc_type: str):
        model, _ = self._model(doc_type)
        where = model.organization_id == self.org
        return model, (where & (Document.doc_type == doc_type)) if model is Document else where

    def _row(self, doc_type: str, finance_id, required: bool = True):
        model, where = self._scope(doc_type)
        label = DOCS[doc_type].label if doc_type in DOCS else SIMPLE[doc_type][2]
        try:
            number = int(str(finance_id))
        except (TypeError, ValueError):
            number = 0
        row = model.get_or_none(where & (model.id == number)) if 0 < number < 2**63 else None
        if row is None and required:
            raise v.not_found(label, finance_id)
        return row

    def _dict(self, doc_type: str, row, lines=None) -> dict:
        if doc_type in DOCS:
            return document_dict(row, lines)
        if doc_type == "expenses":
            report = ExpenseReport.get_or_none(ExpenseReport.id == row.report_id) if row.report_id else None
            return r.expense_dict(row, report)
        return SIMPLE[doc_type][1](row)

    def _refresh(self, doc_type: str) -> None:
        if doc_type in DATED:
            refresh_statuses(self.org)

    # --- FinanceService ------------------------------------------------------------------
    def create(self, doc_type: str, payload: dict, crm_id_required: bool = True) -> dict:
        """``crm_id_required=False``: a record made without our id (finance-serve, as Zoho
        makes records whatever their custom fields)."""
        model, _ = self._model(doc_type)
        if doc_type in READ_ONLY:
            raise v.reject(f"{doc_type} are made by the finance application, not created")
        if not isinstance(payload, dict):
            raise v.reject("the record must be an object")
        crm_id = v.text(payload, "crm_id", required=crm_id_required, max_length=100) or None
        try:  # the unique index (organisation, type, crm_id) refuses a second copy
            with finance_db.atomic():
                row = write(self.org, doc_type, model(organization_id=self.org, crm_id=crm_id), payload, True)
        except peewee.IntegrityError:
            existing = self.find_by_crm_id(doc_type, crm_id)
            raise RejectedError(f"A record with crm_id {crm_id} already exists"
                                + (f" (id {existing['id']})" if existing else ""), "duplicate") from None
        return self._dict(doc_type, row)

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
        return [self._dict(doc_type, stored[crm_id]) for crm_id in crm_ids]

    def update(self, doc_type: str, finance_id: str, payload: dict, previous: dict | None = None) -> dict:
        if doc_type in READ_ONLY:
            raise v.reject(f"{doc_type} are made by the finance application and cannot be changed")
        if not isinstance(payload, dict):
            raise v.reject("the record must be an object")
        try:
            with finance_db.atomic():
                row = self._row(doc_type, finance_id)
                crm_id = v.text(payload, "crm_id", max_length=100)
                if crm_id and crm_id != row.crm_id:
                    row.crm_id = crm_id
                row = write(self.org, doc_type, row, payload, False)
        except peewee.IntegrityError:
            raise RejectedError(f"A record with crm_id {payload.get('crm_id')} already exists",
                                "duplicate") from None
        return self._dict(doc_type, row)

    def get(self, doc_type: str, finance_id: str) -> dict | None:
        self._model(doc_type)
        self._refresh(doc_type)
        row = self._row(doc_type, finance_id, required=False)
        return self._dict(doc_type, row) if row else None

    def find_by_crm_id(self, doc_type: str, crm_id: str) -> dict | None:
        model, where = self._scope(doc_type)
        if not crm_id or not hasattr(model, "crm_id"):
            return None
        row = model.get_or_none(where & (model.crm_id == str(crm_id)))
        return self._dict(doc_type, row) if row else None

    def list_changed(self, doc_type: str, since: dt.datetime | None) -> Iterator[dict]:
        model, where = self._scope(doc_type)
        self._refresh(doc_type)
        if since is not None:
            where &= model.last_modified_time >= v.parse_time(since)
        last = None
        while True:
            query = model.select().where(where)
            if last is not None:
                query = query.where((model.last_modified_time > last[0])
                                    | ((model.last_modified_time == last[0]) & (model.id > last[1])))
            rows = list(query.order_by(model.last_modified_time, model.id).limit(PAGE))
            lines = self._lines(rows) if model is Document else {}
            for row in rows:
                yield self._dict(doc_type, row, lines.get(row.id, []) if model is Document else None)
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
        if doc_type == "estimates" and action == "convert_to_invoice":
            ops.convert_estimate(self.org, finance_id)
            return self.get(doc_type, finance_id)
        self._refresh(doc_type)
        with finance_db.atomic():
            row = self._row(doc_type, finance_id)
            label = DOCS[doc_type].label if doc_type in DOCS else SIMPLE[doc_type][2]
            row.status = check_move(doc_type, action, row.status, label)
            if doc_type == "invoices":
                row.status = invoice_status(row, today_utc())
                if row.status == "void":
                    unassociate_payments(row)
            row.touch()
            row.save()
            self._after_status(doc_type, row)
        return self._dict(doc_type, row)

    def _after_status(self, doc_type: str, row) -> None:
        if doc_type == "invoices":
            recalc_contacts([row.contact_id])
        elif doc_type == "salesorders":
            recalc_items(line_item_ids(row.id))
            recalc_contacts([row.contact_id])
        elif doc_type == "expense_reports":
            Expense.update(last_modified_time=row.last_modified_time).where(Expense.report_id == row.id).execute()
        elif doc_type == "subscriptions" and row.status == "cancelled":
            row.next_billing_at = None
            row.save()

    def list_ids(self, doc_type: str) -> Iterator[str]:
        model, where = self._scope(doc_type)
        for (finance_id,) in model.select(model.id).where(where).order_by(model.id).tuples().iterator():
            yield str(finance_id)

    def delete(self, doc_type: str, finance_id: str) -> None:
        with finance_db.atomic():
            removal.delete(doc_type, self._row(doc_type, finance_id))

    def figures(self, doc_type: str, finance_id: str) -> dict:
        record = self.get(doc_type, finance_id)
        if record is None:
            raise v.not_found(doc_type, finance_id)
        keys = {"contacts": ("outstanding_receivable_amount", "outstanding_payable_amount",
                             "overdue_receivable_amount", "open_salesorder_quantity"),
                "items": ("stock_on_hand", "committed_stock", "available_stock")}.get(
                    doc_type, ("status", "total", "balance"))
        return {k: record[k] for k in keys if k in record}
