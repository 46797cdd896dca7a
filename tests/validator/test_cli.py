"""The command line as support staff use it: exit codes, JSON, key from stdin or the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from harness import ACCOUNT_ID, API_KEY, SITE_ID, guid
from validator import CODES

ROOT = Path(__file__).resolve().parents[2]
SIGNATURE = API_KEY.rsplit(".", 1)[1]


def run(*args: str, stdin: str | bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WIX_")}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "validator", *args],
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
        check=False,
    )
    # Whatever happens, the key's secret part is never printed.
    for stream in (done.stdout, done.stderr):
        assert SIGNATURE[:16].encode() not in stream and SIGNATURE[-16:].encode() not in stream
    return done


def test_correct_values_exit_0_with_readable_text():
    done = run("--api-key", API_KEY, "--account-id", ACCOUNT_ID, "--site-id", SITE_ID)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert text.startswith("Ready for Violet Connect:")
    # Honest about what it cannot see: only Violet Connect, asking Wix, can check these.
    assert "permissions" in text.splitlines()[0] and "sites it may reach" in text.splitlines()[0]
    assert "API Key: OK" in text and "Site ID: OK" in text


def test_error_exits_1_and_links_the_entry():
    url = f"https://manage.wix.com/dashboard/{SITE_ID}/home"
    done = run(
        "--api-key",
        API_KEY,
        "--account-id",
        ACCOUNT_ID,
        "--site-id",
        url,
        "--docs-url",
        "https://docs.example.org/wix/",
    )
    assert done.returncode == 1
    text = done.stdout.decode()
    assert "[site-url]" in text
    assert f"suggested value: {SITE_ID}" in text
    assert "see https://docs.example.org/wix/troubleshooting/#site-url" in text


def test_json_shape():
    wrapped = API_KEY[:300] + "\n" + API_KEY[300:]
    done = run("--json", "--api-key", wrapped, "--account-id", guid(5), "--site-id", "")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False
    codes = {(f["field"], f["code"]) for f in report["findings"]}
    assert codes == {("api_key", "spaces"), ("account_id", "account-mismatch"), ("site_id", "empty")}
    for f in report["findings"]:
        assert {"field", "severity", "code", "message", "anchor"} <= f.keys()
        assert f["field"] in ("api_key", "account_id", "site_id") and f["severity"] in ("error", "warning")
    by_code = {f["code"]: f for f in report["findings"]}
    assert by_code["account-mismatch"]["suggestion"] == ACCOUNT_ID
    assert by_code["spaces"]["suggestion"] != API_KEY  # redacted: the key is never printed
    assert by_code["spaces"]["suggestion_redacted"] is True
    assert "suggestion" not in by_code["empty"]


def test_warning_only_is_ok():
    from harness import make_key

    odd = make_key(ACCOUNT_ID, header={"kid": "new_kid1", "alg": "RS256"})
    done = run("--json", "--api-key", odd, "--account-id", ACCOUNT_ID, "--site-id", SITE_ID)
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert report["ok"] is True and [f["severity"] for f in report["findings"]] == ["warning"]


def test_key_from_stdin():
    done = run("--api-key", "-", "--account-id", ACCOUNT_ID, "--site-id", SITE_ID, stdin=API_KEY + "\n")
    assert done.returncode == 0, done.stdout


def test_key_from_environment():
    done = run("--account-id", ACCOUNT_ID, "--site-id", SITE_ID, env={"WIX_API_KEY": API_KEY})
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith(b"Ready for Violet Connect")


def test_a_value_not_given_is_not_entered_and_an_empty_one_is_empty():
    # Support staff check the one value a merchant sent: the others are not judged.
    only_site = run("--site-id", SITE_ID)
    assert only_site.returncode == 0, only_site.stdout
    text = only_site.stdout.decode()
    assert "API Key: not entered" in text and "Account ID: not entered" in text and "Site ID: OK" in text
    assert not text.startswith(("Ready", "Not ready"))
    report = json.loads(run("--json", "--site-id", SITE_ID).stdout)
    assert report["ok"] is True and report["ready"] is False
    assert report["fields"] == {"api_key": "untouched", "account_id": "untouched", "site_id": "ok"}
    # Given, but empty: that is a mistake to fix.
    empty = run("--api-key", "", "--account-id", ACCOUNT_ID, "--site-id", SITE_ID)
    assert empty.returncode == 1 and b"[empty]" in empty.stdout


def test_usage_errors_exit_2_without_traceback():
    for args in (["--no-such-option"], ["--api-key", "-", "--site-id", "-"], ["--api-key"]):
        done = run(*args, stdin="")
        assert done.returncode == 2, args
        assert b"Traceback" not in done.stderr and b"usage:" in done.stderr


def test_unreadable_stdin_is_an_error_message():
    done = run("--api-key", "-", stdin=b"\xff\xfe not utf-8")
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr and b"cannot read" in done.stderr


def test_catalogue():
    done = run("--catalogue")
    assert done.returncode == 0
    catalogue = json.loads(done.stdout)
    assert [c["code"] for c in catalogue["codes"]] == [c.code for c in CODES]
    assert all(c["anchor"] == c["code"] for c in catalogue["codes"])


def test_console_script_wix_check_is_the_same_command(capsys):
    import importlib
    import tomllib

    target = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]["wix-check"]
    module, _, name = target.partition(":")
    main = getattr(importlib.import_module(module), name)
    assert main(["--site-id", "my-shop", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert ("site_id", "site-is-name") in {(f["field"], f["code"]) for f in report["findings"]}
