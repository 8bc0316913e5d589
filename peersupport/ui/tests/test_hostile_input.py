"""The shared form layer refuses input no person types: hidden control characters, ids that cannot be records.

Every product form derives from NHSForm or NHSModelForm, so these guards hold on every page
without a form having to remember them.
"""

import pytest
from django import forms

from peersupport.accounts.models import User
from peersupport.accounts.tests.factories import UserFactory
from peersupport.ui.forms import NHSForm

ONE_LINE_REFUSED = [chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF, 0xD800, 0xDFFF]]
FINE = ["Zoë", "😀👩🏽‍⚕️", "\u200fشادي\u200e", "Ｆｕｌｌ", "O'Brien-Smith", "£15 & 20%"]
HIDDEN = "Full name must not contain hidden control characters: remove them and try again"


class Example(NHSForm):
    full_name = forms.CharField(label="Full name")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    email = forms.EmailField(label="Email address", required=False)
    person = forms.ModelChoiceField(label="Person", queryset=User.objects.all(), required=False)
    people = forms.ModelMultipleChoiceField(label="People", queryset=User.objects.all(), required=False)


@pytest.mark.parametrize("character", ONE_LINE_REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_one_line_text_refuses_every_control_character_naming_the_field(character):
    form = Example(data={"full_name": f"Ada{character}Lovelace"})

    assert form.errors == {"full_name": [HIDDEN]}


@pytest.mark.parametrize("character", ["\t", "\n", "\r"], ids=["tab", "newline", "return"])
def test_several_lines_of_text_may_hold_tabs_and_line_breaks(character):
    form = Example(data={"full_name": "Ada", "notes": f"First{character}second"})

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe", "\ud800"])
def test_several_lines_of_text_refuse_the_other_control_characters(character):
    form = Example(data={"full_name": "Ada", "notes": f"First{character}second"})

    assert form.errors == {"notes": ["Notes must not contain hidden control characters: remove them and try again"]}


@pytest.mark.parametrize("text", FINE)
def test_text_in_any_language_with_emoji_and_punctuation_is_kept(text):
    form = Example(data={"full_name": text})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == text


def test_a_null_character_gets_the_same_message_once():
    assert Example(data={"full_name": "Ada\x00"}).errors == {"full_name": [HIDDEN]}


@pytest.mark.parametrize("address", ["ada@ex\u200fample.org", "ada@ex\u2028ample.org", "ada@😀.org"])
def test_an_address_no_email_can_be_sent_to_is_refused_once(address):
    form = Example(data={"full_name": "Ada", "email": address})

    assert form.errors == {"email": ["Enter email address in the correct format, like name@example.com"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", [2**63, 2**64, -1, 0, "1.5", "abc", "１", "0x10", " 1 ", "+1", "1e3", True, "9" * 5000]
)
def test_a_choice_that_cannot_be_a_record_s_id_gets_the_list_s_message(typed):
    UserFactory()  # a record whose id the near-misses could be read as

    form = Example(data={"full_name": "Ada", "person": typed, "people": [typed]})

    assert form.errors == {"person": ["Select person from the list"], "people": ["Select people from the list"]}


@pytest.mark.django_db
def test_real_ids_still_choose_their_records():
    ada, bo = UserFactory(), UserFactory()

    form = Example(data={"full_name": "Ada", "person": str(ada.pk), "people": [str(ada.pk), bo.pk]})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == ada
    assert set(form.cleaned_data["people"]) == {ada, bo}


@pytest.mark.django_db
def test_the_largest_id_the_database_holds_is_looked_up_safely():
    form = Example(data={"full_name": "Ada", "person": str(2**63 - 1)})

    assert form.errors == {"person": ["Select person from the list"]}


def test_the_guards_are_added_once_however_often_a_form_is_checked():
    form = Example(data={"full_name": "Ada\x1b"})
    form.full_clean()
    form.full_clean()

    assert form.errors == {"full_name": [HIDDEN]}
    assert len(form.fields["full_name"].validators) == len(Example.base_fields["full_name"].validators)
    assert type(form.fields["person"]).__name__ == "ModelChoiceField"
