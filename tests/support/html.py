"""Reading a rendered page as a person does, for tests that check what is on it."""

import re


def rows_of(html: str) -> list[str]:
    """Each table row of a page as the text a person reads, tags and spacing stripped.

    The headings a responsive table repeats in each cell for small screens are left out.
    """
    rows = re.findall(r"<tr\b.*?</tr>", html, flags=re.S)
    rows = [re.sub(r'<span class="nhsuk-table-responsive__heading".*?</span>', "", row) for row in rows]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
