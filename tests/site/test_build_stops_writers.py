"""A writer who breaks a link, an anchor, an entry or an example is stopped by the build,
with every problem named by file and line, in one run.
"""

from __future__ import annotations

from .writer_mistakes import STRAY_GUID


def test_the_build_fails(broken):
    code, output = broken.returncode, broken.output
    assert code != 0, output
    assert "Aborted with" in output


def test_broken_link_is_named_by_file_and_line(broken):
    lines, output = broken.lines, broken.output
    assert f"docs/index.md:{lines['link']}: link to guide.md#copy-acount-id" in output


def test_removed_anchor_is_named_in_the_contract_and_the_page(broken):
    lines, output = broken.lines, broken.output
    contract = f"sitebuild/checks/published-anchors.txt:{lines['contract']}"
    assert f"{contract}: troubleshooting/#key-lost is published" in output
    assert f"docs/troubleshooting.md:{lines['heading']}: the entry" in output
    assert "{#lost-key} is not in validator/catalogue.py" in output
    assert "no entry heading with id {#key-lost}" in output


def test_stray_guid_is_named_by_file_and_line(broken):
    lines, output = broken.lines, broken.output
    assert f"docs/guide.md:{lines['guid']}: the ID {STRAY_GUID} is not the pages' example" in output


def test_unknown_finding_code_in_an_example_is_named(broken):
    lines, output = broken.lines, broken.output
    assert f"docs/troubleshooting.md:{lines['syntax']}: example `you@example.com`" in output
    assert "unknown codes account-is-mail" in output


def test_entry_without_its_three_parts_is_named(broken):
    lines, output = broken.lines, broken.output
    assert f"docs/troubleshooting.md:{lines['entry']}: the entry {{#spaces}} must have the three parts" in output
    assert "it has: What you see, Cause, How to fix it" in output


def test_example_the_checker_disagrees_with_fails_the_build(project):
    project.edit("docs/guide.md", 'data-expect="site-url" data-suggests', 'data-expect="site-is-name" data-suggests')
    project.edit(
        "docs/guide.md",
        '`IST.eyJraWQiOiJQb3pI…`{ .example data-field="api_key" data-expect="ok" }',
        '`Bearer IST.eyJraWQiOiJQb3pI…`{ .example data-field="api_key" data-expect="ok" }',
    )
    address = project.line_of("docs/guide.md", 'data-expect="site-is-name"')
    key = project.line_of("docs/guide.md", "`Bearer IST.")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/guide.md:{address}: example `https://manage.wix.com/dashboard/" in output
    assert "should give site-is-name, but the checker says: site-url" in output
    assert f"docs/guide.md:{key}: example `Bearer IST.eyJraWQiOiJQb3pI…` in api_key is called correct" in output
    assert "key-bearer" in output


def test_renamed_entry_keeps_its_old_anchor(project):
    """The documented way to rename (CONTRIBUTING.md) builds; dropping the alias does not."""
    project.edit(
        "validator/catalogue.py",
        'Entry("key-lost", "You closed the key before copying it")',
        'Entry("key-closed", "You closed the key before copying it", former_anchors=("key-lost",))',
    )
    project.edit(
        "docs/troubleshooting.md",
        "### You closed the key before copying it {#key-lost}",
        '<a id="key-lost"></a>\n\n### You closed the key before copying it {#key-closed}',
    )
    contract = project.root / "sitebuild/checks/published-anchors.txt"
    contract.write_text(contract.read_text() + "troubleshooting/#key-closed\n")
    renamed = project.build()
    assert renamed.returncode == 0, renamed.stdout + renamed.stderr

    project.edit("docs/troubleshooting.md", '<a id="key-lost"></a>\n\n', "")
    dropped = project.build()
    output = dropped.stdout + dropped.stderr
    assert dropped.returncode != 0
    assert "the former anchor #key-lost of “You closed the key before copying it” is gone" in output


def test_example_attributes_detached_from_the_value_are_named(broken):
    lines, output = broken.lines, broken.output
    assert (
        f"docs/guide.md:{lines['space']}: example `0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d` has a space before" in output
    )


def test_a_second_example_site_id_is_named(broken):
    lines, output = broken.lines, broken.output
    assert "the pages call more than one site_id correct" in output
    assert f"11111111-2222-4333-8444-555555555555 (docs/limitations.md:{lines['second']})" in output
