"""What keeps a large forum's memory small: no value is held twice where one object will do."""

from __future__ import annotations

from pathlib import Path

from kompetanse_cli.diagnostics import Span
from kompetanse_cli.domain.models import Periode, Tiltak
from kompetanse_cli.pipeline.load import load_bytes

TILTAK = b"""tiltak:
  - id: T1
    tittel: Lesing
    ordning: dekom
    type: kurs
    prioriteringer: [P1]
    maalgrupper: [laerere]
    periode: {fra: 2027, til: 2028}
    budsjett: {2027: {tilskudd_eier: 100}}
"""


def test_keys_and_short_values_of_different_files_are_one_string_each() -> None:
    first = load_bytes("a.yaml", TILTAK).data["tiltak"][0]
    second = load_bytes("b.yaml", TILTAK).data["tiltak"][0]
    assert first == second
    for (key_a, value_a), (key_b, value_b) in zip(first.items(), second.items(), strict=True):
        assert key_a is key_b
        if isinstance(value_a, str):
            assert value_a is value_b


def test_models_that_wrote_the_same_fields_share_one_set_and_a_copy_gets_its_own() -> None:
    entry = load_bytes("t.yaml", TILTAK).data["tiltak"][0]
    one, other = Tiltak.model_validate(entry), Tiltak.model_validate(dict(entry, id="T2"))
    assert one.model_fields_set is other.model_fields_set
    assert one.periode.model_fields_set is other.periode.model_fields_set == {"fra", "til"}
    assert one.model_fields_set != Periode.model_validate({"fra": 2027, "til": 2027}).model_fields_set
    changed = one.model_copy(update={"studiepoeng": 15})
    assert "studiepoeng" in changed.model_fields_set
    assert "studiepoeng" not in other.model_fields_set


def test_a_clean_file_kept_by_the_cache_reads_back_with_the_same_strings() -> None:
    import pickle

    from kompetanse_cli.domain.planfiles import KIND_BY_NAME
    from kompetanse_cli.pipeline.schema import check_file

    checked = check_file(KIND_BY_NAME["tiltak"], load_bytes("a.yaml", TILTAK))
    back = pickle.loads(pickle.dumps(checked, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.loaded.data == checked.loaded.data and len(back.items) == 1
    fresh = load_bytes("b.yaml", TILTAK).data["tiltak"][0]
    assert all(a is b for a, b in zip(back.loaded.data["tiltak"][0], fresh, strict=True))


def test_a_file_read_from_disk_is_not_held_and_has_positions_while_it_is_unchanged(
        tmp_path: Path) -> None:
    from kompetanse_cli.pipeline.load import read_file

    path = tmp_path / "tiltak.yaml"
    path.write_bytes(TILTAK)
    loaded = read_file("tiltak.yaml", path)
    assert not isinstance(loaded.source_map._raw, bytes)
    assert loaded.source_map.locate(("tiltak", 0, "type")) == Span(5, 11, 5, 15)
    path.write_bytes(TILTAK.replace(b"Lesing", b"Skriving"))
    changed = read_file("tiltak.yaml", path)
    path.write_bytes(TILTAK)
    assert changed.source_map.locate(("tiltak", 0, "type")) is None  # not these bytes: none


def test_packed_data_reads_back_the_same_and_only_the_last_few_stay_unpacked() -> None:
    from kompetanse_cli.pipeline import load

    files = [load_bytes(f"p{i}/tiltak.yaml", TILTAK) for i in range(load._KEEP_UNPACKED + 2)]
    expected = files[0].data
    for loaded in files:
        loaded.pack()
        assert loaded._data is load._PACKED
    assert files[0].data == expected  # unpacked when asked for
    for loaded in files[1:]:
        assert loaded.data == expected
    assert files[0]._data is load._PACKED  # the oldest unpacked is packed again
    assert files[-1]._data is not load._PACKED
    odd = load.LoadedFile("x.yaml", {"a": object()}, load.SourceMap(), [])
    odd.pack()  # marshal cannot write it: kept as it is
    assert odd._data is not load._PACKED and "a" in odd.data
