"""The read-only Items module of an app's documents (B9, I1): their line items as records of their
own, listed, filtered and reported on (a report on invoices offers it as its related module)."""
from __future__ import annotations

from marshmallow import fields

from ..declarations import Column, Module
from ..i18n import N_
from ..schemas import Money, RecordSchema


class DocumentItemSchema(RecordSchema):
    """A line as an Items module (``books/items``, ``invoice/items``) shows it."""

    document_module = fields.String(dump_only=True, metadata={"label": N_("Document type"), "widget": "module"})
    document_id = fields.Integer(dump_only=True, metadata={"label": N_("Document")})
    position = fields.Integer(dump_only=True)
    product_id = fields.Integer(dump_only=True, metadata={"label": N_("Product")})
    name = fields.String(dump_only=True, metadata={"label": N_("Item")})
    description = fields.String(dump_only=True, metadata={"label": N_("Description")})
    quantity = fields.Decimal(dump_only=True, as_string=True, metadata={"label": N_("Quantity")})
    rate = Money(dump_only=True, metadata={"label": N_("Rate")})
    discount_percent = fields.Decimal(dump_only=True, as_string=True, metadata={"label": N_("Discount (%)")})
    tax_percent = fields.Decimal(dump_only=True, as_string=True, metadata={"label": N_("Tax (%)")})
    amount = Money(dump_only=True, metadata={"label": N_("Amount")})
    tax_amount = Money(dump_only=True, metadata={"label": N_("Tax")})


def items_module(app: str, model, schema=None) -> Module:
    """The read-only ``<app>/items`` module over ``model``, the app's line table (a
    :class:`core.LineModel`): what the reports engine joins as a document's ``items``. Each app
    gets a schema class of its own (one OpenAPI component per module)."""
    schema = schema or type(f"{app.title()}ItemSchema", (DocumentItemSchema,), {"__module__": __name__})
    return Module(
        name=f"{app}/items", label=N_("Items"), singular=N_("Item"), model=model, schema=schema, app=app,
        columns=(Column("name", N_("Item"), link=True), Column("document_module", N_("Document type")),
                 Column("quantity", N_("Quantity")), Column("rate", N_("Rate")), Column("amount", N_("Amount"))),
        search_fields=("name", "description"), sort_fields=("name", "position", "quantity", "amount", "created_at"),
        default_sort="-created_at", filter_fields=("document_module", "document_id", "product_id"),
        references={"product_id": "products"}, read_only=True, icon="list")


#: what a report through the Items module reads of each line (Sales by product): in the index,
#: so the join from documents to their lines never reads the lines' rows (bench/README.md)
REPORT_COLUMNS = ("tenant_id", "document_module", "document_id", "product_id", "quantity", "amount")


def items_report_index(model):
    """A migration step: the covering index :data:`REPORT_COLUMNS` on ``model``'s line table."""
    def up(migrator, database) -> None:
        from ..migrations import ensure_index
        ensure_index(database, model._meta.table_name, REPORT_COLUMNS)
    return up
