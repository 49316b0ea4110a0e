"""Books documents on paper and by e-mail (B7, B8, P2): the core's document PDF and e-mail, the
``books.email`` permission, and the options each document type offers."""
from __future__ import annotations

from core import attach_pdf_option, document_email_template, document_pdf_template, hookimpl

from .modules import DOCUMENTS, ESTIMATES, INVOICES
from .statement import STATEMENT

#: the documents a send moves from draft to sent, as the finance application does
MARK_SENT = (INVOICES.name, ESTIMATES.name)


@hookimpl
def register_pdf_templates():
    return [document_pdf_template(module) for module in DOCUMENTS]


@hookimpl
def register_email_templates():
    return [document_email_template(module, "books.email", mark_sent=module.name in MARK_SENT)
            for module in DOCUMENTS]


@hookimpl
def email_options(module, record):
    """Invoices: the PDF and the customer's statement; estimates: the PDF; orders: none."""
    if module.name == INVOICES.name:
        return [attach_pdf_option(), STATEMENT.option()]
    if module.name == ESTIMATES.name:
        return [attach_pdf_option()]
    return None
