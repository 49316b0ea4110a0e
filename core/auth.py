"""Who is asking: a server-side session for the browser, a Bearer token for the API."""
from __future__ import annotations

import datetime as dt
import functools

from flask import abort, current_app, g, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from .models import ApiToken, Profile, Tenant, User, UserSession, hash_secret, utcnow
from .permissions import can
from .tenancy import enabled_apps

SESSION_TOUCH = dt.timedelta(minutes=5)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(user: User, password: str) -> None:
    """Change a password and end every open session of the user. API tokens are separate
    secrets (not derived from the password): they keep working until revoked."""
    user.password_hash = hash_password(password)
    user.save()
    end_sessions(user)


def end_sessions(user: User) -> None:
    UserSession.delete().where(UserSession.user == user).execute()


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate ``user`` (saved by the caller). Deactivating ends every session
    and revokes every API token for good: a reactivated user logs in again and makes new tokens."""
    if user.is_active and not active:
        end_sessions(user)
        ApiToken.delete().where(ApiToken.user == user).execute()
    user.is_active = active


def authenticate(email: str, password: str) -> User | None:
    user = (User.select(User, Profile, Tenant).join(Profile).switch(User).join(Tenant)
            .where(User.email == (email or "").strip().lower()).first())
    if user is None:
        # spend the same time as a real check, so timing does not tell which e-mails exist
        check_password_hash(current_app.config["DUMMY_PASSWORD_HASH"], password or "")
        return None
    # the hash is checked for an inactive user too: the answer's time does not tell it apart
    if not check_password_hash(user.password_hash, password or "") or not user.is_active:
        return None
    return user


def login(user: User) -> None:
    session.clear()
    session["sid"] = UserSession.open(user)
    session.permanent = True


def logout() -> None:
    sid = session.get("sid")
    if sid:
        UserSession.delete().where(UserSession.key_hash == hash_secret(sid)).execute()
    session.clear()


def _user_query():
    return User.select(User, Profile, Tenant).join(Profile).switch(User).join(Tenant)


def _from_session() -> User | None:
    sid = session.get("sid")
    if not sid:
        return None
    row = (UserSession.select(UserSession, User, Profile, Tenant).join(User).join(Profile)
           .switch(User).join(Tenant).where(UserSession.key_hash == hash_secret(sid)).first())
    if row is None or not row.user.is_active:
        if row is not None:  # a session left by an older version: end it
            UserSession.delete().where(UserSession.id == row.id).execute()
        session.clear()
        return None
    if utcnow() - row.last_seen_at > SESSION_TOUCH:
        UserSession.update(last_seen_at=utcnow()).where(UserSession.id == row.id).execute()
    return row.user


def _from_token() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    token = (ApiToken.select(ApiToken, User, Profile, Tenant).join(User).join(Profile)
             .switch(User).join(Tenant).where(ApiToken.token_hash == hash_secret(secret.strip())).first())
    if token is None:
        return None
    if token.last_used_at is None or utcnow() - token.last_used_at > SESSION_TOUCH:
        ApiToken.update(last_used_at=utcnow()).where(ApiToken.id == token.id).execute()
    return token.user


def load_request_user(registry) -> None:
    """Set ``g.user``, ``g.tenant``, ``g.apps`` (enabled app names) and ``g.relay``."""
    is_api = request.path.startswith("/api/")
    user = _from_token() if is_api else _from_session()
    if user is not None and not user.is_active:
        user = None
    g.user = user
    g.tenant = user.tenant if user else None
    g.apps = enabled_apps(g.tenant) if user else []
    g.relay = registry.relay(g.apps)
    # the language is this reader's, whatever an earlier gettext in the same application context
    # (a test's fixtures, a plugin's lazy message) worked out and flask-babel kept on ``g``
    from flask_babel import refresh
    refresh()


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


def require(permission: str):
    """A view decorator: log in first, then ``permission`` or 403."""
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can(g.user, permission):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def admin_required(view):
    @functools.wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not g.user.profile.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapped
