"""C3 detail pages and forms: related lists, references, validation beside the field, CSRF."""
from __future__ import annotations

from decimal import Decimal

from core.crm.models import Account, Contact, Deal, Product
from core.models import AuditLog
from core.testing import csrf_from


def test_c3_account_detail_shows_fields_and_related_contacts(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme", city="Lyon", description="Line one\nLine two")
    Contact.create(tenant=tenant, first_name="Ann", last_name="Lee", email="ann@acme.test", account=acme)
    Contact.create(tenant=tenant, first_name="Bob", last_name="Elsewhere")
    html = web.get(f"/m/accounts/{acme.id}").get_data(as_text=True)
    assert "<title>Acme · Account" in html
    assert "Account name" in html and "Lyon" in html  # labels from the schema's metadata
    related = html.split('id="related-contacts"')[1].split("</section>")[0]
    assert "Ann Lee" in related and "ann@acme.test" in related and "Elsewhere" not in related
    assert '<span class="count">1</span>' in related
    assert f'href="/m/contacts/new?account_id={acme.id}&amp;next=%2Fm%2Faccounts%2F{acme.id}"' in related


def test_c3_contact_detail_titles_and_links_its_account(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    ann = Contact.create(tenant=tenant, first_name="Ann", last_name="Lee", account=acme)
    html = web.get(f"/m/contacts/{ann.id}").get_data(as_text=True)
    assert "<h1>Ann Lee</h1>" in html
    assert f'<a href="/m/accounts/{acme.id}">Acme</a>' in html


def test_c3_deal_detail_formats_money_and_dates(ctx, web, tenant):
    import datetime as dt
    deal = Deal.create(tenant=tenant, name="Big", amount=Decimal("2500"), closing_date=dt.date(2026, 3, 14))
    html = web.get(f"/m/deals/{deal.id}").get_data(as_text=True)
    assert "$2,500.00" in html and "Mar 14, 2026" in html


def test_c3_create_from_the_new_form_with_prefill_and_back_to_parent(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    form = web.get(f"/m/contacts/new?account_id={acme.id}").get_data(as_text=True)
    assert f'<option value="{acme.id}" selected>Acme</option>' in form
    response = web.post(f"/m/contacts/new?next=/m/accounts/{acme.id}", data={
        "csrf_token": csrf_from(form), "first_name": "Ann", "last_name": "Lee", "account_id": str(acme.id)})
    assert response.status_code == 302 and response.headers["Location"] == f"/m/accounts/{acme.id}"
    contact = Contact.get(Contact.last_name == "Lee", Contact.tenant == tenant)
    assert contact.account_id == acme.id
    assert "Contact created: Ann Lee" in web.get(f"/m/accounts/{acme.id}").get_data(as_text=True)


def test_c3_validation_errors_beside_the_field_with_422_and_nothing_saved(ctx, web, tenant):
    form = web.get("/m/deals/new").get_data(as_text=True)
    response = web.post("/m/deals/new", data={"csrf_token": csrf_from(form), "name": "", "stage": "Dreaming",
                                             "amount": "abc", "closing_date": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for name in ("name", "stage", "amount"):
        field = html.split(f'id="f-{name}"')[1].split('<div class="field')[0]
        assert 'class="error"' in field, f"no error beside {name}"
    assert 'value="abc"' in html  # the submitted values are kept
    assert Deal.scoped(tenant).count() == 0


def test_c3_reference_select_offers_only_this_tenants_records(ctx, web, tenant, make_tenant):
    Account.create(tenant=tenant, name="Mine")
    theirs = Account.create(tenant=make_tenant(), name="Theirs")
    html = web.get("/m/contacts/new").get_data(as_text=True)
    assert ">Mine</option>" in html and "Theirs" not in html
    response = web.post("/m/contacts/new", data={"csrf_token": csrf_from(html), "last_name": "X",
                                                 "account_id": str(theirs.id)})
    assert response.status_code == 422 and Contact.scoped(tenant).count() == 0


def test_c3_edit_saves_and_checkbox_unchecks(ctx, web, tenant):
    product = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("10"), is_active=True)
    form = web.get(f"/m/products/{product.id}/edit").get_data(as_text=True)
    assert 'value="10.00"' in form and "checked" in form
    response = web.post(f"/m/products/{product.id}/edit", data={
        "csrf_token": csrf_from(form), "name": "Widget Pro", "unit_price": "12.50", "tax_rate": "20", "code": ""})
    assert response.status_code == 302
    product = Product.get_by_id(product.id)
    assert product.name == "Widget Pro" and product.unit_price == Decimal("12.50") and product.is_active is False
    assert AuditLog.select().where(AuditLog.record_id == product.id, AuditLog.module == "products").count() == 1


def test_c3_delete_asks_confirmation_and_removes(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    page = web.get(f"/m/accounts/{acme.id}").get_data(as_text=True)
    assert "data-confirm=" in page.split(f'action="/m/accounts/{acme.id}/delete"')[1][:200]
    response = web.post(f"/m/accounts/{acme.id}/delete", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.headers["Location"] == "/m/accounts/"
    assert Account.get_or_none(Account.id == acme.id) is None
    assert "Account deleted." in web.get("/m/accounts/").get_data(as_text=True)


def test_c2_form_without_csrf_token_is_refused(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    assert web.post("/m/accounts/new", data={"name": "Sneaky"}).status_code == 400
    assert web.post(f"/m/accounts/{acme.id}/delete").status_code == 400
    assert web.post(f"/m/accounts/{acme.id}/delete", data={"csrf_token": "forged"}).status_code == 400
    assert Account.scoped(tenant).count() == 1


def test_c3_unknown_module_and_record_are_404(ctx, web, tenant):
    assert web.get("/m/nothing/").status_code == 404
    assert web.get("/m/accounts/999999").status_code == 404
    assert web.get("/m/accounts/999999/edit").status_code == 404


def test_c2_logged_out_user_is_sent_to_login_and_back(app, ctx, admin):
    from core.testing import PASSWORD
    client = app.test_client()
    response = client.get("/m/accounts/?q=x")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    done = client.post("/login?next=/m/accounts/%3Fq%3Dx", data={
        "csrf_token": csrf_from(page), "email": admin.email, "password": PASSWORD})
    assert done.headers["Location"] == "/m/accounts/?q=x"
    other = app.test_client()
    page = other.get("/login").get_data(as_text=True)
    evil = other.post("/login?next=//evil.example/x", data={
        "csrf_token": csrf_from(page), "email": admin.email, "password": PASSWORD})
    assert evil.headers["Location"] == "/"
