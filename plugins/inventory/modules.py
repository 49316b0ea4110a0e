"""Inventory's module (V1): packages, read-only (no tab: they are seen on their customer's page)."""
from __future__ import annotations

from core import N_, Column, Module

from .models import Package
from .schemas import PackageSchema

PACKAGES = Module(
    name="inventory/packages", label=N_("Packages"), singular=N_("Package"), model=Package, schema=PackageSchema,
    app="inventory", title_field="number",
    columns=(Column("number", N_("Package #"), link=True), Column("salesorder_number", N_("Sales order")),
             Column("account_id", N_("Account")), Column("contact_id", N_("Contact")), Column("date", N_("Date")),
             Column("status", N_("Status")), Column("shipment", N_("Carrier / tracking"))),
    search_fields=("number", "salesorder_number", "tracking_number", "account_id", "contact_id"),
    sort_fields=("number", "date", "status", "shipment_date", "created_at"), default_sort="-date",
    filter_fields=("status", "account_id", "contact_id", "salesorder_id"),
    references={"salesorder_id": "books/salesorders", "account_id": "accounts", "contact_id": "contacts"},
    read_only=True, icon="package")

MODULES = (PACKAGES,)
