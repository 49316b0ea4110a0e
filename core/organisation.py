"""The organisation's profile (Setup > Organisation): the legal name, address, tax id, contact and
logo heading every document it prints (``core/web/templates/pdf/_letterhead.html``).

The logo is a PNG or a JPEG by its content, at most :data:`MAX_LOGO_BYTES` and
:data:`MAX_LOGO_SIDE` pixels a side, decoded once on upload so a broken image never reaches a PDF;
it is stored like every upload (:func:`core.files.store_file`) and printed from that storage only
(:func:`logo_data_uri`), never from an address anyone typed.
"""
from __future__ import annotations

import base64
import io
import logging
import re

import peewee

from .db import db
from .files import FileRefused, Upload, clean_name, files_root, sniff, store_file
from .i18n import gettext as _
from .inputs import unstorable, unstorable_message
from .models.organisation import OrganisationProfile
from .records import Invalid, audit

log = logging.getLogger(__name__)

LOGO_TYPES = ("image/png", "image/jpeg")
MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_SIDE = 2500
#: the modes Pillow reads PNG and JPEG logos in that the PDF renderer (reportlab) prints
PRINTABLE_MODES = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK"})
#: form field -> (longest length, multi-line)
FIELDS = {"legal_name": (200, False), "street": (500, True), "postal_code": (20, False), "city": (100, False),
          "country": (100, False), "tax_id": (50, False), "email": (254, False), "phone": (50, False)}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def profile_of(tenant) -> OrganisationProfile:
    """The tenant's profile; until one is saved, an unsaved one with the tenant's name (and the
    address it was created with, as street lines)."""
    found = OrganisationProfile.scoped(tenant).first()
    if found is not None:
        return found
    return OrganisationProfile(tenant=tenant, legal_name=tenant.name, street=tenant.address or "")


def _refuse_image(data: bytes) -> str | None:
    """Why ``data`` (a PNG or JPEG by its first bytes) cannot be a logo, or ``None``."""
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            if picture.format not in ("PNG", "JPEG"):
                return _("Only PNG and JPEG images are accepted as a logo.")
            if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
                return _("The logo may be at most %(side)d × %(side)d pixels: this one is %(w)d × %(h)d.",
                         side=MAX_LOGO_SIDE, w=width, h=height)
            if picture.mode not in PRINTABLE_MODES:
                return _("This image's colours cannot be printed: save it as an 8-bit PNG or a JPEG.")
            picture.load()  # a truncated or corrupt file fails here, not in a PDF later
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for a broken file)
        return _("This file is not a readable PNG or JPEG image.")
    return None


def read_logo(storage) -> Upload:
    """An uploaded logo (werkzeug ``FileStorage``) read and checked; :class:`FileRefused` says why not."""
    data = storage.stream.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise FileRefused(_("The logo is larger than 1 MB."))
    if not data:
        raise FileRefused(_("The file is empty."))
    content_type = sniff(data)
    if content_type not in LOGO_TYPES:
        raise FileRefused(_("Only PNG and JPEG images are accepted as a logo: this file is neither, "
                            "whatever its name says."))
    reason = _refuse_image(data)
    if reason:
        raise FileRefused(reason)
    return Upload(clean_name(storage.filename, content_type), data, content_type)


def _clean(form) -> tuple[dict, dict]:
    values, errors = {}, {}
    for name, (longest, multiline) in FIELDS.items():
        value = (form.get(name) or "").replace("\r\n", "\n").strip()
        if unstorable(value, multiline=multiline):
            errors[name] = [unstorable_message()]
        elif len(value) > longest:
            errors[name] = [_("At most %(n)d characters.", n=longest)]
        values[name] = value
    if not values["legal_name"] and "legal_name" not in errors:
        errors["legal_name"] = [_("Enter the organisation's legal name.")]
    if values["email"] and not EMAIL.fullmatch(values["email"]) and "email" not in errors:
        errors["email"] = [_("Not a valid e-mail address.")]
    return values, errors


def save_profile(tenant, user, form, logo=None, remove_logo: bool = False) -> OrganisationProfile:
    """Save Setup > Organisation: ``form``'s fields, a new ``logo`` upload (``FileStorage``) or
    the current one removed. :class:`core.Invalid` (nothing saved) names each refused field."""
    values, errors = _clean(form)
    upload = None
    if logo is not None and logo.filename:
        try:
            upload = read_logo(logo)
        except FileRefused as exc:
            errors["logo"] = [str(exc)]
    if errors:
        raise Invalid(errors)
    try:
        return _save(tenant, user, values, upload, remove_logo)
    except peewee.IntegrityError:  # another administrator saved the first profile just now:
        return _save(tenant, user, values, upload, remove_logo)  # this one changes theirs


def _save(tenant, user, values: dict, upload, remove_logo: bool) -> OrganisationProfile:
    with db.atomic():
        profile = profile_of(tenant)
        before = {name: getattr(profile, name) for name in FIELDS}
        old_logo = profile.logo.name if profile.logo_id else None
        for name, value in values.items():
            setattr(profile, name, value)
        if upload is not None:
            profile.logo = store_file(tenant, upload)
        elif remove_logo:
            profile.logo = None
        profile.save()
        changes = {name: [before[name], value] for name, value in values.items() if before[name] != value}
        new_logo = profile.logo.name if profile.logo_id else None
        if upload is not None or old_logo != new_logo:
            changes["logo"] = [old_logo, new_logo]
        audit(tenant, user, "organisation", profile.id, "update", changes)
    return profile


def logo_path(profile):
    """The stored logo's file, or ``None`` (no logo, another tenant's row, or a missing file)."""
    stored = profile.logo if profile.logo_id else None
    if stored is None or stored.tenant_id != profile.tenant_id or stored.content_type not in LOGO_TYPES:
        return None
    path = files_root() / stored.path
    if not path.is_file():
        log.warning("the logo of tenant %s is missing from %s", profile.tenant_id, path)
        return None
    return path


#: the box a logo is fitted in on a document (CSS pixels: 6 x 2 cm)
LOGO_BOX = (227, 76)


def printed_logo(profile) -> tuple[str, int, int] | None:
    """The logo for the PDF renderer: its ``data:`` URI, read from our own storage, and its width
    and height fitted in :data:`LOGO_BOX`; ``None`` without one."""
    from PIL import Image
    path = logo_path(profile)
    if path is None:
        return None
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height, 1)
    uri = f"data:{profile.logo.content_type};base64,{base64.b64encode(data).decode('ascii')}"
    return uri, max(1, round(width * scale)), max(1, round(height * scale))
