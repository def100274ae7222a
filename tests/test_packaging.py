"""What the installed package carries besides its modules."""

from __future__ import annotations

from importlib.resources import files


def test_package_is_marked_as_typed() -> None:
    """PEP 561: type checkers read komp's annotations when it is used as a library."""
    marker = files("kompetanse_cli").joinpath("py.typed")
    assert marker.is_file()
    assert marker.read_bytes() == b""


def test_scaffold_templates_are_package_data() -> None:
    """`komp init` reads its commented YAML templates from the package, also from a wheel."""
    folder = files("kompetanse_cli.init").joinpath("maler")
    names = sorted(entry.name for entry in folder.iterdir())
    assert names == [f"{kind}.yaml.j2" for kind in
                     ("behov", "forum", "partnerskap", "prioriteringer", "rapport", "tiltak")]
    for name in names:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        assert "\n# " in text  # commented for the reader of the written file
