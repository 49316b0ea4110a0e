"""Documents with line items (invoices, estimates, orders ...): models, schemas, exact totals.

A module declares ``line_items=LineItems(model=...)``; :mod:`core.records` then writes its
lines and totals in the save's transaction, and API answers carry them.
"""
from .lines import dump_lines, lines_for, write_lines
from .models import DocumentModel, LineModel
from .schemas import DocumentSchema, LineItemSchema
from .totals import LineAmounts, Totals, currency_places, document_totals, line_amounts

__all__ = ["DocumentModel", "DocumentSchema", "LineAmounts", "LineItemSchema", "LineModel", "Totals",
           "currency_places", "document_totals", "dump_lines", "line_amounts", "lines_for", "write_lines"]
