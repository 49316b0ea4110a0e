"""Issue 15, finding 4: every answer of the app (page, API, error page, static asset, redirect)
carries the security headers; a Content-Security-Policy without inline script."""
from __future__ import annotations

import pytest

from core import create_app
from core.testing import PASSWORD, csrf_from

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'; object-src 'none'")


def assert_secured(response, hsts=False):
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert ("Strict-Transport-Security" in headers) is hsts


def test_security_headers_on_a_page(web):
    response = web.get("/m/accounts/")
    assert response.status_code == 200
    assert_secured(response)


def test_security_headers_on_the_login_page_and_its_redirect(app, admin):
    client = app.test_client()
    page = client.get("/login")
    assert_secured(page)
    response = client.post("/login", data={"email": admin.email, "password": PASSWORD,
                                           "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 302
    assert_secured(response)


def test_security_headers_on_an_api_answer_and_an_api_error(api):
    assert_secured(api.get("/api/v1/accounts"))
    missing = api.get("/api/v1/accounts/999999999")
    assert missing.status_code == 404 and missing.is_json
    assert_secured(missing)


@pytest.mark.parametrize("url, code", [("/m/accounts/999999999", 404), ("/no/such/page", 404)])
def test_security_headers_on_an_error_page(web, url, code):
    response = web.get(url)
    assert response.status_code == code and "<html" in response.get_data(as_text=True)
    assert_secured(response)


def test_security_headers_on_a_csrf_refusal(web):
    response = web.post("/m/accounts/new", data={"name": "No token"})
    assert response.status_code == 400
    assert_secured(response)


def test_security_headers_on_a_static_asset(app):
    response = app.test_client().get("/assets/finsuite.js")
    assert response.status_code == 200
    assert_secured(response)


def test_strict_transport_security_only_when_cookies_are_secure(database_url, app):
    secure = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "hsts",
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "SESSION_COOKIE_SECURE": True})
    response = secure.test_client().get("/login")
    assert_secured(response, hsts=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
