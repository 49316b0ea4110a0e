"""Sending e-mail over SMTP: checked addresses and subject, one message, a clear error on failure.

Configuration (``create_app`` defaults, ``FINSUITE_MAIL_*``): ``MAIL_SERVER``, ``MAIL_PORT``,
``MAIL_USE_TLS`` (STARTTLS), ``MAIL_USE_SSL`` (SMTPS), ``MAIL_USERNAME``, ``MAIL_PASSWORD``,
``MAIL_SENDER``, ``MAIL_TIMEOUT`` (seconds). E-mailing a record (the dialog, the API) is
:mod:`core.record_mail`.
"""
from __future__ import annotations

import smtplib
import ssl
import unicodedata
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Iterable

from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError, validate

from .inputs import unstorable
from .records import Invalid

MAX_RECIPIENTS = 50
MAX_SUBJECT = 255
#: characters an address may never hold: line breaks (header injection), separators, quotes
FORBIDDEN_IN_ADDRESS = set("\r\n\x00,;<>\"'()[]\\ \t")
_check_email = validate.Email()


class MailError(Exception):
    """The mail server could not be reached, or refused the message: nothing was sent."""


def _address_errors(field: str, addresses) -> tuple[list[str], list[str]]:
    """The cleaned addresses of ``field`` and the messages for the bad ones."""
    if addresses is None:
        return [], []
    if isinstance(addresses, str):
        addresses = addresses.replace(";", ",").split(",") if "\r" not in addresses and "\n" not in addresses \
            else [addresses]
    if not isinstance(addresses, (list, tuple)) or not all(isinstance(a, str) for a in addresses):
        return [], [_("Give the %(field)s addresses as a list of e-mail addresses.", field=field)]
    cleaned, errors = [], []
    for raw in addresses:
        address = raw.strip(" \t")
        if not address:
            continue
        if "\r" in address or "\n" in address:
            errors.append(_("An address cannot contain a line break."))
            continue
        try:
            if FORBIDDEN_IN_ADDRESS & set(address) or len(address) > 254:
                raise ValidationError("bad")
            _check_email(address)
        except ValidationError:
            errors.append(_("%(address)s is not a valid e-mail address.", address=address[:100]))
            continue
        if address.lower() not in {a.lower() for a in cleaned}:
            cleaned.append(address)
    return cleaned, errors


def check_message(to, cc, subject) -> tuple[list[str], list[str], str]:
    """Validated ``(to, cc, subject)``; raises :class:`Invalid` naming each bad field.

    Every address must be valid, with no line break (no header injection); at least one To;
    the subject is required, one line, at most 255 characters."""
    errors: dict[str, list[str]] = {}
    to_list, to_errors = _address_errors("To", to)
    cc_list, cc_errors = _address_errors("Cc", cc)
    if to_errors:
        errors["to"] = to_errors
    elif not to_list:
        errors["to"] = [_("Give at least one recipient.")]
    if cc_errors:
        errors["cc"] = cc_errors
    if len(to_list) + len(cc_list) > MAX_RECIPIENTS:
        errors.setdefault("to", []).append(_("At most %(max)s recipients.", max=MAX_RECIPIENTS))
    if not isinstance(subject, str):
        errors["subject"] = [_("The subject must be text.")]
    elif unstorable(subject):  # CR, LF, VT, NEL, NUL ...: some mail software breaks the header there
        errors["subject"] = [_("The subject cannot contain line breaks or control characters.")]
    elif not subject.strip():
        errors["subject"] = [_("A subject is required.")]
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = [_("At most %(max)s characters.", max=MAX_SUBJECT)]
    if errors:
        raise Invalid(errors)
    return to_list, cc_list, subject.strip()


def safe_filename(name: str) -> str:
    """An attachment's file name without control characters or path separators."""
    cleaned = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in "/\\\"")
    return cleaned.strip(" .")[:150] or "attachment"


def build_message(sender: str, to: list[str], cc: list[str], subject: str, body: str,
                  attachments: Iterable[tuple[str, bytes]] = (), reply_to: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    message.set_content(body or "")
    for filename, data in attachments:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=safe_filename(filename))
    return message


def send(message: EmailMessage, recipients: list[str]) -> None:
    """Hand ``message`` to the configured SMTP server; raises :class:`MailError` on failure."""
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = float(config.get("MAIL_TIMEOUT") or 30)
    try:
        if config.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message, from_addr=config["MAIL_SENDER"], to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(f"{addr} ({code} {_text(reply)})" for addr, (code, reply) in exc.recipients.items())
        raise MailError(_("The mail server refused the recipients: %(refused)s.", refused=refused)) from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(_("The mail server refused the message: %(code)s %(reply)s.", code=exc.smtp_code,
                                reply=_text(exc.smtp_error))) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(_("Could not send the e-mail through %(host)s:%(port)s: %(reason)s.", host=host, port=port,
                                reason=_reason(exc))) from None


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _reason(exc: Exception) -> str:
    """What went wrong in words: ``Connection refused``, not ``[Errno 111] Connection refused``."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.rstrip(".")


def _domain(sender: str) -> str:
    """The domain of the Message-ID: the sender's (``finsuite@localhost``: ``localhost``)."""
    domain = sender.rpartition("@")[2].strip(" >")
    return domain if domain and all(c.isalnum() or c in ".-" for c in domain) else "finsuite.invalid"
