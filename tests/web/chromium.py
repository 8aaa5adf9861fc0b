"""One way to start Debian's Chromium and open a tab as a Dutch coördinator or resident sees it:
every browser test launches and opens its contexts through here.

The context gets the nl-NL locale and the Europe/Amsterdam time zone. Debian's Chromium ships
only the en-US interface language, and a date or time field follows that language, not the
context's locale (it showed mm/dd/yyyy and 08:00 PM); Blink's LangAttributeAwareFormControlUI
makes the fields follow the page's `lang="nl"` instead: dd-mm-jjjj and 20:00, as a Dutch
browser shows them."""

from __future__ import annotations

from typing import Any

EXECUTABLE = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-blink-features=LangAttributeAwareFormControlUI",
]
LOCALE = "nl-NL"
TIMEZONE = "Europe/Amsterdam"


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)


def dutch_context(browser: Any, **options: Any) -> Any:
    """A browser context as in the Netherlands (base_url and the like pass through)."""
    return browser.new_context(locale=LOCALE, timezone_id=TIMEZONE, **options)
