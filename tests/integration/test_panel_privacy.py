"""The pool of a burgerpanel after the draw: an invitation without an answer by its reply date
counts as no answer (and the next draw replaces it, within the quotas left); the pool data of
people not drawn (or out) is wiped after the evaluation plus the retention period, the drawn who
accepted keep theirs, and the record keeps only pseudonyms."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from commands import experiments, panels
from models import PoolMember
from tasks.adapters.csvfile import read_rows
from tasks.adapters.db import session_scope
from tasks.steps import panels as steps
from tasks.steps import privacy
from tests.integration.test_panel_draw import QUOTAS, write_pool, write_quotas


def test_no_answer_is_replaced_and_the_pool_is_purged(db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rows = read_rows(write_quotas(tmp_path / "q.csv", QUOTAS), ("feature", "value", "min", "max"))
    started = experiments.start(
        experiments.Start(
            "lith", "loting", "2026-11-20", "r", panel=experiments.RawPanel(12, "2026-12-15", rows)
        )
    )
    experiment = started.experiment_id
    panels.import_pool(experiment, write_pool(tmp_path / "pool.csv", 120))
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-16T10:00")
    with session_scope() as session:
        draw_id = steps.prepare(session, experiment, 11).id
    assert len(steps.perform(draw_id)) == 12
    assert panels.invite(experiment, reply_days=7) == 12
    with session_scope() as session:
        first = session.scalars(select(PoolMember).where(PoolMember.drawn_in == 1)).all()
        assert len(first) == 12
        quiet = first[0].id
        for member in first[1:]:
            member.answer = steps.ACCEPTED

    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-24T10:00")
    privacy.purge_due(datetime(2026, 12, 24, 10))
    with session_scope() as session:
        assert session.get_one(PoolMember, quiet).answer == steps.NO_ANSWER
        draw_id = steps.prepare(session, experiment, 12).id
    replaced = steps.perform(draw_id)
    assert len(replaced) == 1 and replaced[0] != quiet

    experiments.evaluate(experiments.Evaluate(experiment, "goed", experiments.Decision.STOP))
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-08-01T10:00")
    privacy.purge_due(datetime(2027, 8, 1, 10))
    with session_scope() as session:
        members = session.scalars(select(PoolMember)).all()
        assert members
        kept = [m for m in members if m.email is not None]
        assert len(kept) == 12 and all(m.drawn_in is not None for m in kept)
        assert session.get_one(PoolMember, quiet).email is None
        assert all(m.pseudonym for m in members)
