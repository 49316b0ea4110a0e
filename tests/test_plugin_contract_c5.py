"""C5: the plugin contract, checked. Every installed plugin keeps it; a plugin's silent mistakes
(a misspelled hook, an unknown app, modules, folders and templates named but not there, keys
outside its namespace, migrations out of order or failing on a new database) are each one line
naming the plugin and the declaration; a plugin written for another plugin interface is refused
at load with the reason."""
from __future__ import annotations

import json

import pytest

from core import API_VERSION, create_app
from core.plugin_check import check_all, check_plugin
from tests.test_cli import _env, finsuite


@pytest.fixture(scope="module")
def odd_app(database_url, app):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                       "PLUGINS": ["tests.fake_plugins.mistakes", "tests.fake_plugins.too_new"]})


def test_c5_every_installed_plugin_keeps_the_contract(app, registry):
    assert set(registry.manifests) >= {"books", "invoice", "expense", "inventory", "subscriptions"}
    with app.app_context():
        assert [str(p) for p in check_all(registry, app)] == []


def test_c5_each_silent_mistake_is_one_line_naming_plugin_and_declaration(odd_app):
    registry = odd_app.extensions["finsuite"]
    assert "mistakes" in registry.manifests  # it loads: the mistakes would go unnoticed
    with odd_app.app_context():
        lines = sorted(str(p) for p in check_plugin(registry, "mistakes", odd_app))
    assert lines == sorted([
        "mistakes: @hookimpl register_modles: no hook has this name (did you mean register_modules?)",
        "mistakes: register_permissions 'notes.share': keys of plugin mistakes start with app.mistakes or "
        "mistakes. or mistakes/",
        "mistakes: Module 'mistakes/notes': app='mistake' is no loaded plugin",
        "mistakes: Module 'mistakes/notes': references deal_id -> 'crm/deals', which is no module",
        "mistakes: Module 'mistakes/notes': search_fields names 'tittle', neither a field of its model nor a "
        "reference",
        "mistakes: Tab 'mistakes': lists 'mistakes/memos', which is no module",
        "mistakes: Report 'mistakes.count': folder='mistakes' is no report folder",
        "mistakes: PdfTemplate 'mistakes/notes': template 'mistakes/note.html' is not found",
        "mistakes: register_migrations: names must be unique and in the order they run: 0002_titles, 0001_notes",
        "mistakes: SyncType 'mistakes:mistakes/notes': doc_type='nots' is no kind of record of the embedded "
        "finance application (register_finance_doc_types)",
    ])


def test_c5_a_plugin_for_another_plugin_interface_is_refused_at_load_with_the_reason(odd_app):
    registry = odd_app.extensions["finsuite"]
    assert "toonew" not in registry.manifests
    assert [f.error for f in registry.failures if f.name == "tests.fake_plugins.too_new"] == [
        f"PluginError: toonew requires finsuite<3,>=2; this is finsuite API {API_VERSION}"]


def test_c5_check_plugin_command_runs_migrations_twice_on_a_new_database(tmp_path):
    env = _env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}",
               FINSUITE_PLUGINS=json.dumps(["tests.fake_plugins.migration_trap", "tests.fake_plugins.migration_safe"]))
    done = finsuite(env, "check-plugin", "safe", timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "safe: no problems"), done.stderr
    done = finsuite(env, "check-plugin", "trap", timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.strip() == ("trap: migrations: fail on a new database: OperationalError: "
                                   "duplicate column name: pinned")
    done = finsuite(env, "check-plugin", "--all", timeout=300)
    assert done.returncode == 1 and "trap: migrations" in done.stdout
    done = finsuite(env, "check-plugin", "books", "invoice", "expense", "inventory", "subscriptions", timeout=300)
    assert (done.returncode, done.stdout.strip()) == (0, "books, invoice, expense, inventory, subscriptions: no problems")


def test_c5_plugins_command_says_where_each_plugin_comes_from(tmp_path):
    env = _env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}",
               FINSUITE_PLUGINS=json.dumps(["tests.fake_plugins.migration_trap"]))
    done = finsuite(env, "plugins")
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines()[1:]}
    assert rows["crm"].endswith("core")
    assert "finsuite " in rows["books"]  # the distribution that installed it, with its version
    assert rows["trap"].endswith("PLUGINS tests.fake_plugins.migration_trap")


def test_c5_start_up_in_debug_logs_each_problem(database_url, app, caplog):
    with caplog.at_level("WARNING", logger="core.app"):
        create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "CHECK_PLUGINS": True,
                    "PLUGINS": ["tests.fake_plugins.mistakes"]})
    warned = [r.getMessage() for r in caplog.records if r.name == "core.app"]
    assert "plugin contract: mistakes: Tab 'mistakes': lists 'mistakes/memos', which is no module" in warned
    assert len(warned) == 10
