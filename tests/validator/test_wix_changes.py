"""What merchants paste that the checker once answered wrongly: keys Wix signs another way,
IDs with a label or an emoji around them, encoded addresses, fields not entered yet.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from harness.synthetic import ACCOUNT_ID, API_KEY, SITE_ID, b64url, guid, make_key
from validator import FIELDS, MAX_LENGTH, check
from validator._key import SIGNATURE_LENGTHS

from .strategies import field_text

SETTINGS = settings(max_examples=int(os.environ.get("VALIDATOR_EXAMPLES", "150")), deadline=None)
seeds = st.integers(0, 10_000)


def _signed(header: dict, signature_length: int, seed: int) -> str:
    key = make_key(ACCOUNT_ID, header=header, seed=seed)
    head, payload, _ = key[4:].split(".")
    signature = b64url(bytes(n * 7 % 256 for n in range(signature_length * 3 // 4 + 2)))[:signature_length]
    return f"IST.{head}.{payload}.{signature}"


@SETTINGS
@given(st.sampled_from(sorted(SIGNATURE_LENGTHS)), st.data(), seeds)
def test_a_whole_key_of_any_signing_algorithm_is_at_most_a_warning(alg, data, seed):
    length = data.draw(st.sampled_from(SIGNATURE_LENGTHS[alg]))
    kid = data.draw(st.sampled_from(["PozH_aC2", "Nw_2026a", "k1"]))
    # Wix's own signing key (kid PozH_aC2) is RSA-2048: another size under that kid is a damaged key.
    assume((kid, alg) != ("PozH_aC2", "RS256") or length == 342)
    key = _signed({"kid": kid, "alg": alg}, length, seed)
    report = check(key, ACCOUNT_ID, SITE_ID)
    if (kid, alg) != ("PozH_aC2", "RS256"):
        assert [(f.code, f.severity) for f in report.findings] == [("key-unfamiliar", "warning")]
    assert report.ready


@SETTINGS
@given(st.sampled_from(sorted(SIGNATURE_LENGTHS)), st.integers(1, 40), seeds)
def test_a_key_of_another_algorithm_cut_in_its_signature_is_cut_short(alg, lost, seed):
    length = min(SIGNATURE_LENGTHS[alg])
    key = _signed({"kid": "Nw_2026a", "alg": alg}, length, seed)[:-lost]
    codes = {f.code for f in check(key, ACCOUNT_ID, SITE_ID).for_field("api_key")}
    assert "key-truncated" in codes


LABELS = {
    "account_id": ["Account ID", "Account ID:", "Your Account ID", "account id", "ID", "Account", "accountId ="],
    "site_id": ["Site ID", "Site ID:", "metaSiteId=", "site", "My site ID", "Site"],
}
BETWEEN = [" ", "\n", "\r\n", " - ", " – ", ": ", "\t", " : ", "\n\n"]
AFTER = ["", " 👍", "👍", " ✅", " 🙂", " (copied)", ".", " <- this one"]


@SETTINGS
@given(st.sampled_from(["account_id", "site_id"]), st.data())
def test_a_label_or_emoji_around_an_id_is_undone_exactly(name, data):
    value = {"account_id": ACCOUNT_ID, "site_id": SITE_ID}[name]
    label = data.draw(st.sampled_from(LABELS[name] + [""]))
    after = data.draw(st.sampled_from(AFTER if label else AFTER[1:]))
    pasted = (label + data.draw(st.sampled_from(BETWEEN)) if label else "") + value + after
    report = check(API_KEY, **{"account_id": ACCOUNT_ID, "site_id": SITE_ID, name: pasted})
    found = report.for_field(name)
    assert found, pasted
    assert {f.suggestion for f in found if f.severity == "error"} == {value}, (pasted, found)


@SETTINGS
@given(seeds, st.sampled_from(["dashboard", "editor"]), st.integers(1, 3), st.booleans())
def test_an_encoded_or_escaped_wix_address_gives_its_site_id(seed, form, times, escaped):
    site = guid(seed)
    if form == "dashboard":
        inner = f"https://manage.wix.com/dashboard/{site}/home?referralInfo=sidebar&tab=1"
    else:
        inner = (
            f"https://editor.wix.com/html/editor/web/renderer/edit/{guid(seed + 1)}"
            f"?editorSessionId={guid(seed + 2)}&metaSiteId={site}"
        )
    for _ in range(times):
        inner = quote(inner, safe="")
    pasted = f"https://users.wix.com/signin?view=log-in&postLogin={inner}&loginDialogContext=login"
    if escaped:
        pasted = pasted.replace("&", "&amp;")
    found = check(site_id=pasted).for_field("site_id")
    assert [(f.code, f.suggestion) for f in found] == [("site-url", site)], pasted


@settings(max_examples=int(os.environ.get("VALIDATOR_EXAMPLES", "300")), deadline=None)
@given(field_text, field_text, field_text, st.sets(st.sampled_from(FIELDS)))
def test_a_field_not_entered_gets_no_finding_and_is_never_asked_to_be_fixed(api_key, account_id, site_id, untouched):
    values = {"api_key": api_key, "account_id": account_id, "site_id": site_id}
    values.update(dict.fromkeys(untouched))
    report = check(**values)
    labels = {"api_key": "API Key", "account_id": "Account ID", "site_id": "Site ID"}
    for name in untouched:
        assert report.for_field(name) == () and report.field_status(name) == "untouched"
        assert labels[name] not in report.summary.partition("Still to paste")[0]
    assert report.ready == (report.ok and not untouched)
    json.loads(report.to_json())


def test_line_breaks_count_as_the_merchant_sees_them():
    unix = check(API_KEY[:300] + "\n" + API_KEY[300:]).findings[0].message
    windows = check(API_KEY[:300] + "\r\n" + API_KEY[300:]).findings[0].message
    assert windows == unix and "broken over 2 lines" in windows


def test_a_value_cut_at_the_pages_bound_is_not_given_an_exact_length():
    # The page keeps MAX_LENGTH + 1 characters of a longer paste: the count it holds is not the count pasted.
    for name in FIELDS:
        (finding,) = check(**{name: "x" * (MAX_LENGTH + 1)}).for_field(name)
        assert finding.code == "too-long"
        assert f"more than {MAX_LENGTH:,} characters" in finding.message
        assert f"{MAX_LENGTH + 1:,}" not in finding.message
