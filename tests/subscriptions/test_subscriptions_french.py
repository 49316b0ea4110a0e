"""Issue 11 (French and locales), Subscriptions in French: an account's subscriptions list, their
billing interval and status, the actions and the refusals read in French for an organisation in
French."""
from __future__ import annotations

from core.crm.models import Account
from tests.books.context_helpers import panel
from tests.subscriptions.helpers import URL, create_sub


def test_issue_11_subscriptions_in_french(make_tenant, make_user, api_for, client_for):
    tenant = make_tenant(locale="fr_FR", currency="EUR")
    admin = make_user(tenant)
    api, web = api_for(admin), client_for(admin)
    account = Account.create(tenant=tenant, name="Boulangerie Dupont")
    refused = api.post(URL, json={"plan_code": "PRO-M", "price": "-1", "interval_unit": "fortnights"})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"price": ["Le prix ne peut pas être négatif."],
                                            "interval_unit": ["Choisissez mois, années, semaines ou jours."]}
    refused = api.post(URL, json={"plan_code": "PRO-M", "price": "10.00"})
    assert refused.get_json()["errors"] == {"account_id": ["Choisissez un compte ou un contact."]}
    monthly = create_sub(api, account_id=account.id, plan_name="Mensuel pro")
    quarterly = create_sub(api, account_id=account.id, plan_name="Support", interval=3)
    assert (monthly["billing_interval"], quarterly["billing_interval"]) == ("Mensuel", "Tous les 3 mois")
    listed = panel(web.get(f"/m/accounts/{account.id}").get_data(as_text=True), "subscriptions")
    assert listed is not None and "<h2>Abonnements" in listed
    assert "Tous les 3 mois" in listed and "Actif" in listed and "Prochaine facturation" in listed
    assert ">Modifier</a>" in listed
    page = web.get(f"/m/subscriptions/subscriptions/{monthly['id']}").get_data(as_text=True)
    assert "Annuler maintenant" in page and "Annuler en fin de période" in page
    assert "Annuler cet abonnement maintenant ? Il ne sera plus facturé." in page.replace("&#39;", "'")
