"""The embedded finance application's built-in kinds of records, declared as any plugin's are
(:class:`core.FinanceDocType`, hook ``register_finance_doc_types`` of the core's ``sync``
plugin): contacts, items, the documents, expenses and their reports, subscriptions, and the
records only the finance application makes (payments applied to invoices, packages, bills)."""
from __future__ import annotations

from ...i18n import N_
from ...declarations import FinanceDocType
from . import ops
from . import records as r
from . import removal
from .documents import ACTIONS, DOCS, document_dict, invoice_status
from .ledger import line_item_ids, recalc_contacts, recalc_items, today_utc
from .models import Contact, Document, Expense, ExpenseReport, Item, Package, Payment, PaymentApplication, Subscription
from .payments import delete_payment, payment_dict, unassociate, write_payment
from .writing import write_contact, write_expense, write_item, write_document, write_subscription

CONTACT_FIGURES = ("outstanding_receivable_amount", "outstanding_payable_amount", "overdue_receivable_amount",
                   "open_salesorder_quantity")
ITEM_FIGURES = ("stock_on_hand", "committed_stock", "available_stock")


def _document_kind(name: str) -> FinanceDocType:
    spec = DOCS[name]
    return FinanceDocType(
        name=name, label=spec.label, model=Document, to_dict=document_dict,
        write=None if name == "bills" else (lambda org, row, payload, creating: write_document(
            org, name, row, payload, creating)),
        series=spec.series, moves=ACTIONS.get(name, {}), after_move=_after_document_move,
        actions={"convert_to_invoice": _convert} if name == "estimates" else {},
        delete=removal.delete_document,
        scope=lambda: Document.doc_type == name, dated=name in ("invoices", "estimates", "bills"))


def _after_document_move(org: str, doc: Document) -> None:
    if doc.doc_type == "invoices":
        doc.status = invoice_status(doc, today_utc())
        if doc.status == "void":
            unassociate(doc)
        doc.save()
        recalc_contacts([doc.contact_id])
    elif doc.doc_type == "salesorders":
        recalc_items(line_item_ids(doc.id))
        recalc_contacts([doc.contact_id])


def _convert(org: str, estimate: Document) -> None:
    ops.convert_estimate(org, estimate.id)


def _after_report_move(org: str, report: ExpenseReport) -> None:
    Expense.update(last_modified_time=report.last_modified_time).where(Expense.report_id == report.id).execute()


def _after_subscription_move(org: str, sub: Subscription) -> None:
    if sub.status == "cancelled":
        sub.next_billing_at = None
        sub.save()


def _expense_dict(expense: Expense) -> dict:
    report = ExpenseReport.get_or_none(ExpenseReport.id == expense.report_id) if expense.report_id else None
    return r.expense_dict(expense, report)


def builtin_doc_types() -> list[FinanceDocType]:
    return [
        FinanceDocType("contacts", N_("Contact"), Contact, r.contact_dict, write_contact, dated=True,
                       figures=CONTACT_FIGURES),
        FinanceDocType("items", N_("Item"), Item, r.item_dict, write_item, figures=ITEM_FIGURES),
        *(_document_kind(name) for name in DOCS),
        FinanceDocType("expenses", N_("Expense"), Expense, _expense_dict, write_expense, delete=removal.delete_expense),
        FinanceDocType("expense_reports", N_("Expense report"), ExpenseReport, r.report_dict, r.write_report,
                       series="ER", moves=ACTIONS["expense_reports"], after_move=_after_report_move,
                       delete=removal.delete_report),
        FinanceDocType("subscriptions", N_("Subscription"), Subscription, r.subscription_dict, write_subscription,
                       series="SUB", moves=ACTIONS["subscriptions"], after_move=_after_subscription_move,
                       delete=removal.delete_subscription),
        FinanceDocType("payments", N_("Payment"), Payment, payment_dict, write_payment, series="PAY",
                       delete=delete_payment, tables=(PaymentApplication,), figures=("amount", "unused_amount")),
        FinanceDocType("packages", N_("Package"), Package, ops.package_dict, figures=("status",)),
    ]
