"""A time budget for a piece of work, enforced by interrupting it, not by killing its process.

``with Budget(20):`` raises ``DocumentTimeout`` inside the block once 20 s have passed, wherever the
block's thread is (re-raised every second until the block ends, should something catch it):

- in the main thread (the CLI, a Ray actor) by ``SIGALRM``, whose handler also runs while a regular
  expression or another C loop that checks for signals is working;
- in any other thread (the API's worker threads) by a watchdog thread that raises the exception in it
  with ``PyThreadState_SetAsyncExc``; that lands at the next Python instruction of the interrupted thread.

The process and the other documents it holds go on; the caller reports the document that overran.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import types
from typing import Any, Self

__all__ = ["Budget", "DocumentTimeout", "where_it_overran"]

# After the deadline, the interruption is repeated this often until the block has ended.
_REPEAT_S = 1.0


class DocumentTimeout(BaseException):
    """The work overran its budget. A ``BaseException``, so no ``except Exception`` in the work swallows it."""


def _raise_in(ident: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``ident`` at its next instruction (None: cancel one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else None)


class Budget:
    """Interrupt the ``with`` block with ``DocumentTimeout`` once ``seconds`` have passed (0: never)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._done = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ident = 0
        self._previous: Any = None
        self._by_signal = False

    def __enter__(self) -> Self:
        if self.seconds <= 0:
            return self
        self._by_signal = (threading.get_ident() == threading.main_thread().ident
                           and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN))
        if self._by_signal:
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, _REPEAT_S)
        else:
            self._ident = threading.get_ident()
            threading.Thread(target=self._watch, name="dronewatch-budget", daemon=True).start()
        return self

    def _on_alarm(self, signum: int, frame: types.FrameType | None) -> None:
        if not self._done:
            self.fired = True
            raise DocumentTimeout

    def _watch(self) -> None:
        wait = self.seconds
        while not self._stop.wait(wait):
            with self._lock:
                if self._done:
                    return
                self.fired = True
                _raise_in(self._ident, DocumentTimeout)
            wait = _REPEAT_S

    def _disarm(self) -> None:
        if self._by_signal:
            self._done = True
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            return
        with self._lock:
            self._done = True
            fired = self.fired
        self._stop.set()
        if fired:
            _raise_in(self._ident, None)  # one raised after the block's last instruction must not escape it

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: types.TracebackType | None) -> None:
        if self.seconds <= 0:
            return
        try:
            self._disarm()
        except DocumentTimeout:
            self.fired = True
            self._disarm()
        if self.fired and exc_type is None:
            raise DocumentTimeout  # the block caught the interruption and ended late all the same


def where_it_overran(exc: BaseException) -> str:
    """The function the work was in when it was interrupted: the innermost of dronewatch's own (e.g.
    ``dronewatch.nlp.events._owner``), else the innermost of any (e.g. ``thinc.layers.maxout.forward``)."""
    tb = exc.__traceback__
    ours = last = None
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", "?"))
        name = f"{module}.{tb.tb_frame.f_code.co_name}"
        if module not in (__name__, "dronewatch.nlp.pipeline", "contextlib"):
            last = name
            if module.startswith("dronewatch."):
                ours = name
        tb = tb.tb_next
    return ours or last or "the NLP stage"
