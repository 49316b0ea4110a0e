"""Every extension point of Finsuite, by family.

``register_*`` hooks run once at start-up for every loaded plugin and return
declarations; duplicates fail loudly. Page hooks run per request through the tenant's
relay, so only the plugins a tenant has enabled answer; they return lists that the core
merges and sorts by ``order``. Decision hooks say which answer wins.

Implementations may accept any subset of a hook's arguments, so adding an argument
breaks no plugin. Each hook is documented in ``docs/hooks.md`` with this signature.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("finsuite")


# --- register_*: once at start-up --------------------------------------------------


@hookspec
def register_modules():
    """Declare record modules.

    Returns a list of :class:`core.Module`. Merge: all lists are concatenated; two
    modules of one name fail start-up.
    """


@hookspec
def register_tabs():
    """Declare top tabs and their sub-modules.

    Returns a list of :class:`core.Tab`. Merge: concatenated, sorted by ``order``; a
    duplicate key fails start-up. A tab shows when its plugin is enabled for the tenant
    and the user may view at least one of its modules.
    """


@hookspec
def register_permissions():
    """Declare permission keys beyond the per-module view/create/edit/delete ones.

    Returns a list of :class:`core.Permission` (e.g. ``app.books``, ``books.email``).
    Merge: concatenated; a duplicate key fails start-up.
    """


@hookspec
def register_sync_jobs():
    """Declare periodic sync jobs.

    Returns a list of :class:`core.SyncJob`. Merge: concatenated; duplicate keys fail.
    The scheduler runs each job per tenant that has the job's app enabled.
    """


@hookspec
def register_sync_types():
    """Declare which modules reach which app's finance application, and how.

    Returns a list of :class:`core.SyncType`. Merge: concatenated; one per (app, module).
    """


@hookspec
def register_finance_doc_types():
    """Declare kinds of records of the embedded finance application (connector ``local``).

    Returns a list of :class:`core.FinanceDocType`; a :class:`core.SyncType` names one by its
    ``doc_type``. Merge: concatenated; duplicate names fail. Their tables are created in the
    finance database at start-up.
    """


@hookspec
def register_reports():
    """Declare reports of the Reports module.

    Returns a list of :class:`core.Report`, each a :class:`core.ReportDefinition` in a folder.
    Merge: concatenated; duplicate keys fail.
    """


@hookspec
def register_report_folders():
    """Declare folders of the Reports tab.

    Returns a list of :class:`core.ReportFolder`. Merge: concatenated; duplicate keys fail.
    """


@hookspec
def register_dashboard_components():
    """Declare dashboard components drawn from reports.

    Returns a list of :class:`core.DashboardComponent`. Merge: concatenated.
    """


@hookspec
def register_pdf_templates():
    """Declare the template each printable module renders its PDF with.

    Returns a list of :class:`core.PdfTemplate`. Merge: concatenated; one per module.
    """


@hookspec
def register_email_templates():
    """Declare how a module's records are e-mailed (recipients, subject, body, permission).

    Returns a list of :class:`core.EmailTemplate`. Merge: concatenated; one per module. A
    module with one gets the e-mail dialog and ``POST /api/v1/<module>/<id>/email``.
    """


@hookspec
def register_settings():
    """Declare per-tenant choices shown in Setup > Finance Suite under the app.

    Returns a list of :class:`core.Setting`. Merge: concatenated; a duplicate key fails.
    """


@hookspec
def register_connectors():
    """Declare finance-service connectors (``local``, ``zoho``, a third party's ...).

    Returns a list of :class:`core.ConnectorSpec`. Merge: concatenated; duplicate names fail.
    """


@hookspec
def register_migrations():
    """Declare the schema steps of the plugin's tables.

    Returns a list of :class:`core.Migration`, applied once each, in the order given,
    and recorded per app; an upgrade never needs the database dropped.
    """


@hookspec
def register_blueprints():
    """Declare Flask blueprints with the plugin's own pages.

    Returns a list of ``flask.Blueprint``. All are registered at start-up (Flask refuses
    routes after the first request); the core answers 404 for a tenant that has not
    enabled the plugin.
    """


# --- page hooks: per request, through the tenant's relay -----------------------------


@hookspec
def related_lists(module, record, user):
    """Lists shown on a record's detail page.

    ``module`` is the :class:`core.Module` of ``record``; ``user`` the viewer. Returns a
    list of :class:`core.RelatedList` (or ``None``). Merge: concatenated, sorted by ``order``.
    """


@hookspec
def detail_strips(module, record, user):
    """Bands of figures at the top of a record's detail page.

    Returns a list of :class:`core.DetailStrip` (or ``None``). Merge: concatenated,
    sorted by ``order``.
    """


@hookspec
def product_sections(record, user):
    """Sections of a product's page (``record`` is the product).

    Returns a list of :class:`core.ProductSection` (or ``None``). Merge: concatenated,
    sorted by ``order``.
    """


@hookspec
def status_actions(module, record, user):
    """Status buttons for a record in its current state.

    Returns a list of :class:`core.StatusAction` (or ``None``), only those that make
    sense from the record's status. Merge: concatenated; the first with a key wins.
    """


@hookspec
def email_options(module, record, user):
    """Checkboxes of the e-mail dialog for a record.

    Returns a list of :class:`core.EmailOption` (or ``None``). Merge: concatenated.
    """


@hookspec
def demo_records(tenant, records, users):
    """Add the app's demo data to a new demo tenant (``finsuite demo``).

    ``records`` maps module names to the CRM demo records already made (``accounts``,
    ``contacts``, ``vendors``, ``deals``, ``products``); ``users`` are the demo users, the first
    an administrator. Create records with ``core.create_record`` so they sync like a user's.
    Runs through the tenant's relay (enabled apps only), after the CRM's data.
    """


@hookspec
def record_saved(module, record, user, created, changes):
    """A record was created (``created``) or updated through the core's one write path.

    ``changes`` maps each changed field to ``[old, new]``. Runs after the save's transaction,
    through the tenant's relay, so only enabled apps hear it (Books' deal-stage triggers).
    Fields a finance application changed (a status or number coming back with the sync) are
    heard too, with ``user`` ``None``. Returns nothing; an exception is logged and does not
    undo the save.
    """


# --- decision hooks ------------------------------------------------------------------


@hookspec
def validate_record(module, tenant, values, record, user):
    """Refuse a save that the schema alone cannot judge: a rule across records (a payment above
    its invoice's balance).

    ``values`` are the validated fields being written (on an update, only those sent);
    ``record`` is ``None`` on a create, else the record as stored, its row locked until the
    save commits. Return ``{field: [message, ...]}`` for what is wrong (the form shows each
    message beside its field, the API answers 422 naming it), or ``None``. Merge: every
    answer's messages are kept; any message refuses the save and nothing is written. Runs
    through the tenant's relay, enabled apps only.
    """


@hookspec
def permission_denied(user, permission, record):
    """Veto a permission the user's profile grants.

    ``permission`` is a key (``accounts.edit``, ``books.email``); ``record`` the record
    concerned or ``None``. Return ``True`` to deny. Merge: any ``True`` denies; hooks can
    only take permissions away, never grant them.
    """


@hookspec(firstresult=True)
def record_title(module, record):
    """The text a record is shown as in lists, links and page titles.

    Returns a string, or ``None`` to leave it to the next plugin or the module's
    ``title_field``. Merge: the first non-``None`` answer wins.
    """
