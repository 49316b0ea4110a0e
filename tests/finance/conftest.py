"""Fixtures of the embedded finance application's tests: no CRM app. The finance database is
a temporary SQLite file, or with ``FINSUITE_TEST_DATABASE_URL`` that PostgreSQL database's
schema ``finance`` (dropped and recreated at session start). Each test gets fresh
organisations, so tests never see each other's rows."""
from __future__ import annotations

import itertools
import os
import uuid

import peewee
import pytest

from core.finance.local import db as fdb
from core.finance.local.models import FINANCE_TABLES
from core.finance.local.service import LocalFinance

_orgs = itertools.count(1)
RUN = uuid.uuid4().hex[:6]


def _schema_of(database):
    return fdb.SCHEMA if isinstance(database, peewee.PostgresqlDatabase) else None


@pytest.fixture(scope="session")
def finance_database(tmp_path_factory):
    url = os.environ.get("FINSUITE_TEST_DATABASE_URL")
    if url:
        database = fdb.make_database(url)
        database.connect()
        database.execute_sql(f"DROP SCHEMA IF EXISTS {fdb.SCHEMA} CASCADE")
        database.close()
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("finance") / "finance.db")
    previous = fdb.finance_db.obj
    database = fdb.bind_finance(url)
    with database.connection_context():
        fdb.init_finance_db()
    yield database
    _use(previous)


def _use(database):
    fdb.finance_db.initialize(database)
    for model in FINANCE_TABLES:
        model._meta.schema = _schema_of(database) if database is not None else None


@pytest.fixture(autouse=True)
def finance_bound(finance_database):
    """The finance proxy points at the test database for the test (and back after)."""
    previous, schema = fdb.finance_db.obj, FINANCE_TABLES[0]._meta.schema
    _use(finance_database)
    yield finance_database
    if not fdb.finance_db.is_closed():
        fdb.finance_db.close()
    fdb.finance_db.initialize(previous)
    for model in FINANCE_TABLES:
        model._meta.schema = schema


def new_org(label: str = "org") -> str:
    return f"{label}-{RUN}-{os.getpid()}-{next(_orgs)}"


@pytest.fixture
def fin() -> LocalFinance:
    return LocalFinance(new_org())


@pytest.fixture
def make_fin():
    return lambda label="org": LocalFinance(new_org(label))


def customer(fin, name="Acme Corp", crm_id=None, **extra):
    return fin.create("contacts", {"contact_name": name, "contact_type": "customer",
                                   "crm_id": crm_id or f"accounts:{uuid.uuid4().hex[:8]}", **extra})


def vendor(fin, name="Parts Ltd", crm_id=None):
    return fin.create("contacts", {"contact_name": name, "contact_type": "vendor",
                                   "crm_id": crm_id or f"vendors:{uuid.uuid4().hex[:8]}"})


def item(fin, name="Widget", rate="10.00", crm_id=None, **extra):
    return fin.create("items", {"name": name, "rate": rate,
                                "crm_id": crm_id or f"products:{uuid.uuid4().hex[:8]}", **extra})


def document(fin, doc_type, party, lines, crm_id=None, **extra):
    field = "vendor_id" if doc_type == "purchaseorders" else "customer_id"
    return fin.create(doc_type, {field: party["id"], "line_items": lines,
                                 "crm_id": crm_id or f"{doc_type}:{uuid.uuid4().hex[:8]}", **extra})
