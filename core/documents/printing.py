"""Documents on paper and by e-mail: the shared PDF template, the e-mail's recipients, subject
and body, the PDF attachment, and a draft marked sent once e-mailed."""
from __future__ import annotations

import logging

from flask import current_app

from ..declarations import EmailOption, EmailTemplate, PdfTemplate
from ..i18n import N_, _, translate_declared
from ..pdf import referenced, render_pdf
from ..records import Conflict, Invalid

log = logging.getLogger(__name__)
#: the core's document template (``core/web/templates/pdf/document.html``)
DOCUMENT_PDF = "pdf/document.html"

#: the e-mail's subject and body (Jinja), each translated as a whole into the organisation's language
DOCUMENT_SUBJECT = N_("{% if record.number %}{{ tr(module.singular) }} {{ record.number }}"
                      "{% else %}{{ title }}{% endif %} from {{ tenant.name }}")
DOCUMENT_BODY = N_("""{% set who = refs.contact_id or refs.account_id or refs.vendor_id %}\
Dear {{ (who.full_name if who.full_name is defined else who.name) if who else "customer" }},

{% if "vendor_id" in module.references %}Please find attached our {{ tr(module.singular)|lower }} \
{{ record.number or title }} for {{ total }}.{% else %}Thank you for your business. Please find attached \
{{ tr(module.singular)|lower }} {{ record.number or title }} for {{ total }}.{% endif %}

{{ record.totals_text(module, money) }}

Regards,
{{ user }}
{{ tenant.name }}""")


def module_of(record):
    """The module whose table ``record`` is a row of."""
    modules = current_app.extensions["finsuite"].modules.values()
    return next(module for module in modules if module.model is type(record))


def document_title(module, record) -> str:
    """A document's title: its number, or ``Invoice (draft #7)`` until it has one."""
    return record.number or _("%(singular)s (draft #%(id)s)", singular=translate_declared(module.singular),
                                id=record.id)


def document_recipients(record) -> list[str]:
    """The contact's e-mail, else the account's (the vendor's for a purchase order)."""
    refs = referenced(module_of(record), record)
    for key in ("vendor_id", "contact_id", "account_id"):
        email = getattr(refs.get(key), "email", "")
        if email:
            return [email]
    return []


def mark_sent_after_email(record, user) -> None:
    """An ``EmailTemplate.on_sent``: a draft becomes sent, as the finance application does when
    it sends one (an automation of the send, not a hand-made status change)."""
    from ..actions import perform_action
    module = module_of(record)
    if record.status != "draft":
        return
    try:
        perform_action(module.name, record, "mark_sent")
    except (Conflict, Invalid) as exc:
        log.info("%s %s stays %s after the e-mail: %s", module.name, record.id, record.status, exc)


def document_pdf_attachment(record) -> tuple[str, bytes]:
    """``(<number>.pdf, the PDF)`` (``Invoice draft 7.pdf`` before it has a number)."""
    module = module_of(record)
    name = record.number or _("%(singular)s draft %(id)s", singular=translate_declared(module.singular), id=record.id)
    return f"{name}.pdf", render_pdf(module, record)


def attach_pdf_option() -> EmailOption:
    """The e-mail dialog's "Attach PDF" checkbox, ticked."""
    return EmailOption("attach_pdf", N_("Attach PDF"), True, document_pdf_attachment)


def document_pdf_template(module) -> PdfTemplate:
    return PdfTemplate(module.name, DOCUMENT_PDF)


def document_email_template(module, permission: str, mark_sent: bool = True) -> EmailTemplate:
    """The e-mail of a document: the customer's (or vendor's) address, the subject and body
    above, ``permission`` to send it; ``mark_sent``: a draft is marked sent afterwards."""
    return EmailTemplate(module=module.name, subject=DOCUMENT_SUBJECT, body=DOCUMENT_BODY,
                         recipients=document_recipients, permission=permission,
                         on_sent=mark_sent_after_email if mark_sent else None)
