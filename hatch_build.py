"""Wheel build hook: the wheel carries the local htmx copy that pages fall back to.

static/vendor/ is not in git; a build from a clean clone fetches it with the Makefile's
SRI-checked recipe, and stops with the reason when it cannot.
"""

import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

HTMX = "static/vendor/htmx.min.js"


class LocalHtmx(BuildHookInterface):
    def initialize(self, version, build_data):
        if version == "editable" or (Path(self.root) / HTMX).is_file():
            return  # an editable install serves the checkout's static/ itself
        try:
            subprocess.run(["make", HTMX], cwd=self.root, check=True)
        except (OSError, subprocess.CalledProcessError) as error:
            raise RuntimeError(
                f"{HTMX} is missing and `make {HTMX}` (npm and openssl) could not fetch it: "
                f"{error}. Fetch it, then build again; a wheel without it serves pages that "
                "break whenever the CDN is unreachable."
            ) from error
