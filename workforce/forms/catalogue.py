"""Forms for the career pathway's roles, the competence framework and the training catalogue.

The rules (names used once whatever their case, Agenda for Change bands, renewal periods) are the
services'; the forms ask them too, so every problem shows at once, in the same words.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from peersupport.ui.forms import NHSForm
from peersupport.ui.helper import FormHelper
from peersupport.ui.layout import HTML, Layout, Static

from .. import services
from ..models import Competence, CompetenceDomain, PathwayRole, TrainingCourse

FIRST = "first"
NAME_TOO_LONG = "The name must be %(limit_value)s characters or fewer"


def _add_problems(form: forms.Form, problems: dict[str, str]) -> None:
    for field, message in problems.items():
        if field not in form.errors:
            form.add_error(field, message)


def _name_field(label: str, *, max_length: int, required_message: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": required_message, "max_length": NAME_TOO_LONG},
    )


class RoleCheckboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, role) -> str:
        return f"{role.name} (band {role.band})"


class PathwayRoleForm(NHSForm):
    """A role's name, band, place and needs; the competences come as one group of boxes per framework domain."""

    name = _name_field("Name of the role", max_length=100, required_message="Enter the name of the role")
    band = forms.CharField(
        label="Agenda for Change band",
        max_length=10,
        help_text="A band from 1 to 9, or 8a to 8d. For example, 4 or 8a.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-3"}),
        error_messages={"required": "Enter the role's Agenda for Change band", "max_length": services.BAND_MESSAGE},
    )
    position = forms.ChoiceField(
        label="Where does the role go on the pathway?",
        widget=forms.RadioSelect,
        help_text="People move up the pathway in this order: the step after a person's role is the next they can "
        "progress to.",
        error_messages={
            "required": "Choose where the role goes on the pathway",
            "invalid_choice": "Choose where the role goes on the pathway",
        },
    )
    mandatory_courses = forms.ModelMultipleChoiceField(
        label="Mandatory training (optional)",
        queryset=TrainingCourse.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Courses people in this role must keep up to date, and people moving into it must hold.",
        error_messages={
            "invalid_choice": "One of the courses has just been removed: choose again",
            "invalid_pk_value": "One of the courses has just been removed: choose again",
        },
    )

    def __init__(self, *args, role: PathwayRole | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        roles = [each for each in PathwayRole.objects.order_by("order") if role is None or each.pk != role.pk]
        self._roles = {str(each.pk): each for each in roles}
        first = f"First, before {roles[0].name}" if roles else "First"
        self.fields["position"].choices = [
            (FIRST, first),
            *((str(each.pk), f"After {each.name} (band {each.band})") for each in roles),
        ]
        self.has_courses = self.fields["mandatory_courses"].queryset.exists()
        if not self.has_courses:
            del self.fields["mandatory_courses"]
        competences = list(
            Competence.objects.select_related("domain").order_by("domain__order", "domain__name", "name")
        )
        self._competences = {str(competence.pk): competence for competence in competences}
        by_domain: dict[CompetenceDomain, list[tuple[str, str]]] = {}
        for competence in competences:
            by_domain.setdefault(competence.domain, []).append((str(competence.pk), competence.name))
        self.competence_field_names = []
        for domain, choices in by_domain.items():
            name = f"competences_{domain.pk}"
            self.fields[name] = forms.MultipleChoiceField(
                label=domain.name,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "One of the competences has just been removed: choose again"},
            )
            self.competence_field_names.append(name)
        if role is None:
            self.initial.setdefault("position", str(roles[-1].pk) if roles else FIRST)
        else:
            before = [each for each in roles if each.order < role.order]
            required = {str(pk) for pk in role.required_competences.values_list("pk", flat=True)}
            self.initial.setdefault("name", role.name)
            self.initial.setdefault("band", role.band)
            self.initial.setdefault("position", str(before[-1].pk) if before else FIRST)
            if self.has_courses:
                self.initial.setdefault("mandatory_courses", [course.pk for course in role.mandatory_courses.all()])
            for name in self.competence_field_names:
                self.initial.setdefault(name, [pk for pk, _label in self.fields[name].choices if pk in required])
        self.helper = FormHelper(self._layout())

    def _layout(self) -> Layout:
        """Name, band and place; the mandatory courses (or where to add some); competences by domain."""
        main = [name for name in ("name", "band", "position", "mandatory_courses") if name in self.fields]
        no_courses = format_html(
            '<p>Mandatory training: there are no courses in the <a href="{}">training catalogue</a> yet. Add them '
            "there, then come back to choose the ones this role needs.</p>",
            reverse("workforce:courses"),
        )
        if self.competence_field_names:
            competences = [
                HTML.p(
                    "A person is ready to progress into this role once they have achieved every competence ticked "
                    "here, as well as holding its mandatory training. They are grouped by the domains of the "
                    "national peer support worker competence framework.",
                    css_class="nhsuk-hint",
                ),
                *self.competence_field_names,
            ]
        else:
            competences = [
                Static(
                    format_html(
                        '<p>The <a href="{}">competence framework</a> has no competences yet.</p>',
                        reverse("workforce:competences"),
                    )
                )
            ]
        return Layout(
            *main,
            *([] if self.has_courses else [Static(no_courses)]),
            HTML.h2("Competences needed to start in this role (optional)"),
            *competences,
            HTML.inset(
                "Roles cannot be deleted: the people who hold or held a role keep it in their role history, and "
                "the workforce figures count them in it. To change what a role is, change its name and band here."
            ),
        )

    def clean_band(self):
        band = self.cleaned_data["band"]
        if services.agenda_for_change_band(band) is None:
            raise forms.ValidationError(services.BAND_MESSAGE)
        return band

    def clean(self):
        cleaned = super().clean()
        position = cleaned.get("position")
        cleaned["after"] = None if position in (None, FIRST) else self._roles[position]
        cleaned["required_competences"] = [
            self._competences[pk] for name in self.competence_field_names for pk in cleaned.get(name, [])
        ]
        _add_problems(self, services.pathway_role_problems(name=cleaned.get("name"), band=None, role=self.role))
        return cleaned


