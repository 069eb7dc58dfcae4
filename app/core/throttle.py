"""A per-process throttle: one caller through per interval, whichever thread asks first."""
from __future__ import annotations

import threading
import time

clock = time.monotonic  # the throttle's clock (tests replace it)


class Throttle:
    """Lets one caller through per interval and per process, whichever thread asks first."""

    def __init__(self) -> None:
        self._next = 0.0
        self._lock = threading.Lock()

    def due(self, seconds: float) -> bool:
        """True, and the next turn set `seconds` later, when the interval has passed."""
        now = clock()
        with self._lock:
            if now < self._next:
                return False
            self._next = now + seconds
            return True
