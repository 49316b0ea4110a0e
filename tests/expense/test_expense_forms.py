"""E1, E2 (issue 17, item 9): the expense form starts on today's date, and a report's form offers
its expenses as a list of boxes: those in no report and its own, never another report's."""
from __future__ import annotations

import datetime as dt
import re

from core.testing import csrf_from


def _expense(xapi, merchant: str) -> dict:
    made = xapi.post("/api/v1/expense/expenses", json={"date": "2026-05-04", "category": "Meals", "amount": "12.00",
                                                       "merchant": merchant})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def _offered(html: str) -> dict[str, bool]:
    """The boxes of the report form's expenses: ``{id: ticked}``."""
    group = re.search(r'<div class="checks" id="f-expense_ids".*?</div>', html, re.S).group(0)
    return {m.group(1): bool(m.group(2)) for m in re.finditer(
        r'<input type="checkbox" name="expense_ids" value="(\d+)"( checked)?>', group)}


def test_e1_a_new_expense_starts_on_today_and_the_api_takes_today_when_no_date_is_given(crm, client_for, xapi):
    form = client_for(crm["admin"]).get("/m/expense/expenses/new").get_data(as_text=True)
    assert re.search(rf'id="f-date"[^>]*value="{dt.date.today().isoformat()}"', form)
    made = xapi.post("/api/v1/expense/expenses", json={"category": "Meals", "amount": "9.00"}).get_json()
    assert made["date"] == dt.date.today().isoformat()


def test_e2_a_report_offers_the_unreported_expenses_and_its_own_as_boxes(crm, client_for, xapi):
    web = client_for(crm["admin"])
    taken, free, mine = _expense(xapi, "Taken"), _expense(xapi, "Free"), _expense(xapi, "Mine")
    other = xapi.post("/api/v1/expense/reports", json={"title": "Other trip", "start_date": "2026-05-01",
                                                       "end_date": "2026-05-07", "expense_ids": [taken["id"]]})
    assert other.status_code == 201
    offered = _offered(web.get("/m/expense/reports/new").get_data(as_text=True))
    assert offered == {str(free["id"]): False, str(mine["id"]): False}  # not the other report's
    report = xapi.post("/api/v1/expense/reports", json={"title": "My trip", "start_date": "2026-05-01",
                                                        "end_date": "2026-05-07", "expense_ids": [mine["id"]]}).get_json()
    offered = _offered(web.get(f"/m/expense/reports/{report['id']}/edit").get_data(as_text=True))
    assert offered == {str(free["id"]): False, str(mine["id"]): True}
    form = web.get("/m/expense/reports/new").get_data(as_text=True)
    refused = web.post("/m/expense/reports/new", data={"csrf_token": csrf_from(form), "title": "Empty",
                                                        "start_date": "2026-05-01", "end_date": "2026-05-02"})
    assert refused.status_code == 422
    assert 'id="error-expense_ids">Choose at least one expense.' in refused.get_data(as_text=True)
