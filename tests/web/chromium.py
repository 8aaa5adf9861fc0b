"""One way to start Debian's Chromium and open a tab as a Dutch coördinator or resident sees it:
every browser test launches and opens its contexts through here.

The context gets the nl-NL locale and the Europe/Amsterdam time zone. Debian's Chromium ships
only the en-US interface language, and a date or time field follows that language, not the
context's locale (it showed mm/dd/yyyy and 08:00 PM); Blink's LangAttributeAwareFormControlUI
makes the fields follow the page's `lang="nl"` instead: dd-mm-jjjj and 20:00, as a Dutch
browser shows them."""

from __future__ import annotations

import os
from pathlib import Path
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
SCREENSHOTS = Path(
    os.environ.get("WIJKRAAD_SHOTS") or Path(__file__).resolve().parents[2] / "var" / "screenshots"
)
WIDTHS = (1280, 390)
LOCALE = "nl-NL"
TIMEZONE = "Europe/Amsterdam"


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)


def dutch_context(browser: Any, **options: Any) -> Any:
    """A browser context as in the Netherlands (base_url and the like pass through)."""
    return browser.new_context(locale=LOCALE, timezone_id=TIMEZONE, **options)


def photograph(page: Any, name: str, folder: Path = SCREENSHOTS) -> None:
    """The whole page at the desktop and the phone width, as `NAME-1280.png` and `NAME-390.png`
    in `folder` (to look at); the page is left at the desktop width."""
    folder.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
