"""Shared pieces of the Expense tests: making expenses and reports through the API, files of each
accepted type (real magic numbers), the finance side's view."""
from __future__ import annotations

import io
import struct
import zlib

from core.finance.local.service import LocalFinance
from core.sync.connections import get_connection
from core.testing import finance_of
from core.sync.models import SyncMapping


def create_expense(api, **fields) -> dict:
    body = {"date": "2026-05-04", "category": "Meals", "amount": "40.00", "tax": "4.00", "merchant": "Bistro",
            **fields}
    response = api.post("/api/v1/expense/expenses", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def create_report(api, expense_ids, **fields) -> dict:
    body = {"title": "Lyon trip", "start_date": "2026-05-01", "end_date": "2026-05-07",
            "expense_ids": list(expense_ids), **fields}
    response = api.post("/api/v1/expense/reports", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def png() -> bytes:
    """A real 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


#: the first bytes of each accepted type, padded (what the server checks is the content)
SAMPLES = {
    "image/png": ("receipt.png", png()),
    "image/jpeg": ("receipt.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"),
    "image/gif": ("receipt.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    "image/webp": ("receipt.webp", b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 18),
    "application/pdf": ("receipt.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
}


def upload(api, expense_id: int, name: str, data: bytes, method: str = "put"):
    return getattr(api, method)(f"/api/v1/expense/expenses/{expense_id}/files/receipt",
                                data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def expense_finance(tenant) -> LocalFinance:
    """The tenant's Expense organisation in the embedded finance application."""
    return finance_of(tenant, "expense")


def finance_id_of(tenant, module: str, record_id: int) -> str | None:
    org_key = get_connection(tenant, "expense").org_key
    return SyncMapping.select(SyncMapping.finance_id).where(
        (SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key) & (SyncMapping.module == module)
        & (SyncMapping.record_id == record_id)).scalar()
