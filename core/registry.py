"""Plugin discovery, manifests, start-up declarations and the per-tenant hook relay."""
from __future__ import annotations

import importlib
import logging
import traceback
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Iterable

import pluggy
from packaging.requirements import InvalidRequirement, Requirement

from . import hookspecs
from .declarations import Manifest
from .plugin_faults import isolate

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "finsuite.plugins"
CORE_PLUGINS = ("core.crm", "core.sync.plugin")
#: the version of the plugin interface (hooks, declarations, ``core`` exports): a new export or
#: an optional field is a minor step, a change that breaks a plugin a major one
API_VERSION = "1.3"


class PluginError(Exception):
    """A declaration that cannot be accepted (duplicate name, unknown dependency ...)."""


@dataclass
class PluginFailure:
    name: str
    source: str
    error: str
    detail: str


class HookRelay:
    """The hooks as one tenant sees them: only the plugins it enabled (and the core) answer;
    a page hook's plugin that raises loses its part, not the page (:mod:`core.plugin_faults`)."""

    def __init__(self, pm: pluggy.PluginManager, excluded: Iterable[Any]):
        self._pm = pm
        self._excluded = list(excluded)
        self._callers: dict[str, Any] = {}

    def __getattr__(self, name: str):
        caller = self._callers.get(name)
        if caller is None:
            if not self._excluded:
                caller = getattr(self._pm.hook, name)
            else:
                caller = self._pm.subset_hook_caller(name, self._excluded)
            self._callers[name] = caller = isolate(name, caller)  # a page hook: one plugin at a time
        return caller


