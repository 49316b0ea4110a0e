"""Shared pieces of the PDF and e-mail tests (B7, B8, P2): a tenant with non-ASCII names, Books
documents made through the API, PDF text, a real SMTP server on localhost (aiosmtpd)."""
from __future__ import annotations

import contextlib
import email
import email.policy
import io
import json
import socket

import pytest
from babel.numbers import format_currency
from pypdf import PdfReader

from core.crm.models import Account, Contact, Vendor
from core.sync.connections import get_connection
from core.sync.models import SyncMapping

TENANT_NAME = "Ærøskøbing Trading ApS"
CUSTOMER = "Société Łódź Ğıda"
LINES = [
    {"name": "Café crème €", "description": "Zoë’s façade, 2 coats", "quantity": "3", "rate": "19.99",
     "discount_percent": "10", "tax_percent": "20"},
    {"name": "Ærø widget", "description": "Größe XL", "quantity": "1.5", "rate": "100.00", "tax_percent": "5.5"},
]


def money(amount, currency="USD") -> str:
    """An amount as the PDF prints it (en_US)."""
    return format_currency(amount, currency, locale="en_US")


def pdf_text(data: bytes) -> list[str]:
    """The text of each page."""
    assert data[:5] == b"%PDF-", data[:40]
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shop(make_tenant, make_user):
    """A tenant with Books, a non-ASCII name and address, an administrator, a customer account
    with a contact, and a vendor."""
    tenant = make_tenant(name=TENANT_NAME)
    tenant.address = "Vestergade 1\n5970 Ærøskøbing\nDanmark"
    tenant.save()
    admin = make_user(tenant)
    account = Account.create(tenant=tenant, name=CUSTOMER, email="compta@lodz.example", street="ul. Piotrkowska 1",
                             city="Łódź", postal_code="90-001", country="Polska")
    vendor = Vendor.create(tenant=tenant, name="Zoë Supplies GmbH", email="orders@zoe.example", city="Köln")
    return {"tenant": tenant, "admin": admin, "account": account, "vendor": vendor}


def contact_of(account, email="anna@lodz.example") -> Contact:
    return Contact.create(tenant=account.tenant, first_name="Anna", last_name="Wójcik", email=email,
                          account=account)


def create_doc(api, kind: str, lines=None, **fields) -> dict:
    """A Books document made through the API (``kind``: invoices, estimates, salesorders,
    purchaseorders)."""
    body = {"date": "2026-11-28", "notes": "Payable à 30 jours.", "line_items": lines or LINES, **fields}
    response = api.post(f"/api/v1/books/{kind}", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def set_fields(registry, kind: str, record_id: int, **values) -> None:
    """What the finance application would have set (a number, a status) written directly."""
    model = registry.modules[f"books/{kind}"].model
    model.update(**values).where(model.id == record_id).execute()


def remember_balance(tenant, record_id: int, balance: str) -> None:
    """The finance application's last word on an invoice: its balance due."""
    org_key = get_connection(tenant, "books").org_key
    row = SyncMapping.get_or_none((SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key)
                                  & (SyncMapping.module == "books/invoices") & (SyncMapping.record_id == record_id))
    remote = {**(row.remote if row else {}), "balance": balance}
    if row is None:
        SyncMapping.create(tenant=tenant, org_key=org_key, module="books/invoices", record_id=record_id,
                           doc_type="invoices", finance_id=f"test-{record_id}", remote_json=json.dumps(remote))
    else:
        row.remote_json = json.dumps(remote)
        row.save()


from tests.books.context_helpers import profile_without  # noqa: E402,F401  (one definition)


class SmtpStore:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append({"from": envelope.mail_from, "rcpt": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted"


@contextlib.contextmanager
def smtp_server(app, handler):
    """A real SMTP server on localhost answering with the aiosmtpd ``handler``; the app's MAIL_*
    config points at it for the block (and is restored)."""
    from aiosmtpd.controller import Controller
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SENDER")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_SENDER="books@finsuite.example")
    try:
        yield handler
    finally:
        app.config.update(saved)
        controller.stop()


@pytest.fixture
def smtp(app):
    """A real SMTP server on localhost keeping every message (:class:`SmtpStore`)."""
    with smtp_server(app, SmtpStore()) as store:
        yield store


@contextlib.contextmanager
def mail_server_down(app):
    """MAIL_PORT points at a port where nothing listens, for the block (then restored)."""
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    try:
        yield
    finally:
        app.config.update(saved)


@pytest.fixture
def no_smtp(app):
    """MAIL_PORT points at a port where nothing listens (restored afterwards)."""
    with mail_server_down(app):
        yield


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}
