"""The forum's documents: `komp innstilling`, `komp plan` and `komp oversikt`.

Golden files live in tests/golden/; `KOMP_UPDATE_GOLDEN=1 pytest tests/test_documents.py`
rewrites them (review the diff like code). The footer's git commit is kept out of them by
rendering with KOMP_UTEN_GIT=1, and komp's version is replaced by `<versjon>`.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import EXAMPLES, ForumFactory, run_komp
from kompetanse_cli import __version__
from kompetanse_cli.documents.markdown import block, inline
from kompetanse_cli.documents.render import bundled_templates

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("KOMP_UPDATE_GOLDEN", "") not in ("", "0")
NBSP = "\u00a0"

DOCUMENTS = [(example, kind, maalform)
             for example in ("nordland", "vestland-fyo")
             for kind in ("innstilling", "plan")
             for maalform in ("nb", "nn")]


@pytest.fixture(autouse=True)
def _no_git_in_footer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMP_UTEN_GIT", "1")


def render(*args: str | Path) -> str:
    result = run_komp(*args)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return result.out


_RENDERED: dict[tuple[str, str, str], str] = {}


def rendered(example: str, kind: str, maalform: str) -> str:
    """Each example document rendered once per test session (the documents tests stay fast)."""
    key = (example, kind, maalform)
    if key not in _RENDERED:
        _RENDERED[key] = render(kind, EXAMPLES / example, "--maalform", maalform)
    return _RENDERED[key]


# --- Markdown helpers ------------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable("table")


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def tables(text: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header first), found by markdown-it."""
    lines = text.splitlines()
    out = []
    for token in MD.parse(text):
        if token.type == "table_open":
            assert token.map is not None
            start, end = token.map
            rows = [lines[i] for i in range(start, end) if i != start + 1]
            out.append([split_row(row) for row in rows])
    return out


def split_row(row: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", row.strip())
    return [c.strip() for c in cells[1:-1]]


def table_with(text: str, *header: str) -> list[list[str]]:
    for table in tables(text):
        if table[0][: len(header)] == list(header):
            return table
    raise AssertionError(f"no table with header {header}")


def kroner(cell: str) -> int:
    """"**1 250 000 kr**" → 1250000."""
    digits = cell.replace("*", "").replace(NBSP, "").replace(" ", "").removesuffix("kr")
    return int(digits)


def assert_tables_well_formed(text: str) -> None:
    """Every table row has as many cells as its header, in the source and as markdown-it sees it."""
    lines = text.splitlines()
    found = 0
    for token in MD.parse(text):
        if token.type != "table_open":
            continue
        found += 1
        assert token.map is not None
        start, end = token.map
        header = unescaped_pipes(lines[start])
        for i in range(start, end):
            assert unescaped_pipes(lines[i]) == header, (lines[start], lines[i])
    assert found


# --- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize(("example", "kind", "maalform"), DOCUMENTS)
def test_document_matches_golden_file(example: str, kind: str, maalform: str) -> None:
    text = rendered(example, kind, maalform).replace(f"komp {__version__}", "komp <versjon>")
    golden = GOLDEN / f"{example}-{kind}-{maalform}.md"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden.name} mangler: kjør med KOMP_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(("example", "kind", "maalform"), DOCUMENTS)
def test_html_document_matches_golden_file(example: str, kind: str, maalform: str) -> None:
    text = render(kind, EXAMPLES / example, "--maalform", maalform, "--format", "html")
    text = text.replace(f"komp {__version__}", "komp <versjon>")
    golden = GOLDEN / f"{example}-{kind}-{maalform}.html"
    if UPDATE:
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden.name} mangler: kjør med KOMP_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(("example", "kind", "maalform"), DOCUMENTS)
def test_every_table_row_has_as_many_cells_as_its_header(
        example: str, kind: str, maalform: str) -> None:
    assert_tables_well_formed(rendered(example, kind, maalform))


