"""Invoice in context (I1, P1): an account's or contact's Invoice-app invoices and estimates,
shown only to users with Invoice access and the module's view permission."""
from __future__ import annotations

from core import N_, Column, can_module, document_columns, document_related_list, hookimpl

from .modules import ESTIMATES, INVOICES

PARENTS = ("accounts", "contacts")
#: after Books' lists (40-42)
LISTS = ((INVOICES, 45, (Column("due_date", N_("Due date")),)),
         (ESTIMATES, 46, (Column("expiry_date", N_("Expiry date")),)))
#: each list's label, whole (a label made of pieces could not be translated)
LABELS = {INVOICES.name: N_("Invoice: Invoices"), ESTIMATES.name: N_("Invoice: Estimates")}


@hookimpl
def related_lists(module, record, user):
    if module.name not in PARENTS:
        return None
    return [document_related_list(doc, module.name, record, user, key=f"invoice_{doc.name.split('/')[1]}",
                                  label=LABELS[doc.name], order=order,
                                  columns=document_columns(doc, *due))
            for doc, order, due in LISTS if can_module(user, doc, "view")]
