"""What a plugin's :class:`core.FinanceDocType` is written with (``core.finance_kit``): the
finance database's model base and money column, and the readers of a payload that refuse bad
input with the finance application's own error (the CRM shows it on the record)."""
from __future__ import annotations

from .db import Money, finance_db, utcnow
from .documents import party
from .models import FinanceModel
from .validate import date, iso_date, iso_time, money, not_found, parse_id, reject, text

__all__ = ["FinanceModel", "Money", "date", "finance_db", "iso_date", "iso_time", "money", "not_found",
           "parse_id", "party", "reject", "text", "utcnow"]
