from django.contrib.auth.models import User

from opencqi.accounts.roles import Role
from opencqi.counties.models import County
from opencqi.site.demo import load_demo_content


def test_demo_content_gives_one_working_login_per_role(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    logins = load_demo_content(log=lambda *_: None)
    assert County.objects.count() == 58
    assert {label for _, label, _ in logins} == {role.label for role in Role}
    for username, _, password in logins:
        assert User.objects.get(username=username).check_password(password), username


def test_running_the_demo_twice_keeps_existing_data(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = load_demo_content(log=lambda *_: None)
    lead = User.objects.get(username="county-lead")
    lead.first_name = "Changed"
    lead.save()
    second = load_demo_content(log=lambda *_: None)
    assert first == second
    assert User.objects.get(username="county-lead").first_name == "Changed"
    assert User.objects.count() == len(first)
