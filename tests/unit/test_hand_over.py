"""The web's hand-over: a burst of actions sends one wake-up per round trip, not one per action,
and every step committed before a wake-up is sent is covered by it."""

from __future__ import annotations

import threading

import pytest

from flows import launch
from models.enums import FollowUp


def test_a_queued_wake_up_covers_the_steps_recorded_before_it_is_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sending = threading.Event()
    release = threading.Event()
    sent: list[int] = []

    def wake() -> None:  # the side effect: Prefect's `.delay()`
        sent.append(len(sent))
        if len(sent) == 1:
            sending.set()
            release.wait(timeout=10)

    monkeypatch.setattr(launch, "wake", wake)
    launch.use(launch.Mode.HAND_OVER)
    try:
        first = launch.launch(1, FollowUp.SCREEN_CANDIDATES)
        assert sending.wait(timeout=10)  # the first wake-up is on its way
        later = [launch.launch(n, FollowUp.SCREEN_CANDIDATES) for n in range(2, 7)]
        release.set()
        launch._in_background().submit(lambda: None).result(timeout=10)  # the queue is empty
    finally:
        launch.use(launch.Mode.AUTO)
    assert all(ran.handed_over and not ran.done for ran in [first, *later])
    # the first was being sent when the others came: one more wake-up covers all five
    assert sent == [0, 1]
