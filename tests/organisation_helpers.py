"""Shared pieces of the organisation profile tests (issue 17, item 12): logos made with Pillow,
the Setup > Organisation form posted as an administrator would, and the images a PDF embeds."""
from __future__ import annotations

import io
import os

from PIL import Image
from pypdf import PdfReader

from core.testing import csrf_from

URL = "/setup/organisation"
PROFILE = {"legal_name": "Ærø Handel ApS", "street": "Torvet 3\nBygning B", "postal_code": "5970",
           "city": "Ærøskøbing", "country": "Danmark", "tax_id": "DK12345678", "email": "billing@aero.example",
           "phone": "+45 62 52 00 00"}


def image(kind: str = "PNG", size=(120, 40), noise: bool = False) -> bytes:
    """A real image file: a red rectangle, or random pixels (which do not compress)."""
    if noise:
        picture = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        picture = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    picture.save(out, kind)
    return out.getvalue()


def post_profile(web, logo: tuple[bytes, str] | None = None, **fields):
    """Setup > Organisation saved with :data:`PROFILE` changed by ``fields`` (``logo``: the bytes
    and the file's name; ``remove_logo=True`` ticks Remove)."""
    data = {"csrf_token": csrf_from(web.get(URL).get_data(as_text=True)), **PROFILE}
    if fields.pop("remove_logo", False):
        data["logo-remove"] = "1"
    data.update(fields)
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[0]), logo[1])
    return web.post(URL, data=data, content_type="multipart/form-data")


def embedded_images(pdf: bytes) -> list[str]:
    """The names of the image XObjects on the PDF's pages."""
    names = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        names += [name for name, ref in xobjects.items() if ref.get_object().get("/Subtype") == "/Image"]
    return names
