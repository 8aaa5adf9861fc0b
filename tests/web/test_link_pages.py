"""The pages reached from a single-use link in a mail (confirm an application, confirm a
volunteer, answer a panel invitation) answer a link that is not ours the same way, opened or
posted: 404 with a Dutch page whose title starts with "Fout:", and nothing written."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.fixtures_smtp import MailWorld
from tests.web.public_world import form_token

PAGES = ("/aanmelden/bevestigen/", "/loting/bevestigen/", "/loting/antwoord/")
FORGED = "bm90LW9ucy12YW4tb25zLWxpbms"


@pytest.mark.parametrize("page", PAGES)
def test_a_forged_link_is_refused_in_dutch_opened_or_posted(
    anonymous: TestClient, mail_world: MailWorld, page: str
) -> None:
    opened = anonymous.get(page + FORGED)
    assert opened.status_code == 404 and "<title>Fout: Link ongeldig" in opened.text
    posted = anonymous.post(
        page + FORGED,
        data={"csrf_token": form_token(anonymous), "antwoord": "ja"},
        follow_redirects=False,
    )
    assert posted.status_code == 404 and "<title>Fout: Link ongeldig" in posted.text
