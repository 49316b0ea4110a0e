"""The organisation's profile: what heads every document it prints (Setup > Organisation)."""
from __future__ import annotations

import peewee

from .base import TenantModel
from .files import StoredFile


class OrganisationProfile(TenantModel):
    """One row per tenant, made when an administrator first saves Setup > Organisation (before
    that, :func:`core.organisation.profile_of` gives the tenant's name and address)."""

    legal_name = peewee.CharField(max_length=200)
    street = peewee.TextField(default="")  # one or more lines
    postal_code = peewee.CharField(max_length=20, default="")
    city = peewee.CharField(max_length=100, default="")
    country = peewee.CharField(max_length=100, default="")
    tax_id = peewee.CharField(max_length=50, default="")
    email = peewee.CharField(max_length=254, default="")
    phone = peewee.CharField(max_length=50, default="")
    logo = peewee.ForeignKeyField(StoredFile, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        table_name = "organisation_profile"
        indexes = ((("tenant",), True),)

    def address_lines(self) -> list[str]:
        """The street's lines, ``<postal code> <city>``, the country: those not empty."""
        lines = [line.strip() for line in self.street.splitlines()]
        lines += [" ".join(part for part in (self.postal_code, self.city) if part), self.country]
        return [line for line in lines if line]
