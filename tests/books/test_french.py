"""French and locales (issue 11): Books in French for a user who reads French, with the help
page's terms (Factures, Devis, Commandes client, Bons de commande, Marquer comme Envoyé,
Convertir en Ouvert, Rouvrir ...); the same pages unchanged in English for a colleague."""
from __future__ import annotations

from html import unescape

from flask_babel import refresh

from core.settings import set_setting
from tests.books.context_helpers import create_doc


def _reader(user, language: str):
    """``user`` now reads ``language``; the locale the test's shared app context keeps is dropped."""
    user.language = language
    user.save()
    refresh()
    return user


def _page(web, path: str) -> str:
    answer = web.get(path)
    assert answer.status_code == 200, path
    return unescape(answer.get_data(as_text=True))


def test_issue_11_books_tab_documents_and_actions_in_french(crm, make_user, client_for, api_for):
    """Issue 11: the Books tab's modules, a document's columns and status actions (and their
    confirmation) read in French."""
    french = client_for(_reader(crm["admin"], "fr"))
    api = api_for(crm["admin"])
    tab = _page(french, "/tab/books")
    for words in ("Factures", "Devis", "Commandes client", "Bons de commande"):
        assert words in tab, words
    invoice = create_doc(api, "invoices", account_id=crm["account"].id)
    page = _page(french, f"/m/books/invoices/{invoice['id']}")
    assert "Marquer comme Envoyé" in page and "Marquer comme Annulé" in page and "Annuler ce document ?" in page
    assert "Mark as Sent" not in page
    order = create_doc(api, "salesorders", account_id=crm["account"].id)
    assert "Convertir en Ouvert" in _page(french, f"/m/books/salesorders/{order['id']}")
    for step in ("convert_to_open", "mark_closed"):
        assert api.post(f"/api/v1/books/salesorders/{order['id']}/actions/{step}").status_code == 200
    assert "Rouvrir" in _page(french, f"/m/books/salesorders/{order['id']}")
    purchases = _page(french, "/m/books/purchaseorders/")
    assert "N° de bon de commande" in purchases and "Date de livraison" in purchases
    estimate = create_doc(api, "estimates", account_id=crm["account"].id)
    page = _page(french, f"/m/books/estimates/{estimate['id']}")
    assert "Marquer comme Accepté" in page and "Marquer comme Refusé" in page
    english = _page(client_for(_reader(make_user(crm["tenant"]), "")), f"/m/books/estimates/{estimate['id']}")
    assert "Mark as Accepted" in english and "Marquer comme" not in english


def test_issue_11_deal_stage_triggers_in_french(crm, client_for, api_for):
    """Issue 11: the Setup > Finance Suite setting in French; the line a won deal's invoice gets
    is written in the language of who moved the deal ("Affaire : ...", "Deal: ..." in English)."""
    setup = _page(client_for(_reader(crm["admin"], "fr")), "/setup/finance/")
    assert "Déclencheurs selon l'étape de l'affaire" in setup
    assert "Facture quand l'affaire est gagnée ; annulée quand elle est perdue" in setup
    set_setting(crm["tenant"], "books.deal_triggers", "invoice")
    api = api_for(crm["admin"])
    descriptions = []
    for language, name in (("fr", "Boulangerie"), ("en", "Bakery")):
        _reader(crm["admin"], language)
        deal = api.post("/api/v1/deals", json={"name": name, "account_id": crm["account"].id, "stage": "Closed Won"})
        assert deal.status_code == 201
        [invoice] = api.get(f"/api/v1/books/invoices?deal_id={deal.get_json()['id']}").get_json()["data"]
        descriptions.append(invoice["line_items"][0]["description"])
    assert descriptions == ["Affaire : Boulangerie", "Deal: Bakery"]
