"""Bulk data for the benchmarks: ``python -m bench.seed --tenant SLUG --accounts 20000 --contacts 50000``.

Writes into the database ``FINSUITE_DATABASE_URL`` names (migrating it first, and creating the
tenant with every app enabled if it is missing), with ``insert_many`` in batches inside
transactions. Deterministic (``Random(42)``); run it again to add more rows.
"""
from __future__ import annotations

import argparse
import random
import time

from core import create_app
from core.crm.models import Account, Contact
from core.db import db
from core.migrations import migrate
from core.models import Tenant, utcnow
from core.provisioning import create_tenant

PREFIXES = ["Northern", "Blue", "Golden", "Atlas", "Summit", "Crystal", "Evergreen", "Silver", "Pioneer",
            "Harbor", "Maple", "Orion", "Société", "Müller", "Nordic", "Red", "Union", "Vertex", "Zenith", "Alpine"]
NOUNS = ["Logistics", "Foods", "Analytics", "Dental", "Energy", "Textiles", "Robotics", "Hotels", "Motors",
         "Pharma", "Media", "Café", "Builders", "Insurance", "Consulting", "Outfitters", "Labs", "Farms"]
SUFFIXES = ["Ltd", "GmbH", "SARL", "Inc", "AG", "LLC", "SA", "Group", "& Co", "BV"]
CITIES = ["Paris", "Lyon", "München", "Berlin", "London", "Seattle", "Austin", "Zürich", "Madrid", "Milano",
          "Montréal", "Osaka", "Oslo", "Porto", "Dublin", "Kraków"]
INDUSTRIES = ["Manufacturing", "Retail", "Software", "Healthcare", "Energy", "Food & Beverage", "Logistics",
              "Finance", "Education", "Hospitality"]
FIRST = ["Amélie", "Jonas", "Sofia", "Liam", "Chloé", "Mateo", "Hanna", "Noah", "Léa", "Oskar", "Priya", "Yuki"]
LAST = ["Dupont", "Schneider", "García", "Johnson", "Lefèvre", "Rossi", "Nakamura", "Novak", "Smith", "Müller"]


def ensure_tenant(registry, slug: str) -> Tenant:
    tenant = Tenant.get_or_none(Tenant.slug == slug)
    if tenant is None:
        tenant = create_tenant(registry, slug, f"Bench {slug}", apps=list(registry.app_names))
    return tenant


def bulk(model, rows: list[dict], batch: int) -> None:
    """``insert_many`` in batches, each in its own transaction (rows as tuples: no per-row dict work)."""
    if not rows:
        return
    fields = [getattr(model, name) for name in rows[0]]
    tuples = [tuple(row.values()) for row in rows]
    for start in range(0, len(tuples), batch):
        with db.atomic():
            model.insert_many(tuples[start:start + batch], fields=fields).execute()


def seed(tenant, accounts: int, contacts: int, batch: int = 1000, rng=None) -> dict[str, float]:
    """Insert ``accounts`` accounts and ``contacts`` contacts (90 % under an account)."""
    rng = rng or random.Random(42)
    now = utcnow()
    started = time.perf_counter()
    first_id = (Account.scoped(tenant).count() or 0) + 1
    rows = [{
        "tenant": tenant.id, "created_at": now, "updated_at": now,
        "name": f"{rng.choice(PREFIXES)} {rng.choice(NOUNS)} {rng.choice(SUFFIXES)} {first_id + i}",
        "city": rng.choice(CITIES), "industry": rng.choice(INDUSTRIES), "country": "",
        "phone": f"+33 1 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "email": f"info{first_id + i}@example.com", "website": "", "street": "", "postal_code": "",
        "description": "",
    } for i in range(accounts)]
    bulk(Account, rows, batch)
    account_ids = [a.id for a in Account.scoped(tenant, Account.id).order_by(Account.id.desc()).limit(accounts)]
    account_secs = time.perf_counter() - started

    started = time.perf_counter()
    rows = [{
        "tenant": tenant.id, "created_at": now, "updated_at": now,
        "first_name": rng.choice(FIRST), "last_name": rng.choice(LAST), "title": "",
        "email": f"contact{i}@example.com", "phone": "",
        "account": rng.choice(account_ids) if account_ids and rng.random() < 0.9 else None,
    } for i in range(contacts)]
    bulk(Contact, rows, batch)
    contact_secs = time.perf_counter() - started
    return {"accounts": accounts, "accounts_secs": account_secs, "contacts": contacts, "contacts_secs": contact_secs}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--accounts", type=int, default=20000)
    parser.add_argument("--contacts", type=int, default=50000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args(argv)
    app = create_app()
    with app.app_context(), db.connection_context():
        registry = app.extensions["finsuite"]
        migrate(registry)
        tenant = ensure_tenant(registry, args.tenant)
        figures = seed(tenant, args.accounts, args.contacts, args.batch)
    print(f"database: {app.config['DATABASE_URL']}  tenant: {tenant.slug}")
    for kind in ("accounts", "contacts"):
        count, secs = figures[kind], figures[f"{kind}_secs"]
        print(f"{kind:>9}: {count:>7} rows in {secs:6.2f} s = {count / secs if secs else 0:,.0f} rows/s")


if __name__ == "__main__":
    main()
