"""The daily monitor's own record: one row per day it ran, for `wijkraad doctor`.

One row per day (not per run) keeps a rerun on the same day from adding rows: the monitor's
promise is that a second run on one day changes nothing in the domain, and the tests count
rows to prove it. The row holds counts only, never names.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class MonitorRun(Base):
    """The monitor's runs on one day: the first and the last, how many, the last one's counts."""

    __tablename__ = "monitor_runs"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    first_at: Mapped[datetime] = mapped_column(DateTime)
    last_at: Mapped[datetime] = mapped_column(DateTime)
    runs: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)  # screenings that failed in the last run
    summary: Mapped[dict[str, int]] = mapped_column(JSON)
