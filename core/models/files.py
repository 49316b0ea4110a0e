"""Files users upload (receipts ...): one row per upload, the bytes on disk (``core.files``)."""
from __future__ import annotations

import peewee

from .base import TenantModel


class StoredFile(TenantModel):
    """An uploaded file of one tenant. ``path`` is relative to the files folder
    (``<tenant id>/<sha256[:2]>/<sha256>``): two uploads of the same bytes share it."""

    sha256 = peewee.CharField(max_length=64)
    name = peewee.CharField(max_length=255)
    content_type = peewee.CharField(max_length=100)
    size = peewee.BigIntegerField()
    path = peewee.CharField(max_length=300)

    class Meta:
        table_name = "stored_file"
        indexes = ((("tenant", "sha256"), False),)

    def __str__(self):
        return self.name

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "content_type": self.content_type, "size": self.size}
