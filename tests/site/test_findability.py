"""What lets a merchant find their way: numbered steps, an index of symptoms and answers,
pictures with words, and a support route set once and shown wherever a merchant gets stuck.
"""

from __future__ import annotations

import re

import pytest

from harness import PAGES, build_site

from .test_pages import article, section, text

#: Every answer Wix or Violet Connect gives that a merchant or support may quote.
ANSWERS = {
    "The provided merchant credentials are invalid": {"credentials-invalid"},
    "401": {"key-deleted", "credentials-invalid"},
    "403": {"permissions-missing", "key-site-access"},
    "428": {"no-wix-stores"},
    "Wix Stores app is not installed for site": {"no-wix-stores"},
}


def test_guide_steps_are_numbered_like_the_overviews_five(built_site):
    overview = section(article(built_site, ""), "the-steps")
    targets = re.findall(r'<li>\s*<a href="guide/#([\w-]+)"', overview)
    guide = article(built_site, "guide/")
    steps = re.findall(r'<h2 id="([\w-]+)">(\d)\. ', guide)
    assert [anchor for anchor, _ in steps] == targets and len(targets) == 5
    assert [int(n) for _, n in steps] == [1, 2, 3, 4, 5]


def test_troubleshooting_opens_with_the_index(built_site):
    page = article(built_site, "troubleshooting/")
    assert re.findall(r'<h2 id="([\w-]+)"', page)[0] == "find-your-problem"
    index = section(page, "find-your-problem")
    rows = re.findall(r"<tr>(.*?)</tr>", index, re.DOTALL)[1:]
    for answer, entries in ANSWERS.items():
        row = next((r for r in rows if answer in text(r)), None)
        assert row, f"no row for {answer!r}"
        linked = set(re.findall(r'href="#([\w-]+)"', row))
        assert entries <= linked, (answer, linked)
        for anchor in linked:
            assert f'id="{anchor}"' in page


def test_troubleshooting_groups_say_what_they_hold(built_site):
    page = article(built_site, "troubleshooting/")
    groups = re.findall(r'<h2 id="([\w-]+)">(.*?)<', page)
    titles = {anchor: text(title) for anchor, title in groups}
    # The group of refusals holds only refusals; the others name their field.
    refusals = section(page, "when-connect-fails")
    assert set(re.findall(r'<h3 id="([\w-]+)"', refusals)) == {
        "credentials-invalid",
        "permissions-missing",
        "key-site-access",
        "no-wix-stores",
        "key-deleted",
    }
    assert "refuses" in titles["when-connect-fails"]
    for anchor, field in (
        ("any-field", "any field"),
        ("api-key", "API Key"),
        ("account-id", "Account ID"),
        ("site-id", "Site ID"),
    ):
        assert field in titles[anchor], titles[anchor]
    for anchor in titles:
        body = section(page, anchor)
        first = re.search(r"</h2>\s*<(\w+)", body)
        assert first and first[1] in ("p", "table"), f"group {anchor} starts with no words about what it holds"


def test_pictures_have_words_for_who_cannot_see_them(built_site):
    guide = article(built_site, "guide/")
    pictures = re.findall(r"<img [^>]*>", guide)
    assert len(pictures) == 2
    for tag in pictures:
        alt = _attribute("alt", tag)
        assert len(alt) > 80 and re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag), tag
        assert re.search(r"Account ID|Site ID", alt)
        source = _attribute("src", tag)
        svg = (built_site / "guide" / source).read_text("utf-8")
        assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
        assert "http" not in re.sub(r'xmlns="[^"]+"', "", svg), "a picture loads nothing from elsewhere"


@pytest.fixture(scope="module")
def supported_site(tmp_path_factory):
    """The site built with a deployment's own support address (SUPPORT_URL), as README says."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SUPPORT_URL", "mailto:help@shop-support.example")
    try:
        yield build_site(tmp_path_factory.mktemp("support"))
    finally:
        mp.undo()


def _support_links(html: str) -> list[str]:
    return re.findall(r'<a data-support-route href="([^"]*)"', html)


def test_the_support_route_is_set_once_and_shown_where_merchants_get_stuck(supported_site):
    address = "mailto:help@shop-support.example"
    for page in PAGES:
        footer = (supported_site / page / "index.html").read_text("utf-8").split('<footer class="md-footer">')[1]
        assert _support_links(footer) == [address], page
    troubleshooting = article(supported_site, "troubleshooting/")
    assert _support_links(section(troubleshooting, "contact-support")) == [address]
    assert 'href="#contact-support"' in troubleshooting.split('id="find-your-problem"')[0]
    checker = section(article(supported_site, "guide/"), "check-your-values")
    actions = checker[checker.index("data-cc-report") :]
    assert _support_links(actions)[:1] == [address], "the support route sits next to the report button"
    assert not re.search(
        r"<a data-support-route>", "".join((supported_site / p / "index.html").read_text("utf-8") for p in PAGES)
    ), "every route has its address"


def test_the_404_page_offers_the_guide_troubleshooting_search_and_support(supported_site):
    page = (supported_site / "404.html").read_text("utf-8")
    body = page[page.index("<article") : page.index("</article>")]
    hrefs = re.findall(r'href="([^"]+)"', body)
    assert "/guide/" in hrefs and "/troubleshooting/" in hrefs
    assert re.search(r'<label [^>]*for="__search"', body), "a way into the search"
    assert _support_links(body) == ["mailto:help@shop-support.example"]


def _attribute(name: str, tag: str) -> str:
    found = re.search(rf'{name}="([^"]+)"', tag)
    assert found, f"no {name} in {tag}"
    return found[1]
