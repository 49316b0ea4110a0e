"""Issue 11 (French and locales): a third-party plugin ships its own French catalogue in its
package (finsuite_payments/translations/fr/LC_MESSAGES/messages.po, compiled to messages.mo by
``pybabel compile``; scripts/setup.sh runs ``bash scripts/i18n.sh compile``), which Finsuite reads
beside its own: an organisation in French reads Payments in French, its tab, list, form, choices,
action and refusals."""
import os
from html import unescape

import finsuite_payments
from core.i18n import translation_directories

URL = "/api/v1/payments/payments"


def test_issue_11_the_plugins_own_catalogue_shows_on_french_pages(make_tenant, make_user, api_for, client_for,
                                                                   registry, run_sync):
    own = os.path.join(os.path.dirname(finsuite_payments.__file__), "translations")
    assert os.path.isfile(os.path.join(own, "fr", "LC_MESSAGES", "messages.mo")), "run: bash scripts/i18n.sh compile"
    assert own in translation_directories(registry)
    tenant = make_tenant(apps=("books", "payments"), locale="fr_FR", currency="EUR")
    admin = make_user(tenant)
    web, api = client_for(admin), api_for(admin)
    assert 'data-tab="payments">Paiements</a>' in web.get("/").get_data(as_text=True)  # its tab
    listed = web.get("/m/payments/payments/").get_data(as_text=True)
    assert "<h1>Paiements</h1>" in listed and "N° de paiement" in listed and "Mode de paiement" in listed
    form = unescape(web.get("/m/payments/payments/new").get_data(as_text=True))
    assert all(mode in form for mode in ("Espèces", "Chèque", "Virement bancaire", "Carte bancaire"))
    assert "Le montant règle d'abord les plus anciennes, chacune jusqu'à son solde dû." in form
    account = api.post("/api/v1/accounts", json={"name": "Boulangerie Dupont"}).get_json()
    refused = api.post(URL, json={"account_id": account["id"], "amount": "10.00"})
    assert refused.status_code == 422 and refused.get_json()["errors"] == {
        "invoice_ids": ["Choisissez au moins une facture."]}
    invoice = api.post("/api/v1/books/invoices", json={
        "account_id": account["id"], "line_items": [{"name": "Conseil", "quantity": "1", "rate": "80.00"}]}).get_json()
    assert api.post(f"/api/v1/books/invoices/{invoice['id']}/actions/mark_sent").status_code == 200
    run_sync()  # Books has it open: what is left to pay is known
    refused = api.post(URL, json={"account_id": account["id"], "invoice_ids": [invoice["id"]], "amount": "90.00"})
    assert refused.get_json()["errors"]["amount"][0].startswith("Dépasse les 80,00")
    page = unescape(web.get(f"/m/books/invoices/{invoice['id']}").get_data(as_text=True))
    assert "Enregistrer le paiement" in page and "Enregistrer un paiement en espèces de 80,00" in page
