"""Invoice's documents on paper and by e-mail (I1): the core's document PDF and e-mail, sent
with the ``invoice.email`` permission; an invoice may carry the customer's Invoice statement."""
from __future__ import annotations

from core import (
    CustomerStatement, attach_pdf_option, document_email_template, document_pdf_template, hookimpl,
)

from .modules import DOCUMENTS, INVOICES

EMAIL_PERMISSION = "invoice.email"
#: the customer's invoices as the Invoice application knows them (never Books')
STATEMENT = CustomerStatement("invoice", INVOICES)


@hookimpl
def register_pdf_templates():
    return [document_pdf_template(module) for module in DOCUMENTS]


@hookimpl
def register_email_templates():
    return [document_email_template(module, EMAIL_PERMISSION) for module in DOCUMENTS]


@hookimpl
def email_options(module, record):
    """Invoices: the PDF and the customer's statement; estimates: the PDF."""
    if module.name == INVOICES.name:
        return [attach_pdf_option(), STATEMENT.option()]
    if module.name in {m.name for m in DOCUMENTS}:
        return [attach_pdf_option()]
    return None
