"""The advice to B&W (collegevoorstel) and the appointment letters (benoemingsbrief) are PDF
documents: made with WeasyPrint from Jinja2 templates when their mail is queued, attached to it,
offered on the procedure page as sent. The collegevoorstel has headings, the nominees in a
table, the competencies by name, Dutch counted right, the seats that stay open, and no command
lines. Every page is turned into an image with pdftoppm (poppler), as a person looks at it."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, person, recruiting

pytestmark = pytest.mark.usefixtures("prefect")
NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="pdftotext/pdftoppm (poppler-utils) are not installed",
)


def pdf_text(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def pages(data: bytes, tmp_path: Path, name: str) -> list[Path]:
    """The pages as PNG images (kept under tmp_path to look at)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / name)], check=True)
    return sorted(tmp_path.glob(f"{name}-*.png"))


def attachments(template: str) -> list[tuple[str, str, bytes]]:
    """(recipient name, file name, bytes) of the PDF attached to each message of a template."""
    from models import OutboxMessage
    from tasks.adapters import db

    with db.session_scope() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.template == template)
            .order_by(OutboxMessage.id)
        ).all()
        return [
            (m.recipient_name or "", a.filename, a.data)
            for m in rows
            for a in m.attachments
            if a.content_type == "application/pdf"
        ]


@NEEDS_POPPLER
def test_the_advice_and_the_letters_are_pdf_documents(  # type: ignore[no-untyped-def]
    cli, coordinator: tuple[TestClient, str], tmp_path: Path
) -> None:
    from tasks.adapters.settings import get_settings

    shutil.rmtree(get_settings().mail_dir, ignore_errors=True)
    proc, _ = recruiting(cli)  # a renewal of Ruwaard: 7 seats
    first = ok(apply(cli, proc, 1))["id"]
    second = ok(apply(cli, proc, 2))["id"]
    ok(apply(cli, proc, 3, "--municipal-employee"))
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "nominating"
    ok(cli("interview", str(proc), str(first), "--score", "gebied=4", "--score", "tijd=5"))
    ok(cli("interview", str(proc), str(second), "--score", "contact=3", "--json"))
    ok(cli("nominate", str(proc), str(first), str(second), "--motivation", "Twee sterke bewoners"))

    [(_, filename, advice)] = attachments("voordracht_advies")
    assert filename == f"collegevoorstel-procedure-{proc}.pdf" and advice.startswith(b"%PDF")
    text = pdf_text(advice, tmp_path, "collegevoorstel")
    headings = ["Collegevoorstel", "Voorstel", "Aanleiding", "Werkwijze van de", "Besluit"]
    assert all(heading in text for heading in headings)
    assert "Nr. Naam Adres Gesprek Gemiddelde score" in text  # the nominees' table
    assert person(1)[0] in text and person(2)[0] in text
    assert "Kent het gebied sociaal, fysiek en cultureel" in text  # a competency by name
    assert "gebied 4" not in text and "gebied=4" not in text
    assert "Na deze benoeming blijven 5 zetels van de Wijkraad Ruwaard open" in text
    assert "3 bewoners meldden zich aan" in text and "Eén kandidaat voldeed daar niet aan" in text
    assert "wijkraad " not in text and "--" not in text  # no command lines
    assert 1 <= len(pages(advice, tmp_path, "collegevoorstel")) <= 3

    status = ok(cli("status", str(proc), "--json"))
    assert "wijkraad decide" not in status["advice_text"]
    assert "Kent het gebied sociaal" in status["advice_text"]

    number = ("--number", "2026/0042", "--date", "2026-11-28")
    ok(cli("decide", str(proc), str(first), str(second), *number))
    letters = attachments("benoemd")
    assert [name for name, _, _ in letters] == [person(1)[0], person(2)[0]]
    for name, filename, data in letters:
        assert filename.startswith("benoemingsbrief-") and filename.endswith(".pdf")
        letter = pdf_text(data, tmp_path, filename[:-4])
        assert f"Beste {name}," in letter and "collegebesluit 2026/0042" in letter
        assert "uw benoeming tot lid van de Wijkraad Ruwaard" in letter
        assert len(pages(data, tmp_path, filename[:-4])) == 1

    # the procedure page offers the documents as they were sent
    client, _ = coordinator
    page = client.get(f"/procedures/{proc}").text
    links = re.findall(rf'href="(/procedures/{proc}/documenten/\d+)"', page)
    assert len(links) == 3 and "Collegevoorstel aan B&amp;W (PDF" in page
    served = client.get(links[0])
    assert served.status_code == 200 and served.headers["content-type"] == "application/pdf"
    assert served.content == advice
    assert client.get(f"/procedures/{proc}/documenten/999999").status_code == 404

    # the mail carries exactly those bytes
    ok(cli("mail", "send", "--json"))
    [eml] = list(get_settings().mail_dir.glob("*-voordracht_advies.eml"))
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    [part] = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert part.get_payload(decode=True) == advice


def test_the_advice_counts_right_for_one(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    only = ok(apply(cli, proc, 1))["id"]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("interview", str(proc), str(only), "--score", "gebied=4", "--json"))
    ok(cli("nominate", str(proc), str(only), "--json"))
    advice = " ".join(ok(cli("status", str(proc), "--json"))["advice_text"].split())
    assert "de volgende kandidaat te benoemen" in advice and "1 bewoner meldde zich aan" in advice
    assert "Met 1 kandidaat voerde" in advice and "blijven 6 zetels open" in advice
    if shutil.which("pdftotext"):
        [(_, _, data)] = attachments("voordracht_advies")
        text = pdf_text(data, tmp_path, "een")
        assert "Eén bewoner meldde zich aan" in text and "De kandidaat voldeed daaraan" in text
        assert (
            "De voorgedragen kandidaat" in text
            and "kandidaten" not in text.split("Voorstel")[1][:200]
        )
