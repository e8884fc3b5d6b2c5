"""A test hook: stop the build at a named point, so a test can kill it there.

`ANSVAR_TEST_PAUSE_AT=<point>` makes the process print `paused at <point>` on
stderr and sleep (at most ANSVAR_TEST_PAUSE_S, default 120 s) when it reaches
that point. Unset, which is always the case outside the test suite, it does nothing.
Points: the stages (load, infer, validate, store, check, describe), `commit`
(just before the switch) and `committed` (just after it).
"""

from __future__ import annotations

import os
import sys
import time

__all__ = ["ENV", "pause_if_asked"]

ENV = "ANSVAR_TEST_PAUSE_AT"


def pause_if_asked(point: str) -> None:
    if os.environ.get(ENV) != point:
        return
    sys.stderr.write(f"paused at {point}\n")
    sys.stderr.flush()
    time.sleep(float(os.environ.get("ANSVAR_TEST_PAUSE_S", "120")))
