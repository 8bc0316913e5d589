"""Walk every URL pattern of the project, so authorisation can be tested for all of them."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_VALUES = {"int": "1", "str": "sample", "slug": "sample", "uuid": str(uuid.UUID(int=1)), "path": "sample"}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "workforce:team_detail"
    path: str  # a concrete path with sample values for its parameters
    callback: object


# A capturing group, named or not (one level of nested parentheses inside).
CAPTURING_GROUP = re.compile(r"\((?:\?P<\w+>)?(?!\?)((?:[^()]|\([^()]*\))*)\)")
LITERAL_CHOICES = re.compile(r"^\w+(\|\w+)*$")


def _sample(group: re.Match) -> str:
    """ "1" for most groups; the first choice of a group of literal choices (admin's app_label)."""
    body = group.group(1)
    return body.split("|")[0] if LITERAL_CHOICES.match(body) else "1"


class UnwalkableRoute(Exception):
    """A pattern the walker cannot fill: extend SAMPLE_VALUES rather than leave a page untested."""


def _concrete(pattern) -> str:
    """A concrete path for a route or regex pattern, filled with sample values."""
    route = getattr(pattern, "_route", None)
    if route is None:
        regex = pattern.regex.pattern
        candidate = CAPTURING_GROUP.sub(_sample, regex).lstrip("^").rstrip("$").replace("\\", "")
        if "(" in candidate or not pattern.regex.match(candidate):
            raise UnwalkableRoute(regex)
        return candidate
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
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes.extend(all_routes(entry, prefix + piece, child_namespace))
        elif isinstance(entry, URLPattern):
            routes.append(Route(name=f"{namespace}{entry.name or ''}", path=prefix + piece, callback=entry.callback))
    return routes
