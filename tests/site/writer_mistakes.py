"""Seven mistakes a writer makes, made in a copy of the project: each must be named by file and line."""

from __future__ import annotations

from .site_project import Project

STRAY_GUID = "83749f16-12a9-2109-913e-ed6fed5c7e4d"  # the seed guide's mismatched example
SECOND_SITE_ID = "11111111-2222-4333-8444-555555555555"


def make_mistakes(p: Project) -> dict[str, int]:
    """Edit the copy; returns the line of each mistake by name."""
    p.edit("docs/index.md", "(guide.md#copy-account-id)", "(guide.md#copy-acount-id)")
    p.edit("docs/troubleshooting.md", "{#key-lost}", "{#lost-key}")
    p.edit("docs/guide.md", "In this\n", f"In the seed guide it was {STRAY_GUID}. In this\n")
    p.edit("docs/troubleshooting.md", 'data-expect="account-is-email"', 'data-expect="account-is-mail"')
    p.edit(
        "docs/troubleshooting.md",
        "**Why it happens**\n:   Selecting text by hand",
        "**Cause**\n:   Selecting text by hand",
    )
    p.edit(
        "docs/guide.md",
        "`0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`{ .example",
        "`0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d` { .example",
    )
    p.edit(
        "docs/limitations.md",
        "See also:",
        f'Another site: `{SECOND_SITE_ID}`{{ .example data-field="site_id" data-expect="ok" }}.\n\nSee also:',
    )
    return {
        "second": p.line_of("docs/limitations.md", SECOND_SITE_ID),
        "space": p.line_of("docs/guide.md", "` { .example"),
        "link": p.line_of("docs/index.md", "guide.md#copy-acount-id"),
        "heading": p.line_of("docs/troubleshooting.md", "{#lost-key}"),
        "contract": p.line_of("sitebuild/checks/published-anchors.txt", "troubleshooting/#key-lost"),
        "guid": p.line_of("docs/guide.md", STRAY_GUID),
        "syntax": p.line_of("docs/troubleshooting.md", "account-is-mail"),
        "entry": p.line_of("docs/troubleshooting.md", "{#spaces}"),
    }
