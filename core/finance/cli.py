"""``finsuite finance-serve``: the embedded finance application over HTTP, shaped like Zoho
(docs/finance-serve.md)."""
from __future__ import annotations

import os

import click

#: Finsuite's OAuth callback (core/web/finance_connect.py)
CALLBACK = "/setup/finance/zoho/callback"


@click.command("finance-serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8090, show_default=True, type=int)
@click.option("--token-ttl", default=3600, show_default=True, type=int,
              help="Seconds an access token lives.")
@click.option("--rate-limit", default=100, show_default=True, type=int,
              help="Requests per minute per organisation before HTTP 429.")
@click.option("--daily-budget", default=10_000, show_default=True, type=int,
              help="Requests per UTC day per organisation before HTTP 429.")
@click.option("--latency-ms", default=0, show_default=True, type=int, help="A delay per API call.")
@click.option("--faults", is_flag=True, help="Enable POST /_finserve/faults (tests, benchmarks).")
@click.option("--redirect-uri", "redirect_uris", multiple=True, metavar="URL",
              help="A redirect URI registered for the client (GET /oauth/v2/auth refuses others); "
                   "repeat for several. Default: Finsuite's callback on localhost:5000 and 127.0.0.1:5000.")
def finance_serve(host, port, token_ttl, rate_limit, daily_budget, latency_ms, faults, redirect_uris):
    """Serve the embedded finance application in the shape of the Zoho APIs.

    The finance database is the one the CRM uses (FINSUITE_FINANCE_DATABASE_URL, or beside
    FINSUITE_DATABASE_URL); its organisations are its own, apart from the tenants' embedded
    ones. Credentials: FINSUITE_FINANCE_CLIENT_ID, _CLIENT_SECRET, _REFRESH_TOKEN (demo defaults
    otherwise), FINSUITE_FINANCE_REDIRECT_URIS (space-separated).
    """
    from ..cli_common import make_app
    from ..cli_run import serve_app
    from .local import setup_finance
    from .server import create_finance_server
    from .server_state import DEFAULTS
    crm = make_app()
    try:
        url = setup_finance(crm)
    except Exception as exc:  # unreachable database, bad URL ...
        raise click.ClickException(f"cannot open the finance database: {str(exc).splitlines()[0]}") from None
    env = os.environ.get
    config = {"TOKEN_TTL": token_ttl, "RATE_LIMIT": rate_limit, "DAILY_BUDGET": daily_budget,
              "LATENCY_MS": latency_ms, "FAULTS_API": faults,
              "CLIENT_ID": env("FINSUITE_FINANCE_CLIENT_ID") or DEFAULTS["CLIENT_ID"],
              "CLIENT_SECRET": env("FINSUITE_FINANCE_CLIENT_SECRET") or DEFAULTS["CLIENT_SECRET"],
              "REFRESH_TOKEN": env("FINSUITE_FINANCE_REFRESH_TOKEN") or DEFAULTS["REFRESH_TOKEN"],
              "REDIRECT_URIS": list(redirect_uris) or (env("FINSUITE_FINANCE_REDIRECT_URIS") or "").split()
              or [f"http://{h}:5000{CALLBACK}" for h in ("localhost", "127.0.0.1")]}
    server = create_finance_server(config)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    base = f"http://{shown}:{port}"
    click.echo(f"Finance application (Zoho-shaped API) on {base}  (Ctrl+C to stop)")
    click.echo(f"  database       {url}")
    click.echo(f"  api_base       {base}   (Books {base}/books/v3, Invoice {base}/invoice/v3, ...)")
    click.echo(f"  accounts_url   {base}   (GET /oauth/v2/auth, POST /oauth/v2/token)")
    click.echo(f"  client_id      {config['CLIENT_ID']}")
    click.echo(f"  client_secret  {config['CLIENT_SECRET']}")
    click.echo(f"  refresh_token  {config['REFRESH_TOKEN']}   (or Connect in Setup > Finance Suite)")
    click.echo(f"  redirect URIs  {' '.join(config['REDIRECT_URIS'])}")
    click.echo(f"  tokens live {token_ttl} s; {rate_limit} requests/minute per organisation")
    serve_app(server, host, port, background=False)
