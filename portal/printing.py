"""Pages printed as PDF (the agendas and minutes): tagged A4 documents made by WeasyPrint from
the page's print template.

Making a PDF costs a few hundred milliseconds whatever the page, and everyone convened to a
meeting downloads the same one: a PDF is kept in the shared cache under the digest of exactly
what was printed (the HTML, the stylesheet and WeasyPrint's version). Any change to what the
page says changes the digest, so an older PDF is never served; an entry nobody asks for any
more (after a change, or an erasure of personal data, which changes the printed page) expires
after `TIMEOUT`."""

import hashlib

from django.contrib.staticfiles import finders
from django.core.cache import cache

TIMEOUT = 24 * 3600


def pdf_from_html(html: str, stylesheet: str) -> bytes:
    """The PDF of `html` printed with the static stylesheet `stylesheet` (a path such as
    "meetings/print.css")."""
    import weasyprint

    path = finders.find(stylesheet)
    with open(path, "rb") as source:
        css = source.read()
    digest = hashlib.sha256()
    for part in (weasyprint.__version__.encode(), css, html.encode()):
        digest.update(hashlib.sha256(part).digest())
    key = f"tablee:pdf:{digest.hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        # No base URL: the PDF never fetches anything over the network. Tagged (its headings,
        # lists and tables are in its structure) so that screen readers read it in order.
        pdf = weasyprint.HTML(string=html).write_pdf(
            stylesheets=[weasyprint.CSS(filename=path)], pdf_tags=True
        )
        cache.set(key, pdf, TIMEOUT)
    return pdf
