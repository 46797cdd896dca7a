"""Debian's Chromium, as every browser test and the benchmark launch it.

Playwright's own browser download cannot work on these machines.
"""

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach outside hosts.
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
