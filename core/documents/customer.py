"""Documents for a customer (an account or a contact, optionally a deal): the columns, the
schema's customer rule and the status choices Books' and Invoice's invoices and estimates share."""
from __future__ import annotations

import peewee
from marshmallow import ValidationError, fields, validates_schema

from ..declarations import Column, LineItems, Module
from ..i18n import N_, Composed, _, translate_declared
from ..schemas import reference
from .models import DocumentModel
from .schemas import DocumentSchema

#: every document status the finance applications use (docs/sync.md) and its label
STATUS_LABELS = {"draft": N_("Draft"), "sent": N_("Sent"), "overdue": N_("Overdue"),
                 "partially_paid": N_("Partially paid"), "paid": N_("Paid"), "void": N_("Void"),
                 "accepted": N_("Accepted"), "declined": N_("Declined"), "invoiced": N_("Invoiced"),
                 "expired": N_("Expired"), "open": N_("Open"), "closed": N_("Closed"), "billed": N_("Billed"),
                 "cancelled": N_("Cancelled")}
#: the statuses of each finance doc type
DOCUMENT_STATUSES = {
    "invoices": ("draft", "sent", "overdue", "partially_paid", "paid", "void"),
    "estimates": ("draft", "sent", "accepted", "declined", "invoiced", "expired"),
    "salesorders": ("draft", "open", "closed", "void"),
    "purchaseorders": ("draft", "open", "billed", "closed", "cancelled"),
}


def document_status(doc_type: str) -> fields.String:
    """The read-only ``status`` field of a schema, with the doc type's statuses as choices."""
    return fields.String(dump_only=True, metadata={
        "label": N_("Status"), "choices": [(s, STATUS_LABELS[s]) for s in DOCUMENT_STATUSES[doc_type]]})


class CustomerDocumentModel(DocumentModel):
    """Base of a customer document's table: ``account_id``, ``contact_id``, ``deal_id``."""

    account_id = peewee.IntegerField(null=True)
    contact_id = peewee.IntegerField(null=True)
    deal_id = peewee.IntegerField(null=True)


class CustomerDocumentSchema(DocumentSchema):
    """A document schema whose record needs an account or a contact."""

    account_id = reference(N_("Account"))
    contact_id = reference(N_("Contact"))
    deal_id = reference(N_("Deal"))

    @validates_schema
    def _customer(self, data, partial=None, **kwargs):
        if partial:
            return
        if not data.get("account_id") and not data.get("contact_id"):
            raise ValidationError(_("Choose an account or a contact."), "account_id")


def number_label(singular: str) -> str:
    """A document number's column heading: ``"Invoice #"``, translated as a whole ("Facture n°")."""
    return Composed(N_("%(singular)s #"), singular=singular)


def draft_only(record) -> str | None:
    """A ``Module.locked``: only a draft can be edited or deleted; its status actions move it on."""
    if record.status == "draft":
        return None
    status = record.status
    words = translate_declared(STATUS_LABELS[status]).lower() if status in STATUS_LABELS else status.replace("_", " ")
    return _("This document is %(status)s: only drafts can be changed.", status=words)


#: a customer document's references, for ``Module.references``
CUSTOMER_REFERENCES = {"account_id": "accounts", "contact_id": "contacts", "deal_id": "deals"}


def customer_document_module(app: str, kind: str, label: str, singular: str, model, schema, due: str,
                             due_label: str, lines: LineItems, sources: dict | None = None) -> Module:
    """The :class:`core.Module` of an app's customer documents (``books/invoices``,
    ``invoice/estimates`` ...): list columns, search, sort, filters, references, lines, draft lock.
    ``sources``: references to what a document is made from (an invoice's ``estimate_id``)."""
    owed = (Column("balance", N_("Balance due")),) if kind == "invoices" else ()  # what is still to be paid
    return Module(
        name=f"{app}/{kind}", label=label, singular=singular, model=model, schema=schema, app=app,
        title_field="number",
        columns=(Column("number", number_label(singular), link=True), Column("date", N_("Date")),
                 Column("account_id", N_("Account")), Column("contact_id", N_("Contact")),
                 Column("status", N_("Status")), Column(due, due_label), Column("total", N_("Total")), *owed),
        search_fields=("number", "reference", "account_id", "contact_id"),  # C10: the customer too
        sort_fields=("number", "date", due, "status", "total", *(c.name for c in owed), "created_at"),
        default_sort="-date",
        filter_fields=("status", "account_id", "contact_id", "deal_id", "owner_id"),
        references={**CUSTOMER_REFERENCES, **(sources or {})},
        line_items=lines, locked=draft_only, protects=("account_id", "contact_id"), icon="file")
