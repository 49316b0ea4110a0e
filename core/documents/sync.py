"""How a document reaches its app's finance application (docs/sync.md): the payload with its
customer or vendor and products synced first (Y5), its discounts as Zoho documents them, what
comes back (number, status, balance), and the totals the finance application computed otherwise
(Y7: a sync error on the record, never a log line)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..declarations import SyncType
from ..sync.remote import remote_decimal
from .lines import lines_for

#: the totals both sides compute, compared after every push (what a person reads for each)
TOTALS = (("total", "a total"), ("sub_total", "a sub-total"), ("tax_total", "a tax total"))
#: documents whose changes the finance application carries into their customer's figures
#: (receivables, overdue, quantities on open sales orders)
PARTY_FIGURES = ("invoices", "salesorders")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def plain_number(value: Decimal) -> str:
    """A percentage or quantity without trailing zeros (``"20"``, ``"1.5"``)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class DocumentSync:
    """The sync of one document module to one app: ``DocumentSync(INVOICES, "invoice", "invoices",
    "due_date").sync_type()``.

    ``due_field`` is the document's own date (``due_date``, ``expiry_date`` ...), sent as
    ``finance_due_field`` (the same name by default). The party is the vendor when the module
    references ``vendor_id``, else the contact when set, else the account. ``kept_here`` maps a
    status only the CRM holds to the finance statuses it is kept over (an order closed here that
    Zoho cannot close). Lines carry their discount as Zoho documents it (``"discount": "10%"``,
    with ``discount_type: item_level`` and ``is_discount_before_tax: true``). ``sources`` are
    the references to what the document was made from (an invoice's ``estimate_id``: field ->
    module), sent as that record's finance id under the field's name (it goes first, Y5);
    ``source_moves`` those the finance application moves when the document is made from them
    (an estimate becomes ``invoiced``), read back after a push of the draft.
    """

    module: Any
    app: str
    doc_type: str
    due_field: str
    finance_due_field: str | None = None
    kept_here: dict[str, set[str]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    source_moves: tuple[str, ...] = ()

    def party(self, record) -> tuple[str, int | None]:
        """``(module, id)`` of the document's customer or vendor in the finance application."""
        if "vendor_id" in self.module.references:
            return "vendors", record.vendor_id
        if record.contact_id:
            return "contacts", record.contact_id
        return "accounts", record.account_id

    def refreshes(self, record) -> list[tuple[str, int]]:
        """The customer, read back after an issued invoice or sales order reached the finance
        application (sent, voided, deleted ...): its strip shows the new receivables at once (a
        draft changes no figure). A draft's ``source_moves`` (the estimate it invoices)."""
        if record.status == "draft":
            return [(self.sources[name], getattr(record, name)) for name in self.source_moves
                    if getattr(record, name, None)]
        module, party_id = self.party(record)
        if self.doc_type not in PARTY_FIGURES or party_id is None:
            return []
        return [(module, party_id)]

    def source_ids(self, record, refs) -> dict:
        """What the document was made from, by finance id (``{"estimate_id": "4"}``)."""
        return {name: refs.finance_id(module, getattr(record, name)) for name, module in self.sources.items()
                if getattr(record, name, None)}

    def to_payload(self, record, refs) -> dict:
        lines = lines_for(self.module, record.tenant, [record.id])[record.id]
        module, party_id = self.party(record)
        party = {"vendor_id" if module == "vendors" else "customer_id": refs.finance_id(module, party_id)}
        return {**party, "date": _iso(record.date),
                self.finance_due_field or self.due_field: _iso(getattr(record, self.due_field)),
                "reference_number": record.reference, "notes": record.notes,
                "discount_type": "item_level", "is_discount_before_tax": True, **self.source_ids(record, refs),
                "line_items": [{"item_id": refs.finance_id("products", line.product_id), "name": line.name,
                                "description": line.description, "quantity": plain_number(line.quantity),
                                "rate": str(line.rate), "discount": plain_number(line.discount_percent) + "%",
                                "tax_percentage": plain_number(line.tax_percent)} for line in lines]}

    def apply_remote(self, record, remote: dict) -> dict:
        """The number and status the finance application gave, and what is still owed (only
        while its total is ours: a balance of a total computed otherwise is not shown; the
        difference is, by :meth:`differences`). Our totals are kept."""
        status = remote.get("status") or record.status
        if status in self.kept_here.get(record.status, ()):
            status = record.status
        out = {"number": remote.get("number") or record.number, "status": status}
        total = remote_decimal(remote, "total")
        if remote.get("balance") not in (None, "") and (total is None or total == record.total):
            out["balance"] = Decimal(str(remote["balance"]))
        return out

    def differences(self, record, remote: dict) -> list[str]:
        """The totals the finance application computed otherwise than the CRM (those it
        answered: a list entry may carry only ``total``), e.g. ``"Books computed a total of
        107.99, the CRM 108.00"``."""
        found = []
        for name, words in TOTALS:
            theirs, ours = remote_decimal(remote, name), getattr(record, name, None)
            if theirs is None or ours is None or theirs == ours:
                continue
            shown = theirs.quantize(ours) if isinstance(ours, Decimal) else theirs
            found.append(f"{self.app.title()} computed {words} of {shown}, the CRM {ours}")
        return found

    def sync_type(self) -> SyncType:
        """Synced on save (instant), pulled back every 2 hours, deleted there when deleted here
        (only drafts can be: sent documents are locked); the customer read back after a change
        of what it owes (:meth:`refreshes`)."""
        return SyncType(module=self.module.name, app=self.app, doc_type=self.doc_type, to_payload=self.to_payload,
                        apply_remote=self.apply_remote, differences=self.differences, instant=True, pull=True,
                        delete_remote=True, refreshes=self.refreshes)

