"""Zoho's API limits of one organisation (API host + organisation id), kept in the database so
that every process (workers, web) keeps them together (Y8; docs/sync.md "The zoho transport").

- ``rate_limit`` calls in any ``rate_window``: a call (a row of ``sync_api_call``) counts from
  when it is sent until ``rate_window`` after its answer, since Zoho counts it on arrival,
  somewhere between the two;
- ``max_in_flight`` calls at once: a call holds a slot until its answer, or until its
  ``slot_lease`` ends if its process was killed;
- ``daily_budget`` calls a UTC day, never more than Zoho's ``X-Rate-Limit-Remaining`` says (it
  counts the organisation's other integrations too); ``"periodic"`` calls stop at
  ``budget_reserve``; after a 429 nobody calls before the reset it announced (``paused_until``).
A wait beyond ``retry_after_cap`` is a ``TransientError`` with ``retry_after`` (seconds).

Each decision locks the organisation's ``sync_api_quota`` row (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite every transaction is ``BEGIN IMMEDIATE``). Times are epoch seconds by the
database's clock on PostgreSQL (so hosts agree), by this host's on SQLite.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass

import peewee

from ..db import db, is_postgres
from .base import TransientError
from .zoho_tables import ApiCall, ApiQuota, clock

log = logging.getLogger(__name__)

POLL = 0.1  # seconds between looks while calls in flight hold what a call waits for
EPOCH_AFTER = 1e9  # an X-Rate-Limit-Reset larger than this is an epoch time, not seconds


@dataclass(frozen=True)
class Limits:
    api_base: str
    organization_id: str
    rate_limit: int = 100
    rate_window: float = 60.0
    max_in_flight: int = 5
    daily_budget: int = 1000
    budget_reserve: int = 100
    slot_lease: float = 70.0
    max_wait: float = 120.0

    @classmethod
    def from_settings(cls, settings: dict) -> Limits:
        budget = int(settings.get("daily_budget", 1000))
        reserve = settings.get("budget_reserve")
        timeout = float(settings.get("timeout", 30))
        return cls(str(settings["api_base"]).rstrip("/"), str(settings["organization_id"]),
                   int(settings.get("rate_limit", 100)), float(settings.get("rate_window", 60.0)),
                   max(1, int(settings.get("max_in_flight", 5))), budget,
                   int(reserve) if reserve is not None else budget // 10,
                   float(settings.get("slot_lease", 2 * timeout + 10)),
                   float(settings.get("retry_after_cap", 120.0)))

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{self.api_base}\n{self.organization_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Ticket:
    call_id: int
    quota_id: int
    waited: float


def today(now: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(now))


def next_midnight(now: float) -> float:
    return (now // 86400 + 1) * 86400


def parse_reset(value, now: float) -> float | None:
    """``X-Rate-Limit-Reset`` as an epoch time: seconds from now, or an epoch time already."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds > EPOCH_AFTER else now + max(0.0, seconds)


def transient(message: str, retry_after: float, code=None) -> TransientError:
    exc = TransientError(message, code)
    exc.retry_after = max(0.0, retry_after)
    return exc


def _locked(limits: Limits) -> ApiQuota:
    """The organisation's row, locked until the transaction ends (made the first time)."""
    if db.obj is None:
        raise RuntimeError("the zoho transport keeps its limits and tokens in the database: "
                           "bind core.db first (create_app does)")
    query = ApiQuota.select().where(ApiQuota.key == limits.key)
    if is_postgres():
        query = query.for_update()
    row = query.get_or_none()
    if row is None:
        ApiQuota.insert(key=limits.key, api_base=limits.api_base,
                        organization_id=limits.organization_id).on_conflict_ignore().execute()
        row = query.get()
    return row


def _budget(quota: ApiQuota, limits: Limits, now: float) -> tuple[int, float]:
    """What remains of today's budget, and in how many seconds it resets."""
    if quota.day != today(now):
        quota.day, quota.calls_today = today(now), 0
    remaining, reset_in = limits.daily_budget - quota.calls_today, next_midnight(now) - now
    if quota.zoho_remaining is not None and (quota.zoho_reset_at or 0) > now \
            and quota.zoho_remaining < remaining:
        remaining, reset_in = quota.zoho_remaining, quota.zoho_reset_at - now
    return remaining, reset_in


def _slot_wait(quota: ApiQuota, limits: Limits, now: float) -> tuple[float | None, str]:
    """``(None, "")`` if a call may go now, else how long to wait and why."""
    rows = list(ApiCall.select(ApiCall.window_until, ApiCall.lease_until)
                .where((ApiCall.quota == quota) & (ApiCall.window_until > now))
                .order_by(ApiCall.window_until).tuples())
    if sum(1 for _, lease in rows if lease > now) >= limits.max_in_flight:
        return POLL, f"{limits.max_in_flight} calls in flight"
    if len(rows) >= limits.rate_limit:
        until, lease = rows[len(rows) - limits.rate_limit]
        return (POLL if lease > now else until - now), \
            f"{limits.rate_limit} calls in {limits.rate_window:g} s"
    return None, ""


