"""``python -m sitebuild.hosting``: rewrite the deploy configs' marked blocks (``--check``: only say if stale)."""

from __future__ import annotations

import sys

from sitebuild.hosting.configs import main

sys.exit(main())
