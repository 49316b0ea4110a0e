"""The documents behind a strip's figure (issue 17, item 6): an account's receivables are its
unpaid invoices, Books' own and those the finance application bills for a subscription alike;
its payables are the bills only the finance application holds. What a :class:`FigureDocuments`
names is read here, for the page "Documents behind this figure" (``core/web/figure_views.py``):

- the CRM's copies: the records of every module syncing the figure's ``doc_type`` to the same
  finance organisation as the figure's app (``books/invoices``, ``subscriptions/invoices``), of
  the modules the user may open, selected as their list page would (:func:`source_params`);
- the documents only the finance application holds, when its connector can list a customer's
  documents (``party_documents``, the embedded application's): those no CRM record copies.

Each is read for the page's tenant only; a document of a module the user may not open is left
out, and the page says so."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from peewee import fn

from .declarations import FigureDocuments, Module
from .finance.base import FinanceError
from .finance.local.ledger import CONTACT_FIGURES
from .models import money_sum
from .permissions import can_module
from .record_lists import filter_conditions
from .reports.filters import filters_from_query
from .sync.connections import get_connection, service_for
from .sync.models import SyncMapping
from .sync.remote import finance_record, remote_date, remote_decimal

#: documents read per module (the sum covers them all; the page says when more are left out)
LIMIT = 500
#: a finance document's field naming the document it came from -> that document's doc_type
ORIGINS = {"subscription_id": "subscriptions", "purchaseorder_id": "purchaseorders", "estimate_id": "estimates"}


def figure_documents(app: str, figure: str, title: str = "") -> FigureDocuments:
    """The documents behind one of a customer's figures as ``app``'s finance application reports
    it (``outstanding_receivable_amount``: unpaid invoices, ``overdue_receivable_amount``: overdue
    ones, ``outstanding_payable_amount``: unpaid bills): a :class:`core.StripItem`'s ``link``."""
    doc_type, statuses = CONTACT_FIGURES[figure]
    return FigureDocuments(app, doc_type, tuple(statuses), title)


def party_filters(parent: str, record_id: int, module: Module) -> dict | None:
    """The list query selecting ``module``'s documents whose customer or vendor in the finance
    application is the record ``record_id`` of ``parent``, or ``None`` when none can be. A
    document is billed to its contact when it has one, else to its account (as
    :class:`core.DocumentSync` and a subscription's invoices send it); a vendor's names it."""
    refs = module.references
    if parent == "vendors" or "vendor_id" in refs:
        return {"vendor_id": record_id} if parent == "vendors" and "vendor_id" in refs else None
    if parent == "contacts" and "contact_id" in refs:
        return {"contact_id": record_id}
    if parent == "accounts" and "account_id" in refs:
        return {"account_id": record_id, **({"contact_id__empty": "1"} if "contact_id" in refs else {})}
    return None


def source_params(figure: FigureDocuments, parent: str, record_id: int, module: Module) -> dict | None:
    """The list page's query (``/m/<module>/?...``) of ``module``'s documents behind ``figure``."""
    party = party_filters(parent, record_id, module)
    if party is None:
        return None
    return {**party, "status__in": ",".join(figure.statuses)}


def source_modules(registry, tenant, apps, figure: FigureDocuments) -> list[Module]:
    """The modules holding the CRM's copies of the figure's documents: those syncing its
    ``doc_type`` with an app the tenant enabled, to the figure's app's finance organisation."""
    organisation = get_connection(tenant, figure.app).org_key
    found = []
    for sync_type in registry.sync_types.values():
        module = registry.modules.get(sync_type.module)
        if (sync_type.doc_type != figure.doc_type or module is None or sync_type.app not in apps
                or module in found or figure.amount not in module.model._meta.fields):
            continue
        if get_connection(tenant, sync_type.app).org_key == organisation:
            found.append(module)
    return found


@dataclass
class Row:
    """One document behind a figure. ``module``/``record``: its CRM record, ``None`` for one only
    the finance application holds; ``origin``: ``(module, record)`` of the CRM record it came
    from (a bill's purchase order, an invoice's subscription), when there is one."""

    kind: str
    number: str
    date: object
    due_date: object
    status: str
    total: Decimal | None
    balance: Decimal
    module: Module | None = None
    record: object = None
    origin: tuple | None = None


@dataclass
class Listing:
    """What the page shows: the rows (by due date), their sum, each module's list of them
    (``(module, params, count)``), and what is left out."""

    rows: list[Row] = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    lists: list[tuple] = field(default_factory=list)
    #: some documents are in modules the user may not open (not listed, not summed)
    hidden: bool = False
    #: more documents than a page reads (summed, not all listed)
    more: bool = False
    #: why the finance application's own documents could not be read, or ``None``
    finance_error: str | None = None
    #: the finance application's connector cannot list a customer's documents
    unlisted: bool = False


def visible(module: Module, apps, user) -> bool:
    """The user may open the module's records: its app is enabled, its view permission granted."""
    return (module.app is None or module.app in apps) and can_module(user, module, "view")


