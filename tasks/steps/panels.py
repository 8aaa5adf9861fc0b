"""The burgerpanel by lot: the pool, the draws, the invitations, the purge.

A volunteer counts once the e-mail address is confirmed (a single-use link, 72 hours), as for
an application; an imported pool counts at once. The draw takes the confirmed pool as
pseudonymous ids with their household and feature values (the age band from the birth year on
the day of the draw), runs the lottery adapter with a recorded seed and records everything a
verifier needs. The drawn are invited; a decline, or no answer by the reply date, is replaced
by a next draw from those not yet drawn, within what is left of the quotas.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from models import AuditEvent, Experiment, validation
from models.enums import Actor
from models.errors import DomainError, InvalidInput, NotFound
from models.panel import (
    AGE,
    CONFIRMATION_VALID,
    REPLY_DAYS,
    Draw,
    Panel,
    PoolMember,
    age_band,
    remaining_quotas,
    shortages,
)
from models.postcodes import area_of
from tasks.adapters import db, lottery, signing
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.mail import links, outbox
from tasks.mail.render import VOLUNTEER
from tasks.queries import lookup
from tasks.queries.reading import reading

CONFIRM_TEMPLATE = "loting_bevestigen"
INVITE_TEMPLATE = "loting_uitnodiging"
ACCEPTED, DECLINED, NO_ANSWER = "accepted", "declined", "no_answer"
ALGORITHM = lottery.ALGORITHM


def confirm_token(member: PoolMember) -> str:
    return signing.token(links.VOLUNTEER, member.id, member.nonce)


def reply_token(member: PoolMember) -> str:
    return signing.token(links.VOLUNTEER_REPLY, member.id, member.nonce)


def _audit(action: str, panel: Panel, reason: str | None, actor: str) -> AuditEvent:
    return AuditEvent(
        at=now(),
        actor=actor,
        action=action,
        reason=reason,
        subject_type="experiment",
        subject_id=panel.experiment_id,
    )


# -- the panel ------------------------------------------------------------------------------


def get(session: Session, experiment_id: int, *, lock: bool = False) -> Panel:
    query = select(Panel).where(Panel.experiment_id == experiment_id)
    panel = session.scalar(query.with_for_update() if lock else query)
    if panel is None:
        if session.get(Experiment, experiment_id) is None:
            raise NotFound(f"{experiment_id} bestaat niet.", field="experiment")
        raise DomainError(
            f"Experiment {experiment_id} is geen burgerpanel door loting.", field="experiment"
        )
    return panel


def open_for_area(session: Session, slug: str) -> Panel:
    """The panel of an area that still takes volunteers today."""
    from tasks.steps.experiments import ACTIVE

    area = lookup.area(session, slug)
    panel = session.scalar(
        select(Panel)
        .join(Experiment, Experiment.id == Panel.experiment_id)
        .where(Experiment.area_id == area.id, Experiment.status.in_(ACTIVE))
        .order_by(Panel.id.desc())
    )
    if panel is None:
        raise NotFound(f"In {area.name} loopt geen loting voor een burgerpanel.")
    return panel


def create(
    session: Session,
    experiment: Experiment,
    size: int,
    until: date,
    quotas: list[dict[str, Any]],
    actor: str,
) -> Panel:
    panel = Panel(experiment_id=experiment.id, size=size, registration_until=until, quotas=quotas)
    session.add(panel)
    session.flush()
    session.add(_audit("panel_opened", panel, f"{size} leden, aanmelden tot en met {until}", actor))
    return panel


# -- the pool --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Volunteer:
    name: str
    email: str
    postcode: str
    house_number: str
    birth_year: int
    features: dict[str, str]


def parse_volunteer(panel: Panel, raw: dict[str, str], day: date) -> Volunteer:
    """Validate a volunteer's fields against the panel's features; all problems at once."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    checks = {
        "name": lambda: validation.name(raw.get("name")),
        "email": lambda: validation.email(raw.get("email")),
        "postcode": lambda: validation.postcode(raw.get("postcode")),
        "house_number": lambda: validation.house_number(raw.get("house_number")),
    }
    for key, check in checks.items():
        try:
            values[key] = check()
        except InvalidInput as exc:
            problems.extend(exc.problems)
    year_text = (raw.get("birth_year") or "").strip()
    if not (year_text.isdigit() and len(year_text) == 4):
        problems.append(f"geboortejaar: '{validation.shown(year_text)}' is geen jaartal.")
    elif age_band(int(year_text), day) is None or int(year_text) < day.year - 110:
        problems.append("geboortejaar: meedoen kan vanaf 16 jaar.")
    features: dict[str, str] = {}
    for feature, options in panel.other_features.items():
        given = " ".join((raw.get(feature) or "").split())
        match = next((o for o in options if o.lower() == given.lower()), None)
        if match is None:
            problems.append(
                f"{feature}: kies een van {', '.join(options)}"
                + (f" (gegeven: '{validation.shown(given)}')." if given else ".")
            )
        else:
            features[feature] = match
    if problems:
        raise InvalidInput(problems)
    return Volunteer(
        values["name"],
        values["email"],
        values["postcode"],
        values["house_number"],
        int(year_text),
        features,
    )


