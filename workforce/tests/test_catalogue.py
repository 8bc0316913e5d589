"""The peer support lead keeps the pathway's roles, the competence framework and the training catalogue."""

import datetime
import html
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts.roles import Role
from workforce.models import Competence, CompetenceAchievement, CompetenceDomain, PathwayRole, TrainingCourse
from workforce.selectors.pathway import progression
from workforce.selectors.people import person_profile
from workforce.tests.bulk import bulk_workforce
from workforce.tests.factories import (
    CompetenceAchievementFactory,
    CompetenceDomainFactory,
    CompetenceFactory,
    PeerSupportWorkerFactory,
    TeamFactory,
    TrainingCourseFactory,
    TrainingRecordFactory,
)
from workforce.tests.test_people_pages import count_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PATHWAY = reverse("workforce:pathway")
COMPETENCES = reverse("workforce:competences")
COURSES = reverse("workforce:courses")
BAND_MESSAGE = "Enter an Agenda for Change band from 1 to 9, or 8a to 8d, like 4 or 8a"
RENEWAL_MESSAGE = "The renewal period must be from 1 to 120 months, or left empty if the course never expires"

REFUSED = [
    Role.TEAM_LEAD,
    Role.REQUESTER,
    Role.NETWORK_COORDINATOR,
    Role.PEER_SUPPORT_WORKER,
    Role.EXPERT_BY_EXPERIENCE,
]


def text(response) -> str:
    return html.unescape(response.content.decode())


def row_of(page: str, name: str) -> str:
    """The table row that starts with `name`."""
    return next(row for row in page.split("<tr")[1:] if name in row.split("</td>")[0]).split("</tr>")[0]


def checked_boxes(page: str, field: str) -> list[str]:
    return re.findall(rf'<input type="checkbox" name="{field}" value="(\w+)"[^>]* checked', page)


def roles_in_order() -> list[str]:
    return list(PathwayRole.objects.order_by("order").values_list("name", flat=True))


@pytest.fixture
def first_step():
    return PathwayRole.objects.get(name="Peer support worker")


@pytest.fixture
def senior():
    return PathwayRole.objects.get(name="Senior peer support worker")


@pytest.fixture
def relationships():
    return CompetenceDomainFactory(name="Building relationships")


@pytest.fixture
def catalogue(senior, relationships):
    """One of each thing the pages change, for the permission checks."""
    return {
        "role": senior,
        "domain": relationships,
        "competence": CompetenceFactory(domain=relationships, name="Listens without judging"),
        "course": TrainingCourseFactory(name="Safeguarding adults level 2", renewal_months=36),
    }


def role_data(**overrides) -> dict:
    return {"name": "Peer trainer", "band": "5", "position": "first", **overrides}


def course_data(**overrides) -> dict:
    return {"name": "Intentional Peer Support core training", "provider": "", "renewal_months": "", **overrides}


def role_change_data(role: PathwayRole, **overrides) -> dict:
    """What the change form sends back untouched: its name, band, place, courses and competences."""
    before = PathwayRole.objects.filter(order__lt=role.order).order_by("-order").first()
    data = {
        "name": role.name,
        "band": role.band,
        "position": str(before.pk) if before else "first",
        "mandatory_courses": [course.pk for course in role.mandatory_courses.all()],
    }
    for competence in role.required_competences.all():
        data.setdefault(f"competences_{competence.domain_id}", []).append(competence.pk)
    return {**data, **overrides}


def snapshot() -> tuple:
    """Everything the catalogue pages could change, to show a refused request changed nothing."""
    return (
        list(PathwayRole.objects.order_by("pk").values_list("name", "band", "order")),
        list(PathwayRole.required_competences.through.objects.order_by("pk").values_list("pk", flat=True)),
        list(TrainingCourse.objects.order_by("pk").values_list("name", "provider", "renewal_months")),
        list(TrainingCourse.mandatory_for.through.objects.order_by("pk").values_list("pk", flat=True)),
        list(CompetenceDomain.objects.order_by("pk").values_list("name", "order")),
        list(Competence.objects.order_by("pk").values_list("name", "domain_id")),
    )


