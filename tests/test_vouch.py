"""The column-wise check of a user's value rows (`ValueReader.vouch`): a row it vouches for is one
the row-by-row reader takes without an error, for every mix of good and bad cells; and a folder
loaded through it says what the row-by-row reader said, at the same row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mgalloys as mg
from mgalloys.loader import load_layers
from mgalloys.recordrows import Layer, Loaded

COLUMNS = ("record_id", "value", "value_max", "kind", "test_temperature", "strain_rate", "thickness",
           "direction", "source", "locator")  # fmt: skip

#: Cells good and bad, few of each so that rows alike meet often; good ones most often (a row
#: has ten cells: with good ones rare, few shapes would read and there would be little to check).
GOOD = {
    "record_id": ["XA1-T6", "xa1-t6"],
    "kind": ["typical", "minimum", "range"],
    "test_temperature": ["RT", "250 degC"],
    "strain_rate": [""],
    "thickness": ["", "0.5-2 in"],
    "direction": ["", "L"],
    "source": ["lab", "LAB"],
}
BAD = {
    "record_id": ["XB2"],
    "kind": ["bogus"],
    "test_temperature": ["", "-300 degC", "5 K", "abc", "10 mm"],
    "strain_rate": ["0.001 1/s", "fast", "1 mm"],
    "thickness": ["6.35 mm", "thin"],
    "direction": ["lt", "X"],
    "source": ["nope"],
}
CELLS = {
    **{c: st.one_of(st.sampled_from(GOOD[c]), st.sampled_from(GOOD[c]), st.sampled_from(GOOD[c]),
                    st.sampled_from(BAD[c] + GOOD[c])) for c in GOOD},
    "value": st.sampled_from(["1.8", "250", "0", "-5", "1e308", "abc", "", "inf", "nan", "1_000", "12.50",
                              "-0", "300", "4e3"]),
    "value_max": st.sampled_from(["2.0", "300", "4e3", "-1", "1e309", "x", ""]),  # (of a range)
    "locator": st.sampled_from(["p. 1", ""]),
}  # fmt: skip
#: (property, unit): most of them go together.
PAIRS = [("density", "g/cm**3"), ("density", "kg/m**3"), ("density", "lb/in**3"), ("uts", "MPa"),
         ("tensile_strength", "ksi"), ("tensile_strength", "GPa"), ("el", "%"), ("el", ""),
         ("electrical_resistivity", "microohm*cm"), ("ec", "%IACS"), ("hardness", "HB"), ("hardness", "HV"),
         ("thermal_conductivity", "W/(m*K)"), ("liquidus", "degC"), ("liquidus", "degF"), ("liquidus", "K"),
         ("specific_strength", "kN*m/kg"), ("colour", "MPa"), ("density", "mm"), ("uts", "")]  # fmt: skip


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    root = tmp_path_factory.mktemp("vouch") / "mine"
    for sub in ("records", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "lab.csv").write_text("key,title,kind\nlab,Our tests,user\n", encoding="utf-8")
    (root / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form\nXA1-T6,XA1,T6,casting\n", encoding="utf-8"
    )
    return load_layers([Layer(root, "mine", default_source_kind="user")])


_NUMBERS = ("value", "value_max", "locator")


@st.composite
def rows_strategy(draw: st.DrawFn) -> list[dict[str, str]]:
    """Rows of a few shapes (all cells but the numbers), so that rows alike meet often."""
    cells = st.fixed_dictionaries({c: CELLS[c] for c in COLUMNS if c not in _NUMBERS})
    pair = st.sampled_from(PAIRS).map(lambda p: {"property": p[0], "unit": p[1]})
    shape = st.tuples(cells, pair).map(lambda t: t[0] | t[1])
    shapes = draw(st.lists(shape, min_size=1, max_size=4))
    numbers = st.fixed_dictionaries({c: CELLS[c] for c in _NUMBERS})
    picks = draw(st.lists(st.tuples(st.sampled_from(shapes), numbers), min_size=1, max_size=30))
    rows = [a | b for a, b in picks]
    for row in rows:  # a value_max goes with kind 'range' (mostly: once in a while, not)
        if row["kind"] != "range" and draw(st.integers(0, 9)):
            row["value_max"] = ""
    return rows


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy())
def test_a_row_vouched_for_reads_without_an_error(state: Loaded, rows: list[dict[str, str]]) -> None:
    table = [(f"mine/values/v.csv:{i + 2}", row) for i, row in enumerate(rows)]
    records = [state.records["XA1-T6"][1] if r["record_id"] != "XB2" else None for r in rows]
    for (where, row), good in zip(table, state.reader.vouch(table, records), strict=True):
        if good:
            state.reader.add([], where, row, state.records["XA1-T6"][1])  # raises nothing


def test_plain_rows_are_vouched_for(state: Loaded) -> None:
    """The check is not 'never': good rows pass it, bad numbers among them do not."""
    base = dict.fromkeys((*COLUMNS, "property", "unit"), "")
    base |= {"record_id": "XA1-T6", "kind": "typical", "source": "lab", "test_temperature": "RT"}
    rows = [
        base | {"property": "density", "value": "1.8", "unit": "g/cm**3"},
        base | {"property": "density", "value": "1.81", "unit": "g/cm**3"},
        base | {"property": "density", "value": "-1.81", "unit": "g/cm**3"},  # negative
        base | {"property": "density", "value": "1e308", "unit": "kg/mm**3"},  # too large in g/cm**3
        base | {"property": "tensile_strength", "value": "36", "unit": "ksi"},
        base | {"property": "uts", "value": "36", "unit": "ksi", "kind": "range", "value_max": "40"},
        base | {"property": "uts", "value": "36", "unit": "ksi", "kind": "range", "value_max": "30"},
        base | {"property": "el", "value": "7,5", "unit": "%"},
    ]  # fmt: skip
    table = [(f"v.csv:{i + 2}", r) for i, r in enumerate(rows)]
    rec = state.records["XA1-T6"][1]
    vouched = state.reader.vouch(table, [rec] * len(rows))
    assert vouched == [True, True, False, False, True, True, False, False]


def _folder(tmp_path: Path, values: str) -> Path:
    root = tmp_path / "mine"
    for sub in ("records", "values", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "lab.csv").write_text("key,title\nlab,Our tests\n", encoding="utf-8")
    (root / "records" / "lab.csv").write_text(
        "record_id,grade,temper,product_form\nXA1-T6,XA1,T6,casting\n", encoding="utf-8"
    )
    head = "record_id,property,value,unit,kind,test_temperature,source,locator\n"
    (root / "values" / "lab.csv").write_text(head + values, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("values", "error"),
    [
        # the first bad row is named, whichever check finds it and whatever follows
        ("XA1-T6,density,1.8,g/cm**3,typical,RT,lab,a\nXA1-T6,density,-1,g/cm**3,typical,RT,lab,b\n"
         "XA1-T6,density,1.8,mm,typical,RT,lab,c\n", r"lab.csv:3: column 3 \(value\): density -1 g/cm\*\*3"),
        ("XA1-T6,density,1.8,g/cm**3,typical,RT,lab,a\nXA1-T6,density,1.8,mm,typical,RT,lab,c\n"
         "XA1-T6,density,-1,g/cm**3,typical,RT,lab,b\n", r"lab.csv:3: column 4 \(unit\)"),
        ("XA1-T6,density,1.8,g/cm**3,typical,RT,lab,a\nXA1-T6,density,1.9,g/cm**3,typical,RT,nope,b\n",
         r"lab.csv:3: column 7 \(source\): source 'nope'"),
        ("XA1-T6,density,1.8,g/cm**3,typical,RT,lab,a\nXA1-T6,density,1.8,g/cm**3,typical,RT,lab,a\n",
         r"lab.csv:3: column 1 \(record_id\): repeats the row at"),
        ("XA1-T6,uts,0.2,GPa,typical,RT,lab,a\nXA1-T6,uts,1e308,GPa,typical,RT,lab,b\n",
         r"lab.csv:3: column 3 \(value\): 1e308 GPa is inf in MPa"),
    ],
)  # fmt: skip
def test_a_folder_says_where_its_first_bad_row_is(tmp_path: Path, values: str, error: str) -> None:
    with pytest.raises(mg.DataError, match=error):
        mg.load(_folder(tmp_path, values))


def test_values_vouched_for_are_those_read_row_by_row(tmp_path: Path) -> None:
    """Values converted when the record is built equal those the reader gives row by row."""
    root = _folder(
        tmp_path,
        "XA1-T6,density,0.065,lb/in**3,typical,RT,lab,a\nXA1-T6,uts,36,ksi,minimum,RT,lab,b\n"
        "XA1-T6,er,12.5,microohm*cm,typical,RT,lab,c\nXA1-T6,uts,30,ksi,minimum,150 degC,lab,d\n",
    )
    loaded = mg.load(root).loaded
    assert loaded.held_values() == 4
    rows = [(w, r) for t in [loaded] for w, r in t.pending["XA1-T6"]]
    fresh = load_layers([Layer(root, "mine", default_source_kind="user")])
    expected: list[dict[str, object]] = []
    for where, row in rows:
        fresh.reader.add(expected, where, row, fresh.records["XA1-T6"][1])
    got = loaded.values_of("XA1-T6")
    assert [(v["property"], v["value"], v["unit"], v["kind"]) for v in got] == [
        (v["property"], v["value"], v["unit"], v["kind"]) for v in expected
    ]
    assert len(got) == 5  # the conductivity beside the resistivity
