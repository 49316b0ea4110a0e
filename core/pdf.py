"""Printing records to PDF with xhtml2pdf, from the Jinja templates plugins declare (PdfTemplate).

Templates are looked up in the ``templates/`` folder of the loaded plugins' packages (and
``core/web/templates``), rendered with autoescaping, so user text is always text. A document
may only load the application's own static files: :func:`link_callback` resolves those and
refuses every other address, and the xhtml2pdf resource policy confines reads to the same
folders and forbids the network (fonts, watermarks ... bypass the callback). The one exception is
what the printing code itself embeds for a render (:func:`html_to_pdf`'s ``inline``: the
organisation's logo, read from our storage): a random name the callback answers with its
``data:`` URI during that render only.
"""
from __future__ import annotations

import io
import logging
import secrets
import threading
from contextvars import ContextVar
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import jinja2
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from flask import current_app

from .i18n import _, translate_declared

log = logging.getLogger(__name__)

#: what the link callback answers for a refused address: an empty inline resource, read from
#: the document itself (never a file or a URL)
REFUSED = "data:text/plain;base64,"
#: the font family templates use (``font-family: finsuite``): DejaVu Sans, for any script
FONT_FAMILY = "finsuite"
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"

#: the names :func:`link_callback` answers during the current render (name -> ``data:`` URI)
_inline: ContextVar[dict[str, str]] = ContextVar("finsuite_pdf_inline", default={})

_font_lock = threading.Lock()
_font_ready: str | None = None


class PdfError(Exception):
    """The module has no PDF template, or the template cannot be rendered."""


def _registry():
    return current_app.extensions["finsuite"]


def _plugin_dirs(name: str) -> list[Path]:
    """``<package>/<name>`` of every loaded plugin that has one."""
    out = []
    for plugin in _registry().pm.get_plugins():
        file = getattr(plugin, "__file__", None)
        if file:
            folder = Path(file).resolve().parent / name
            if folder.is_dir() and folder not in out:
                out.append(folder)
    return out


def static_roots() -> list[tuple[str, Path]]:
    """``(url_prefix, folder)`` of the application's static folders: the core's (``/assets``),
    the plugins' blueprints', and every plugin package's ``static/``."""
    cached = current_app.extensions.get("finsuite.static_roots")
    if cached is not None:
        return cached
    roots: list[tuple[str, Path]] = []
    for bp in current_app.blueprints.values():
        if bp.static_folder and Path(bp.static_folder).is_dir():
            prefix = (bp.url_prefix or "") + (bp.static_url_path or "/static")
            roots.append((prefix.rstrip("/"), Path(bp.static_folder).resolve()))
    known = {folder for _, folder in roots}
    for folder in _plugin_dirs("static"):
        if folder not in known:
            roots.append((f"/static/{folder.parent.name}", folder))
    current_app.extensions["finsuite.static_roots"] = roots
    return roots


def resolve_static(uri) -> Path | None:
    """The static file ``uri`` names (``/assets/finsuite.css``, or a path relative to a static
    folder), or ``None``: any scheme or host (file:, http:, data: ...), ``..``, a backslash,
    an absolute path outside the static URLs, or a file that does not exist."""
    if not isinstance(uri, str) or not uri or "\\" in uri or "\x00" in uri:
        return None
    parts = urlsplit(uri.strip())
    if parts.scheme or parts.netloc or parts.query or parts.fragment:
        return None
    path = unquote(parts.path)
    if "\\" in path or "\x00" in path or ".." in PurePosixPath(path).parts:
        return None
    candidates = []
    for prefix, folder in static_roots():
        if path.startswith("/"):
            if path.startswith(prefix + "/"):
                candidates.append((folder, path[len(prefix) + 1:]))
        else:
            candidates.append((folder, path))
    for folder, relative in candidates:
        target = (folder / relative).resolve()
        if target.is_relative_to(folder) and target.is_file():
            return target
    return None


def link_callback(uri, rel=None) -> str:
    """xhtml2pdf's link callback: what the render embeds under ``uri``, the static file's path,
    or :data:`REFUSED`."""
    embedded = _inline.get().get(uri) if isinstance(uri, str) else None
    if embedded is not None:
        return embedded
    target = resolve_static(uri)
    if target is None:
        log.info("PDF: refused to load %r", str(uri)[:200])
        return REFUSED
    return str(target)


def _policy():
    from xhtml2pdf.config.resources import ResourceAccessPolicy
    roots = tuple(folder for _, folder in static_roots())
    return ResourceAccessPolicy.server(base_dir=None, extra_roots=roots, allow_remote=False)


def font_path() -> str:
    return current_app.config.get("PDF_FONT_PATH") or f"{DEFAULT_FONT_DIR}/DejaVuSans.ttf"


def ensure_font() -> str:
    """Register the TTF font once (``PDF_FONT_PATH``, default DejaVu Sans, and its Bold beside it)
    so any name prints (Łódź, Ærøskøbing, €); returns the family to use in CSS."""
    global _font_ready
    path = font_path()
    if _font_ready == path:
        return FONT_FAMILY
    with _font_lock:
        if _font_ready == path:
            return FONT_FAMILY
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from xhtml2pdf import default
        if not Path(path).is_file():
            raise PdfError(f"The PDF font {path} is missing: install fonts-dejavu-core (scripts/setup.sh) "
                           "or set PDF_FONT_PATH.")
        bold_path = path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
        pdfmetrics.registerFont(TTFont("FinsuiteSans", path))
        bold = "FinsuiteSans"
        if bold_path != path and Path(bold_path).is_file():
            pdfmetrics.registerFont(TTFont("FinsuiteSans-Bold", bold_path))
            bold = "FinsuiteSans-Bold"
        for italic in (0, 1):
            addMapping("FinsuiteSans", 0, italic, "FinsuiteSans")
            addMapping("FinsuiteSans", 1, italic, bold)
        default.DEFAULT_FONT[FONT_FAMILY] = "FinsuiteSans"
        _font_ready = path
    return FONT_FAMILY


