"""What a user sends to make or change a dashboard (B12), read strictly: ``name``, ``shared``,
``components`` (each ``{"report", "label", "chart", "width"}``) and, to start from a default
dashboard, ``based_on``. Every part it cannot take is named (``components.2.width``), and
nothing is saved while one is wrong."""
from __future__ import annotations

from flask_babel import gettext as _

from ..field_words import enter
from ..inputs import unstorable, unstorable_message
from ..records import Invalid
from .definition import CHARTS

NAME_LENGTH = 100
LABEL_LENGTH = 200
KEY_LENGTH = 100
WIDTHS = (1, 2, 3, 4)
MAX_COMPONENTS = 24
COMPONENT_FIELDS = ("report", "label", "chart", "width")


class _Errors(dict):
    def add(self, key: str, message: str) -> None:
        self.setdefault(key, []).append(message)


def _text(errors: _Errors, key: str, value, high: int, required: bool) -> str | None:
    if not isinstance(value, str):
        errors.add(key, _("Not a valid string."))
        return None
    if len(value) > high:
        errors.add(key, _("At most %(max)s characters.", max=high))
    elif required and not value.strip():
        errors.add(key, str(enter(key)))  # "Enter a name."
    elif unstorable(value):
        errors.add(key, unstorable_message())
    else:
        return value.strip()
    return None


def _component(errors: _Errors, index: int, item, reports: dict) -> dict | None:
    """One component, its report one ``reports`` holds (the keys the user may open)."""
    key = f"components.{index}"
    if not isinstance(item, dict):
        errors.add(key, _("Not a valid object."))
        return None
    for name in sorted(set(item) - set(COMPONENT_FIELDS)):
        errors.add(f"{key}.{name}", _("Unknown field."))
    count = sum(len(v) for v in errors.values())
    report = _text(errors, f"{key}.report", item.get("report"), KEY_LENGTH, True) if "report" in item else None
    if "report" not in item:
        errors.add(f"{key}.report", _("Missing data for required field."))
    elif report is not None and report not in reports:
        errors.add(f"{key}.report", _("No report %(key)s.", key=report))
    label = _text(errors, f"{key}.label", item["label"], LABEL_LENGTH, False) if "label" in item else ""
    chart = item.get("chart", reports[report].definition.chart if report in reports else "table")
    if not isinstance(chart, str) or chart not in CHARTS:
        errors.add(f"{key}.chart", _("Must be one of: %(keys)s.", keys=", ".join(CHARTS)))
    width = item.get("width", 2)
    if not isinstance(width, int) or isinstance(width, bool) or width not in WIDTHS:
        errors.add(f"{key}.width", _("Must be a whole number from %(low)s to %(high)s.",
                                     low=WIDTHS[0], high=WIDTHS[-1]))
    if sum(len(v) for v in errors.values()) > count:
        return None
    return {"report": report, "label": label or "", "chart": chart, "width": width}


def read_dashboard(data: dict, reports: dict, defaults: dict, create: bool) -> dict:
    """The changes ``data`` asks for, checked: ``reports`` maps the keys of the reports the user
    may open to their entries, ``defaults`` the keys of the default dashboards one may start
    from (``based_on``, on create only). :class:`Invalid` names each wrong part."""
    errors = _Errors()
    allowed = {"name", "shared", "components", *(("based_on",) if create else ())}
    for name in sorted(set(data) - allowed):
        errors.add(name, _("Unknown field."))
    changes: dict = {}
    if "name" in data or create:
        changes["name"] = _text(errors, "name", data.get("name"), NAME_LENGTH, True) if "name" in data else None
        if "name" not in data:
            errors.add("name", str(enter("name")))
    if "shared" in data:
        if isinstance(data["shared"], bool):
            changes["shared"] = data["shared"]
        else:
            errors.add("shared", _("Not a valid boolean."))
    if create and "based_on" in data:
        based_on = data["based_on"]
        if not isinstance(based_on, str) or based_on not in defaults:
            errors.add("based_on", _("Must be one of: %(keys)s.", keys=", ".join(defaults) or "—"))
        else:
            changes["based_on"] = based_on
    if "components" in data:
        items = data["components"]
        if not isinstance(items, list) or len(items) > MAX_COMPONENTS:
            errors.add("components", _("Give a list of at most %(high)s.", high=MAX_COMPONENTS))
        else:
            changes["components"] = [_component(errors, i, item, reports) for i, item in enumerate(items)]
    if errors:
        raise Invalid(dict(errors))
    return changes
