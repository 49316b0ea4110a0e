"""The top tabs a user sees: Home, the registry's tabs allowed for the tenant and user, Reports, Dashboards, Setup."""
from __future__ import annotations

from dataclasses import dataclass

from urllib.parse import urlsplit

from flask import g, render_template, request, url_for

from ..i18n import translate_declared as tr
from ..permissions import can, can_module


@dataclass
class NavTab:
    key: str
    label: str
    url: str


def module_visible(module, user) -> bool:
    """A module is reachable when its app is enabled for the tenant and the user may view it."""
    if module.app is not None and module.app not in g.apps:
        return False
    return can_module(user, module, "view")


def tab_allowed(registry, tab, user) -> bool:
    if tab.app is not None and (tab.app not in g.apps or not can(user, f"app.{tab.app}")):
        return False
    # a sub-module not installed yet (declared by the tab, registered by no plugin) is shown on
    # the tab page as "not installed yet" to whoever may use the tab's app
    return any(name not in registry.modules or module_visible(registry.modules[name], user)
               for name in tab.modules)


def tab_url(registry, tab) -> str:
    if len(tab.modules) == 1 and tab.modules[0] in registry.modules:
        return url_for("modules.index", module=tab.modules[0])
    return url_for("modules.tab", key=tab.key)


def visible_tabs(registry, user) -> list[NavTab]:
    from flask_babel import gettext as _
    tabs = [NavTab("home", _("Home"), url_for("auth.home"))]
    tabs += [NavTab(t.key, tr(t.label), tab_url(registry, t)) for t in registry.tabs if tab_allowed(registry, t, user)]
    from .report_views import reports_tab
    tabs += reports_tab(user)
    tabs.append(NavTab("dashboards", _("Dashboards"), url_for("dashboards.index")))
    if user.profile.is_admin:
        tabs.append(NavTab("setup", _("Setup"), url_for("setup.index")))
    return tabs


def active_tab_key(registry) -> str | None:
    """The tab to highlight for the current page."""
    args = request.view_args or {}
    if request.blueprint in ("setup", "reports", "dashboards"):
        return request.blueprint
    if request.endpoint == "auth.home":
        return "home"
    if "key" in args and request.blueprint == "modules":
        return args["key"]
    module = args.get("module")
    if module:
        for tab in registry.tabs:
            if module in tab.modules:
                return tab.key
    return None


def leave_site(url: str):
    """Send the browser to another site after a form was posted (OAuth consent): a page whose
    link ``finsuite.js`` follows at once. A redirect would be refused by the Content-Security-Policy's
    ``form-action 'self'``, which also covers the redirects a form's answer makes."""
    return render_template("leave.html", url=url, host=urlsplit(url).netloc)
