"""Where a Dask job runs: the ``scheduler`` switch, and a small runner over it (internal).

``scheduler`` is one of

* ``"local"``: a :class:`distributed.LocalCluster` started for the call (one single-threaded
  worker process per core, loopback only) and closed afterwards;
* an address (``"tcp://10.0.0.5:8786"``, ``"tls://…"``): an existing cluster, e.g. one started
  by dask-jobqueue on a SLURM or PBS cluster;
* a :class:`distributed.Client`: used as it is, left open;
* ``"sync"``: no cluster, every task run in this process one after the other (debugging and
  the docstring examples).

The stage functions (:func:`discourse.io.ingest`, :func:`discourse.pipeline.run_networks`…)
take ``scheduler=None`` to mean their single-machine path, which does not use Dask at all.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

#: What ``scheduler`` may be (besides a ``distributed.Client``).
SCHEDULER_HELP = (
    "'local' (a local Dask cluster), a scheduler address such as tcp://host:8786 "
    "(an existing cluster), or 'sync' (in this process, for debugging)"
)


#: Up to this many partitions, shuffles use Dask's task-based method.
SMALL_SHUFFLE = 32


class _Done:
    """A finished task of the synchronous runner (quacks like a ``distributed.Future``)."""

    def __init__(self, key: str, fn: Callable, args: tuple):
        self.key = key
        self._error: BaseException | None = None
        self._value = None
        try:
            self._value = fn(*args)
        except Exception as e:  # re-raised by result(), as a distributed future does
            self._error = e

    def result(self):
        if self._error is not None:
            raise self._error
        return self._value

    def release(self) -> None:
        self._value = None


class _SyncCompleted:
    def __init__(self):
        self._queue: deque = deque()

    def add(self, future: _Done) -> None:
        self._queue.append(future)

    def __iter__(self) -> Iterator[_Done]:
        while self._queue:
            yield self._queue.popleft()


class Runner:
    """Submit functions and compute Dask collections on a client, or in this process."""

    def __init__(self, client=None):
        self.client = client

    @property
    def n_workers(self) -> int:
        if self.client is None:
            return 1
        return max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def submit(self, fn: Callable, *args, key: str, priority: int = 0):
        if self.client is None:
            return _Done(key, fn, args)
        return self.client.submit(fn, *args, key=key, priority=priority, pure=False)

    def as_completed(self):
        if self.client is None:
            return _SyncCompleted()
        from distributed import as_completed

        # this client's loop, not the default client's (another client may be the default)
        return as_completed(loop=self.client.loop)

    def gather(self, futures: list) -> list:
        if self.client is None:
            return [f.result() for f in futures]
        return self.client.gather(futures)

    def compute(self, *collections) -> tuple:
        import warnings

        import dask

        with warnings.catch_warnings():
            # dataframes combined from delayed per-part results: dask materialises the
            # expression graph, which is what these small final graphs need anyway
            warnings.filterwarnings("ignore", message="Computing mixed collections")
            if self.client is None:
                return dask.compute(*collections, scheduler="sync")
            return tuple(self.client.gather(self.client.compute(list(collections))))

    def shuffle_method(self, n_partitions: int) -> str | None:
        """Dask's task-based shuffle for a few partitions (P2P's fixed cost dominates there),
        else Dask's default (P2P on a cluster: memory bounded, spills to disk)."""
        return "tasks" if self.client is None or n_partitions <= SMALL_SHUFFLE else None

    def persist(self, collection):
        """Compute ``collection`` and keep it on the workers (in this process for "sync")."""
        import dask

        if self.client is None:
            return dask.persist(collection, scheduler="sync")[0]
        return self.client.persist(collection)

    def persist_list(self, objects: list) -> list:
        """Compute delayed objects and keep their results on the workers."""
        import dask

        if not objects:
            return []
        if self.client is None:
            return list(dask.persist(*objects, scheduler="sync"))
        return list(self.client.persist(objects))

    def cancel(self, futures: list) -> None:
        if self.client is not None and futures:
            with contextlib.suppress(Exception):
                self.client.cancel([f for f in futures if f is not None])


def check_scheduler(scheduler: Any) -> None:
    """Raise a clear ``ValueError`` for a ``scheduler`` value that cannot be right.

    Examples
    --------
    >>> check_scheduler("local")
    >>> check_scheduler(8786)
    Traceback (most recent call last):
    ...
    ValueError: scheduler: expected 'local' (a local Dask cluster), a scheduler address such as tcp://host:8786 (an existing cluster), or 'sync' (in this process, for debugging), or a distributed.Client; got 8786
    """  # noqa: E501
    if isinstance(scheduler, str) and scheduler.strip():
        return
    if type(scheduler).__name__ == "Client" and hasattr(scheduler, "submit"):
        return
    raise ValueError(
        f"scheduler: expected {SCHEDULER_HELP}, or a distributed.Client; got {scheduler!r}"
    )


@contextlib.contextmanager
def _quiet_shuffle_logs() -> Iterator[None]:
    """The local cluster's scheduler runs in this process and logs every P2P shuffle at
    WARNING level; keep those lines out of the user's terminal while it runs."""
    import logging

    log = logging.getLogger("distributed.shuffle")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


@contextlib.contextmanager
def runner(scheduler: Any, *, n_workers: int | None = None) -> Iterator[Runner]:
    """A ``Runner`` for ``scheduler`` (see the module docstring); closes what it opened.

    Examples
    --------
    >>> with runner("sync") as r:
    ...     r.submit(sum, [1, 2], key="k").result()
    3
    """
    check_scheduler(scheduler)
    if isinstance(scheduler, str) and scheduler.strip() == "sync":
        yield Runner(None)
        return
    if not isinstance(scheduler, str):  # a Client: the caller owns it
        yield Runner(scheduler)
        return
    from distributed import Client, LocalCluster

    if scheduler.strip() == "local":
        with (
            _quiet_shuffle_logs(),
            LocalCluster(
                n_workers=n_workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield Runner(client)
        return
    try:
        client = Client(scheduler.strip(), timeout="30s")
    except OSError as e:
        raise ConnectionError(
            f"scheduler: cannot reach a Dask scheduler at {scheduler!r} ({e})"
        ) from e
    try:
        yield Runner(client)
    finally:
        client.close()
