"""``make zensical``: the same site built by Zensical, which runs no MkDocs hooks.

sitebuild stages the checker's runtime before the build and finishes and
checks the site after it; in Chromium the checker gives a verdict and the
header search finds an entry. One search partial serves both generators, so
the search is checked under MkDocs too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import CHECKER_PAGE, PAGES, SITE_ID, StaticServer

from .site_project import copy_project

pytestmark = pytest.mark.browser

#: Pyodide boots in about 2 s on an idle machine; leave room for a busy one.
BOOT_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class ZensicalBuild:
    #: The site ``make zensical`` built in a copy of the project.
    site: Path
    #: What ``make zensical`` printed (stdout and stderr).
    output: str


@pytest.fixture(scope="module")
def zensical(tmp_path_factory) -> ZensicalBuild:
    project = copy_project(tmp_path_factory.mktemp("zensical"))
    result = project.make_zensical()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return ZensicalBuild(project.root / "site", output)


@pytest.fixture(scope="module")
def sites(zensical, built_site):
    with StaticServer({"/mkdocs/": built_site, "/zensical/": zensical.site}) as server:
        yield server


def test_make_zensical_builds_the_same_pages_and_checks_them(zensical, built_site):
    site, output = zensical.site, zensical.output
    assert "checked 5 pages in docs/ and the site in site/: no problems" in output
    assert sorted(p.relative_to(site) for p in site.rglob("index.html")) == sorted(
        p.relative_to(built_site) for p in built_site.rglob("index.html")
    )
    for page in PAGES:
        html = (site / page / "index.html").read_text("utf-8")
        assert '<meta name="generator" content="zensical-' in html, page
        assert (site / page / "index.html.gz").is_file(), page  # sitebuild finish, as the hooks do
    assert list((site / "assets" / "runtime").glob("validator-*.whl"))


def test_the_checker_gives_a_verdict_in_the_zensical_build(browser, sites):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sites.url(CHECKER_PAGE, mount="/zensical/"))
    site_id = page.get_by_label("Site ID", exact=True)
    site_id.fill(f"https://manage.wix.com/dashboard/{SITE_ID}/home")
    use = page.get_by_role("button", name=f"Use {SITE_ID}")
    use.wait_for(timeout=BOOT_TIMEOUT_MS)
    link = page.locator("[data-credential-checker] a[href*='#site-url']")
    assert link.count() == 1
    use.click()
    assert site_id.input_value() == SITE_ID
    context.close()
    assert errors == []


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_header_search_finds_a_troubleshooting_entry(browser, sites, generator, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(sites.url("guide/", mount=f"/{generator}/"))
    if width < 960:
        page.locator("label.md-header__button[for=__search]").click()  # the phone's magnifier
    elif generator == "zensical":
        page.get_by_role("button", name="Search").click()
    else:
        page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("merchant credentials")
    if generator == "zensical":  # Zensical draws its results in a dialog of its own
        result = page.get_by_role("option", name=re.compile("merchant credentials are invalid"))
    else:
        result = page.locator(".md-search-result__list a[href*='#credentials-invalid']")
    result.first.click()
    page.wait_for_url(re.compile(rf"/{generator}/troubleshooting/.*#credentials-invalid$"))
    context.close()
