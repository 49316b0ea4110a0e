"""Issue 15, finding 1: the embedded finance application's organisations belong to their
tenant. A tenant can never name another's (form, ``configure``, CLI), a connection whose
stored organisation was tampered with sends nothing there, and finance-serve's organisations
are its own (naming ``acme`` there never reaches acme's embedded organisation)."""
from __future__ import annotations

import pytest

from core.finance.local.service import LocalFinance
from core.provisioning import ProvisioningError, create_tenant
from core.sync.connections import ForeignOrganisation, configure, get_connection
from core.sync.models import FinanceConnection, SyncOutbox
from core.sync.worker import drain
from core.testing import csrf_from
from tests.books.context_helpers import create_doc
from tests.sync_helpers import make_due, through_finserve
from tests.zoho_serve_fixtures import served

URL = "/setup/finance/"


@pytest.fixture
def acme_and_globex(make_tenant, make_user, client_for, api_for):
    SyncOutbox.delete().execute()  # claims are global: rows other tests left would come first
    acme, globex = make_tenant(apps=("books",)), make_tenant(apps=("books",))
    globex_admin = make_user(globex)
    from core.crm.models import Account
    account = Account.create(tenant=globex, name="Globex customer")
    return {"acme": acme, "globex": globex, "web": client_for(globex_admin), "api": api_for(globex_admin),
            "account": account}


def acme_invoices(acme) -> list[dict]:
    return list(LocalFinance(acme.slug).list_changed("invoices", None))


def test_foreign_embedded_organisation_named_in_the_form_is_refused_beside_the_field(ctx, acme_and_globex, registry):
    t = acme_and_globex
    acme, globex, web = t["acme"], t["globex"], t["web"]
    token = csrf_from(web.get(URL).get_data(as_text=True))
    response = web.post("/setup/finance/connections/books",
                        data={"connector": "local", "organization_id": acme.slug, "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-books-organization_id"' in html and "another organisation" in html
    assert get_connection(globex, "books").organization_id == globex.slug
    create_doc(t["api"], "invoices", account_id=t["account"].id)
    drain(registry)
    assert acme_invoices(acme) == []  # acme's numbering untouched
    assert len(list(LocalFinance(globex.slug).list_changed("invoices", None))) == 1


def test_own_embedded_organisations_may_be_named_in_the_form(ctx, acme_and_globex):
    t = acme_and_globex
    web, globex = t["web"], t["globex"]
    token = csrf_from(web.get(URL).get_data(as_text=True))
    response = web.post("/setup/finance/connections/books",
                        data={"connector": "local", "organization_id": f"{globex.slug}-invoice", "csrf_token": token})
    assert response.status_code == 302
    assert get_connection(globex, "books").organization_id == f"{globex.slug}-invoice"


def test_configure_refuses_another_tenants_embedded_organisation(ctx, acme_and_globex):
    acme, globex = acme_and_globex["acme"], acme_and_globex["globex"]
    with pytest.raises(ForeignOrganisation):
        configure(globex, "books", "local", acme.slug)
    assert get_connection(globex, "books").organization_id == globex.slug


def test_tampered_stored_organisation_never_receives_another_tenants_invoice(ctx, acme_and_globex, registry):
    t = acme_and_globex
    acme, globex = t["acme"], t["globex"]
    get_connection(globex, "books")
    FinanceConnection.update(organization_id=acme.slug).where(
        (FinanceConnection.tenant == globex) & (FinanceConnection.app == "books")).execute()
    doc = create_doc(t["api"], "invoices", account_id=t["account"].id)
    drain(registry)
    make_due(globex)
    drain(registry)
    assert acme_invoices(acme) == [] and list(LocalFinance(acme.slug).list_changed("contacts", None)) == []
    seen = t["api"].get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert seen["sync_status"] == "pending" and "not this organisation's" in seen["sync_error"]
    connection = get_connection(globex, "books")
    assert connection.failing_since is not None and "not this organisation's" in connection.failing_reason


def test_finance_serve_never_reaches_a_tenants_embedded_organisation(ctx, acme_and_globex, registry, make_user,
                                                                     api_for):
    """A globex admin points the ``zoho`` connector at finance-serve (its demo credentials are
    public) with organization_id=acme: the invoice lands in finance-serve's own ``acme``, and
    acme's embedded organisation keeps its invoices and its numbering."""
    t = acme_and_globex
    acme, globex = t["acme"], t["globex"]
    from core.crm.models import Account
    acme_api = api_for(make_user(acme))
    acme_account = Account.create(tenant=acme, name="Acme customer")
    create_doc(acme_api, "invoices", account_id=acme_account.id)
    drain(registry)
    [first] = acme_invoices(acme)
    with through_finserve(globex, organization_id=acme.slug) as (_, org):
        create_doc(t["api"], "invoices", account_id=t["account"].id)
        drain(registry)
        [landed] = served(org).list_changed("invoices", None)
        assert served(org).get("contacts", landed["customer_id"])["contact_name"] == "Globex customer"
    assert acme_invoices(acme) == [first]
    create_doc(acme_api, "invoices", account_id=acme_account.id)
    drain(registry)
    series, number = first["invoice_number"].rsplit("-", 1)
    assert [i["invoice_number"] for i in acme_invoices(acme)] == [
        first["invoice_number"], f"{series}-{int(number) + 1:0{len(number)}d}"]


def test_a_tenant_whose_embedded_organisations_would_be_another_tenants_is_not_created(ctx, registry, tenant):
    """``<slug>-invoice`` is the slug's Invoice organisation: no tenant may take it as its slug,
    nor take the slug whose Invoice organisation an existing tenant is."""
    with pytest.raises(ProvisioningError, match="organisation"):
        create_tenant(registry, f"{tenant.slug}-invoice", "Squatter")
    first = create_tenant(registry, f"{tenant.slug}b-invoice", "First come")
    with pytest.raises(ProvisioningError, match="organisation"):
        create_tenant(registry, f"{tenant.slug}b", "Squatter")
    assert get_connection(first, "books").organization_id == first.slug


def test_cli_create_tenant_refuses_a_slug_naming_another_tenants_organisation(tmp_path):
    from tests.test_cli import _env, finsuite
    env = _env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}")
    assert finsuite(env, "init-db").returncode == 0
    assert finsuite(env, "create-tenant", "acme", "--name", "Acme").returncode == 0
    done = finsuite(env, "create-tenant", "acme-invoice", "--name", "Squatter")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "Error:" in done.stderr and "acme" in done.stderr and "organisation" in done.stderr
