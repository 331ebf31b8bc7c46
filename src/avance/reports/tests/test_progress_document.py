"""The progress report as an official document: issue date, period covered, signature."""

from __future__ import annotations

from django.utils import timezone

from avance.conftest import small_document
from avance.plans.actions import do_load_plan, do_publish_plan
from avance.reports.formats import render
from avance.reports.templatetags.report_tags import longdate


def test_the_progress_report_is_dated_and_signed(db):
    document = small_document(
        author={"name": "Mtra. Laura Cisneros", "position": "Titular de Planeación"}
    )
    plan = do_publish_plan("test", do_load_plan("test", document))
    period = plan.periods.get()
    html = render(plan, "html", period=period).decode()
    issued = longdate(timezone.localtime(period.published_at).date())
    assert f"Fecha de emisión: {issued}" in html
    assert "Periodo que cubre: 1 de enero de 2025 – 30 de junio de 2025" in html
    signature = html[html.index('class="signature"') :]
    assert "Mtra. Laura Cisneros" in signature and "Titular de Planeación" in signature


def test_a_report_without_an_author_has_no_empty_signature(db):
    plan = do_publish_plan("test", do_load_plan("test", small_document()))
    assert 'class="signature"' not in render(plan, "html").decode()


def _cells(document, css_class: str) -> list[float]:
    """Widths (CSS px) of the table cells with this class, as WeasyPrint laid them out."""

    def walk(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    return [
        box.width
        for page in document.pages
        for box in walk(page._page_box)
        if type(box).__name__ == "TableCellBox"
        and css_class in (box.element.get("class") or "").split()
    ]


def test_the_poa_item_column_is_wide_enough_to_read(db, gold):
    import weasyprint

    from avance.reports.formats.document import render_html

    plan = do_load_plan("test", gold["002_8a42ac1c4c6f088e"])
    html = render_html(plan, None, "poa", "es-mx").decode()
    document = weasyprint.HTML(string=html).render()
    widths = _cells(document, "title")
    assert len(widths) >= plan.nodes.count()  # a cell broken across pages counts twice
    # 96 px to the inch: 280 px is 74 mm, about 45 characters a line (it was 35 mm, which
    # broke the item's name every two or three words).
    assert min(widths) >= 280
    assert {(round(p.width), round(p.height)) for p in document.pages[-1:]} == {(1123, 794)}


def test_the_cover_carries_the_logo_and_the_summary(db, settings, tmp_path):
    import io

    from PIL import Image

    from avance.organizations.actions import do_update_profile

    settings.MEDIA_ROOT = tmp_path / "media"
    plan = do_publish_plan("test", do_load_plan("test", small_document()))
    image = io.BytesIO()
    Image.new("RGB", (60, 30), "#1f5f8b").save(image, format="PNG")
    do_update_profile("test", plan.owner, logo=("escudo.png", image.getvalue()))
    plan.owner.refresh_from_db()
    html = render(plan, "html", period=plan.periods.get()).decode()
    cover = html[html.index('<section class="cover">') : html.index("</section>")]
    assert '<img class="logo" src="data:image/png;base64,' in cover
    assert 'alt="Logotipo de Instituto de Pruebas"' in cover
    assert "<h2>Resumen</h2>" in cover
    # The summary counts the tree as loaded: 2 axes, 3 commitments, 6 actions declared, 5 found.
    rows = [
        '<tr><td>Ejes</td><td class="num">2</td><td class="num">2</td></tr>',
        '<tr><td>Compromisos</td><td class="num">3</td><td class="num">3</td></tr>',
        '<tr><td>Acciones</td><td class="num">5</td><td class="num">6</td></tr>',
    ]
    for row in rows:
        assert row in cover
