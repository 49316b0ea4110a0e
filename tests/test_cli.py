"""The ``finsuite`` command, run for real as a subprocess against a temporary SQLite database (C7)."""
from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib.metadata import entry_points

import pytest

APPS = ("books", "invoice", "expense", "inventory", "subscriptions")


def _env(tmp, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSUITE_")}
    env.update({
        "FINSUITE_INSTANCE": str(tmp / "instance"),
        "FINSUITE_SECRET_KEY": "cli-test",
        "FINSUITE_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing for tests only
    })
    env.update(extra)
    return env


def finsuite(env, *args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core.cli", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A database made by ``init-db`` with tenant ``acme`` and its admin."""
    tmp = tmp_path_factory.mktemp("cli")
    db_path = tmp / "cli.db"
    env = _env(tmp, FINSUITE_DATABASE_URL=f"sqlite:///{db_path}")
    done = finsuite(env, "init-db")
    assert done.returncode == 0, done.stderr
    assert "applied core.0001_initial" in done.stdout
    done = finsuite(env, "create-tenant", "acme", "--name", "Acme Ltd", "--currency", "eur",
                    "--locale", "fr_FR", "--apps", "books,invoice")
    assert done.returncode == 0, done.stderr
    done = finsuite(env, "create-user", "--tenant", "acme", "--email", "boss@acme.test",
                    "--password", "long enough pw", "--name", "The Boss")
    assert done.returncode == 0, done.stderr
    return env, db_path


def _query(db_path, sql, *args):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, args).fetchall()


def _assert_one_line_error(done, *words):
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), done.stderr
    for word in words:
        assert word.lower() in lines[0].lower()


def test_c7_init_db_is_idempotent(site):
    env, _ = site
    again = finsuite(env, "init-db")
    assert again.returncode == 0 and "up to date" in again.stdout


def test_c7_create_tenant_and_user_are_stored(site):
    env, db_path = site
    assert _query(db_path, "SELECT name, currency, locale FROM tenant WHERE slug='acme'") == [
        ("Acme Ltd", "EUR", "fr_FR")]
    enabled = _query(db_path, "SELECT plugin FROM tenant_plugin JOIN tenant ON tenant.id = tenant_id "
                              "WHERE slug='acme' AND enabled ORDER BY plugin")
    assert [row[0] for row in enabled] == ["books", "invoice"]
    assert _query(db_path, "SELECT user.name, profile.name FROM user JOIN profile ON profile.id = profile_id "
                           "WHERE email='boss@acme.test'") == [("The Boss", "Administrator")]


def test_c7_create_token_prints_only_a_token_stored_hashed(site):
    env, db_path = site
    done = finsuite(env, "create-token", "--tenant", "acme", "--email", "boss@acme.test", "--name", "ci")
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert "\n" not in token and token.startswith("fs_") and len(token) > 30
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert _query(db_path, "SELECT name FROM api_token WHERE token_hash=?", digest) == [("ci",)]
    assert not _query(db_path, "SELECT 1 FROM api_token WHERE token_hash=?", token)


def test_c7_plugins_lists_the_five_apps_and_a_tenants_switches(site):
    env, _ = site
    done = finsuite(env, "plugins")
    assert done.returncode == 0, done.stderr
    for name in APPS:
        assert name in done.stdout
    done = finsuite(env, "plugins", "--tenant", "acme")
    rows = {line.split()[0]: line.split()[-1] for line in done.stdout.splitlines()[1:] if line.strip()}
    assert rows["books"] == "yes" and rows["invoice"] == "yes" and rows["expense"] == "no"


def test_c7_enable_and_disable_an_app(site):
    env, db_path = site
    sql = ("SELECT enabled FROM tenant_plugin JOIN tenant ON tenant.id = tenant_id "
           "WHERE slug='acme' AND plugin='expense'")
    assert finsuite(env, "enable-app", "--tenant", "acme", "expense").returncode == 0
    assert _query(db_path, sql) == [(1,)]
    assert finsuite(env, "disable-app", "--tenant", "acme", "expense").returncode == 0
    assert _query(db_path, sql) == [(0,)]


