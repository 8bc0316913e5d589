"""Template helpers for pages that name the people booked on an activity to someone who is not a
coordinator: a person's name shows only when their consent shares it with the requester."""

import re

from django import template

register = template.Library()


@register.simple_tag
def as_shown(text, places, names: bool) -> str:
    """`text` with each booked person's name replaced by the name shown (`shown_name`, from
    `selectors.consent.name_places`), unless `names` (coordinators see names).

    For words made elsewhere with the person's name in them (a form's labels and errors), so a
    name that is not shared never reaches the page.
    """
    text = str(text)
    if names:
        return text
    if not isinstance(places, list | tuple):
        places = [places]
    # The longest names first, so "Ann Lee" is replaced whole before "Ann" is looked for.
    for place in sorted(places, key=lambda place: len(place.expert.full_name), reverse=True):
        name = place.expert.full_name
        if name.strip() and name != place.shown_name:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", place.shown_name.replace("\\", r"\\"), text)
    return text
