"""Who acts on the command line, for the audit trail: the account named by `WIJKRAAD_USER`
(its e-mail address; the account must exist and be active), else `cli:<operating-system user>`.
"""

from __future__ import annotations

import getpass

from tasks.adapters.settings import get_settings
from tasks.queries import users
from tasks.queries.reading import reading


def actor() -> str:
    """The actor of the command being run."""
    wanted = get_settings().user
    if wanted:
        with reading() as session:
            return users.active_account_email(session, wanted)
    return system_user()


def system_user() -> str:
    """`cli:<operating-system user>`: also for `init`, before any account can exist."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment nor in the password file
        name = "onbekend"
    return f"cli:{name}"
