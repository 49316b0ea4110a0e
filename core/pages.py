"""What a record page shows, asked of the tenant's relay: one place for the web UI and the API."""
from __future__ import annotations

from typing import Any

from .declarations import Module
from .registry import merge


def related_lists(relay, module: Module, record, user) -> list:
    """Related lists for ``record``, those of modules the user may not view left out."""
    lists = merge(relay.related_lists(module=module, record=record, user=user))
    return lists


def detail_strips(relay, module: Module, record, user) -> list:
    return merge(relay.detail_strips(module=module, record=record, user=user))


def product_sections(relay, record, user) -> list:
    """Sections of a product page; sections of one ``key`` are one section, the first by
    ``order`` kept (Books and Inventory both offer the stock: the page shows it once)."""
    seen: set = set()
    out = []
    for section in merge(relay.product_sections(record=record, user=user)):
        if section.key not in seen:
            seen.add(section.key)
            out.append(section)
    return out


def status_actions(relay, module: Module, record, user) -> list:
    """Actions offered for the record's current state, first declaration of a key wins, only
    those the user's permissions allow, and none a finance service syncing the record can never
    carry out from its status (:func:`refused_actions`)."""
    return status_actions_and_refusals(relay, module, record, user)[0]


def status_actions_and_refusals(relay, module: Module, record, user) -> tuple[list, list]:
    """``(offered, refused)``: :func:`status_actions`, and the ``(action, reason)`` pairs the
    user could run but a finance service syncing the record refuses (a page shows them
    disabled, with the reason)."""
    seen: dict[str, Any] = {}
    for answer in relay.status_actions(module=module, record=record, user=user):
        for action in answer or ():
            if action.key in seen:
                continue
            if action_allowed(user, module, action, record):
                seen[action.key] = action
    refused = refused_actions(module, record, seen)
    return ([action for key, action in seen.items() if key not in refused],
            [(seen[key], reason) for key, reason in refused.items()])


def action_allowed(user, module: Module, action, record) -> bool:
    """Whether ``user`` may run ``action`` on ``record``: its ``permission`` (a key, or every key
    of a tuple: Convert to Invoice needs the invoices' create and the source's edit), else the
    module's edit permission."""
    from .permissions import can, can_module
    if not action.permission:
        return can_module(user, module, "edit", record)
    keys = (action.permission,) if isinstance(action.permission, str) else action.permission
    return all(can(user, key, record) for key in keys)


def refused_actions(module: Module, record, keys) -> dict[str, str]:
    """``{key: reason}``: the actions among ``keys`` a finance service syncing ``record`` has no
    way to carry out from its status (Y7)."""
    from flask import current_app
    from .sync.refusals import action_refusals
    if getattr(record, "status", None) is None or not keys:
        return {}
    return action_refusals(current_app.extensions["finsuite"], module.name, record, keys)


def email_options(relay, module: Module, record, user) -> list:
    return [opt for answer in relay.email_options(module=module, record=record, user=user) for opt in answer or ()]