class CompetenceDomainForm(NHSForm):
    name = _name_field(
        "Name of the domain",
        max_length=200,
        required_message="Enter the name of the domain",
        help_text="As the national peer support worker competence framework names it.",
    )

    def __init__(self, *args, domain: CompetenceDomain | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain = domain
        if domain is not None:
            self.initial.setdefault("name", domain.name)

    def clean(self):
        cleaned = super().clean()
        _add_problems(self, services.competence_domain_problems(name=cleaned.get("name"), domain=self.domain))
        return cleaned


class CompetenceForm(NHSForm):
    domain = forms.ModelChoiceField(
        label="Domain of the framework",
        queryset=CompetenceDomain.objects.order_by("order", "name"),
        empty_label="Choose a domain",
        error_messages={
            "required": "Choose the domain the competence belongs to",
            "invalid_choice": "That domain has just been removed: choose another",
        },
    )
    name = _name_field(
        "Competence",
        max_length=200,
        required_message="Enter the competence",
        help_text="Something a peer support worker can show they do, for example "
        "'Shares their lived experience safely and with purpose'.",
    )

    def __init__(self, *args, competence: Competence | None = None, domain: CompetenceDomain | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.competence = competence
        if competence is not None:
            self.initial.setdefault("domain", competence.domain_id)
            self.initial.setdefault("name", competence.name)
        elif domain is not None:
            self.initial.setdefault("domain", domain.pk)

    def clean(self):
        cleaned = super().clean()
        problems = services.competence_problems(
            name=cleaned.get("name"), domain=cleaned.get("domain"), competence=self.competence
        )
        _add_problems(self, problems)
        return cleaned


class TrainingCourseForm(NHSForm):
    name = _name_field("Name of the course", max_length=200, required_message="Enter the name of the course")
    provider = forms.CharField(
        label="Provider (optional)",
        required=False,
        max_length=200,
        help_text="Who runs it, for example the trust's learning and development team.",
        error_messages={"max_length": "The provider must be 200 characters or fewer"},
    )
    renewal_months = forms.IntegerField(
        label="Renewal period in months (optional)",
        required=False,
        min_value=1,
        max_value=services.MAX_RENEWAL_MONTHS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        help_text="How often it must be done again, from 1 to 120 months. Leave empty if it never expires.",
        error_messages={
            "invalid": "Enter the renewal period as a whole number of months, like 12",
            "min_value": services.RENEWAL_MESSAGE,
            "max_value": services.RENEWAL_MESSAGE,
        },
    )
    mandatory_for = RoleCheckboxes(
        label="Mandatory for (optional)",
        queryset=PathwayRole.objects.order_by("order"),
        required=False,
        help_text="The roles on the career pathway whose people must hold this course.",
        error_messages={
            "invalid_choice": "One of the roles has just been removed: choose again",
            "invalid_pk_value": "One of the roles has just been removed: choose again",
        },
    )

    def __init__(self, *args, course: TrainingCourse | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        if course is not None:
            self.initial.setdefault("name", course.name)
            self.initial.setdefault("provider", course.provider)
            self.initial.setdefault("renewal_months", course.renewal_months)
            self.initial.setdefault("mandatory_for", [role.pk for role in course.mandatory_for.all()])
            self.fields["renewal_months"].help_text += (
                " A change applies to training recorded from now on: records already made keep the expiry "
                "date they were given."
            )

    def clean(self):
        cleaned = super().clean()
        problems = services.training_course_problems(name=cleaned.get("name"), renewal_months=None, course=self.course)
        _add_problems(self, problems)
        return cleaned
