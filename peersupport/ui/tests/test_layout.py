"""The pack's layout objects draw NHS.UK components: radios that reveal questions, a formset inside a
form with its errors in the summary, details, headings, buttons and links."""

import re

from django import forms
from django.template import Context, Template

from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import (
    HTML,
    Actions,
    ConditionalQuestion,
    Details,
    Field,
    Fieldset,
    Formset,
    Layout,
    Link,
    Radios,
    Submit,
)


def render(form, **context) -> str:
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form, **context}))


class WhoForm(forms.Form):
    route = forms.ChoiceField(
        label="Who are you asking?",
        choices=[("network", "Together network"), ("psw", "A peer support worker")],
        widget=forms.RadioSelect,
        initial="network",
    )
    reason = forms.CharField(label="Why?", required=False, widget=forms.Textarea)
    hours = forms.DecimalField(label="Hours", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(
            Layout(
                HTML.h2("Who should we ask?"),
                Radios("route", ConditionalQuestion("psw", "reason", "hours"), hints={"network": "The default."}),
                Actions(Submit("Send", name="submit", value="1"), Link("Cancel", "/back/")),
            )
        )


def test_radios_reveal_the_questions_an_option_needs_as_nhsuk_draws_them():
    html = render(WhoForm())

    assert '<h2 class="nhsuk-heading-m">Who should we ask?</h2>' in html
    assert '<div class="nhsuk-radios nhsuk-radios--conditional" data-module="nhsuk-radios">' in html
    psw = re.search(r'<input type="radio" name="route" value="psw"[^>]*>', html).group(0)
    assert 'aria-controls="conditional-id_route_1"' in psw and "aria-expanded" not in psw
    conditional = re.search(
        r'<div class="nhsuk-radios__conditional[^"]*" id="conditional-id_route_1">.*?</div> </div>', html, re.S
    )
    assert conditional and "nhsuk-radios__conditional--hidden" in conditional.group(0)
    assert 'name="reason"' in conditional.group(0) and 'name="hours"' in conditional.group(0)
    # The revealed questions come after their option, not again after the radios.
    assert html.count('name="reason"') == 1


def test_an_option_s_hint_is_linked_to_its_radio():
    html = render(WhoForm())

    network = re.search(r'<input type="radio" name="route" value="network"[^>]*>', html).group(0)
    assert 'aria-describedby="id_route_0-hint"' in network
    assert '<div class="nhsuk-hint nhsuk-radios__hint" id="id_route_0-hint">The default.</div>' in html


def test_the_chosen_option_s_questions_are_shown_with_their_errors():
    form = WhoForm(data={"route": "psw", "hours": "lots"})

    html = render(form)

    assert '<div class="nhsuk-radios__conditional" id="conditional-id_route_1">' in html
    assert '<a href="#id_hours">' in html  # the error summary links to the revealed question


def test_buttons_and_links_sit_together_in_a_button_group():
    html = render(WhoForm())

    assert (
        '<div class="nhsuk-button-group"><button class="nhsuk-button" data-module="nhsuk-button" type="submit" '
        'name="submit" value="1">Send</button>'
    ) in re.sub(r">\s+<", "><", html)
    assert '<a class="nhsuk-link" href="/back/">Cancel</a>' in html


class SessionForm(forms.Form):
    day = forms.CharField(label="Day", required=False, max_length=2)


SessionFormSet = forms.formset_factory(SessionForm, extra=2)


class WithSessionsForm(forms.Form):
    title = forms.CharField(label="Title")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(
            Layout(
                "title",
                Details(
                    "More sessions",
                    Formset("sessions", legend="Session {number}", first_number=2, anchor="more"),
                    css_id="more",
                    open=lambda context: bool(context["sessions"].total_error_count()),
                ),
            )
        )


def test_a_formset_inside_the_form_is_drawn_a_fieldset_per_form_in_details():
    html = render(WithSessionsForm(), sessions=SessionFormSet(prefix="sessions"))

    assert '<details class="nhsuk-details" id="more">' in html
    assert 'name="sessions-TOTAL_FORMS"' in html
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Session 2</legend>' in html
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Session 3</legend>' in html
    assert 'id="id_sessions-1-day"' in html


def test_the_formset_s_errors_are_in_the_form_s_summary_under_each_form_s_name():
    sessions = SessionFormSet(
        data={"sessions-TOTAL_FORMS": "2", "sessions-INITIAL_FORMS": "0", "sessions-1-day": "too long"},
        prefix="sessions",
    )
    sessions.is_valid()

    html = render(WithSessionsForm(data={"title": "Panel"}), sessions=sessions)

    assert '<details class="nhsuk-details" id="more" open>' in html
    assert re.search(r'<a href="#id_sessions-1-day">Session 3: Ensure this value has at most 2 characters', html)


def test_a_fieldset_has_a_heading_legend_and_a_field_its_own_template_and_classes():
    class Grouped(forms.Form):
        name = forms.CharField(label="Name")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper(Layout(Fieldset("About you", Field("name", css_class="nhsuk-input--width-10"))))

    html = render(Grouped())

    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">'
        '<h2 class="nhsuk-fieldset__heading">About you</h2></legend>'
    ) in html
    assert 'class="nhsuk-input nhsuk-input--width-10"' in html


def test_text_given_to_the_layout_is_escaped_and_never_read_as_a_template():
    class Noted(forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper(Layout(HTML.p("Use {{ secret }} & <b>"), HTML.inset("Read {% now 'Y' %}")))

    html = render(Noted(), secret="leaked")

    assert "<p>Use {{ secret }} &amp; &lt;b&gt;</p>" in html
    assert "<p>Read {% now &#x27;Y&#x27; %}</p>" in html and "leaked" not in html


def test_a_get_form_has_no_csrf_token_and_the_page_may_keep_its_own_error_summary():
    class Lookup(forms.Form):
        day = forms.IntegerField(label="Day")

    form = Lookup(data={"day": "x"})
    form.helper = FormHelper(Layout("day"), method="get", css_class="app-filters")
    form.helper.error_summary = False

    html = render(form)

    assert '<form method="get" class="app-filters" novalidate>' in html
    assert "csrfmiddlewaretoken" not in html
    assert "nhsuk-error-summary" not in html
    assert "nhsuk-form-group--error" in html  # the field still shows its own error
