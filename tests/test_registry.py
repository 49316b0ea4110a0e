"""C5: plugin discovery through entry points, manifests, depends, isolation of broken plugins,
and the per-tenant hook relay."""
from __future__ import annotations

import sys
import textwrap

import pytest

from core.registry import Registry
from core.tenancy import DependencyError, enabled_apps, set_enabled

BUILT_IN = {"books", "invoice", "expense", "inventory", "subscriptions"}


def load(*extra, entry_points=False) -> Registry:
    registry = Registry()
    registry.load(extra=extra, use_entry_points=entry_points)
    return registry


def test_c5_built_in_plugins_are_discovered_through_entry_points():
    registry = load(entry_points=True)  # with any other plugin installed beside them
    assert BUILT_IN <= set(registry.manifests) and BUILT_IN <= set(registry.app_names)
    assert [f for f in registry.failures if f.name in BUILT_IN] == []
    assert registry.manifests["books"].label == "Books"


def test_c5_third_party_package_found_through_its_entry_point(tmp_path, monkeypatch):
    package = tmp_path / "acme_ledger"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent("""
        from core import Manifest, Permission, hookimpl
        manifest = Manifest(name="acme_ledger", label="Acme Ledger", version="2.0.0")

        @hookimpl
        def register_permissions():
            return [Permission("app.acme_ledger", "Access Acme Ledger", "Apps")]
    """))
    dist = tmp_path / "acme_ledger-2.0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-ledger\nVersion: 2.0.0\n")
    (dist / "entry_points.txt").write_text("[finsuite.plugins]\nacme_ledger = acme_ledger\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = load(entry_points=True)
    assert registry.manifests["acme_ledger"].version == "2.0.0"
    assert "app.acme_ledger" in registry.permissions
    sys.modules.pop("acme_ledger", None)


def test_c5_broken_plugin_is_recorded_and_the_others_load():
    registry = load("tests.fake_plugins.broken_import", "tests.fake_plugins.broken_register",
                    "tests.fake_plugins.no_manifest", "tests.fake_plugins.sample", entry_points=True)
    failed = {f.name: f.error for f in registry.failures}
    assert "this plugin is broken on purpose" in failed["tests.fake_plugins.broken_import"]
    assert "cannot declare tabs" in failed["broken_register"]
    assert "manifest" in failed["tests.fake_plugins.no_manifest"]
    assert "broken_register" not in registry.manifests
    assert {"sample", *BUILT_IN} <= set(registry.manifests)
    assert "sample" in {t.key for t in registry.tabs}


def test_c5_duplicate_declaration_refuses_the_later_plugin():
    registry = load("tests.fake_plugins.duplicate_module")
    assert registry.modules["accounts"].label == "Accounts"
    assert [f.name for f in registry.failures] == ["dupe"]
    assert "'accounts' is already declared" in registry.failures[0].error


def test_c5_depends_on_a_missing_plugin_fails_that_plugin_only():
    registry = load("tests.fake_plugins.depends_on_missing", "tests.fake_plugins.sample",
                    "tests.fake_plugins.depends_on_sample")
    assert "orphan" not in registry.manifests
    assert "not-installed" in registry.failures[0].error
    assert registry.manifests["needs_sample"].depends == ("sample",)


def test_c5_enabling_checks_depends_and_disabling_keeps_the_order(ctx, make_tenant):
    registry = load("tests.fake_plugins.sample", "tests.fake_plugins.depends_on_sample")
    tenant = make_tenant(apps=())
    with pytest.raises(DependencyError, match="needs sample"):
        set_enabled(registry, tenant, "needs_sample", True)
    set_enabled(registry, tenant, "sample", True)
    set_enabled(registry, tenant, "needs_sample", True)
    assert enabled_apps(tenant) == ["needs_sample", "sample"]
    with pytest.raises(DependencyError, match="depends on Sample"):
        set_enabled(registry, tenant, "sample", False)
    set_enabled(registry, tenant, "needs_sample", False)
    set_enabled(registry, tenant, "sample", False)
    assert enabled_apps(tenant) == []
    with pytest.raises(DependencyError, match="No app named"):
        set_enabled(registry, tenant, "crm", False)


def test_c5_relay_answers_with_the_tenants_enabled_plugins_only():
    registry = load("tests.fake_plugins.sample")
    with_sample = registry.relay(["sample"])
    without = registry.relay([])
    strips = [s for answer in with_sample.detail_strips(module=None, record=None, user=None) for s in answer or ()]
    assert [s.key for s in strips] == ["sample"]
    assert all(not answer for answer in without.detail_strips(module=None, record=None, user=None))
    assert registry.relay(["sample"]) is with_sample  # cached per set of enabled apps
    assert registry.relay(["sample", "unknown"]) is with_sample


def test_c5_relay_follows_a_tenant_enabling_and_disabling(ctx, make_tenant):
    registry = load("tests.fake_plugins.sample")
    tenant = make_tenant(apps=())

    def strip_keys():
        relay = registry.relay(enabled_apps(tenant))
        return [s.key for a in relay.detail_strips(module=None, record=None, user=None) for s in a or ()]

    assert strip_keys() == []
    set_enabled(registry, tenant, "sample", True)
    assert strip_keys() == ["sample"]
    set_enabled(registry, tenant, "sample", False)
    assert strip_keys() == []


def test_c5_importing_the_core_loads_no_plugin_and_binds_no_database():
    import subprocess
    code = ("import sys, core, core.app, core.web, core.api; "
            "print(sorted(m for m in sys.modules if m.startswith('plugins')), core.db.db.obj)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] None"


def test_c5_demo_records_run_each_plugin_after_those_it_depends_on(app, database_url, make_tenant, make_user):
    """Loaded before its dependency, a plugin's demo data still comes after the dependency's."""
    from core import create_app
    from core.demo import load_demo
    from core.tenancy import set_enabled
    from tests.fake_plugins import sample
    other = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                        "PLUGINS": ["tests.fake_plugins.depends_on_sample", "tests.fake_plugins.sample"]})
    registry = other.extensions["finsuite"]
    assert list(registry.manifests).index("needs_sample") < list(registry.manifests).index("sample")
    assert registry.dependency_order(["needs_sample", "sample"]) == ["sample", "needs_sample"]
    with other.app_context():
        tenant = make_tenant(apps=())
        for name in ("sample", "needs_sample"):
            set_enabled(registry, tenant, name, True)
        sample.DEMO.clear()
        load_demo(registry, tenant, [make_user(tenant)])
    assert [entry if isinstance(entry, str) else entry[0] for entry in sample.DEMO] == [tenant.slug, "needs_sample"]
