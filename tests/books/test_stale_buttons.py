"""C8 (issue 15, finding 10): a status action or Delete pressed on a record's page read before
someone else changed the record does nothing, and says who changed what; pressed again on the
page as it is now, it runs."""
from __future__ import annotations

import re

from plugins.books.models import Invoice
from core.testing import csrf_from


def _button_form(html: str, action_url: str) -> dict:
    form = html.split(f'action="{action_url}"')[1].split("</form>")[0]
    version = re.search(r'name="_version" value="(\d+)"', form)
    assert version, "the button's form carries no version"
    return {"csrf_token": csrf_from(html), "_version": version.group(1)}


def test_c8_a_status_action_pressed_on_a_stale_page_does_nothing_and_names_the_change(
        crm, make_doc, make_user, client_for):
    invoice = make_doc("invoices")
    ada, bob = crm["admin"], make_user(crm["tenant"])
    bob.name = "Bob Stone"
    bob.save()
    page_url = f"/m/books/invoices/{invoice['id']}"
    action_url = f"{page_url}/actions/mark_sent"
    ada_web, bob_web = client_for(ada), client_for(bob)
    ada_page = ada_web.get(page_url).get_data(as_text=True)

    bob_form = bob_web.get(f"{page_url}/edit").get_data(as_text=True)
    edit = {k: v for k, v in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', bob_form)}
    edit.update({"csrf_token": csrf_from(bob_form), "reference": "PO-77"})
    for name, value in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>.*?<option[^>]*value="([^"]*)"[^>]*selected',
                                  bob_form, flags=re.S):
        edit.setdefault(name, value)
    assert bob_web.post(f"{page_url}/edit", data=edit).status_code == 302

    stale = ada_web.post(action_url, data=_button_form(ada_page, action_url), follow_redirects=True)
    message = stale.get_data(as_text=True)
    assert "Nothing was done" in message and "Bob Stone" in message and "Reference" in message
    assert Invoice.get_by_id(invoice["id"]).status == "draft"

    fresh_page = ada_web.get(page_url).get_data(as_text=True)
    ada_web.post(action_url, data=_button_form(fresh_page, action_url))
    assert Invoice.get_by_id(invoice["id"]).status == "sent"


def test_c8_delete_pressed_on_a_stale_page_does_nothing(crm, make_doc, make_user, client_for, api_for):
    invoice = make_doc("invoices")
    page_url = f"/m/books/invoices/{invoice['id']}"
    delete_url = f"{page_url}/delete"
    ada_web = client_for(crm["admin"])
    ada_page = ada_web.get(page_url).get_data(as_text=True)
    bob_api = api_for(make_user(crm["tenant"]))
    assert bob_api.patch(f"/api/v1/books/invoices/{invoice['id']}", json={"reference": "PO-78"}).status_code == 200

    stale = ada_web.post(delete_url, data=_button_form(ada_page, delete_url), follow_redirects=True)
    assert "Nothing was done" in stale.get_data(as_text=True)
    assert Invoice.get_or_none(Invoice.id == invoice["id"]) is not None
