"""Issue 17, item 12: Setup > Organisation, where an administrator gives the legal name, address,
tax id, contact and logo every document is headed with. The logo is a PNG or a JPEG by its
content, at most 1 MB and of a sane size, refused beside the field otherwise; each organisation
sees only its own."""
from __future__ import annotations

import re

from core.models.files import StoredFile
from core.organisation import profile_of
from tests.organisation_helpers import PROFILE, URL, image, post_profile


def error_beside(html: str, field: str) -> str:
    match = re.search(rf'<p class="error" id="error-{field}">([^<]*)</p>', html)
    assert match, f"no error beside {field}"
    return match.group(1)


def test_issue17_item12_only_administrators_open_the_organisation_page(tenant, make_user, client_for, web):
    """issue 17, item 12: the page is Setup's (linked from its navigation), the legal name starts
    as the organisation's name."""
    assert client_for(make_user(tenant, profile="Standard")).get(URL).status_code == 403
    assert f'href="{URL}"' in web.get("/setup/").get_data(as_text=True)
    page = web.get(URL)
    assert page.status_code == 200
    assert f'value="{tenant.name}"' in page.get_data(as_text=True)


def test_issue17_item12_the_profile_is_saved_and_shown_again(tenant, web):
    """issue 17, item 12: the legal name, address, tax id, e-mail and phone are kept."""
    assert web.post(URL, data=PROFILE).status_code == 400  # no CSRF token
    assert profile_of(tenant).tax_id == ""
    response = post_profile(web)
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = profile_of(tenant)
    assert {key: getattr(saved, key) for key in PROFILE} == PROFILE
    page = web.get(URL).get_data(as_text=True)
    assert 'value="DK12345678"' in page and 'value="Ærøskøbing"' in page


def test_issue17_item12_a_missing_name_or_a_bad_email_is_refused_beside_the_field(tenant, web):
    """issue 17, item 12: nothing is saved; what was typed stays in the form."""
    response = post_profile(web, legal_name="  ", email="not an address", city="Łódź")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "legal_name") and error_beside(html, "email")
    assert 'value="Łódź"' in html
    assert profile_of(tenant).city == ""


def test_issue17_item12_a_logo_that_is_not_a_png_or_jpeg_is_refused_beside_the_field(tenant, web):
    """issue 17, item 12: judged by the content, not by the name; a GIF is an image but not a logo."""
    for data, name in ((b"MZ\x90\x00 not an image at all", "logo.png"), (image("GIF"), "logo.png"),
                       (b"%PDF-1.4 a document", "logo.jpg"), (image("PNG")[:60], "cut.png")):
        response = post_profile(web, logo=(data, name))
        assert response.status_code == 422, name
        assert "PNG" in error_beside(response.get_data(as_text=True), "logo")
    assert profile_of(tenant).logo is None
    assert not StoredFile.select().where(StoredFile.tenant == tenant).exists()


def test_issue17_item12_a_logo_over_1_mb_or_too_many_pixels_is_refused(tenant, web):
    """issue 17, item 12: at most 1 MB, at most 2500 pixels a side."""
    large = image("PNG", (700, 700), noise=True)
    assert len(large) > 1024 * 1024
    response = post_profile(web, logo=(large, "large.png"))
    assert response.status_code == 422
    assert "1 MB" in error_beside(response.get_data(as_text=True), "logo")
    response = post_profile(web, logo=(image("PNG", (6000, 10)), "banner.png"))
    assert response.status_code == 422
    assert "2500" in error_beside(response.get_data(as_text=True), "logo")
    assert profile_of(tenant).logo is None


def test_issue17_item12_a_logo_is_uploaded_replaced_and_removed(tenant, web):
    """issue 17, item 12: the page shows the current logo (served by Setup) until it is removed."""
    png = image("PNG")
    assert post_profile(web, logo=(png, "logo.png")).status_code == 302
    assert profile_of(tenant).logo.name == "logo.png"
    served = web.get(f"{URL}/logo")
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", png)
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert f'src="{URL}/logo' in web.get(URL).get_data(as_text=True)

    jpeg = image("JPEG", (300, 100))
    assert post_profile(web, logo=(jpeg, "logo.png")).status_code == 302  # a JPEG, whatever it is called
    assert profile_of(tenant).logo.content_type == "image/jpeg"
    assert web.get(f"{URL}/logo").data == jpeg

    assert post_profile(web).status_code == 302  # saving the other fields keeps the logo
    assert profile_of(tenant).logo is not None
    assert post_profile(web, remove_logo=True).status_code == 302
    assert profile_of(tenant).logo is None
    assert web.get(f"{URL}/logo").status_code == 404
    assert f'src="{URL}/logo' not in web.get(URL).get_data(as_text=True)


def test_issue17_item12_an_organisation_never_sees_another_ones_logo(tenant, make_tenant, make_user, client_for, web):
    """issue 17, item 12: the logo's address names no organisation; each gets its own, and only
    its administrators."""
    ours = image("PNG", (50, 50))
    assert post_profile(web, logo=(ours, "ours.png")).status_code == 302
    other = make_tenant()
    their_web = client_for(make_user(other))
    assert their_web.get(f"{URL}/logo").status_code == 404
    theirs = image("JPEG", (60, 60))
    assert post_profile(their_web, logo=(theirs, "theirs.jpg")).status_code == 302
    assert their_web.get(f"{URL}/logo").data == theirs
    assert web.get(f"{URL}/logo").data == ours
    assert client_for(make_user(tenant, profile="Standard")).get(f"{URL}/logo").status_code == 403
    assert profile_of(other).legal_name == PROFILE["legal_name"] and profile_of(tenant).logo.name == "ours.png"


def test_issue17_item12_an_older_database_gains_the_organisation_table(registry, tenant, web):
    """issue 17, item 12: ``core 0011`` makes the table on a database from before it."""
    from core.db import db
    from core.migrations import migrate
    from core.models import SchemaMigration
    from core.models.organisation import OrganisationProfile
    db.drop_tables([OrganisationProfile])
    SchemaMigration.delete().where((SchemaMigration.app == "core")
                                   & (SchemaMigration.name == "0011_organisation_profile")).execute()
    assert "core.0011_organisation_profile" in migrate(registry)
    assert post_profile(web).status_code == 302 and profile_of(tenant).tax_id == PROFILE["tax_id"]
