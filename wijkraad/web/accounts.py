"""The accounts page (`/accounts`), for a `beheerder` only: the accounts, a new one, and
disabling one. Each form calls the command `wijkraad users` calls, with the logged-in account
as the actor; a coördinator or lezer gets 403 and nothing is written."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from commands import users
from models.account import ROLE_LABELS
from models.errors import DomainError
from tasks.queries import users as user_views
from tasks.queries.reading import reading
from wijkraad.web import rendering
from wijkraad.web.actions import field_errors
from wijkraad.web.gate import Forbidden

router = APIRouter()
ONLY_BEHEERDER = "Alleen een beheerder kan accounts bekijken en wijzigen. Er is niets vastgelegd."
ADD_FIELDS = {"email", "name", "role", "password"}
DONE = {
    "toegevoegd": "Het account is aangemaakt.",
    "uitgeschakeld": "Het account is uitgeschakeld.",
}


def _only_beheerder(request: Request) -> str:
    user = request.state.user
    if user is None or not user.manages_accounts:
        raise Forbidden(ONLY_BEHEERDER)
    return str(user.email)


def show(
    request: Request,
    *,
    form: str | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    with reading() as session:
        rows = user_views.accounts(session)
    errors = errors or {}
    summary = [
        (f"#{form}-{key}" if key else f"#actie-{form}", message)
        for key, message in sorted(errors.items(), key=lambda kv: kv[0] != "")
    ]
    return rendering.page(
        request,
        "accounts.html",
        {
            "title": "Accounts",
            "rows": rows,
            "roles": {r.value: label for r, label in ROLE_LABELS.items()},
            "form": form,
            "values": values or {},
            "errors": errors,
            "summary": summary,
            "notice": DONE.get(request.query_params.get("gedaan") or ""),
        },
        status_code=status_code,
    )


@router.get("/accounts")
def page(request: Request) -> Response:
    _only_beheerder(request)
    return show(request)


@router.post("/accounts")
async def add(request: Request) -> Response:
    actor = _only_beheerder(request)
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in ("email", "name", "role")}
    try:
        await run_in_threadpool(
            users.add_user,
            users.AddUser(
                email=values["email"],
                name=values["name"],
                role=values["role"],
                password=str(form.get("password") or ""),
                actor=actor,
            ),
        )
    except DomainError as exc:
        errors = field_errors(exc, ADD_FIELDS)
        return await run_in_threadpool(
            lambda: show(request, form="nieuw", values=values, errors=errors, status_code=400)
        )
    return RedirectResponse("/accounts?gedaan=toegevoegd", status_code=303)


@router.post("/accounts/uitschakelen")
async def disable(request: Request) -> Response:
    actor = _only_beheerder(request)
    form = await request.form()
    email = str(form.get("email") or "")
    try:
        if email.strip().lower() == actor.lower():
            raise DomainError("u kunt uw eigen account niet uitschakelen.", field="email")
        await run_in_threadpool(users.disable_user, users.DisableUser(email=email, actor=actor))
    except DomainError as exc:
        errors = field_errors(exc, {"email"})
        return await run_in_threadpool(
            lambda: show(
                request, form="uit", values={"email": email}, errors=errors, status_code=400
            )
        )
    return RedirectResponse("/accounts?gedaan=uitgeschakeld", status_code=303)
