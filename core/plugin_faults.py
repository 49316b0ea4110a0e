"""A plugin that raises while a page is built loses its part, never the page (C5).

The tenant's relay (:class:`core.registry.HookRelay`) hands the hooks of :data:`ISOLATED` out
as :class:`IsolatedHook`: each plugin's implementation is called on its own; one that raises
is left out, its traceback logged (once per request), and the fault kept in this process's
store (Setup > Plugins lists the tenant's) and in the request's list, from which the web page
draws an error panel in the plugin's place and the API a ``Warning`` header.

``permission_denied`` is not isolated: a veto that cannot be asked must not turn into a grant.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

log = logging.getLogger(__name__)

#: the hooks whose implementations are called one plugin at a time
ISOLATED = frozenset({"related_lists", "detail_strips", "product_sections", "status_actions", "email_options",
                      "record_title", "record_saved"})
MAX_ERROR = 500


@dataclass
class Fault:
    """A plugin's hook that raised in this process: the last error, when, how often."""
    plugin: str
    hook: str
    tenant_id: int | None
    error: str
    first: datetime
    last: datetime
    count: int = 1


_faults: dict[tuple, Fault] = {}
_lock = threading.Lock()


def faults(tenant_id: int | None = None) -> list[Fault]:
    """The faults seen with ``tenant_id``'s records (or with no record), newest first."""
    with _lock:
        found = [f for f in _faults.values() if f.tenant_id in (tenant_id, None)]
    return sorted(found, key=lambda f: f.last, reverse=True)


def record_fault(plugin: str, hook: str, exc: BaseException, tenant_id: int | None = None) -> None:
    """Keep ``exc`` (being handled) as ``plugin``'s fault in ``hook``; log its traceback."""
    error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    now = datetime.now(timezone.utc)
    with _lock:
        fault = _faults.get((tenant_id, plugin, hook))
        if fault is None:
            _faults[(tenant_id, plugin, hook)] = Fault(plugin, hook, tenant_id, error, now, now)
        else:
            fault.error, fault.last, fault.count = error, now, fault.count + 1
    seen = _request_faults()
    if seen is None or (plugin, hook) not in seen:
        log.exception("plugin %s failed in hook %s; its part is left out", plugin, hook)
    if seen is not None and (plugin, hook) not in seen:
        seen.append((plugin, hook))


def request_faults(hook: str | None = None) -> list[dict]:
    """This request's faults (of ``hook``): ``[{"plugin", "label", "hook"}]``."""
    from flask import current_app
    registry = current_app.extensions.get("finsuite")
    return [{"plugin": plugin, "hook": name, "label": registry.app_label(plugin) if registry else plugin}
            for plugin, name in _request_faults() or () if hook in (None, name)]


def _request_faults() -> list | None:
    """The ``(plugin, hook)`` pairs that failed in the current request (``None`` outside one).
    Kept on ``g`` with the request they belong to: an app context may outlive a request."""
    from flask import g, has_request_context, request
    if not has_request_context():
        return None
    current = request._get_current_object()
    held = g.get("_plugin_faults")
    if held is None or held[0] is not current:
        held = g._plugin_faults = (current, [])
    return held[1]


class IsolatedHook:
    """A hook caller that calls each plugin's implementation on its own, in pluggy's order
    (results as pluggy gives them: a list without ``None``s, or the first non-``None`` for a
    ``firstresult`` hook). With a wrapper among the implementations, it calls pluggy as is."""

    def __init__(self, name: str, caller: Any):
        self._name = name
        self._caller = caller

    def __getattr__(self, attr: str):
        return getattr(self._caller, attr)

    def __call__(self, **kwargs):
        impls = self._caller.get_hookimpls()
        if any(impl.wrapper or impl.hookwrapper for impl in impls):
            return self._caller(**kwargs)
        spec = self._caller.spec
        first = bool(spec and spec.opts.get("firstresult"))
        results = []
        for impl in reversed(impls):
            try:
                result = impl.function(*[kwargs[arg] for arg in impl.argnames])
            except Exception as exc:
                record_fault(impl.plugin_name, self._name, exc, getattr(kwargs.get("record"), "tenant_id", None))
                continue
            if result is not None:
                if first:
                    return result
                results.append(result)
        return None if first else results


def isolate(name: str, caller: Any) -> Any:
    """``caller`` as the relay hands it out: isolated per plugin for the hooks of :data:`ISOLATED`."""
    return IsolatedHook(name, caller) if name in ISOLATED else caller
