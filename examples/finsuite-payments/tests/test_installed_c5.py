"""C5: Payments is a third-party plugin installed with pip: ``finsuite plugins`` lists it with its
origin, an organisation enables it (after Books, which it depends on) and only that one has it, it
keeps the plugin contract (``finsuite check-plugin``), and ``finsuite demo`` gives it data. The
real command, run as a subprocess on a new SQLite database."""
import json
import os
import sqlite3
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

INSTALLED = any(e.name == "payments" for e in entry_points(group="finsuite.plugins"))


@pytest.fixture
def finsuite(tmp_path):
    """``finsuite(*args)``: the command's output, or the test fails; ``finsuite.db`` its database."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FINSUITE_")},
           "FINSUITE_INSTANCE": str(tmp_path / "instance"), "FINSUITE_SECRET_KEY": "payments-test",
           "FINSUITE_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "FINSUITE_DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
           **({} if INSTALLED else {"FINSUITE_PLUGINS": json.dumps(["finsuite_payments"])})}

    def run(*args, fails=False):
        done = subprocess.run([sys.executable, "-m", "core.cli", *args], env=env, capture_output=True, text=True,
                              timeout=180)
        assert (done.returncode != 0) == fails, done.stdout + done.stderr
        return done.stderr if fails else done.stdout
    run.db = tmp_path / "site.db"
    return run


def test_c5_finsuite_lists_the_plugin_and_enables_it_for_one_organisation(finsuite):
    finsuite("init-db")
    finsuite("create-tenant", "acme", "--name", "Acme", "--apps", "books")
    finsuite("create-tenant", "globex", "--name", "Globex", "--apps", "books")
    finsuite("create-tenant", "initech", "--name", "Initech", "--apps", "invoice")
    [row] = [line.split() for line in finsuite("plugins").splitlines() if line.startswith("payments ")]
    assert row == ["payments", "Payments", "0.1.0", "books",
                   *(["finsuite-payments", "0.1.0"] if INSTALLED else ["PLUGINS", "finsuite_payments"])]
    assert finsuite("enable-app", "--tenant", "acme", "payments").strip() == "payments enabled for tenant acme"
    enabled = {slug: [line.split()[-1] for line in finsuite("plugins", "--tenant", slug).splitlines()
                      if line.startswith("payments ")] for slug in ("acme", "globex")}
    assert enabled == {"acme": ["yes"], "globex": ["no"]}
    assert "Payments needs books enabled first" in finsuite("enable-app", "--tenant", "initech", "payments", fails=True)
    assert finsuite("check-plugin", "payments").strip() == "payments: no problems"


def test_c5_the_demo_pays_some_of_its_invoices_in_books(finsuite):
    finsuite("demo", "--no-serve")
    with sqlite3.connect(finsuite.db) as db:
        rows = db.execute("SELECT p.number, p.amount, i.status, i.total, i.balance FROM payments_payment p "
                          "JOIN payments_applied a ON a.payment_id = p.id JOIN books_invoice i ON i.id = a.invoice_id "
                          "ORDER BY p.id").fetchall()  # amounts in cents (SQLite)
        unsent = db.execute("SELECT count(*) FROM sync_outbox WHERE module = 'payments/payments' AND state != 'done'")
        assert unsent.fetchone() == (0,)
    assert len(rows) == 3 and all(number.startswith("PAY-") for number, *_ in rows)  # numbered by Books
    assert rows[0][2:] == ("paid", rows[0][1], 0)  # the first paid in full, the others in part at least
    assert all(status in ("partially_paid", "overdue", "paid") and balance <= total - amount
               for _, amount, status, total, balance in rows[1:])
