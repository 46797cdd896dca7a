"""Placeholder until the rules land (issue 2)."""

from __future__ import annotations

from validator._report import Report


def check(api_key: str = "", account_id: str = "", site_id: str = "") -> Report:
    raise NotImplementedError("the checker's rules are not written yet")
