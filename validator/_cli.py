"""``python -m validator`` / ``wix-check``: the checker for support staff.

The key can come from standard input (``--api-key -``) or ``WIX_API_KEY`` so it
stays out of shell history; it is never printed in full. A value given neither
as an option nor in the environment is "not entered": the report says so and
judges only the values given (``--site-id ''`` is a value, an empty one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from validator._check import check
from validator.catalogue import FIELD_LABELS, catalogue_dict

_ENV = {"api_key": "WIX_API_KEY", "account_id": "WIX_ACCOUNT_ID", "site_id": "WIX_SITE_ID"}
_KEY, _ACCOUNT, _SITE = (FIELD_LABELS[name] for name in ("api_key", "account_id", "site_id"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wix-check",
        description=f"Check the Wix {_KEY}, {_ACCOUNT} and {_SITE} a merchant pastes into Violet Connect. "
        "Nothing is sent anywhere; the key is never printed in full.",
        epilog="A value not given (option or environment variable) is not entered: only the values given are "
        "judged. Exit status: 0 no error in the values given, 1 a value has an error, 2 usage error.",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help=f"the {_KEY}; '-' reads it from standard input (default: the WIX_API_KEY environment variable)",
    )
    parser.add_argument(
        "--account-id", metavar="ID", help=f"the {_ACCOUNT} ('-' reads standard input; default: WIX_ACCOUNT_ID)"
    )
    parser.add_argument("--site-id", metavar="ID", help=f"the {_SITE} ('-' reads standard input; default: WIX_SITE_ID)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--docs-url",
        default="",
        metavar="URL",
        help="the guide's address, for links to troubleshooting entries (default: relative links)",
    )
    parser.add_argument(
        "--catalogue", action="store_true", help="print every finding code and entry as JSON, then exit"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Exit status: 0 no error in the values given, 1 an error in a value, 2 usage error."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130
    except (OSError, UnicodeDecodeError) as error:
        print(f"wix-check: cannot read the input: {error}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.catalogue:
        print(json.dumps(catalogue_dict(), ensure_ascii=False, indent=2))
        return 0
    given = {"api_key": args.api_key, "account_id": args.account_id, "site_id": args.site_id}
    if sum(v == "-" for v in given.values()) > 1:
        parser.error("only one value can be read from standard input")
    report = check(**{name: _value(name, value) for name, value in given.items()})
    if args.json:
        print(report.to_json())
    else:
        print(report.to_text(docs_url=args.docs_url))
    return 0 if report.ok else 1


def run() -> None:
    sys.exit(main())


def _value(name: str, given: str | None) -> str | None:
    """The value of one field: as given, from standard input ("-") or from its variable (None when not set)."""
    if given == "-":
        read = sys.stdin.buffer.read().decode("utf-8")
        # The line break that ends piped input is not part of the value.
        read = read.removesuffix("\n")
        return read.removesuffix("\r")
    if given is None:
        return os.environ.get(_ENV[name])  # None when not set: not entered
    return given
