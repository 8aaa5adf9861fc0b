"""Settings from the environment (prefix WIJKRAAD_), via pydantic-settings."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.enums import Stage
from tasks.adapters import environment

# Per stage: (target in days = servicenorm, hard deadline in days = doorlooptijd).
DEFAULT_STAGE_DAYS: dict[str, tuple[int, int]] = {
    Stage.COMMITTEE_FORMING.value: (21, 42),
    Stage.RECRUITING.value: (42, 56),
    Stage.SCREENING.value: (14, 28),
    Stage.NOMINATING.value: (28, 49),
    Stage.AWAITING_DECISION.value: (28, 56),
    Stage.ONBOARDING.value: (42, 70),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIJKRAAD_", extra="ignore", frozen=True)

    home: Path = Path("var")
    database_url: str | None = None

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    mail_from: str = "wijkraden@oss.nl"
    coordinator_email: str = "wijkcoordinator@oss.nl"
    # who acts on the command line: the e-mail address of an active account (the audit trail
    # names it); unset: cli:<operating-system user>
    user: str | None = None
    mail_concurrency: int = Field(default=4, ge=1, le=64)
    mail_retry_hours: int = Field(default=72, ge=0)
    # Mail delivery: backoff, timeouts, the lease of a message being sent, TLS trust.
    mail_retry_base_minutes: int = Field(default=5, ge=1)
    mail_retry_max_minutes: int = Field(default=360, ge=1)
    mail_timeout_seconds: float = Field(default=30, gt=0)
    mail_sending_lease_minutes: int = Field(default=15, ge=1)
    smtp_ca_file: Path | None = None
    # Reminder policy: days before (or, for the B&W decision, after) each deadline.
    remind_application_deadline_days: int = Field(default=7, ge=0)
    remind_stage_deadline_days: int = Field(default=7, ge=0)
    remind_decision_overdue_days: int = Field(default=1, ge=0)
    remind_onboarding_days: int = Field(default=3, ge=0)
    remind_first_meeting_days: int = Field(default=7, ge=0)

    deadlines_on_working_days: bool = True
    application_weeks: int = Field(default=6, ge=1)
    stage_days: dict[str, tuple[int, int]] = Field(default_factory=lambda: dict(DEFAULT_STAGE_DAYS))
    vacancy_alarm_months: int = Field(default=6, ge=1)
    experiment_forms: list[str] = Field(
        default_factory=lambda: ["buurtpanel", "open wijkplatform", "burgertop", "loting", "other"]
    )
    # Watching the cycle: when the daily monitor runs, and what it checks.
    monitor_time: str = Field(default="07:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    monitor_timezone: str = "Europe/Amsterdam"
    meetings_per_year: int = Field(default=6, ge=0)
    publish_within_days: int = Field(default=7, ge=0)
    experiment_reminder_days: int = Field(default=14, ge=0)
    # The councils' advice to B&W: weeks B&W have to answer; the digest reminds this many days
    # before the due date.
    advice_answer_weeks: int = Field(default=6, ge=1, le=52)
    advice_reminder_days: int = Field(default=7, ge=0)
    # The digest warns when the renewal for the next term has not started this many months
    # before the term starts.
    renewal_lead_months: int = Field(default=9, ge=1, le=48)
    # A pending follow-up older than this is finished by the monitor (a younger one may still
    # be running in the command that recorded it).
    followup_grace_minutes: int = Field(default=10, ge=0)
    # Retention of personal data (README, "Personal data"): how long after its end each is kept.
    retention_candidate_months: int = Field(default=6, ge=0)
    retention_member_years: int = Field(default=2, ge=0)
    retention_mail_months: int = Field(default=3, ge=0)
    retention_applicant_years: int = Field(default=7, ge=0)
    retention_unconfirmed_application_hours: int = Field(default=72, ge=1)
    # The web page: behind https its cookies are Secure (they are never sent over plain http).
    web_https: bool = False
    # Where residents reach the public pages: the links in mail start with it.
    web_base_url: str = "http://127.0.0.1:8000"
    # The host names the page answers to (the Host header); any other gets 400.
    web_hosts: str = "127.0.0.1,localhost"

    @property
    def resolved_database_url(self) -> str:
        return environment.resolved_database_url(self.home, self.database_url)

    @property
    def mail_dir(self) -> Path:
        return self.home / "mail"


def get_settings() -> Settings:
    """The settings for the environment as it is now.

    Tests and the simulation change the environment while a process runs, so the settings are
    cached per set of WIJKRAAD_ variables, not once: parsing them costs ~20 ms, and a busy
    process (the simulation, a delivery run) asks thousands of times.
    """
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("WIJKRAAD_")))
    return _settings_for(key)


@lru_cache(maxsize=16)
def _settings_for(_environment: tuple[tuple[str, str], ...]) -> Settings:
    return Settings()
