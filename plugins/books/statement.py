"""The customer statement (B7): a customer's Books invoices with what is paid and what is due,
as the Books finance application knows them (the core's :class:`core.CustomerStatement`)."""
from __future__ import annotations

from core import CustomerStatement

from .modules import INVOICES

STATEMENT = CustomerStatement("books", INVOICES)
statement_attachment = STATEMENT.attachment
