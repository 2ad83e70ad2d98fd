from pathlib import Path

import zipfile

import pytest

from sitreps.errors import GazetteerError
from sitreps.geo.importer import format_info, gazetteer_info, import_files

FIX = Path(__file__).parent / "fixtures"


def test_country_file_makes_village_and_neighbourhood_resolvable(tiny_gz):
    assert tiny_gz.resolve("Kafr Testa") is None
    counts = import_files([FIX / "XX.txt", FIX / "admin1CodesASCII.txt", FIX / "admin2Codes.txt"], tiny_gz,
                          progress=False)
    assert counts["XX.txt"] == 2  # the stream (class H) is skipped
    village = tiny_gz.resolve("Kfar Testa", countries=["SY"])
    assert village.place.geonameid == 9000001 and village.place.admin1 == "Aleppo"
    assert village.place.admin2 == "Jabal Saman"
    hood = tiny_gz.resolve("al-Sukkari", countries=["SY"])
    assert hood.place.feature_code == "PPLX"
    assert tiny_gz.is_known("Sukkari")
    assert "XX.txt" in gazetteer_info(tiny_gz)["imported"]
    assert "imported" in format_info(tiny_gz.info())


def test_zipped_country_file(tiny_gz, tmp_path):
    z = tmp_path / "SY.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(FIX / "XX.txt", "SY.txt")
    import_files([z], tiny_gz, progress=False)
    assert tiny_gz.resolve("Kafr Testa").place.geonameid == 9000001


def test_missing_file_raises(tiny_gz, tmp_path):
    with pytest.raises(GazetteerError):
        import_files([tmp_path / "nope.txt"], tiny_gz, progress=False)
