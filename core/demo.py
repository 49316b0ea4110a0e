"""Believable demo data for ``finsuite demo``: accounts, contacts, vendors, deals, products.

Everything is written through :func:`core.records.create_record`, so validation, the audit
log and the signals (outbox ...) run exactly as for a user. Deterministic: ``Random(42)``.
"""
from __future__ import annotations

import datetime as dt
import random
import unicodedata
from decimal import Decimal

from .crm.models import DEAL_STAGES
from .models import Tenant
from .provisioning import create_tenant, create_user
from .records import create_record

ADMIN_EMAIL = "admin@demo.finsuite.test"
SALES_EMAIL = "sales@demo.finsuite.test"
PASSWORD = "finsuite-demo"
SENDER = "billing@demo.finsuite.test"  # the From of the demo's e-mail (caught, never delivered)

# (name, industry, city, postal code, country, phone prefix)
ACCOUNTS = [
    ("Société Générale Café", "Food & Beverage", "Lyon", "69002", "France", "+33 4"),
    ("Müller GmbH", "Manufacturing", "München", "80331", "Germany", "+49 89"),
    ("Northwind Traders", "Wholesale", "Seattle", "98101", "United States", "+1 206"),
    ("Blue Harbor Logistics", "Transportation", "Rotterdam", "3011", "Netherlands", "+31 10"),
    ("Atelier Lumière", "Design", "Paris", "75011", "France", "+33 1"),
    ("Grupo Solano", "Construction", "Sevilla", "41001", "Spain", "+34 954"),
    ("Keystone Dental Clinics", "Healthcare", "Philadelphia", "19103", "United States", "+1 215"),
    ("Fjordlight Energy", "Energy", "Bergen", "5003", "Norway", "+47 55"),
    ("Brightwater Analytics", "Software", "Austin", "78701", "United States", "+1 512"),
    ("Crème & Co Pâtisserie", "Food & Beverage", "Bruxelles", "1000", "Belgium", "+32 2"),
    ("Oakridge Property Group", "Real Estate", "Denver", "80202", "United States", "+1 303"),
    ("Tanaka Precision", "Manufacturing", "Osaka", "530-0001", "Japan", "+81 6"),
    ("Vela Marine Supplies", "Retail", "Genova", "16121", "Italy", "+39 010"),
    ("Zürcher Versicherungen AG", "Insurance", "Zürich", "8001", "Switzerland", "+41 44"),
    ("Redwood Learning", "Education", "Portland", "97204", "United States", "+1 503"),
    ("Hollis & Graves LLP", "Legal", "London", "EC2A 4NE", "United Kingdom", "+44 20"),
    ("Copperleaf Hotels", "Hospitality", "Edinburgh", "EH1 1YZ", "United Kingdom", "+44 131"),
    ("Sørensen Møbler", "Retail", "København", "1120", "Denmark", "+45 33"),
    ("Pinecrest Veterinary", "Healthcare", "Calgary", "T2P 1J9", "Canada", "+1 403"),
    ("Łódź Textile Works", "Manufacturing", "Łódź", "90-001", "Poland", "+48 42"),
    ("Summit Outdoor Gear", "Retail", "Boulder", "80302", "United States", "+1 303"),
    ("Quantum Leap Robotics", "Software", "Montréal", "H2Y 1C6", "Canada", "+1 514"),
    ("Saffron Kitchen Group", "Food & Beverage", "Manchester", "M1 1AE", "United Kingdom", "+44 161"),
    ("Verde Agro Cooperativa", "Agriculture", "Porto", "4050-001", "Portugal", "+351 22"),
    ("Helios Solar Systems", "Energy", "Marseille", "13001", "France", "+33 4"),
]

FIRST_NAMES = ["Amélie", "Jonas", "Sofia", "Liam", "Chloé", "Mateo", "Hanna", "Noah", "Léa", "Oskar",
               "Isabel", "Ethan", "Zoë", "Lukas", "Marta", "Yuki", "Priya", "Olivier", "Ingrid", "Tomás",
               "Grace", "Björn", "Nadia", "Samuel", "Elif", "Hugo", "Aisha", "Daniel", "Freya", "Rafael"]
LAST_NAMES = ["Dupont", "Schneider", "García", "Johnson", "Lefèvre", "Rossi", "Nakamura", "Novak", "Smith",
              "Andersen", "Müller", "O'Brien", "Kowalski", "Bernard", "Silva", "Fischer", "Martin", "Patel",
              "Dubois", "Eriksson", "Brown", "Moreau", "Costa", "Wagner", "Lambert", "Jensen", "Taylor",
              "Ramírez", "Weber", "Fontaine"]
