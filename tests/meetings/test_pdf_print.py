"""Agendas and minutes print as tagged PDFs (read by screen readers, in the document's
structure) on A4 pages, without the portal's navigation."""

import re
import zlib

import pytest

from meetings import services

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def _pdf_text(content: bytes) -> bytes:
    """The PDF's objects, with the compressed streams (object streams included) inflated."""
    parts = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture
def held(held, pilot):
    """The held meeting (tests/meetings/conftest.py) with its minutes written."""
    services.minutes_save(
        actor=pilot, meeting=held, summary="Séance consacrée aux retours à domicile.", texts={}
    )
    held.refresh_from_db()
    return held


@pytest.mark.parametrize("document", ["ordre-du-jour.pdf", "compte-rendu.pdf"])
def test_agenda_and_minutes_are_tagged_a4_pdfs_without_navigation(client, pilot, held, document):
    client.force_login(pilot)
    response = client.get(f"/reunions/{held.pk}/{document}")
    assert response.status_code == 200
    pdf = _pdf_text(response.content)
    assert b"/StructTreeRoot" in pdf
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes
    for box in boxes:
        x0, y0, x1, y1 = (float(n) for n in box)
        assert abs((x1 - x0) - A4[0]) <= 1 and abs((y1 - y0) - A4[1]) <= 1
    # The printed page is the document alone: none of the portal's menus or links.
    for navigation in (b"Menu principal", b"Mon espace", b"Se d\xc3\xa9connecter"):
        assert navigation not in pdf


def test_a_pdf_is_made_once_and_made_again_when_what_it_prints_changes(
    client, pilot, held, monkeypatch
):
    """Everyone convened downloads the same PDF: it is made once, then served from the cache,
    and never served once the minutes say something else."""
    import weasyprint

    printed = []
    original = weasyprint.HTML

    def capture(*args, **kwargs):
        printed.append(kwargs.get("string", ""))
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", capture)
    client.force_login(pilot)
    url = f"/reunions/{held.pk}/compte-rendu.pdf"
    first = client.get(url).content
    second = client.get(url).content
    assert len(printed) == 1
    assert second == first

    services.minutes_save(
        actor=pilot, meeting=held, summary="Séance reportée au mois prochain.", texts={}
    )
    third = client.get(url).content
    assert len(printed) == 2
    assert "Séance reportée au mois prochain." in printed[1]
    assert "Séance consacrée aux retours à domicile." not in printed[1]
    assert third != first