def _ensure_resident(session: Session, panel: Panel, postcode: str) -> None:
    area = panel.experiment.area
    if area_of(postcode, lookup.postcode_entries(session, postcode)) != area.id:
        raise DomainError(
            f"Postcode {postcode} hoort niet bij {area.name}; alleen inwoners van het gebied "
            "kunnen meedoen.",
            field="postcode",
        )


def _ensure_registration_open(panel: Panel) -> None:
    if today() > panel.registration_until or panel.draws:
        from tasks.adapters.templating import datum

        raise DomainError(
            "De aanmelding voor dit burgerpanel is gesloten (aanmelden kon tot en met "
            f"{datum(panel.registration_until)})."
        )


def _ensure_not_in_pool(session: Session, panel: Panel, email: str) -> None:
    taken = session.scalar(
        select(PoolMember.id).where(
            PoolMember.panel_id == panel.id,
            PoolMember.email == email,
            PoolMember.confirmed_at.is_not(None),
        )
    )
    if taken is not None:
        raise DomainError("Dit e-mailadres staat al in de pool.", field="email")


def _member(panel: Panel, data: Volunteer, source: str) -> PoolMember:
    return PoolMember(
        panel_id=panel.id,
        pseudonym="",
        name=data.name,
        email=data.email,
        postcode=data.postcode,
        house_number=data.house_number,
        birth_year=data.birth_year,
        features=data.features,
        source=source,
        nonce=signing.new_nonce(),
        submitted_at=now(),
    )


def volunteer(session: Session, slug: str, raw: dict[str, str]) -> PoolMember:
    """A resident volunteers on the public page: stored unconfirmed, the mail queued."""
    panel = open_for_area(session, slug)
    _ensure_registration_open(panel)
    data = parse_volunteer(panel, raw, today())
    _ensure_resident(session, panel, data.postcode)
    member = _member(panel, data, "web")
    member.expires_at = member.submitted_at + CONFIRMATION_VALID
    session.add(member)
    session.flush()
    member.pseudonym = f"V{member.id:05d}"
    member.token_digest = signing.digest(confirm_token(member))
    outbox.enqueue(
        session,
        template=CONFIRM_TEMPLATE,
        subject=f"pool_member:{member.id}",
        occasion="confirm",
        role=VOLUNTEER,
        context={"pool_member_id": member.id, "panel_id": panel.id},
    )
    return member


INVALID = "Deze link is ongeldig. Controleer of u de hele link uit de e-mail gebruikt."
EXPIRED = "Deze bevestigingslink is verlopen (een link is 72 uur geldig). Meld u opnieuw aan."


def by_confirm_token(session: Session, token: str) -> PoolMember:
    if not token or len(token) > 100:
        raise NotFound(INVALID)
    found = session.scalar(
        select(PoolMember).where(PoolMember.token_digest == signing.digest(token))
    )
    if found is None:
        raise NotFound(INVALID)
    if found.confirmed_at is None and found.expires_at is not None and now() >= found.expires_at:
        raise NotFound(EXPIRED, code="expired")
    return found


def confirm(session: Session, token: str) -> tuple[str, PoolMember]:
    """The volunteer confirms: `confirmed`, `already`, `closed` or `refused` (already in)."""
    member = by_confirm_token(session, token)
    if member.confirmed_at is not None:
        return "already", member
    panel = member.panel
    if today() > panel.registration_until or panel.draws:
        return "closed", member
    try:
        _ensure_not_in_pool(session, panel, member.email or "")
    except DomainError:
        return "refused", member
    member.confirmed_at = now()
    return "confirmed", member


IMPORT_COLUMNS = ("name", "email", "postcode", "house_number", "birth_year")


def import_rows(session: Session, experiment_id: int, rows: list[dict[str, str]]) -> int:
    """An imported pool, all rows or none (the caller names every bad row)."""
    from tasks.adapters.csvfile import apply_all

    panel = get(session, experiment_id, lock=True)
    if panel.draws:
        raise DomainError(f"Er is al geloot voor experiment {experiment_id}; de pool is dicht.")
    seen: set[str] = set()

    def handle(_number: int, row: dict[str, str]) -> PoolMember:
        data = parse_volunteer(panel, row, today())
        _ensure_resident(session, panel, data.postcode)
        if data.email in seen:
            raise DomainError(f"{data.email} staat twee keer in het bestand.")
        _ensure_not_in_pool(session, panel, data.email)
        seen.add(data.email)
        member = _member(panel, data, "import")
        member.confirmed_at = now()
        session.add(member)
        session.flush()
        member.pseudonym = f"V{member.id:05d}"
        return member

    added = apply_all(rows, handle, "de pool", session)
    session.add(
        _audit("panel_pool_imported", panel, f"{len(added)} vrijwilligers", Actor.COORDINATOR)
    )
    return len(added)


def confirmed_pool(session: Session, panel: Panel) -> list[PoolMember]:
    return list(
        session.scalars(
            select(PoolMember)
            .where(PoolMember.panel_id == panel.id, PoolMember.confirmed_at.is_not(None))
            .order_by(PoolMember.id)
        )
    )


# -- the draws ---------------------------------------------------------------------------------


def _households(members: list[PoolMember]) -> dict[str, str]:
    """Pseudonymous household numbers (H1, H2, ...) in the order of the pool."""
    numbers: dict[str, str] = {}
    for member in members:
        numbers.setdefault(member.household, f"H{len(numbers) + 1}")
    return numbers


def _features_on(member: PoolMember, panel: Panel, day: date) -> dict[str, str]:
    features = dict(member.features)
    if AGE in {q.feature for q in panel.quota_list}:
        band = age_band(member.birth_year or day.year, day)
        features[AGE] = band or "16-34"
    return features


def prepare(session: Session, experiment_id: int, seed: int | None) -> Draw:
    """Record the next draw with its seed; the flow performs it. Refused when nothing is to be
    drawn or the quotas cannot be met (naming the short feature), before anything is written."""
    panel = get(session, experiment_id, lock=True)
    if panel.purged_at is not None:
        raise DomainError("De pool van dit panel is al gewist.")
    if not panel.draws and today() <= panel.registration_until:
        from tasks.adapters.templating import datum

        raise DomainError(
            f"Aanmelden kan nog tot en met {datum(panel.registration_until)}; loot daarna."
        )
    pending = [d for d in panel.draws if d.pending]
    if pending:  # prepared before and not yet performed: hand the same draw over again
        return pending[0]
    for refused in [d for d in panel.draws if d.failure is not None]:
        session.delete(refused)  # a draw the lottery refused makes room for the next one
    session.flush()
    number, size, quotas, pool = plan(session, panel, today())
    if size == 0:
        raise DomainError(
            "Er valt niets te loten: het panel is compleet of wacht op antwoorden.",
            code="nothing_to_draw",
        )
    short = shortages(quotas, pool, size)
    if short:
        raise DomainError(
            "De quota zijn niet te halen met deze pool: " + " ".join(short), field="quotas"
        )
    if seed is not None and not 1 <= seed < 2**31:
        raise InvalidInput("seed: een geheel getal van 1 tot 2147483648.", field="seed")
    draw = Draw(
        panel_id=panel.id,
        number=number,
        seed=seed if seed is not None else secrets.randbelow(2**31 - 2) + 1,
        drawn_on=today(),
        prepared_at=now(),
    )
    session.add(draw)
    session.flush()
    return draw


def plan(
    session: Session, panel: Panel, day: date
) -> tuple[int, int, list[Any], list[dict[str, Any]]]:
    """The next draw: its number, how many to draw, the quotas left and the eligible pool
    (pseudonymous). A first draw takes the whole quotas; a replacement what the kept members
    leave, from those never drawn and not living with a kept member."""
    members = confirmed_pool(session, panel)
    households = _households(members)
    kept = [m for m in members if m.sits]
    features = {m.id: _features_on(m, panel, day) for m in members}
    quotas = remaining_quotas(panel.quota_list, [features[m.id] for m in kept])
    kept_homes = {m.household for m in kept}
    eligible = [
        {"id": m.pseudonym, "household": households[m.household], "features": features[m.id]}
        for m in members
        if m.drawn_in is None and m.household not in kept_homes
    ]
    done = [d for d in panel.draws if d.record is not None]
    return len(done) + 1, panel.size - len(kept), quotas, eligible


class QuotasShort(DomainError):
    code = "quotas_short"


def perform(draw_id: int) -> list[int]:
    """Run the lottery for a prepared draw and record it; the selected pool ids. The lottery
    runs between two units of work (it may take minutes: no lock is held meanwhile). Safe to
    repeat: a recorded draw is not drawn again. Quotas the pool cannot meet: the prepared draw
    is removed and QuotasShort names the features that are short."""
    with db.session_scope() as session:
        draw = session.get_one(Draw, draw_id)
        if draw.record is not None:
            return [m.id for m in draw.panel.pool if m.drawn_in == draw.number]
        number, size, quotas, pool = plan(session, draw.panel, draw.drawn_on)
        seed = draw.seed
    quota_rows = [q.as_dict() for q in quotas]
    outcome = lottery.draw(size, seed, quota_rows, pool)
    short = (
        "De quota zijn niet te halen met deze pool (één persoon per adres); te krap: "
        + ", ".join(outcome.infeasible)
        + "."
    )
    with db.session_scope() as session:
        draw = session.get_one(Draw, draw_id)
        if not outcome.infeasible:
            return _record(session, draw, number, size, quota_rows, pool, outcome)
        if draw.record is None:  # the page and the command read why from here
            draw.failure = short[:500]
    raise QuotasShort(short, field="quotas")


def claim(draw_id: int, moment: datetime) -> bool:
    """Unit: take the pending draw for this worker with one conditional UPDATE; False when it
    is no longer pending or a living worker holds it (a claim older than the follow-up grace
    belongs to a worker that died and is taken over)."""
    grace = timedelta(minutes=get_settings().followup_grace_minutes)
    with db.session_scope() as session:
        taken = session.execute(
            update(Draw)
            .where(
                Draw.id == draw_id,
                Draw.record.is_(None),
                Draw.failure.is_(None),
                or_(Draw.claimed_at.is_(None), Draw.claimed_at < moment - grace),
            )
            .values(claimed_at=moment)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(taken, "rowcount", 0) == 1)


def release(draw_id: int) -> None:
    """Unit: the draw did not finish here (a crash); it stays pending, free to take."""
    with db.session_scope() as session:
        session.execute(
            update(Draw)
            .where(Draw.id == draw_id, Draw.record.is_(None))
            .values(claimed_at=None)
            .execution_options(synchronize_session=False)
        )


def waiting(moment: datetime) -> list[int]:
    """Unit: the pending draws no living worker holds, oldest first (a read, no write lock)."""
    grace = timedelta(minutes=get_settings().followup_grace_minutes)
    with reading() as session:
        return list(
            session.scalars(
                select(Draw.id)
                .where(
                    Draw.record.is_(None),
                    Draw.failure.is_(None),
                    or_(Draw.claimed_at.is_(None), Draw.claimed_at < moment - grace),
                )
                .order_by(Draw.id)
            )
        )


def _record(
    session: Session,
    draw: Draw,
    number: int,
    size: int,
    quota_rows: list[dict[str, Any]],
    pool: list[dict[str, Any]],
    outcome: lottery.Outcome,
) -> list[int]:
    panel = draw.panel
    if draw.record is not None:  # recorded meanwhile by a parallel run
        return [m.id for m in panel.pool if m.drawn_in == draw.number]
    by_pseudonym = {m.pseudonym: m for m in panel.pool}
    for pseudonym in outcome.selected:
        by_pseudonym[pseudonym].drawn_in = draw.number
    draw.drawn_at = now()
    draw.record = {
        "panel": panel.id,
        "draw": number,
        "drawn_on": draw.drawn_on.isoformat(),
        "algorithm": ALGORITHM,
        "seed": draw.seed,
        "size": size,
        "quotas": quota_rows,
        "pool": pool,
        "selected": outcome.selected,
        "probabilities": outcome.probabilities,
        "panels_in_distribution": outcome.panels,
    }
    session.add(
        _audit(
            "panel_drawn",
            panel,
            f"loting {number}: {size} uit {len(pool)}, seed {draw.seed}",
            Actor.SYSTEM,
        )
    )
    return [by_pseudonym[p].id for p in outcome.selected]