class Registry:
    """What was loaded at start-up, and the declarations the plugins made."""

    def __init__(self):
        self.pm = pluggy.PluginManager("finsuite")
        self.pm.add_hookspecs(hookspecs)
        self.manifests: dict[str, Manifest] = {}
        self.failures: list[PluginFailure] = []
        self.modules: dict[str, Any] = {}
        self.tabs: list[Any] = []
        self.permissions: dict[str, Any] = {}
        self.sync_jobs: dict[str, Any] = {}
        self.sync_types: dict[str, Any] = {}
        self.finance_doc_types: dict[str, Any] = {}
        self.reports: dict[str, Any] = {}
        self.report_folders: dict[str, Any] = {}
        self.dashboard_components: dict[str, Any] = {}
        self.pdf_templates: dict[str, Any] = {}
        self.email_templates: dict[str, Any] = {}
        self.settings: dict[str, Any] = {}
        self.connectors: dict[str, Any] = {}
        self.migrations: list[Any] = []
        self.blueprints: list[Any] = []
        self.blueprint_owner: dict[str, str] = {}
        self._relays: dict[frozenset, HookRelay] = {}
        self.core_names: set[str] = set()
        #: each accepted plugin's answers to the ``register_*`` hooks (``core.plugin_check``)
        self.declared: dict[str, dict[str, list]] = {}
        #: where each plugin came from: ``core``, its distribution and version, or ``PLUGINS``
        self.origins: dict[str, str] = {}

    # --- loading -----------------------------------------------------------------

    def load(self, extra: Iterable[Any] = (), use_entry_points: bool = True) -> None:
        """Load the core plugins, then every entry point of ``finsuite.plugins``, then ``extra``
        (modules or dotted names, for tests and embedding). A plugin that fails is
        recorded in :attr:`failures` and left out; the others load."""
        for dotted in CORE_PLUGINS:
            self._register(importlib.import_module(dotted), core=True)
        if use_entry_points:
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                origin = f"{ep.dist.name} {ep.dist.version}" if ep.dist is not None else f"entry point {ep.value}"
                self._try_load(ep.name, origin, ep.load)
        for item in extra:
            if isinstance(item, str):
                self._try_load(item, f"PLUGINS {item}", lambda item=item: importlib.import_module(item))
            else:
                self._try_load(getattr(item, "__name__", repr(item)), "PLUGINS", lambda item=item: item)
        self._check_depends()
        self._collect()

    def _try_load(self, name: str, source: str, loader) -> None:
        try:
            module = loader()
            self._register(module, origin=source)
        except Exception as exc:  # a broken plugin must not stop the others
            self._fail(name, source, exc)

    def _fail(self, name: str, source: str, exc: BaseException) -> None:
        log.error("plugin %s failed to load: %s", name, exc)
        self.failures.append(PluginFailure(name, source, f"{type(exc).__name__}: {exc}",
                                           traceback.format_exc()))
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self.manifests.pop(name, None)

    def _register(self, module: Any, core: bool = False, origin: str = "core") -> None:
        manifest = getattr(module, "manifest", None)
        if not isinstance(manifest, Manifest):
            raise PluginError(f"{getattr(module, '__name__', module)!r} has no `manifest = Manifest(...)`")
        if manifest.name in self.manifests or self.pm.get_plugin(manifest.name) is not None:
            if self.pm.get_plugin(manifest.name) is module:
                return
            raise PluginError(f"two plugins are named {manifest.name!r}")
        _check_requires(manifest)
        self.pm.register(module, name=manifest.name)
        self.manifests[manifest.name] = manifest
        self.origins[manifest.name] = origin
        if core:
            self.core_names.add(manifest.name)

    def _check_depends(self) -> None:
        changed = True
        while changed:
            changed = False
            for name, manifest in list(self.manifests.items()):
                missing = [d for d in manifest.depends if d not in self.manifests]
                if missing:
                    self._fail(name, "depends", PluginError(
                        f"{name} depends on {', '.join(missing)}, which is not loaded"))
                    changed = True

    def _collect(self) -> None:
        """Call every ``register_*`` hook, one plugin at a time, so one failure stays local."""
        targets = {
            "register_modules": ("modules", "name"),
            "register_permissions": ("permissions", "key"),
            "register_sync_jobs": ("sync_jobs", "key"),
            "register_sync_types": ("sync_types", "key"),
            "register_finance_doc_types": ("finance_doc_types", "name"),
            "register_reports": ("reports", "key"),
            "register_report_folders": ("report_folders", "key"),
            "register_dashboard_components": ("dashboard_components", "key"),
            "register_pdf_templates": ("pdf_templates", "module"),
            "register_email_templates": ("email_templates", "module"),
            "register_settings": ("settings", "key"),
            "register_connectors": ("connectors", "name"),
        }
        results: dict[str, dict[str, list]] = {}
        for plugin_name in list(self.manifests):
            plugin = self.pm.get_plugin(plugin_name)
            try:
                results[plugin_name] = {
                    hook: list(self._call_one(plugin, hook) or [])
                    for hook in [*targets, "register_tabs", "register_migrations", "register_blueprints"]
                }
            except Exception as exc:
                self._fail(plugin_name, "register hooks", exc)
        for plugin_name, answers in results.items():
            if plugin_name not in self.manifests:
                continue
            try:
                self._accept(plugin_name, answers, targets)
            except PluginError as exc:  # loud: logged, shown in Setup, the plugin left out
                self._fail(plugin_name, "register hooks", exc)
        self.tabs.sort(key=lambda t: (t.order, t.key))

    def _accept(self, plugin_name: str, answers: dict, targets: dict) -> None:
        """Take one plugin's declarations, all or none: a duplicate refuses the plugin."""
        for hook, (attr, key) in targets.items():
            store = getattr(self, attr)
            idents = [getattr(item, key) for item in answers[hook]]
            clash = [i for i in idents if i in store] or [i for i in set(idents) if idents.count(i) > 1]
            if clash:
                raise PluginError(f"{hook}: {clash[0]!r} is already declared")
        views = [m.name for m in answers["register_modules"] if m.name.endswith("/views")]
        if views:  # ``/api/v1/<module>/views`` are the module's custom views (B10)
            raise PluginError(f"register_modules: {views[0]!r} may not end with '/views'")
        tab_keys = {t.key for t in self.tabs}
        clash = [t.key for t in answers["register_tabs"] if t.key in tab_keys]
        if clash:
            raise PluginError(f"register_tabs: {clash[0]!r} is already declared")
        for hook, (attr, key) in targets.items():
            store = getattr(self, attr)
            for item in answers[hook]:
                store[getattr(item, key)] = item
        self.declared[plugin_name] = answers
        self.tabs.extend(answers["register_tabs"])
        self.migrations.extend(answers["register_migrations"])
        for blueprint in answers["register_blueprints"]:
            self.blueprints.append(blueprint)
            self.blueprint_owner[blueprint.name] = plugin_name

    def _call_one(self, plugin: Any, hook_name: str):
        return self.call_plugin(self.pm.get_name(plugin), hook_name)

    def call_plugin(self, name: str, hook_name: str, **kwargs):
        """Plugin ``name``'s implementation of ``hook_name`` alone (``None`` if it has none),
        given the arguments it takes (those not passed are ``None``)."""
        plugin = self.pm.get_plugin(name)
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            if impl.plugin is plugin:
                return impl.function(**{arg: kwargs.get(arg) for arg in impl.argnames})
        return None

    def dependency_order(self, names: Iterable[str]) -> list[str]:
        """``names`` (loaded plugins) and the plugins they depend on, each after its
        dependencies, else in load order: Books' demo invoices exist before a plugin that
        depends on Books adds its payments."""
        done: list[str] = []

        def visit(name: str) -> None:
            if name in done or name not in self.manifests:
                return
            for needed in self.manifests[name].depends:
                visit(needed)
            done.append(name)
        wanted = set(names)
        for name in self.manifests:
            if name in wanted:
                visit(name)
        return done

    # --- per tenant --------------------------------------------------------------

    @property
    def app_names(self) -> list[str]:
        """The finance apps (loaded plugins other than the core)."""
        return [n for n in self.manifests if n not in self.core_names]

    def relay(self, enabled: Iterable[str]) -> HookRelay:
        """The hook relay for a tenant with these apps enabled (cached per set)."""
        key = frozenset(n for n in enabled if n in self.manifests)
        relay = self._relays.get(key)
        if relay is None:
            excluded = [self.pm.get_plugin(n) for n in self.app_names if n not in key]
            relay = self._relays[key] = HookRelay(self.pm, excluded)
        return relay

    def app_label(self, name: str) -> str:
        """An app as users name it (``Books``), or its name title-cased when it is not loaded."""
        manifest = self.manifests.get(name)
        return manifest.label if manifest is not None else name.title()

    def module(self, name: str):
        return self.modules.get(name)


def _check_requires(manifest: Manifest) -> None:
    """Refuse a plugin whose ``requires`` does not admit :data:`API_VERSION`."""
    if not manifest.requires:
        return
    try:
        requirement = Requirement(manifest.requires)
    except InvalidRequirement as exc:
        raise PluginError(f"{manifest.name}: requires={manifest.requires!r} is not a requirement "
                          f"like 'finsuite>=1,<2' ({exc})") from None
    if requirement.name != "finsuite":
        raise PluginError(f"{manifest.name}: requires={manifest.requires!r} must name finsuite")
    if not requirement.specifier.contains(API_VERSION, prereleases=True):
        raise PluginError(f"{manifest.name} requires {requirement}; this is finsuite API {API_VERSION}")


def merge(results) -> list:
    """Flatten a list hook's answers (each a list or ``None``) and sort by ``order``."""
    items = [item for answer in results if answer for item in answer]
    return sorted(items, key=lambda i: getattr(i, "order", 100))
