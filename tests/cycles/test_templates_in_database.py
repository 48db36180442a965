"""Cycle templates as data in the app database, edited by the state administrator in admin."""

import json

import pytest
from django.urls import reverse

from opencqi.accounts.roles import Role
from opencqi.cycles.loading import load_templates
from opencqi.cycles.models import CycleTemplate


def test_a_fresh_install_has_the_three_shipped_templates(db):
    assert dict(CycleTemplate.objects.values_list("name", "programme")) == {
        "ccfsr-2009": "child_welfare",
        "ccfsr-5yr": "child_welfare",
        "calcqi-5yr": "calworks",
    }
    assert CycleTemplate.objects.get(name="ccfsr-2009").rules().anchors == ("review_last_day",)


def test_loading_again_keeps_the_administrators_edits(db):
    template = CycleTemplate.objects.get(name="ccfsr-5yr")
    template.definition["title"] = "Edited by the state"
    template.save()
    assert load_templates() == 0
    assert CycleTemplate.objects.get(name="ccfsr-5yr").title == "Edited by the state"


def test_loading_recreates_a_deleted_template(db):
    CycleTemplate.objects.filter(name="calcqi-5yr").delete()
    assert load_templates() == 1
    assert CycleTemplate.objects.filter(name="calcqi-5yr").exists()


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.STATE_ADMIN))
    return client


def change_template(client, template, definition, seen_version=None):
    return client.post(
        reverse("admin:cycles_cycletemplate_change", args=[template.pk]),
        {
            "name": template.name,
            "programme": template.programme,
            "definition": json.dumps(definition),
            "seen_version": template.version if seen_version is None else seen_version,
        },
    )


def test_admin_refuses_a_broken_template_with_the_rules_message(admin_client):
    template = CycleTemplate.objects.get(name="ccfsr-2009")
    definition = template.definition
    step = next(s for s in definition["steps"] if s["id"] == "csa_final")
    step["from"] = "no_such_step"
    response = change_template(admin_client, template, definition)
    assert response.status_code == 200  # the form again, with the error
    assert "step csa_final: from &#x27;no_such_step&#x27; is not a step of this template" in (
        response.content.decode()
    )
    template.refresh_from_db()
    assert next(s for s in template.definition["steps"] if s["id"] == "csa_final")["from"] == (
        "review_report_final"
    )


def test_admin_saves_a_valid_edit_and_counts_the_version(admin_client):
    template = CycleTemplate.objects.get(name="ccfsr-2009")
    definition = template.definition
    next(s for s in definition["steps"] if s["id"] == "sip_final")["months"] = 5
    response = change_template(admin_client, template, definition)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.version == 2
    assert next(s for s in template.definition["steps"] if s["id"] == "sip_final")["months"] == 5


def test_admin_refuses_an_edit_made_on_an_old_copy(admin_client):
    template = CycleTemplate.objects.get(name="ccfsr-2009")
    CycleTemplate.objects.filter(pk=template.pk).update(version=2)  # someone saved meanwhile
    response = change_template(admin_client, template, template.definition, seen_version=1)
    assert "Someone saved this template while you were editing it" in response.content.decode()
