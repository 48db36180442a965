from django.conf import settings


def test_pages_carry_a_content_security_policy(client, counties):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy


def test_scripts_on_a_page_carry_the_policy_nonce(client, counties):
    response = client.get("/")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert response.content.count(f'nonce="{nonce}"'.encode()) >= 3


def test_cookies_are_secure_outside_the_demo():
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_no_page_loads_anything_from_another_site(client, counties):
    html = client.get("/counties/").content.decode()
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
