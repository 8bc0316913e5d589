"""Finding every form of the site the way a person would: by following its links.

The crawl starts at a role's home page and follows every same-site link, one page per URL
pattern (numbers in a path stand for any record), as the browser reflow test does. Each page's
forms are read with the standard library's HTML parser: where it sends its answers, how, and
every field with the values the page offers (options, radios, checkboxes, submit buttons).
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

# Links never followed: leaving the service or ending the session.
LEAVING = re.compile(r"^/(admin|accounts/logout|static|media)/")
# Links to files rather than pages: fetched only when asked for, never read for links.
DOWNLOAD = re.compile(r"/(export|download|receipt)|\.(csv|pdf|xlsx|ics|json|html)$|[?&]format=")
MAX_PAGES = 250


def pattern_of(path: str) -> str:
    """The URL pattern a path belongs to: /involvement/12/change/ -> /involvement/<id>/change/."""
    return re.sub(r"/\d+(?=/)", "/<id>", path)


@dataclass
class Field:
    name: str
    kind: str  # text, email, number, date, hidden, file, select, radio, checkbox, textarea, submit...
    values: list[str] = field(default_factory=list)  # what the page offers or has filled in
    chosen: list[str] = field(default_factory=list)  # what is selected or checked as the page shows it
    multiple: bool = False

    @property
    def offers_choices(self) -> bool:
        return self.kind in {"select", "radio", "checkbox", "submit"}


@dataclass
class Form:
    page: str  # the path of the page the form is on
    method: str  # "post" or "get"
    action: str  # the path (and query) it sends its answers to
    fields: dict[str, Field] = field(default_factory=dict)
    role: str = ""  # who found it: a demo email, or "public"

    @property
    def key(self) -> tuple:
        """One form per pattern of address and set of fields: an edit form of record 3 is record 4's."""
        return (self.method, pattern_of(urlsplit(self.action).path), tuple(sorted(self.fields)))

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {pattern_of(urlsplit(self.action).path)} (on {self.page}, as {self.role})"

    @property
    def has_files(self) -> bool:
        return any(each.kind == "file" for each in self.fields.values())


class _PageReader(HTMLParser):
    """Links and forms of one page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_text: list[str] = []
        self._option_selected = False
        self._textarea: Field | None = None

    def _add(self, name: str, kind: str, value: str | None, chosen: bool = False, multiple: bool = False):
        if self._form is None or not name:
            return
        existing = self._form.fields.get(name)
        if existing is None:
            existing = self._form.fields[name] = Field(name=name, kind=kind, multiple=multiple)
        if value is not None and value not in existing.values:
            existing.values.append(value)
        if chosen and value is not None:
            existing.chosen.append(value)
        if kind == "checkbox" and len(existing.values) > 1:
            existing.multiple = True

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            method = (attributes.get("method") or "get").lower()
            self._form = Form(page=self.page, method=method, action=attributes.get("action", self.page))
        elif tag == "input":
            kind = (attributes.get("type") or "text").lower()
            name = attributes.get("name") or ""
            if kind in {"radio", "checkbox"}:
                self._add(name, kind, attributes.get("value", "on"), chosen="checked" in attributes)
            elif kind in {"submit", "image", "button", "reset"}:
                if kind == "submit" and name:
                    self._add(name, "submit", attributes.get("value", ""))
            else:
                self._add(name, kind, attributes.get("value", ""), chosen=True)
        elif tag == "button":
            kind = (attributes.get("type") or "submit").lower()
            if kind == "submit" and attributes.get("name"):
                self._add(attributes["name"], "submit", attributes.get("value", ""))
        elif tag == "select" and self._form is not None:
            name = attributes.get("name") or ""
            self._add(name, "select", None, multiple="multiple" in attributes)
            self._select = self._form.fields.get(name)
        elif tag == "option" and self._select is not None:
            self._option_value = attributes.get("value")
            self._option_text = []
            self._option_selected = "selected" in attributes
        elif tag == "textarea" and self._form is not None:
            name = attributes.get("name") or ""
            self._add(name, "textarea", None)
            self._textarea = self._form.fields.get(name)
            if self._textarea is not None:
                self._textarea.values.append("")

    def handle_data(self, data):
        if self._option_value is None and self._select is not None and self._option_text is not None:
            self._option_text.append(data)
        if self._textarea is not None:
            self._textarea.values[-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else "".join(self._option_text).strip()
            self._select.values.append(value)
            if self._option_selected:
                self._select.chosen.append(value)
            self._option_value, self._option_text, self._option_selected = None, [], False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea.values[-1].removeprefix("\n")
            self._textarea.values[-1] = text
            self._textarea.chosen = [text]
            self._textarea = None


def read_page(path: str, html: str) -> tuple[list[str], list[Form]]:
    reader = _PageReader(path)
    reader.feed(html)
    reader.close()
    return reader.links, reader.forms


def _same_site(href: str, page: str = "/") -> str | None:
    """The path (and query) of a link within the site, or None for anything else."""
    parts = urlsplit(urljoin(page, href))
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or LEAVING.search(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _key(target: str) -> str:
    """Pages count once per URL pattern; downloads once per pattern and format."""
    parts = urlsplit(target)
    if DOWNLOAD.search(target):
        return f"{pattern_of(parts.path)}?{query_of(target).get('format', '')}"
    return pattern_of(parts.path)


@dataclass
class Crawl:
    forms: list[Form] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)  # {path: status} of every page and download


def crawl(client, start_pages: list[str], role: str, *, downloads: bool = False) -> Crawl:
    """Every page reachable from start_pages (one per URL pattern), the forms on them, and with
    `downloads` every file they link to."""
    queue = deque(start_pages)
    seen = {_key(path) for path in start_pages}
    found = Crawl()
    while queue and len(found.answers) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        found.answers[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        links, page_forms = read_page(path, response.content.decode())
        for form in page_forms:
            action = _same_site(form.action, path)
            if action is not None and not DOWNLOAD.search(action):
                form.role, form.action = role, action
                found.forms.append(form)
        for href in links:
            target = _same_site(href, path)
            if target is None or (DOWNLOAD.search(target) and not downloads):
                continue
            key = _key(target)
            if key not in seen:
                seen.add(key)
                queue.append(target)
    return found


def distinct(forms: list[Form]) -> list[Form]:
    """The first of each form (by pattern of address and set of fields), in the order found."""
    found: dict[tuple, Form] = {}
    for form in forms:
        found.setdefault(form.key, form)
    return list(found.values())


def query_of(action: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(action).query, keep_blank_values=True))