def test_nynorsk_is_written_in_nynorsk() -> None:
    text = rendered("nordland", "innstilling", "nn")
    for word in ("Innstilling", "tiltak", "behov", "prioriteringane", "tilskot", "Eigendel",
                 "Avgjerda", "Samarbeidsforumet", "deltakarar", "Målgrupper", "lærarar"):
        assert word in text, word
    # the bokmål templates' own words (the users' text in the example is bokmål, and stays so)
    for phrase in ("**Eiere:**", "i tilskudd og", "**Egenandel 2027:**", " deltakere.",
                   "Forumets beslutning", "| lærere, ledere |", "Hvordan tiltakene"):
        assert phrase not in text, phrase
    assert "UTKAST" in _without_decision("nn")


_NO_DECISION: dict[str, str] = {}


def _without_decision(maalform: str) -> str:
    if maalform not in _NO_DECISION:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "nordland"
            shutil.copytree(EXAMPLES / "nordland", folder)
            edit(folder / "forum.yaml", "beslutning:\n  form: konsensus\n  dato: 2027-03-10\n", "")
            _NO_DECISION[maalform] = render("innstilling", folder, "--maalform", maalform)
    return _NO_DECISION[maalform]


def test_innstilling_without_decision_is_a_draft() -> None:
    text = _without_decision("nb")
    assert "**Status:** UTKAST" in text
    assert "ikke fattet beslutning" in text


# --- sums against the YAML -------------------------------------------------------------------


def amount(value: Any) -> int:
    return sum(value.values()) if isinstance(value, dict) else int(value or 0)


def expected_per_scheme(folder: Path, aar: int) -> tuple[dict[str, int], dict[str, int]]:
    """Requested and recommended kroner per scheme for `aar`, straight from the YAML files."""
    forum = yaml.safe_load((folder / "forum.yaml").read_text(encoding="utf-8"))
    changes = {(j["tiltak"], j["aar"]): j for j in forum.get("justeringer") or []}
    requested: dict[str, int] = {}
    recommended: dict[str, int] = {}
    for tiltak_file in sorted((folder / "partnerskap").glob("*/tiltak.yaml")):
        slug = tiltak_file.parent.name
        for tiltak in yaml.safe_load(tiltak_file.read_text(encoding="utf-8"))["tiltak"]:
            budget = tiltak["budsjett"].get(aar)
            if budget is None:
                continue
            eier, uh = budget.get("tilskudd_eier", 0), budget.get("tilskudd_uh", 0)
            scheme = tiltak["ordning"]
            requested[scheme] = requested.get(scheme, 0) + amount(eier) + amount(uh)
            change = changes.get((f"{slug}/{tiltak['id']}", aar))
            if change is not None:
                if change.get("avslaatt"):
                    eier = uh = 0
                eier = change.get("tilskudd_eier", eier)
                uh = change.get("tilskudd_uh", uh)
            recommended[scheme] = recommended.get(scheme, 0) + amount(eier) + amount(uh)
    return requested, recommended


SHORT = {"dekom": "DeKom", "rekom": "ReKom", "komsip": "KomSIP", "dekom_fyo": "DeKom FYO"}


@pytest.mark.parametrize("example", ["nordland", "vestland-fyo"])
def test_totals_equal_sums_computed_from_the_yaml(example: str) -> None:
    folder = EXAMPLES / example
    forum = yaml.safe_load((folder / "forum.yaml").read_text(encoding="utf-8"))
    aar = forum["aar"]
    requested, recommended = expected_per_scheme(folder, aar)
    text = rendered(example, "innstilling", "nb")

    frames = table_with(text, "Ordning", "Ramme", "Søkt", "Innstilt")
    rows = {row[0]: row for row in frames[1:]}
    for scheme in forum["ordninger"]:
        row = rows[SHORT[scheme]]
        assert kroner(row[1]) == forum["rammer"][scheme][aar]
        assert kroner(row[2]) == requested.get(scheme, 0)
        assert kroner(row[3]) == recommended.get(scheme, 0)
        assert kroner(row[4]) == forum["rammer"][scheme][aar] - recommended.get(scheme, 0)
    total = sum(recommended.values())
    assert kroner(rows["**Sum**"][3]) == total
    assert kroner(rows["**Sum**"][2]) == sum(requested.values())

    # the rows in italics under a recipient are its owners' parts, not recipients of their own
    recipients = [row for row in table_with(text, "Mottaker", "Org.nr.", "Rolle")
                  if not row[0].startswith("*–")]
    assert sum(kroner(row[-1]) for row in recipients[1:-1]) == total
    assert kroner(recipients[-1][-1]) == total
    for column in range(3, len(recipients[0]) - 1):
        assert sum(kroner(row[column]) for row in recipients[1:-1]) == kroner(
            recipients[-1][column])


