"""The small declarative objects plugins return from hooks; the core renders them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .i18n import N_


@dataclass(frozen=True)
class Manifest:
    """A plugin's identity, as plain data (a module attribute ``manifest``)."""

    name: str
    label: str
    version: str
    depends: tuple[str, ...] = ()
    description: str = ""
    #: the plugin interface versions it works with, ``"finsuite>=1,<2"`` (``core.API_VERSION``)
    requires: str = ""


@dataclass(frozen=True)
class Column:
    """A column of a list: ``name`` is a schema field; ``label`` its heading."""

    name: str
    label: str
    link: bool = False


@dataclass
class Module:
    """A kind of record with list, detail, form and API pages.

    ``name`` is ``accounts`` for the core CRM, ``<app>/<plural>`` for a plugin's
    (``books/invoices``). ``model`` is a :class:`core.TenantModel`, ``schema`` a
    marshmallow schema that serves the form, the API and sync alike.
    ``references`` maps a field to the module it points at (``{"account_id": "accounts"}``):
    the core checks such ids belong to the tenant and renders them as links.
    ``search_fields`` are what a search matches, case and accents ignored (C10,
    :mod:`core.search`): text fields of the model, and references (``"account_id"``: the records
    whose account the same words find in the Accounts list).
    """

    name: str
    label: str
    singular: str
    model: Any
    schema: Any
    app: str | None = None
    title_field: str = "name"
    columns: Sequence[Column] = ()
    search_fields: Sequence[str] = ()
    sort_fields: Sequence[str] = ()
    default_sort: str = "name"
    filter_fields: Sequence[str] = ()
    references: dict[str, str] = field(default_factory=dict)
    read_only: bool = False
    icon: str = ""
    #: the record's ordered line items (documents: invoices, estimates ...), or ``None``
    line_items: "LineItems | None" = None
    #: ``locked(record)`` returns why the record can no longer be edited or deleted (a sent
    #: invoice ...) or ``None``; the core then refuses edits and deletes with HTTP 409
    locked: Callable[[Any], str | None] | None = None
    #: reference fields whose record cannot be deleted while one of this module's records points
    #: at it (an invoice's customer); any other reference is emptied when its record is deleted
    protects: Sequence[str] = ()

    @property
    def endpoint_name(self) -> str:
        return self.name.replace("/", "__")

    def permission(self, action: str) -> str:
        """The permission key for ``view``, ``create``, ``edit`` or ``delete`` on this module."""
        return f"{self.name}.{action}"


@dataclass(frozen=True)
class LineItems:
    """How a module's records hold line items (``core.documents``).

    ``model`` is the line table (a :class:`core.LineModel` subclass; one table may serve several
    modules, told apart by ``document_module``); ``field`` the list field of the module's schema
    (a :class:`core.DocumentSchema` has ``line_items``); ``products`` the module a line's
    ``product_id`` points at, whose name, rate and tax fill a line left blank.
    """

    model: Any
    field: str = "line_items"
    products: str = "products"


@dataclass(frozen=True)
class Tab:
    """A top tab; ``modules`` are its sub-modules (one for a plain CRM tab)."""

    key: str
    label: str
    modules: tuple[str, ...]
    order: int = 100
    app: str | None = None


@dataclass(frozen=True)
class Permission:
    """A grantable permission key shown in the profile editor under ``group``."""

    key: str
    label: str
    group: str = N_("General")


@dataclass
class RelatedList:
    """A list of records related to the one on the page.

    ``new_params`` fill the parent in the form a **New** button opens; ``refresh_url``
    (optional) re-reads the list from the finance application.
    """

    key: str
    label: str
    module: str
    records: Sequence[Any]
    columns: Sequence[Column] = ()
    can_create: bool = False
    new_params: dict[str, Any] = field(default_factory=dict)
    refresh_url: str | None = None
    row_links: Sequence[tuple[str, Callable[[Any], str]]] = ()
    total: int | None = None
    order: int = 100
    #: a refresh icon that pulls the module's records from the finance application and
    #: re-renders the list in place (the core serves it; ``refresh_url`` is for custom ones)
    refreshable: bool = False


