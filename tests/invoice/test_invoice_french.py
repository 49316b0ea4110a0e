"""French and locales (issue 11): the Invoice app in French for a user who reads French
(Factures, Devis, Marquer comme Envoyé ...); unchanged in English for a colleague."""
from __future__ import annotations

from html import unescape

from flask_babel import refresh

from tests.invoice.conftest import create_doc


def _page(web, path: str) -> str:
    answer = web.get(path)
    assert answer.status_code == 200, path
    return unescape(answer.get_data(as_text=True))


def test_issue_11_invoice_documents_and_actions_in_french(crm, make_user, client_for, api_for):
    """Issue 11: the Invoice tab's modules, an invoice's columns and actions in French."""
    crm["admin"].language = "fr"
    crm["admin"].save()
    french, api = client_for(crm["admin"]), api_for(crm["admin"])
    tab = _page(french, "/tab/invoice")
    assert "Factures" in tab and "Devis" in tab
    invoice = create_doc(api, "invoices", account_id=crm["account"].id)
    page = _page(french, f"/m/invoice/invoices/{invoice['id']}")
    assert "Marquer comme Envoyé" in page and "Annuler cette facture ?" in page
    listed = _page(french, "/m/invoice/invoices/")
    assert "N° de facture" in listed and "Date d'échéance" in listed
    estimate = create_doc(api, "estimates", account_id=crm["account"].id)
    assert "Marquer comme Accepté" in _page(french, f"/m/invoice/estimates/{estimate['id']}")
    colleague = make_user(crm["tenant"])  # reads the organisation's language, English
    refresh()  # the locale the test's shared app context keeps
    english = _page(client_for(colleague), f"/m/invoice/invoices/{invoice['id']}")
    assert "Mark as Sent" in english and "Void this invoice?" in english and "Marquer" not in english
