"""Apps' per-tenant settings (:class:`core.Setting`), chosen in Setup > Finance Suite."""
from __future__ import annotations

from .i18n import _
from .models import TenantSetting, utcnow
from .records import Invalid


def _declared(key: str):
    from flask import current_app
    declared = current_app.extensions["finsuite"].settings.get(key)
    if declared is None:
        raise KeyError(f"no setting {key!r} is declared")
    return declared


def setting(tenant, key: str) -> str:
    """The tenant's value of setting ``key``, or its declared default."""
    declared = _declared(key)
    row = TenantSetting.get_or_none((TenantSetting.tenant == tenant) & (TenantSetting.key == key))
    return row.value if row is not None else declared.default


def set_setting(tenant, key: str, value: str) -> None:
    """Store a choice; a value the setting does not offer is :class:`core.Invalid`."""
    declared = _declared(key)
    if value not in {v for v, _label in declared.choices}:
        raise Invalid({key: [_("Not a valid choice: %(value)s.", value=repr(value))]})
    updated = TenantSetting.update(value=value, changed_at=utcnow()).where(
        (TenantSetting.tenant == tenant) & (TenantSetting.key == key)).execute()
    if not updated:
        TenantSetting.create(tenant=tenant, key=key, value=value)
