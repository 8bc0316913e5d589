"""The involvement request form: the Together network by default, a PSW only with a reason."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.safestring import mark_safe

from peersupport.ui.dates import bank_holiday
from peersupport.ui.forms import NHSForm, NHSModelForm
from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import (
    HTML,
    Actions,
    ConditionalQuestion,
    Details,
    Formset,
    Layout,
    Link,
    Radios,
    Static,
    Submit,
)
from peersupport.ui.widgets import DateInput
from workforce.models import PeerSupportWorker, PeerSupportWorkerStatus, Team

from .models import ActivityType, InvolvementRequest, LivedExperienceArea, Mode, Payment, Route, Skill
from .selectors import with_hours_booked_in_month

DURATIONS = [
    (30, "30 minutes"),
    (60, "1 hour"),
    (90, "1 and a half hours"),
    (120, "2 hours"),
    (180, "3 hours"),
    (240, "Half a day (4 hours)"),
    (360, "6 hours"),
    (450, "A full day (7 and a half hours)"),
]


def start_time_field(**options) -> forms.TimeField:
    """A time typed the way people write it: 14:30, 14.30, 2:30pm or 2pm."""
    return forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M", "%I:%M%p", "%I%p", "%I.%M%p"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "nhsuk-input--width-5"}),
        **options,
    )


WHO_TO_ASK = mark_safe(  # noqa: S308  our own words, nothing from a person
    '<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span>'
    "<p><strong>Experts by experience</strong> are members of the public in the Together network. They bring a wide "
    "range of lived experience to involvement work like panels, focus groups and reviews, and are usually paid for "
    "their time.</p>"
    "<p><strong>Peer support workers</strong> are employed professionals who support people in their teams. Time "
    "they spend on involvement is time away from the people they support, so asking for one needs a reason and "
    "their team lead's approval, within their monthly allowance.</p></div>"
)


def _sessions_open(context) -> bool:
    """The further sessions start open when there are some already, or a problem with one."""
    sessions = context.get("sessions")
    return bool(sessions and (sessions.total_error_count() or sessions.initial_form_count()))


class PeerSupportWorkerChoice(forms.ModelChoiceField):
    """Each person with their team and the hours they have left this month (annotated in the form's one query)."""

    def label_from_instance(self, worker):
        label = f"{worker.full_name} ({worker.team.name})"
        booked = getattr(worker, "hours_booked", None)
        if booked is None:
            return label
        allowance = worker.monthly_allowance
        left = max(allowance - booked, 0)
        return f"{label} \u2013 {_number(left)} of {_number(allowance)} hours left this month"


def _number(value) -> str:
    return f"{Decimal(str(value)).normalize():f}"


class InvolvementRequestForm(NHSModelForm):
    activity_type = forms.ModelChoiceField(
        label="What kind of activity is it?",
        queryset=ActivityType.objects.all(),
        empty_label="Choose an activity",
        error_messages={"required": "Select what kind of activity it is"},
    )
    requesting_team = forms.ModelChoiceField(
        label="Which team is asking?",
        queryset=Team.objects.filter(is_active=True).select_related("service"),
        empty_label="Choose a team",
        help_text="A lead of this team approves the request.",
        error_messages={"required": "Select which team is asking"},
    )
    activity_date = forms.DateField(
        label="Date of the activity",
        widget=DateInput,
        help_text="For example, 27 3 2027",
        error_messages={
            "required": "Enter the date of the activity",
            "invalid": "The date of the activity must be a real date",
        },
    )
    start_time = start_time_field(
        help_text="For example, 14:30 or 2:30pm",
        error_messages={"required": "Enter a start time", "invalid": "Enter a start time like 14:30 or 2:30pm"},
    )
    duration_minutes = forms.TypedChoiceField(
        label="How long is it?",
        choices=DURATIONS,
        coerce=int,
        error_messages={"required": "Select how long the activity is"},
    )
    mode = forms.ChoiceField(
        label="Is it online or in person?",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the activity is online or in person"},
    )
    location = forms.CharField(
        label="Where is it?", required=False, help_text="The address or building, for an in-person activity."
    )
    places_needed = forms.IntegerField(
        label="How many people do you need?",
        min_value=1,
        max_value=50,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
        error_messages={
            "required": "Enter how many people you need",
            "invalid": "Number of places must be a whole number, like 2",
            "min_value": "Number of places must be 1 or more",
            "max_value": "Number of places must be 50 or fewer",
        },
    )
    lived_experience_areas = forms.ModelMultipleChoiceField(
        label="Lived experience you are looking for",
        queryset=LivedExperienceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Leave empty if any lived experience is welcome.",
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills that would help",
        queryset=Skill.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    payment = forms.ChoiceField(
        label="Is it paid or voluntary?",
        choices=Payment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the activity is paid or voluntary"},
    )
    closing_date = forms.DateField(
        label="Answers needed by",
        widget=DateInput,
        help_text="People can accept until the end of this day.",
        error_messages={
            "required": "Enter the date answers are needed by",
            "invalid": "The date answers are needed by must be a real date",
        },
    )
    description = forms.CharField(
        label="Describe the activity",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What will people do, and what difference will their lived experience make?",
        error_messages={"required": "Describe the activity"},
    )
    content_notes = forms.CharField(
        label="Content notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Topics that may be hard for someone with lived experience, such as suicide or restraint, so "
        "people can choose with care.",
    )
    route = forms.ChoiceField(
        label="Who are you asking?",
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are asking"},
    )
    peer_support_worker = PeerSupportWorkerChoice(
        label="Which peer support worker?",
        queryset=PeerSupportWorker.objects.filter(status=PeerSupportWorkerStatus.ACTIVE).select_related("team"),
        required=False,
        empty_label="Choose a peer support worker",
    )
    psw_reason = forms.CharField(
        label="Why can the Together network not meet this need?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the activity needs someone who knows how this team works day to day. Experts by "
        "experience bring a wide range of lived experience, so most involvement can go to the network.",
    )
    psw_hours = forms.DecimalField(
        label="Hours of their time, including preparation",
        required=False,
        min_value=0.5,
        max_value=40,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "step": "0.5"}),
        error_messages={
            "invalid": "Hours of their time must be a number, like 2.5",
            "min_value": "Hours of their time must be half an hour or more",
            "max_value": "Hours of their time must be 40 or fewer",
            "max_decimal_places": "Hours of their time must be in hours and half hours, like 2.5",
        },
    )

    class Meta:
        model = InvolvementRequest
        fields = [
            "title",
            "activity_type",
            "requesting_team",
            "activity_date",
            "start_time",
            "duration_minutes",
            "mode",
            "location",
            "places_needed",
            "lived_experience_areas",
            "skills",
            "payment",
            "closing_date",
            "description",
            "content_notes",
            "route",
            "peer_support_worker",
            "psw_reason",
            "psw_hours",
        ]
        labels = {"title": "Title"}
        error_messages = {
            "title": {
                "required": "Enter a title for the activity",
                "max_length": "The title must be %(limit_value)d characters or fewer",
            }
        }
        help_texts = {"title": "A short name people will recognise, for example 'Ward manager interview panel'."}

    # The order of the page, so the error summary lists problems in the order people meet them.
    field_order = [
        "route",
        "peer_support_worker",
        "psw_reason",
        "psw_hours",
        "title",
        "activity_type",
        "requesting_team",
        "description",
        "content_notes",
        "activity_date",
        "start_time",
        "duration_minutes",
        "mode",
        "location",
        "places_needed",
        "lived_experience_areas",
        "skills",
        "payment",
        "closing_date",
    ]

    # Asked only when a date is a bank holiday in England: some activities do run on one.
    on_bank_holiday = forms.BooleanField(label="Yes, the activity runs on a bank holiday", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bank_holidays: list[tuple[datetime.date, str]] = []
        self.fields["route"].initial = Route.NETWORK
        self.fields["mode"].initial = Mode.ONLINE
        self.fields["payment"].initial = Payment.PAID
        self.fields["places_needed"].initial = 1
        picker = self.fields["peer_support_worker"]
        picker.queryset = with_hours_booked_in_month(picker.queryset, month_of=timezone.localdate())
        self.helper = FormHelper(self._layout())

    def ask_about_bank_holidays(self, dates) -> bool:
        """Before saving: when any of `dates` is a bank holiday in England and the box is not ticked,
        say which, and show the box that keeps them. True when the form may be saved."""
        self.bank_holidays = [(day, name) for day in sorted(set(dates)) if (name := bank_holiday(day))]
        if not self.bank_holidays or self.cleaned_data.get("on_bank_holiday"):
            return True
        days = "; ".join(f"{day:%-d %B %Y} ({name})" for day, name in self.bank_holidays)
        self.add_error(
            "on_bank_holiday",
            f"{'This date is a bank holiday' if len(self.bank_holidays) == 1 else 'These dates are bank holidays'} "
            f"in England: {days}. Change the date, or tick the box if the activity runs on a bank holiday",
        )
        self.helper = FormHelper(self._layout(ask_bank_holiday=True))
        return False

    @staticmethod
    def _layout(*, ask_bank_holiday: bool = False) -> Layout:
        """The page in the order people meet it; choosing a peer support worker reveals what that needs.

        The further sessions are the page's `sessions` formset, drawn inside this form. The bank holiday
        question shows only when a date is one.
        """
        return Layout(
            HTML.h2("Who should we ask?"),
            Static(WHO_TO_ASK),
            Radios(
                "route",
                ConditionalQuestion(Route.PSW, "peer_support_worker", "psw_reason", "psw_hours"),
                hints={Route.NETWORK: "The default. Keeps peer support workers' time for the people they support."},
            ),
            HTML.h2("The activity"),
            "title",
            "activity_type",
            "requesting_team",
            "description",
            "content_notes",
            HTML.h2("When and where"),
            "activity_date",
            "start_time",
            "duration_minutes",
            Details(
                "It has more than one session",
                HTML.p(
                    "The date above is the first session. Add any further sessions here; leave the boxes empty if "
                    "there are none."
                ),
                Formset("sessions", legend="Session {number}", first_number=2, anchor="further-sessions"),
                css_id="further-sessions",
                open=_sessions_open,
            ),
            *(["on_bank_holiday"] if ask_bank_holiday else []),
            "mode",
            "location",
            HTML.h2("Who you are looking for"),
            "places_needed",
            "lived_experience_areas",
            "skills",
            "payment",
            "closing_date",
            Actions(
                Submit("Send for approval", name="submit", value="1"),
                Submit("Save as draft", name="save_draft", value="1", style="secondary"),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        activity_date: datetime.date | None = cleaned.get("activity_date")
        closing_date: datetime.date | None = cleaned.get("closing_date")
        if activity_date and activity_date < today:
            self.add_error("activity_date", "The date of the activity must be today or in the future")
        if closing_date and closing_date < today:
            self.add_error("closing_date", "The date answers are needed by must be today or in the future")
        if activity_date and closing_date and closing_date > activity_date:
            self.add_error("closing_date", "Answers must be needed by the date of the activity or earlier")
        if cleaned.get("mode") == Mode.IN_PERSON and not cleaned.get("location", "").strip():
            self.add_error("location", "Enter where the activity is, for an in-person activity")
        if cleaned.get("route") == Route.PSW:
            if not cleaned.get("peer_support_worker"):
                self.add_error("peer_support_worker", "Choose the peer support worker you are asking for")
            if not cleaned.get("psw_reason", "").strip():
                self.add_error("psw_reason", "Explain why the Together network cannot meet this need")
            if not cleaned.get("psw_hours"):
                self.add_error("psw_hours", "Enter how many hours of their time you need")
        return cleaned

    def request_fields(self) -> dict:
        """The cleaned values for the request itself (the many-to-many choices apart)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"lived_experience_areas", "skills", "on_bank_holiday"}
        }


class DecisionForm(NHSForm):
    """A lead's decision on a request: the buttons are the ones the request's transitions allow them.

    The page draws the error summary at its top, above the allowance table, so the helper does not.
    """

    reason = forms.CharField(
        label="Reason for declining",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The requester sees this. Required if you decline.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer()

    def offer(
        self, *, approve: bool = False, redirect: bool = False, redirect_first: bool = False, decline: bool = True
    ):
        """Lay out the buttons offered: `redirect_first` makes sending to the network the main action
        (the peer support worker's time would run over); declining asks for the reason."""
        buttons = []
        if approve:
            buttons.append(Submit("Approve", name="action", value="approve"))
        if redirect:
            buttons.append(
                Submit(
                    "Send to the Together network instead",
                    name="action",
                    value="redirect",
                    style="" if redirect_first else "secondary",
                    css_id="send-to-network",
                )
            )
        declining = (
            [HTML.h2("Or decline it"), "reason", Submit("Decline", name="action", value="decline", style="warning")]
            if decline
            else []
        )
        self.helper = FormHelper(Layout(Actions(*buttons), *declining), error_summary=False)


class ButtonNoteForm(NHSForm):
    """The optional words a button sends (a peer support worker's reason, a closing note), checked like
    any other answer: no hidden control characters, not too long."""

    def __init__(self, data=None, files=None, *, field: str = "note", label: str = "Note", **kwargs):
        super().__init__(data, files, **kwargs)
        self.field = field
        self.fields[field] = forms.CharField(label=label, required=False, max_length=2000)

    @property
    def text(self) -> str:
        return self.cleaned_data[self.field].strip()

    @property
    def problem(self) -> str:
        return " ".join(self.errors.get(self.field, []))


class ReasonForm(NHSForm):
    """Why an approved activity is called off: everyone involved reads it."""

    reason = forms.CharField(
        label="Why is it cancelled?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone involved is told, including people who have a place.",
    )

    def __init__(self, *args, keep_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(
            Layout("reason", Actions(Submit("Cancel the activity", style="warning"), Link("Keep it", keep_url))),
            error_summary=False,  # the page draws it above its warning
        )


class WithdrawForm(NHSForm):
    """Asks before a request is withdrawn: an optional reason the people told will read."""

    reason = forms.CharField(
        label="Why are you withdrawing it? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, detail_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(
            Layout("reason", Actions(Submit("Withdraw request", style="warning"), Link("Keep it", detail_url)))
        )


class FurtherSessionForm(NHSForm):
    """One more session of the same activity. Leave every box empty for none."""

    date = forms.DateField(label="Date", widget=DateInput, required=False)
    start_time = start_time_field(required=False)
    duration_minutes = forms.TypedChoiceField(
        label="How long is it?", choices=[("", "Choose"), *DURATIONS], coerce=int, required=False, empty_value=None
    )

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get("date"), cleaned.get("start_time"), cleaned.get("duration_minutes")]
        if any(given) and not all(given):
            for name, value in zip(("date", "start_time", "duration_minutes"), given, strict=True):
                if not value and name not in self.errors:
                    self.add_error(
                        name, "Give the date, start time and length of this session, or leave all three empty"
                    )
        if cleaned.get("date") and cleaned["date"] < timezone.localdate():
            self.add_error("date", "The session must be today or in the future")
        return cleaned

    @property
    def is_filled(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("date"))


FurtherSessionFormSet = forms.formset_factory(FurtherSessionForm, extra=2, max_num=6, validate_max=True)


class SendToNetworkForm(NHSForm):
    """Asks before a peer support worker request goes to the Together network: what the network is
    asked for, which the lead may change on the way (the requester is told what changed)."""

    places_needed = forms.IntegerField(
        label="How many people are needed?",
        min_value=1,
        max_value=50,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
    )
    payment = forms.ChoiceField(label="Is it paid or voluntary?", choices=Payment.choices, widget=forms.RadioSelect)
    lived_experience_areas = forms.ModelMultipleChoiceField(
        label="Lived experience wanted",
        queryset=LivedExperienceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Leave empty if any lived experience is welcome.",
    )

    def __init__(self, *args, request: InvolvementRequest, keep_url: str, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "places_needed": request.places_needed,
                "payment": request.payment,
                "lived_experience_areas": list(request.lived_experience_areas.all()),
            },
        )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(
            Layout(
                "places_needed",
                "payment",
                "lived_experience_areas",
                Actions(Submit("Send to the Together network"), Link("Keep it with the peer support worker", keep_url)),
            )
        )
