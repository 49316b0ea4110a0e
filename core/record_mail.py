"""E-mailing a record (B7, P2): the dialog's defaults, the checks, the send, the log (B15).

A module with a :class:`core.EmailTemplate` can be e-mailed by users who may view it and hold
the template's permission. The e-mail dialog (web) and ``POST /api/v1/<module>/<id>/email``
both call :func:`send_record_email`: recipients and subject are checked (422, nothing sent or
logged), each option asked for must be one the record's ``email_options`` offer (422), then the
message goes out over SMTP. Sent: an :class:`EmailLog` row and an audit entry are written and
the template's ``on_sent`` runs. Not sent (:class:`core.mail.MailError`): an :class:`EmailLog`
row says why, and nothing else changes. :func:`resend_email` sends a logged message again, as a
new row.
"""
from __future__ import annotations

import functools
import json
import logging

import jinja2
import peewee
from flask import current_app
from flask_babel import gettext as _

from .db import db
from .ids import parse_id
from .inputs import unstorable
from .mail import MailError, build_message, check_message, safe_filename, send
from .models import EmailLog, User
from .models.mail import FAILED, SENT
from .pages import email_options
from .i18n import translate_declared
from .pdf import formatters, referenced
from .permissions import can, can_module
from .records import Invalid, audit, title

log = logging.getLogger(__name__)
MESSAGE_FIELDS = ("to", "cc", "subject", "body")

__all__ = ["CannotResend", "MailError", "email_defaults", "email_template", "logged_email", "may_email",
           "resend_email", "sent_emails", "send_record_email"]


class CannotResend(Exception):
    """A logged e-mail that cannot be sent again as it was; the message says why, in a sentence."""


def email_template(module):
    """The module's :class:`core.EmailTemplate`, or ``None``."""
    return current_app.extensions["finsuite"].email_templates.get(module.name)


def may_email(user, module, record=None) -> bool:
    """The module has an e-mail template, and ``user`` may view the record and send it."""
    template = email_template(module)
    if template is None or not can_module(user, module, "view", record):
        return False
    return template.permission is None or can(user, template.permission, record)


@functools.cache
def _text_environment() -> jinja2.Environment:
    from .i18n import translate_declared
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=False)
    env.globals["tr"] = translate_declared  # a declared string (a module's singular) in the reader's language
    return env


def _render(source: str, context: dict) -> str:
    return _text_environment().from_string(source).render(**context)


def email_defaults(relay, module, record, user) -> dict:
    """What the dialog shows first: ``to``, ``cc``, ``subject``, ``body`` from the template and
    ``options``, the record's :class:`core.EmailOption` list."""
    from flask_babel import force_locale
    from .i18n import organisation_locale, translate_declared
    template = email_template(module)
    money = formatters(record.tenant)["money"]
    with force_locale(organisation_locale(record.tenant)):  # the customer reads the organisation's language
        context = {"record": record, "module": module, "title": title(module, record, relay), "tenant": record.tenant,
                   "user": user, "total": money(getattr(record, "total", None)), "refs": referenced(module, record),
                   **formatters(record.tenant)}
        subject = " ".join(_render(translate_declared(template.subject), context).split())
        body = _render(translate_declared(template.body), context).strip() + "\n"
    return {"to": [a for a in (template.recipients(record) or []) if a], "cc": [], "subject": subject,
            "body": body, "options": email_options(relay, module, record, user)}


def _chosen_options(data: dict, offered: list) -> list:
    """The offered options ``data`` switches on (an absent key: the option's default)."""
    by_key = {option.key: option for option in offered}
    errors: dict[str, list[str]] = {}
    chosen = []
    for key, value in data.items():
        if key in MESSAGE_FIELDS:
            continue
        if not isinstance(value, bool):
            errors[key] = [_("Must be true or false.")]
        elif value and key not in by_key:
            errors[key] = [_("This option is not offered for this record.")]
    if errors:
        raise Invalid(errors)
    for option in offered:
        if data.get(option.key, option.default):
            chosen.append(option)
    return chosen


