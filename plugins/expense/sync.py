"""How expenses and expense reports reach the Expense application at once (E1, docs/sync.md):
an expense with its customer synced first (Y5), a report with its expenses synced first; the
statuses come back."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core import SyncType, hookimpl, master_sync_types

from .models import UNREPORTED, follow_report
from .modules import REPORTS


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def expense_payload(record, refs) -> dict:
    """The category is the finance application's expense account; the customer is the account
    (or, without one, the contact) as the finance application knows it."""
    if record.account_id:
        customer = refs.finance_id("accounts", record.account_id)
    else:
        customer = refs.finance_id("contacts", record.contact_id)
    return {"date": _iso(record.date), "account_name": record.category, "amount": str(record.amount),
            "tax_amount": str(record.tax), "merchant": record.merchant, "description": record.description,
            "is_billable": bool(record.billable), "customer_id": customer, "project_name": record.project}


def expense_from_remote(record, remote: dict) -> dict:
    """The finance application's status, except "unreported" for an expense of a report here:
    its report reaches the finance application right after it (the report's status follows)."""
    status = remote.get("status") or record.status
    if status == UNREPORTED and record.report_id:
        status = record.status
    return {"status": status}


def report_payload(record, refs) -> dict:
    return {"report_name": record.title, "start_date": _iso(record.start_date), "end_date": _iso(record.end_date),
            "expense_ids": [refs.finance_id("expense/expenses", i) for i in record.expense_ids]}


def report_from_remote(record, remote: dict) -> dict:
    """The report's number and status (its expenses follow in :func:`record_saved`); our total
    is kept (a total computed otherwise is :func:`report_differences`)."""
    status = remote.get("status") or record.status
    return {"number": remote.get("report_number") or remote.get("number") or record.number, "status": status}


def report_differences(record, remote: dict) -> list[str]:
    """The report's total as the finance application computed it, when it is not ours (a failed
    sync shown on the report, never a log line: docs/sync.md "Differences")."""
    try:
        theirs = Decimal(str(remote.get("total")))
    except (InvalidOperation, ValueError):
        return []
    ours = record.total
    if not theirs.is_finite() or ours is None or theirs == ours:
        return []
    return [f"Expense computed a total of {theirs.quantize(ours)}, the CRM {ours}"]


@hookimpl
def register_sync_types():
    """Expenses and reports at once; the CRM customers they name every 2 hours (or first, Y5)."""
    return [SyncType(module="expense/expenses", app="expense", doc_type="expenses", to_payload=expense_payload,
                     apply_remote=expense_from_remote, instant=True, pull=True, delete_remote=True),
            SyncType(module="expense/reports", app="expense", doc_type="expense_reports",
                     to_payload=report_payload, apply_remote=report_from_remote, differences=report_differences,
                     instant=True, pull=True, delete_remote=True),
            *master_sync_types("expense", ("accounts", "contacts"))]


@hookimpl
def record_saved(module, record, user, created, changes):
    """A report's status that came back from the finance application: its expenses follow
    (a user's change already made them follow, in :meth:`Report.save`)."""
    if module is REPORTS and "status" in changes:
        follow_report(record)
