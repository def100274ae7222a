"""Filen er ikke gyldig YAML.

Hva: komp leser hver planfil med en YAML-parser. Finner parseren en feil (ujevnt innrykk, et
kolon som ikke kan stå der, en tekst som ikke er lukket), rapporteres den på plassen parseren
stoppet.

Hvorfor: resten av kontrollene trenger innholdet; en fil som ikke kan leses, kan ikke vurderes.

Bestått:
    tittel: "Lesing: nøkkel til læring"

Feiler:
    tittel: Lesing: nøkkel til læring
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Severity, Span

CODE = "K001"
SEVERITY = Severity.ERROR
TITLE = "filen er ikke gyldig YAML"
SOURCE = "YAML 1.2 (yaml.org/spec/1.2.2)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")

# libyaml's problems, in the user's language. Matched by prefix; the original is kept as the
# diagnostic's detail (`komp --debug validate` shows it).
PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("mapping values are not allowed", "et kolon står der det ikke kan stå",
     "sjekk innrykket, eller sett teksten i anførselstegn hvis den inneholder «: »"),
    ("block sequence entries are not allowed", "et listepunkt («- ») står der det ikke kan stå",
     "sjekk innrykket: listepunktene skal stå under nøkkelen de hører til"),
    ("could not find expected ':'", "fant ikke kolonet etter en nøkkel",
     "skriv nøkkel og verdi som «nøkkel: verdi», eller sett lange tekster i anførselstegn"),
    ("did not find expected key", "fant ikke forventet nøkkel: innrykket er ujevnt",
     "sjekk at nøklene i samme mapping står med like mange mellomrom foran"),
    ("did not find expected '-' indicator", "fant ikke forventet listepunkt («- »)",
     "sjekk at alle punkter i listen står med samme innrykk"),
    ("did not find expected node content", "fant ikke forventet verdi",
     "skriv en verdi etter kolonet, eller sett teksten i anførselstegn"),
    ("did not find expected ',' or ']'", "en liste i hakeparenteser er ikke lukket",
     "avslutt listen med «]», og skill elementene med komma"),
    ("did not find expected ',' or '}'", "en mapping i krøllparenteser er ikke lukket",
     "avslutt med «}», og skill parene med komma"),
    ("found character that cannot start any token", "et tegn her kan ikke starte en verdi",
     "sett teksten i anførselstegn hvis den begynner med @, ` eller et annet spesialtegn"),
    ("found a tab character", "tabulator brukt til innrykk",
     "bruk mellomrom, ikke tabulator, til innrykk"),
    ("found unexpected end of stream", "filen slutter midt i en verdi",
     "lukk anførselstegnet eller parentesen som er åpnet"),
    ("found unknown escape character", "ukjent escape-sekvens (\\) i tekst med doble anførselstegn",
     "bruk enkle anførselstegn, eller skriv \\\\ for en omvendt skråstrek"),
    ("did not find expected comment or line break", "uventet tekst etter en verdi",
     "sett hele teksten i anførselstegn, eller start kommentaren med « #»"),
    ("did not find expected whitespace or line break", "mangler mellomrom eller linjeskift",
     "sett et mellomrom etter kolon og bindestrek"),
    ("found unexpected document indicator", "uventet dokumentskille («---» eller «...»)",
     "fjern linjen; en planfil inneholder bare ett dokument"),
    ("exceeded maximum nesting depth", "strukturen er nøstet for dypt",
     "planfiler trenger bare noen få nivåer; sjekk parentesene og innrykket"),
    ("found undefined tag handle", "ukjent YAML-tagg",
     "fjern taggen («!…»); planfiler bruker ikke tagger"),
    ("did not find expected <document start>", "uventet innhold etter dokumentet",
     "sjekk innrykket; en planfil er én mapping med nøkler i venstre marg"),
    ("did not find expected alphabetic or numeric character", "ugyldig anker, alias eller tagg",
     "planfiler bruker ikke & og *; sett teksten i anførselstegn hvis den starter med & eller *"),
    ("found undefined alias", "ukjent alias («*»)",
     "planfiler bruker ikke aliaser; sett teksten i anførselstegn hvis den starter med *"),
    ("found duplicate anchor", "ankeret («&») er definert to ganger",
     "planfiler bruker ikke ankere og aliaser"),
    ("found incompatible YAML document", "ukjent YAML-versjon i %YAML-direktivet",
     "fjern %YAML-linjen øverst i filen"),
    ("found duplicate", "et direktiv («%») står to ganger", "fjern direktivlinjene øverst i filen"),
    ("found unexpected ':'", "et kolon står der det ikke kan stå",
     "sett teksten i anførselstegn hvis den inneholder kolon"),
    ("could not find expected", "uventet tegn", "sjekk innrykk, kolon og anførselstegn her"),
    ("found", "uventet tegn", "sjekk innrykk, kolon og anførselstegn her"),
    ("did not find", "uventet innhold", "sjekk innrykk, kolon og anførselstegn her"),
)


def diagnostic(file: str, span: Span, problem: str) -> Diagnostic:
    """K001 for libyaml's `problem` where it stopped, in Norwegian; libyaml's words as detail."""
    for prefix, norsk, hint in PROBLEMS:
        if problem.startswith(prefix):
            return Diagnostic(file, span, SEVERITY, CODE, f"ugyldig YAML: {norsk}", hint, SOURCE,
                              f"libyaml: {problem}")
    return Diagnostic(file, span, SEVERITY, CODE, "ugyldig YAML her",
                      "sjekk innrykk, kolon og anførselstegn her", SOURCE, f"libyaml: {problem}")


def not_formatted(file: str, span: Span | None, message: str, detail: str) -> Diagnostic:
    """K001 for a file `komp fmt` cannot put in canonical layout (`message`, in Norwegian)."""
    return Diagnostic(file, span, SEVERITY, CODE, message,
                      "rett filen for hånd, eller meld fra om feilen i komp", SOURCE, detail)
