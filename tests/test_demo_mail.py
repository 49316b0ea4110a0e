"""C7, B7, B15: ``finsuite demo`` catches its e-mail on a local SMTP server (aiosmtpd, in a thread)
so that sending an invoice works without a mail server, and shows the caught messages in
Setup > Demo mailbox (only in the demo, only the organisation's own)."""
from __future__ import annotations

import email
import email.policy
import html
import os
import smtplib

import pytest

from core.cli_run import demo_mail
from core.mail_catcher import caught_messages
from tests.books.printing_helpers import create_doc, pdf_text, set_fields, shop  # noqa: F401  (fixture)

MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_SENDER", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME",
             "MAIL_PASSWORD", "DEMO_MAIL_DIR")


@pytest.fixture
def demo_config(app):
    """The app's mail settings as they were (the defaults), restored after the test."""
    saved = {key: app.config.get(key) for key in MAIL_KEYS}
    app.config.update(MAIL_SERVER="localhost", MAIL_PORT=25, MAIL_SENDER="finsuite@localhost", DEMO_MAIL_DIR=None)
    yield app
    app.config.update(saved)


def test_c7_b7_the_demo_catches_an_invoice_sent_by_email_and_shows_it(demo_config, tmp_path, shop, api_for,
                                                                       client_for, make_tenant, make_user, registry,
                                                                       monkeypatch):
    monkeypatch.setattr(demo_config, "instance_path", str(tmp_path))
    said = demo_mail(demo_config, "http://localhost:5000")
    folder = str(tmp_path / "demo-mail")
    try:
        port = demo_config.config["MAIL_PORT"]
        assert said == (f"caught by a local SMTP server (127.0.0.1:{port}), not delivered: see Setup > Demo "
                        f"mailbox, http://localhost:5000/setup/demo-mail (files in {folder})")
        assert (demo_config.config["MAIL_SERVER"], demo_config.config["DEMO_MAIL_DIR"]) == ("127.0.0.1", folder)
        api = api_for(shop["admin"])
        doc = create_doc(api, "invoices", account_id=shop["account"].id)
        set_fields(registry, "invoices", doc["id"], number="INV-000031")
        sent = api.post(f"/api/v1/books/invoices/{doc['id']}/email", json={})   # the dialog's defaults
        assert sent.status_code == 201, sent.get_json()
        [name] = os.listdir(folder)                                         # one .eml file, complete
        with open(os.path.join(folder, name), "rb") as source:
            message = email.message_from_binary_file(source, policy=email.policy.default)
        assert message["From"] == "billing@demo.finsuite.test" and message["To"] == "compta@lodz.example"
        assert "INV-000031" in message["Subject"] and message["Date"]

        web = client_for(shop["admin"])
        assert 'href="/setup/demo-mail"' in web.get("/setup/").get_data(as_text=True)
        page = html.unescape(web.get("/setup/demo-mail").get_data(as_text=True))
        assert message["Subject"] in page and "compta@lodz.example" in page and f"127.0.0.1:{port}" in page
        assert "Dear Société Łódź Ğıda" in page and "INV-000031.pdf" in page          # the body, the attachment
        pdf = web.get(f"/setup/demo-mail/{name}/0")
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert "INV-000031" in pdf_text(pdf.data)[0]

        other = client_for(make_user(make_tenant()))                        # another organisation's admin
        assert message["Subject"] not in html.unescape(other.get("/setup/demo-mail").get_data(as_text=True))
        assert other.get(f"/setup/demo-mail/{name}/0").status_code == 404
        assert web.get("/setup/demo-mail/..%2Fdemo.db/0").status_code == 404
        clerk = client_for(make_user(shop["tenant"], profile="Standard"))
        assert clerk.get("/setup/demo-mail").status_code == 403
    finally:
        _stop_catcher(demo_config)
    demo_config.config["DEMO_MAIL_DIR"] = None                              # not the demo: no mailbox
    assert client_for(shop["admin"]).get("/setup/demo-mail").status_code == 404


def test_c7_the_catcher_keeps_any_message_it_receives(tmp_path):
    """The SMTP server itself, spoken to by smtplib as any mail client would."""
    from core.mail_catcher import start_catcher
    controller = start_catcher(str(tmp_path))
    try:
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as smtp:
            smtp.sendmail("a@example.com", ["b@example.com"],
                          "Subject: Hello\r\nMessage-ID: <1@example.com>\r\n\r\nCaught.\r\n")
    finally:
        controller.stop()
    [caught] = caught_messages(str(tmp_path))
    assert (caught.subject, caught.body.strip(), caught.message_id) == ("Hello", "Caught.", "<1@example.com>")
    assert caught_messages(str(tmp_path), {"<2@example.com>"}) == []         # only the ids asked for


def test_c7_a_configured_mail_server_is_used_as_it_is(demo_config):
    demo_config.config.update(MAIL_SERVER="smtp.example.com", MAIL_PORT=587)
    assert demo_mail(demo_config, "http://localhost:5000") == \
        "sent through smtp.example.com:587 (your mail settings)"
    assert demo_config.config["DEMO_MAIL_DIR"] is None


def _stop_catcher(app) -> None:
    """Stop the catcher :func:`demo_mail` started (the one on the app's MAIL_PORT)."""
    controller = app.extensions.pop("finsuite.mail_catcher", None)
    if controller is not None:
        controller.stop()
