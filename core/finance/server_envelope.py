"""Zoho's answer envelope ``{"code", "message", ...}`` and the error finance-serve raises to
answer one (docs/finance-serve.md "Envelope, errors")."""
from __future__ import annotations

from flask import jsonify


def envelope(code=0, message="success", status=200, **data):
    return jsonify({"code": code, "message": message, **data}), status


class HTTPProblem(Exception):
    def __init__(self, status: int, code: int, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
