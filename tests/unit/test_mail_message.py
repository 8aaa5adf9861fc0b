"""The message as sent: safe headers whatever the names contain, a stable Message-ID, text and
HTML parts that a mail program reads back as written."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy

import pytest

from models.errors import InvalidInput
from tasks.mail.message import build, checked_address, header_text, message_id
from tasks.mail.render import Recipient, RenderedMail

EVIL = "Jan de Vries\r\nBcc: stiekem@example.org\r\nSubject: gekaapt"


def sent(name: str, subject: str = "Herinnering", text: str = "Hallo", html: str = "<p>Hallo</p>"):
    mail = RenderedMail(Recipient(name, "jan@example.nl"), subject, text, html)
    data = build(
        mail,
        sender="wijkraden@oss.nl",
        sender_name="Gemeente Oss",
        msgid="<wijkraad.1.abc@oss.nl>",
        at=datetime(2026, 11, 28, 9, 0),
    )
    return data, message_from_bytes(data, policy=policy.default)


def test_a_name_with_cr_lf_cannot_add_a_header() -> None:
    data, parsed = sent(EVIL, subject="Welkom\r\nBcc: ook@example.org")
    assert parsed["Bcc"] is None
    assert len(parsed.get_all("Subject")) == 1 and len(parsed.get_all("To")) == 1
    assert parsed["Subject"] == "Welkom Bcc: ook@example.org"
    assert [a.addr_spec for a in parsed["To"].addresses] == ["jan@example.nl"]
    assert (
        parsed["To"].addresses[0].display_name
        == "Jan de Vries Bcc: stiekem@example.org Subject: gekaapt"
    )
    head = data.split(b"\r\n\r\n", 1)[0]
    assert not any(line.startswith((b"Bcc", b"bcc")) for line in head.split(b"\r\n"))


@pytest.mark.parametrize(
    "bad", ["a@b.nl\r\nBcc: x@y.nl", "a@b.nl, c@d.nl", "<a@b.nl>", "geen adres"]
)
def test_an_address_is_one_mailbox_or_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        checked_address(bad)


def test_control_characters_become_spaces() -> None:
    assert header_text("a\x00b\tc\u2028d\x85e  f") == "a b c d e f"


def test_non_ascii_names_and_subjects_are_encoded_and_read_back() -> None:
    _, parsed = sent("Jeroen Ĳsselstein-Çelik", subject="Uw aanmelding bij de wijkcoördinator")
    assert parsed["To"].addresses[0].display_name == "Jeroen Ĳsselstein-Çelik"
    assert parsed["Subject"] == "Uw aanmelding bij de wijkcoördinator"


def test_long_subjects_are_folded_and_unfold_to_the_same_text() -> None:
    subject = "Herinnering: " + " ".join(["termijn"] * 30)
    data, parsed = sent("Jan", subject=subject)
    head = data.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in head.split(b"\r\n")) <= 78
    assert parsed["Subject"] == subject


def test_text_and_html_parts_round_trip() -> None:
    text = "Beste Jan,\n\nRegel met = teken en --=_ grens en één accent.\n" + "x" * 200 + "\n"
    html = "<p>Beste Jan &amp; co,</p>\n<p>één</p>\n"
    _, parsed = sent("Jan", text=text, html=html)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == text
    assert parsed.get_body(("html",)).get_content().replace("\r\n", "\n") == html
    assert parsed["Message-ID"] == "<wijkraad.1.abc@oss.nl>"
    assert parsed["Auto-Submitted"] == "auto-generated"


def test_the_message_id_is_stable_per_outbox_row() -> None:
    key = "procedure:1|person:3|herinnering_aanmeldtermijn|application_deadline:2026-12-04"
    first = message_id(7, key, "wijkraden@oss.nl")
    assert first == message_id(7, key, "wijkraden@oss.nl")
    assert first != message_id(8, key, "wijkraden@oss.nl")
    assert first.startswith("<wijkraad.7.") and first.endswith("@oss.nl>")
