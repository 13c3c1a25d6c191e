"""`gazetteer import`: GeoNames dumps streamed into the index (small dumps written by these tests)."""

import dataclasses
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dronewatch import config
from dronewatch.cli import app
from dronewatch.errors import InputError
from dronewatch.nlp import geonames
from dronewatch.nlp.gazetteer import Gazetteer, build_index
from dronewatch.nlp.geonames import import_dump, import_status

# geonameid name asciiname alternatenames lat lon class code country cc2 admin1..4 population elevation dem tz date
ROWS = [
    ("9100001", "Ceel Tijaabo", "Ceel Tijaabo", "El Tiyabo,Eel Tijaabo,ETJ", "2.31", "45.12", "P", "PPL", "SO",
     "", "14", "", "", "", "3500"),
    ("9100002", "Tijaabo Dheere", "Tijaabo Dheere", "", "2.40", "45.30", "P", "PPLA2", "SO", "", "14", "", "",
     "", "12000"),
    ("9100003", "Webi Tijaabo", "Webi Tijaabo", "", "2.20", "45.00", "H", "STM", "SO", "", "14", "", "", "", "0"),
    ("9100004", "Degmada Tijaabo", "Degmada Tijaabo", "Tijaabo District", "2.35", "45.20", "A", "ADM2", "SO", "",
     "14", "", "", "", "0"),
]


def _dump(path: Path, rows: list[tuple[str, ...]] = ROWS) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines("\t".join(row) + "\t\t10\tAfrica/Mogadishu\t2024-01-01\n" for row in rows)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packages' index, built once (or copied from the settings' path when current)."""
    path = tmp_path_factory.mktemp("gazetteer") / "built.sqlite"
    if config.settings.gazetteer_path.exists():
        shutil.copyfile(config.settings.gazetteer_path, path)
    build_index(path)
    return path


@pytest.fixture()
def index(built: Path, tmp_path: Path) -> Path:
    path = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(built, path)
    return path


def test_populated_places_and_admin_areas_are_found_by_every_name(index: Path, tmp_path: Path) -> None:
    summary = import_dump(_dump(tmp_path / "SO.txt"), index)
    assert (summary.rows, summary.kept, summary.resumed_at) == (4, 3, 0)
    gazetteer = Gazetteer(index)
    village = gazetteer.lookup("El Tiyabo")
    assert village is not None and village.name == "Ceel Tijaabo"
    assert (village.lat, village.lon, village.country, village.admin1) == (2.31, 45.12, "SO", "Lower Shabelle")
    district = gazetteer.lookup("Tijaabo District")
    assert district is not None and district.to_place("Tijaabo District").geo_precision == 2
    assert gazetteer.lookup("Webi Tijaabo") is None  # a river: not a populated place
    assert gazetteer.lookup("ETJ") is None  # a code, not a name


def test_a_zipped_dump_imports_like_the_text(index: Path, tmp_path: Path) -> None:
    archive = tmp_path / "SO.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(_dump(tmp_path / "SO.txt"), "SO.txt")
        z.writestr("readme.txt", "not a dump")
    assert import_dump(archive, index).kept == 3
    assert Gazetteer(index).lookup("Tijaabo Dheere") is not None


def test_a_file_that_is_not_a_dump_is_refused_with_its_line(index: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("name,lat,lon\nSomewhere,1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_dump(bad, index)
    assert str(caught.value) == f"{bad}: line 1: expected the 19 tab-separated columns of a GeoNames dump, found 1"


def test_an_interrupted_import_resumes_where_it_stopped(index: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [(str(9200000 + i), f"Tuulo {i}", f"Tuulo {i}", "", "3.0", "44.0", "P", "PPL", "SO", "", "04", "", "",
             "", "100") for i in range(10)]
    dump = _dump(tmp_path / "SO.txt", rows)
    monkeypatch.setattr(geonames, "BATCH_ROWS", 3)

    def killed(done: int, total: int) -> None:
        raise KeyboardInterrupt  # the process dies after its first committed batch

    with pytest.raises(KeyboardInterrupt):
        import_dump(dump, index, killed)
    (state,) = import_status(index)["imports"]  # type: ignore[misc]
    assert (state["rows"], state["done"]) == (3, 0)
    resumed = import_dump(dump, index)
    assert (resumed.resumed_at, resumed.rows, resumed.total_rows) == (3, 7, 10)
    with sqlite3.connect(index) as conn:
        assert conn.execute("SELECT count(*) FROM places WHERE name LIKE 'Tuulo %'").fetchone()[0] == 10
    assert import_dump(dump, index).rows == 0  # done: a third run reads nothing


def test_imported_places_survive_a_rebuild_of_the_index(index: Path, tmp_path: Path) -> None:
    import_dump(_dump(tmp_path / "SO.txt"), index)
    assert build_index(index, force=True)
    assert Gazetteer(index).lookup("El Tiyabo") is not None
    assert import_status(index)["imports"]


def test_cli_imports_reports_bad_files_and_shows_status(index: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "settings", dataclasses.replace(config.settings, gazetteer_path=index))
    good, missing = _dump(tmp_path / "SO.txt"), tmp_path / "missing.txt"
    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "import", str(good), str(missing)])
    assert result.exit_code == 1
    assert f"{good}: 4 lines read, 3 places kept" in result.output
    assert f"error {missing}: no such file" in result.output
    status = runner.invoke(app, ["gazetteer", "status"])
    assert status.exit_code == 0
    assert "imported from GeoNames dumps" in status.output
    assert f"{good.resolve()}: imported; 4 lines, 3 places" in status.output
