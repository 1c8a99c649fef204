"""Embedding beside the rules: a batch's vectors are computed in order by a background thread
while the caller reads the posts before them, and the caller lends a hand when it must wait.

Why: the model takes about 60 % of the enrichment's CPU and runs outside the GIL, the rules
take the rest on one core. Run one after the other, a core idles through the rules; run side
by side with both model threads busy, three threads share two cores. Here one thread embeds
all along and the caller, whenever it needs vectors not yet done, encodes the next unclaimed
posts itself: two busy threads, two cores. Each post is encoded alone, so who encodes it
never changes its vector.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Generic, TypeVar

import numpy as np

Item = TypeVar("Item")


class EmbeddingJob(Generic[Item]):
    """Vectors for ``items``, in order. ``until(k)`` returns once items 0..k-1 are done."""

    def __init__(
        self,
        items: Sequence[Item],
        dim: int,
        *,
        caller: Callable[[Item], np.ndarray],
        background: Sequence[tuple[Executor, Callable[[Item], np.ndarray]]] = (),
    ) -> None:
        self.vectors = np.zeros((len(items), dim), dtype=np.float32)
        self._items = items
        self._caller = caller
        self._cond = threading.Condition()
        self._next = 0  # the first item no thread has claimed
        self._finished = np.zeros(len(items), dtype=bool)
        self._error: BaseException | None = None
        self._stopped = False
        for executor, encode in background:
            executor.submit(self._work, encode, len(items))

    def until(self, k: int) -> np.ndarray:
        """The first ``k`` vectors, once final: the caller encodes unclaimed items below ``k``
        while the background threads finish theirs."""
        k = min(k, len(self._items))
        self._work(self._caller, k)
        with self._cond:
            self._cond.wait_for(
                lambda: self._error is not None or self._finished[:k].all() or self._stopped
            )
            if self._error is not None:
                raise RuntimeError(f"embedding failed: {self._error}") from self._error
            if not self._finished[:k].all():
                raise RuntimeError("the embedding job was stopped before these posts were done")
        return self.vectors[:k]

    def stop(self) -> None:
        """No new items are claimed (the caller gave up on the batch, or was interrupted)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _claim(self, limit: int) -> int:
        with self._cond:
            if self._stopped or self._error is not None or self._next >= limit:
                return -1
            self._next += 1
            return self._next - 1

    def _work(self, encode: Callable[[Item], np.ndarray], limit: int) -> None:
        while (i := self._claim(limit)) >= 0:
            try:
                self.vectors[i] = encode(self._items[i])
            except Exception as exc:  # handed to the caller by until()
                with self._cond:
                    self._error = exc
                    self._cond.notify_all()
                return
            except BaseException as exc:  # Ctrl-C or SIGTERM: the caller's thread raises it as is
                with self._cond:
                    self._error = exc  # a later until() says why
                    self._stopped = True
                    self._cond.notify_all()
                raise
            with self._cond:
                self._finished[i] = True
                self._cond.notify_all()


def eager_job(encode: Callable[[Sequence[str]], np.ndarray], texts: Sequence[str], dim: int):
    """A job for an embedder that only encodes whole lists: everything at the first
    ``until()``, on the caller's thread."""
    done: list[np.ndarray] = []

    def row(i: int) -> np.ndarray:
        if not done:
            done.append(np.asarray(encode(list(texts)), dtype=np.float32).reshape(len(texts), dim))
        return done[0][i]

    return EmbeddingJob(range(len(texts)), dim, caller=row)


def start_embedding(embedder, texts: Sequence[str], dim: int) -> EmbeddingJob:
    """The embedder's own background job when it has one (``start``), else an eager one; with
    nothing to embed, no model is loaded."""
    if len(texts) == 0:
        return EmbeddingJob((), dim, caller=lambda _: np.zeros(dim, dtype=np.float32))
    if hasattr(embedder, "start"):
        return embedder.start(texts)
    return eager_job(embedder.encode, texts, dim)
