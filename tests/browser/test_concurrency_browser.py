"""C8 in a real browser: two users of one organisation open one invoice's edit form and both edit
it; the first saves; the second's save shows the conflict naming the first user and the field,
with the second user's input still in the form; "Save anyway" then saves it."""
from __future__ import annotations

import pytest

from core.crm.models import Account
from plugins.books.models import Invoice
from tests.books.context_helpers import create_doc
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_c8_second_save_of_an_invoice_shows_the_conflict_and_saves_anyway(browser, live_server, tenant, make_user,
                                                                           api_for):
    alice, bob = make_user(tenant), make_user(tenant)
    alice.name, bob.name = "Alice Martin", "Bob Stone"
    alice.save()
    bob.save()
    account = Account.create(tenant=tenant, name="Acme Corp")
    doc = create_doc(api_for(alice), "invoices", account_id=account.id, reference="PO-1", notes="Net 30")
    edit_url = f"{live_server}/m/books/invoices/{doc['id']}/edit"
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        alice_page, bob_page = (context.new_page() for context in contexts)
        for page, user in ((alice_page, alice), (bob_page, bob)):
            page.set_default_timeout(10_000)
            log_in(page, live_server, user.email)
            page.goto(edit_url)
        alice_page.fill("#f-reference", "PO-ALICE")
        bob_page.fill("#f-notes", "Bob's payment terms")
        alice_page.click("button:has-text('Save')")
        alice_page.wait_for_url(f"{live_server}/m/books/invoices/{doc['id']}")

        bob_page.click("button:has-text('Save')")
        conflict = bob_page.locator("#conflict")
        conflict.wait_for()
        text = conflict.inner_text()
        assert "Alice Martin" in text and "Reference" in text and "PO-ALICE" in text
        assert bob_page.input_value("#f-notes") == "Bob's payment terms"  # Bob's input kept
        assert bob_page.input_value("#f-reference") == "PO-1"  # as Bob read it: he decides
        assert Invoice.get_by_id(doc["id"]).notes == "Net 30"

        bob_page.fill("#f-reference", "PO-ALICE")  # Bob keeps Alice's reference, and his notes
        bob_page.click("button:has-text('Save anyway')")
        bob_page.wait_for_url(f"{live_server}/m/books/invoices/{doc['id']}")
        saved = Invoice.get_by_id(doc["id"])
        assert (saved.reference, saved.notes) == ("PO-ALICE", "Bob's payment terms")
    finally:
        for context in contexts:
            context.close()