def _take(limits: Limits, priority: str) -> tuple[int | None, int, float, str]:
    """In a transaction: ``(call id, quota id, 0, "")`` for a call counted now, else
    ``(None, quota id, seconds to wait, why)``."""
    quota = _locked(limits)
    now = clock()
    remaining, reset_in = _budget(quota, limits, now)
    wait, why = None, ""
    if remaining <= 0:
        wait, why = reset_in, f"Zoho's daily API budget is spent ({quota.calls_today} calls today)"
    elif priority == "periodic" and remaining <= limits.budget_reserve:
        raise transient(f"Zoho's daily API budget is nearly spent ({remaining} calls left, the reserve "
                        f"of {limits.budget_reserve} is kept for users' changes): periodic sync waits for "
                        "the reset", reset_in)
    elif quota.paused_until > now:
        wait, why = quota.paused_until - now, "Zoho answered 429 (API call limit exceeded)"
    else:
        wait, why = _slot_wait(quota, limits, now)
    call_id = None
    if wait is None:
        call_id = ApiCall.insert(quota=quota, started=now, lease_until=now + limits.slot_lease,
                                 window_until=now + limits.slot_lease + limits.rate_window).execute()
        quota.calls_today += 1
        if quota.zoho_remaining is not None:
            quota.zoho_remaining -= 1
        ApiCall.delete().where((ApiCall.quota == quota) & (ApiCall.window_until <= now)).execute()
    if quota.is_dirty():
        quota.save(only=quota.dirty_fields)
    return call_id, quota.id, wait or 0.0, why


def acquire(limits: Limits, priority: str = "instant", max_wait: float | None = None,
            sleep=time.sleep) -> Ticket:
    """Wait until a call of the organisation may be sent and count it (release it with
    :func:`release`); ``TransientError`` with ``retry_after`` when that is beyond ``max_wait``."""
    max_wait = limits.max_wait if max_wait is None else max_wait
    waited = 0.0
    while True:
        try:
            with db.atomic():
                call_id, quota_id, wait, why = _take(limits, priority)
        except peewee.OperationalError as exc:  # the database busy or gone, not this call's doing
            raise transient(f"Zoho's limits could not be read from the database: {exc}", 1.0) from exc
        if call_id is not None:
            return Ticket(call_id, quota_id, waited)
        if waited + wait > max_wait:
            raise transient(f"{why}: next call in {wait:.0f} s", wait, 429)
        step = min(wait, 1.0)
        sleep(step)
        waited += step


def release(ticket: Ticket, limits: Limits, headers=None, pause: float | None = None,
            sent: bool = True) -> None:
    """The call's answer came (or it failed): its slot is free, it stays in the window for
    ``rate_window``; Zoho's ``X-Rate-Limit-*`` headers are kept; ``pause``: nobody calls the
    organisation for that many seconds (a 429). ``sent=False``: it was never sent, not counted.
    A database error is logged: the call's lease frees its slot anyway."""
    try:
        with db.atomic():
            now = clock()
            if not sent:
                ApiCall.delete().where(ApiCall.id == ticket.call_id).execute()
                ApiQuota.update(calls_today=ApiQuota.calls_today - 1).where(
                    (ApiQuota.id == ticket.quota_id) & (ApiQuota.calls_today > 0)).execute()
                return
            ApiCall.update(lease_until=0.0, window_until=now + limits.rate_window).where(
                ApiCall.id == ticket.call_id).execute()
            if pause is not None:
                until = now + pause
                values = {"paused_until": peewee.Case(None, [(ApiQuota.paused_until < until, until)],
                                                      ApiQuota.paused_until)}
            else:
                values = _zoho_figures(headers or {}, now)
            if values:
                ApiQuota.update(values).where(ApiQuota.id == ticket.quota_id).execute()
    except peewee.OperationalError:
        log.warning("the answer of a Zoho call could not be recorded", exc_info=True)


def _zoho_figures(headers, now: float) -> dict:
    """What an answer's ``X-Rate-Limit-*`` headers say, as ``sync_api_quota`` columns."""
    try:
        remaining = int(headers.get("X-Rate-Limit-Remaining"))
        limit = int(headers.get("X-Rate-Limit-Limit") or 0) or None
    except (TypeError, ValueError):
        return {}
    return {"zoho_remaining": remaining, "zoho_limit": limit,
            "zoho_reset_at": parse_reset(headers.get("X-Rate-Limit-Reset"), now)}


def usage_of(limits: Limits) -> dict:
    """Today's calls against the daily budget, and what Zoho last said remains."""
    now = time.time()
    quota = ApiQuota.get_or_none(ApiQuota.key == limits.key)
    moment = lambda epoch: dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)  # noqa: E731
    out = {"calls_today": quota.calls_today if quota is not None and quota.day == today(now) else 0,
           "daily_budget": limits.daily_budget, "budget_reserve": limits.budget_reserve,
           "resets_at": moment(next_midnight(now)), "zoho_limit": None, "zoho_remaining": None,
           "zoho_resets_at": None, "paused_until": None}
    if quota is not None and quota.zoho_remaining is not None and (quota.zoho_reset_at or 0) > now:
        out.update(zoho_limit=quota.zoho_limit, zoho_remaining=max(0, quota.zoho_remaining),
                   zoho_resets_at=moment(quota.zoho_reset_at))
    if quota is not None and quota.paused_until > now:
        out["paused_until"] = moment(quota.paused_until)
    return out


def usage(connection) -> dict | None:
    """:func:`usage_of` a ``zoho`` connection (``core.sync.models.FinanceConnection``), else None."""
    settings = connection.stored_settings  # no secret is needed
    if connection.connector != "zoho" or not settings.get("api_base"):
        return None
    return usage_of(Limits.from_settings({**settings, "organization_id": connection.organization_id}))

