"""Reading the support request pages in tests: rows, tabs, error summaries, banners."""

from __future__ import annotations

import re

from django.urls import reverse

INBOX = reverse("support_requests:inbox")
MINE = reverse("support_requests:mine")
COVER = reverse("support_requests:cover")


def html(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&amp;", "&")


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def references(response) -> list[str]:
    """The request references a list page shows, in order."""
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', html(response), re.S)
    return re.findall(r">(DSR-\d{6})</a>", body.group(1)) if body else []


def rows(response) -> list[str]:
    """Each row of the page's table as its text."""
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', html(response), re.S)
    if not body:
        return []
    return [text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)]


def tabs(response) -> dict[str, str]:
    """The sub-navigation's tabs: their text, with the current one marked by a star."""
    nav = re.search(r'<nav class="moj-sub-navigation".*?</nav>', html(response), re.S)
    found = {}
    for attrs, label in re.findall(r"<a ([^>]*)>(.*?)</a>", nav.group(0), re.S):
        label = text(label)
        name = label.rsplit(" (", 1)[0]
        found[name] = label + (" *" if 'aria-current="page"' in attrs else "")
    return found


def error_summary(response) -> list[str]:
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html(response), re.S)
    if not summary:
        return []
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)]


def banner(response) -> str:
    found = re.search(r'class="govuk-notification-banner__heading">(.*?)</p>', html(response), re.S)
    return text(found.group(1)) if found else ""


def detail_url(sr) -> str:
    return reverse("support_requests:detail", args=[sr.pk])


def step_url(sr, step: str) -> str:
    return reverse(f"support_requests:{step}", args=[sr.pk])


COVERS = reverse("support_requests:covers")


def cover_dates(start, end) -> dict[str, int]:
    """The cover page's two GOV.UK date inputs, as a browser posts them."""
    return {
        f"{name}_{part}": getattr(day, part)
        for name, day in (("start", start), ("end", end))
        for part in ("day", "month", "year")
    }
