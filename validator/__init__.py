"""Check the three Wix values a merchant pastes into Violet Connect.

Standard library only, so the same code runs under CPython, in the docs build
and in the browser under Pyodide::

    from validator import check
    report = check(api_key=..., account_id=..., site_id=...)
    report.ok, report.ready, report.findings

``None`` for a value is "not entered yet". ``MAX_LENGTH`` is the longest value
read character by character; a page bounds its fields at ``MAX_LENGTH + 1``.
"""

from validator._check import check
from validator._clean import MAX_LENGTH
from validator._page import PageReport, page_report
from validator._redact import redact_key
from validator._report import Finding, Report
from validator.catalogue import CODES, ENTRIES, FIELD_LABELS, FIELDS, catalogue_dict

__all__ = [
    "CODES",
    "ENTRIES",
    "FIELDS",
    "FIELD_LABELS",
    "MAX_LENGTH",
    "Finding",
    "PageReport",
    "Report",
    "catalogue_dict",
    "check",
    "page_report",
    "redact_key",
]
__version__ = "1.0.0"