def test_fyo_disponeringsplan_opens_with_the_share_of_the_county() -> None:
    text = rendered("vestland-fyo", "innstilling", "nb")
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections[0] == "1. Fordeling mellom fylkeskommunen og de øvrige aktørene"
    assert "4. Kjøp av kompetansetjenester" in sections
    share = table_with(text, "", "Andel etter planen")
    assert share[1][1] == f"40{NBSP}%"
    assert kroner(share[1][2]) == 1_680_000  # 40 % of 4 200 000 kr
    assert kroner(share[2][2]) == 2_520_000
    # tilskudd_eier goes to the county itself (the partnerships' one owner)
    assert kroner(share[1][3]) == 150_000 + 300_000 + 100_000 + 200_000 + 130_000 + 100_000
    assert kroner(share[3][3]) == 2_450_000


def test_innstilling_sections_come_in_the_order_of_the_design() -> None:
    text = rendered("nordland", "innstilling", "nb")
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections == [
        "1. Grunnlaget for prioriteringene", "2. Prioriterte tiltak",
        "3. Hvordan tiltakene oppfyller kriteriene", "4. Fordeling av midlene",
        "5. Forumets beslutning", "Vedlegg: Behov meldt fra partnerskapene"]
    assert text.startswith("# Innstilling 2027: Samarbeidsforum for lokal kompetanseutvikling")
    assert "**Status:** Samarbeidsforumet ble enig om innstillingen 10. mars 2027." in text
    assert "Statsforvalteren har ikke fattet vedtak ennå." in text
    assert f"8{NBSP}470{NBSP}000{NBSP}kr" in text
    # charts are tables in Markdown unless --mermaid asks for mermaid
    assert "```mermaid" not in text
    assert "**Innstilt per partnerskap 2027**" in text


def test_fyo_plan_has_the_three_elements_the_seed_requires() -> None:
    text = rendered("vestland-fyo", "plan", "nb")
    assert "## 3. Prioriterte tiltak, målgrupper og varighet" in text
    assert "## 4. Fordeling mellom fylkeskommunen og de øvrige aktørene" in text
    assert "## 5. Fylkeskommunens egenfinansiering" in text
    assert f"1{NBSP}500{NBSP}000{NBSP}kr" in text
    measures = table_with(text, "Tiltak", "Partnerskap", "Ordning", "Målgrupper")
    assert len(measures) == 1 + 6


# --- hostile text ----------------------------------------------------------------------------

HOSTILE = "Lesing | *fet* <script>alert(1)</script> {{ 7*7 }} _x_ `kode` [lenke](http://x)"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hostile_titles_are_shown_as_written_and_break_nothing(forum: ForumFactory) -> None:
    folder = forum("nordland")
    quoted = "'" + HOSTILE.replace("'", "''") + "'"
    edit(folder / "partnerskap/salten/tiltak.yaml", "tittel: Lesing i alle fag",
         f"tittel: {quoted}")
    edit(folder / "partnerskap/salten/behov.yaml", "tittel: Vurdering for læring",
         f"tittel: {quoted}")
    edit(folder / "partnerskap/salten/partnerskap.yaml", "navn: Kompetanseregion Salten",
         "navn: 'Salten | <b>fet</b>'")
    for maalform in ("nb", "nn"):
        text = render("innstilling", folder, "--maalform", maalform)
        assert_tables_well_formed(text)
        assert "49" not in text
        page = MD.render(text)
        assert "<script>" not in page
        assert "<b>" not in page
        assert "<em>fet</em>" not in page
        assert "<em>x</em>" not in page
        assert "<a href" not in page
        assert html.escape(HOSTILE, quote=False) in page
        assert html.escape("Salten | <b>fet</b>", quote=False) in page
        row = next(r for r in table_with(text, "Nr.", "Ordning", "Tiltak")[1:]
                   if "Lesing" in r[2])
        assert len(row) == 9
    assert_tables_well_formed(render("plan", folder))


