"""What the finance application last said about CRM records (kept on their mappings, refreshed
by every push and pull): what strips and sections show (receivables, stock ...)."""
from __future__ import annotations

from .connections import get_connection
from ..i18n import N_, Composed
from .models import SyncMapping


def finance_records(app: str, module: str, tenant, ids) -> dict[int, dict]:
    """``{record_id: finance record}`` for the records of ``module`` that ``app``'s finance
    application knows; records never synced are left out. One query per 500 ids."""
    org_key = get_connection(tenant, app).org_key
    ids = [i for i in ids if i is not None]
    out: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        query = SyncMapping.select(SyncMapping.record_id, SyncMapping.remote_json).where(
            (SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key) & (SyncMapping.module == module)
            & SyncMapping.record_id.in_(ids[start:start + 500]))
        out.update((m.record_id, m.remote) for m in query)
    return out


def finance_record(app: str, module: str, record) -> dict | None:
    """What ``app``'s finance application last said about ``record`` (``None``: never synced)."""
    return finance_records(app, module, record.tenant, [record.id]).get(record.id)


# --- reading values out of a finance record -----------------------------------------------

#: what a strip or section shows for a record the finance application has not received yet
NOT_SYNCED = Composed(N_("Not synced yet"))  # a strip's value, translated where it is shown
NOT_SYNCED_HINT = N_("The finance application has not received this record yet (it syncs every 2 hours).")


def remote_decimal(remote: dict | None, key: str):
    """``remote[key]`` as an exact ``Decimal``, or ``None`` when missing or not a number."""
    from decimal import Decimal, InvalidOperation
    value = (remote or {}).get(key)
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def remote_date(remote: dict | None, key: str):
    """``remote[key]`` (``YYYY-MM-DD...``) as a date, or ``None``."""
    import datetime as dt
    value = (remote or {}).get(key)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def quantity_text(value) -> str:
    """A quantity as people write it: ``2``, ``2.5`` (the finance application sends ``"2.000"``);
    ``–`` when there is none. (A ``Decimal`` in a strip would be shown as money.)"""
    from decimal import Decimal
    if value in (None, ""):
        return "–"
    number = value if isinstance(value, Decimal) else remote_decimal({"v": value}, "v")
    if number is None:
        return str(value)
    if number == number.to_integral_value():
        return f"{number.to_integral_value():f}"
    return f"{number.normalize():f}"


def stock_section(app: str, record, order: int):
    """Product pages' "Finance information": stock on hand, committed and available as ``app``'s
    finance application last reported them. Apps that keep stock (Books, Inventory) declare it
    under one key, so a page shows one such section (the lowest ``order`` wins)."""
    from ..declarations import ProductSection, StripItem
    remote = finance_record(app, "products", record)
    if remote is None:
        items = [StripItem(N_("Stock on hand"), NOT_SYNCED, NOT_SYNCED_HINT)]
    else:
        items = [StripItem(N_("Stock on hand"), quantity_text(remote.get("stock_on_hand"))),
                 StripItem(N_("Committed"), quantity_text(remote.get("committed_stock")),
                           N_("Ordered on open sales orders, not yet packed")),
                 StripItem(N_("Available"), quantity_text(remote.get("available_stock")),
                           N_("Stock on hand less committed"))]
    return ProductSection("finance_stock", N_("Finance information"), items, order)
