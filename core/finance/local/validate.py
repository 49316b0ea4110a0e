"""Reading payloads: every refusal is a ``RejectedError`` naming the field (code 4)."""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal

from ..base import NotFoundError, RejectedError
from .db import to_money

INVALID = 4          # Zoho: "Invalid value passed for ..."
DUPLICATE = 1001     # Zoho: "... already exists"
BAD_STATUS = 1003    # ours: the status forbids this move
NOT_FOUND = 1002     # Zoho: "... does not exist."


def reject(message: str, code=INVALID) -> RejectedError:
    return RejectedError(message, code)


def not_found(label: str, finance_id) -> NotFoundError:
    return NotFoundError(f"{label} {finance_id} does not exist.", NOT_FOUND)


def parse_id(value, field: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise reject(f"Invalid value passed for {field}: {value!r}") from None
    if not 0 < number < 2**63:
        raise reject(f"Invalid value passed for {field}: {value!r}")
    return number


def text(payload: dict, field: str, required: bool = False, max_length: int = 300) -> str | None:
    value = payload.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise reject(f"{field} is required")
        return None if value is None else ""
    if isinstance(value, (dict, list)):
        raise reject(f"Invalid value passed for {field}")
    value = str(value).strip()
    if len(value) > max_length:
        raise reject(f"{field} is longer than {max_length} characters")
    return value


def quantity(payload: dict, field: str, required: bool = False) -> Decimal | None:
    """A quantity greater than zero, exact to 3 decimals (half-up)."""
    value = payload.get(field)
    if value is None or value == "":
        if required:
            raise reject(f"{field} is required")
        return None
    try:
        number = Decimal(str(value).strip())
    except Exception:
        raise reject(f"Invalid value passed for {field}: {value!r}") from None
    if not number.is_finite() or number <= 0 or number >= Decimal("1000000000"):
        raise reject(f"Invalid value passed for {field}: {value!r}")
    return number.quantize(Decimal("0.001"), ROUND_HALF_UP)


def money(payload: dict, field: str, required: bool = False, minimum: Decimal | None = Decimal(0),
          default=None) -> Decimal | None:
    value = payload.get(field)
    if value is None or value == "":
        if required:
            raise reject(f"{field} is required")
        return default
    if isinstance(value, bool):
        raise reject(f"Invalid value passed for {field}: {value!r}")
    try:
        amount = to_money(value)
    except ValueError:
        raise reject(f"Invalid value passed for {field}: {value!r} is not a number") from None
    if abs(amount) >= Decimal("10000000000000"):
        raise reject(f"Invalid value passed for {field}: {value!r} is too large")
    if minimum is not None and amount < minimum:
        raise reject(f"{field} cannot be negative" if minimum == 0 else f"{field} must be at least {minimum}")
    return amount


def percent(payload: dict, field: str, maximum: Decimal | None = None) -> str | None:
    value = payload.get(field)
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except Exception:
        raise reject(f"Invalid value passed for {field}: {value!r}") from None
    if not number.is_finite() or number < 0 or (maximum is not None and number > maximum):
        raise reject(f"Invalid value passed for {field}: {value!r}")
    return format(number.normalize(), "f")


def date(payload: dict, field: str, required: bool = False) -> dt.date | None:
    value = payload.get(field)
    if value is None or value == "":
        if required:
            raise reject(f"{field} is required")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise reject(f"Invalid value passed for {field}: {value!r} (expected YYYY-MM-DD)") from None


def boolean(payload: dict, field: str) -> bool | None:
    value = payload.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes"):
        return True
    if str(value).lower() in ("false", "0", "no"):
        return False
    raise reject(f"Invalid value passed for {field}: {value!r}")


def address(payload: dict, field: str) -> str | None:
    value = payload.get(field)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise reject(f"Invalid value passed for {field}: expected an object")
    keys = ("address", "city", "state", "zip", "country")
    return json.dumps({k: str(value.get(k) or "") for k in keys})


def iso_date(value) -> str | None:
    return value.isoformat() if value else None


def iso_time(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") + "Z" if value else None


def parse_time(value) -> dt.datetime:
    """An ISO time (``Z``/offset or naive UTC) as naive UTC; ``ValueError`` if malformed."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        raw = re.sub(r"(:\d\d(?:\.\d+)?) (\d\d:?\d\d)$", r"\1+\2", str(value).strip())  # '+' sent unescaped
        moment = dt.datetime.fromisoformat(raw.replace(" ", "T").replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment
