"""A cancelled procedure tells its candidates: whoever still waited for an outcome gets the
status `cancelled` and one letter saying the procedure stopped, why, and what happens next. The
candidates who already heard their outcome (not eligible, not nominated, appointed or not) keep
it: that letter is still true."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Procedure
from models.enums import CandidateStatus
from models.statuses import UNDECIDED
from tasks.adapters.clock import now
from tasks.mail import outbox
from tasks.queries.candidates import of_procedure

STOPPED = "procedure_gestopt"


def tell_candidates(session: Session, procedure: Procedure, *, actor: str) -> int:
    """In the cancel's transaction: every undecided candidate is told, once. Returns how many."""
    told = 0
    for candidate in of_procedure(session, procedure.id):
        if candidate.status not in UNDECIDED:
            continue
        candidate.change_status(
            "procedure_cancelled", CandidateStatus.CANCELLED, actor=actor, now=now()
        )
        outbox.enqueue(
            session,
            template=STOPPED,
            subject=f"procedure:{procedure.id}",
            occasion=f"outcome:candidate:{candidate.id}",
            person_id=candidate.person_id,
            procedure_id=procedure.id,
            context={"procedure_id": procedure.id, "candidate_id": candidate.id},
            tells=outbox.Told(candidate.id, CandidateStatus.CANCELLED),
        )
        told += 1
    return told
