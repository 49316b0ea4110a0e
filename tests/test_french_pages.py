"""French and locales: the whole product in French. An organisation in French with the demo's
records is walked page by page (every tab, every module's list, its new form and a record's
page, Setup, reports); every declared string shown there (a module's label, a field's, an
action's, a strip's ...) has a French translation. A failure names each string missing. Each
user reads in their own language; the login page follows the browser."""
from __future__ import annotations

import re

import pytest
from flask import current_app

from core.demo import load_demo
from core.testing import PASSWORD, csrf_from


@pytest.fixture
def french(make_tenant, make_user, registry):
    tenant = make_tenant(currency="EUR", locale="fr_FR", name="Boulangerie Dupont")
    admin = make_user(tenant)
    made = load_demo(registry, tenant, [admin])
    return {"tenant": tenant, "admin": admin, "made": made}


def walk(client, registry, made) -> list[str]:
    paths = ["/", "/setup/", "/setup/finance/", "/setup/users", "/setup/plugins", "/reports/", "/dashboards/",
             "/tokens/", "/tokens/language", "/search?q=a"]
    paths += [f"/tab/{tab.key}" for tab in registry.tabs if tab.modules]
    for name, module in registry.modules.items():
        paths.append(f"/m/{name}/")
        if not module.read_only:
            paths.append(f"/m/{name}/new")
        if made.get(name):
            paths.append(f"/m/{name}/{made[name][0].id}")
    answers = {path: client.get(path) for path in paths}
    return [f"{path}: {answer.status_code}" for path, answer in answers.items() if answer.status_code >= 500]


def test_every_declared_string_on_the_french_pages_is_translated(french, client_for, registry):
    missing: set[str] = set()
    current_app.config["I18N_MISSING"] = missing
    try:
        broken = walk(client_for(french["admin"]), registry, french["made"])
    finally:
        current_app.config.pop("I18N_MISSING", None)
    assert not broken
    assert not missing, f"{len(missing)} strings shown untranslated:\n" + "\n".join(sorted(missing))


def test_a_user_reads_in_their_own_language_and_the_login_page_follows_the_browser(app, make_tenant, make_user,
                                                                                   client_for):
    english_org = make_tenant(locale="en_US")
    ada = make_user(english_org)
    web = client_for(ada)
    assert '<html lang="en">' in web.get("/tokens/language").get_data(as_text=True)
    page = web.get("/tokens/language").get_data(as_text=True)
    saved = web.post("/tokens/language", data={"language": "fr", "csrf_token": csrf_from(page)})
    assert saved.status_code == 302
    page = web.get("/tokens/language").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Ma langue" in page
    refused = web.post("/tokens/language", data={"language": "xx", "csrf_token": csrf_from(page)})
    assert refused.status_code == 422 and 'id="error-language"' in refused.get_data(as_text=True)
    anonymous = app.test_client()
    login = anonymous.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr">' in login and re.search(r"Mot de passe", login)
    assert '<html lang="en">' in anonymous.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)


def test_the_api_answers_in_the_token_users_language(make_tenant, make_user, api_for):
    """Issue 11: the API's error messages follow the token user's language; its numbers stay
    plain decimals whatever the language."""
    org = make_tenant(locale="en_US")
    ada, marie = make_user(org), make_user(org)
    marie.language = "fr"
    marie.save()
    english = api_for(ada).post("/api/v1/accounts", json={"name": ""})
    french = api_for(marie).post("/api/v1/accounts", json={"name": ""})
    assert english.status_code == french.status_code == 422
    assert english.get_json()["errors"]["name"] == ["Enter an account name."]
    assert french.get_json()["errors"]["name"] == ["Renseignez le champ « Nom du compte »."]
    deal = api_for(marie).post("/api/v1/deals", json={"name": "Boulangerie", "amount": "1234.50"})
    assert deal.status_code == 201 and deal.get_json()["amount"] == "1234.50"
