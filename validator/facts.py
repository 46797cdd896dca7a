"""What the three Wix values look like and where Wix shows them, stated once.

The checker builds its messages from these. The site build
(``sitebuild/checks/_facts.py``) reads them too and fails, by file and line, when a
page, the manual checklist or a picture says something else: a writer changes
a fact here, never on one page alone.
"""

from __future__ import annotations

#: Every whole key seen was 721 characters long (the checker accepts a range around it).
KEY_LENGTH = 721
#: The key's length as people are told it: "about 720 characters".
KEY_LENGTH_SAID = 720
#: How every Wix key starts: the prefix and the start of its coded header.
KEY_START = "IST.eyJ"
#: Characters of an Account ID or Site ID, and the hex digits among them.
ID_LENGTH = 36
ID_DIGITS = 32
ID_SHAPE = f"{ID_LENGTH} characters: digits and the letters a to f, in five groups of 8-4-4-4-12 joined by hyphens"

#: Menus as Wix names them, joined as the pages write them.
MENU_ARROW = "→"
API_KEYS_MENU = f"Account Settings {MENU_ARROW} API Keys"
NEW_KEY_MENU = f"{API_KEYS_MENU} {MENU_ARROW} Generate API Key"

#: Wix shows a key's value once, when it is made; the API Keys page lists keys by name only.
KEY_SHOWN_ONCE = "Wix shows the key only once, when you create it"
KEY_WHERE = f"{KEY_SHOWN_ONCE} ({NEW_KEY_MENU})."
ACCOUNT_WHERE = (
    f"The Account ID is on the API Keys page of your Wix account ({API_KEYS_MENU}), on the right, under “Account ID”."
)
SITE_WHERE = (
    "Open your site's dashboard in Wix: its address is manage.wix.com/dashboard/<Site ID>/home. "
    "Copy only the part right after /dashboard/, up to the next /."
)

#: What no checker outside Wix can see: only Violet Connect, asking Wix, finds these out.
ONLY_VIOLET_CONNECT_CHECKS = (
    "the key's permissions, the sites it may reach, that the site has Wix Stores and that the key still exists"
)
