"""What the installed package carries besides its modules."""

from __future__ import annotations

from importlib.resources import files


def test_package_is_marked_as_typed() -> None:
    """PEP 561: type checkers read komp's annotations when it is used as a library."""
    marker = files("kompetanse_cli").joinpath("py.typed")
    assert marker.is_file()
    assert marker.read_bytes() == b""