# --- Who may --------------------------------------------------------------------------------

# (page, url from the catalogue fixture, what a valid POST sends)
EDIT_PAGES = {
    "pathway_role_add": (lambda c: reverse("workforce:pathway_role_add"), lambda c: role_data()),
    "pathway_role_change": (
        lambda c: reverse("workforce:pathway_role_change", args=[c["role"].pk]),
        lambda c: role_change_data(c["role"], band="6"),
    ),
    "competence_domain_add": (lambda c: reverse("workforce:competence_domain_add"), lambda c: {"name": "Leadership"}),
    "competence_domain_change": (
        lambda c: reverse("workforce:competence_domain_change", args=[c["domain"].pk]),
        lambda c: {"name": "Relationships"},
    ),
    "competence_add": (
        lambda c: reverse("workforce:competence_add"),
        lambda c: {"domain": c["domain"].pk, "name": "Keeps boundaries kind and clear"},
    ),
    "competence_change": (
        lambda c: reverse("workforce:competence_change", args=[c["competence"].pk]),
        lambda c: {"domain": c["domain"].pk, "name": "Listens well"},
    ),
    "competence_delete": (lambda c: reverse("workforce:competence_delete", args=[c["competence"].pk]), lambda c: {}),
    "course_add": (lambda c: reverse("workforce:course_add"), lambda c: course_data()),
    "course_change": (
        lambda c: reverse("workforce:course_change", args=[c["course"].pk]),
        lambda c: course_data(name="Safeguarding adults level 3"),
    ),
    "pathway_role_move": (
        lambda c: reverse("workforce:pathway_role_move", args=[c["role"].pk]),
        lambda c: {"direction": "up"},
    ),
}
READ_PAGES = {"competences": COMPETENCES, "courses": COURSES}


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize(
    ("role", "status"), [(Role.PEER_SUPPORT_LEAD, 200), (Role.ADMIN, 200)] + [(r, 403) for r in REFUSED]
)
def test_who_sees_the_framework_and_the_catalogue(client, login_as, catalogue, page, role, status):
    login_as(role)

    assert client.get(READ_PAGES[page]).status_code == status


@pytest.mark.parametrize("page", EDIT_PAGES)
@pytest.mark.parametrize("role", [Role.ADMIN, *REFUSED])
def test_only_the_peer_support_lead_changes_the_pathway_and_the_catalogue(client, login_as, catalogue, page, role):
    login_as(role)
    url, data = EDIT_PAGES[page]
    before = snapshot()

    assert client.get(url(catalogue)).status_code == 403
    assert client.post(url(catalogue), data(catalogue)).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_the_peer_support_lead_opens_and_saves_every_page(client, login_as, catalogue, page):
    login_as(Role.PEER_SUPPORT_LEAD)
    url, data = EDIT_PAGES[page]
    before = snapshot()

    opened = client.get(url(catalogue)).status_code
    saved = client.post(url(catalogue), data(catalogue))

    assert opened == (405 if page == "pathway_role_move" else 200)  # a move is a button, never a link
    assert saved.status_code == 302, text(saved)
    assert snapshot() != before


def test_the_admin_reads_the_framework_and_the_catalogue_without_ways_to_change_them(client, login_as, catalogue):
    login_as(Role.ADMIN)

    framework, courses, pathway = text(client.get(COMPETENCES)), text(client.get(COURSES)), text(client.get(PATHWAY))

    assert "Listens without judging" in framework and "Add a domain" not in framework
    assert "Safeguarding adults level 2" in courses and "Add a course" not in courses
    assert "Add a role" not in pathway and "Move up" not in pathway
    assert reverse("workforce:pathway_role_change", args=[catalogue["role"].pk]) not in pathway
    assert 'href="/workforce/pathway/competences/"' in pathway and 'href="/workforce/training/courses/"' in pathway


