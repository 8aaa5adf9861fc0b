"""Each committee member's personal link as the coördinator sees it: whether it works (it is
signed for the member and the procedure and works while the procedure is nominating), when
the letter with it was sent, and when the member last used it. Computed from what the
procedure's page has read already (its mail and its committee): no statement of its own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.enums import Stage

LETTER = "gesprekken_uitnodigen"  # the letter that carries the link (tasks/steps/screening.py)

EARLY = (
    "de persoonlijke links werken pas tijdens de gesprekken (fase 'gesprekken en voordracht'); "
    "de commissie krijgt ze vanzelf als de toetsing klaar is."
)
OVER = "de persoonlijke links werken niet meer: de gesprekken zijn afgerond."
PAUSED = "de procedure is opgeschort: de persoonlijke links werken weer na het hervatten."
CANCELLED = "de procedure is geannuleerd: de persoonlijke links werken niet meer."
AFTER = (Stage.AWAITING_DECISION, Stage.ONBOARDING, Stage.COMPLETED)


def idle_reason(stage: Stage, working: Stage | None) -> str | None:
    """Why the links do not work now (None: they work), in the words of a message."""
    if stage == Stage.NOMINATING:
        return None
    if stage == Stage.CANCELLED:
        return CANCELLED
    if stage == Stage.SUSPENDED and working == Stage.NOMINATING:
        return PAUSED
    return OVER if (working or stage) in AFTER else EARLY


@dataclass(frozen=True)
class LinkStatus:
    state: str  # "works", "early", "paused", "expired"
    sent_at: datetime | None  # the latest letter with the link that went out
    waiting: bool  # a letter with the link waits to go out
    failed: int | None  # the latest letter failed for good: its message id
    visited_at: datetime | None  # the member's last visit through the link
    can_send: bool  # the link works: it can be sent again


def state_of(stage: Stage, working: Stage | None) -> str:
    reason = idle_reason(stage, working)
    if reason is None:
        return "works"
    return {EARLY: "early", PAUSED: "paused"}.get(reason, "expired")


def statuses(
    stage: Stage,
    working: Stage | None,
    members: Iterable[dict[str, Any]],
    mails: Iterable[dict[str, Any]],
) -> dict[int, LinkStatus]:
    """Per committee member id: the link's status, from the procedure's mail rows (each with
    `template`, `person_id`, `status`, `sent_at`, `id`) and its members (`id`, `person_id`,
    `visited_at`)."""
    letters: dict[int, list[dict[str, Any]]] = {}
    for mail in mails:
        if mail["template"] == LETTER and mail.get("person_id") is not None:
            letters.setdefault(mail["person_id"], []).append(mail)
    state = state_of(stage, working)
    found = {}
    for member in members:
        mine = [m for m in letters.get(member["person_id"], []) if m["status"] != "withdrawn"]
        sent = [m["sent_at"] for m in mine if m["status"] == "delivered" and m["sent_at"]]
        latest = mine[-1] if mine else None
        found[member["id"]] = LinkStatus(
            state=state,
            sent_at=max(sent) if sent else None,
            waiting=any(m["status"] in ("pending", "temporary_failure", "sending") for m in mine),
            failed=latest["id"]
            if latest is not None and latest["status"] == "permanent_failure"
            else None,
            visited_at=member.get("visited_at"),
            can_send=state == "works",
        )
    return found
