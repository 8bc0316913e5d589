"""A list's filters, as a django-filter FilterSet the NHS.UK pack draws.

The people list, the pool and the requests list each declare their filters once, in a selector,
as a `ListFilters` over the rows the person may see. What they share is here, once:

- The GET parameters are the filters' names, so a bookmarked or emailed address keeps working.
- A value a filter does not know (a status that does not exist, "²", a number too large for the
  database, the id of something since removed) is dropped as if it had not been given: the list
  shows without that filter, never an error page and never an error message on a list.
- The list is always sorted: `SortFilter` maps each sort to its ordering and falls back to the
  first for anything else, so the query is the same whichever filters are chosen.
- The form is drawn by the pack (`{% crispy filters.form %}`): the filters side by side, the sort,
  and "Apply filters"; a search box, where a list has one, above them.
- `links()` gives the page's addresses for its pages and downloads, with the filters kept.
"""

import django_filters
from django import forms
from django.forms.utils import ErrorDict
from django.utils.html import format_html
from django.utils.http import urlencode
from django_filters.fields import ChoiceField, ModelChoiceField

from peersupport.record_ids import record_id

from .forms import NHSForm
from .helper import FormHelper
from .layout import Div, Field, Layout, Static, Submit

ANY = "Any"


class ListFilterForm(NHSForm):
    """The filters' form: a field whose value is not one it knows is cleaned to nothing, not an error."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name in self._errors:
            if name in self.fields:
                self.cleaned_data[name] = None
        self._errors = ErrorDict()


class RecordChoiceField(ModelChoiceField):
    """A record chosen by its id, read with `record_id` first so no odd number reaches the database."""

    def __init__(self, *args, label_from_instance=None, **kwargs):
        self._label_from_instance = label_from_instance
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self._label_from_instance(obj) if self._label_from_instance else super().label_from_instance(obj)

    def to_python(self, value):
        if value not in self.empty_values and record_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordFilter(django_filters.ModelChoiceFilter):
    """Rows that point at one record (a team, an area, an activity type), chosen from a list."""

    field_class = RecordChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", ANY)
        super().__init__(*args, **kwargs)


class DefaultChoiceField(ChoiceField):
    """A choice that always has a value: its initial one stands for nothing given or one it does not know,
    in the form drawn as in the rows shown."""

    def bound_data(self, data, initial):
        return data if isinstance(data, str) and self.valid_value(data) else initial


class DefaultChoiceFilter(django_filters.ChoiceFilter):
    """One of `choices`, `default` unless another is asked for; `every` (when given) leaves the rows unfiltered.

    For a list that opens on one part of its rows (the claims waiting for approval), not on all of them.
    """

    field_class = DefaultChoiceField

    def __init__(self, *args, default: str, every: str = "", **kwargs):
        super().__init__(*args, empty_label=None, initial=default, **kwargs)
        self.default = default
        self.every = every

    def filter(self, qs, value):
        value = value or self.default
        return qs if value == self.every else super().filter(qs, value)


class SortFilter(django_filters.Filter):
    """The list's order: `sorts` maps each value to (label, ordering); the first is the default.

    `shown` limits the sorts offered in the form; the others still work from an address.
    """

    field_class = forms.CharField  # any text: one it does not know sorts by the first

    def __init__(self, sorts: dict[str, tuple[str, list]], *, shown: tuple[str, ...] = (), label: str = "Sort by"):
        choices = [(key, text) for key, (text, _order) in sorts.items() if not shown or key in shown]
        super().__init__(label=label, widget=forms.Select(choices=choices))
        self.sorts = sorts

    def key(self, value) -> str:
        return value if value in self.sorts else next(iter(self.sorts))

    def filter(self, qs, value):
        return qs.order_by(*self.sorts[self.key(value)][1])


class ListFilters(django_filters.FilterSet):
    """A list's filters over the rows the person may see (`queryset`), from the page's GET parameters.

    `keep` holds parameters that are not filters but go with them (the requests list's tab);
    `search` names a filter drawn on its own line above the others; `button` is the button's label.
    """

    search = ""
    button = "Apply filters"

    class Meta:
        form = ListFilterForm

    def __init__(self, data=None, queryset=None, *, keep: dict | None = None, **kwargs):
        # Always bound, to an empty dict at the least, so the default sort applies to every list.
        super().__init__({} if data is None else data, queryset=queryset, **kwargs)
        self.keep = keep or {}

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper(self.layout(form), method="get")
        return form

    def offered(self) -> list[str]:
        """The filters the form offers side by side (a list may leave one to addresses only)."""
        return [name for name in self.filters if name != self.search]

    def layout(self, form) -> Layout:
        """The search on its own line, then the filters side by side, the sort and the button."""
        row = [Field(name, wrapper_class="app-filters__item") for name in self.offered()]
        return Layout(
            *(
                Static(format_html('<input type="hidden" name="{}" value="{}">', name, value))
                for name, value in self.keep.items()
            ),
            *([Field(self.search, css_class="nhsuk-input--width-20")] if self.search else []),
            Div(
                *row,
                Submit(self.button, style="secondary", css_class="app-filters__button"),
                css_class="app-filters",
            ),
        )

    def chosen(self) -> dict[str, str]:
        """The filters in use, as given, in the form's order: only values the filters know."""
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        return {
            name: str(self.form.data.get(name, "")).strip()
            for name, filter_ in self.filters.items()
            if not isinstance(filter_, SortFilter) and cleaned.get(name) not in (None, "", [])
        }

    @property
    def sort(self) -> str:
        """The sort in use: the one asked for, if the list has it, else the list's first."""
        name, sort = next((name, each) for name, each in self.filters.items() if isinstance(each, SortFilter))
        return sort.key(self.form.data.get(name, ""))

    @property
    def filtered(self) -> bool:
        return bool(self.chosen())

    def links(self) -> dict[str, str]:
        """The query strings for the list's pages and its CSV and Excel downloads, with the filters kept."""
        query = {**self.keep, "sort": self.sort, **self.chosen()}
        return {
            "query": urlencode(query),
            "csv_query": urlencode({**query, "format": "csv"}),
            "xlsx_query": urlencode({**query, "format": "xlsx"}),
        }