def _crm_rows(module: Module, tenant, params: dict, amount: str, listing: Listing) -> None:
    model = module.model
    where = filter_conditions(module, filters_from_query(params))
    count, total = model.scoped(tenant, fn.COUNT(model.id), money_sum(getattr(model, amount))).where(
        *where).tuples().get()
    due = next((getattr(model, name) for name in ("due_date", "date") if name in model._meta.fields), model.id)
    records = list(model.scoped(tenant).where(*where).order_by(due, model.id).limit(LIMIT))
    listing.more = listing.more or count > len(records)
    listing.total += total or Decimal("0.00")
    listing.lists.append((module, params, count))
    listing.rows += [Row(str(module.singular), getattr(r, "number", "") or "", getattr(r, "date", None),
                         getattr(r, "due_date", None), getattr(r, "status", ""), getattr(r, "total", None),
                         getattr(r, amount) or Decimal("0.00"), module, r) for r in records]


def _mapped(tenant, org_key: str, doc_types, finance_ids) -> dict[tuple[str, str], tuple[str, int]]:
    """``{(doc_type, finance id): (module, record id)}`` of the CRM records copying them."""
    ids = sorted({str(i) for i in finance_ids if i})
    out = {}
    for start in range(0, len(ids), 500):
        out.update(((m.doc_type, m.finance_id), (m.module, m.record_id)) for m in SyncMapping.select(
            SyncMapping.doc_type, SyncMapping.finance_id, SyncMapping.module, SyncMapping.record_id).where(
            (SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key)
            & SyncMapping.doc_type.in_(list(doc_types)) & SyncMapping.finance_id.in_(ids[start:start + 500])))
    return out


def _finance_rows(registry, tenant, apps, user, figure: FigureDocuments, parent: str, record, listed,
                  listing: Listing) -> None:
    """The documents only the finance application holds (none of ``listed`` copies them)."""
    remote = finance_record(figure.app, parent, record)
    if not remote or not remote.get("id"):
        return  # the customer never reached it: it holds nothing of theirs
    connection = get_connection(tenant, figure.app)
    try:
        service = service_for(registry, connection, tenant)
        read = getattr(service, "party_documents", None)
        if read is None:
            listing.unlisted = True
            return
        documents = read(figure.doc_type, remote["id"], figure.statuses)
    except (FinanceError, LookupError) as exc:
        listing.finance_error = getattr(exc, "message", None) or str(exc)
        return
    copies = _mapped(tenant, connection.org_key, [figure.doc_type],
                     [d.get("id") for d in documents])
    origins = _mapped(tenant, connection.org_key, ORIGINS.values(),
                      [d.get(key) for d in documents for key in ORIGINS])
    kind = registry.finance_doc_types.get(figure.doc_type)
    pending = []  # (row, copy's record id, origin's record id): their records read per module below
    for document in documents:
        module_name, record_id = copies.get((figure.doc_type, str(document.get("id"))), (None, None))
        if module_name in listed:
            continue  # listed as the CRM has it
        module = registry.modules.get(module_name or "")
        origin = _origin(registry, document, origins)
        if (module_name is not None and (module is None or not visible(module, apps, user))) or (
                origin is not None and not visible(origin[0], apps, user)):
            listing.hidden = True  # a copy, or the record it came from, the user may not open
            continue
        balance = remote_decimal(document, figure.amount) or Decimal("0.00")
        listing.total += balance
        row = Row(
            str(kind.label if kind is not None else figure.doc_type), str(document.get("number") or ""),
            remote_date(document, "date"), remote_date(document, "due_date"), str(document.get("status") or ""),
            remote_decimal(document, "total"), balance, module, None, (origin[0], None) if origin else None)
        listing.rows.append(row)
        pending.append((row, record_id if module is not None else None, origin[1] if origin else None))
    _read_records(registry, tenant, pending)


def _read_records(registry, tenant, pending) -> None:
    """Fill in the rows' CRM records (a copy, an origin): one query per module, not per row."""
    from .sync.engine import load_records
    wanted: dict[str, set] = {}
    for row, record_id, origin_id in pending:
        if record_id is not None:
            wanted.setdefault(row.module.name, set()).add(int(record_id))
        if origin_id is not None:
            wanted.setdefault(row.origin[0].name, set()).add(int(origin_id))
    read = {name: load_records(registry, tenant, name, ids) for name, ids in wanted.items()}
    for row, record_id, origin_id in pending:
        if record_id is not None:
            row.record = read[row.module.name].get(int(record_id))
        if origin_id is not None:
            row.origin = (row.origin[0], read[row.origin[0].name].get(int(origin_id)))


def _origin(registry, document: dict, origins: dict) -> tuple | None:
    """``(module, record id)`` of the CRM record a finance document came from (a bill's purchase
    order, an invoice's subscription), or ``None``."""
    for key, doc_type in ORIGINS.items():
        module_name, record_id = origins.get((doc_type, str(document.get(key) or "")), (None, None))
        module = registry.modules.get(module_name or "")
        if module is not None:
            return module, record_id
    return None


def documents_behind(registry, tenant, apps, user, figure: FigureDocuments, parent: Module, record) -> Listing:
    """Every document behind ``figure`` on ``record``'s page (a record of ``parent``) that the
    user may see, by due date, and their sum."""
    listing = Listing()
    listed = set()
    for module in source_modules(registry, tenant, apps, figure):
        params = source_params(figure, parent.name, record.id, module)
        if params is None:
            continue
        if not visible(module, apps, user):
            listing.hidden = True
            continue
        listed.add(module.name)
        _crm_rows(module, tenant, params, figure.amount, listing)
    _finance_rows(registry, tenant, apps, user, figure, parent.name, record, listed, listing)
    listing.rows.sort(key=lambda row: (row.due_date is None, row.due_date or 0, row.number))
    return listing
