"""The files a purge looks through for a person's name: the quick reader of the daily monitor's
purge gives exactly the text of the reader that parses with the default email policy, for mail
as the outbox writes it (names and subjects that fold, are encoded or both; text split by
quoted-printable soft line breaks; calendar attachments) and for files it does not expect."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from models.privacy import mentions
from tasks.mail.ics import Attachment
from tasks.mail.message import build
from tasks.mail.render import Recipient, RenderedMail
from tasks.queries.privacy import _readable, _readable_quickly, files_mentioning

NAMES = [
    "Ruud Verstegen",
    "José Ñúñez-Émile van der Ëlst-Gonçalves de Oliveira Çağlar",
    'J. "Jos" de Vries, jr.',
    "Anna-Maria van den Heuvel-Steenbergen van Ravenstein tot Megen",
    "Zoë Ĳsselmuiden",
]
SUBJECTS = [
    "Vergadering Wijkraad Centrum-Krinkelhoek-Mettegeupel op 25 februari 2030 om 19:30 uur",
    "Uitnodiging voor het gesprek met de voordrachtcommissie van de dorpsraad Megen, Haren en "
    "Macharen — coördinator",
    "Kort",
]


def mail_file(folder: Path, n: int, name: str, subject: str, *, ics: bool) -> Path:
    long_line = f"Beste {name}, " + "u bent van harte welkom op de openbare vergadering. " * 3
    attachments = ()
    if ics:
        calendar = (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
            f"ATTENDEE;CN={name}:mailto:iemand@voorbeeld.nl\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        attachments = (
            Attachment("uitnodiging.ics", "text/calendar; method=REQUEST", calendar.encode()),
        )
    mail = RenderedMail(
        to=Recipient(name, f"persoon{n}@voorbeeld.nl"),
        subject=f"{subject} ({name})",
        text=long_line + "\n\nMet vriendelijke groet,\n\nde wijkcoördinator",
        html=f"<p>{long_line}</p><p>de wijkco&ouml;rdinator</p>",
        attachments=attachments,
    )
    raw = build(
        mail,
        sender="wijkraden@oss.nl",
        sender_name="Gemeente Oss - wijk- en dorpsraden",
        msgid=f"<wijkraad.{n}.test@oss.nl>",
        at=datetime(2030, 2, 25, 9),
    )
    path = folder / f"{n:08d}-test.eml"
    path.write_bytes(raw)
    return path


def test_the_quick_reader_reads_every_mail_as_the_default_policy_does(tmp_path: Path) -> None:
    paths = [
        mail_file(tmp_path, n * 10 + m, name, subject, ics=bool(n % 2))
        for n, name in enumerate(NAMES)
        for m, subject in enumerate(SUBJECTS)
    ]
    for path in paths:
        assert _readable_quickly(path) == _readable(path), path.name
    folded = paths[3].read_bytes()
    assert b"=\r\n" in folded and b"=?utf-8?" in paths[1].read_bytes()  # what is tested


@pytest.mark.parametrize(
    "raw",
    [
        # a charset Python does not know, and bytes that are no UTF-8
        b'Subject: x\r\nContent-Type: text/plain; charset="x-onbekend"\r\n\r\nJan Jansen\r\n',
        b"Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJ\xe9 Jansen \xff\r\n",
        # an encoded word with an unknown charset, and no Content-Type at all
        b"To: =?x-onbekend?q?Jan_Jansen?= <j@voorbeeld.nl>\r\n\r\nJan Jansen\r\n",
        b"not a mail at all\r\n",
    ],
)
def test_what_the_quick_reader_does_not_expect_names_the_same_people(
    tmp_path: Path, raw: bytes
) -> None:
    """Text and names as before; a header such as Content-Type may be written differently (the
    default policy renders it anew: charset=utf-8 becomes charset="utf-8")."""
    path = tmp_path / "00000001-vreemd.eml"
    path.write_bytes(raw)
    quick, thorough = _readable_quickly(path), _readable(path)
    for needle in ("Jan Jansen", "Jansen", "j@voorbeeld.nl", "x", "mail"):
        assert mentions(quick, [needle]) == mentions(thorough, [needle]), needle
    assert quick.splitlines()[-1] == thorough.splitlines()[-1]  # the body


def test_a_name_split_by_the_mail_encoding_is_found(tmp_path: Path) -> None:
    name = NAMES[3]
    mail_file(tmp_path, 1, name, SUBJECTS[0], ics=False)
    mail_file(tmp_path, 2, NAMES[0], SUBJECTS[2], ics=False)
    (tmp_path / "publicatie.html").write_text(f"<p>{NAMES[4]}</p>", encoding="utf-8")
    found = files_mentioning([tmp_path], [name])
    assert [p.name for p in found] == ["00000001-test.eml"]
    assert files_mentioning([tmp_path], [NAMES[4]]) == [tmp_path / "publicatie.html"]
    assert files_mentioning([tmp_path], ["persoon2@voorbeeld.nl"]) == [
        tmp_path / "00000002-test.eml"
    ]