TITLES = ["CEO", "CFO", "Head of Purchasing", "Operations Manager", "Accountant", "IT Director",
          "Office Manager", "Sales Director", "Procurement Officer", "Founder"]

VENDORS = [
    ("Papeterie Martin SARL", "Paris", "France"), ("Acme Office Supply", "Chicago", "United States"),
    ("Kühne Spedition", "Hamburg", "Germany"), ("Brightline Printing", "Leeds", "United Kingdom"),
    ("CloudNine Hosting", "Dublin", "Ireland"), ("Café Pérez Importadores", "Valencia", "Spain"),
    ("Nordic Packaging AB", "Göteborg", "Sweden"), ("Evergreen Facility Services", "Toronto", "Canada"),
]

# (name, code, unit price, tax rate %)
PRODUCTS = [
    ("Consulting day", "SRV-CONS-01", "850.00", "20"), ("Implementation package", "SRV-IMPL-01", "4500.00", "20"),
    ("Annual support plan", "SRV-SUPP-12", "1200.00", "20"), ("Training session (half day)", "SRV-TRN-05", "390.00", "20"),
    ("Espresso machine Pro 2", "HW-ESP-002", "1899.00", "20"), ("Barista grinder", "HW-GRN-010", "649.50", "20"),
    ("Thermal receipt printer", "HW-PRN-100", "229.99", "20"), ("POS terminal", "HW-POS-200", "749.00", "20"),
    ("Barcode scanner", "HW-SCN-050", "119.90", "20"), ("Label roll (pack of 12)", "SUP-LBL-012", "24.60", "5.5"),
    ("Coffee beans, house blend 1 kg", "FD-COF-001", "18.40", "5.5"), ("Organic tea assortment", "FD-TEA-020", "12.75", "5.5"),
    ("Ergonomic office chair", "FUR-CHR-300", "329.00", "20"), ("Standing desk 160 cm", "FUR-DSK-160", "689.00", "20"),
    ("Cloud storage 1 TB / year", "SW-CLD-1TB", "99.00", "20"), ("CRM seat / month", "SW-CRM-SEAT", "29.00", "20"),
    ("Accounting add-on / month", "SW-ACC-ADD", "15.00", "20"), ("Safety gloves (box of 50)", "SUP-GLV-050", "8.90", "20"),
    ("Shipping pallet", "LOG-PAL-001", "14.50", "20"), ("Express delivery", "LOG-EXP-001", "35.00", "0"),
]

DEAL_KINDS = ["Renewal", "Expansion", "New equipment", "Pilot project", "Support upgrade", "Fit-out",
              "Annual contract", "Training programme", "Cloud migration", "Seasonal order"]


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _phone(rng: random.Random, prefix: str) -> str:
    return f"{prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def load_demo(registry, tenant, users) -> dict[str, list]:
    """Create the demo records in ``tenant``; ``users`` (the first is the admin) author them.

    Returns the records created, per module name.
    """
    rng = random.Random(42)
    modules = registry.modules
    author = users[0]
    made: dict[str, list] = {"accounts": [], "contacts": [], "vendors": [], "deals": [], "products": []}

    def create(module, data, user=None):
        record = create_record(modules[module], tenant, user or author, data)
        made.setdefault(module, []).append(record)
        return record

    for i, (name, industry, city, postal, country, prefix) in enumerate(ACCOUNTS):
        domain = _ascii("".join(name.split()[:2]))[:20] + ".example"
        create("accounts", {
            "name": name, "industry": industry, "city": city, "postal_code": postal, "country": country,
            "phone": _phone(rng, prefix), "website": f"https://www.{domain}", "email": f"info@{domain}",
            "street": f"{rng.randint(1, 180)} {rng.choice(['Market Street', 'Rue de la Paix', 'Hauptstraße', 'Harbour Road', 'Avenue des Arts'])}",
            "description": f"{industry} customer since {2015 + i % 9}.",
        }, users[i % len(users)])

    accounts = made["accounts"]
    for i in range(60):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        account = accounts[i % len(accounts)] if i % 10 != 9 else None  # most under an account
        domain = account.email.split("@")[1] if account is not None else "mail.example"
        create("contacts", {
            "first_name": first, "last_name": last, "title": rng.choice(TITLES),
            "email": f"{_ascii(first)}.{_ascii(last)}{i}@{domain}",
            "phone": _phone(rng, "+33 6" if account is None else account.phone.rsplit(" ", 2)[0]),
            "account_id": account.id if account is not None else None,
        }, users[i % len(users)])

    for name, city, country in VENDORS:
        domain = _ascii(name)[:18] + ".example"
        create("vendors", {"name": name, "city": city, "country": country, "email": f"orders@{domain}",
                           "phone": _phone(rng, "+1 800"), "website": f"https://{domain}"})

    for name, code, price, rate in PRODUCTS:
        create("products", {"name": name, "code": code, "unit_price": price, "tax_rate": rate,
                            "description": f"{name}. Code {code}."})

    today = dt.date.today()
    contacts_by_account: dict[int, list] = {}
    for contact in made["contacts"]:
        if contact.account_id:
            contacts_by_account.setdefault(contact.account_id, []).append(contact)
    for i in range(30):
        account = accounts[rng.randrange(len(accounts))]
        contact = rng.choice(contacts_by_account.get(account.id) or [None])
        stage = DEAL_STAGES[i % len(DEAL_STAGES)]
        closed = stage.startswith("Closed")
        offset = -rng.randint(5, 120) if closed else rng.randint(7, 150)
        amount = Decimal(rng.randint(12, 950) * 100) + Decimal(rng.choice(["0", "0.50", "99"]))
        create("deals", {
            "name": f"{account.name} – {DEAL_KINDS[i % len(DEAL_KINDS)]}", "stage": stage,
            "account_id": account.id, "contact_id": contact.id if contact is not None else None,
            "amount": str(amount.quantize(Decimal("0.01"))),
            "closing_date": (today + dt.timedelta(days=offset)).isoformat(),
        }, users[i % len(users)])
    from .tenancy import enabled_apps
    for name in registry.dependency_order([*registry.core_names, *enabled_apps(tenant)]):  # the apps' own data
        registry.call_plugin(name, "demo_records", tenant=tenant, records=made, users=users)
    return made


