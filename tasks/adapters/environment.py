"""Where the database is, read from the environment without loading pydantic-settings.

The settings (tasks/adapters/settings.py) are validated by pydantic-settings, whose import costs
a read command more than its query. Most settings can be invalid (numbers, choices, JSON); the
plain text ones (ANY_TEXT: the home folder, the database URL, the mail server's host and
account, addresses, ...) cannot: any text is a valid value. So when the environment sets none
of the others, validating would find nothing wrong and change nothing: the database's address
is read here as pydantic-settings would read it. When any other setting is set, it comes from
the validated settings as before, so a wrong value is named in Dutch by every command, as it
always was.
"""

from __future__ import annotations

import os
from pathlib import Path

PREFIX = "wijkraad_"

# Every field of Settings (tests/unit/test_settings_environment.py keeps the two in step), and
# those that accept any text.
FIELDS = frozenset(
    {
        "home", "database_url", "smtp_host", "smtp_port", "smtp_username", "smtp_password",
        "smtp_security", "mail_from", "coordinator_email", "user", "mail_concurrency",
        "mail_retry_hours", "mail_retry_base_minutes", "mail_retry_max_minutes",
        "mail_timeout_seconds", "mail_sending_lease_minutes", "smtp_ca_file",
        "remind_application_deadline_days", "remind_stage_deadline_days",
        "remind_decision_overdue_days", "remind_onboarding_days", "remind_first_meeting_days",
        "deadlines_on_working_days", "application_weeks", "stage_days", "vacancy_alarm_months",
        "experiment_forms", "monitor_time", "monitor_timezone", "meetings_per_year",
        "publish_within_days", "experiment_reminder_days", "advice_answer_weeks",
        "advice_reminder_days", "renewal_lead_months", "followup_grace_minutes",
        "retention_candidate_months", "retention_member_years", "retention_mail_months",
        "retention_applicant_years", "retention_unconfirmed_application_hours", "web_https",
        "web_base_url", "web_hosts",
    }
)  # fmt: skip
ANY_TEXT = frozenset(
    {
        "home", "database_url", "user", "smtp_host", "smtp_username", "smtp_password",
        "mail_from", "coordinator_email", "monitor_timezone", "web_base_url", "web_hosts",
    }
)  # fmt: skip


def resolved_database_url(home: Path, database_url: str | None) -> str:
    """The configured URL, or the embedded default: SQLite under the home folder."""
    if database_url:
        return database_url
    return f"sqlite:///{(home / 'wijkraad.db').resolve()}"


def _set_fields() -> dict[str, str]:
    """The settings the environment sets, by field name (names are case-insensitive, as for
    pydantic-settings; a WIJKRAAD_ variable that names no field is ignored by both)."""
    found = {}
    for key, value in os.environ.items():
        name = key.lower()
        if name.startswith(PREFIX) and name[len(PREFIX) :] in FIELDS:
            found[name[len(PREFIX) :]] = value
    return found


def database_url() -> str:
    set_here = _set_fields()
    if set(set_here) <= ANY_TEXT:
        return resolved_database_url(
            Path(set_here.get("home", "var")), set_here.get("database_url")
        )
    from tasks.adapters.settings import get_settings

    return get_settings().resolved_database_url
