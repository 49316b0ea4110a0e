"""French and locales (issue 11), the core's part: a French organisation reads the CRM, its lists,
forms, PDFs and e-mails in French; messages once built with f-strings or joined pieces read as
a whole in French; an English user of the same organisation still reads English."""
from __future__ import annotations

import re
from html import unescape

import pytest

from core.crm.models import Account, Product
from core.testing import csrf_from
from tests.books.context_helpers import create_doc
from tests.books.printing_helpers import pdf_text


@pytest.fixture
def french(make_tenant, make_user):
    tenant = make_tenant(currency="EUR", locale="fr_FR", name="Boulangerie Dupont")
    account = Account.create(tenant=tenant, name="Café Lumière", email="compta@lumiere.example", city="Lyon")
    return {"tenant": tenant, "admin": make_user(tenant), "account": account}


def text(response) -> str:
    """What a person reads on the page (tags and scripts left out, spaces collapsed)."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_crm_in_french_with_new_buttons_that_agree(french, client_for):
    """Issue 11: the CRM's modules, fields and choices in French; "New Deal" is "Nouvelle
    affaire" (its words agree), the deal stages are the French ones."""
    web = client_for(french["admin"])
    accounts = text(web.get("/m/accounts/"))
    assert "Comptes" in accounts and "+ Nouveau compte" in accounts and "Nom du compte" in accounts
    form = text(web.get("/m/deals/new"))
    assert "Nouvelle affaire" in form and "Nom de l'affaire" in form and "Date de clôture" in form
    assert "Analyse des besoins" in form and "Conclue gagnée" in form
    assert "Needs Analysis" not in form and "New Deal" not in form


def test_a_document_list_its_number_heading_and_statuses_in_french(french, client_for, api_for):
    """Issue 11: a document list's number column ("Invoice #", made from the module's singular)
    is translated as a whole, "N° de facture"; statuses and the draft title are French."""
    create_doc(api_for(french["admin"]), "invoices", account_id=french["account"].id)
    page = text(client_for(french["admin"]).get("/m/books/invoices/"))
    assert "N° de facture" in page and "Invoice #" not in page
    assert "Brouillon" in page and re.search(r"Facture \(brouillon n° \d+\)", page)


def test_the_pdf_and_the_email_in_the_organisations_french(french, client_for, api_for):
    """Issue 11: a document's PDF and its e-mail are in the organisation's language, whoever
    sends them: "Facturer à", "Sous-total", the e-mail "Bonjour ... Veuillez trouver ci-joint"."""
    english_user = french["admin"]
    english_user.language = "en"
    english_user.save()
    api = api_for(english_user)
    doc = create_doc(api, "invoices", account_id=french["account"].id)
    [page] = pdf_text(api.get(f"/api/v1/books/invoices/{doc['id']}/pdf").data)
    assert "Facture" in page and "Facturer à" in page and "Sous-total" in page and "Solde dû" in page
    assert "Bill to" not in page and "Sub total" not in page
    dialog = client_for(english_user).get(f"/m/books/invoices/{doc['id']}/email").get_data(as_text=True)
    assert "Send" in dialog  # the sender reads English ...
    body = unescape(re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', dialog, re.S).group(1))
    assert body.startswith("Bonjour Café Lumière,")  # ... the customer French
    assert "Veuillez trouver ci-joint votre facture" in body and "Cordialement," in body
    subject = unescape(re.search(r'name="subject"[^>]*value="([^"]*)"', dialog).group(1))
    assert subject.endswith("de Boulangerie Dupont")


def test_messages_once_joined_from_pieces_read_as_a_whole_in_french(french, api_for):
    """Issue 11: errors once built with f-strings ("No product 99 in this organisation.") are
    messages with placeholders, in the token user's language."""
    api = api_for(french["admin"])
    answer = api.post("/api/v1/books/invoices", json={
        "account_id": french["account"].id, "line_items": [{"product_id": 999999, "quantity": "1"}]})
    assert answer.status_code == 422
    assert answer.get_json()["errors"]["line_items.0.product_id"] == [
        "Introuvable dans cette organisation : produit 999999."]
    missing = api.get("/api/v1/accounts/999999")
    assert missing.status_code == 404 and "Introuvable : compte 999999." in missing.get_json()["error"]


def test_an_english_reader_of_a_french_organisation_keeps_english(french, make_user, client_for):
    """Issue 11: the same pages in English for a user who chose English (the words the catalogue
    holds for French are not shown to them)."""
    ada = make_user(french["tenant"])
    web = client_for(ada)
    page = web.get("/tokens/language").get_data(as_text=True)
    assert web.post("/tokens/language", data={"language": "en", "csrf_token": csrf_from(page)}).status_code == 302
    Product.create(tenant=french["tenant"], name="Baguette", code="B-1", unit_price=1)
    products = text(web.get("/m/products/"))
    assert "+ New Product" in products and "Tax rate (%)" in products and "Taux de taxe" not in products
