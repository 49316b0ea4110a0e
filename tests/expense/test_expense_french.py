"""Issue 11 (French and locales), Expense in French: an organisation whose locale is French reads
its expenses' lists, categories, related lists with their total, refusals and locked reasons in
French; the English of the other tests is unchanged."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

from core.crm.models import Account
from tests.books.context_helpers import panel
from tests.expense.helpers import create_expense, create_report


def _euros(amount: str) -> str:
    return format_currency(Decimal(amount), "EUR", locale="fr_FR")


def test_issue_11_expense_pages_and_messages_in_french(make_tenant, make_user, api_for, client_for):
    tenant = make_tenant(locale="fr_FR", currency="EUR")
    admin = make_user(tenant)
    api, web = api_for(admin), client_for(admin)
    account = Account.create(tenant=tenant, name="Boulangerie Dupont")
    refused = api.post("/api/v1/expense/expenses", json={"category": "Snacks", "amount": "0", "date": "2026-05-04"})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"category": ["Choisissez une catégorie."],
                                            "amount": ["Le montant doit être supérieur à zéro."]}
    expense = create_expense(api, account_id=account.id, amount="10.00", tax="1.30", merchant="Brasserie")
    listed = panel(web.get(f"/m/accounts/{account.id}").get_data(as_text=True), "expense_expenses")
    assert listed is not None and f"Dépense · Total {_euros('11.30')}" in listed
    assert "Catégorie" in listed and "Commerçant" in listed and "Repas" in listed and "Meals" not in listed
    expenses = web.get("/m/expense/expenses/").get_data(as_text=True)
    assert "Dépenses" in expenses and "Compte client" in expenses and "Repas" in expenses

    report = create_report(api, [expense["id"]])
    assert api.post(f"/api/v1/expense/reports/{report['id']}/actions/submit").status_code == 200
    page = web.get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    assert "Rapport de dépenses" in page and "Soumis" in page and "Approuver" in page
    assert f"Dépenses de ce rapport · Total {_euros('11.30')}" in page
    locked = api.patch(f"/api/v1/expense/reports/{report['id']}", json={"title": "Autre"})
    assert locked.status_code == 409 and locked.get_json()["error"] == (
        "Ce rapport est soumis : seuls les rapports en brouillon ou rejetés peuvent être modifiés.")
    locked = api.patch(f"/api/v1/expense/expenses/{expense['id']}", json={"merchant": "Autre"})
    assert locked.status_code == 409 and locked.get_json()["error"] == (
        "Cette dépense figure dans le rapport soumis « Lyon trip » : elle ne peut plus être modifiée.")
    taken = api.post("/api/v1/expense/reports", json={"title": "Second", "start_date": "2026-05-01",
                                                       "end_date": "2026-05-07", "expense_ids": [expense["id"]]})
    assert taken.status_code == 422
    assert taken.get_json()["errors"] == {"expense_ids": [
        f"La dépense “2026-05-04 · Repas · Brasserie ({_euros('11.30')})” figure déjà dans le rapport “Lyon trip”."]}