def test_the_pathway_page_gives_the_peer_support_lead_the_ways_to_change_it(client, login_as, senior):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.get(PATHWAY))

    assert "Admins change the roles" not in page
    assert reverse("workforce:pathway_role_add") in page
    assert reverse("workforce:pathway_role_change", args=[senior.pk]) in page
    assert reverse("workforce:competences") in page and reverse("workforce:courses") in page
    cards = page.split('class="nhsuk-card"')[1:]
    assert "Move up" not in cards[0] and "Move down" in cards[0]
    assert "Move up" in cards[-1] and "Move down" not in cards[-1]


# --- Roles on the pathway -------------------------------------------------------------------


def test_the_peer_support_lead_adds_a_role_where_it_belongs_on_the_pathway(client, login_as, first_step, senior):
    lead = login_as(Role.PEER_SUPPORT_LEAD)
    course = TrainingCourseFactory(name="Peer trainer course")
    competence = CompetenceFactory(name="Co-delivers training with a peer")

    response = client.post(
        reverse("workforce:pathway_role_add"),
        role_data(
            name="Peer support worker (developing)",
            band="Band 4",
            position=str(first_step.pk),
            mandatory_courses=[course.pk],
            **{f"competences_{competence.domain_id}": [competence.pk]},
        ),
    )

    added = PathwayRole.objects.get(name="Peer support worker (developing)")
    assert response.status_code == 302 and response.url.endswith(f"#role-{added.pk}")
    assert roles_in_order()[:3] == ["Peer support worker", "Peer support worker (developing)", senior.name]
    assert added.band == "4"
    assert list(added.mandatory_courses.all()) == [course]
    assert list(added.required_competences.all()) == [competence]
    orders = list(PathwayRole.objects.order_by("order").values_list("order", flat=True))
    assert orders == [10 * step for step in range(1, len(orders) + 1)]
    page = text(client.get(response.url))
    assert "Peer support worker (developing) (band 4) added to the pathway." in page
    entry = LogEntry.objects.get(object_id=str(added.pk), content_type__model="pathwayrole")
    assert entry.user == lead and entry.is_addition()


