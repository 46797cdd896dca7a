"""Site ID in a Wix address: taken from where Wix puts it, whatever other IDs the address holds."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from harness import guid
from validator import check

SETTINGS = settings(max_examples=int(os.environ.get("VALIDATOR_EXAMPLES", "150")), deadline=None)
seeds = st.integers(0, 10_000)
words = st.sampled_from(
    ["home", "store", "ecom-platform", "order-details", "settings", "apps", "wix-stores", "products"]
)


@st.composite
def wix_address(draw):
    """(address, site id) in one of the forms Wix uses, with other IDs around the site ID."""
    site = guid(draw(seeds))
    others = [guid(draw(seeds) + 20_000) for _ in range(3)]
    scheme = draw(st.sampled_from(["https://", "http://", "", "HTTPS://"]))
    tail = draw(st.lists(st.one_of(words, st.sampled_from(others)), max_size=3))
    query = draw(st.sampled_from(["", "?referralInfo=sidebar", f"?orderId={others[0]}", "?a=1&b=2"]))
    fragment = draw(st.sampled_from(["", "#top", f"#{others[1]}"]))
    form = draw(st.sampled_from(["dashboard", "old-dashboard", "my-account", "editor", "studio"]))
    if form in ("dashboard", "old-dashboard", "my-account"):
        host = {"dashboard": "manage.wix.com", "old-dashboard": "www.wix.com", "my-account": "www.wix.com"}[form]
        host = draw(st.sampled_from([host, host.upper()]))
        path = "dashboard/" if form != "my-account" else "my-account/sites/"
        address = f"{scheme}{host}/{path}{site}/" + "/".join(tail) + draw(st.sampled_from(["", "/"])) + query + fragment
    else:
        params = [f"metaSiteId={site}", f"editorSessionId={others[2]}", "lang=en"]
        params = draw(st.permutations(params))
        path = "html/editor/web/renderer/edit" if form == "editor" else "studio"
        address = f"{scheme}editor.wix.com/{path}/{others[0]}?" + "&".join(params) + fragment
    return address, site


@SETTINGS
@given(wix_address())
def test_site_id_comes_from_its_place_in_the_address(case):
    address, site = case
    report = check(site_id=address)
    assert [f.code for f in report.for_field("site_id")] == ["site-url"]
    assert report.for_field("site_id")[0].suggestion == site


@SETTINGS
@given(
    st.sampled_from(
        [
            "https://{name}.wixsite.com/{page}",
            "https://www.{name}.com/{page}",
            "http://{name}.com/{page}?ref={other}",
            "https://editor.wix.com/html/editor/web/renderer/edit/{other}?editorSessionId={other}",
            "https://manage.wix.com/account/api-keys",
            "https://manage.wix.com/account/{page}",
        ]
    ),
    st.sampled_from(["myshop", "blue-mugs", "a1"]),
    words,
    seeds,
)
def test_addresses_without_a_site_id_say_so(template, name, page, seed):
    address = template.format(name=name, page=page, other=guid(seed))
    report = check(site_id=address)
    found = report.for_field("site_id")
    assert [f.code for f in found] == ["site-url-no-id"]
    assert found[0].suggestion is None
    assert "holds no Site ID" in found[0].message
