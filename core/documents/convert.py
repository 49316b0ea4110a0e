"""Convert to Invoice (B14, issue 17, item 11): an estimate or a sales order becomes a new draft
invoice with its customer, lines and notes, its number as the invoice's reference, linked to it
as the finance applications link them (the invoice's ``estimate_id`` / ``salesorder_id``). An
estimate is then ``invoiced``; a sales order keeps its status, and is not converted twice.

The action is the CRM's alone (``runs="crm"``): the finance application hears of it through
the new invoice's create, which names its source (``DocumentSync(sources=...)``), never through
its own ``convert_to_invoice``, which would make a second invoice there."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ..i18n import N_, translate_declared as tr
from ..action_words import status_label
from ..declarations import ActionCreated, RelatedList, StatusAction
from ..field_words import lower
from ..messages import naming
from ..permissions import can_module
from ..records import Conflict, module_named, relay_for, title
from .clone import copy_document
from .moves import effective_status
from .related import document_columns, newest_rows

#: the key of the action (the embedded finance application's own action of that name is never sent)
KEY = "convert_to_invoice"


@dataclass(frozen=True)
class Conversion:
    """``Conversion("books/estimates", "books/invoices", "estimate_id", {"draft", "sent",
    "accepted"}, "invoiced")``: records of ``source`` in one of ``statuses`` convert into a
    draft of ``invoices``, whose read-only reference ``link`` names the source; the source then
    moves to ``status`` (``None``: it keeps its own). A plugin's ``status_actions`` answers
    :meth:`action`, its ``related_lists`` :meth:`related_list`."""

    source: str
    invoices: str
    link: str
    statuses: frozenset[str]
    status: str | None = None

    def action(self, module, record) -> StatusAction | None:
        """The *Convert to Invoice* button, from the statuses it starts from; for users who may
        create invoices and edit the source."""
        if module.name != self.source or record is None or effective_status(record) not in self.statuses:
            return None
        invoices = module_named(self.invoices)
        return StatusAction(key=KEY, label=N_("Convert to Invoice"), run=self.run, runs="crm",
                            permission=(invoices.permission("create"), module.permission("edit")))

    def made_from(self, record):
        """The invoices made from ``record``, oldest first."""
        model = module_named(self.invoices).model
        return model.scoped(record.tenant_id).where(getattr(model, self.link) == record.id).order_by(model.id)

    def run(self, record, user) -> ActionCreated:
        """In the action's transaction: the invoice, and the source's new status. Refused while
        an invoice made from the source exists and is not void (a second click, another user's
        convert)."""
        source, invoices = module_named(self.source), module_named(self.invoices)
        thing = lower(tr(source.singular))
        model = invoices.model
        made = self.made_from(record).where(model.status != "void").first()  # a voided one gives it back
        if made is not None:
            raise Conflict(naming(_("This %(thing)s was already converted: the invoice {invoice} was made "
                                    "from it.", thing=thing), invoice=(invoices, made)))
        if effective_status(record) not in self.statuses:
            raise Conflict(_("This %(thing)s is %(status)s now: it can no longer be converted.", thing=thing,
                             status=status_label(source, effective_status(record))))
        named = record.number or title(source, record, relay_for(record.tenant))
        invoice = copy_document(source, record.tenant, user, record, into=invoices,
                                values={"reference": named[:100]}, preset={self.link: record.id})
        if self.status:
            record.status = self.status
            record.save()
        if record.number:
            message = _("%(made)s created from %(thing)s %(number)s.", made=tr(invoices.singular), thing=thing,
                        number=record.number)
        else:
            message = _("%(made)s created from %(source)s.", made=tr(invoices.singular), source=named)
        return ActionCreated(invoices.name, invoice, message)

    def related_list(self, module, record, user, order: int = 45) -> RelatedList | None:
        """On the source's page: the invoices made from it (no New button: converting makes them)."""
        if module.name != self.source:
            return None
        invoices = module_named(self.invoices)
        if not can_module(user, invoices, "view"):
            return None
        rows, total = newest_rows(invoices.model, record.tenant_id, self.link, record.id)
        return RelatedList(key=invoices.name.replace("/", "_"), label=invoices.label, module=invoices.name,
                           records=rows, columns=document_columns(invoices), total=total, order=order)