@dataclass(frozen=True)
class ListLink:
    """Where a strip's figure leads: the list of ``module``'s records that ``filters`` select, as
    the list page's query string reads them (``{"account_id": 5, "status": "shipped"}``,
    ``{"status__in": "sent,overdue"}``). ``title`` says what the list holds."""

    module: str
    filters: dict = field(default_factory=dict, hash=False)
    title: str = ""


@dataclass(frozen=True)
class FigureDocuments:
    """The documents an amount sums (issue 17, item 6): the ``doc_type`` documents whose customer
    or vendor in ``app``'s finance organisation is the page's record, in one of ``statuses``, their
    ``amount`` (the balance) summed. The core lists them on the page "Documents behind this
    figure": those of every module syncing ``doc_type`` to that organisation (Books' invoices and
    a subscription's alike), and those only the finance application holds (bills), with their sum
    checked against the figure. :func:`core.figure_documents` makes the ones of a customer's
    finance figures. ``title`` says what they are."""

    app: str
    doc_type: str
    statuses: tuple[str, ...]
    title: str = ""
    amount: str = "balance"


@dataclass(frozen=True)
class StripItem:
    label: str
    value: Any
    hint: str = ""
    #: technical detail behind a sentence (an error as a service gave it), shown folded
    detail: str = ""
    #: what the figure is made of, shown as a link: a :class:`ListLink` (a module's list, filtered)
    #: or :class:`FigureDocuments` (the documents behind an amount); ``None``: a plain figure
    link: "ListLink | FigureDocuments | None" = None


@dataclass
class DetailStrip:
    """A band of figures at the top of a record page (e.g. receivables and payables)."""

    key: str
    label: str
    items: Sequence[StripItem]
    order: int = 100


@dataclass
class ProductSection:
    """A section of a product page (e.g. "Finance information": stock)."""

    key: str
    label: str
    items: Sequence[StripItem]
    order: int = 100


@dataclass
class StatusAction:
    """A button on a record: most move it to another status.

    ``run(record, user)`` performs it; the core checks ``permission`` first (a key, or a tuple
    of keys all needed; none: the module's edit permission), then writes the audit log. ``run``
    may return an :class:`ActionCreated`: the record the action made, which the page then opens
    and the API answers. ``runs`` says where it takes effect (docs/hooks.md, "Status actions"):

    - ``"finance"`` (the default): also in the finance applications syncing the record, as
      their status call ``finance_call`` (the key when empty), queued behind the record's
      earlier changes;
    - ``"push"``: the record's new values are sent as an update (an action the finance
      application has no call for, that changes fields it keeps);
    - ``"crm"``: here only; nothing is sent.

    An action that changes the record's status marks it as set by hand (automations leave it).
    """

    key: str
    label: str
    run: Callable[[Any, Any], Any]
    permission: str | tuple[str, ...] | None = None
    confirm: str = ""
    style: str = "default"
    runs: str = "finance"
    finance_call: str = ""

    def __post_init__(self):
        if self.runs not in ACTION_RUNS:
            raise ValueError(f"StatusAction {self.key!r}: runs={self.runs!r}, not one of {', '.join(ACTION_RUNS)}")
        if self.finance_call and self.runs != "finance":
            raise ValueError(f"StatusAction {self.key!r}: finance_call is for runs='finance'")

    def operation(self) -> str | None:
        """The outbox operation that carries it to the finance applications (None: not sent)."""
        return {"finance": f"action:{self.finance_call or self.key}", "push": "push", "crm": None}[self.runs]


#: where a :class:`StatusAction` takes effect
ACTION_RUNS = ("finance", "push", "crm")


@dataclass(frozen=True)
class ActionCreated:
    """What a :class:`StatusAction`'s ``run`` returns when it made a record (Convert to Invoice):
    the web page opens that record and shows ``message``; the API answers 201 with it and its
    address in ``Location``."""

    module: str
    record: Any
    message: str = ""


@dataclass(frozen=True)
class SyncJob:
    """A periodic job, run per tenant that has ``app`` enabled, every ``interval_seconds``."""

    key: str
    label: str
    run: Callable[[Any], Any]
    app: str | None = None
    interval_seconds: int = 2 * 60 * 60


