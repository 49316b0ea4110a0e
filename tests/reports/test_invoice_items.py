"""I1: the Invoice app's line items are a read-only module of their own (``invoice/items``, as Books'
``books/items``, one schema in the core), the related module its reports join; profiles of the
organisations made before it are granted it along with the invoices."""
from __future__ import annotations

from core.models import Profile
from core.reports import relations_of
from tests.reports.helpers import make_sales


def test_i1_invoice_items_are_listed_read_only(registry, api, tenant, admin):
    sales = make_sales(registry, tenant, admin, "invoice/invoices")
    invoice = sales["invoices"]["a1"]
    listed = api.get(f"/api/v1/invoice/items?document_module=invoice/invoices&document_id={invoice.id}"
                     "&sort=position").get_json()["data"]
    assert [(line["name"], line["quantity"], line["discount_percent"]) for line in listed] == [
        ("Widget", "3.000", "10.000"), ("Setup", "1.000", "0.000")]
    assert api.post("/api/v1/invoice/items", json={"name": "x"}).status_code == 405
    modules = {m["name"] for m in api.get("/api/v1/modules").get_json()}
    assert {"invoice/invoices", "invoice/estimates", "invoice/items", "books/items"} <= modules
    assert relations_of(registry, registry.modules["invoice/invoices"])["items"].module.name == "invoice/items"
    assert registry.modules["invoice/items"].schema is not registry.modules["books/items"].schema


def test_i1_without_the_invoice_app_there_are_no_invoice_items(make_tenant, make_user, api_for):
    api = api_for(make_user(make_tenant(apps=("books",))))
    assert api.get("/api/v1/invoice/items").status_code == 404
    assert "invoice/items" not in {m["name"] for m in api.get("/api/v1/modules").get_json()}


def test_i1_profiles_made_before_the_items_module_are_granted_it_with_the_invoices(tenant, registry):
    migration = next(m for m in registry.migrations if (m.app, m.name) == ("invoice", "0004_items_permission"))
    profile = Profile.get((Profile.tenant == tenant) & (Profile.name == "Read only"))
    assert "invoice/items.view" in profile.grants  # a tenant made now has it
    profile.grants = profile.grants - {"invoice/items.view"}
    profile.save()
    bare = Profile.create(tenant=tenant, name="CRM only", is_admin=False)
    migration.up(None, None)
    assert "invoice/items.view" in Profile.get_by_id(profile.id).grants
    assert Profile.get_by_id(bare.id).grants == frozenset()
