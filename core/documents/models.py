"""Bases for the tables of documents with line items; each app makes its own concrete tables."""
from __future__ import annotations

import peewee

from ..models import MoneyField, QuantityField, TenantModel
from ..owners import owner_field


class DocumentModel(TenantModel):
    """An invoice-like document: number and status come from the finance application; the
    totals are computed from the lines on every save (:func:`core.documents.write_lines`)."""

    number = peewee.CharField(max_length=50, default="")
    status = peewee.CharField(max_length=30, default="draft")
    date = peewee.DateField(null=True)
    reference = peewee.CharField(max_length=100, default="")
    terms = peewee.CharField(max_length=100, default="")
    notes = peewee.TextField(default="")
    sub_total = MoneyField(default=0)
    discount_total = MoneyField(default=0)
    tax_total = MoneyField(default=0)
    total = MoneyField(default=0)
    balance = MoneyField(default=0)
    #: set when a user changed the status by hand (automations leave such documents alone)
    status_set_by_user = peewee.BooleanField(default=False)
    #: the user who made it (``core.create_record``); none when a sync or an automation did
    owner = owner_field()

    def totals_rows(self, module) -> list:
        """Its totals block, as its page, its PDF and its e-mail show it
        (:func:`core.documents.totals.presented_totals`)."""
        from .totals import document_totals_rows
        return document_totals_rows(module, self)

    def totals_text(self, module, money) -> str:
        """Its totals block in a plain-text e-mail, amounts written by ``money``."""
        from .totals import totals_text
        return totals_text(self.totals_rows(module), money)


class LineModel(TenantModel):
    """One line of a document of ``document_module`` (``books/invoices`` ...)."""

    document_module = peewee.CharField(max_length=63)
    document_id = peewee.IntegerField()
    position = peewee.IntegerField(default=0)
    product_id = peewee.IntegerField(null=True)
    name = peewee.CharField(max_length=300, default="")
    description = peewee.TextField(default="")
    quantity = QuantityField(default=1)
    rate = MoneyField(default=0)
    discount_percent = QuantityField(default=0)
    tax_percent = QuantityField(default=0)
    discount_amount = MoneyField(default=0)
    amount = MoneyField(default=0)
    tax_amount = MoneyField(default=0)

    class Meta:
        indexes = ((("tenant", "document_module", "document_id", "position"), False),)