def _environment() -> jinja2.Environment:
    env = current_app.extensions.get("finsuite.pdf_env")
    if env is None:
        folders = [*_plugin_dirs("templates"), Path(__file__).resolve().parent / "web" / "templates"]
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]),
                                 autoescape=True, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
        from flask_babel import gettext, ngettext
        from .i18n import translate_declared
        env.install_gettext_callables(gettext, ngettext, newstyle=True)  # ``_('Bill to')``
        env.globals["tr"] = translate_declared
        current_app.extensions["finsuite.pdf_env"] = env
    return env


def formatters(tenant) -> dict:
    """``money``, ``number`` and ``date`` in the tenant's currency and locale."""
    locale = getattr(tenant, "locale", None) or "en_US"
    currency = getattr(tenant, "currency", None) or "USD"

    def money(value):
        return "" if value is None or value == "" else format_currency(value, currency, locale=locale)

    def number(value):
        return "" if value is None or value == "" else format_decimal(value, locale=locale)

    def date(value, fmt="medium"):
        return format_date(value, fmt, locale=locale) if value else ""
    return {"money": money, "number": number, "date": date}


def inline_name() -> str:
    """A name for a resource the printing code embeds (:func:`html_to_pdf`'s ``inline``): random,
    so no text in a document can name it."""
    return f"finsuite-inline-{secrets.token_hex(16)}"


def html_to_pdf(html: str, inline: dict[str, str] | None = None) -> bytes:
    """Convert HTML to PDF bytes, loading only static files and, during this render, the ``data:``
    URIs of ``inline`` (:func:`inline_name` -> URI) the code chose; raises :class:`PdfError`."""
    from xhtml2pdf import pisa
    ensure_font()
    out = io.BytesIO()
    token = _inline.set(dict(inline or {}))
    try:
        status = pisa.CreatePDF(html, dest=out, link_callback=link_callback, resource_policy=_policy(),
                                encoding="utf-8")
    finally:
        _inline.reset(token)
    if status.err:
        raise PdfError(_("The PDF could not be rendered."))
    return out.getvalue()


def render_pdf_template(template: str, **context) -> bytes:
    """Render the Jinja ``template`` (from a plugin's ``templates/``) with ``context`` to PDF.

    The context also has ``font`` (the CSS family) and :func:`formatters` for ``tenant``; with a
    ``tenant``, ``organisation`` (its :class:`~core.models.organisation.OrganisationProfile`) and
    ``logo`` (``{"src", "width", "height"}`` for an ``<img>``, or ``None``), which
    ``pdf/_letterhead.html`` prints."""
    tenant = context.get("tenant")
    from flask_babel import force_locale
    from .i18n import organisation_locale
    with force_locale(organisation_locale(tenant)):  # a customer reads the organisation's language
        return _render_pdf(template, tenant, context)


def _render_pdf(template: str, tenant, context: dict) -> bytes:
    values, inline = {"font": ensure_font(), **formatters(tenant), "logo": None}, {}
    if tenant is not None:
        from .organisation import printed_logo, profile_of
        values["organisation"] = profile_of(tenant)
        logo = printed_logo(values["organisation"])
        if logo is not None:
            name = inline_name()
            inline[name] = logo[0]
            values["logo"] = {"src": name, "width": logo[1], "height": logo[2]}
    html = _environment().get_template(template).render(**{**values, **context})
    return html_to_pdf(html, inline)


def referenced(module, record) -> dict:
    """``{field: record}`` for ``record``'s references (``account_id`` -> the account), read in
    the record's tenant; missing ones are left out."""
    registry = _registry()
    out = {}
    for field, target_name in module.references.items():
        target = registry.modules.get(target_name)
        value = getattr(record, field, None)
        if target is not None and value:
            found = target.model.get_scoped(record.tenant, value)
            if found is not None:
                out[field] = found
    return out


def pdf_template(module):
    """The module's :class:`core.PdfTemplate`, or ``None``."""
    name = module if isinstance(module, str) else module.name
    return _registry().pdf_templates.get(name)


def pdf_filename(title: str) -> str:
    """A safe file name from a record title: ``INV-000001.pdf``, ``Invoice-draft-5.pdf``."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in title)
    cleaned = "-".join(part for part in cleaned.split("-") if part).strip(".") or "document"
    return f"{cleaned[:100]}.pdf"


def render_pdf(module, record) -> bytes:
    """The record printed with its module's PdfTemplate. The template gets ``record``, ``module``,
    ``title``, ``tenant``, ``lines`` (its line items), ``refs`` (:func:`referenced`), ``font``,
    and the :func:`formatters` ``money``, ``number`` and ``date``."""
    from .documents import lines_for
    from .records import relay_for, title
    registry = _registry()
    module = registry.modules[module] if isinstance(module, str) else module
    spec = pdf_template(module)
    if spec is None:
        raise PdfError(_("%(module)s have no PDF template.", module=translate_declared(module.label)))
    tenant = record.tenant
    lines = lines_for(module, tenant, [record.id])[record.id] if module.line_items else []
    from flask_babel import force_locale
    from .i18n import organisation_locale
    with force_locale(organisation_locale(tenant)):  # its title too ("Invoice (draft #7)")
        named = title(module, record, relay_for(tenant))
    return render_pdf_template(spec.template, record=record, module=module, tenant=tenant, lines=lines,
                               title=named, refs=referenced(module, record))
