"""B12 dashboards in the web UI: the Dashboards tab opens the Books dashboard, each card loads
its component's JSON (session-authenticated), and the edit mode's forms (CSRF) make, rename,
share and delete dashboards and add, move, resize, re-chart and remove components."""
from __future__ import annotations

import re

from core.models import Dashboard
from core.testing import csrf_from
from tests.reports.dashboard_helpers import DUE_SOON, due_soon_invoices, profile_without


def _page(web, url: str) -> tuple[str, str]:
    response = web.get(url, follow_redirects=True)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return html, csrf_from(html)


def _cards(html: str) -> list[tuple[str, str]]:
    """``(report, width)`` of each card, in order."""
    return re.findall(r'class="panel dash-card dash-w(\d)" data-component="\d+" data-report="([^"]+)"', html)


def _reports(html: str) -> list[str]:
    return [report for _width, report in _cards(html)]


def test_b12_dashboards_tab_opens_the_books_dashboard_and_cards_load_their_json(web, registry, tenant, admin):
    expected = due_soon_invoices(registry, tenant, admin)
    home = web.get("/").get_data(as_text=True)
    assert 'data-tab="dashboards"' in home
    opened = web.get("/dashboards/")
    assert opened.status_code == 302
    html, _token = _page(web, opened.headers["Location"])
    assert "<h1>Books dashboard</h1>" in html and 'aria-current="page">Dashboards<' in html
    assert _reports(html)[0] == DUE_SOON and len(_cards(html)) == 6
    assert 'vendor/chart-4.6.2.umd.min.js' in html and "<script>" not in html  # CSP: no inline script
    source = re.search(r'data-src="([^"]+)"', html).group(1)
    result = web.get(source)
    assert result.status_code == 200 and result.get_json()["rows"] == expected
    assert web.get(source.replace("/components/0/", "/components/99/")).status_code == 404


def test_b12_edit_mode_adds_moves_resizes_recharts_and_removes_components(web, tenant):
    html, token = _page(web, "/dashboards/?new=1")
    made = web.post("/dashboards/", data={"csrf_token": token, "name": "Board", "shared": "true"})
    assert made.status_code == 302
    dashboard = Dashboard.scoped(tenant).where(Dashboard.name == "Board").get()
    assert dashboard.shared and dashboard.components == []
    base = f"/dashboards/{dashboard.id}"
    for report in ("books.sales_by_customer", "books.sales_by_user"):
        added = web.post(f"{base}/components", data={"csrf_token": token, "report": report, "chart": "", "width": "2"})
        assert added.status_code == 302 and added.headers["Location"].endswith("?edit=1")
    html, token = _page(web, f"{base}?edit=1")
    assert _cards(html) == [("2", "books.sales_by_customer"), ("2", "books.sales_by_user")]
    assert web.post(f"{base}/components/1", data={"csrf_token": token, "op": "left"}).status_code == 302
    assert web.post(f"{base}/components/0", data={"csrf_token": token, "op": "width", "value": "4"}).status_code == 302
    recharted = web.post(f"{base}/components/1", data={"csrf_token": token, "op": "chart", "value": "number"})
    assert recharted.status_code == 302
    html, token = _page(web, base)
    assert _cards(html) == [("4", "books.sales_by_user"), ("2", "books.sales_by_customer")]
    assert 'data-chart="number"' in html
    assert web.post(f"{base}/components/0", data={"csrf_token": token, "op": "remove"}).status_code == 302
    assert _reports(_page(web, base)[0]) == ["books.sales_by_customer"]
    renamed = web.post(f"{base}/settings", data={"csrf_token": token, "name": "Board two"})
    assert renamed.status_code == 302
    dashboard = Dashboard.get_by_id(dashboard.id)
    assert (dashboard.name, dashboard.shared) == ("Board two", False)  # the box unticked: private
    assert web.post(f"{base}/delete", data={"csrf_token": token}).status_code == 302
    assert Dashboard.get_or_none(Dashboard.id == dashboard.id) is None
    assert web.get(base).status_code == 404


def test_b12_web_forms_need_csrf_and_show_what_is_wrong(web, tenant):
    html, token = _page(web, "/dashboards/?new=1")
    assert web.post("/dashboards/", data={"name": "No token"}).status_code == 400
    bad = web.post("/dashboards/", data={"csrf_token": token, "name": "  "})
    assert bad.status_code == 422 and '<p class="error">Enter a name.</p>' in bad.get_data(as_text=True)  # beside the name
    board = web.post("/dashboards/", data={"csrf_token": token, "name": "Board"})
    base = board.headers["Location"].split("?")[0]
    wrong = web.post(f"{base}/components", data={"csrf_token": token, "report": "books.nothing", "width": "9"})
    text = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "No report books.nothing." in text and "from 1 to 4" in text
    assert Dashboard.scoped(tenant).where(Dashboard.name == "Board").get().components == []


def test_b12_web_only_owner_or_admin_changes_and_private_ones_are_404(client_for, tenant, make_user, make_tenant):
    owner, colleague = (client_for(make_user(tenant, profile="Standard")) for _ in range(2))
    html, token = _page(owner, "/dashboards/?new=1")
    base = owner.post("/dashboards/", data={"csrf_token": token, "name": "Mine"}).headers["Location"].split("?")[0]
    owner.post(f"{base}/components", data={"csrf_token": token, "report": "books.sales_by_user", "width": "2"})
    _html, other_token = _page(colleague, "/dashboards/?new=1")
    assert colleague.get(base).status_code == 404
    assert colleague.get(f"{base}/components/0/data").status_code == 404
    assert colleague.post(f"{base}/delete", data={"csrf_token": other_token}).status_code == 404
    owner.post(f"{base}/settings", data={"csrf_token": token, "name": "Mine", "shared": "true"})
    html = colleague.get(base).get_data(as_text=True)
    assert colleague.get(base).status_code == 200 and "data-dash-edit" not in html
    assert colleague.post(f"{base}/components/0", data={"csrf_token": other_token, "op": "remove"}).status_code == 403
    assert colleague.post(f"{base}/delete", data={"csrf_token": other_token}).status_code == 403
    intruder = client_for(make_user(make_tenant()))
    assert intruder.get(base).status_code == 404 and intruder.get(f"{base}/components/0/data").status_code == 404


def test_b12_web_leaves_out_cards_whose_report_the_user_may_not_open(web, client_for, tenant, make_user):
    html, token = _page(web, "/dashboards/?new=1")
    base = web.post("/dashboards/", data={"csrf_token": token, "name": "Mixed", "shared": "true"}
                    ).headers["Location"].split("?")[0]
    for report in ("expense.by_category", "books.sales_by_customer"):
        web.post(f"{base}/components", data={"csrf_token": token, "report": report, "width": "2"})
    user = client_for(make_user(tenant, profile=profile_without(tenant, "No expense", "app.expense")))
    assert _reports(_page(user, base)[0]) == ["books.sales_by_customer"]
    assert user.get(f"{base}/components/0/data").status_code == 404  # the expense one
    assert user.get(f"{base}/components/1/data").status_code == 200
