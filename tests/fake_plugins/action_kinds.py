"""A plugin offering, on Books invoices, one status action of each kind (docs/hooks.md, "Status
actions"): kept in the CRM, sent as another name of the finance application's call, and sent
as an update of the record."""
from core import Manifest, StatusAction, hookimpl

manifest = Manifest(name="actionkinds", label="Action kinds", version="1.0", description="Test plugin.",
                    depends=("books",))


def _flag(record, user):
    """Nothing the finance application keeps: the audit row is the whole effect."""


def _send_by_phone(record, user):
    record.status = "sent"
    record.save()


def _phoned(record, user):
    record.reference = "Confirmed by phone"
    record.save()


@hookimpl
def status_actions(module, record, user):
    if module.name != "books/invoices":
        return None
    actions = [StatusAction(key="flag_for_review", label="Flag for review", run=_flag, runs="crm"),
               StatusAction(key="phoned", label="Confirmed by phone", run=_phoned, runs="push")]
    if record.status == "draft":
        actions.append(StatusAction(key="sent_by_phone", label="Sent by phone", run=_send_by_phone,
                                    finance_call="mark_sent"))
    return actions
