"""Walk every URL pattern of the project, so authorisation can be tested for all of them."""

import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_VALUES = {"int": "1", "str": "sample", "slug": "sample", "uuid": str(uuid.UUID(int=1)), "path": "sample"}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "workforce:team_detail"
    path: str  # a concrete path with sample values for its parameters
    callback: object


def _concrete(pattern) -> str | None:
    """A concrete path for a route pattern, or None for regex patterns we cannot fill."""
    route = getattr(pattern, "_route", None)
    if route is None:
        regex = pattern.regex.pattern
        if "(?P<" in regex or "(" in regex:
            return None
        return regex.lstrip("^").rstrip("$").replace("\\", "")
    path = route
    for name, converter in pattern.converters.items():
        kind = converter.__class__.__name__.replace("Converter", "").lower()
        value = SAMPLE_VALUES.get(kind, "1")
        path = path.replace(f"<{kind}:{name}>", value).replace(f"<{name}>", value)
    return path


def all_routes(resolver=None, prefix: str = "/", namespace: str = "") -> list[Route]:
    resolver = resolver or get_resolver()
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        piece = _concrete(entry.pattern)
        if piece is None:
            continue
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes.extend(all_routes(entry, prefix + piece, child_namespace))
        elif isinstance(entry, URLPattern):
            routes.append(Route(name=f"{namespace}{entry.name or ''}", path=prefix + piece, callback=entry.callback))
    return routes