def send_record_email(relay, module, tenant, user, record, data: dict) -> EmailLog:
    """Send ``record`` by e-mail as ``data`` says (``to``, ``cc``, ``subject``, ``body``, and
    option keys such as ``attach_pdf``: true/false; a missing field takes the dialog's default).

    Raises :class:`core.Invalid` (422: nothing sent or logged) or :class:`MailError` (nothing
    sent; the failure is logged)."""
    defaults = email_defaults(relay, module, record, user)
    errors: dict[str, list[str]] = {}
    try:
        chosen = _chosen_options(data, defaults["options"])
    except Invalid as exc:
        errors.update(exc.errors)
    try:
        to, cc, subject = check_message(data.get("to", defaults["to"]), data.get("cc", defaults["cc"]),
                                        data.get("subject", defaults["subject"]))
    except Invalid as exc:
        errors.update(exc.errors)
    body = data.get("body", defaults["body"])
    if not isinstance(body, str):
        errors["body"] = [_("The message must be text.")]
    elif unstorable(body, multiline=True):
        errors["body"] = [_("The message contains characters that cannot be sent.")]
    if errors:
        raise Invalid(errors)
    return _deliver(module, tenant, user, record, to, cc, subject, body, chosen)


def _deliver(module, tenant, user, record, to, cc, subject, body, chosen, resent_from=None) -> EmailLog:
    """Send the checked message with the ``chosen`` options' attachments and log it; a failed
    send is logged with its reason, then :class:`MailError` is raised."""
    from flask_babel import force_locale
    from .i18n import organisation_locale
    with force_locale(organisation_locale(tenant)):  # the customer reads the attachments' names in it too
        attachments = [option.attachment(record) for option in chosen if option.attachment is not None]
    sender = current_app.config["MAIL_SENDER"]
    message = build_message(sender, to, cc, subject, body, attachments, reply_to=getattr(user, "email", None))
    names = [safe_filename(name) for name, _data in attachments]
    row = {"tenant": tenant, "module": module.name, "record_id": record.id, "user": user, "to": ",".join(to),
           "cc": ",".join(cc), "subject": subject, "attachments": json.dumps(names), "body": body,
           "options": json.dumps([option.key for option in chosen]), "message_id": message["Message-ID"],
           "resent_from": resent_from}
    try:
        send(message, to + cc)
    except MailError as exc:
        EmailLog.create(**row, status=FAILED, error=str(exc))
        raise
    with db.atomic():
        entry = EmailLog.create(**row, status=SENT)
        audit(tenant, user, module.name, record.id, "email",
              {"to": to, "cc": cc, "subject": subject, "attachments": names,
               **({"resent_from": resent_from} if resent_from else {})})
    template = email_template(module)
    if template.on_sent is not None:
        try:
            template.on_sent(record, user)
        except Exception:  # the e-mail is gone: a failing follow-up must not report a failed send
            log.exception("on_sent failed for %s %s", module.name, record.id)
    return entry


def logged_email(tenant, email_id) -> EmailLog | None:
    """This tenant's e-mail log row ``email_id``, or ``None``."""
    email_id = parse_id(email_id)
    if email_id is None:
        return None
    return EmailLog.get_or_none((EmailLog.tenant == tenant) & (EmailLog.id == email_id))


def resend_email(relay, module, tenant, user, record, entry: EmailLog) -> EmailLog:
    """Send the logged ``entry`` about ``record`` again: the same recipients, subject, text and
    options (attachments made afresh from the record). The caller checked :func:`may_email`.

    Returns the new row; raises :class:`CannotResend` or :class:`MailError` (logged)."""
    if entry.body is None or entry.option_keys is None:
        raise CannotResend(_("This e-mail was sent before its text was kept: send it again with the E-mail button."))
    offered = email_options(relay, module, record, user)
    if set(entry.option_keys) - {option.key for option in offered}:
        raise CannotResend(_("This %(singular)s can no longer be sent with the same attachments: send it with the "
                             "E-mail button.", singular=translate_declared(module.singular).lower()))
    try:
        to, cc, subject = check_message(entry.to_list, entry.cc_list, entry.subject)
    except Invalid as exc:
        raise CannotResend(" ".join(m for messages in exc.errors.values() for m in messages)) from None
    chosen = [option for option in offered if option.key in entry.option_keys]
    return _deliver(module, tenant, user, record, to, cc, subject, entry.body, chosen, resent_from=entry.id)


def sent_emails(module, tenant, record_id: int, limit: int = 20) -> list[EmailLog]:
    """The e-mails sent (or tried) about a record, newest first."""
    query = (EmailLog.select(EmailLog, User).join(User, peewee.JOIN.LEFT_OUTER)
             .where((EmailLog.tenant == tenant) & (EmailLog.module == module.name) & (EmailLog.record_id == record_id)))
    return list(query.order_by(EmailLog.sent_at.desc(), EmailLog.id.desc()).limit(limit))
