"""Take the network away from a process that evaluates user input.

Defence in depth behind the SPARQL guard: a query worker lives in a network
namespace of its own with no interfaces up, so even a SERVICE that got past the
guard has nowhere to connect to. Needs root (CAP_SYS_ADMIN) on Linux; elsewhere
the worker runs with the network and a warning is logged.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

__all__ = ["deny_network", "log"]

log = logging.getLogger("ansvar.sandbox")
_CLONE_NEWNET = 0x40000000  # <sched.h>; Python 3.11 has no os.unshare


def deny_network() -> bool:
    """Move this process into an empty network namespace; True when that worked."""
    if not sys.platform.startswith("linux"):
        log.warning("query workers keep network access: network namespaces need Linux")
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(_CLONE_NEWNET) == 0:
            return True
        reason = os.strerror(ctypes.get_errno())
    except (OSError, AttributeError) as err:
        reason = str(err)
    log.warning(
        "query workers keep network access (unshare(CLONE_NEWNET) failed: %s); run as root to isolate them", reason
    )
    return False
