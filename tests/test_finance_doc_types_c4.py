"""C4: a plugin declares a kind of record of the embedded finance application
(``register_finance_doc_types``): its own table there, numbering, allowed moves, refusals and
deletion, synced from the CRM as the built-in kinds are (tests/fake_plugins/vouchers.py)."""
from __future__ import annotations

import pytest

from core.actions import run_action
from core.crm.models import Account
from core.finance.base import RejectedError
from core.finance.local import finance_db
from core.finance.local.service import LocalFinance
from core.records import create_record, delete_record, dump, update_record
from core.sync.models import SyncOutbox
from core.sync.worker import drain
from tests.sync_helpers import app_with, finance_records, new_tenant, quiet_registry


@pytest.fixture(scope="module")
def vouchers_app(app, database_url):
    return app_with(database_url, "tests.fake_plugins.vouchers")


@pytest.fixture
def vouchers(vouchers_app):
    yield from quiet_registry(vouchers_app)


def _voucher(registry, amount="50.00"):
    tenant, user = new_tenant(registry, apps=("vouchers",))
    account = Account.create(tenant=tenant, name="Gift Shop Ltd")
    module = registry.modules["vouchers/vouchers"]
    return tenant, user, module, create_record(module, tenant, user, {"account_id": account.id, "amount": amount})


def test_hook_register_finance_doc_types(vouchers):
    """The plugin's kind sits beside the built-in ones, which are declared the same way; its
    table is made in the finance database at start-up."""
    kinds = vouchers.finance_doc_types
    assert {"vouchers", "invoices", "payments", "packages", "contacts"} <= set(kinds)
    assert kinds["vouchers"].label == "Voucher" and kinds["payments"].write is not None
    assert kinds["packages"].write is None  # made by the finance application only
    assert "fin_vouchers_voucher" in finance_db.get_tables(schema="finance" if finance_db.obj.__class__.__name__
                                                         .startswith("Postgres") else None)


def test_c4_a_plugin_kind_syncs_numbered_and_comes_back_to_the_crm(vouchers):
    tenant, user, module, voucher = _voucher(vouchers)
    assert drain(vouchers) == 2  # the voucher, then its customer read back (refreshes)
    [remote] = finance_records(tenant, "vouchers")
    assert remote["voucher_number"] == "GV-000001" and remote["amount"] == "50.00"
    [customer] = finance_records(tenant, "contacts")
    assert remote["customer_id"] == customer["id"] and remote["crm_id"] == f"vouchers/vouchers:{voucher.id}"
    data = dump(module, module.model.get_by_id(voucher.id))
    assert data["number"] == "GV-000001" and data["sync_status"] == "synced"


def test_c4_its_moves_run_there_and_a_move_it_does_not_allow_is_refused(vouchers):
    tenant, user, module, voucher = _voucher(vouchers)
    drain(vouchers)
    run_action(vouchers.relay(["vouchers"]), module, tenant, user, voucher, "redeem")
    drain(vouchers)
    [remote] = finance_records(tenant, "vouchers")
    assert remote["status"] == "redeemed"
    finance = LocalFinance(tenant.slug)
    with pytest.raises(RejectedError, match="Voucher is redeemed: cancel is only possible when it is issued"):
        finance.action("vouchers", remote["id"], "cancel")
    with pytest.raises(RejectedError, match="Unknown action 'void' for vouchers"):
        finance.action("vouchers", remote["id"], "void")


def test_c4_its_refusals_show_on_the_crm_record(vouchers):
    """A change the kind's ``write`` refuses fails the record's sync, with the message."""
    tenant, user, module, voucher = _voucher(vouchers)
    drain(vouchers)
    run_action(vouchers.relay(["vouchers"]), module, tenant, user, voucher, "redeem")
    drain(vouchers)
    update_record(module, tenant, user, module.model.get_by_id(voucher.id), {"amount": "60.00"})
    drain(vouchers)
    data = dump(module, module.model.get_by_id(voucher.id))
    assert data["sync_status"] == "failed" and "GV-000001 is redeemed: it can no longer be changed" in data["sync_error"]
    [remote] = finance_records(tenant, "vouchers")
    assert remote["amount"] == "50.00"


def test_c4_deleting_follows_the_kind_rules(vouchers):
    tenant, user, module, voucher = _voucher(vouchers)
    other = create_record(module, tenant, user, {"account_id": voucher.account_id, "amount": "20.00"})
    drain(vouchers)
    delete_record(module, tenant, user, module.model.get_by_id(other.id))
    drain(vouchers)
    assert [r["amount"] for r in finance_records(tenant, "vouchers")] == ["50.00"]
    [remote] = finance_records(tenant, "vouchers")
    finance = LocalFinance(tenant.slug)
    finance.action("vouchers", remote["id"], "redeem")
    with pytest.raises(RejectedError, match="has been redeemed: it cannot be deleted"):
        finance.delete("vouchers", remote["id"])


def test_c4_what_only_the_finance_application_makes_is_refused_from_outside(vouchers):
    tenant, _, _, _ = _voucher(vouchers)
    finance = LocalFinance(tenant.slug)
    with pytest.raises(RejectedError, match="packages are made by the finance application, not created"):
        finance.create("packages", {"crm_id": "x:1", "salesorder_id": "1"})
    with pytest.raises(RejectedError, match="Unknown document type 'coupons'"):
        finance.create("coupons", {"crm_id": "x:1"})
    with pytest.raises(RejectedError, match="contacts cannot be deleted"):
        finance.delete("contacts", "1")


def test_c4_what_a_push_or_a_delete_changed_there_is_read_back(vouchers):
    """``SyncType.refreshes``: after the voucher's push, and after its deletion there, its
    customer is read back from the finance application (a refresh row behind its own changes)."""
    tenant, user, module, voucher = _voucher(vouchers)
    drain(vouchers)
    def refreshed():
        return [(r.module, r.record_id, r.state) for r in SyncOutbox.select().where(
            (SyncOutbox.tenant == tenant) & (SyncOutbox.operation == "refresh")).order_by(SyncOutbox.id)]
    assert refreshed() == [("accounts", voucher.account_id, "done")]
    delete_record(module, tenant, user, module.model.get_by_id(voucher.id))
    drain(vouchers)
    assert finance_records(tenant, "vouchers") == []
    assert refreshed() == [("accounts", voucher.account_id, "done")] * 2