@pytest.mark.parametrize("args, words", [
    (("create-user", "--tenant", "nope", "--email", "a@b.test", "--password", "long enough pw"), ("nope",)),
    (("create-tenant", "acme", "--name", "Again"), ("already exists",)),
    (("create-tenant", "other", "--name", "Other", "--currency", "EURO"), ("currency",)),
    (("create-tenant", "other2", "--name", "Other", "--apps", "books,payroll"), ("payroll",)),
    (("create-tenant", "other3", "--name", "Other", "--locale", "xx_QQ"), ("locale",)),
    (("create-tenant", "Bad Slug!", "--name", "Other"), ("slug",)),
    (("create-user", "--tenant", "acme", "--email", "x@acme.test", "--password", "short"), ("8 characters",)),
    (("create-user", "--tenant", "acme", "--email", "boss@acme.test", "--password", "long enough pw"),
     ("already exists",)),
    (("create-token", "--tenant", "acme", "--email", "ghost@acme.test"), ("ghost@acme.test",)),
    (("enable-app", "--tenant", "acme", "payroll"), ("payroll",)),
])
def test_c7_bad_arguments_get_one_error_line_and_non_zero_exit(site, args, words):
    env, _ = site
    _assert_one_line_error(finsuite(env, *args), *words)


def test_c7_bad_database_url_gets_one_error_line(tmp_path):
    done = finsuite(_env(tmp_path, FINSUITE_DATABASE_URL="mysql://nowhere/db"), "init-db")
    _assert_one_line_error(done, "mysql")


def test_c7_command_on_an_empty_database_says_to_run_init_db(tmp_path):
    env = _env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}")
    _assert_one_line_error(finsuite(env, "create-tenant", "acme", "--name", "Acme"), "init-db")


def test_c7_demo_creates_data_once_and_prints_the_login(tmp_path):
    env = _env(tmp_path)  # no FINSUITE_DATABASE_URL: instance/demo.db
    done = finsuite(env, "demo", "--no-serve", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "admin@demo.finsuite.test" in done.stdout and "password: finsuite-demo" in done.stdout
    assert "http://localhost:5000/login" in done.stdout
    db_path = tmp_path / "instance" / "demo.db"
    counts = {table: _query(db_path, f"SELECT count(*) FROM {table}")[0][0]
              for table in ("crm_account", "crm_contact", "crm_vendor", "crm_deal", "crm_product")}
    assert counts == {"crm_account": 25, "crm_contact": 60, "crm_vendor": 8, "crm_deal": 30, "crm_product": 20}
    assert _query(db_path, "SELECT count(*) FROM crm_account WHERE name='Müller GmbH'") == [(1,)]
    assert _query(db_path, "SELECT count(DISTINCT stage) FROM crm_deal")[0][0] >= 5
    installed = {e.name for e in entry_points(group="finsuite.plugins")}  # the five and any other plugin
    assert {row[0] for row in _query(db_path, "SELECT plugin FROM tenant_plugin WHERE enabled")} == installed >= set(APPS)
    assert _query(db_path, "SELECT profile.name FROM user JOIN profile ON profile.id = profile_id "
                           "WHERE email='sales@demo.finsuite.test'") == [("Standard",)]
    assert _query(db_path, "SELECT count(*) FROM audit_log")[0][0] >= 143  # written like a user would
    books = {table: _query(db_path, f"SELECT count(*), count(NULLIF(number, '')) FROM {table}")[0]
             for table in ("books_invoice", "books_estimate", "books_salesorder", "books_purchaseorder")}
    assert books == {"books_invoice": (12, 12), "books_estimate": (6, 6), "books_salesorder": (6, 6),
                     "books_purchaseorder": (4, 4)}  # B2: made in the CRM, numbered by the finance app
    statuses = {s for (s,) in _query(db_path, "SELECT DISTINCT status FROM books_invoice")}
    assert {"paid", "draft"} <= statuses  # the finance side's payments came back with the pull

    again = finsuite(env, "demo", "--no-serve", timeout=120)
    assert again.returncode == 0 and "Reusing" in again.stdout
    assert _query(db_path, "SELECT count(*) FROM crm_account")[0][0] == 25


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_c7_serve_answers_the_login_page(tmp_path):
    env = _env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "core.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, status = time.monotonic() + 30, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as response:
                    status = response.status
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert status == 200, proc.stderr.read() if proc.poll() is not None else "no answer"
    finally:
        proc.terminate()
        proc.wait(10)
