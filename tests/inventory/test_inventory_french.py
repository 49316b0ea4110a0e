"""Issue 11 (French and locales), Inventory in French: the account's strip (Articles commandés,
Expédition en cours) and its packages list read in French for an organisation in French."""
from __future__ import annotations

from core.crm.models import Account
from plugins.inventory.models import Package
from tests.books.context_helpers import panel
from tests.inventory.helpers import strip


def test_issue_11_inventory_strip_and_packages_in_french(make_tenant, make_user, client_for):
    tenant = make_tenant(locale="fr_FR", currency="EUR")
    admin = make_user(tenant)
    account = Account.create(tenant=tenant, name="Boulangerie Dupont")
    Package.create(tenant=tenant, account_id=account.id, number="PKG-1", status="shipped", carrier="Colissimo")
    unnumbered = Package.create(tenant=tenant, account_id=account.id, status="delivered")
    html = client_for(admin).get(f"/m/accounts/{account.id}").get_data(as_text=True)
    assert set(strip(html, "Inventaire")) == {"Articles commandés", "Expédition en cours"}
    assert strip(html, "Inventaire")["Expédition en cours"] == "1"
    listed = panel(html, "inventory_packages")
    assert listed is not None and "<h2>Colis" in listed and "N° de colis" in listed
    assert "Expédié" in listed and "Livré" in listed and "Transporteur / suivi" in listed
    page = client_for(admin).get(f"/m/inventory/packages/{unnumbered.id}").get_data(as_text=True)
    assert f"Colis n° {unnumbered.id}" in page
