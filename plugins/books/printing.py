"""Books documents on paper and by e-mail (B7, B8, P2): PDF templates, e-mail templates and options."""
from __future__ import annotations

import logging

from core import (
    Conflict, EmailOption, EmailTemplate, Invalid, PdfTemplate, hookimpl, perform_action, referenced, render_pdf,
)

from .modules import DOCUMENTS, ESTIMATES, INVOICES
from .statement import statement_attachment

log = logging.getLogger(__name__)
TEMPLATE = "books/document.html"
BY_MODEL = {module.model: module for module in DOCUMENTS}
#: the documents a send moves from draft to sent, as the finance application does
MARK_SENT = (INVOICES.name, ESTIMATES.name)

SUBJECT = ("{% if record.number %}" + "{{ module.singular }} {{ record.number }}"
           "{% else %}{{ title }}{% endif %} from {{ tenant.name }}")
BODY = """{% set who = refs.contact_id or refs.account_id or refs.vendor_id %}\
Dear {{ (who.full_name if who.full_name is defined else who.name) if who else "customer" }},

{% if module.name == "books/purchaseorders" %}Please find attached our purchase order {{ record.number or title }} \
for {{ total }}.{% else %}Thank you for your business. Please find attached {{ module.singular|lower }} \
{{ record.number or title }} for {{ total }}.{% endif %}

Regards,
{{ user }}
{{ tenant.name }}"""


def module_of(record):
    return BY_MODEL[type(record)]


def recipients(record) -> list[str]:
    """The contact's e-mail, else the account's (the vendor's for a purchase order)."""
    refs = referenced(module_of(record), record)
    for key in ("vendor_id", "contact_id", "account_id"):
        email = getattr(refs.get(key), "email", "")
        if email:
            return [email]
    return []


def mark_sent(record, user) -> None:
    """After an e-mail, a draft invoice or estimate becomes sent, as the finance application
    does: whoever may e-mail it (an automation of the send, not a hand-made status change)."""
    module = module_of(record)
    if module.name not in MARK_SENT or record.status != "draft":
        return
    try:
        perform_action(module.name, record, "mark_sent")
    except (Conflict, Invalid) as exc:
        log.info("%s %s stays %s after the e-mail: %s", module.name, record.id, record.status, exc)


def pdf_attachment(record) -> tuple[str, bytes]:
    module = module_of(record)
    name = record.number or f"{module.singular} draft {record.id}"
    return f"{name}.pdf", render_pdf(module, record)


@hookimpl
def register_pdf_templates():
    return [PdfTemplate(module.name, TEMPLATE) for module in DOCUMENTS]


@hookimpl
def register_email_templates():
    return [EmailTemplate(module=module.name, subject=SUBJECT, body=BODY, recipients=recipients,
                          permission="books.email", on_sent=mark_sent)
            for module in DOCUMENTS]


@hookimpl
def email_options(module, record):
    """Invoices: the PDF and the customer's statement; estimates: the PDF; orders: none."""
    if module.name == INVOICES.name:
        return [EmailOption("attach_pdf", "Attach PDF", True, pdf_attachment),
                EmailOption("attach_statement", "Attach customer statement", False, statement_attachment)]
    if module.name == ESTIMATES.name:
        return [EmailOption("attach_pdf", "Attach PDF", True, pdf_attachment)]
    return None

