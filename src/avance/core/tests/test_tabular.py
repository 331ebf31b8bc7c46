from __future__ import annotations

import json
from pathlib import Path

import pytest

from avance.core import tabular
from avance.core.documents import DocumentError
from avance.core.documents.importer import import_file

MAPPINGS = Path(__file__).resolve().parents[4] / "docs" / "mappings"


def leaves(nodes):
    return [leaf for n in nodes for leaf in (leaves(n["children"]) if n.get("children") else [n])]


def test_it_reads_buenos_aires_commitments_with_a_mapping(shared):
    mapping = tabular.load_mapping(MAPPINGS / "gcba-compromisos.json")
    document, _warnings = import_file(
        shared / "data" / "gcba_compromisos-gobierno_data.csv", mapping
    )
    assert document["levels"] == ["Eje", "Compromiso"]
    assert len(document["nodes"]) == 4
    commitments = leaves(document["nodes"])
    assert len(commitments) == 54
    assert all(c["level"] == "Compromiso" and c["ref"] for c in commitments)
    assert sum(1 for c in commitments if "progress" in c) >= 50
    assert any(
        c["progress"] != int(c["progress"]) for c in commitments if "progress" in c
    )  # decimals kept


def test_it_reads_barcelona_action_plans_with_html_cleaned(shared):
    mapping = tabular.load_mapping(MAPPINGS / "barcelona-pam.json")
    document, _warnings = import_file(
        shared / "data" / "barcelona_pam-pad-2016-2019_action_plans.csv", mapping
    )
    assert document["levels"] == ["Districte", "Eix", "Subàrea", "Acció"]
    actions = leaves(document["nodes"])
    assert len(actions) == 1467
    axes = {
        axis["title"] for district in document["nodes"] for axis in district.get("children", [])
    }
    assert len(axes) == 5
    assert "Tota la ciutat" in {district["title"] for district in document["nodes"]}
    assert not any("<" in (a.get("description") or "") for a in actions)


def test_other_layouts_need_a_mapping(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("eje,accion\nUno,Hacer algo\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="give a column mapping with --mapping"):
        import_file(path)


def test_a_mapping_naming_missing_columns_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("eje,accion\nUno,Hacer algo\n", encoding="utf-8")
    mapping = {
        "levels": [{"label": "Eje", "column": "eje"}, {"label": "Acción", "column": "acción"}]
    }
    with pytest.raises(DocumentError, match="columns the file does not have: acción"):
        import_file(path, mapping)


def test_bad_rows_in_avance_layout_name_the_row(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,parent,level,title\n1,,Eje,Uno\n2,9,Acción,Dos\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="row 3: parent '9' is not an earlier row's id"):
        import_file(path)
    path.write_text("id,parent,level,title,progress\n1,,Eje,Uno,mucho\n", encoding="utf-8")
    _document, warnings = import_file(path)
    assert warnings == [f"{path}: row 2, column 'progress': 'mucho' is not a number; left empty"]


def test_a_mapping_file_must_name_levels(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"columns": {}}), encoding="utf-8")
    with pytest.raises(DocumentError, match='a mapping needs "levels"'):
        tabular.load_mapping(path)
