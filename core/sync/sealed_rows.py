"""Secrets at rest in the sync tables (core/sealing.py): sealing the plain secrets a database
made before them holds (migration ``sync.0007_seal_secrets``), and re-encrypting every secret
with the first key of a rotation (``finsuite rotate-secrets``)."""
from __future__ import annotations

import json

from ..db import db
from ..finance.zoho_tables import OAuthToken
from ..sealing import reseal
from .models import SECRET_SETTINGS, FinanceConnection, is_sealed
from .oauth import OAuthState


def seal_plain_secrets() -> int:
    """Encrypt the connections' secrets stored in clear; forget the cached access tokens and the
    pending connects stored in clear (a token is fetched again, a connect started again).
    Returns how many connections changed."""
    changed = 0
    with db.atomic():
        for connection in FinanceConnection.select():
            stored = connection.stored_settings
            if any(key in SECRET_SETTINGS and value and not is_sealed(value) for key, value in stored.items()):
                connection.store_settings(stored)
                FinanceConnection.update(settings_json=connection.settings_json).where(
                    FinanceConnection.id == connection.id).execute()
                changed += 1
        OAuthToken.update(access_token="").execute()
        OAuthState.delete().execute()
    return changed


def rotate_secrets() -> int:
    """Re-encrypt every stored secret with the first key (``SecretsKeyError`` if a secret is
    readable by none of the keys: nothing is changed). Returns how many secrets were re-encrypted."""
    count = 0
    with db.atomic():
        for connection in FinanceConnection.select():
            stored = connection.stored_settings
            sealed = {key: {"sealed": reseal(value["sealed"])} for key, value in stored.items() if is_sealed(value)}
            if sealed:
                FinanceConnection.update(settings_json=json.dumps({**stored, **sealed})).where(
                    FinanceConnection.id == connection.id).execute()
                count += len(sealed)
        for model, field in ((OAuthToken, OAuthToken.access_token), (OAuthState, OAuthState.pending_json)):
            for row in model.select(model.id, field):
                value = getattr(row, field.name)
                if value:  # read with any key, written with the first
                    model.update({field: value}).where(model.id == row.id).execute()
                    count += 1
    return count
