"""Every page reflows at 320 CSS pixels (WCAG 1.4.10) and has zero axe violations, for every role.

Nothing scrolls the whole page sideways: wide tables scroll inside their own container
(`app-table-container`) instead. axe runs on every page the crawl reaches, so a page that only
another page links to (an import, a match page, a confirmation) is checked as well as the menu's.

The crawl starts from a role's menu and the account pages and follows every link on the site, visiting
one page per URL pattern (numbers in a path stand for any record), so pages reached only from
other pages (an import, a match page) are checked too.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from demo.management.commands.seed_demo import DEMO_PEOPLE
from tests.fixtures.browser import AXE_OPTIONS

pytestmark = pytest.mark.browser

WIDTH = 320
START_PAGES = ["/", "/accounts/password/change/", "/accounts/2fa/", "/no-such-page/"]
# Links not to follow: leaving the service, ending the session, or files rather than pages.
SKIP = re.compile(r"^/(admin|accounts/logout|static|media)/|/(export|download|receipt)|\.(csv|pdf|xlsx|ics|json)$")
MAX_PAGES = 200

LINKS_ON_PAGE = """() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"""
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def pattern_of(path: str) -> str:
    return re.sub(r"/\d+(?=/)", "/<id>", path)


def crawl(page, start_pages):
    """Visit every page reachable from start_pages.

    Returns ({path: width} of the pages too wide, {path: axe's report} of those with violations,
    the paths visited).
    """
    axe = Axe()
    origin = urlsplit(page.url)._replace(path="", query="", fragment="").geturl()
    queue = deque(start_pages)
    seen_patterns = {pattern_of(path) for path in start_pages}
    too_wide, not_accessible, visited = {}, {}, []
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
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            not_accessible[path] = results.generate_report()
        for href in page.evaluate(LINKS_ON_PAGE):
            parts = urlsplit(href)
            if not href.startswith(origin) or SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            key = pattern_of(parts.path)
            if key not in seen_patterns:
                seen_patterns.add(key)
                queue.append(target)
    return too_wide, not_accessible, visited


@pytest.mark.parametrize("email", [email for email, _name, _roles in DEMO_PEOPLE])
def test_every_page_of_a_role_reflows_at_320px_with_no_axe_violations(narrow_page, demo_data, browser_login, email):
    browser_login(narrow_page, email, settings.DEMO_PASSWORD)
    too_wide, not_accessible, visited = crawl(narrow_page, START_PAGES)
    assert len(START_PAGES) < len(visited) < MAX_PAGES, (
        f"{len(visited)} pages visited: raise MAX_PAGES to reach them all"
    )
    assert too_wide == {}, f"pages wider than {WIDTH}px (path: width): {too_wide}"
    assert not_accessible == {}, "\n\n".join(f"{path}\n{report}" for path, report in not_accessible.items())
    assert narrow_page.problems.messages == [], f"the browser reported {narrow_page.problems.messages}"


def test_the_public_pages_reflow_at_320px_with_no_axe_violations(narrow_page, demo_data):
    narrow_page.goto("/accounts/login/")
    too_wide, not_accessible, _visited = crawl(
        narrow_page, ["/accounts/login/", "/accounts/login/code/", "/accounts/password/reset/"]
    )
    assert too_wide == {}, f"pages wider than {WIDTH}px (path: width): {too_wide}"
    assert not_accessible == {}, "\n\n".join(f"{path}\n{report}" for path, report in not_accessible.items())
