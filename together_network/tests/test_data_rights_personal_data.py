"""The one list of personal data: every field of the expert's record and of the records about them
is either on it or marked as saying nothing about the person, so a new field cannot be forgotten."""

import pytest

from together_network.models import ExpertByExperience
from together_network.selectors import personal_data
from together_network.selectors.personal_data import OnAnonymise


@pytest.mark.parametrize("record", personal_data.RECORDS, ids=lambda record: record.section)
def test_every_field_is_listed_as_personal_or_marked_not_personal(record):
    fields = {field.name for field in record.model._meta.concrete_fields}
    if record.model is ExpertByExperience:
        fields |= {field.name for field in record.model._meta.many_to_many}
    listed = set(record.field_names)
    assert listed & record.not_personal == set(), "a field cannot be both"
    assert fields - listed - record.not_personal == set(), (
        f"{record.model.__name__} has fields that are neither in personal_data.py nor marked not personal"
    )
    assert (listed | record.not_personal) - fields == set(), "personal_data.py names fields that do not exist"


def test_every_kind_of_record_about_an_expert_is_on_the_list():
    """Each model that points at the expert (directly or through an invitation or claim) is listed."""
    listed = {record.model for record in personal_data.RECORDS}
    pointing = {
        relation.related_model
        for relation in ExpertByExperience._meta.related_objects
        if not relation.related_model.__name__.startswith("Historical")
    }
    assert pointing - listed == set()
    from together_network.models import Invitation, PaymentClaim

    for model in (Invitation, PaymentClaim):
        for relation in model._meta.related_objects:
            if relation.related_model._meta.app_label in {"together_network", "involvement"}:
                assert relation.related_model in listed, f"{relation.related_model.__name__} is not on the list"


def test_the_sensitive_details_are_never_kept():
    kept = {
        (record.section, field.name)
        for record in personal_data.RECORDS
        for field in record.fields
        if field.on_anonymise == OnAnonymise.KEPT
    }
    for sensitive in [
        ("person", "full_name"),
        ("person", "email"),
        ("person", "phone"),
        ("person", "lived_experience_areas"),
        ("person", "reasonable_adjustments"),
        ("person", "preferences"),
        ("person", "payment_preference"),
        ("person", "user"),
        ("login", "email"),
        ("consents", "note"),
        ("onboarding", "note"),
        ("application", "email"),
        ("attendance", "debrief_note"),
        ("expenses", "description"),
        ("expenses", "receipt"),
        ("feedback", "went_well"),
        ("feedback", "could_be_better"),
        ("notifications", "subject"),
        ("notifications", "body_text"),
    ]:
        assert sensitive not in kept


def test_the_confirmation_page_lists_what_goes_and_what_stays():
    goes = dict(personal_data.what_goes())
    stays = dict(personal_data.what_stays())
    assert "Name" in goes["Details"] and "Lived experience" in goes["Details"]
    assert goes["Application link"] == ["the whole record"]
    assert "Fee" in stays["Payment claims"] and "Rating" in stays["Feedback"]
    assert "Application link" not in stays