@dataclass(frozen=True)
class SyncType:
    """How one module's records reach one app's finance application (docs/sync.md).

    ``to_payload(record, refs)`` builds the record in the finance shape; ``refs.finance_id(
    module, id)`` gives a referenced record's finance id, syncing it first when it has none
    (a customer exists in the finance application before its invoice, Y5).
    ``instant``: sync on save (transactional records); otherwise every 2 hours, or on save
    when the tenant switched on ``instant_switch`` (``contacts`` or ``products``, Y4).
    ``job`` names the periodic push that carries it (``contacts``, ``vendors``, ``products``).
    ``apply_remote(record, remote)`` returns CRM fields to update from the finance record
    (number, status, totals); ``pull``: read back changes every 2 hours.
    ``delete_remote``: deleting the CRM record deletes it in the finance application too
    (drafts of transactional records); otherwise the finance record stays and is unlinked.
    """

    module: str
    app: str
    doc_type: str
    to_payload: Callable[[Any, Any], dict] | None = None
    instant: bool = True
    instant_switch: str | None = None
    job: str = ""
    apply_remote: Callable[[Any, dict], dict] | None = None
    pull: bool = False
    #: records made only in the finance application (packages, payments, a subscription's
    #: invoices): ``import_remote(remote, refs)`` returns the CRM fields of the record the pull
    #: creates or updates for it, or ``None`` when it is not one of ours; ``refs.crm_id(module,
    #: finance_id)`` finds the CRM record of a finance id, ``refs.parties(module, finance_id)``
    #: that record's account and contact. Such a type has no ``to_payload``.
    import_remote: Callable[[dict, Any], dict | None] | None = None
    delete_remote: bool = False
    #: ``differences(record, remote)``: what the finance application holds differently from
    #: the CRM record (a total it computed otherwise), as messages; a non-empty answer makes
    #: the sync a failure shown on the record, with those messages (Y7)
    differences: Callable[[Any, dict], list[str]] | None = None
    #: ``refreshes(record)``: the other CRM records a push of this one changes in the finance
    #: application, as ``(module, id)`` pairs (a payment's invoices): each is read back once the
    #: push has succeeded, behind its own earlier changes (:func:`core.request_refresh`)
    refreshes: Callable[[Any], list[tuple[str, int]]] | None = None

    @property
    def key(self) -> str:
        return f"{self.app}:{self.module}"


@dataclass(frozen=True)
class FinanceDocType:
    """A kind of record of the embedded finance application (docs/plugins.md, "The finance
    side"): what a :class:`SyncType`'s ``doc_type`` names when the tenant's connector is
    ``local``. The built-in kinds (contacts, invoices, payments, packages, bills ...) are
    declared the same way, by the core's ``sync`` plugin.

    ``model``: its table, a :class:`core.FinanceModel` (``organization_id``, ``crm_id``,
    ``created_time``, ``last_modified_time``; a ``number`` when ``series`` is set, a ``status``
    when it has ``moves``). ``to_dict(row)``: the record as the finance application answers it
    (``id`` and ``crm_id`` as strings). ``write(org, row, payload, creating)`` applies a payload
    (refusing bad input with :func:`core.finance_reject`), saves the row and brings up to date
    what it changes elsewhere; ``None``: only the finance application makes such records.
    ``series``: numbered ``<series>-000001`` per organisation when created. ``moves``: action ->
    (the statuses it may start from, the status it leads to); ``after_move(org, row)`` runs after
    one. ``actions``: action -> ``run(org, row)`` for an action that does more than move a status.
    ``delete(org, row)`` refuses or removes the row with what it changed; ``None``: never deleted.
    ``scope``: a condition on ``model`` when several kinds share one table. ``dated``: statuses
    that move with the date (refreshed before reading). ``figures``: what a strip asks of it.
    ``tables``: other tables of its own (a payment's applications to invoices). ``remote``: how
    other connectors send it (``{"zoho": (path, list key, record key, id field, number field)}``).
    """

    name: str
    label: str
    model: Any
    to_dict: Callable[[Any], dict]
    write: Callable[[str, Any, dict, bool], Any] | None = None
    series: str = ""
    moves: dict = field(default_factory=dict)
    after_move: Callable[[str, Any], None] | None = None
    actions: dict = field(default_factory=dict)
    delete: Callable[[str, Any], None] | None = None
    scope: Callable[[], Any] | None = None
    dated: bool = False
    figures: tuple[str, ...] = ("status", "total", "balance")
    #: other finance tables the kind uses (created at start-up with ``model``)
    tables: tuple = ()
    #: how other connectors send it, by connector name: ``{"zoho": (path, list key, record key,
    #: id field, number field)}``, a resource Zoho documents (``("/creditnotes", "creditnotes",
    #: "creditnote", "creditnote_id", "creditnote_number")``); without one it syncs with ``local`` only
    remote: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReportFolder:
    """A folder of the Reports tab (``books``: "Books reports"). ``renamed_with`` gives it
    another label when another app is enabled too (``{"inventory": "Finance reports"}``)."""

    key: str
    label: str
    app: str | None = None
    renamed_with: tuple[tuple[str, str], ...] = ()
    order: int = 100