def test_a_new_role_is_offered_after_the_last_one_unless_placed_elsewhere(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    last = PathwayRole.objects.order_by("order").last()

    form = text(client.get(reverse("workforce:pathway_role_add")))

    checked = re.findall(r'<input type="radio" name="position" value="(\w+)"[^>]* checked', form)
    assert checked == [str(last.pk)]
    assert "First, before Peer support worker" in form


def test_changing_a_role_keeps_its_place_and_is_logged(client, login_as, senior):
    lead = login_as(Role.PEER_SUPPORT_LEAD)
    order = roles_in_order()

    response = client.post(
        reverse("workforce:pathway_role_change", args=[senior.pk]),
        role_change_data(senior, name="Senior peer support worker (band 4)", band="4"),
    )

    assert response.status_code == 302
    senior.refresh_from_db()
    assert senior.name == "Senior peer support worker (band 4)"
    assert roles_in_order() == [senior.name if name == "Senior peer support worker" else name for name in order]
    entry = LogEntry.objects.get(object_id=str(senior.pk), content_type__model="pathwayrole")
    assert entry.user == lead and entry.get_change_message() == "Changed Name."


@pytest.mark.parametrize(("band", "saved"), [("3", "3"), ("8a", "8a"), ("8D", "8d"), ("Band 9", "9"), (" 7 ", "7")])
def test_agenda_for_change_bands_are_accepted_as_people_write_them(client, login_as, senior, band, saved):
    login_as(Role.PEER_SUPPORT_LEAD)

    client.post(reverse("workforce:pathway_role_change", args=[senior.pk]), role_change_data(senior, band=band))

    senior.refresh_from_db()
    assert senior.band == saved


@pytest.mark.parametrize("band", ["10", "0", "8e", "4b", "three", "8 a"])
def test_a_band_that_is_not_an_agenda_for_change_band_is_refused(client, login_as, senior, band):
    login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(
        reverse("workforce:pathway_role_change", args=[senior.pk]), role_change_data(senior, band=band)
    )

    page = text(response)
    assert response.status_code == 200
    assert f'<a href="#id_band">{BAND_MESSAGE}</a>' in page
    assert f'value="{band}"' in page  # what they typed is kept
    senior.refresh_from_db()
    assert senior.band == "4"


@pytest.mark.parametrize(
    "name", ["Senior peer support worker", "SENIOR PEER SUPPORT WORKER", " senior peer support worker "]
)
def test_a_second_role_of_the_same_name_is_refused_whatever_the_case(client, login_as, senior, name):
    login_as(Role.PEER_SUPPORT_LEAD)
    count = PathwayRole.objects.count()

    page = text(client.post(reverse("workforce:pathway_role_add"), role_data(name=name)))

    assert "There is already a role called 'Senior peer support worker' on the pathway" in page
    assert PathwayRole.objects.count() == count


def test_an_empty_role_form_says_what_is_missing_and_links_to_the_first_radio(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.post(reverse("workforce:pathway_role_add"), {}))

    assert '<a href="#id_name">Enter the name of the role</a>' in page
    assert '<a href="#id_band">Enter the role\'s Agenda for Change band</a>' in page
    assert '<a href="#id_position_0">Choose where the role goes on the pathway</a>' in page


def test_names_too_long_and_nonsense_choices_are_refused_with_the_rest_kept(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)
    TrainingCourseFactory()

    page = text(
        client.post(
            reverse("workforce:pathway_role_add"),
            role_data(name="P" * 101, band="4", position="nowhere", mandatory_courses=["abc"]),
        )
    )

    assert '<a href="#id_name">The name must be 100 characters or fewer</a>' in page
    assert '<a href="#id_position_0">Choose where the role goes on the pathway</a>' in page
    assert '<a href="#id_mandatory_courses_0">One of the courses has just been removed: choose again</a>' in page
    assert 'value="4"' in page
    assert not PathwayRole.objects.filter(name__startswith="PPP").exists()


def test_a_course_removed_while_the_form_was_open_is_reported_against_the_first_checkbox(client, login_as, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    TrainingCourseFactory()

    page = text(
        client.post(
            reverse("workforce:pathway_role_change", args=[senior.pk]),
            role_change_data(senior, mandatory_courses=[999999]),
        )
    )

    assert '<a href="#id_mandatory_courses_0">One of the courses has just been removed: choose again</a>' in page


def test_the_role_form_groups_competences_by_domain_with_the_roles_needs_ticked(client, login_as, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    recovery = CompetenceDomainFactory(name="Supporting recovery and wellbeing")
    needed = CompetenceFactory(domain=recovery, name="Co-produces a recovery plan")
    CompetenceFactory(domain=recovery, name="Runs a wellbeing group")
    senior.required_competences.add(needed)

    page = text(client.get(reverse("workforce:pathway_role_change", args=[senior.pk])))

    group = page.split("<legend")[1:]
    recovery_group = next(
        part
        for part in group
        if part.startswith(' class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Supporting recovery')
    )
    assert "Co-produces a recovery plan" in recovery_group and "Runs a wellbeing group" in recovery_group
    assert checked_boxes(page, f"competences_{recovery.pk}") == [str(needed.pk)]
    assert "Roles cannot be deleted" in page


def test_removing_a_requirement_makes_someone_ready_to_progress(client, login_as, first_step, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    course = TrainingCourseFactory(name="Intentional Peer Support core training", mandatory_for=[senior])
    held = CompetenceFactory(name="Listens without judging")
    missing = CompetenceFactory(name="Leads a recovery group")
    senior.required_competences.add(held, missing)
    worker = PeerSupportWorkerFactory(full_name="Ada Almost", pathway_role=first_step)
    TrainingRecordFactory(peer_support_worker=worker, course=course)
    CompetenceAchievementFactory(peer_support_worker=worker, competence=held)
    assert not progression(person_profile(worker_id=worker.pk)).ready_to_progress

    response = client.post(
        reverse("workforce:pathway_role_change", args=[senior.pk]),
        role_change_data(senior, **{f"competences_{held.domain_id}": [held.pk]}),
    )

    assert response.status_code == 302
    position = progression(person_profile(worker_id=worker.pk))
    assert position.ready_to_progress and position.next_role == senior
    ready = text(client.get(PATHWAY)).split('id="ready"')[1].split('id="nearly-ready"')[0]
    assert "Ada Almost" in ready


def test_adding_a_mandatory_course_holds_people_back_until_they_hold_it(client, login_as, first_step, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    worker = PeerSupportWorkerFactory(full_name="Ben Before", pathway_role=first_step)
    course = TrainingCourseFactory(name="Lone working")
    assert progression(person_profile(worker_id=worker.pk)).ready_to_progress

    client.post(
        reverse("workforce:pathway_role_change", args=[senior.pk]),
        role_change_data(senior, mandatory_courses=[course.pk]),
    )

    position = progression(person_profile(worker_id=worker.pk))
    assert not position.ready_to_progress
    assert [row.course for row in position.missing_training] == [course]


# --- Moving roles ---------------------------------------------------------------------------


def move(client, role: PathwayRole, direction: str):
    return client.post(reverse("workforce:pathway_role_move", args=[role.pk]), {"direction": direction})


def test_moving_a_role_up_and_down_changes_the_pathways_order(client, login_as, first_step, senior):
    lead = login_as(Role.PEER_SUPPORT_LEAD)
    order = roles_in_order()

    response = move(client, senior, "up")

    assert response.status_code == 302 and response.url.endswith(f"#role-{senior.pk}")
    assert roles_in_order() == [order[1], order[0], *order[2:]]
    assert "Senior peer support worker moved up: it is now step 1 of the pathway." in text(client.get(response.url))
    assert LogEntry.objects.get(object_id=str(senior.pk)).user == lead

    move(client, senior, "down")

    assert roles_in_order() == order


def test_who_is_next_follows_the_new_order(client, login_as, first_step, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    lead_role = PathwayRole.objects.get(name="Lead peer support worker / peer trainer")
    worker = PeerSupportWorkerFactory(pathway_role=first_step)

    move(client, lead_role, "up")

    assert progression(person_profile(worker_id=worker.pk)).next_role == lead_role


def test_the_first_role_cannot_move_up_nor_the_last_down(client, login_as, first_step):
    login_as(Role.PEER_SUPPORT_LEAD)
    last = PathwayRole.objects.order_by("order").last()
    order = roles_in_order()

    first_page = text(client.get(move(client, first_step, "up").url))
    last_page = text(client.get(move(client, last, "down").url))

    assert "Peer support worker is already the first step of the pathway" in first_page
    assert f"{last.name} is already the last step of the pathway" in last_page
    assert roles_in_order() == order


def test_a_move_without_a_direction_changes_nothing(client, login_as, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    order = roles_in_order()

    page = text(client.get(move(client, senior, "sideways").url))

    assert "Choose whether to move the role up or down" in page
    assert roles_in_order() == order


def test_a_role_can_be_placed_first_from_its_change_form(client, login_as, senior):
    login_as(Role.PEER_SUPPORT_LEAD)

    client.post(reverse("workforce:pathway_role_change", args=[senior.pk]), role_change_data(senior, position="first"))

    assert roles_in_order()[0] == "Senior peer support worker"
    assert "First, before Senior peer support worker" not in text(
        client.get(reverse("workforce:pathway_role_change", args=[senior.pk]))
    )


# --- The competence framework ---------------------------------------------------------------


def test_the_framework_lists_domains_in_order_with_their_competences_and_use(client, login_as, relationships, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    values = CompetenceDomain.objects.get(name="Values and principles of peer support")
    used = CompetenceFactory(domain=relationships, name="Listens without judging")
    senior.required_competences.add(used)
    CompetenceAchievementFactory.create_batch(2, competence=used)
    CompetenceFactory(domain=values, name="Explains what peer support is")

    page = text(client.get(COMPETENCES))

    assert page.index(values.name) < page.index(relationships.name)
    row = row_of(page, "Listens without judging")
    assert "2 people" in row and "Senior peer support worker" in row and "Delete" not in row
    unused_row = row_of(page, "Explains what peer support is")
    assert "0 people" in unused_row and "Delete" in unused_row


def test_the_peer_support_lead_adds_and_renames_a_domain(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    client.post(reverse("workforce:competence_domain_add"), {"name": "Leadership and supervision"})
    domain = CompetenceDomain.objects.get(name="Leadership and supervision")
    response = client.post(reverse("workforce:competence_domain_change", args=[domain.pk]), {"name": "Leading peers"})

    assert CompetenceDomain.objects.order_by("order").last().name == "Leading peers"
    assert "Domain renamed to 'Leading peers'." in text(client.get(response.url))


@pytest.mark.parametrize("name", ["Building relationships", "building RELATIONSHIPS"])
def test_a_second_domain_of_the_same_name_is_refused(client, login_as, relationships, name):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.post(reverse("workforce:competence_domain_add"), {"name": name}))

    assert "There is already a domain called 'Building relationships' in the framework" in page
    assert CompetenceDomain.objects.filter(name__iexact="building relationships").count() == 1


def test_the_peer_support_lead_adds_a_competence_to_a_domain_and_rewords_it(client, login_as, relationships):
    login_as(Role.PEER_SUPPORT_LEAD)

    form = text(client.get(reverse("workforce:competence_add") + f"?domain={relationships.pk}"))
    client.post(reverse("workforce:competence_add"), {"domain": relationships.pk, "name": "Keeps boundaries kind"})
    competence = Competence.objects.get(name="Keeps boundaries kind")
    achievement = CompetenceAchievementFactory(competence=competence)
    client.post(
        reverse("workforce:competence_change", args=[competence.pk]),
        {"domain": relationships.pk, "name": "Keeps boundaries kind and clear"},
    )

    assert f'<option value="{relationships.pk}" selected>' in form
    competence.refresh_from_db()
    assert competence.name == "Keeps boundaries kind and clear"
    assert list(competence.achievements.all()) == [achievement]  # rewording keeps who achieved it


@pytest.mark.parametrize("domain", ["²", "99999999999999999999999"])
def test_adding_a_competence_with_a_domain_that_is_not_a_number_offers_every_domain(
    client, login_as, relationships, domain
):
    login_as(Role.PEER_SUPPORT_LEAD)

    response = client.get(reverse("workforce:competence_add") + f"?domain={domain}")

    assert response.status_code == 200
    assert f'<option value="{relationships.pk}">' in text(response)


def test_a_competence_may_share_its_words_with_one_in_another_domain_only(client, login_as, relationships):
    login_as(Role.PEER_SUPPORT_LEAD)
    CompetenceFactory(domain=relationships, name="Reflects on their practice")
    other = CompetenceDomain.objects.get(name="Professional development and self-care")

    refused = text(
        client.post(
            reverse("workforce:competence_add"), {"domain": relationships.pk, "name": "reflects on their practice"}
        )
    )
    allowed = client.post(
        reverse("workforce:competence_add"), {"domain": other.pk, "name": "Reflects on their practice"}
    )

    assert "'Building relationships' already has a competence called 'Reflects on their practice'" in refused
    assert allowed.status_code == 302


def test_an_empty_competence_form_says_what_is_missing(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.post(reverse("workforce:competence_add"), {"name": "  "}))

    assert '<a href="#id_domain">Choose the domain the competence belongs to</a>' in page
    assert '<a href="#id_name">Enter the competence</a>' in page


def test_an_unused_competence_is_deleted(client, login_as, relationships):
    lead = login_as(Role.PEER_SUPPORT_LEAD)
    mistake = CompetenceFactory(domain=relationships, name="Typo competence")

    confirm = text(client.get(reverse("workforce:competence_delete", args=[mistake.pk])))
    response = client.post(reverse("workforce:competence_delete", args=[mistake.pk]))

    assert "Delete the competence 'Typo competence'?" in confirm
    assert not Competence.objects.filter(pk=mistake.pk).exists()
    assert "Competence 'Typo competence' deleted." in text(client.get(response.url))
    assert LogEntry.objects.get(object_repr="Typo competence").user == lead


def test_a_competence_someone_achieved_cannot_be_deleted(client, login_as, relationships):
    login_as(Role.PEER_SUPPORT_LEAD)
    competence = CompetenceFactory(domain=relationships, name="Listens without judging")
    CompetenceAchievementFactory.create_batch(2, competence=competence)

    page = text(client.post(reverse("workforce:competence_delete", args=[competence.pk])))

    assert "You cannot delete this competence" in page
    assert "'Listens without judging' cannot be deleted because 2 people have achieved it." in page
    assert "rename it instead" in page and "Delete competence" not in page
    assert Competence.objects.filter(pk=competence.pk).exists()
    assert CompetenceAchievement.objects.filter(competence=competence).count() == 2


def test_a_competence_a_role_requires_cannot_be_deleted(client, login_as, relationships, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    competence = CompetenceFactory(domain=relationships, name="Leads a recovery group")
    senior.required_competences.add(competence)

    page = text(client.post(reverse("workforce:competence_delete", args=[competence.pk])))

    assert (
        "'Leads a recovery group' cannot be deleted because the role Senior peer support worker requires it. "
        "Take it off that role first." in page
    )
    assert list(senior.required_competences.all()) == [competence]


# --- The training catalogue -----------------------------------------------------------------


def test_the_catalogue_lists_each_course_with_its_roles_renewal_and_current_holders(client, login_as, senior):
    login_as(Role.PEER_SUPPORT_LEAD)
    course = TrainingCourseFactory(
        name="Safeguarding adults level 2", provider="Trust L&D", renewal_months=36, mandatory_for=[senior]
    )
    TrainingCourseFactory(name="Mental Health First Aid", provider="", renewal_months=None)
    current = TrainingRecordFactory.create_batch(2, course=course)
    TrainingRecordFactory(peer_support_worker=current[0].peer_support_worker, course=course)  # counted once
    TrainingRecordFactory(course=course, completed_on=TODAY - datetime.timedelta(days=1200))  # expired
    TrainingRecordFactory(course=course, peer_support_worker=PeerSupportWorkerFactory(status="left", end_date=TODAY))

    page = text(client.get(COURSES))

    row = row_of(page, "Safeguarding adults level 2")
    assert "Trust L&D" in row and "Every 36 months" in row and "Senior peer support worker" in row
    assert row.split("People with a current record </span>")[1].startswith("2<")
    other = row_of(page, "Mental Health First Aid")
    assert "Not recorded" in other and "Never expires" in other and "No role" in other
    assert reverse("workforce:course_change", args=[course.pk]) in row


def test_the_peer_support_lead_adds_a_course_mandatory_for_some_roles(client, login_as, first_step, senior):
    lead = login_as(Role.PEER_SUPPORT_LEAD)

    response = client.post(
        reverse("workforce:course_add"),
        course_data(
            provider="  Intentional Peer Support  ", renewal_months="24", mandatory_for=[first_step.pk, senior.pk]
        ),
    )

    course = TrainingCourse.objects.get(name="Intentional Peer Support core training")
    assert (course.provider, course.renewal_months) == ("Intentional Peer Support", 24)
    assert set(course.mandatory_for.all()) == {first_step, senior}
    assert response.url.endswith(f"#course-{course.pk}")
    assert "Intentional Peer Support core training added to the catalogue." in text(client.get(response.url))
    assert LogEntry.objects.get(object_id=str(course.pk), content_type__model="trainingcourse").user == lead


def test_a_course_with_no_renewal_never_expires(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    client.post(reverse("workforce:course_add"), course_data(renewal_months=""))

    assert TrainingCourse.objects.get(name="Intentional Peer Support core training").renewal_months is None


@pytest.mark.parametrize(
    ("renewal", "message"),
    [
        ("0", RENEWAL_MESSAGE),
        ("121", RENEWAL_MESSAGE),
        ("-12", RENEWAL_MESSAGE),
        ("twelve", "Enter the renewal period as a whole number of months, like 12"),
        ("1.5", "Enter the renewal period as a whole number of months, like 12"),
    ],
)
def test_a_renewal_period_out_of_range_is_refused(client, login_as, renewal, message):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.post(reverse("workforce:course_add"), course_data(renewal_months=renewal)))

    assert f'<a href="#id_renewal_months">{message}</a>' in page
    assert f'value="{renewal}"' in page
    assert not TrainingCourse.objects.exists()


@pytest.mark.parametrize(
    "name", ["Safeguarding adults level 2", "SAFEGUARDING ADULTS LEVEL 2", "safeguarding adults level 2 "]
)
def test_a_second_course_of_the_same_name_is_refused_whatever_the_case(client, login_as, catalogue, name):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.post(reverse("workforce:course_add"), course_data(name=name, renewal_months="500")))

    # Every problem at once: the name and the renewal.
    assert "There is already a course called 'Safeguarding adults level 2' in the catalogue" in page
    assert RENEWAL_MESSAGE in page
    assert TrainingCourse.objects.count() == 1


def test_renaming_a_course_to_its_own_name_in_another_case_is_allowed(client, login_as, catalogue):
    login_as(Role.PEER_SUPPORT_LEAD)
    course = catalogue["course"]

    client.post(reverse("workforce:course_change", args=[course.pk]), course_data(name="SAFEGUARDING adults level 2"))

    course.refresh_from_db()
    assert course.name == "SAFEGUARDING adults level 2"


def test_an_empty_course_form_says_what_is_missing(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.post(reverse("workforce:course_add"), {}))

    assert '<a href="#id_name">Enter the name of the course</a>' in page


def test_a_role_removed_while_the_course_form_was_open_is_reported_against_the_first_checkbox(client, login_as):
    login_as(Role.PEER_SUPPORT_LEAD)

    page = text(client.post(reverse("workforce:course_add"), course_data(mandatory_for=[999999])))

    assert '<a href="#id_mandatory_for_0">One of the roles has just been removed: choose again</a>' in page


def test_a_new_renewal_period_leaves_the_expiry_of_records_already_made(client, login_as, catalogue):
    login_as(Role.PEER_SUPPORT_LEAD)
    course = catalogue["course"]
    completed_on = TODAY - datetime.timedelta(days=100)
    record = TrainingRecordFactory(course=course, completed_on=completed_on)
    expiry = record.expires_on

    form = text(client.get(reverse("workforce:course_change", args=[course.pk])))
    client.post(
        reverse("workforce:course_change", args=[course.pk]), course_data(name=course.name, renewal_months="12")
    )

    assert "records already made keep the expiry date they were given" in form
    record.refresh_from_db()
    assert record.expires_on == expiry
    course.refresh_from_db()
    assert course.renewal_months == 12


# --- Queries --------------------------------------------------------------------------------


def add_courses_and_people(count: int, roles) -> None:
    courses = TrainingCourseFactory.create_batch(count, mandatory_for=roles[:2])
    bulk_workforce(count, teams=[TeamFactory()], roles=roles, courses=courses, supervisions=0)


def test_the_catalogue_makes_the_same_queries_for_10_courses_and_people_as_for_60(
    client, login_as, django_assert_num_queries
):
    login_as(Role.PEER_SUPPORT_LEAD)
    roles = list(PathwayRole.objects.order_by("order"))
    add_courses_and_people(10, roles)
    with_10 = count_queries(client, COURSES)

    add_courses_and_people(50, roles)

    with django_assert_num_queries(with_10):
        client.get(COURSES)


def test_the_framework_makes_the_same_queries_for_few_competences_as_for_many(
    client, login_as, django_assert_num_queries, senior
):
    login_as(Role.PEER_SUPPORT_LEAD)
    domains = list(CompetenceDomain.objects.all())
    workers = bulk_workforce(10, teams=[TeamFactory()], roles=[senior], supervisions=0)

    def add(count: int) -> None:
        competences = [CompetenceFactory(domain=domains[index % len(domains)]) for index in range(count)]
        senior.required_competences.add(*competences)
        CompetenceAchievement.objects.bulk_create(
            CompetenceAchievement(peer_support_worker=worker, competence=competence, achieved_on=TODAY)
            for worker in workers
            for competence in competences
        )

    add(6)
    with_6 = count_queries(client, COMPETENCES)

    add(54)

    with django_assert_num_queries(with_6):
        client.get(COMPETENCES)
