"""``python -m sitebuild stage``: stage the checker's runtime without MkDocs (e.g. for Zensical)."""

import sys

from sitebuild.runtime import main

sys.exit(main())
