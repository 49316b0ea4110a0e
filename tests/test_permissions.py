"""C2/P1: profiles grant per-module actions, app access and the Books e-mail right."""
from __future__ import annotations

from core.permissions import all_permissions, can, can_module
from core.models import Profile


def test_c2_every_module_has_view_create_edit_delete_and_apps_have_access_keys(registry):
    keys = {p.key for p in all_permissions(registry)}
    for module in ("accounts", "contacts", "vendors", "deals", "products"):
        assert {f"{module}.{a}" for a in ("view", "create", "edit", "delete")} <= keys
    assert {"app.books", "app.invoice", "app.expense", "app.subscriptions", "app.inventory", "books.email"} <= keys


def test_c2_administrator_has_everything_standard_profiles_what_they_grant(ctx, tenant, make_user, registry):
    admin = make_user(tenant, "Administrator")
    reader = make_user(tenant, "Read only")
    accounts = registry.modules["accounts"]
    assert can_module(admin, accounts, "delete") and can(admin, "books.email")
    assert can_module(reader, accounts, "view")
    assert not can_module(reader, accounts, "edit")
    assert not can(reader, "books.email")


def test_p1_app_module_needs_the_app_access_permission(ctx, tenant, make_user, registry):
    from core.declarations import Module
    from core.crm.models import Account
    from core.crm.schemas import AccountSchema
    invoices = Module(name="books/invoices", label="Invoices", singular="Invoice", model=Account,
                      schema=AccountSchema, app="books")
    user = make_user(tenant, "Standard")
    profile = Profile.get_by_id(user.profile_id)
    profile.grants = {"books/invoices.view", "app.books"}
    user.profile = profile
    assert can_module(user, invoices, "view")
    profile.grants = {"books/invoices.view"}
    assert can(user, "books/invoices.view")  # the module key alone is not enough
    assert not can_module(user, invoices, "view")


def test_c2_inactive_users_and_anonymous_can_do_nothing(ctx, tenant, make_user, registry):
    user = make_user(tenant, "Administrator")
    user.is_active = False
    assert not can(user, "accounts.view")
    assert not can(None, "accounts.view")
