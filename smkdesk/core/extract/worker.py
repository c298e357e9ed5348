"""The worker process of :class:`ExtractorPool`: one request at a time.

Protocol over a duplex pipe: the worker sends ``READY`` once its parsers are
imported and its memory limit is set, then answers each ``(job_id, path)``
request with ``(job_id, status, payload)`` where status is ``ok`` (payload: an
:class:`Extraction`), ``rejected`` (payload: the reason), ``oom`` or ``error``
(payload: a description). ``None`` asks the worker to exit. A worker whose
parent is gone exits at once and silently (see :mod:`smkdesk.core.util.childproc`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.dispatch import extract_file, warm_up
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.textutil import describe_error
from smkdesk.core.util.childproc import exit_with_parent, receive, reply

Target = Callable[[Path, Limits], Extraction]

READY = "ready"


def _limit_memory(max_bytes: int) -> None:
    """Cap the address space of this process, where the OS supports it."""
    if sys.platform == "win32" or max_bytes <= 0:
        return
    import resource

    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):  # e.g. macOS refuses to lower RLIMIT_AS
        pass


def _lower_priority() -> None:
    """Extraction is batch work: let the app's own threads (the window) run first.
    On a two-core machine two busy workers otherwise take the CPU from the
    thread holding the GIL, and the window stalls for the length of a time slice."""
    with contextlib.suppress(AttributeError, OSError):  # no nice() on Windows
        os.nice(10)


def run_job(target: Target, path: Path, limits: Limits) -> tuple[str, object]:
    """Run one extraction; (status, payload) with status ok/rejected/oom/error."""
    try:
        return "ok", target(path, limits)
    except RejectedFile as exc:
        return "rejected", exc.reason
    except MemoryError:
        return "oom", None
    except RecursionError:
        return "rejected", "the file is nested too deeply to be read"
    except Exception as exc:
        return "error", describe_error(exc)


def worker_main(conn: Connection, limits: Limits, target: Target | None) -> None:
    """Entry point of a worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's business
    exit_with_parent()
    _lower_priority()
    warm_up()
    _limit_memory(limits.max_memory_bytes)
    run = target or extract_file
    if not reply(conn, READY):
        return  # the pool is gone
    while (request := receive(conn)) is not None:
        job_id, path_text = request
        status, payload = run_job(run, Path(path_text), limits)
        try:
            sent = reply(conn, (job_id, status, payload))
        except MemoryError:
            sent = reply(conn, (job_id, "oom", None))
        if not sent:
            return
