"""Headers match the way people write them: articles, underscores, abbreviations and MINEM's layer fields."""

import pytest

from core.tabular import TableError, closest_names, header_key, read_table
from enforcement.importers import REINFO_COLUMNS, read_reinfo_file
from enforcement.validators import ruc_check_digit
from incidents.importers import INCIDENT_COLUMNS

RUC = "2060000001" + str(ruc_check_digit("2060000001"))
ROW = f"1,{RUC},Minera Cabeceras S.A.C.,010000123,Cabeceras 2,MADRE DE DIOS,TAMBOPATA,TAMBOPATA,VIGENTE\n"


def headers_of(header_line: str) -> dict[str, str]:
    return read_table((header_line + "\n" + ROW).encode(), "lista.csv", REINFO_COLUMNS).headers


def test_articles_underscores_and_abbreviations_do_not_count() -> None:
    assert header_key("NOMBRE DERECHO MINERO") == header_key("NOMBRE DEL DERECHO MINERO")
    assert header_key("Nombre_de_la_Concesión") == header_key("NOMBRE CONCESION")
    assert header_key("COD. ÚNICO") == header_key("CÓDIGO ÚNICO") == header_key("codigo_unico")
    assert header_key("DPTO.") == header_key("Depto") == header_key("DEPARTAMENTO")
    assert header_key("NOMBRE_DM") == header_key("NOMBRE DEL DERECHO MINERO")
    assert header_key("N°") == "n"


@pytest.mark.parametrize(
    "header",
    [
        "N°,RUC,NOMBRE DEL DECLARANTE,CÓDIGO ÚNICO,NOMBRE DERECHO MINERO,DEPARTAMENTO,PROVINCIA,DISTRITO,ESTADO",
        "nro,ruc,nombre_declarante,cod_unico,nombre_derecho_minero,dpto,prov,dist,estado",
        "Nº,R.U.C.,Nombre o Razón Social,Código Único del Derecho Minero,Derecho Minero,Región,Provincia,Distrito,"
        "Situación",
        # MINEM's map layers (GEOCATMIN), as their shapefiles name the fields
        "OBJECTID,M_RUC,NOMBRE_MIN,CODIGOU,NOMBRE_DM,DEPA,PROV,DIST,ESTADO",
        "FID,M_RUC,NOMBRE_MIN,ID_UNIDAD,NOMBRE_DM,DEPARTAMEN,PROVINCIA,DISTRITO,EST_REINFO",
    ],
)
def test_real_lists_headers_are_all_recognised(header: str) -> None:
    found = headers_of(header)
    assert set(found) == {column.key for column in REINFO_COLUMNS}


def test_id_unidad_stands_for_the_codigo_unico_only_when_codigou_is_absent() -> None:
    table = read_table(
        (
            "ID_UNIDAD,M_RUC,NOMBRE_MIN,CODIGOU,NOMBRE_DM,DEPA,PROV,DIST,ESTADO\n"
            f"77,{RUC},Minera,010000123,Cabeceras 2,MADRE DE DIOS,TAMBOPATA,TAMBOPATA,VIGENTE\n"
        ).encode(),
        "capa.csv",
        REINFO_COLUMNS,
    )
    assert table.headers["codigo_unico"] == "CODIGOU"
    assert "ID_UNIDAD" in table.ignored_headers
    assert next(table.rows)["codigo_unico"] == "010000123"
    alone = headers_of("N°,M_RUC,NOMBRE_MIN,ID_UNIDAD,NOMBRE_DM,DEPA,PROV,DIST,ESTADO")
    assert alone["codigo_unico"] == "ID_UNIDAD"


def test_an_unknown_header_lists_the_closest_known_names() -> None:
    header = "N°,RUC,NOMBRE DEL DECLARANTE,CÓDIGO ÚNICO,NOMBRE DEL DERCHO MINERO,DEPARTAMENTO,PROVINCIA,DISTRITO,ESTADO"
    with pytest.raises(TableError) as refused:
        headers_of(header)
    messages = [str(problem) for problem in refused.value.problems]
    assert "line 1: the column “NOMBRE DEL DERECHO MINERO” is missing." in messages
    hint = next(message for message in messages if "DERCHO" in message)
    assert "“NOMBRE DEL DERCHO MINERO” is not one Veta knows" in hint
    assert "“NOMBRE DEL DERECHO MINERO”" in hint.split("closest known names are:")[1]


def test_a_misspelt_incident_header_is_pointed_to_its_column() -> None:
    with pytest.raises(TableError) as refused:
        read_table(b"import_key,title,type,dat_start\nk,x,armed_attack,2025-01-01\n", "i.csv", INCIDENT_COLUMNS)
    messages = [str(problem) for problem in refused.value.problems]
    assert "line 1: the column “date_start” is missing." in messages
    assert any("“dat_start” is not one Veta knows; the closest known names are: “date_start”" in m for m in messages)
    assert closest_names("zzz qqq", INCIDENT_COLUMNS) == []


def test_no_two_columns_share_a_header_once_normalised() -> None:
    for columns in (REINFO_COLUMNS, INCIDENT_COLUMNS):
        owners: dict[str, str] = {}
        for column in columns:
            for key in column.header_keys | column.fallback_keys:
                assert owners.setdefault(key, column.key) == column.key, key


@pytest.mark.django_db
def test_a_list_whose_header_lacks_del_is_imported() -> None:
    header = "N°,RUC,NOMBRE DEL DECLARANTE,CÓDIGO ÚNICO,NOMBRE DERECHO MINERO,DEPARTAMENTO,PROVINCIA,DISTRITO,ESTADO"
    parsed = read_reinfo_file((header + "\n" + ROW).encode(), "reinfo.csv")
    assert parsed.problems == []
    assert [row.mining_right_name for row in parsed.rows] == ["Cabeceras 2"]
