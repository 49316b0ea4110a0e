"""Issue 15, finding 7: connection secrets are stored encrypted under a key that is not in the
database (core/sealing.py), never shown back, migrated from clear text, and rotated."""
from __future__ import annotations

import json
import stat

import pytest
from cryptography.fernet import Fernet

from core.db import db
from core.migrations import migrate as apply_migrations
from core.models import SchemaMigration
from core.sealing import bind_secrets
from core.sync.connections import configure, get_connection
from core.sync.models import FinanceConnection, SyncOutbox
from core.sync.worker import drain
from core.testing import csrf_from
from tests.test_cli import _env, finsuite
from tests.test_web_finance_setup import ZOHO

URL = "/setup/finance/"
SECRETS = ("very-secret-value", "1000.refresh-token-value")


def raw_settings(tenant, app: str = "books") -> str:
    sql = f"SELECT settings_json FROM sync_connection WHERE tenant_id = {db.param} AND app = {db.param}"
    return db.execute_sql(sql, (tenant.id, app)).fetchone()[0]


def test_connection_secrets_are_stored_encrypted(ctx, web, tenant):
    response = web.post("/setup/finance/connections/books",
                        data={**ZOHO, "csrf_token": csrf_from(web.get(URL).get_data(as_text=True))})
    assert response.status_code == 302
    raw = raw_settings(tenant)
    assert all(secret not in raw for secret in SECRETS) and "1000.CLIENT" in raw
    settings = get_connection(tenant, "books").settings
    assert (settings["client_secret"], settings["refresh_token"]) == SECRETS


def test_the_form_never_echoes_a_secret_even_when_refused(ctx, web, tenant):
    data = {**ZOHO, "api_base": "not a url", "csrf_token": csrf_from(web.get(URL).get_data(as_text=True))}
    refused = web.post("/setup/finance/connections/books", data=data)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "60012345" in html
    assert all(secret not in html for secret in SECRETS)


def test_plain_secrets_of_an_older_database_are_encrypted_by_the_migration(ctx, registry, tenant):
    get_connection(tenant, "books")
    plain = {"api_base": "https://www.zohoapis.eu", "client_id": "1000.CLIENT",
             "client_secret": SECRETS[0], "refresh_token": SECRETS[1]}
    FinanceConnection.update(connector="zoho", settings_json=json.dumps(plain)).where(
        (FinanceConnection.tenant == tenant) & (FinanceConnection.app == "books")).execute()
    SchemaMigration.delete().where((SchemaMigration.app == "sync")
                                   & (SchemaMigration.name == "0007_seal_secrets")).execute()
    assert "sync.0007_seal_secrets" in apply_migrations(registry)
    assert all(secret not in raw_settings(tenant) for secret in SECRETS)
    assert get_connection(tenant, "books").settings == plain


def test_a_wrong_secrets_key_fails_the_connection_with_a_clear_reason(ctx, app, registry, tenant, admin, api_for,
                                                                      client_for):
    SyncOutbox.delete().execute()
    configure(tenant, "books", "zoho", "60012345", {"api_base": "http://127.0.0.1:9", "accounts_url": "http://127.0.0.1:9",
                                                     "client_id": "c", "client_secret": "s", "refresh_token": "r"})
    kept = app.config.get("SECRETS_KEY")
    app.config["SECRETS_KEY"] = Fernet.generate_key().decode()
    bind_secrets(app)
    try:
        from core.crm.models import Account
        account = Account.create(tenant=tenant, name="Keyless")
        created = api_for(admin).post("/api/v1/books/invoices", json={
            "account_id": account.id, "date": "2026-11-20",
            "line_items": [{"name": "X", "quantity": "1", "rate": "1.00", "tax_percent": "0"}]})
        assert created.status_code == 201
        drain(registry)
        connection = get_connection(tenant, "books")
        assert "secrets key" in connection.failing_reason and "FINSUITE_SECRETS_KEY" in connection.failing_reason
        assert client_for(admin).get(URL).status_code == 200  # Setup still shows, to fix the key
    finally:
        app.config["SECRETS_KEY"] = kept
        bind_secrets(app)


@pytest.fixture
def site(tmp_path):
    env = _env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}")
    assert finsuite(env, "init-db").returncode == 0
    assert finsuite(env, "create-tenant", "acme", "--name", "Acme", "--apps", "books").returncode == 0
    return env, tmp_path


def proc(env, *args):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "tests.secrets_proc", *args], env=env, capture_output=True,
                          text=True, timeout=60)


def test_the_generated_key_file_is_private_and_the_connection_works_after_a_restart(site):
    env, tmp = site
    assert proc(env, "save", "acme", "s3cret-one").returncode == 0
    key_file = tmp / "instance" / "secrets_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"s3cret-one" not in (tmp / "site.db").read_bytes()
    assert proc(env, "read", "acme").stdout.strip() == "s3cret-one"  # another process, the same key


def test_a_wrong_key_is_a_clear_error_and_rotation_reencrypts(site):
    env, tmp = site
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert proc({**env, "FINSUITE_SECRETS_KEY": old}, "save", "acme", "s3cret-two").returncode == 0
    wrong = proc({**env, "FINSUITE_SECRETS_KEY": new}, "read", "acme")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr and "secrets key" in wrong.stdout
    refused = finsuite({**env, "FINSUITE_SECRETS_KEY": new}, "rotate-secrets")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "Error:" in refused.stderr and "FINSUITE_SECRETS_KEY" in refused.stderr
    rotated = finsuite({**env, "FINSUITE_SECRETS_KEY": f"{new},{old}"}, "rotate-secrets")
    assert rotated.returncode == 0 and "re-encrypted 2 secrets" in rotated.stdout, rotated.stderr
    assert proc({**env, "FINSUITE_SECRETS_KEY": new}, "read", "acme").stdout.strip() == "s3cret-two"
    assert proc({**env, "FINSUITE_SECRETS_KEY": old}, "read", "acme").returncode != 0
    bad = finsuite({**env, "FINSUITE_SECRETS_KEY": "not-a-key"}, "rotate-secrets")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "Fernet" in bad.stderr
