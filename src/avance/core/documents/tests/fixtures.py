"""A small plan written by the tests in several formats (fictional; no seed text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TITLE = "PROGRAMA ANUAL DE TRABAJO 2025"
ORGANIZATION = "INSTITUTO DE PRUEBAS DOCUMENTALES DEL VALLE"
# (kind, text, depth): heading lines, list items (depth = nesting), field lines
CONTENT: list[tuple[str, str, int]] = [
    ("heading", "Eje 1. Gobierno digital", 1),
    ("heading", "Objetivo 1.1 Simplificar trámites en línea", 2),
    ("item", "Digitalizar diez trámites de alta demanda.", 0),
    ("item", "Publicar un catálogo de trámites con sus requisitos.", 0),
    ("item", "Revisar los requisitos con cada dependencia.", 1),
    ("item", "Publicar el catálogo en datos abiertos.", 1),
    ("item", "Medir el tiempo de atención de cada trámite.", 0),
    ("heading", "Objetivo 1.2 Abrir los datos del presupuesto", 2),
    ("item", "Publicar el presupuesto ciudadano cada trimestre.", 0),
    ("field", "Inversión: $120,000.00", 0),
    ("field", "Periodo de Tiempo: 1 de febrero de 2025 al 30 de noviembre de 2025", 0),
    ("heading", "Eje 2. Participación ciudadana", 1),
    ("heading", "Objetivo 2.1 Consultas públicas", 2),
    ("item", "Realizar tres consultas sobre el reglamento de movilidad.", 0),
    ("item", "Informar cómo se atendió cada propuesta recibida.", 0),
]


def write_text(path: Path) -> Path:
    lines = [TITLE, ORGANIZATION, ""]
    for kind, text, depth in CONTENT:
        if kind == "heading":
            lines += ["", text, ""]
        elif kind == "item":
            lines.append("  " * depth + f"- {text}")
        else:
            lines.append(text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(ORGANIZATION)
    fields: list[str] = []

    def flush() -> None:
        if fields:
            table = document.add_table(rows=0, cols=2)
            for field in fields:
                label, value = field.split(":", 1)
                cells = table.add_row().cells
                cells[0].text, cells[1].text = f"{label}:", value.strip()
            fields.clear()

    for kind, text, depth in CONTENT:
        if kind == "field":
            fields.append(text)
            continue
        flush()
        if kind == "heading":
            document.add_heading(text, level=depth)
        else:
            document.add_paragraph(
                text, style="List Bullet" if depth == 0 else f"List Bullet {depth + 1}"
            )
    flush()
    document.save(path)
    return path


def large_content(axes: int) -> list[tuple[str, str, int]]:
    """A plan of `axes` axes × 4 objectives × 5 actions (for benchmarks)."""
    content: list[tuple[str, str, int]] = []
    for e in range(1, axes + 1):
        content.append(("heading", f"Eje {e}. Fortalecer la gestión pública del tema {e}", 1))
        for o in range(1, 5):
            content.append(("heading", f"Objetivo {e}.{o} Mejorar el servicio {o} del eje {e}", 2))
            for a in range(1, 6):
                content.append(
                    (
                        "item",
                        f"Realizar la acción {a} del objetivo {e}.{o} con las áreas responsables.",
                        0,
                    )
                )
            content.append(("field", f"Inversión: ${e * 1000 + o * 100:,}.00", 0))
    return content


def write_pdf(
    path: Path,
    repeat: int = 1,
    content: list[tuple[str, str, int]] | None = None,
    per_character: bool = False,
) -> Path:
    """The plan as a PDF; `per_character` writes every character as its own text object, as
    WPS and some PDF printers do (a reader that puts a space between objects reads «P l a n»)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    bullet = "•"
    if font.exists():
        pdf.add_font("DejaVu", "", str(font))
        pdf.set_font("DejaVu", size=11)
    else:  # the core font covers Latin-1 only
        pdf.set_font("Helvetica", size=11)
        bullet = "-"
    if per_character:
        plain = pdf.cell

        def cell(width: float, height: float, text: str = "", **kwargs: Any) -> None:
            x, y = pdf.get_x(), pdf.get_y()
            for char in text:
                if char != " ":
                    pdf.text(x, y + height * 0.7, char)
                x += pdf.get_string_width(char)
            plain(width, height, "", **kwargs)

        pdf.cell = cell  # type: ignore[method-assign]
    for _ in range(repeat):
        pdf.cell(0, 7, TITLE, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 7, ORGANIZATION, new_x="LMARGIN", new_y="NEXT")
        for kind, text, depth in content or CONTENT:
            if kind == "heading":
                pdf.ln(5)
                pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(5)
            elif kind == "item":
                pdf.set_x(pdf.l_margin + 8 * depth)
                pdf.cell(0, 6, f"{bullet} {text}", new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        if repeat > 1:
            pdf.add_page()
    pdf.output(str(path))
    return path


def tree(document: dict[str, Any]) -> list[Any]:
    """What must survive every format: levels, numbers, titles and nesting."""

    def node(n: dict[str, Any]) -> tuple[Any, ...]:
        return (n["level"], n.get("ref"), n["title"], [node(c) for c in n.get("children", [])])

    return [node(n) for n in document["nodes"]]
