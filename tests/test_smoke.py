def test_c2_login_page_and_session(app, admin):
    from core.testing import PASSWORD, csrf_from
    client = app.test_client()
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True).replace("'", '"'))
    bad = client.post("/login", data={"email": admin.email, "password": "nope", "csrf_token": token})
    assert bad.status_code == 401
    ok = client.post("/login", data={"email": admin.email, "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302
    assert admin.email in client.get("/").get_data(as_text=True)
