"""Creating tenants, their default profiles, and users (used by the CLI, Setup, demo and tests)."""
from __future__ import annotations

import re

from .db import db
from .models import Profile, Tenant, User
from .permissions import ACTIONS, all_permissions
from .tenancy import enable_apps

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class ProvisioningError(ValueError):
    """A tenant or user that cannot be created as asked (the message says why)."""


def default_profiles(registry) -> dict[str, tuple[bool, list[str]]]:
    everything = [p.key for p in all_permissions(registry)]
    read_only = [f"{m.name}.view" for m in registry.modules.values()] + [
        f"app.{name}" for name in registry.app_names]
    return {
        "Administrator": (True, everything),
        "Standard": (False, everything),
        "Read only": (False, read_only),
    }


def create_tenant(registry, slug: str, name: str, currency: str = "USD", locale: str = "en_US",
                  apps=()) -> Tenant:
    slug = (slug or "").strip().lower()
    if not SLUG.match(slug):
        raise ProvisioningError(f"invalid tenant slug {slug!r}: use lowercase letters, digits and '-'")
    if Tenant.select().where(Tenant.slug == slug).exists():
        raise ProvisioningError(f"tenant {slug!r} already exists")
    from .sync.connections import clashing_slugs
    clash = Tenant.select(Tenant.slug).where(Tenant.slug.in_(clashing_slugs(slug))).first()
    if clash is not None:
        raise ProvisioningError(f"tenant slug {slug!r} would share an embedded finance organisation with "
                                f"tenant {clash.slug!r}: choose another slug")
    currency = (currency or "USD").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ProvisioningError(f"invalid currency {currency!r}: use an ISO 4217 code such as EUR")
    unknown = [a for a in apps if a not in registry.app_names]
    if unknown:
        raise ProvisioningError(f"unknown app(s): {', '.join(unknown)}; installed: {', '.join(registry.app_names)}")
    with db.atomic():
        tenant = Tenant.create(slug=slug, name=name or slug, currency=currency, locale=locale)
        for profile_name, (is_admin, grants) in default_profiles(registry).items():
            profile = Profile(tenant=tenant, name=profile_name, is_admin=is_admin)
            profile.grants = grants
            profile.save()
        enable_apps(registry, tenant, list(apps))
    return tenant


def create_user(tenant: Tenant, email: str, password: str, profile: str = "Administrator",
                name: str = "") -> User:
    from .auth import hash_password
    email = (email or "").strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ProvisioningError(f"invalid e-mail address {email!r}")
    if len(password or "") < 8:
        raise ProvisioningError("the password needs at least 8 characters")
    if User.select().where(User.email == email).exists():
        raise ProvisioningError(f"a user with e-mail {email} already exists")
    found = Profile.select().where((Profile.tenant == tenant) & (Profile.name == profile)).first()
    if found is None:
        raise ProvisioningError(f"no profile {profile!r} in tenant {tenant.slug}")
    return User.create(tenant=tenant, email=email, password_hash=hash_password(password), profile=found,
                       name=name or email.split("@")[0].title())


# re-exported so callers need one import
__all__ = ["ACTIONS", "ProvisioningError", "create_tenant", "create_user", "default_profiles"]
