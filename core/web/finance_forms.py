"""The connection form of Setup > Finance Suite: what an admin types for an app's finance
service, checked field by field (errors beside each field), and the settings it saves."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import current_app
from flask_babel import format_decimal, gettext as _

#: the Zoho settings a connection form carries; secrets are never shown back
ZOHO_FIELDS = ("api_base", "accounts_url", "client_id", "client_secret", "refresh_token", "daily_budget")
SECRETS = ("client_secret", "refresh_token")
#: Zoho's plans allow 1,000 to 10,000 calls a day to an organisation (shared by its integrations)
BUDGET_RANGE = (100, 1_000_000)


def field_labels() -> dict[str, str]:
    return {"connector": _("Connector"), "organization_id": _("Organisation ID"),
            "api_base": _("API base URL"), "accounts_url": _("Accounts URL (OAuth)"),
            "client_id": _("Client ID"), "client_secret": _("Client secret"),
            "refresh_token": _("Refresh token"), "dc": _("Data centre"),
            "daily_budget": _("Daily API budget (calls)")}


def _is_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def validate(connector: str, form, old_settings: dict,
             required=tuple(k for k in ZOHO_FIELDS if k != "daily_budget")) -> tuple[dict, dict]:
    """The errors of a connection form (field -> messages) and the settings to save (the
    ``required`` Zoho fields must have a value)."""
    errors: dict[str, list[str]] = {}
    settings = dict(old_settings)
    if connector not in current_app.extensions["finsuite"].connectors:
        errors["connector"] = [_("Choose a connector.")]
        return errors, settings
    if connector != "zoho":
        _own_organisation(connector, form, errors)
        return errors, settings
    if not form.get("organization_id", "").strip():
        errors["organization_id"] = [_("Zoho needs the organisation ID.")]
    for key in ZOHO_FIELDS:
        value = form.get(key, "").strip()
        if key in SECRETS and not value:
            value = old_settings.get(key, "")  # left blank: keep the one already saved
        if not value and key in required:
            errors[key] = [_("%(field)s is required for Zoho.", field=field_labels()[key])]
        elif key in ("api_base", "accounts_url") and not _is_url(value):
            errors[key] = [_("Enter an http:// or https:// address.")]
        elif key == "daily_budget":
            value = _budget(value, errors)
        settings[key] = value
    return errors, settings


def _budget(value: str, errors: dict):
    """The daily budget typed (blank: Zoho's smallest plan, 1,000), or an error beside it."""
    if not value:
        return 1000
    low, high = BUDGET_RANGE
    if not value.isdigit() or not low <= int(value) <= high:
        errors["daily_budget"] = [_("Enter the calls a day your Zoho plan allows: a whole number from "
                                    "%(low)s to %(high)s.", low=format_decimal(low), high=format_decimal(high))]
        return value
    return int(value)




def _own_organisation(connector: str, form, errors: dict) -> None:
    """An embedded organisation must be the tenant's own (blank: its default)."""
    from flask import g
    from ..sync.connections import foreign_organisation, own_organizations
    organization_id = form.get("organization_id", "").strip()
    if organization_id and foreign_organisation(g.tenant, connector, organization_id):
        errors["organization_id"] = [_("This is another organisation's: the embedded finance application "
                                       "keeps yours in %(own)s. Leave it blank for the default.",
                                       own=", ".join(own_organizations(g.tenant.slug)))]
