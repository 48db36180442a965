import pytest
from django.urls import reverse

from opencqi.accounts.roles import Role
from tests.conftest import PASSWORD

HOME_HEADINGS = {
    Role.STATE_ADMIN: "State administration",
    Role.STATE_CONSULTANT: "Your counties",
    Role.COUNTY_LEAD: "Fresno County",
    Role.COUNTY_STAFF: "Fresno County",
    Role.PEER_REVIEWER: "Peer review",
    Role.FACILITATOR: "Facilitation",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_its_home_page(role, client, counties, make_user):
    make_user(role)
    response = client.post(
        reverse("login"), {"username": role.value, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert f"<h1>{HOME_HEADINGS[role]}</h1>" in response.content.decode()


def test_public_home_offers_sign_in(client, counties):
    response = client.get("/")
    assert b"Sign in" in response.content
    assert response.context["user"].is_anonymous


def test_wrong_password_is_refused_with_a_clear_message(client, counties, make_user):
    make_user(Role.COUNTY_LEAD)
    response = client.post(reverse("login"), {"username": "county_lead", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content


def test_five_failed_sign_ins_lock_the_user_name(client, counties, make_user):
    make_user(Role.COUNTY_LEAD)
    for _ in range(5):
        client.post(reverse("login"), {"username": "county_lead", "password": "nope"})
    response = client.post(reverse("login"), {"username": "county_lead", "password": PASSWORD})
    assert response.status_code == 429
    assert b"locked" in response.content
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client, counties, make_user):
    client.force_login(make_user(Role.COUNTY_STAFF))
    client.post(reverse("logout"))
    assert client.get(reverse("profile")).status_code == 302


def test_password_change_takes_the_new_password(client, counties, make_user):
    user = make_user(Role.COUNTY_STAFF)
    client.force_login(user)
    new = "a much longer new secret 42"
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": new,
            "new_password2": new,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_profile_lists_the_users_roles(client, counties, make_user):
    client.force_login(make_user(Role.COUNTY_LEAD))
    response = client.get(reverse("profile"))
    assert b"County CQI lead" in response.content
    assert b"Fresno" in response.content
