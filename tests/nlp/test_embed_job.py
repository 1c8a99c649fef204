"""Embedding beside the rules (nlp/enrich/embed_job.py): the caller reads vectors in order
while a background thread encodes the rest, and helps when it would otherwise wait."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from nlp.enrich.embed_job import EmbeddingJob, eager_job

DIM = 4


def vector(x: int) -> np.ndarray:
    return np.full(DIM, float(x), dtype=np.float32)


@pytest.fixture()
def background():
    pool = ThreadPoolExecutor(1)
    yield pool
    pool.shutdown(wait=True)


def test_the_caller_encodes_what_the_background_has_not_reached(background) -> None:
    done_by: list[tuple[int, str]] = []

    def encode(who: str, delay: float):
        def run(x: int) -> np.ndarray:
            time.sleep(delay)
            done_by.append((x, who))
            return vector(x)

        return run

    items = list(range(40))
    job = EmbeddingJob(
        items, DIM, caller=encode("caller", 0.0), background=[(background, encode("bg", 0.02))]
    )
    first = job.until(10)
    assert first.shape == (10, DIM) and (first[:, 0] == np.arange(10)).all()
    everything = job.until(len(items))
    assert (everything[:, 0] == np.arange(40)).all()
    assert sorted(x for x, _ in done_by) == items  # each item encoded exactly once
    assert {who for _, who in done_by} == {"caller", "bg"}


def test_a_slow_caller_gets_vectors_the_background_made(background) -> None:
    done_by: list[str] = []
    last_done = threading.Event()

    def by(who: str):
        def run(x: int) -> np.ndarray:
            done_by.append(who)
            if x == 19:
                last_done.set()
            return vector(x)

        return run

    job = EmbeddingJob(range(20), DIM, caller=by("caller"), background=[(background, by("bg"))])
    assert last_done.wait(5)  # the caller is busy with its rules meanwhile
    assert (job.until(20)[:, 0] == np.arange(20)).all()
    assert done_by == ["bg"] * 20


def test_a_failing_encoder_surfaces_in_until_instead_of_hanging(background) -> None:
    def breaks_on_5(x: int) -> np.ndarray:
        if x == 5:
            raise ValueError("model input too long")
        time.sleep(0.005)
        return vector(x)

    job = EmbeddingJob(range(30), DIM, caller=breaks_on_5, background=[(background, breaks_on_5)])
    with pytest.raises(RuntimeError, match="embedding failed: model input too long"):
        job.until(30)


@pytest.mark.timeout(30)  # the failure this guards against is a hang
def test_a_vector_of_the_wrong_size_fails_the_job_instead_of_hanging_it(background) -> None:
    tried = threading.Event()

    def five_numbers(x: int) -> np.ndarray:
        tried.set()
        return np.zeros(DIM + 1, dtype=np.float32)

    def after_the_background(x: int) -> np.ndarray:
        tried.wait(5)
        return vector(x)

    job = EmbeddingJob(
        range(3), DIM, caller=after_the_background, background=[(background, five_numbers)]
    )
    with pytest.raises(RuntimeError, match="embedding failed"):
        for k in range(1, 4):  # whichever item the background took, the caller hears of it
            job.until(k)


def test_ctrl_c_while_the_caller_encodes_stays_an_interrupt(background) -> None:
    def interrupted(x: int) -> np.ndarray:
        raise KeyboardInterrupt

    by_background: list[int] = []
    slow = [(background, lambda x: time.sleep(0.05) or by_background.append(x) or vector(x))]
    job = EmbeddingJob(range(200), DIM, caller=interrupted, background=slow)
    with pytest.raises(KeyboardInterrupt):
        job.until(200)
    with pytest.raises(RuntimeError, match="embedding failed"):  # a later wait says why
        job.until(200)
    background.shutdown(wait=True)
    assert len(by_background) < 20  # the background stopped claiming posts


def test_a_stopped_job_refuses_to_wait_for_posts_never_started() -> None:
    gate = threading.Event()

    def blocked(x: int) -> np.ndarray:
        gate.wait(5)
        return vector(x)

    pool = ThreadPoolExecutor(1)
    job = EmbeddingJob(range(10), DIM, caller=vector, background=[(pool, blocked)])
    job.stop()
    gate.set()
    pool.shutdown(wait=True)
    with pytest.raises(RuntimeError, match="stopped before these posts were done"):
        job.until(10)


def test_an_embedder_without_a_job_of_its_own_encodes_all_at_once() -> None:
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.vstack([vector(len(t)) for t in texts])

    job = eager_job(encode, ["a", "bb", "ccc"], DIM)
    assert (job.until(1)[:1, 0] == [1]).all() and calls == [["a", "bb", "ccc"]]
    assert (job.until(3)[:, 0] == [1, 2, 3]).all() and len(calls) == 1


@pytest.mark.slow
def test_the_models_job_gives_each_text_its_vector_alone(embedder) -> None:
    texts = ["Spotify keeps crashing", "", "no internet since 9am", "🔥", "I baked a pie"] * 7
    job = embedder.start(texts)
    together = job.until(len(texts))
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert np.array_equal(together, alone)  # who encodes a post never changes its vector
