"""Profiles grant permission keys; plugins' ``permission_denied`` hooks may only take them away."""
from __future__ import annotations

from .declarations import Module, Permission
from .i18n import N_, Composed

ACTIONS = ("view", "create", "edit", "delete")
#: each action's label in the profile editor
ACTION_LABELS = {"view": N_("View"), "create": N_("Create"), "edit": N_("Edit"), "delete": N_("Delete")}


def module_permissions(module: Module) -> list[Permission]:
    group = module.label if module.app is None else Composed(N_("%(app)s: %(label)s"), app=module.app.title(),
                                                             label=module.label)
    return [Permission(module.permission(a), ACTION_LABELS[a], group) for a in ACTIONS]


def all_permissions(registry) -> list[Permission]:
    """Every grantable key: per module view/create/edit/delete, then the plugins' own."""
    keys: list[Permission] = []
    for module in registry.modules.values():
        keys.extend(module_permissions(module))
    keys.extend(registry.permissions.values())
    return keys


def granted(user, key: str) -> bool:
    profile = user.profile
    return bool(profile.is_admin or key in profile.grants)


def _request_relay():
    from flask import g, has_app_context
    return getattr(g, "relay", None) if has_app_context() else None


def can(user, key: str, record=None, relay=None) -> bool:
    """Whether ``user`` may do ``key`` (on ``record``): granted by the profile, denied by no hook.

    ``relay`` defaults to the current request's tenant relay.
    """
    if user is None or not user.is_active or not granted(user, key):
        return False
    relay = relay if relay is not None else _request_relay()
    if relay is not None and any(relay.permission_denied(user=user, permission=key, record=record)):
        return False
    return True


def can_module(user, module: Module, action: str, record=None, relay=None) -> bool:
    """``action`` on a module: its app's access (``app.<name>``) and the module's own key."""
    if module.app is not None and not can(user, f"app.{module.app}", record, relay):
        return False
    return can(user, module.permission(action), record, relay)


def grant_alongside(held: str, *keys: str):
    """A migration step (``Migration(app, name, grant_alongside(...))``): every profile that
    grants ``held`` grants ``keys`` too, so a module an app adds later (``invoice/items``) is
    open to whoever could already use its records in the tenants made before."""
    def up(migrator, database):
        from .models import Profile
        for profile in Profile.select():
            if held in profile.grants and not set(keys) <= profile.grants:
                profile.grants = profile.grants | set(keys)
                profile.save()
    return up
