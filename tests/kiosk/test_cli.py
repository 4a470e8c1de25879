"""The command-line contracts: ``kiosk idcheck`` and ``kiosk catalog``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from kiosk.cli import main
from kiosk.domain.identity import check_digit
from tests.support.catalogs import mini_catalog_bytes
from tests.support.synthetic import synthetic_person

ID_KEYS = ["input", "valid", "reason", "normalized", "birth_date", "sex", "region_code"]


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_idcheck_prints_one_object_per_input_in_order(capsys):
    person = synthetic_person(21)
    legacy = person.id_number[:6] + person.id_number[8:17]
    if person.birth_date.year >= 2000:
        legacy = None
    inputs = [
        person.id_number,
        person.id_number[:-1] + "9" if person.id_number[-1] != "9" else person.id_number[:-1] + "0",
        "abc",
    ]
    if legacy:
        inputs.append(legacy)
    assert main(["idcheck", *inputs]) == 0
    rows = _lines(capsys)
    assert [r["input"] for r in rows] == inputs
    assert all(list(r) == ID_KEYS for r in rows)
    assert rows[0] == {
        "input": person.id_number,
        "valid": True,
        "reason": None,
        "normalized": person.id_number,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex.value,
        "region_code": person.region_code,
    }
    assert rows[1]["valid"] is False and rows[1]["reason"]
    assert rows[1]["normalized"] is rows[1]["sex"] is rows[1]["birth_date"] is None
    assert rows[2]["valid"] is False
    if legacy:
        assert rows[3]["normalized"] == person.id_number


def test_idcheck_upgrades_lower_case_x_and_legacy_numbers(capsys):
    first17 = "11010119370101001"
    upper = first17 + check_digit(first17)
    assert main(["idcheck", upper.lower(), "110101370101001"]) == 0
    rows = _lines(capsys)
    assert rows[0]["normalized"] == upper
    assert rows[1]["normalized"] == upper
    assert rows[1]["birth_date"] == date(1937, 1, 1).isoformat()


def test_catalog_json_lists_services_then_bundles(tmp_path, capsys):
    assert main(["catalog", "--json", "--data-dir", str(tmp_path)]) == 0
    rows = _lines(capsys)
    assert all(
        list(r) == ["code", "name", "department", "fields", "materials", "bundle_of"] for r in rows
    )
    kinds = [r["bundle_of"] is not None for r in rows]
    assert kinds == sorted(kinds), "services come before bundles"
    assert kinds.count(False) >= 10 and kinds.count(True) >= 2
    codes = {r["code"] for r in rows}
    for row in rows:
        if row["bundle_of"]:
            assert set(row["bundle_of"]) <= codes
        assert row["fields"] > 0


def test_a_broken_catalogue_is_refused_and_the_last_good_one_stays(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_bytes(mini_catalog_bytes())
    assert main(["catalog", "--data-dir", str(tmp_path / "d"), "--install", str(good)]) == 0
    capsys.readouterr()

    def break_it(data):
        data["version"] = "t2"
        data["services"][0]["form"]["fields"][5]["visible_if"] = "nobody == 1"

    bad = tmp_path / "bad.json"
    bad.write_bytes(mini_catalog_bytes(break_it))
    assert main(["catalog", "--data-dir", str(tmp_path / "d"), "--install", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "事项 T-ALLOW（高龄津贴申领）字段 carer_phone" in err and "nobody" in err
    assert main(["catalog", "--json", "--data-dir", str(tmp_path / "d")]) == 0
    assert [r["code"] for r in _lines(capsys)] == ["T-ALLOW", "T-MED", "T-BUNDLE"]


def test_the_installed_console_script_runs(tmp_path):
    exe = shutil.which("kiosk", path=str(Path(sys.executable).parent))
    assert exe, "the kiosk console script is installed by `make setup`"
    done = subprocess.run(
        [exe, "--data-dir", str(tmp_path), "idcheck", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["valid"] is False


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path):
    # `kiosk idcheck ... | head -1`: far more output than a pipe buffer holds, reader gone.
    exe = shutil.which("kiosk", path=str(Path(sys.executable).parent))
    assert exe
    numbers = [synthetic_person(seed=i).id_number for i in range(4000)]
    proc = subprocess.Popen(
        [exe, "--data-dir", str(tmp_path), "idcheck", *numbers],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["valid"] is True
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err
