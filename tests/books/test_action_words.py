"""B4: a status action no longer available says what happened, from the audit log: who did it and
when ("This invoice was already marked as sent by Ada Lovelace at 10:32 AM."), in the API's 409
and on the page when a stale button is pressed; never "Action 'mark_sent' is not available ..."."""
from __future__ import annotations

import datetime as dt
import re

from core import perform_action
from core.action_words import past_tense
from core.models import AuditLog, utcnow
from core.testing import csrf_from

TIME = r"\d{1,2}:\d\d\s?[AP]M"


def named(user, name: str):
    user.name = name
    user.save()
    return user


def test_b4_pressing_an_action_someone_already_ran_says_who_and_when(crm, make_doc, api_for, client_for):
    ada = named(crm["admin"], "Ada Lovelace")
    doc = make_doc("invoices")
    web = client_for(ada)
    page = web.get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)  # Mark as Sent offered here
    assert api_for(ada).post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent").status_code == 200
    again = api_for(ada).post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent")
    assert again.status_code == 409 and again.get_json()["status"] == "sent"
    assert re.fullmatch(rf"This invoice was already marked as sent by Ada Lovelace at {TIME}\.",
                        again.get_json()["error"]), again.get_json()
    version = re.search(r'name="_version" value="(\d+)"', page).group(1)  # the stale page's button
    pressed = web.post(f"/m/books/invoices/{doc['id']}/actions/mark_sent",
                       data={"csrf_token": csrf_from(page), "_version": version}, follow_redirects=True)
    shown = pressed.get_data(as_text=True)
    assert re.search(rf'class="flash flash-error"[^>]*>This invoice was already marked as sent by Ada Lovelace '
                     rf'at {TIME}\.</div>', shown), shown[:3000]
    assert "mark_sent" not in re.search(r'<div class="flashes">.*?</div>', shown, re.S).group(0)


def test_b4_another_action_since_names_it_and_the_day(crm, make_doc, api_for):
    ada = named(crm["admin"], "Ada Lovelace")
    doc = make_doc("invoices")
    api = api_for(ada)
    assert api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_void").status_code == 200
    AuditLog.update(created_at=dt.datetime(2026, 3, 2, 9, 5)).where(
        (AuditLog.module == "books/invoices") & (AuditLog.record_id == doc["id"])).execute()  # another day
    refused = api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent")
    assert refused.status_code == 409
    assert refused.get_json()["error"] == ("This invoice was marked as void by Ada Lovelace on Mar 2, 2026 at "
                                           "9:05\u202fAM, so “Mark as Sent” is no longer possible.")


def test_b4_an_automation_and_a_status_from_the_finance_application(crm, make_doc, api_for, registry):
    doc = make_doc("estimates")
    record = registry.modules["books/estimates"].model.get_by_id(doc["id"])
    perform_action("books/estimates", record, "mark_sent")  # as the e-mail or a deal-stage trigger does
    api = api_for(crm["admin"])
    refused = api.post(f"/api/v1/books/estimates/{doc['id']}/actions/mark_sent").get_json()["error"]
    assert re.fullmatch(rf"This estimate was already marked as sent automatically at {TIME}\.", refused), refused
    model = registry.modules["books/estimates"].model
    model.update(status="invoiced").where(model.id == doc["id"]).execute()  # the finance application's word
    refused = api.post(f"/api/v1/books/estimates/{doc['id']}/actions/mark_accepted").get_json()["error"]
    assert refused == "“Mark as Accepted” is not possible for this estimate while it is invoiced."


def test_b4_labels_in_the_past_tense():
    assert [past_tense(label) for label in (
        "Mark as Sent", "Convert to Open", "Reopen", "Submit", "Approve", "Reimburse", "Cancel now",
        "Cancel at end of term", "Reactivate", "Mark as Void")] == [
        "marked as sent", "converted to open", "reopened", "submitted", "approved", "reimbursed", "cancelled",
        "cancelled at end of term", "reactivated", "marked as void"]


def test_b4_moments_are_today_or_dated(app):
    from core.action_words import moment
    with app.test_request_context():
        assert re.fullmatch(rf"at {TIME}", moment(utcnow()))
        assert moment(dt.datetime(2025, 12, 31, 23, 59)) == "on Dec 31, 2025 at 11:59\u202fPM"
