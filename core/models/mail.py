"""E-mails sent from record pages (the e-mail dialog, ``POST /api/v1/<module>/<id>/email``, a
resend): the e-mail log (B15)."""
from __future__ import annotations

import json

import peewee

from .auth import User
from ..schemas import rfc3339
from .base import BaseModel, Tenant, utcnow

SENT, FAILED = "sent", "failed"


class EmailLog(BaseModel):
    """One e-mail sent about a record, or tried and failed: who, to whom, what it carried, and,
    to send it again, its text and the options ticked (``body`` and ``options`` are ``None`` on
    rows written before they were kept)."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    module = peewee.CharField(max_length=100)
    record_id = peewee.IntegerField()
    user = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    to = peewee.TextField(column_name="to_addresses")
    cc = peewee.TextField(column_name="cc_addresses", default="")
    subject = peewee.CharField(max_length=255)
    attachments = peewee.TextField(default="[]")
    sent_at = peewee.DateTimeField(default=utcnow)
    status = peewee.CharField(max_length=10, default=SENT)
    error = peewee.TextField(default="")
    body = peewee.TextField(null=True)
    options = peewee.TextField(null=True)            # the ticked options' keys, JSON
    message_id = peewee.CharField(max_length=255, null=True)
    resent_from = peewee.IntegerField(null=True)     # the log row this one sent again

    class Meta:
        indexes = ((("tenant", "module", "record_id", "sent_at"), False), (("tenant", "sent_at"), False))

    @property
    def to_list(self) -> list[str]:
        return [a for a in self.to.split(",") if a]

    @property
    def cc_list(self) -> list[str]:
        return [a for a in self.cc.split(",") if a]

    @property
    def attachment_names(self) -> list[str]:
        return json.loads(self.attachments or "[]")

    @property
    def option_keys(self) -> list[str] | None:
        return None if self.options is None else json.loads(self.options)

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def as_dict(self) -> dict:
        return {"id": self.id, "module": self.module, "record_id": self.record_id, "user_id": self.user_id,
                "to": self.to_list, "cc": self.cc_list, "subject": self.subject,
                "attachments": self.attachment_names, "sent_at": rfc3339(self.sent_at), "status": self.status,
                "error": self.error or None, "resent_from": self.resent_from}
