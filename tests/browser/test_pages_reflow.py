"""Every page reflows at 320 CSS pixels (WCAG 1.4.10): nothing scrolls the whole page sideways.

Wide tables scroll inside their own container (`app-table-container`) instead. The crawl
starts from a role's menu and the account pages and follows every link on the site, visiting
one page per URL pattern (numbers in a path stand for any record), so pages reached only from
other pages (an import, a match page) are checked too.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from demo.management.commands.seed_demo import DEMO_PEOPLE

pytestmark = pytest.mark.browser

WIDTH = 320
START_PAGES = ["/", "/accounts/password/change/", "/accounts/2fa/", "/no-such-page/"]
# Links not to follow: leaving the service, ending the session, or files rather than pages.
SKIP = re.compile(r"^/(admin|accounts/logout|static|media)/|/(export|download|receipt)|\.(csv|pdf|xlsx|ics|json)$")
MAX_PAGES = 120

LINKS_ON_PAGE = """() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"""
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def pattern_of(path: str) -> str:
    return re.sub(r"/\d+(?=/)", "/<id>", path)


def crawl_widths(page, start_pages):
    """Visit every page reachable from start_pages; return {path: width} of those too wide."""
    origin = urlsplit(page.url)._replace(path="", query="", fragment="").geturl()
    queue = deque(start_pages)
    seen_patterns = {pattern_of(path) for path in start_pages}
    too_wide, visited = {}, []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(path)
        visited.append(path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        page.wait_for_load_state()
        width = page.evaluate(PAGE_WIDTH)
        if width > WIDTH:
            too_wide[path] = width
        for href in page.evaluate(LINKS_ON_PAGE):
            parts = urlsplit(href)
            if not href.startswith(origin) or SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            key = pattern_of(parts.path)
            if key not in seen_patterns:
                seen_patterns.add(key)
                queue.append(target)
    return too_wide, visited


@pytest.mark.parametrize("email", [email for email, _name, _roles in DEMO_PEOPLE])
def test_every_page_of_a_role_reflows_at_320px(narrow_page, demo_data, browser_login, email):
    browser_login(narrow_page, email, settings.DEMO_PASSWORD)
    too_wide, visited = crawl_widths(narrow_page, START_PAGES)
    assert len(visited) > len(START_PAGES)
    assert too_wide == {}, f"pages wider than {WIDTH}px (path: width): {too_wide}"


def test_the_public_pages_reflow_at_320px(narrow_page, demo_data):
    narrow_page.goto("/accounts/login/")
    too_wide, _visited = crawl_widths(
        narrow_page, ["/accounts/login/", "/accounts/login/code/", "/accounts/password/reset/"]
    )
    assert too_wide == {}, f"pages wider than {WIDTH}px (path: width): {too_wide}"
