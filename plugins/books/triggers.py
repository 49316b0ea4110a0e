"""Deal-stage triggers (B13), off unless a tenant switches them on in Setup > Finance Suite:
``estimate``: an estimate is made with the deal, accepted on Closed Won, declined on Closed Lost;
``invoice``: an invoice is made on Closed Won and voided on Closed Lost. A document whose
status a user changed by hand is left alone."""
from __future__ import annotations

import logging

from core import N_, Conflict, Invalid, Setting, create_record, gettext, hookimpl, perform_action, setting

from .modules import ESTIMATES, INVOICES

log = logging.getLogger(__name__)
KEY = "books.deal_triggers"
WON, LOST = "Closed Won", "Closed Lost"
#: mode -> (module, action on Closed Won, action on Closed Lost)
MODES = {"estimate": (ESTIMATES, "mark_accepted", "mark_declined"), "invoice": (INVOICES, None, "mark_void")}


@hookimpl
def register_settings():
    return [Setting(key=KEY, label=N_("Deal-stage triggers"), app="books", default="off",
                    choices=[("off", N_("Off")),
                             ("estimate", N_("Estimate with the deal; accepted when won, declined when lost")),
                             ("invoice", N_("Invoice when the deal is won; voided when lost"))],
                    help=N_("Documents whose status a user changed by hand are left alone."))]


def _document_for(module, deal, user) -> None:
    """A draft for the deal's customer: one line, the deal's name at the deal's amount; none
    while the deal already has one that is not void (a deal won a second time)."""
    if not (deal.account_id or deal.contact_id):
        log.info("deal %s has no account or contact: no %s", deal.id, module.singular.lower())
        return
    model = module.model
    if model.scoped(deal.tenant).where((model.deal_id == deal.id) & (model.status != "void")).exists():
        return
    data = {"deal_id": deal.id, "account_id": deal.account_id, "contact_id": deal.contact_id,
            "line_items": [{"name": deal.name, "description": gettext("Deal: %(name)s", name=deal.name),
                            "quantity": "1", "rate": str(deal.amount or 0)}]}
    try:
        create_record(module, deal.tenant, user, data)
    except Invalid as exc:
        log.warning("deal %s: no %s made: %s", deal.id, module.singular.lower(), exc.errors)


def _act_on(module, deal, action: str) -> None:
    model = module.model
    for document in model.scoped(deal.tenant).where(model.deal_id == deal.id).order_by(model.id):
        if document.status_set_by_user:
            continue
        try:
            perform_action(module.name, document, action)
        except Conflict:  # not from its current status: leave it
            continue


@hookimpl
def record_saved(module, record, user, created, changes):
    if module.name != "deals":
        return
    mode = setting(record.tenant, KEY)
    if mode not in MODES:
        return
    target, on_won, on_lost = MODES[mode]
    stage_changed = "stage" in changes and not created
    if mode == "estimate" and created:
        _document_for(target, record, user)
    if record.stage == WON and (stage_changed or created):
        if mode == "invoice":
            _document_for(target, record, user)
        if on_won:
            _act_on(target, record, on_won)
    elif record.stage == LOST and stage_changed:
        _act_on(target, record, on_lost)
