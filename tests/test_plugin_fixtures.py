"""C9/C5: a third-party plugin's own test suite runs on the fixtures shipped with finsuite
(core/testing.py, docs/testing.md), nothing copied from tests/: a tiny plugin package and its
tests in a temporary directory, run by pytest in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLUGIN = '''
import peewee

from core import Manifest, Migration, Module, Permission, RecordSchema, TenantModel, hookimpl, required_text

manifest = Manifest(name="kitdemo", label="Kit demo", version="0.1.0")


class Gadget(TenantModel):
    name = peewee.CharField(max_length=100)

    class Meta:
        table_name = "kitdemo_gadget"


class GadgetSchema(RecordSchema):
    name = required_text(100, "Name")


GADGETS = Module(name="kitdemo/gadgets", label="Gadgets", singular="Gadget", model=Gadget,
                 schema=GadgetSchema, app="kitdemo", search_fields=("name",))


@hookimpl
def register_modules():
    return [GADGETS]


@hookimpl
def register_permissions():
    return [Permission("app.kitdemo", "Access Kit demo", "Apps")]


@hookimpl
def register_migrations():
    return [Migration("kitdemo", "0001_initial", lambda migrator, database: database.create_tables([Gadget]))]
'''

CONFTEST = '''
import pytest


@pytest.fixture(scope="session")
def finsuite_config():
    return {"PLUGINS": ["kitdemo"], "USE_ENTRY_POINTS": False}
'''

TESTS = '''
from core.testing import csrf_from


def test_a_tenant_with_the_app_lists_its_module(make_tenant, make_user, api_for):
    tenant = make_tenant(apps=("kitdemo",))
    names = {m["name"] for m in api_for(make_user(tenant)).get("/api/v1/modules").get_json()}
    assert "kitdemo/gadgets" in names


def test_a_tenant_without_the_app_does_not(make_tenant, make_user, api_for):
    tenant = make_tenant(apps=())
    names = {m["name"] for m in api_for(make_user(tenant)).get("/api/v1/modules").get_json()}
    assert "kitdemo/gadgets" not in names


def test_a_gadget_made_in_the_web_form_is_seen_by_the_api(web, api, run_sync):
    form = web.get("/m/kitdemo/gadgets/new").get_data(as_text=True)
    made = web.post("/m/kitdemo/gadgets/new", data={"csrf_token": csrf_from(form), "name": "Sprocket"})
    assert made.status_code == 302
    assert [g["name"] for g in api.get("/api/v1/kitdemo/gadgets").get_json()["data"]] == ["Sprocket"]
    assert run_sync() == 0  # the plugin syncs nothing
'''


def _entry_point_installed() -> bool:
    return any(ep.value == "core.testing" for ep in entry_points(group="pytest11", name="finsuite"))


def _run_plugin_tests(tmp_path, plugin: str) -> subprocess.CompletedProcess:
    """The tiny plugin ``plugin`` and its tests, run by pytest in a subprocess."""
    (tmp_path / "kitdemo").mkdir()
    (tmp_path / "kitdemo" / "__init__.py").write_text(textwrap.dedent(plugin))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(textwrap.dedent(CONFTEST))
    (tmp_path / "tests" / "test_kitdemo.py").write_text(textwrap.dedent(TESTS))
    # its own SQLite database: never the PostgreSQL one of this run (the fixtures reset it)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FINSUITE_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(tmp_path)])
    # an installed finsuite registers the fixtures by its pytest11 entry point; a checkout
    # run from PYTHONPATH names the plugin
    load = [] if _entry_point_installed() else ["-p", "core.testing"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *load, "--rootdir", str(tmp_path), "tests"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_c9_c5_a_plugins_own_tests_run_on_the_fixtures_shipped_with_finsuite(tmp_path):
    result = _run_plugin_tests(tmp_path, PLUGIN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_c9_a_plugin_that_fails_to_load_fails_its_tests_with_the_traceback(tmp_path):
    broken = PLUGIN.replace("def register_modules():", "def register_modules():\n    raise RuntimeError('no gadgets today')")
    result = _run_plugin_tests(tmp_path, broken)
    assert result.returncode != 0
    assert "plugins failed to load" in result.stdout and "RuntimeError: no gadgets today" in result.stdout
    assert "Traceback (most recent call last)" in result.stdout  # where, not only what


def test_c9_run_sync_delivers_to_the_embedded_finance_application(tenant, api, run_sync, finance_for):
    account = api.post("/api/v1/accounts", json={"name": "Acme Corp"}).get_json()
    made = api.post("/api/v1/books/invoices", json={
        "account_id": account["id"], "date": "2026-11-20",
        "line_items": [{"name": "Consulting", "quantity": "2", "rate": "50.00", "tax_percent": "0"}]}).get_json()
    assert made["sync_status"] == "pending"
    assert run_sync() >= 1
    invoice = api.get(f"/api/v1/books/invoices/{made['id']}").get_json()
    assert invoice["sync_status"] == "synced"
    remote = finance_for(tenant, "books").get("invoices", invoice["finance_id"])
    assert (remote["crm_id"], remote["total"]) == (f"books/invoices:{made['id']}", "100.00")
