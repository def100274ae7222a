"""The command line: exit statuses, output formats, selection of rules, the error boundary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, ForumFactory, run_komp

NORDLAND = EXAMPLES / "nordland"
SALTEN = "partnerskap/salten"


def _break_money(root: Path) -> int:
    """Write an amount as text; returns the line it is on."""
    path = root / SALTEN / "tiltak.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "tilskudd_eier: 700_000" in line)
    lines[index] = lines[index].replace("700_000", '"700 000 kr"')
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def test_version_is_printed_and_exits_zero() -> None:
    result = run_komp("--version")
    assert result.code == 0 and result.out.startswith("komp ")


def test_version_names_the_rule_data_it_carries() -> None:
    import tomllib

    from kompetanse_cli import __version__

    lines = run_komp("--version").out.splitlines()
    assert lines[0] == f"komp {__version__}"
    rules = tomllib.loads((ROOT / "src/kompetanse_cli/data/regelverk.toml").read_text("utf-8"))
    for regulation, table in rules["regelverk"].items():  # every regulation, with its schemes
        assert f"{regulation} ({', '.join(table['ordninger'])})" in lines[1]
    assert lines[2] == "kommuneliste: 2024"  # the year of data/kommuner-2024.csv
    assert run_komp("--debug", "--version").out.splitlines() == lines  # the typer path too


def test_clean_forum_exits_zero_with_a_norwegian_summary() -> None:
    result = run_komp("validate", NORDLAND)
    assert result.code == 0
    assert result.out.strip() == "Ingen feil i 15 filer."


def test_text_output_shows_the_line_a_marker_and_the_hint(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = forum()
    line = _break_money(root)
    monkeypatch.chdir(root.parent)
    result = run_komp("validate", "nordland")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith(f"nordland/{SALTEN}/tiltak.yaml:{line}:24: feil K103 ")
    assert lines[2].endswith('tilskudd_eier: "700 000 kr"')
    assert lines[3].endswith(" " * 23 + "^" * len('"700 000 kr"'))
    assert lines[4] == "  hint: skriv beløpet som et heltall uten mellomrom, «kr» og anførselstegn: 700000"
    assert "\033[" not in result.out  # no colours when not on a terminal
    assert lines[-1] == "Fant 1 feil, 0 advarsler i 15 filer."


@pytest.mark.parametrize(("environ", "coloured"), [
    ({"FORCE_COLOR": "1"}, True),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ({"NO_COLOR": "1"}, False),
])
def test_force_color_and_no_color_decide_the_colours(
        forum: ForumFactory, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str],
        coloured: bool) -> None:
    root = forum()
    _break_money(root)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    result = run_komp("validate", root)
    assert result.code == 1
    assert ("\033[1;31mfeil" in result.out) is coloured


def test_json_output_has_the_documented_shape(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = forum()
    line = _break_money(root)
    monkeypatch.chdir(root.parent)
    payload = run_komp("validate", "nordland", "--format", "json").json()
    assert payload["format_version"] == 1
    assert payload["summary"] == {"files": 15, "errors": 1, "warnings": 0, "infos": 0, "omitted": 0}
    (diagnostic,) = payload["diagnostics"]
    assert diagnostic == {
        "file": f"{SALTEN}/tiltak.yaml", "path": f"nordland/{SALTEN}/tiltak.yaml",
        "line": line, "column": 24, "end_line": line,
        "end_column": 36, "severity": "error", "code": "K103",
        "message": diagnostic["message"], "hint": diagnostic["hint"], "source": diagnostic["source"],
    }
    assert "700 000 kr" in diagnostic["message"] and "700000" in diagnostic["hint"]


def test_github_output_is_workflow_annotations(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = forum()
    line = _break_money(root)
    monkeypatch.chdir(root)
    result = run_komp("validate", ".", "--format", "github")
    assert result.code == 1
    assert result.out.startswith(
        f"::error file={SALTEN}/tiltak.yaml,line={line},col=24,endLine={line},endColumn=36,title=K103::")
    assert "%0Ahint: " in result.out


def test_warnings_pass_unless_strict(forum: ForumFactory) -> None:
    root = forum()
    path = root / SALTEN / "prioriteringer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("      - B5", "      - B3"),
                    encoding="utf-8")
    assert run_komp("validate", root).code == 0
    strict = run_komp("validate", root, "--strict")
    assert strict.code == 1 and "advarsel K206" in strict.out


def test_select_and_ignore_by_code_or_prefix(forum: ForumFactory) -> None:
    root = forum()
    _break_money(root)
    assert run_komp("validate", root, "--ignorer", "K103").code == 0
    assert run_komp("validate", root, "--ignorer", "K1").code == 0
    assert run_komp("validate", root, "--velg", "K2").code == 0
    assert run_komp("validate", root, "--velg", "K1,K2").code == 1


def test_one_partnership_alone(forum: ForumFactory) -> None:
    root = forum()
    _break_money(root)
    result = run_komp("validate", root / SALTEN, "--format", "json")
    assert result.code == 1
    assert [d["file"] for d in result.json()["diagnostics"]] == ["tiltak.yaml"]


def test_missing_path_is_a_usage_error() -> None:
    result = run_komp("validate", "/finnes/ikke")
    assert result.code == 2 and "finner ikke" in result.err


def test_a_folder_without_planning_files_is_a_usage_error(tmp_path: Path) -> None:
    result = run_komp("validate", tmp_path)
    assert result.code == 2 and "forum.yaml" in result.err


def test_schema_into_a_path_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "fil"
    target.write_text("x", encoding="utf-8")
    result = run_komp("schema", "--ut", target)
    assert result.code == 2 and "kan ikke skrive skjemaene" in result.err
    assert "ikke en mappe" in result.err and "File exists" not in result.err
    assert target.read_text(encoding="utf-8") == "x"
    dangling = tmp_path / "lenke"
    dangling.symlink_to(tmp_path / "finnes-ikke")
    linked = run_komp("schema", "--ut", dangling)
    assert linked.code == 2 and "ikke en mappe" in linked.err and "File exists" not in linked.err


def test_unknown_option_is_a_usage_error() -> None:
    assert run_komp("validate", "--finnes-ikke").code == 2
    assert run_komp("validate", NORDLAND, "--format", "xml").code == 2


def test_an_internal_error_is_one_line_and_exit_three(monkeypatch: pytest.MonkeyPatch) -> None:
    import kompetanse_cli.pipeline as engine

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("uventet")

    monkeypatch.setattr(engine, "validate", boom)
    result = run_komp("validate", NORDLAND)
    assert result.code == 3
    assert "intern feil" in result.err and "Traceback" not in result.err
    debug = run_komp("--debug", "validate", NORDLAND)
    assert debug.code == 3 and "Traceback" in debug.err


def test_an_error_from_the_operating_system_is_told_in_norwegian(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import kompetanse_cli.pipeline as engine

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "/planer/nordland/forum.yaml")

    monkeypatch.setattr(engine, "validate", refused)
    result = run_komp("validate", NORDLAND)
    assert result.code == 2
    assert result.err == "komp: ingen tilgang: «/planer/nordland/forum.yaml»\n"


def test_the_console_script_runs_from_a_fresh_process() -> None:
    result = subprocess.run([sys.executable, "-m", "kompetanse_cli", "validate", str(NORDLAND)],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Ingen feil" in result.stdout


def test_version_imports_nothing_heavy() -> None:
    code = ("import sys; from kompetanse_cli.cli import main; main(['--version']); "
            "print(sorted(m for m in ('pydantic', 'yaml', 'jinja2', 'stdnum', "
            "'kompetanse_cli.rules', 'kompetanse_cli.pipeline') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(("args", "message"), [
    (("validate", "--format"), "komp: valget --format trenger en verdi"),
    (("validate", NORDLAND, "--finnes-ikke"), "komp: ukjent valg --finnes-ikke"),
    (("valdate",), "komp: ukjent kommando «valdate» (mente du «validate»?)"),
    (("innstilling",), "komp: mangler FORUM"),
    (("validate", "--strict=ja"), "komp: valget --strict tar ingen verdi"),
    (("validate", "--form", "json"), "komp: ukjent valg --form (mente du --format?)"),
    (("--no-cache",), "komp: mangler kommando"),
    (("innstilling", NORDLAND, "--aar", "x"), "komp: --aar skal være et heltall"),
    (("innstilling", NORDLAND, "--maalform", "xx"),
     "komp: ugyldig verdi «xx» for --maalform; tillatt: nb, nn"),
    (("regler", "K401", "K402"), "komp: uventet argument: K402"),
    (("init",), "komp: mangler forum|partnerskap|rapport (velg forum, partnerskap, rapport)"),
])
def test_usage_errors_are_explained_in_norwegian(args: tuple[str, ...], message: str) -> None:
    result = run_komp(*args)
    assert result.code == 2
    assert result.err.strip().splitlines()[-1] == message
    assert "Error" not in result.err and "Usage" not in result.err


def test_every_reporter_is_a_validate_format() -> None:
    from kompetanse_cli.cli.options import Format
    from kompetanse_cli.reporters import REPORTER_BY_NAME

    assert [f.value for f in Format] == list(REPORTER_BY_NAME)
