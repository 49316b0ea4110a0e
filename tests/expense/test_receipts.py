"""E1 receipts: images and PDFs up to the size limit, their type told by their content (not their
name or the type the client claims), stored per tenant, served only to users who may see the
expense and never as a page; a refused file is a 422 naming ``receipt`` or an error beside it."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from core.models import AuditLog
from core.models.files import StoredFile
from core.testing import csrf_from
from tests.books.context_helpers import profile_without
from tests.expense.helpers import SAMPLES, create_expense, create_report, png, upload

TEXT = b"Total: 12.00 EUR\nthanks for your visit\n"
HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("content_type", sorted(SAMPLES))
def test_e1_receipt_images_and_pdf_accepted_and_served_as_stored(crm, xapi, app, content_type):
    name, data = SAMPLES[content_type]
    expense = create_expense(xapi)
    response = upload(xapi, expense["id"], name, data)
    assert response.status_code == 200, response.get_json()
    receipt = response.get_json()["receipt"]
    assert (receipt["name"], receipt["content_type"], receipt["size"]) == (name, content_type, len(data))
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["receipt"] == receipt
    served = xapi.get(f"/api/v1/expense/expenses/{expense['id']}/files/receipt")
    assert served.status_code == 200 and served.data == data
    assert served.mimetype == content_type
    assert served.headers["Content-Disposition"].startswith("attachment;") and name in served.headers[
        "Content-Disposition"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    stored = StoredFile.get_by_id(receipt["id"])
    assert stored.path.startswith(f"{crm['tenant'].id}/")
    assert (Path(app.instance_path) / "files" / stored.path).read_bytes() == data


@pytest.mark.parametrize("name, data, claimed", [
    ("receipt.png", TEXT, "image/png"),  # a .png that is really text
    ("receipt.pdf", HTML, "application/pdf"),
    ("receipt.jpg", b"", "image/jpeg"),
    ("receipt.png", b"\x89PNG-but-not-quite", "image/png"),
])
def test_e1_receipt_type_is_checked_by_content(xapi, name, data, claimed):
    expense = create_expense(xapi)
    response = xapi.put(f"/api/v1/expense/expenses/{expense['id']}/files/receipt",
                        data={"file": (io.BytesIO(data), name, claimed)}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["receipt"]
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["receipt"] is None
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}/files/receipt").status_code == 404


def test_e1_receipt_over_the_size_limit_is_refused(xapi, app):
    expense = create_expense(xapi)
    before = app.config.get("MAX_UPLOAD_BYTES")
    app.config["MAX_UPLOAD_BYTES"] = 1024
    try:
        response = upload(xapi, expense["id"], "big.pdf", b"%PDF-1.4\n" + b"0" * 1100)
        assert response.status_code == 422
        assert response.get_json()["errors"]["receipt"] == ["The file is larger than 1 KB."]
        assert upload(xapi, expense["id"], "small.pdf", b"%PDF-1.4\n" + b"0" * 900).status_code == 200
    finally:
        app.config["MAX_UPLOAD_BYTES"] = before


def test_e1_receipt_name_is_cleaned_and_ends_with_its_real_type(xapi):
    expense = create_expense(xapi)
    receipt = upload(xapi, expense["id"], "../../etc/passwd.png", png()).get_json()["receipt"]
    assert receipt["name"] == "passwd.png"
    receipt = upload(xapi, expense["id"], "scan.png", SAMPLES["application/pdf"][1], method="post").get_json()[
        "receipt"]
    assert (receipt["name"], receipt["content_type"]) == ("scan.png.pdf", "application/pdf")


def test_e1_receipt_served_only_to_users_who_may_see_the_expense(crm, xapi, app, api_for, client_for, make_user,
                                                                  make_tenant):
    tenant = crm["tenant"]
    expense = create_expense(xapi)
    upload(xapi, expense["id"], "receipt.png", png())
    api_url = f"/api/v1/expense/expenses/{expense['id']}/files/receipt"
    web_url = f"/m/expense/expenses/{expense['id']}/files/receipt"
    assert client_for(crm["admin"]).get(web_url).data == png()
    reader = make_user(tenant, profile="Read only")
    assert api_for(reader).get(api_url).status_code == 200 and client_for(reader).get(web_url).status_code == 200
    outsider = make_user(tenant, profile=profile_without(tenant, "No expense", "app.expense"))
    assert api_for(outsider).get(api_url).status_code == 403
    assert client_for(outsider).get(web_url).status_code == 403
    stranger = make_user(make_tenant())  # another organisation, with Expense
    assert api_for(stranger).get(api_url).status_code == 404
    assert client_for(stranger).get(web_url).status_code == 404
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}/files/description").status_code == 404
    assert app.test_client().get(web_url).status_code == 302  # to the login page
    assert app.test_client().get(api_url).status_code == 401
    assert api_for(reader).put(api_url, data={"file": (io.BytesIO(png()), "r.png")},
                               content_type="multipart/form-data").status_code == 403  # viewing is not editing


def test_e1_receipt_removed_with_null_never_set_by_id(crm, xapi):
    expense = create_expense(xapi)
    receipt = upload(xapi, expense["id"], "receipt.png", png()).get_json()["receipt"]
    response = xapi.patch(f"/api/v1/expense/expenses/{expense['id']}", json={"receipt": receipt["id"]})
    assert response.status_code == 422 and "receipt" in response.get_json()["errors"]
    response = xapi.patch(f"/api/v1/expense/expenses/{expense['id']}", json={"receipt": None})
    assert response.status_code == 200 and response.get_json()["receipt"] is None
    changes = [a.changes for a in AuditLog.select().where((AuditLog.tenant == crm["tenant"])
                                                          & (AuditLog.record_id == expense["id"])
                                                          & (AuditLog.module == "expense/expenses"))]
    assert any('"receipt": [null, "receipt.png"]' in c for c in changes)


def test_e1_receipt_of_a_submitted_report_no_longer_changes(xapi):
    expense = create_expense(xapi)
    report = create_report(xapi, [expense["id"]])
    xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/submit")
    assert upload(xapi, expense["id"], "late.png", png()).status_code == 409


def _form(web, url: str) -> str:
    page = web.get(url)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_e1_web_form_uploads_a_receipt_and_shows_a_refused_one_beside_the_field(crm, client_for):
    web = client_for(crm["admin"])
    html = _form(web, f"/m/expense/expenses/new?account_id={crm['account'].id}")
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html and 'name="receipt"' in html
    fields = {"csrf_token": csrf_from(html), "date": "2026-05-04", "category": "Meals", "amount": "12.00",
              "tax": "0", "merchant": "Café", "account_id": str(crm["account"].id)}
    refused = web.post("/m/expense/expenses/new", data={**fields, "amount": "-3",
                                                        "receipt": (io.BytesIO(TEXT), "receipt.png")},
                       content_type="multipart/form-data")
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert re.search(r'id="error-receipt">Only images \(PNG, JPEG, GIF, WebP\) and PDF files are accepted', body)
    assert 'id="error-amount"' in body  # the other fields' errors at the same time
    created = web.post("/m/expense/expenses/new", data={**fields, "receipt": (io.BytesIO(png()), "lunch.png")},
                       content_type="multipart/form-data")
    assert created.status_code == 302
    page = web.get(created.headers["Location"]).get_data(as_text=True)
    link = re.search(r'<a href="(/m/expense/expenses/(\d+)/files/receipt)" data-file="receipt">lunch.png</a>', page)
    assert link, page
    assert web.get(link.group(1)).data == png()
    edit = _form(web, f"/m/expense/expenses/{link.group(2)}/edit")
    assert 'data-current-file="receipt"' in edit and "lunch.png" in edit


def test_e1_files_folder_is_configurable_and_per_tenant(crm, xapi, app, api_for, make_tenant, make_user, tmp_path):
    before = app.config.get("FILES_PATH")
    app.config["FILES_PATH"] = str(tmp_path / "receipts")
    try:
        mine = create_expense(xapi)
        upload(xapi, mine["id"], "receipt.png", png())
        other_tenant = make_tenant(apps=("expense",))
        other_api = api_for(make_user(other_tenant))
        theirs = create_expense(other_api)
        upload(other_api, theirs["id"], "receipt.png", png())  # the same bytes, another organisation
        stored = sorted(p.relative_to(tmp_path / "receipts").parts[0] for p in (tmp_path / "receipts").rglob("*")
                        if p.is_file())
        assert stored == sorted([str(crm["tenant"].id), str(other_tenant.id)])
        assert xapi.get(f"/api/v1/expense/expenses/{mine['id']}/files/receipt").data == png()
    finally:
        app.config["FILES_PATH"] = before


def test_e1_a_request_far_over_the_limit_is_refused_before_it_is_read(crm, xapi, client_for, app):
    """413 with the limits named, from the API and the web form, and nothing stored."""
    expense = create_expense(xapi)
    before = app.config.get("MAX_UPLOAD_BYTES")
    app.config["MAX_UPLOAD_BYTES"] = 1024
    huge = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 4096)  # over the file limit plus the form allowance
    try:
        response = upload(xapi, expense["id"], "huge.pdf", huge)
        assert response.status_code == 413
        assert response.get_json()["error"] == "The request is larger than 1 MB: files may be up to 1 KB."
        web = client_for(crm["admin"])
        html = _form(web, f"/m/expense/expenses/{expense['id']}/edit")
        assert 'data-max-bytes="1024"' in html and 'data-too-large="The file is larger than 1 KB."' in html
        page = web.post(f"/m/expense/expenses/{expense['id']}/edit",
                        data={"csrf_token": csrf_from(html), "receipt": (io.BytesIO(huge), "huge.pdf")},
                        content_type="multipart/form-data")
        assert page.status_code == 413
        assert "files may be up to 1 KB" in page.get_data(as_text=True)
    finally:
        app.config["MAX_UPLOAD_BYTES"] = before
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["receipt"] is None
