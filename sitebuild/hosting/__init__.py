"""How the built site is served.

- ``responses``: the security headers, cache policy and content types every
  response carries, written once;
- ``configs``: writes them into each host's configuration (the marked blocks
  of ``deploy/`` and ``overrides/main.html``, the site's ``_headers``);
  ``python -m sitebuild.hosting`` rewrites the marked blocks.
"""
