"""Secrets at rest (issue 15): finance connections' client secrets, refresh and access tokens,
and the pending OAuth connects are stored encrypted with Fernet (AES-128 + HMAC-SHA256), under
a key that is never in the database.

The keys: ``SECRETS_KEY`` (env ``FINSUITE_SECRETS_KEY``), several comma-separated for a
rotation (the first encrypts, every one decrypts); without it, ``<instance>/secrets_key``,
generated once (mode 0600) like ``secret_key``. ``bind_secrets(app)`` (create_app) sets them;
a process that made no app (a helper process) reads them from the environment on first use.
``finsuite rotate-secrets`` re-encrypts everything with the first key (docs/secrets.md).
"""
from __future__ import annotations

import os
from pathlib import Path

import peewee
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_FILE = "secrets_key"
WRONG_KEY = ("the secrets key cannot decrypt the saved connection secrets: FINSUITE_SECRETS_KEY (or "
             "instance/secrets_key) is not the key they were encrypted with. Set the right key (during a "
             "rotation: the new one, a comma, the old one)")
_bound: dict[str, MultiFernet | None] = {"box": None}


class SecretsKeyError(RuntimeError):
    """The configured key cannot decrypt a stored secret (wrong or missing key)."""

    def __init__(self, message: str = WRONG_KEY):
        super().__init__(message)
        self.message = message


def _key_file(instance_path: str) -> str:
    path = Path(instance_path) / KEY_FILE
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def key_list(configured: str | None, instance_path: str) -> list[str]:
    """The keys of ``configured`` (comma-separated), else of the instance's key file."""
    return [k.strip() for k in str(configured or "").split(",") if k.strip()] or [_key_file(instance_path)]


def make_box(configured: str | None, instance_path: str) -> MultiFernet:
    keys = key_list(configured, instance_path)
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError):
        raise ValueError("FINSUITE_SECRETS_KEY is not a list of Fernet keys (32 url-safe base64 bytes "
                         "each, comma-separated); make one with `python -c \"from cryptography.fernet "
                         "import Fernet; print(Fernet.generate_key().decode())\"`") from None


def bind_secrets(app) -> None:
    """Bind the app's keys; ``app.config["SECRETS_KEY"]`` then names them (for the processes it
    starts, which must share them)."""
    app.config["SECRETS_KEY"] = ",".join(key_list(app.config.get("SECRETS_KEY"), app.instance_path))
    _bound["box"] = make_box(app.config["SECRETS_KEY"], app.instance_path)


def box() -> MultiFernet:
    if _bound["box"] is None:
        instance = os.environ.get("FINSUITE_INSTANCE", os.path.join(os.getcwd(), "instance"))
        _bound["box"] = make_box(os.environ.get("FINSUITE_SECRETS_KEY"), instance)
    return _bound["box"]


def seal(text: str) -> str:
    return box().encrypt(str(text).encode()).decode()


def unseal(token: str) -> str:
    try:
        return box().decrypt(str(token).encode()).decode()
    except InvalidToken:
        raise SecretsKeyError() from None


def reseal(token: str) -> str:
    """``token`` encrypted with the first key (``SecretsKeyError`` if no key reads it)."""
    try:
        return box().rotate(str(token).encode()).decode()
    except InvalidToken:
        raise SecretsKeyError() from None


class SealedText(peewee.TextField):
    """Text stored encrypted. ``forgetful``: a cache (an access token, a pending connect) that a
    wrong key reads as empty, so it is fetched or started again, rather than an error."""

    def __init__(self, *args, forgetful: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.forgetful = forgetful

    def db_value(self, value):
        return seal(value) if value else value

    def python_value(self, value):
        if not value:
            return value
        try:
            return unseal(value)
        except SecretsKeyError:
            if self.forgetful:
                return ""
            raise