def invite(session: Session, experiment_id: int, reply_days: int = REPLY_DAYS) -> int:
    """Invite every drawn member not yet invited: a mail with a reply link, answer before the
    reply date. Idempotent (outbox key per member)."""
    panel = get(session, experiment_id)
    count = 0
    for member in panel.pool:
        if member.drawn_in is None or member.reply_until is not None or member.answer:
            continue
        member.reply_until = today() + timedelta(days=reply_days)
        member.reply_digest = signing.digest(reply_token(member))
        outbox.enqueue(
            session,
            template=INVITE_TEMPLATE,
            subject=f"pool_member:{member.id}",
            occasion="invite",
            role=VOLUNTEER,
            context={"pool_member_id": member.id, "panel_id": panel.id},
        )
        count += 1
    if count:
        session.add(_audit("panel_invited", panel, f"{count} uitgenodigd", Actor.COORDINATOR))
    return count


def by_reply_token(session: Session, token: str) -> PoolMember:
    if not token or len(token) > 100:
        raise NotFound(INVALID)
    found = session.scalar(
        select(PoolMember).where(PoolMember.reply_digest == signing.digest(token))
    )
    if found is None:
        raise NotFound(INVALID)
    return found


def answer(session: Session, token: str, accept: bool) -> tuple[str, PoolMember]:
    """`accepted`, `declined`, `already` (answered before) or `late` (past the reply date)."""
    member = by_reply_token(session, token)
    if member.answer is not None:
        return "already", member
    if member.reply_until is not None and today() > member.reply_until:
        return "late", member
    member.answer = ACCEPTED if accept else DECLINED
    member.answered_at = now()
    session.add(
        _audit(f"panel_{member.answer}", member.panel, member.pseudonym, "inwoner (loting)")
    )
    return member.answer, member


def lapse_unanswered(session: Session, day: date) -> list[int]:
    """Invitations past their reply date without an answer count as declined (no answer);
    the experiments that now need a replacement draw."""
    late = session.scalars(
        select(PoolMember).where(
            PoolMember.answer.is_(None),
            PoolMember.reply_until.is_not(None),
            PoolMember.reply_until < day,
        )
    )
    experiments: set[int] = set()
    for member in late:
        member.answer, member.answered_at = NO_ANSWER, now()
        experiments.add(member.panel.experiment_id)
    return sorted(experiments)


def mark_published(session: Session, experiment_id: int) -> Panel:
    panel = get(session, experiment_id)
    if not any(d.record for d in panel.draws):
        raise DomainError("Er is nog niet geloot; er is niets te publiceren.")
    panel.published_on = today()
    session.add(_audit("panel_published", panel, None, Actor.COORDINATOR))
    return panel


def purge_due(session: Session, moment: datetime) -> int:
    """The pool data of people not drawn is wiped once the experiment has been evaluated and
    the retention period (WIJKRAAD_RETENTION_CANDIDATE_MONTHS) has passed; unconfirmed
    volunteers after WIJKRAAD_RETENTION_UNCONFIRMED_APPLICATION_HOURS. The record keeps only
    pseudonyms."""
    settings = get_settings()
    count = 0
    cutoff = moment - timedelta(hours=settings.retention_unconfirmed_application_hours)
    for member in session.scalars(
        select(PoolMember).where(
            PoolMember.confirmed_at.is_(None),
            PoolMember.submitted_at <= cutoff,
            PoolMember.email.is_not(None),
        )
    ):
        member.forget_personal_data()
        count += 1
    months = settings.retention_candidate_months
    for panel in session.scalars(select(Panel).where(Panel.purged_at.is_(None))):
        evaluated = panel.experiment.evaluated_at
        if evaluated is None or evaluated + timedelta(days=30 * months) > moment:
            continue
        for member in panel.pool:
            out = member.drawn_in is None or member.answer in (DECLINED, NO_ANSWER)
            if out and member.email is not None:
                member.forget_personal_data()
                count += 1
        panel.purged_at = moment
        session.add(
            _audit("panel_pool_purged", panel, f"bewaartermijn {months} maanden", Actor.SYSTEM)
        )
    return count
