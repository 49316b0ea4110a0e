"""Issue 15, finding 3 (C2): failed sign-ins are counted in the database, per account (the
e-mail as typed, normalised) and per client address; past the limit a sign-in is refused with
429 and Retry-After before any password is hashed, the same way for an e-mail nobody has, and
an administrator can unlock a user."""
from __future__ import annotations

import itertools
import json
import re
import time

import pytest

from core import create_app
from core.models import AuditLog
from core.testing import PASSWORD, csrf_from

ACCOUNT_LIMIT, ADDRESS_LIMIT = 5, 20
_addresses = itertools.count(1)


def new_address() -> str:
    """A client address of its own (the suite's other logins come from 127.0.0.1)."""
    n = next(_addresses)
    return f"10.15.{n // 250}.{n % 250 + 1}"


@pytest.fixture
def address() -> str:
    return new_address()


def sign_in(app, email, password, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def fail(app, email, address, times=ACCOUNT_LIMIT):
    answers = [sign_in(app, email, "wrong password", address).status_code for _ in range(times)]
    assert answers == [401] * times


def test_login_throttle_after_five_failures_the_right_password_gets_429_with_retry_after(app, admin, address):
    fail(app, admin.email, address)
    response = sign_in(app, admin.email, PASSWORD, address)
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 14 * 60 < wait <= 15 * 60
    assert "Too many failed sign-ins. Try again in 15 minutes." in response.get_data(as_text=True)
    assert "session" not in response.headers.get("Set-Cookie", "")


def test_login_throttle_counts_the_email_as_typed_normalised(app, admin, address):
    for typed in (admin.email.upper(), f"  {admin.email}", admin.email.title(), admin.email, f"{admin.email} "):
        assert sign_in(app, typed, "wrong password", address).status_code == 401
    assert sign_in(app, admin.email, PASSWORD, address).status_code == 429


def test_login_throttle_lock_holds_in_another_app_instance_on_the_same_database(app, database_url, admin, address):
    fail(app, admin.email, address)
    other = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "another-secret",
                        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    response = sign_in(other, admin.email, PASSWORD, new_address())
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0


def test_login_throttle_an_unknown_email_is_answered_exactly_like_a_known_one(app, make_tenant, make_user, address):
    known = make_user(make_tenant()).email
    unknown = "nobody-" + known
    seen = {}
    for email in (known, unknown):
        answers = [sign_in(app, email, "wrong password", new_address()) for n in range(ACCOUNT_LIMIT + 1)]
        seen[email] = [(a.status_code, re.search(r'role="alert">([^<]*)<', a.get_data(as_text=True)).group(1))
                       for a in answers]
        seen[email].append(answers[-1].headers.get("Retry-After"))
    assert seen[known][:-1] == seen[unknown][:-1]
    assert [s for s, _ in seen[known][:-1]] == [401] * ACCOUNT_LIMIT + [429]
    assert abs(int(seen[known][-1]) - int(seen[unknown][-1])) <= 2


def test_login_throttle_refuses_before_hashing_the_password(ctx, database_url, address, monkeypatch):
    """A locked sign-in costs no PBKDF2: every checked attempt hashes the password once (an
    unknown e-mail against a dummy hash), the refused one not at all, so it answers in a fraction
    of the time. The hashes are counted, not timed: a timing bound flaked on a loaded machine."""
    import core.auth
    hashed = []
    real_check = core.auth.check_password_hash

    def counted(stored, password):
        hashed.append(stored)
        return real_check(stored, password)

    monkeypatch.setattr(core.auth, "check_password_hash", counted)
    real = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "real-cost",
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:300000"})
    email = f"nobody-{address}@example.com"
    for n in range(ACCOUNT_LIMIT):
        assert sign_in(real, email, "guess", address).status_code == 401
        assert len(hashed) == n + 1 and hashed[-1].startswith("pbkdf2:sha256:300000$")
    assert sign_in(real, email, "guess", address).status_code == 429
    assert len(hashed) == ACCOUNT_LIMIT


def test_login_throttle_per_address_after_twenty_failures(app, tenant, make_user, address):
    users = [make_user(tenant) for _ in range(ADDRESS_LIMIT // 4 + 1)]
    for n in range(ADDRESS_LIMIT):
        assert sign_in(app, users[n // 4].email, "wrong password", address).status_code == 401
    refused = sign_in(app, users[-1].email, PASSWORD, address)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert sign_in(app, users[-1].email, PASSWORD, new_address()).status_code == 302  # another address


def test_login_throttle_success_clears_the_account_counter(app, admin, address):
    fail(app, admin.email, address, times=ACCOUNT_LIMIT - 1)
    assert sign_in(app, admin.email, PASSWORD, address).status_code == 302
    fail(app, admin.email, address, times=ACCOUNT_LIMIT - 1)
    assert sign_in(app, admin.email, PASSWORD, address).status_code == 302


def test_login_throttle_lock_is_audited_and_an_admin_unlocks_it(app, ctx, web, admin, tenant, make_user, address):
    clerk = make_user(tenant, profile="Standard")
    fail(app, clerk.email, address)
    entry = (AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.module == "users")
                                     & (AuditLog.record_id == clerk.id)).get())
    assert entry.action == "sign_in_locked" and json.loads(entry.changes)["address"] == address

    page = web.get("/setup/users").get_data(as_text=True)
    row = page.split(clerk.email)[1].split("</tr>")[0]
    assert "Sign-in locked" in row and "Unlock sign-in" in row
    assert web.post(f"/setup/users/{clerk.id}/unlock").status_code == 400  # CSRF checked
    response = web.post(f"/setup/users/{clerk.id}/unlock", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert "Unlock sign-in" not in web.get("/setup/users").get_data(as_text=True).split(clerk.email)[1].split("</tr>")[0]
    assert sign_in(app, clerk.email, PASSWORD, address).status_code == 302
    assert (AuditLog.select().where((AuditLog.record_id == clerk.id) & (AuditLog.action == "sign_in_unlocked")
                                    & (AuditLog.user == admin.id))
            .exists())


def test_login_throttle_unlock_needs_an_administrator_of_the_same_organisation(app, ctx, tenant, make_tenant,
                                                                                 make_user, client_for, address):
    clerk = make_user(tenant, profile="Standard")
    fail(app, clerk.email, address)
    standard = client_for(make_user(tenant, profile="Standard"))
    token = csrf_from(standard.get("/").get_data(as_text=True))
    assert standard.post(f"/setup/users/{clerk.id}/unlock", data={"csrf_token": token}).status_code == 403
    stranger = client_for(make_user(make_tenant()))
    token = csrf_from(stranger.get("/").get_data(as_text=True))
    assert stranger.post(f"/setup/users/{clerk.id}/unlock", data={"csrf_token": token}).status_code == 404
    assert sign_in(app, clerk.email, PASSWORD, address).status_code == 429


def test_login_throttle_behind_a_trusted_proxy_counts_the_forwarded_address(ctx, database_url, admin):
    """With ``TRUSTED_PROXIES = 1`` the address is the one the proxy forwards, so one client's
    failures do not lock everyone else behind the same proxy."""
    proxied = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "proxied",
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "TRUSTED_PROXIES": 1})
    proxy, attacker, colleague = new_address(), new_address(), new_address()

    def through_proxy(email, password, client_address):
        client = proxied.test_client()
        client.environ_base.update({"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": client_address})
        token = csrf_from(client.get("/login").get_data(as_text=True))
        return client.post("/login", data={"email": email, "password": password, "csrf_token": token})

    for n in range(ADDRESS_LIMIT):
        assert through_proxy(f"guess-{n}-{attacker}@example.com", "x", attacker).status_code == 401
    assert through_proxy("another@example.com", "x", attacker).status_code == 429
    assert through_proxy(admin.email, PASSWORD, colleague).status_code == 302
