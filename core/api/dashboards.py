"""Dashboards over the API (B12): list, create, read, change, delete, and every component's
result in one call. Another user's private dashboard and another tenant's are 404 alike; a
change by neither the owner nor an admin is 403; a wrong body is 422 naming the field."""
from __future__ import annotations

from flask import g, jsonify, url_for

from ..reports.dashboards import (
    component_data, create_dashboard, dashboard_json, dashboards_for, delete_dashboard, get_dashboard, open_reports,
    shown_components, update_dashboard,
)
from ..reports.side_by_side import run_side_by_side
from . import api
from .common import json_body, registry


def _context() -> tuple:
    return registry(), g.tenant, g.user, g.apps


def _answer(dashboard, status: int = 200):
    reg, tenant, user, apps = _context()
    shown = shown_components(dashboard, open_reports(reg, tenant, user, apps))
    response = jsonify(dashboard_json(dashboard, shown, user))
    response.status_code = status
    return response


@api.get("/dashboards")
def list_dashboards():
    reg, tenant, user, apps = _context()
    reports = open_reports(reg, tenant, user, apps)
    return jsonify(data=[dashboard_json(d, shown_components(d, reports), user)
                         for d in dashboards_for(reg, tenant, user, apps)])


@api.post("/dashboards")
def create_dashboard_view():
    dashboard = create_dashboard(*_context(), json_body())
    response = _answer(dashboard, 201)
    response.headers["Location"] = url_for(".get_dashboard_view", dashboard_id=dashboard.id)
    return response


@api.get("/dashboards/<id:dashboard_id>")
def get_dashboard_view(dashboard_id: int):
    return _answer(get_dashboard(*_context(), dashboard_id))


@api.patch("/dashboards/<id:dashboard_id>")
def update_dashboard_view(dashboard_id: int):
    dashboard = get_dashboard(*_context(), dashboard_id)
    return _answer(update_dashboard(*_context(), dashboard, json_body()))


@api.delete("/dashboards/<id:dashboard_id>")
def delete_dashboard_view(dashboard_id: int):
    delete_dashboard(g.user, get_dashboard(*_context(), dashboard_id))
    return "", 204


@api.get("/dashboards/<id:dashboard_id>/data")
def dashboard_data_view(dashboard_id: int):
    """Every component the user may see, each with its report's result, in one call."""
    reg, tenant, user, apps = _context()
    dashboard = get_dashboard(reg, tenant, user, apps, dashboard_id)
    shown = shown_components(dashboard, open_reports(reg, tenant, user, apps))
    return jsonify(id=dashboard.id, name=dashboard.name,
                   components=run_side_by_side(lambda s: component_data(reg, tenant, user, s), shown))
