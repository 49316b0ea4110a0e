"""A process of tests/test_secrets_at_rest.py (a "restart"): builds the app from the environment
(FINSUITE_DATABASE_URL, FINSUITE_SECRETS_KEY or the instance's key file), then

    python -m tests.secrets_proc save SLUG SECRET   # books of SLUG on zoho, with SECRET as client secret
    python -m tests.secrets_proc read SLUG          # prints the client secret, or the error
"""
from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    from core.cli_common import get_tenant, make_app, opened
    from core.sealing import SecretsKeyError
    from core.sync.connections import configure, get_connection
    command, slug, *rest = argv
    with opened(make_app()):
        tenant = get_tenant(slug)
        if command == "save":
            configure(tenant, "books", "zoho", "60012345", {
                "api_base": "https://www.zohoapis.eu", "accounts_url": "https://accounts.zoho.eu",
                "client_id": "1000.CLIENT", "client_secret": rest[0], "refresh_token": "1000.refresh-" + rest[0]})
        else:
            try:
                print(get_connection(tenant, "books").settings["client_secret"])
            except SecretsKeyError as exc:
                print(f"Error: {exc.message}")
                sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
