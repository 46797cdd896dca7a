"""One source for each fact: a page, the manual checklist or a picture that says otherwise stops the build,
named by file and line; the checker's own words come from the same source.
"""

from __future__ import annotations

import pytest

from harness import ROOT

from .site_project import BuiltCopy, copy_project

OTHER_ID = "11111111-2222-4333-8444-555555555555"


@pytest.fixture(scope="module")
def contradicted(tmp_path_factory) -> BuiltCopy:
    """A copy whose pages, snippet and pictures contradict validator/facts.py (and a label the catalogue) once each."""
    p = copy_project(tmp_path_factory.mktemp("facts"))
    p.edit("docs/guide.md", "(about 720 characters)", "(about 700 characters)")
    p.edit(
        "docs/index.md",
        "Wix shows the key itself only once",
        "You can see the key in your dashboard at any time. Wix shows the key itself only once",
    )
    p.edit("docs/manage-key.md", "**Account Settings** → **API Keys**,", "**Account Settings** > **API Keys**,")
    p.edit(
        "overrides/snippets/credential-checker.html",
        "**Account ID**: 36 characters",
        "**Account ID**: 32 letters and digits",
    )
    p.edit("overrides/snippets/credential-checker.html", "data-cc-label>Site ID<", "data-cc-label>Site Id<")
    p.edit(
        "docs/images/site-id-in-address-bar.svg",
        ">5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f</tspan>",
        f">{OTHER_ID}</tspan>",
    )
    p.edit(
        "docs/images/account-id-on-api-keys-page.svg",
        "right side of the API Keys page",
        "left side of the API Keys page",
    )
    lines = {
        "length": p.line_of("docs/guide.md", "about 700 characters"),
        "seen": p.line_of("docs/index.md", "You can see the key"),
        "menu": p.line_of("docs/manage-key.md", "**Account Settings** > **API Keys**"),
        "shape": p.line_of("overrides/snippets/credential-checker.html", "32 letters and digits"),
        "label": p.line_of("overrides/snippets/credential-checker.html", "Site Id"),
        "picture": p.line_of("docs/images/site-id-in-address-bar.svg", OTHER_ID),
        "left": p.line_of("docs/images/account-id-on-api-keys-page.svg", "Copy the Account ID here"),
    }
    result = p.build()
    return BuiltCopy(p, lines, result.returncode, result.stdout + result.stderr)


def test_each_contradiction_is_named_by_file_and_line(contradicted):
    lines, code, output = contradicted.lines, contradicted.returncode, contradicted.output
    assert code != 0, output
    expected = [
        f"docs/guide.md:{lines['length']}: says a key is “about 700 characters”, but validator/facts.py says about 720",
        f"docs/index.md:{lines['seen']}: says “can see the key in your dashboard at any time” about the key",
        f"docs/manage-key.md:{lines['menu']}: writes the menu as “Account Settings > API Keys”",
        f"overrides/snippets/credential-checker.html:{lines['shape']}: says an ID is “32 letters and digits”",
        f"docs/images/site-id-in-address-bar.svg:{lines['picture']}: the ID {OTHER_ID} is not the pages' example",
        f"docs/images/account-id-on-api-keys-page.svg:{lines['left']}: says “Account ID here left side”",
    ]
    for warning in expected:
        assert warning in output, f"missing: {warning}\n{output}"


def test_a_checker_label_must_be_the_catalogues(contradicted):
    # The findings and the guide call the value what the catalogue calls it; the page's label too.
    lines, output = contradicted.lines, contradicted.output
    assert (
        f"overrides/snippets/credential-checker.html:{lines['label']}: the site_id field is labelled “Site Id”, "
        "but validator/catalogue.py calls it “Site ID”"
    ) in output


def test_a_picture_address_must_give_the_example_site_id(contradicted):
    lines, output = contradicted.lines, contradicted.output
    assert (
        f"docs/images/site-id-in-address-bar.svg:{lines['picture']}: the Wix address "
        f"manage.wix.com/dashboard/{OTHER_ID}/home does not give the pages' example Site ID"
    ) in output


def test_the_checkers_own_words_agree_with_the_facts():
    # The messages are built from validator/facts.py; no module may state a fact by hand the other way.
    from sitebuild.checks._facts import contradictions
    from validator import facts

    for path in sorted((ROOT / "validator").glob("*.py")):
        found = contradictions(path.read_text("utf-8").splitlines(), facts)
        assert not found, (path.name, found)


def test_every_golden_report_agrees_with_the_facts():
    from sitebuild.checks._facts import _rules, contradictions
    from validator import facts

    # What the checker prints for every golden row; rules about an ID's size are left out here,
    # since a message rightly counts the characters of a damaged ID.
    rules = [r for r in _rules(facts) if r.__name__ != "the_id_size"]
    lines = (ROOT / "tests" / "validator" / "cases.expected.txt").read_text("utf-8").splitlines()
    assert not contradictions(lines, facts, rules)
