"""C8 (issue 15, finding 10): no lost update between users in the web UI. An edit form carries
the version it was read at; saving it after someone else saved comes back (409, not a redirect)
with the user's input kept and the other change named (who, when, which field, its new value);
"Save anyway" then writes it. Two saves of one form at once: exactly one wins."""
from __future__ import annotations

import re
import threading

from core.crm.models import Account
from core.testing import csrf_from


def _version(html: str) -> str:
    match = re.search(r'name="_version" value="(\d+)"', html)
    assert match, "the edit form carries no version"
    return match.group(1)


def _form(html: str, **fields) -> dict:
    return {"csrf_token": csrf_from(html), "_version": _version(html), "name": "Acme", **fields}


def test_c8_stale_edit_form_comes_back_409_with_input_kept_and_the_other_change_named(
        ctx, tenant, make_user, client_for):
    alice, bob = make_user(tenant), make_user(tenant)
    alice.name = "Alice Martin"
    alice.save()
    acme = Account.create(tenant=tenant, name="Acme", city="Paris")
    url = f"/m/accounts/{acme.id}/edit"
    alice_web, bob_web = client_for(alice), client_for(bob)
    alice_form, bob_form = alice_web.get(url).get_data(as_text=True), bob_web.get(url).get_data(as_text=True)

    assert alice_web.post(url, data=_form(alice_form, city="Lyon")).status_code == 302
    stale = bob_web.post(url, data=_form(bob_form, city="Marseille", phone="+33 4 91"))
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    conflict = page.split('id="conflict"')[1].split("</div>")[0]
    assert "Alice Martin" in conflict and "City" in conflict and "<b>Lyon</b>" in conflict
    assert 'value="Marseille"' in page and 'value="+33 4 91"' in page  # Bob's input kept
    assert "Save anyway" in page and _version(page) == "1"
    assert Account.get_by_id(acme.id).city == "Lyon"

    anyway = bob_web.post(url, data=_form(page, city="Marseille", phone="+33 4 91"))
    assert anyway.status_code == 302
    assert Account.get_by_id(acme.id).city == "Marseille"


def test_c8_two_concurrent_saves_of_one_form_exactly_one_wins(ctx, tenant, make_user, client_for):
    acme = Account.create(tenant=tenant, name="Acme")
    url = f"/m/accounts/{acme.id}/edit"
    clients = [client_for(make_user(tenant)) for _ in range(3)]
    forms = [c.get(url).get_data(as_text=True) for c in clients]
    start, codes = threading.Barrier(len(clients)), []

    def save(client, form, i):
        with ctx.app_context():
            start.wait()
            codes.append(client.post(url, data=_form(form, city=f"City {i}")).status_code)
    threads = [threading.Thread(target=save, args=(c, f, i)) for i, (c, f) in enumerate(zip(clients, forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(codes) == [302, 409, 409]
    assert Account.get_by_id(acme.id).city.startswith("City ")
