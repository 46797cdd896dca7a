"""Synthetic keys and IDs for tests and benchmarks: the build's key maker, and one consistent set.

The maker lives in ``sitebuild`` because the build completes the pages'
example keys with it, and the build may not import this dev-only package.
"""

from __future__ import annotations

from sitebuild.synthetic import HEADER, b64url, guid, make_key

__all__ = ["ACCOUNT_ID", "API_KEY", "DASHBOARD_URL", "HEADER", "SITE_ID", "b64url", "guid", "make_key"]

#: A consistent set: the key belongs to ACCOUNT_ID.
ACCOUNT_ID = guid(11)
SITE_ID = guid(22)
API_KEY = make_key(ACCOUNT_ID)
#: The most common Site ID mistake: the dashboard's whole address pasted (its finding links troubleshooting/#site-url).
DASHBOARD_URL = f"https://manage.wix.com/dashboard/{SITE_ID}/home"
