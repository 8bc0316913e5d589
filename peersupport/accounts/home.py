"""The home page is a set of "what needs you now" panels, one list per role.

Each app registers its panels in its AppConfig.ready(); the home view shows the panels of
every role the person holds, in order. A panel's `context` reads what it shows through the
app's selectors, so the home page stays a constant number of queries per panel.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from .roles import Role


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    order: int = 100
    context: Callable | None = field(default=None, compare=False)

    def render_context(self, user) -> dict:
        return self.context(user) if self.context else {}


_PANELS: dict[Role, list[Panel]] = {role: [] for role in Role}


def register_panel(role: Role, panel: Panel) -> None:
    if panel.key not in {existing.key for existing in _PANELS[role]}:
        _PANELS[role].append(panel)


def panels_for(request) -> list[dict]:
    """The panels this person sees, each once even when several of their roles share it, and none empty."""
    user = request.user
    seen: set[str] = set()
    chosen: list[Panel] = []
    for role in Role:
        if role not in user.roles:
            continue
        for panel in _PANELS[role]:
            if panel.key not in seen:
                seen.add(panel.key)
                chosen.append(panel)
    chosen.sort(key=lambda panel: (panel.order, panel.title))
    rendered = [
        {"panel": panel, "html": render_to_string(panel.template, panel.render_context(user), request=request)}
        for panel in chosen
    ]
    # A panel with nothing to say (a person's record not linked yet, say) is left out.
    return [item for item in rendered if item["html"].strip()]
