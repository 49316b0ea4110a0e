"""Issue 15, finding 9 (E1): a receipt chosen in the expense form is kept when another field is
invalid: the page says so, and the next post (without choosing the file again) saves the expense
with it. The kept file is claimable only by the user who chose it, in their organisation."""
from __future__ import annotations

import io
import re

from core.models.files import StoredFile
from plugins.expense.models import Expense
from core.testing import csrf_from
from tests.expense.helpers import SAMPLES

FIELDS = {"date": "2026-05-04", "category": "Meals", "merchant": "Bistro", "tax": "0.00"}
NAME, PDF = SAMPLES["application/pdf"]


def _kept_token(html: str) -> str:
    return re.search(r'name="receipt-kept" value="([^"]+)"', html).group(1)


def _post(web, data, receipt=None):
    token = csrf_from(web.get("/m/expense/expenses/new").get_data(as_text=True))
    body = {"csrf_token": token, **FIELDS, **data}
    if receipt is not None:
        body["receipt"] = (io.BytesIO(receipt), NAME)
    return web.post("/m/expense/expenses/new", data=body, content_type="multipart/form-data")


def test_e1_receipt_is_kept_when_the_amount_is_invalid_and_saved_on_the_next_post(crm, client_for, xapi):
    web = client_for(crm["admin"])
    tenant = crm["tenant"]
    refused = _post(web, {"amount": "12,50"}, receipt=PDF)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="error-amount"' in html
    assert f"{NAME} (kept: no need to choose it again)" in html
    assert Expense.scoped(tenant).count() == 0
    saved = _post(web, {"amount": "12.50", "receipt-kept": _kept_token(html)})
    assert saved.status_code == 302
    expense = Expense.scoped(tenant).get()
    receipt = xapi.get(f"/api/v1/expense/expenses/{expense.id}").get_json()["receipt"]
    assert (receipt["name"], receipt["size"]) == (NAME, len(PDF))
    assert xapi.get(f"/api/v1/expense/expenses/{expense.id}/files/receipt").data == PDF


def test_e1_kept_receipt_is_kept_again_when_the_form_is_still_invalid(crm, client_for):
    web = client_for(crm["admin"])
    first = _post(web, {"amount": "abc"}, receipt=PDF).get_data(as_text=True)
    again = _post(web, {"amount": "1.005", "receipt-kept": _kept_token(first)})
    assert again.status_code == 422 and _kept_token(again.get_data(as_text=True)) == _kept_token(first)


def test_e1_a_kept_receipt_cannot_be_claimed_by_another_user_or_tenant(crm, client_for, make_user, make_tenant):
    web = client_for(crm["admin"])
    token = _kept_token(_post(web, {"amount": "x"}, receipt=PDF).get_data(as_text=True))
    colleague = client_for(make_user(crm["tenant"]))
    stranger = client_for(make_user(make_tenant()))
    for other in (colleague, stranger):
        response = _post(other, {"amount": "9.00", "receipt-kept": token})
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "The file chosen before can no longer be used: choose it again." in html
    forged = token.split(".")
    forged[0] = str(int(forged[0]) + 1)
    assert _post(web, {"amount": "9.00", "receipt-kept": ".".join(forged)}).status_code == 422
    assert Expense.select().where(Expense.receipt == int(token.split(".")[0])).count() == 0
    assert StoredFile.select().where(StoredFile.tenant == crm["tenant"]).count() == 1  # kept, not attached
