"""Every list of records on every form refuses an answer that is not a real record's id, with the list's message.

A choice is sent as the record's id. Tampered answers (an id too big for the database, a negative
id, "1.5", fullwidth digits, " 1 ") used to break some pages with an error; now each page shows
again with the field's own message ("Select ... from the list") and nothing is saved.
"""

from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from involvement.models import Route
from involvement.tests.factories import (
    ActivityTypeFactory,
    InvolvementRequestFactory,
    LivedExperienceAreaFactory,
    SkillFactory,
    form_data,
    make_team_lead,
    mid_month,
    submitted_request,
)
from peersupport.accounts.roles import Role
from peersupport.accounts.tests.factories import UserFactory
from tests.test_error_wording import DJANGO_DEFAULTS
from together_network.services.applications import application_link_send, application_path
from together_network.tests.factories import ExpertByExperienceFactory
from workforce.tests.factories import (
    CompetenceDomainFactory,
    CompetenceFactory,
    FundedPostFactory,
    PathwayRoleFactory,
    PeerSupportWorkerFactory,
    TeamFactory,
    TrainingCourseFactory,
)

pytestmark = pytest.mark.django_db

NOT_IDS = [2**63, 2**64, -1, "1.5", "abc", "", "１", " 1 ", "0x10", "9" * 5000]
PRODUCT_APPS = {"workforce", "involvement", "together_network", "notifications", "accounts"}


def _some_of_everything():
    """Records with small ids for every list, so a near-miss like " 1 " or "１" could match one."""
    ActivityTypeFactory()
    LivedExperienceAreaFactory()
    SkillFactory()
    TrainingCourseFactory()
    CompetenceFactory(domain=CompetenceDomainFactory())
    PeerSupportWorkerFactory()
    UserFactory(roles=[Role.TEAM_LEAD])


def _coordinator():
    return UserFactory(roles=[Role.NETWORK_COORDINATOR])


def _lead():
    return UserFactory(roles=[Role.PEER_SUPPORT_LEAD])


def _requester():
    return UserFactory(roles=[Role.REQUESTER])


# Each page: (who opens it, its address, answers that are fine apart from the field tried, the fields tried).
PAGES = {
    "new request": lambda: (_requester(), reverse("involvement:create"), form_data(), None),
    "changing a request": lambda: _changing_a_request(),
    "sending a request to the network": lambda: _sending_to_the_network(),
    "application form": lambda: (
        None,
        application_path(application_link_send(email="new.person@example.org", by=_coordinator())),
        {},
        None,
    ),
    "new rate": lambda: (_coordinator(), reverse("together_network:rate_add"), {}, None),
    "new expert": lambda: (_coordinator(), reverse("together_network:add_expert"), {}, None),
    "changing an expert": lambda: (
        _coordinator(),
        reverse("together_network:change_expert", args=[ExpertByExperienceFactory().pk]),
        {},
        None,
    ),
    "new role": lambda: (_lead(), reverse("workforce:pathway_role_add"), {}, None),
    "changing a role": lambda: (
        _lead(),
        reverse("workforce:pathway_role_change", args=[PathwayRoleFactory().pk]),
        {},
        None,
    ),
    "new competence": lambda: (_lead(), reverse("workforce:competence_add"), {}, None),
    "new course": lambda: (_lead(), reverse("workforce:course_add"), {}, None),
    "changing a course": lambda: (
        _lead(),
        reverse("workforce:course_change", args=[TrainingCourseFactory().pk]),
        {},
        None,
    ),
    "new funded post": lambda: (_lead(), reverse("workforce:funded_post_add"), {}, None),
    "changing a funded post": lambda: (
        _lead(),
        reverse("workforce:funded_post_change", args=[FundedPostFactory().pk]),
        {},
        None,
    ),
    "new person": lambda: (_lead(), reverse("workforce:add_person"), {}, None),
    "changing a person": lambda: (
        _lead(),
        reverse("workforce:edit_person", args=[PeerSupportWorkerFactory().pk]),
        {},
        None,
    ),
    "role change": lambda: (
        _lead(),
        reverse("workforce:record_role_change", args=[PeerSupportWorkerFactory().pk]),
        {},
        None,
    ),
    "competence sign-off": lambda: (
        _lead(),
        reverse("workforce:sign_off_competence", args=[PeerSupportWorkerFactory().pk]),
        {},
        None,
    ),
    "training record": lambda: (
        _lead(),
        reverse("workforce:add_training", args=[PeerSupportWorkerFactory().pk]),
        {},
        None,
    ),
}


def _changing_a_request():
    requester = _requester()
    request = InvolvementRequestFactory(requester=requester)
    return requester, reverse("involvement:edit", args=[request.pk]), form_data(), None


def _sending_to_the_network():
    """A request for a PSW with too little time left, which the lead may send to the network instead."""
    lead = make_team_lead()
    worker = PeerSupportWorkerFactory(allowance_hours=Decimal("1"), team=TeamFactory(leads=[lead]))
    request = submitted_request(
        route=Route.PSW,
        requesting_team=TeamFactory(leads=[lead]),
        peer_support_worker=worker,
        psw_hours=Decimal("2"),
        activity_date=mid_month(1),
    )
    return (
        lead,
        reverse("involvement:send_to_network", args=[request.pk]),
        {"places_needed": "1", "payment": "paid"},
        None,
    )


def _everything_saved() -> dict:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in PRODUCT_APPS
    }


def _record_lists(form) -> list[str]:
    return [name for name, field in form.fields.items() if isinstance(field, forms.ModelChoiceField)]


def _the_form(response) -> forms.BaseForm:
    """The form on the page with lists of records."""
    assert response.context is not None, f"the page answered {response.status_code} without showing a form"
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and _record_lists(value):
                return value
    raise AssertionError("the page shows no form with a list of records")


@pytest.mark.parametrize("page", list(PAGES))
def test_a_list_answer_that_is_not_a_record_s_id_gets_the_list_s_message(client, page):
    _some_of_everything()
    person, address, answers, _ = PAGES[page]()
    if person is not None:
        client.force_login(person)
    shown = client.get(address)
    assert shown.status_code == 200
    form = _the_form(shown)

    for name in _record_lists(form):
        field = form.fields[name]
        multiple = hasattr(field, "_check_values")
        for typed in NOT_IDS:
            if typed == "" and not multiple and not field.required:
                continue  # leaving an optional list unanswered is fine
            before = _everything_saved()

            response = client.post(address, {**answers, name: [str(typed)] if multiple else str(typed)})

            assert response.status_code == 200, (name, typed)
            errors = _the_form(response).errors.get(name, [])
            if typed == "" and not multiple:
                expected = field.error_messages["required"]
            else:
                expected = field.error_messages["invalid_pk_value" if multiple else "invalid_choice"]
            assert errors == [expected % {"pk": typed, "value": typed}], (name, typed)
            assert not DJANGO_DEFAULTS.match(errors[0])
            assert _everything_saved() == before, (name, typed)
