"""Template helpers for the expert by experience's pages: lengths of time in plain words."""

from django import template

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """90 → "1 hour 30 minutes", 120 → "2 hours", 45 → "45 minutes"."""
    if minutes in (None, ""):
        return ""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)
