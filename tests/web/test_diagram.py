"""The state diagram of /proces is drawn from the transition table, never by hand."""

from __future__ import annotations

import re
from html import escape

from models.enums import Stage
from models.stages import TRANSITIONS, Transition, label
from wijkraad.web.diagram import svg
from wijkraad.web.words import EVENT


def test_every_stage_and_every_transition_is_in_the_picture() -> None:
    picture = svg(TRANSITIONS)
    assert set(re.findall(r'data-stage="([a-z_]+)"', picture)) == {s.value for s in Stage}
    assert set(re.findall(r'data-event="([a-z_]+)"', picture)) == set(TRANSITIONS)
    for stage in Stage:
        assert escape(label(stage).split()[0]) in picture
    for event in TRANSITIONS:
        assert escape(EVENT[event]) in picture
    assert picture.startswith("<svg") and "<title" in picture and 'role="img"' in picture


def test_a_change_in_the_table_changes_the_picture() -> None:
    shortcut = Transition("skip_screening", frozenset({Stage.RECRUITING}), Stage.NOMINATING)
    changed = svg({**TRANSITIONS, shortcut.event: shortcut})
    assert 'data-event="skip_screening"' in changed
    assert 'data-event="skip_screening"' not in svg(TRANSITIONS)
    without_cancel = {k: v for k, v in TRANSITIONS.items() if k != "cancel"}
    assert 'data-stage="cancelled"' not in svg(without_cancel)