def test_inline_escaping_keeps_text_as_written() -> None:
    for text in (HOSTILE, "- liste", "# overskrift", "> sitat", "a\\b", "&amp; &lt;", "1. ledd",
                 "~~gjennomstreket~~", "$x$", "<!-- kommentar -->"):
        page = MD.render(f"| a |\n| --- |\n| {inline(text)} |\n\n{block(text)}\n")
        assert page.count(html.escape(text, quote=False)) == 2, (text, page)
    assert inline("linje\nny linje") == "linje ny linje"
    assert block("ett\n\nto") == "ett\n\nto"


# --- the templates' sandbox and a county's own templates -------------------------------------


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__ }}",
    "{{ d.__class__.__init__.__globals__ }}",
    "{% for t in d.tiltak %}{{ t.tittel.__class__.__subclasses__() }}{% endfor %}",
])
def test_sandbox_refuses_templates_that_reach_for_python_internals(
        tmp_path: Path, template: str) -> None:
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "innstilling.md.j2").write_text(template, encoding="utf-8")
    result = run_komp("innstilling", EXAMPLES / "nordland", "--maler", tmp_path)
    assert result.code == 1
    assert "ikke er tillatt i maler" in result.err
    assert "innstilling.md.j2:1" in result.err
    assert "Traceback" not in result.err
    assert "intern feil" not in result.err
    assert result.out == ""


def test_a_broken_county_template_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "innstilling.md.j2").write_text("x\n{{ d.finnes_ikke }}\n{% if %}", "utf-8")
    result = run_komp("innstilling", EXAMPLES / "nordland", "--maler", tmp_path)
    assert result.code == 1
    assert "innstilling.md.j2:3: feil i malen" in result.err
    (tmp_path / "innstilling.md.j2").write_text("x\n{{ d.finnes_ikke }}\n", "utf-8")
    result = run_komp("innstilling", EXAMPLES / "nordland", "--maler", tmp_path)
    assert result.code == 1
    assert "innstilling.md.j2:2: malen bruker `finnes_ikke`, som ikke finnes" in result.err


def test_county_templates_override_and_fall_back_to_the_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "_bunntekst.md.j2").write_text("Fylkets egen bunntekst\n", "utf-8")
    (tmp_path / "innstilling.md.j2").write_text(
        "# {{ d.forum.navn }}: {{ d.sum_anbefalt|kr }}\n{% include '_bunntekst.md.j2' %}\n",
        "utf-8")
    text = render("innstilling", EXAMPLES / "nordland", "--maler", tmp_path)
    assert text == (f"# Samarbeidsforum for lokal kompetanseutvikling i Nordland: "
                    f"8{NBSP}470{NBSP}000{NBSP}kr\nFylkets egen bunntekst\n")
    plan = render("plan", EXAMPLES / "nordland", "--maler", tmp_path)
    assert plan.startswith("# Langsiktig plan 2026–2029")
    assert plan.endswith("Fylkets egen bunntekst\n")


def test_an_edited_county_template_is_compiled_again(tmp_path: Path) -> None:
    maler = tmp_path / "maler"
    maler.mkdir()
    template = maler / "innstilling.md.j2"
    template.write_text("Første: {{ d.forum.navn }}\n", "utf-8")
    assert render("innstilling", EXAMPLES / "nordland", "--maler", maler).startswith("Første: ")
    template.write_text("Andre: {{ d.forum.navn }}\n", "utf-8")
    assert render("innstilling", EXAMPLES / "nordland", "--maler", maler).startswith("Andre: ")


def test_bundled_templates_exist_for_both_maalformer() -> None:
    folder = bundled_templates()
    for maalform in ("nb", "nn"):
        for name in ("innstilling", "disponeringsplan", "plan", "kompetanseutviklingsplan"):
            assert (folder / maalform / f"{name}.md.j2").is_file()
    assert {p.name for p in (folder / "nb").iterdir()} == {
        p.name for p in (folder / "nn").iterdir()}


