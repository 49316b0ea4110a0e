"""``finsuite new-plugin NAME``: an installable plugin package that loads, keeps the plugin
contract and passes its own tests as generated (docs/plugins.md starts from it)."""
from __future__ import annotations

import importlib.util
import keyword
import re
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


class ScaffoldError(Exception):
    """A name or folder that cannot be used, with the reason."""


def check_name(name: str, taken) -> None:
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"{name!r} is not a plugin name: lower-case letters, digits and _, "
                            "starting with a letter, 2 to 31 characters, not a Python keyword")
    if name in taken:
        raise ScaffoldError(f"{name!r} is taken: a loaded plugin has that name")
    if importlib.util.find_spec(name) is not None:
        raise ScaffoldError(f"{name!r} is taken: an installed Python module has that name")


def new_plugin(name: str, folder: Path, taken=(), api_version: str = "1.0") -> Path:
    """Write the package ``finsuite-<name>`` in ``folder``; returns its directory."""
    check_name(name, taken)
    root = folder / f"finsuite-{name.replace('_', '-')}"
    if root.exists():
        raise ScaffoldError(f"{root} exists already")
    major = int(api_version.split(".")[0])
    label = name.replace("_", " ").title()
    files = {
        "pyproject.toml": PYPROJECT, "README.md": README, f"{name}/__init__.py": PLUGIN,
        "tests/conftest.py": CONFTEST, f"tests/test_{name}.py": TESTS,
    }
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.format(name=name, label=label, dist=root.name, major=major, next=major + 1))
    return root


PYPROJECT = '''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "{label}: a Finsuite plugin."
requires-python = ">=3.11"
dependencies = ["finsuite"]

[project.entry-points."finsuite.plugins"]
{name} = "{name}"

[tool.setuptools]
packages = ["{name}"]
'''

README = '''# {dist}

A Finsuite plugin. Install it beside Finsuite, enable it for an organisation, run its tests:

```sh
pip install -e .
finsuite check-plugin {name}
finsuite enable-app --tenant acme {name}
python -m pytest tests
```

docs/plugins.md in Finsuite walks through what to add next.
'''

PLUGIN = '''"""{label}: entries of an account, in their own tab and on the account's page."""
import peewee

from core import (
    Column, Manifest, Migration, Module, Money, MoneyField, Permission, RecordSchema, RelatedList, Tab,
    TenantModel, can_module, hookimpl, newest_rows, reference, required_text,
)

manifest = Manifest(name="{name}", label="{label}", version="0.1.0", requires="finsuite>={major},<{next}")


class Entry(TenantModel):
    name = peewee.CharField(max_length=100)
    amount = MoneyField(default=0)
    account_id = peewee.IntegerField(null=True)
    date = peewee.DateField(null=True)

    class Meta:
        table_name = "{name}_entry"


class EntrySchema(RecordSchema):
    name = required_text(100, "Name")
    amount = Money(load_default="0.00", metadata={{"label": "Amount"}})
    account_id = reference("Account")


ENTRIES = Module(name="{name}/entries", label="Entries", singular="Entry", model=Entry, schema=EntrySchema,
                 app="{name}", columns=(Column("name", "Name", link=True), Column("amount", "Amount")),
                 search_fields=("name",), sort_fields=("name", "amount"), references={{"account_id": "accounts"}})


@hookimpl
def register_modules():
    return [ENTRIES]


@hookimpl
def register_permissions():
    return [Permission("app.{name}", "Access {label}", "Apps")]


@hookimpl
def register_tabs():
    return [Tab(key="{name}", label="{label}", modules=("{name}/entries",), app="{name}")]


@hookimpl
def register_migrations():
    return [Migration("{name}", "0001_entries", lambda migrator, database: database.create_tables([Entry], safe=True))]


@hookimpl
def related_lists(module, record, user):
    if module.name != "accounts" or not can_module(user, ENTRIES, "view"):
        return None
    rows, total = newest_rows(Entry, record.tenant_id, "account_id", record.id)
    return [RelatedList(key="{name}-entries", label="Entries", module=ENTRIES.name, records=rows,
                        columns=ENTRIES.columns, total=total, can_create=can_module(user, ENTRIES, "create"),
                        new_params={{"account_id": record.id}})]
'''

CONFTEST = '''import pytest


@pytest.fixture(scope="session")
def finsuite_config():
    """The plugin under test is loaded whether or not it is installed."""
    return {{"PLUGINS": ["{name}"]}}
'''

TESTS = '''"""{label}'s own tests, on the fixtures Finsuite ships (core.testing)."""


def test_an_entry_made_through_the_api_is_listed_and_shown_on_its_account(make_tenant, make_user, api_for, client_for):
    tenant = make_tenant(apps=("{name}",))
    user = make_user(tenant)
    api = api_for(user)
    account = api.post("/api/v1/accounts", json={{"name": "Acme"}}).get_json()
    made = api.post("/api/v1/{name}/entries", json={{"name": "First", "amount": "12.50", "account_id": account["id"]}})
    assert made.status_code == 201, made.get_json()
    listed = api.get("/api/v1/{name}/entries").get_json()
    assert [(e["name"], e["amount"]) for e in listed["data"]] == [("First", "12.50")]
    page = client_for(user).get(f"/m/accounts/{{account['id']}}").get_data(as_text=True)
    assert "First" in page


def test_a_bad_entry_is_refused_naming_the_field(make_tenant, make_user, api_for):
    api = api_for(make_user(make_tenant(apps=("{name}",))))
    refused = api.post("/api/v1/{name}/entries", json={{"name": "", "amount": "x"}})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]) >= {{"name", "amount"}}
'''
