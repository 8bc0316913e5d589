"""Places on a page where an app higher up adds a section, so the page's app need not know it.

Apps depend downwards (docs/adr/0017-app-boundaries.md): a peer support worker's profile lives in
`workforce`, but the hours their involvement used come from `involvement`; a request's page lives in
`involvement`, but who was invited, attendance and feedback come from `together_network`. The page
names a slot (`{% slot "workforce.profile" worker=worker %}`); each higher app registers its
sections for that slot in its AppConfig.ready(). A section's `context(request, **objects)` returns
the template's context, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: Callable[..., dict | None] = field(compare=False)
    order: int = 100


_SLOTS: dict[str, list[Section]] = {}


def register_section(slot: str, section: Section) -> None:
    """Add a section to a slot, once (AppConfig.ready() may run more than once in tests)."""
    sections = _SLOTS.setdefault(slot, [])
    if section.key not in {existing.key for existing in sections}:
        sections.append(section)
        sections.sort(key=lambda item: (item.order, item.key))


def sections_for(slot: str) -> list[Section]:
    return list(_SLOTS.get(slot, []))


def slot_context(slot: str, request, **objects) -> dict:
    """Every section's context merged, for a view or selector that needs the values, not the HTML."""
    merged: dict = {}
    for section in sections_for(slot):
        merged.update(section.context(request, **objects) or {})
    return merged


def render_slot(slot: str, request, **objects) -> SafeString:
    parts = []
    for section in sections_for(slot):
        context = section.context(request, **objects)
        if context is None:
            continue
        parts.append(render_to_string(section.template, {**objects, **context}, request=request))
    return mark_safe("".join(parts))  # noqa: S308 (each part is a rendered, autoescaped template)
