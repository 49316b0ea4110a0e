"""My language (French and locales): each user reads the product in the language they choose,
or the organisation's; dates and amounts follow it."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, refresh

from ..auth import login_required
from ..i18n import LANGUAGES
from .token_views import bp


@bp.route("/language", methods=["GET", "POST"])
@login_required
def language():
    """``/tokens/language``: beside the user's other own settings (My API tokens)."""
    errors = {}
    if request.method == "POST":
        chosen = request.form.get("language", "")
        if chosen and chosen not in LANGUAGES:
            errors["language"] = [_("Choose one of the languages offered.")]
        else:
            g.user.language = chosen
            g.user.save(only=[type(g.user).language])
            refresh()  # this answer already in the new language
            flash(_("Your language is saved."), "success")
            return redirect(url_for("tokens.language"))
    return render_template("language.html", languages=LANGUAGES, errors=errors,
                           organisation=LANGUAGES.get(g.tenant.locale.split("_")[0], g.tenant.locale)), \
        422 if errors else 200