# --- output, errors and drafts ---------------------------------------------------------------


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "innstilling.md"
    result = run_komp("innstilling", EXAMPLES / "nordland", "-o", target)
    assert result.code == 0, result.err
    assert result.out == ""
    assert target.read_text(encoding="utf-8") == rendered("nordland", "innstilling", "nb")
    target.write_text("gammel", encoding="utf-8")
    assert run_komp("innstilling", EXAMPLES / "nordland", "-o", target).code == 0
    assert target.read_text(encoding="utf-8") == rendered("nordland", "innstilling", "nb")
    assert [p.name for p in target.parent.iterdir()] == ["innstilling.md"]


def broken(folder: Path) -> None:
    """Egenandel below 30 % for salten/T2 in 2027 (K401, an error)."""
    edit(folder / "partnerskap/salten/tiltak.yaml",
         "egenandel: 180_000  # 30 % av 600 000 kr", "egenandel: 10_000")


def test_errors_in_the_forum_refuse_the_document(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    broken(folder)
    target = tmp_path / "innstilling.md"
    result = run_komp("innstilling", folder, "-o", target)
    assert result.code == 1
    assert "K401" in result.err
    assert "--utkast" in result.err
    assert not target.exists()
    assert list(tmp_path.glob(".innstilling.md*")) == []
    assert run_komp("plan", folder).code == 1


def test_utkast_renders_with_a_banner_and_marked_rows(forum: ForumFactory) -> None:
    folder = forum("nordland")
    broken(folder)
    result = run_komp("innstilling", folder, "--utkast")
    assert result.code == 0, result.err
    assert "K401" in result.err
    assert "⚠ Utkast med feil" in result.out
    measures = table_with(result.out, "Nr.", "Ordning", "Tiltak")
    marked = [row[2] for row in measures[1:] if row[0].startswith("⚠")]
    assert marked
    assert all("Kompetanseregion Salten" in title for title in marked)
    assert_tables_well_formed(result.out)
    nn = run_komp("innstilling", folder, "--utkast", "--maalform", "nn")
    assert "⚠ Utkast med feil" in nn.out
    assert "ikkje er retta" in nn.out


def test_plan_without_plan_is_an_error(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = forum("nordland")
    text = (folder / "forum.yaml").read_text(encoding="utf-8")
    (folder / "forum.yaml").write_text(text[:text.index("\n# Langsiktig plan")] + "\n", "utf-8")
    monkeypatch.chdir(folder)
    result = run_komp("plan", ".")
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith("forum.yaml:") and " feil K102 forumet har ingen langsiktig plan" in first
    assert "  hint: legg til «plan:»" in result.err
    assert result.out == ""


def test_a_vote_is_shown_with_its_result(forum: ForumFactory) -> None:
    folder = forum("nordland")
    edit(folder / "forum.yaml", "  form: konsensus\n  dato: 2027-03-10\n",
         "  form: avstemming\n  dato: 2027-03-10\n  stemmer:\n"
         "    - medlem: Tor Erik Pedersen\n      stemme: for\n"
         "    - medlem: Marit Olsen\n      stemme: for\n"
         "    - medlem: Kristin Berg\n      stemme: mot\n"
         "    - medlem: Linda Eriksen\n      stemme: avstaar\n")
    text = render("innstilling", folder)
    assert "2 stemte for, 1 mot og 1 avsto" in text
    votes = table_with(text, "Medlem", "Organisasjon", "Stemme")
    assert votes[3] == ["Kristin Berg", "Steinerskolen i Bodø", "mot"]
    assert "2 røysta for, 1 mot og 1 avstod" in render("innstilling", folder, "--maalform", "nn")


def test_a_rejected_measure_is_listed_apart_and_left_out_of_the_sums(forum: ForumFactory) -> None:
    folder = forum("nordland")
    edit(folder / "forum.yaml", "justeringer:\n",
         "justeringer:\n  - tiltak: salten/T3\n    aar: 2027\n    avslaatt: true\n"
         "    begrunnelse: Skolen deltar i et nasjonalt program i 2027.\n")
    text = render("innstilling", folder)
    rejected = table_with(text, "Tiltak", "Ordning", "Søkt", "Begrunnelse")
    assert rejected[1][0] == "Vurdering for læring på Vestmyra skole (Kompetanseregion Salten)"
    assert kroner(rejected[1][2]) == 450_000
    _, recommended = expected_per_scheme(folder, 2027)
    frames = table_with(text, "Ordning", "Ramme", "Søkt", "Innstilt")
    assert kroner(frames[1][3]) == recommended["dekom"] == 4_070_000 - 450_000


def test_aar_option_renders_another_year() -> None:
    text = render("innstilling", EXAMPLES / "nordland", "--aar", "2028")
    assert text.startswith("# Innstilling 2028:")
    _, recommended = expected_per_scheme(EXAMPLES / "nordland", 2028)
    frames = table_with(text, "Ordning", "Ramme", "Søkt", "Innstilt")
    assert kroner(frames[-1][3]) == sum(recommended.values())


@pytest.mark.parametrize("args", [
    ("innstilling", "finnes-ikke"),
    ("innstilling", str(EXAMPLES / "nordland"), "--maalform", "se"),
    ("plan", str(EXAMPLES / "nordland" / "partnerskap" / "salten")),
    ("innstilling", str(EXAMPLES / "nordland"), "--maler", "finnes-ikke"),
])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run_komp(*args)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err


# --- footer and git ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git er ikke installert")
def test_footer_names_the_commit_and_uncommitted_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOMP_UTEN_GIT")
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "vestland-fyo", repo)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    git = ["git", "-c", "user.name=komp", "-c", "user.email=komp@example.org",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run([*git, "add", "."], cwd=repo, check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "forum"], cwd=repo, check=True, env=env)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, check=True,
                            capture_output=True, text=True, env=env).stdout.strip()
    text = render("plan", repo)
    assert text.endswith(f"*Laget med komp {__version__} fra commit {commit}.*\n")
    edit(repo / "forum.yaml", "aar: 2027", "aar: 2027  # endret")
    text = render("plan", repo)
    assert f"fra commit {commit} (med endringer som ikke er committet)" in text
    outside = tmp_path / "utenfor"
    shutil.copytree(EXAMPLES / "vestland-fyo", outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert render("plan", outside).endswith(f"*Laget med komp {__version__}.*\n")


# --- oversikt ---------------------------------------------------------------------------------


def test_oversikt_shows_frame_requested_and_recommended() -> None:
    result = run_komp("oversikt", EXAMPLES / "nordland")
    assert result.code == 0, result.err
    out = result.out
    for word in ("Ramme", "Søkt", "Innstilt", "Per partnerskap 2027", "Per mottaker 2027",
                 "Kompetanseregion Salten", "Nord universitet", "0 feil, 0 advarsler"):
        assert word in out, word
    assert f"4{NBSP}500{NBSP}000{NBSP}kr" in out
    assert f"4{NBSP}070{NBSP}000{NBSP}kr [90,4{NBSP}% av ramme]" in out
    assert "2028" in out
    only = run_komp("oversikt", EXAMPLES / "vestland-fyo", "--aar", "2028").out
    assert "2027" not in only.split("Per partnerskap")[0].split("oversikt 2028")[1]


def test_oversikt_counts_errors_and_exits_1(forum: ForumFactory) -> None:
    folder = forum("nordland")
    broken(folder)
    result = run_komp("oversikt", folder)
    assert result.code == 1
    assert "1 feil" in result.out
    assert "Status: utkast med feil" in result.out and "ingen beslutning" not in result.out


def test_oversikt_tells_the_forums_agreement_from_statsforvalterens_vedtak() -> None:
    status = [line for line in run_komp("oversikt", EXAMPLES / "nordland").out.splitlines()
              if line.startswith("Status:")]
    assert status == ["Status: samarbeidsforumet ble enig 10. mars 2027; Statsforvalteren har "
                      "ikke fattet vedtak ennå"]


def test_a_broken_forum_file_cannot_be_rendered_even_as_a_draft(forum: ForumFactory) -> None:
    folder = forum("nordland")
    edit(folder / "forum.yaml", "aar: 2027", "aar: tjuesyv")
    result = run_komp("innstilling", folder, "--utkast")
    assert result.code == 1
    assert "forum.yaml:" in result.err and "feil K103" in result.err  # the real finding first
    assert "komp: forum.yaml har feil (se over)" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_an_amount_map_splits_the_money_between_recipients(forum: ForumFactory) -> None:
    folder = forum("nordland")
    edit(folder / "partnerskap/salten/tiltak.yaml", "        tilskudd_eier: 450_000\n",
         '        tilskudd_eier:\n          "972418013": 300_000\n          "972418021": 150_000\n')
    text = render("innstilling", folder)
    recipients = {row[0]: row for row in table_with(text, "Mottaker", "Org.nr.", "Rolle")[1:]}
    assert kroner(recipients["Fauske kommune"][4]) == 150_000  # ReKom column
    assert kroner(recipients["Bodø kommune"][4]) == 450_000 - 150_000
    assert kroner(recipients["**Sum**"][-1]) == 8_470_000


def test_huge_numbers_are_refused_before_they_reach_a_document(forum: ForumFactory) -> None:
    root = forum("nordland")
    path = root / "partnerskap" / "salten" / "tiltak.yaml"
    text = path.read_text(encoding="utf-8").replace("antall: 85", "antall: " + "9" * 30, 1)
    path.write_text(text, encoding="utf-8")
    for command in ("innstilling", "plan", "oversikt"):
        result = run_komp(command, root)
        assert result.code == 1, (command, result.err)
        assert "intern feil" not in result.err
    draft = run_komp("innstilling", root, "--utkast")
    assert draft.code == 0 and "intern feil" not in draft.err
    assert "9" * 30 not in draft.out  # the broken measure's number is not printed as a sum


def test_a_county_template_cannot_build_a_huge_text(tmp_path: Path) -> None:
    (tmp_path / "plan.md.j2").write_text("{{ 'a' * 10**9 }}{{ [1] * 10**8 }}\n", "utf-8")
    result = run_komp("plan", EXAMPLES / "nordland", "--maler", tmp_path)
    assert result.code == 1
    assert "svært stor tekst eller liste" in result.err and "intern feil" not in result.err


def test_a_county_template_that_includes_itself_is_stopped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kompetanse_cli.documents.render as render_module

    monkeypatch.setattr(render_module, "MAX_SECONDS", 1)
    (tmp_path / "plan.md.j2").write_text("x{% include 'plan.md.j2' %}\n", "utf-8")
    result = run_komp("plan", EXAMPLES / "nordland", "--maler", tmp_path)
    assert result.code == 1
    assert "include" in result.err and "intern feil" not in result.err


def test_innstilling_shows_each_measures_focus_areas_and_the_plan_the_measures_of_each() -> None:
    innstilling = rendered("nordland", "innstilling", "nb")
    section = innstilling.split("\n### 1. ", 1)[1].split("\n### ", 1)[0]
    assert "- **Fokusområder:** Grunnleggende ferdigheter og vurdering for læring\n" in section
    plan = rendered("nordland", "plan", "nb")
    tokens = MD.parse(plan)
    area: str | None = None
    serving: dict[str, list[str]] = {}
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h3":
            area = tokens[i + 1].content
        elif token.type == "inline" and area and tokens[i - 2].type == "list_item_open":
            serving.setdefault(area, []).append(token.content)
    assert "Språkmiljø i barnehagen (Kompetanseregion Salten)" in serving[
        "Språkmiljø og lek i barnehagen"]
    # the coordination measure serves two areas and is listed under both
    both = "Koordinering av kompetanseregionen (Kompetanseregion Helgeland)"
    assert both in serving["Inkluderende fellesskap"]
    assert both in serving["Grunnleggende ferdigheter og vurdering for læring"]


def test_fyo_documents_say_the_forum_adopts_the_plan_in_good_nynorsk_and_bokmaal() -> None:
    for maalform in ("nb", "nn"):
        disponering = rendered("vestland-fyo", "innstilling", maalform)
        assert "Samarbeidsforumet vedtok disponeringsplanen (konsensus)" in disponering
        members = table_with(disponering, "Navn" if maalform == "nb" else "Namn", "Rolle")
        assert members[-1][1].endswith("(observatør)")
        plan = rendered("vestland-fyo", "plan", maalform)
        assert plan.count("Dette er ") >= 1
    nynorsk = rendered("vestland-fyo", "plan", "nn") + rendered("vestland-fyo", "innstilling", "nn")
    assert "andelsmessige disponeringa" not in nynorsk
    assert "forumet vart samde" not in nynorsk
