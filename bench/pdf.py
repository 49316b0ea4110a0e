"""Time to print a Books invoice: ``python -m bench.pdf [--runs 30] [--lines 20,300]``.

Creates (in the database ``FINSUITE_DATABASE_URL`` names, a new SQLite file by default) a tenant
with Books, a customer with a non-ASCII name and, per ``--lines`` value, an invoice with that
many lines; then renders each with ``core.render_pdf`` (template, xhtml2pdf, font) ``--runs``
times after ``--warmup`` runs and prints the median and minimum in ms, the pages and the size.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time

from core import create_app, create_record, render_pdf
from core.crm.models import Account
from core.db import db
from core.migrations import migrate
from core.provisioning import create_tenant, create_user

TARGETS_MS = {20: 120.0, 300: 2000.0}


def make_invoice(registry, tenant, user, account, lines: int):
    module = registry.modules["books/invoices"]
    items = [{"name": f"Zoë’s façade kit {i:03d}", "description": f"Pièce détachée n° {i}",
              "quantity": str(1 + i % 7), "rate": f"{10 + i * 1.37:.2f}", "discount_percent": str(i % 3 * 5),
              "tax_percent": "20"} for i in range(1, lines + 1)]
    return module, create_record(module, tenant, user, {
        "account_id": account.id, "date": "2026-11-28", "due_date": "2026-12-28", "reference": "PO-42",
        "notes": "Merci ! Payable à 30 jours.", "line_items": items})


def measure(module, record, runs: int, warmup: int) -> tuple[list[float], bytes]:
    for _ in range(warmup):
        pdf = render_pdf(module, record)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        pdf = render_pdf(module, record)
        times.append((time.perf_counter() - started) * 1000)
    return times, pdf


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--lines", default="20,300", help="comma-separated line counts")
    args = parser.parse_args()
    url = os.environ.get("FINSUITE_DATABASE_URL") or "sqlite:///" + os.path.join(tempfile.mkdtemp(), "pdf.db")
    app = create_app({"DATABASE_URL": url})
    registry = app.extensions["finsuite"]
    with app.test_request_context(), db.connection_context():
        migrate(registry)
        slug = f"pdf{os.getpid()}-{int(time.time())}"
        tenant = create_tenant(registry, slug, "Ærøskøbing Trading ApS", apps=["books"])
        tenant.address = "Vestergade 1\n5970 Ærøskøbing\nDanmark"
        tenant.save()
        user = create_user(tenant, f"{slug}@bench.test", "bench-password", profile="Administrator")
        account = Account.create(tenant=tenant, name="Société Łódź Ğıda", street="ul. Piotrkowska 1",
                                 city="Łódź", postal_code="90-001", country="Polska")
        for count in (int(n) for n in args.lines.split(",")):
            module, record = make_invoice(registry, tenant, user, account, count)
            times, pdf = measure(module, record, args.runs, args.warmup)
            median = statistics.median(times)
            target = TARGETS_MS.get(count)
            verdict = "" if target is None else (" ok" if median < target else " MISSED")
            print(f"invoice, {count} lines: median {median:.1f} ms (min {min(times):.1f}), "
                  f"{pages(pdf)} page(s), {len(pdf) // 1024} KiB, total {record.total}"
                  + (f"; target < {target:.0f} ms{verdict}" if target else ""))


if __name__ == "__main__":
    main()