def ensure_demo(registry, slug: str = "demo") -> bool:
    """Create the demo tenant, its two users and data unless ``slug`` exists. True if created.

    Needs an app context and an open, migrated database.
    """
    if Tenant.select().where(Tenant.slug == slug).exists():
        return False
    from .db import db
    with db.atomic():
        tenant = create_tenant(registry, slug, "Demo Company", currency="USD", locale="en_US",
                               apps=list(registry.app_names))
        admin = create_user(tenant, ADMIN_EMAIL, PASSWORD, profile="Administrator", name="Ada Admin")
        sales = create_user(tenant, SALES_EMAIL, PASSWORD, profile="Standard", name="Sam Sales")
        load_demo(registry, tenant, [admin, sales])
        _demo_letterhead(tenant, admin)
    sync_demo(registry, tenant)
    return True


def _demo_letterhead(tenant, admin) -> None:
    """Setup > Organisation as a real company fills it: what heads the demo's PDFs."""
    import io

    from PIL import Image, ImageDraw
    from werkzeug.datastructures import FileStorage

    from .organisation import save_profile
    logo = Image.new("RGB", (420, 120), "white")
    draw = ImageDraw.Draw(logo)
    draw.rounded_rectangle((8, 8, 112, 112), radius=22, fill="#2457d6")
    draw.rectangle((42, 30, 54, 90), fill="white")
    draw.rectangle((42, 30, 82, 42), fill="white")
    draw.rectangle((42, 55, 76, 66), fill="white")
    draw.text((130, 40), "DEMO COMPANY", fill="#17213a", font_size=30)
    png = io.BytesIO()
    logo.save(png, "PNG")
    png.seek(0)
    save_profile(tenant, admin, {
        "legal_name": "Demo Company Inc.", "street": "500 Market Street\nSuite 210", "postal_code": "94105",
        "city": "San Francisco, CA", "country": "United States", "tax_id": "EIN 12-3456789",
        "email": "billing@demo.finsuite.test", "phone": "+1 415 555 0142"},
        logo=FileStorage(stream=png, filename="demo-logo.png", content_type="image/png"))


def sync_demo(registry, tenant) -> None:
    """Send the demo's customers, vendors and products to the embedded finance application,
    add what exists only there (payments, bills, stock, shipments), and pull it back, so the
    finance strips and sections show real figures from the first page."""
    from .finance.local.demo import load_finance_demo
    from .sync.connections import get_connection
    from .sync.jobs import PUSH_JOBS, pull, start_push
    from .sync.worker import drain
    for job in PUSH_JOBS:
        start_push(registry, tenant, job)
    drain(registry)
    organisations = {get_connection(tenant, app).organization_id for app in registry.app_names}
    for organisation in sorted(organisations):
        load_finance_demo(organisation)
    pull(registry, tenant)


__all__ = ["ADMIN_EMAIL", "PASSWORD", "SALES_EMAIL", "SENDER", "ensure_demo", "load_demo", "sync_demo"]
