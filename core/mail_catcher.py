"""The demo's mail catcher: a local SMTP server (aiosmtpd, in a thread) that keeps each message it
receives as an ``.eml`` file instead of delivering it, so ``finsuite demo`` sends e-mail without a
mail server and shows what it sent (Setup > Demo mailbox, :mod:`core.web.email_log_views`)."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import socket
import uuid
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

#: the names the catcher gives its files: nothing else in the folder is read
FILE_NAME = re.compile(r"^\d{8}-\d{6}-\d{6}-[0-9a-f]{8}\.eml$")


class MailCatcher:
    """An aiosmtpd handler writing each message to ``folder``
    (``20261207-103200-123456-<hex>.eml``: in the order received)."""

    def __init__(self, folder: str):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        name = f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
        partial = os.path.join(self.folder, "." + name)
        with open(partial, "wb") as out:  # written whole, then renamed: a reader never sees half a message
            out.write(envelope.original_content or envelope.content)
        os.replace(partial, os.path.join(self.folder, name))
        return "250 Message caught"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def start_catcher(folder: str, host: str = "127.0.0.1", port: int | None = None):
    """Start the catcher on ``host:port`` (a free port when ``None``); returns the running
    aiosmtpd ``Controller`` (``.port``; ``.stop()``)."""
    from aiosmtpd.controller import Controller
    os.makedirs(folder, exist_ok=True)
    controller = Controller(MailCatcher(folder), hostname=host, port=port or free_port(host))
    controller.start()
    return controller


def catch_mail(app, folder: str, host: str = "127.0.0.1"):
    """Start the catcher and point ``app``'s mail settings at it (the demo); returns the
    controller (also ``app.extensions["finsuite.mail_catcher"]``). ``app.config["DEMO_MAIL_DIR"]``
    then names the folder Setup shows."""
    controller = start_catcher(folder, host)
    app.extensions["finsuite.mail_catcher"] = controller
    app.config.update(MAIL_SERVER=host, MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
                      MAIL_USERNAME="", MAIL_PASSWORD="", DEMO_MAIL_DIR=folder)
    return controller


@dataclass
class Caught:
    """One caught message, as the demo mailbox shows it."""

    name: str
    message_id: str
    sender: str
    to: str
    cc: str
    subject: str
    date: dt.datetime | None
    body: str
    attachments: list[tuple[str, int]] = field(default_factory=list)  # (file name, size in bytes)


def _read(folder: str, name: str):
    if not FILE_NAME.match(name):
        return None
    try:
        with open(os.path.join(folder, name), "rb") as source:
            return email.message_from_binary_file(source, policy=email.policy.default)
    except OSError:
        return None


def _caught(name: str, message) -> Caught:
    body = message.get_body(("plain", "html"))
    files = [(part.get_filename() or "attachment", len(part.get_content())) for part in message.iter_attachments()]
    return Caught(name=name, message_id=str(message["Message-ID"] or ""), sender=str(message["From"] or ""),
                  to=str(message["To"] or ""), cc=str(message["Cc"] or ""), subject=str(message["Subject"] or ""),
                  date=_date(message["Date"]), body=body.get_content() if body is not None else "",
                  attachments=files)


def _date(header) -> dt.datetime | None:
    try:
        return parsedate_to_datetime(str(header)) if header else None
    except (TypeError, ValueError):
        return None


def caught_messages(folder: str, message_ids: set[str] | None = None, limit: int = 100) -> list[Caught]:
    """The caught messages, newest first; only those whose Message-ID is in ``message_ids``
    when given."""
    try:
        names = sorted((n for n in os.listdir(folder) if FILE_NAME.match(n)), reverse=True)
    except OSError:
        return []
    out = []
    for name in names:
        message = _read(folder, name)
        if message is None or (message_ids is not None and str(message["Message-ID"] or "") not in message_ids):
            continue
        out.append(_caught(name, message))
        if len(out) >= limit:
            break
    return out


def caught_attachment(folder: str, name: str, index: int, message_ids: set[str]) -> tuple[str, str, bytes] | None:
    """``(file name, content type, data)`` of the ``index``-th attachment of the caught message
    ``name``, if that message's Message-ID is in ``message_ids``."""
    message = _read(folder, name)
    if message is None or str(message["Message-ID"] or "") not in message_ids:
        return None
    parts = list(message.iter_attachments())
    if not 0 <= index < len(parts):
        return None
    part = parts[index]
    return part.get_filename() or "attachment", part.get_content_type(), part.get_content()
