"""Letters as PDF: a Jinja2 HTML template under templates/letters/pdf/, rendered to a PDF with
WeasyPrint, attached to the mail that brings it (and offered on the procedure page as sent)."""

from __future__ import annotations

from typing import Any

from tasks.adapters.pdf import html_to_pdf
from tasks.adapters.templating import render
from tasks.mail.ics import Attachment

PDF = "application/pdf"


def document_html(name: str, **context: Any) -> str:
    return render(f"letters/pdf/{name}.html", **context)


def pdf(name: str, filename: str, **context: Any) -> Attachment:
    """templates/letters/pdf/NAME.html as a PDF attachment called `filename`."""
    return Attachment(
        filename=filename, content_type=PDF, data=html_to_pdf(document_html(name, **context))
    )
