"""Structure recognition: blocks → an avance.plan/1 document plus warnings. Plain Python.

How a plan is read, in general terms (no rule names a particular document):
- A *labelled line* opens an item: a level keyword with a number or a colon ("Eje 1",
  "Compromiso 1.5.", "ACTIVIDAD 1:", "OBJETIVO ESTRATÉGICO:"); its title is the rest of the line,
  the next paragraph, or the paragraph just before when the label follows its title.
- A *plural header* ("Acciones", "Líneas de acción:", "Ejes del programa y Líneas de acción") names
  the level of the items that follow; before the first header or labelled line, numbered lists
  are context (preambles, legal powers, diagnosis), not plan items.
- *List items* are children of the open item; dotted numbers ("1.1.") find their parent by
  prefix; numbering may restart under each parent. A short paragraph followed by a list is an
  item of its own with the list as children ("Poner en marcha los programas: • ...").
- *Field labels* ("Inversión:", "Beneficiados:", "Periodo de Tiempo:", "Metas:", "Eje del PMD:")
  fill the labelled item they follow, or the plan when none is open.
- *Values* in a report (percentages, stages such as "EN ETAPA DE DISEÑO", "*" marks) are matched
  to the items of the block they appear in; "Avance del Eje 51%" and "Avance Global 42%" are
  declared aggregates.
"""

from __future__ import annotations

from typing import Any

from avance.core.documents import Document


def recognize(document: Document) -> tuple[dict[str, Any], list[str]]:
    """An avance.plan/1 document and the warnings a person should read."""
    from avance.core.documents.recognition.reader import Reader

    return Reader(document).run()
