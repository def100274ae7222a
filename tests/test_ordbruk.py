"""Who decides what, in the documents' own words, in bokmål and nynorsk.

In DeKom, ReKom and KomSIP the forum agrees on an innstilling (its `beslutning`) and
Statsforvalteren makes the vedtak; in DeKom FYO the forum adopts (vedtar) the disponeringsplan
and the county disposes of the money by it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import run_komp

# The forum making a vedtak (DeKom, ReKom, KomSIP: only Statsforvalteren does)
FORUM_VEDTAK = {
    "nb": re.compile(r"[Ff]orumet (har )?(ennå )?(ikke )?(vedtatt|vedtok|fattet vedtak)|"
                     r"Status:\*\* Vedtatt|Forumets vedtak"),
    "nn": re.compile(r"[Ff]orumet (har )?(enno )?(ikkje )?(vedteke|vedtok|gjort vedtak)|"
                     r"Status:\*\* Vedteken|Vedtaket (i|til) forumet|viser ikkje noko vedtak"),
}
AGREED = {"nb": "Samarbeidsforumet ble enig om innstillingen 10. mars 2027.",
          "nn": "Samarbeidsforumet vart einig om innstillinga 10. mars 2027."}
ADOPTED = {"nb": "Samarbeidsforumet vedtok disponeringsplanen 5. mars 2027, og fylkeskommunen "
                 "disponerer midlene etter den.",
           "nn": "Samarbeidsforumet vedtok disponeringsplanen 5. mars 2027, og fylkeskommunen "
                 "disponerer midlane etter han."}
NOT_YET = {("nordland", "nb"): "samarbeidsforumet har ikke fattet beslutning",
           ("nordland", "nn"): "samarbeidsforumet har ikkje teke avgjerd",
           ("vestland-fyo", "nb"): "samarbeidsforumet har ikke vedtatt disponeringsplanen",
           ("vestland-fyo", "nn"): "samarbeidsforumet har ikkje vedteke disponeringsplanen"}


def innstilling(folder: Path, maalform: str, *extra: str) -> str:
    result = run_komp("innstilling", folder, "--maalform", maalform, *extra)
    assert result.code == 0, result.err
    return " ".join(result.out.split())


def without_decision(folder: Path) -> None:
    path = folder / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("beslutning:\n")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end + 2:], encoding="utf-8")


@pytest.mark.parametrize("maalform", ["nb", "nn"])
def test_the_dekom_forum_agrees_and_statsforvalteren_decides(forum: Any, maalform: str) -> None:
    folder = forum("nordland")
    text = innstilling(folder, maalform)
    assert AGREED[maalform] in text
    assert not FORUM_VEDTAK[maalform].search(text), FORUM_VEDTAK[maalform].search(text)
    without_decision(folder)
    draft = innstilling(folder, maalform)
    assert NOT_YET[("nordland", maalform)] in draft
    assert not FORUM_VEDTAK[maalform].search(draft), FORUM_VEDTAK[maalform].search(draft)


@pytest.mark.parametrize("maalform", ["nb", "nn"])
def test_the_fyo_forum_adopts_the_plan_and_the_county_disposes(forum: Any, maalform: str) -> None:
    folder = forum("vestland-fyo")
    assert ADOPTED[maalform] in innstilling(folder, maalform)
    without_decision(folder)
    assert NOT_YET[("vestland-fyo", maalform)] in innstilling(folder, maalform)


def test_oversikt_uses_the_same_words(forum: Any) -> None:
    fyo = run_komp("oversikt", forum("vestland-fyo"))
    assert fyo.code == 0, fyo.err
    assert ("Status: samarbeidsforumet vedtok disponeringsplanen 5. mars 2027, og "
            "fylkeskommunen disponerer midlene etter den") in " ".join(fyo.out.split())
