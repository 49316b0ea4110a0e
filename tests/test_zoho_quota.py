"""Y8: the tables every process shares the Zoho limits and tokens through (migration
``sync.0004``), and what Setup > Finance Suite shows of a Zoho connection's daily budget."""
from __future__ import annotations

import time

from core.db import db
from core.migrations import migrate as apply_migrations
from core.models import SchemaMigration
from core.sync.connections import configure

TABLES = ("sync_oauth_token", "sync_api_quota", "sync_api_call")


def test_y8_an_older_database_gains_the_shared_limit_and_token_tables(registry, ctx):
    for table in ("sync_api_call", "sync_api_quota", "sync_oauth_token"):
        db.execute_sql(f"DROP TABLE {table}")
    SchemaMigration.delete().where((SchemaMigration.app == "sync")
                                   & (SchemaMigration.name == "0004_zoho_limits")).execute()
    assert "sync.0004_zoho_limits" in apply_migrations(registry)
    assert set(TABLES) <= set(db.get_tables())


def test_y8_setup_shows_todays_calls_against_the_daily_budget(web, tenant):
    from core.finance.zoho_quota import Limits, today
    from core.finance.zoho_tables import ApiQuota
    settings = {"api_base": "http://127.0.0.1:9", "accounts_url": "http://127.0.0.1:9", "client_id": "c",
                "client_secret": "s", "refresh_token": "r", "daily_budget": 2500}
    org = f"org-{tenant.slug}"
    configure(tenant, "books", "zoho", org, settings)
    limits = Limits.from_settings({**settings, "organization_id": org})
    ApiQuota.create(key=limits.key, api_base=limits.api_base, organization_id=org, day=today(time.time()),
                    calls_today=1234, zoho_limit=10000, zoho_remaining=4321, zoho_reset_at=time.time() + 7200)
    page = web.get("/setup/finance/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    usage = html[html.index('id="api-usage"'):]
    assert 'data-app="books"' in usage
    assert "1,234 of 2,500 calls today" in usage
    assert "Zoho says 4,321 of 10,000 remain" in usage
    assert 'data-app="invoice"' not in usage  # the embedded application counts nothing