@dataclass(frozen=True)
class Report:
    """A default report: a :class:`core.reports.Definition` in a folder, under a key that never
    changes (``books.sales_by_customer``). Users may edit it (the organisation's version),
    restore it, copy it; it runs through the core's one engine (tables, charts, CSV, API)."""

    key: str
    label: str
    folder: str
    definition: Any
    app: str | None = None
    description: str = ""


@dataclass(frozen=True)
class DashboardComponent:
    """A chart, number or table on a default dashboard (``dashboard``: its label, "Books
    dashboard"), drawn from the report ``report`` (a key); ``width`` of 4 grid columns."""

    key: str
    label: str
    report: str
    chart: str = "bar"
    app: str | None = None
    dashboard: str = ""
    width: int = 2


@dataclass(frozen=True)
class PdfTemplate:
    """The Jinja template a module's records print with."""

    module: str
    template: str
    label: str = "PDF"


@dataclass(frozen=True)
class EmailOption:
    """A checkbox of the e-mail dialog (``attach_pdf``, ``attach_statement`` ...).

    ``attachment(record)`` returns ``(filename, pdf_bytes)`` to attach when it is ticked.
    """

    key: str
    label: str
    default: bool = False
    attachment: Callable[[Any], tuple[str, bytes]] | None = None


@dataclass(frozen=True)
class EmailTemplate:
    """How a module's records are e-mailed: the dialog's prefilled recipients, subject and body.

    ``subject`` and ``body`` are Jinja templates rendered with ``record``, ``title``, ``tenant``,
    ``user`` and ``total`` (formatted); ``recipients(record)`` gives the default addresses;
    ``permission`` is the key needed to see the button and send (``books.email``);
    ``on_sent(record, user)`` runs after a send (e.g. a draft invoice is marked sent).
    """

    module: str
    subject: str
    body: str
    recipients: Callable[[Any], Sequence[str]]
    permission: str | None = None
    on_sent: Callable[[Any, Any], None] | None = None


@dataclass(frozen=True)
class Setting:
    """A per-tenant choice an app offers in Setup > Finance Suite (``books.deal_triggers``).

    ``choices`` are ``(value, label)`` pairs; read the tenant's value with :func:`core.setting`.
    """

    key: str
    label: str
    app: str
    choices: Sequence[tuple[str, str]]
    default: str
    help: str = ""


@dataclass(frozen=True)
class ConnectorSpec:
    """A finance-service connector: ``factory(settings)`` returns a :class:`FinanceService`."""

    name: str
    label: str
    factory: Callable[[dict], Any]
    apps: tuple[str, ...] = ()
    #: how far back each pull re-reads, for services whose changes appear late (Zoho: a minute)
    cursor_overlap_seconds: int = 60
    #: ``action_refusal(doc_type, action, crm_status)``: why the service can never carry out
    #: ``action`` of a record in ``crm_status`` (no endpoint for it), or ``None``; such an
    #: action is refused in the CRM before it is queued (Y7)
    action_refusal: Callable[[str, str, str], str | None] | None = None


@dataclass(frozen=True)
class Migration:
    """One schema step of an app: ``up(migrator, database)``, applied once, in order."""

    app: str
    name: str
    up: Callable[[Any, Any], None]
