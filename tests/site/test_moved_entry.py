"""A troubleshooting entry moved to another page: the address support put in a ticket still
lands on it (CONTRIBUTING.md, "Move an entry to another page"), and a move done halfway
stops the build with file and line.
"""

from __future__ import annotations

import pytest

from harness import Nginx

from .site_project import Project, copy_project

pytestmark = pytest.mark.browser

TITLE = "You closed the key before copying it"


def move_entry(project: Project, anchor: str, *, to: str = "manage-key.md", take_heading: bool = True) -> int:
    """Replace the entry on the troubleshooting page by the link it leaves; returns that link's line."""
    page = project.root / "docs" / "troubleshooting.md"
    text = page.read_text("utf-8")
    start = text.rindex("\n### ", 0, text.index(f"{{#{anchor}}}")) + 1
    end = text.index("\n##", start + 1) + 1
    entry = text[start:end]
    title = entry.splitlines()[0].removeprefix("### ").split(" {#")[0]
    left = f"[{title}: this entry is now on another page.]({to}#{anchor}){{ #{anchor} .moved-entry }}\n\n"
    page.write_text(text[:start] + left + text[end:], "utf-8")
    if take_heading:
        with (project.root / "docs" / to).open("a", encoding="utf-8") as new_page:
            new_page.write("\n" + entry)
    return project.line_of("docs/troubleshooting.md", f"{{ #{anchor} .moved-entry }}")


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """The site with ``key-lost`` moved to the key page, built with its address (instant navigation on)."""
    project = copy_project(tmp_path_factory.mktemp("moved"))
    move_entry(project, "key-lost")
    with Nginx() as host:
        result = project.build(site_url=host.url())
        assert result.returncode == 0, result.stdout + result.stderr
        host.mount("/", project.root / "site")
        yield host


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def lands_on_the_moved_entry(page, site) -> None:
    page.wait_for_url(site.url("manage-key/#key-lost"))
    assert page.get_by_role("heading", name=TITLE).is_visible()


def test_the_old_address_lands_on_the_entry_in_its_new_place(moved, page):
    page.goto(moved.url("guide/"))
    page.goto(moved.url("troubleshooting/#key-lost"))
    lands_on_the_moved_entry(page, moved)
    # The address was replaced, not added to: Back does not bounce off the link left behind.
    page.go_back()
    page.wait_for_url(moved.url("guide/"))


def test_the_link_left_behind_is_followed_from_the_page_itself(moved, page):
    page.goto(moved.url("troubleshooting/"))
    page.get_by_role("link", name=TITLE, exact=True).first.click()  # the index by symptom
    lands_on_the_moved_entry(page, moved)


def test_a_link_from_another_page_lands_there_through_instant_navigation(moved, page):
    page.goto(moved.url("guide/"))
    page.get_by_role("link", name="generate a new one").click()
    lands_on_the_moved_entry(page, moved)
    page.go_back()
    page.wait_for_url(moved.url("guide/"))


def test_a_move_done_halfway_is_named_by_file_and_line(project):
    unmoved = move_entry(project, "product-unavailable", take_heading=False)
    coded = move_entry(project, "site-url")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        f"docs/troubleshooting.md:{unmoved}: the entry {{#product-unavailable}} moved to "
        "../manage-key/#product-unavailable, but that page has no entry heading"
    ) in output
    assert (
        f"docs/troubleshooting.md:{coded}: the entry {{#site-url}} has moved, but the checker's findings link it"
        in output
    )
