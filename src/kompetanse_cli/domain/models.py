"""The five kinds of planning file as pydantic models; field names mirror the YAML keys.

Descriptions are Norwegian: they become the documentation in the exported JSON Schemas that
editors show while the user types.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from .fieldtypes import (
    Aar,
    Antall,
    Commit,
    Dato,
    Fylkesnummer,
    Id,
    JaNei,
    Kommunenummer,
    Kroner,
    KronerEllerFordeling,
    Orgnr,
    Prosent,
    Rang,
    Tekst,
    UtfyltTekst,
    choice,
)
from .lokale_regler import ALVOR, PARAMETRE, rule_codes

ORDNINGER = ("dekom", "rekom", "komsip", "dekom_fyo")
ROLLER = (
    "statsforvalter", "offentlig_eier", "privat_eier", "barnehagemyndighet", "uh", "ks", "pbl",
    "laererorganisasjon", "annen_organisasjon", "statped", "fylkeskommune",
    "arbeidsgiverorganisasjon", "arbeidstakerorganisasjon", "yrkesopplaeringsnemnd", "privat_vgs",
    "kompetansetilbyder", "annen",
)
EIERTYPER = ("kommune", "fylkeskommune", "privat")
ENHETSTYPER = ("barnehage", "grunnskole", "vgs", "ppt", "laerebedrift", "opplaeringskontor", "annen")
TILBYDERTYPER = ("bedrift", "bransje", "uh", "fagskole", "fylkeskommune", "annen")
GRUNNLAG = ("staastedsanalyse", "kartlegging", "tilstandsrapport", "medarbeidersamtaler", "annet")
VURDERT_AV = ("ansatte", "ledere", "tillitsvalgte", "eier", "uh")
TILTAKSTYPER = (
    "barnehagebasert", "skolebasert", "nettverk", "kartlegging", "planlegging", "koordinering",
    "hospitering", "kurs", "individuell_videreutdanning", "annet",
)
MAALGRUPPER = (
    "laerere", "ledere", "barnehagelaerere", "andre_ansatte", "ppt", "eiere", "yrkesfaglaerere",
    "instruktoerer", "faglige_ledere", "proevenemndsmedlemmer", "andre",
)
EGENANDEL_FORMER = ("kontant", "arbeidstid", "blandet")
ARBEIDSLIV_ENHETER = ("laerebedrift", "opplaeringskontor")
"""Unit types that are working life: they take part in their own right, without an owner."""
RAPPORTSTATUSER = ("gjennomfoert", "delvis", "utsatt", "avlyst")

Ordning = choice(*ORDNINGER)


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


class Modell(BaseModel):
    """Base of every planning-file model: unknown keys are errors, values are never coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def model_post_init(self, context: Any, /) -> None:
        # Each instance keeps the set of the fields its file wrote (`model_fields_set`); the
        # same few sets recur in every entry of every file, and were a third of a forum's
        # models. Equal sets are one object: a frozen model never changes its set, and a
        # copy gets a set of its own.
        written = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(written), written)
        if shared is not written:
            object.__setattr__(self, "__pydantic_fields_set__", shared)


# --- shared pieces ---------------------------------------------------------------------------


class Organisasjon(Modell):
    """En organisasjon med navn og organisasjonsnummer."""

    navn: Tekst = Field(description="Organisasjonens navn.")
    orgnr: Orgnr = Field(description="Organisasjonsnummer, ni sifre (Enhetsregisteret).")


class Periode(Modell):
    """Et tidsrom i hele år, begge inkludert."""

    fra: Aar = Field(description="Første år (inkludert).")
    til: Aar = Field(description="Siste år (inkludert).")


# --- forum.yaml ------------------------------------------------------------------------------


class Medlem(Modell):
    """Et medlem av samarbeidsforumet."""

    navn: Tekst = Field(description="Medlemmets navn, slik det brukes i `beslutning.stemmer`.")
    rolle: choice(*ROLLER) = Field(description="Rollen medlemmet har i forumet.")  # type: ignore[valid-type]
    orgnr: Orgnr | None = Field(None, description="Organisasjonsnummeret medlemmet representerer.")
    organisasjon: Tekst | None = Field(None, description="Organisasjonen medlemmet representerer.")


class Stemme(Modell):
    """Ett medlems stemme i en avstemming."""

    medlem: Tekst = Field(description="Medlemmets navn, som i `medlemmer`.")
    stemme: choice("for", "mot", "avstaar") = Field(  # type: ignore[valid-type]
        description="`for`, `mot` eller `avstaar`.")


class Beslutning(Modell):
    """Forumets beslutning om innstillingen. Uten den er innstillingen et utkast."""

    form: choice("konsensus", "avstemming") = Field(  # type: ignore[valid-type]
        description="`konsensus` (felles innstilling) eller `avstemming`.")
    dato: Dato = Field(description="Dato for beslutningen (ÅÅÅÅ-MM-DD).")
    stemmer: list[Stemme] | None = Field(None, description="Stemmene, ved avstemming.")


class Frister(Modell):
    """Forumets frister. Standard: 1. februar, 15. mars og 15. januar året etter."""

    behovsmelding: Dato | None = Field(None, description="Frist for å melde behov.")
    innstilling: Dato | None = Field(None, description="Frist for innstillingen.")
    rapportering: Dato | None = Field(None, description="Frist for eiernes rapportering.")


class Justering(Modell):
    """Forumets endring av det et partnerskap har søkt om for ett tiltak og ett år."""

    tiltak: Tekst = Field(description="`<partnerskap>/<tiltak-id>`, f.eks. `salten/T2`.")
    aar: Aar = Field(description="Året justeringen gjelder.")
    tilskudd_eier: KronerEllerFordeling | None = Field(
        None, description="Nytt tilskudd til eier (hele kroner, eller fordelt per orgnr).")
    tilskudd_uh: KronerEllerFordeling | None = Field(
        None, description="Nytt tilskudd til UH (hele kroner, eller fordelt per orgnr).")
    avslaatt: JaNei | None = Field(None, description="`true` når tiltaket ikke innstilles dette året.")
    begrunnelse: Tekst = Field(description="Hvorfor forumet endrer søknaden.")


class Tildeling(Modell):
    """Det Statsforvalteren tildeler én mottaker i én ordning."""

    mottaker: Orgnr = Field(description="Organisasjonsnummeret til mottakeren (eier, UH eller tilbyder).")
    ordning: Ordning = Field(description="Ordningen tildelingen gjelder.")  # type: ignore[valid-type]
    beloep: Kroner = Field(description="Tildelt beløp i hele kroner.")


class Vedtak(Modell):
    """Statsforvalterens vedtak om tildelingen for ett år, på grunnlag av innstillingen."""

    aar: Aar = Field(description="Tildelingsåret vedtaket gjelder.")
    dato: Dato = Field(description="Dato for vedtaket (ÅÅÅÅ-MM-DD).")
    saksnummer: Tekst = Field(description="Saksnummeret hos Statsforvalteren, f.eks. «2026/1234».")
    som_innstilt: JaNei | None = Field(
        None, description="`true` når Statsforvalteren tildelte det forumet innstilte.")
    tildelinger: list[Tildeling] | None = Field(
        None, description="Tildelt beløp per mottaker og ordning, når vedtaket ikke er som innstilt.")
    begrunnelse: Tekst | None = Field(
        None, description="Hvorfor vedtaket avviker fra innstillingen.")
    grunnlag: Commit | None = Field(
        None, description="Git-commiten innstillingen ble laget fra (står nederst i dokumentet).")


class Fokusomraade(Modell):
    """Et fokusområde i den langsiktige planen."""

    navn: Tekst = Field(description="Fokusområdets navn.")
    beskrivelse: Tekst | None = Field(None, description="Hva fokusområdet innebærer.")


class Egenfinansiering(Modell):
    """Fylkeskommunens egenfinansiering (DeKom FYO)."""

    beskrivelse: Tekst = Field(description="Egne midler og/eller ressursstilling.")
    beloep: Kroner | None = Field(None, description="Beløp i hele kroner, om det er kjent.")


class Plan(Modell):
    """Forumets langsiktige plan (for DeKom FYO: kompetanseutviklingsplanen)."""

    periode: Periode = Field(description="Planperioden i hele år.")
    bakgrunn: Tekst | None = Field(None, description="Bakgrunn for planen.")
    fokusomraader: list[Fokusomraade] | None = Field(None, description="Planens fokusområder.")
    organisering: Tekst | None = Field(None, description="Hvordan arbeidet er organisert.")
    fordelingsprinsipper: Tekst | None = Field(None, description="Prinsipper for fordeling av midlene.")
    evaluering: Tekst | None = Field(None, description="Hvordan tiltakene evalueres.")
    samiske_perspektiver: Tekst | None = Field(None, description="Hvordan samiske perspektiver ivaretas.")
    andel_fylkeskommune: Prosent | None = Field(
        None, description="DeKom FYO: prosent av rammen fylkeskommunen disponerer selv.")
    egenfinansiering: Egenfinansiering | None = Field(
        None, description="DeKom FYO: fylkeskommunens egenfinansiering.")


class Regelinnstilling(Modell):
    """Forumets egen vurdering av én regel: alvor, begrunnelse og parametre."""

    alvor: choice(*ALVOR) | None = Field(  # type: ignore[valid-type]
        None, description="Alvoret forumet gir regelen: `feil`, `advarsel`, `info` eller `av`. "
        "Regler retningslinjene gjør til krav, kan ikke gjøres mildere (K419).")
    begrunnelse: UtfyltTekst = Field(
        description="Hvorfor forumet vurderer regelen slik; står i innstillingen.")


_PARAMETER_TYPES: dict[str, Any] = {"prosent": Prosent, "kroner": Kroner, "antall": Antall}


def _setting_model(code: str) -> Any:
    """The model of one code's setting: the shared one, or one with the rule's parameters."""
    parameters = PARAMETRE.get(code)
    if not parameters:
        return Regelinnstilling
    fields: dict[str, Any] = {
        p.navn: (_PARAMETER_TYPES[p.art] | None, Field(None, description=p.beskrivelse))
        for p in parameters}
    name = f"Regelinnstilling{code}"
    model = create_model(name, __base__=Regelinnstilling, __module__=__name__,
                         __doc__=f"Forumets vurdering av {code}, med regelens parametre.",
                         **fields)
    globals()[name] = model  # found by name when the cache pickles a checked forum.yaml
    return model


_CODE_FIELDS: dict[str, Any] = {  # a code left empty (`K409:`) is a mistake, not "unchanged"
    code: (_setting_model(code),
           Field(None, description=f"Forumets vurdering av {code} (`komp regler {code}`)."))
    for code in rule_codes()}
Regler: Any = create_model(
    "Regler", __base__=Modell, __module__=__name__,
    __doc__="Forumets egne vurderinger av reglene, per regelkode (se `komp regler`).",
    **_CODE_FIELDS)


class Forum(Modell):
    """Samarbeidsforumet: fylke, ordninger, medlemmer, rammer, beslutning og langsiktig plan."""

    navn: Tekst = Field(description="Forumets navn.")
    fylke: Fylkesnummer = Field(description="Fylkesnummer med to sifre, f.eks. \"18\".")
    ordninger: list[Ordning] = Field(min_length=1, description="Ordningene forumet behandler.")  # type: ignore[valid-type]
    aar: Aar = Field(description="Tildelingsåret innstillingen gjelder.")
    sekretariat: Tekst | None = Field(None, description="F.eks. «Statsforvalteren i Nordland».")
    fylkeskommune: Organisasjon | None = Field(
        None, description="DeKom FYO: fylkeskommunen som mottar midlene.")
    rammer: dict[Ordning, dict[Aar, Kroner]] | None = Field(  # type: ignore[valid-type]
        None, description="Tildelt ramme per ordning og år, i hele kroner.")
    medlemmer: list[Medlem] = Field(description="Forumets medlemmer med rolle.")
    beslutning: Beslutning | None = Field(None, description="Forumets beslutning om innstillingen.")
    vedtak: list[Vedtak] | None = Field(
        None, description="Statsforvalterens vedtak, ett per år.")
    ubrukte_midler: choice("tilbakebetales", "overfoeres") | None = Field(  # type: ignore[valid-type]
        None, description="Hva som skjer med ubrukte midler: `tilbakebetales` (standard) eller "
                          "`overfoeres` til neste år.")
    frister: Frister | None = Field(None, description="Frister for behov, innstilling og rapport.")
    justeringer: list[Justering] | None = Field(
        None, description="Forumets endringer i det partnerskapene har søkt om.")
    plan: Plan | None = Field(None, description="Den langsiktige planen.")
    regler: Regler | None = Field(
        None, description="Forumets egne vurderinger av reglene: alvor, begrunnelse og "
        "parametre, per regelkode.")


# --- partnerskap.yaml ------------------------------------------------------------------------


class Eier(Modell):
    """En barnehage-, skole- eller lærebedriftseier i partnerskapet."""

    navn: Tekst = Field(description="Eierens navn, f.eks. «Bodø kommune».")
    orgnr: Orgnr = Field(description="Eierens organisasjonsnummer.")
    type: choice(*EIERTYPER) = Field(description="`kommune`, `fylkeskommune` eller `privat`.")  # type: ignore[valid-type]
    kommunenummer: Kommunenummer | None = Field(
        None, description="Kommunenummer med fire sifre (2024), for en kommune.")


class Enhet(Modell):
    """En barnehage, skole, PPT-tjeneste, lærebedrift eller et opplæringskontor."""

    id: Id = Field(description="Kort id, unik i partnerskapet, f.eks. `bh-hunstad`.")
    navn: Tekst = Field(description="Enhetens navn.")
    type: choice(*ENHETSTYPER) = Field(description="Hva slags enhet.")  # type: ignore[valid-type]
    eier: Orgnr | None = Field(
        None, description="Organisasjonsnummeret til enhetens eier (en av `eiere`). Påkrevd, "
        "unntatt for `laerebedrift` og `opplaeringskontor`, som deltar med eget `orgnr`.")
    orgnr: Orgnr | None = Field(
        None, description="Enhetens eget organisasjonsnummer (påkrevd for en lærebedrift eller et "
        "opplæringskontor uten `eier`).")


class Tilbyder(Modell):
    """En annen tilbyder av kompetanseutvikling (særlig i fag- og yrkesopplæringen)."""

    navn: Tekst = Field(description="Tilbyderens navn.")
    orgnr: Orgnr = Field(description="Tilbyderens organisasjonsnummer.")
    type: choice(*TILBYDERTYPER) = Field(description="Hva slags tilbyder.")  # type: ignore[valid-type]


class Kontakt(Modell):
    """En kontaktperson."""

    navn: Tekst = Field(description="Navn.")
    epost: Tekst | None = Field(None, description="E-postadresse.")


class Partnerskap(Modell):
    """Et partnerskap eller kompetansenettverk: eiere, enheter, UH eller tilbydere, koordinator."""

    navn: Tekst = Field(description="F.eks. «Kompetanseregion Salten».")
    ordninger: list[Ordning] = Field(min_length=1, description="Ordningene partnerskapet søker i.")  # type: ignore[valid-type]
    eiere: list[Eier] = Field(min_length=1, description="Eierne i partnerskapet.")
    enheter: list[Enhet] = Field(default_factory=list, description="Barnehager, skoler, PPT m.m.")
    uh: list[Organisasjon] = Field(
        default_factory=list, description="Universitet eller høyskole (påkrevd for dekom, rekom, komsip).")
    tilbydere: list[Tilbyder] = Field(default_factory=list, description="Andre tilbydere.")
    mottaker: Orgnr | None = Field(
        None, description="Eieren som mottar eiernes tilskudd på vegne av nettverket.")
    koordinator: Kontakt | None = Field(None, description="Partnerskapets koordinator.")
    dobbelt_formaal: Tekst | None = Field(
        None, description="Hvordan partnerskapet også styrker lærerutdanningene.")
    samiske_perspektiver: Tekst | None = Field(
        None, description="Hvordan samiske perspektiver ivaretas.")


# --- behov.yaml, prioriteringer.yaml, tiltak.yaml ------------------------------------------


class Behov(Modell):
    """Et kompetansebehov fra en lokal vurdering."""

    id: Id = Field(description="Unik i partnerskapet, f.eks. `B1`.")
    tittel: Tekst = Field(description="Kort tittel.")
    beskrivelse: Tekst | None = Field(None, description="Hva behovet er.")
    ordning: Ordning = Field(description="Ordningen behovet meldes i.")  # type: ignore[valid-type]
    enheter: list[Id] = Field(default_factory=list, description="Enhetene (tom liste: hele eieren).")
    eier: Orgnr | None = Field(None, description="Eierens orgnr (kan utelates med én eier).")
    grunnlag: choice(*GRUNNLAG) = Field(description="Hva vurderingen bygger på.")  # type: ignore[valid-type]
    vurdert_av: list[choice(*VURDERT_AV)] = Field(  # type: ignore[valid-type]
        min_length=1, description="Hvem som har vurdert behovet; må omfatte `ansatte` og `ledere`.")
    dato: Dato | None = Field(None, description="Dato for vurderingen.")
    dialog_med_uh: JaNei | None = Field(None, description="Om behovet er drøftet med UH.")


class Prioritering(Modell):
    """En av partnerskapets rangerte prioriteringer."""

    id: Id = Field(description="Unik i partnerskapet, f.eks. `P1`.")
    rang: Rang = Field(description="1 er høyest; unik, 1 til n.")
    tittel: Tekst = Field(description="Kort tittel.")
    behov: list[Id] = Field(min_length=1, description="Behovene prioriteringen svarer på.")
    begrunnelse: Tekst | None = Field(None, description="Hvorfor den er prioritert slik.")


class Deltakere(Modell):
    """Hvem som deltar i et tiltak."""

    enheter: list[Id] = Field(default_factory=list, description="Enhetene som deltar.")
    antall: Antall | None = Field(None, description="Antall personer som deltar.")


class Budsjettaar(Modell):
    """Ett års budsjett for et tiltak, i hele kroner."""

    tilskudd_eier: KronerEllerFordeling = Field(
        0, description="Tilskudd til eier (til `mottaker`), eller fordelt per orgnr.")
    tilskudd_uh: KronerEllerFordeling = Field(
        0, description="Tilskudd til UH/tilbyder i `partnere`, eller fordelt per orgnr.")
    egenandel: KronerEllerFordeling = Field(
        0, description="Eiernes egenandel, eller fordelt per orgnr.")
    egenandel_form: choice(*EGENANDEL_FORMER) | None = Field(  # type: ignore[valid-type]
        None, description="`kontant`, `arbeidstid` eller `blandet`.")


class Tiltak(Modell):
    """Et kompetansetiltak med budsjett per år."""

    id: Id = Field(description="Unik i partnerskapet, f.eks. `T1`.")
    tittel: Tekst = Field(description="Kort tittel.")
    beskrivelse: Tekst | None = Field(None, description="Hva tiltaket går ut på.")
    ordning: Ordning = Field(description="En av partnerskapets ordninger.")  # type: ignore[valid-type]
    type: choice(*TILTAKSTYPER) = Field(description="Hva slags tiltak.")  # type: ignore[valid-type]
    prioriteringer: list[Id] = Field(min_length=1, description="Prioriteringene tiltaket svarer på.")
    maalgrupper: list[choice(*MAALGRUPPER)] = Field(  # type: ignore[valid-type]
        min_length=1, description="Målgruppene; tillatte verdier avhenger av ordningen.")
    deltakere: Deltakere | None = Field(None, description="Enheter og antall personer som deltar.")
    partnere: list[Orgnr] = Field(
        default_factory=list, description="Orgnr til UH (eller tilbydere) som gjennomfører tiltaket.")
    periode: Periode = Field(description="Tiltakets varighet i hele år (1–3 år).")
    budsjett: dict[Aar, Budsjettaar] = Field(description="Budsjett per år i perioden.")
    samiske_perspektiver: Tekst | None = Field(None, description="Hvordan samiske perspektiver ivaretas.")
    fokusomraader: list[Tekst] | None = Field(
        None, description="Fokusområdene i forumets langsiktige plan (`plan.fokusomraader`) "
        "tiltaket hører til, med navnet slik det står i planen.")
    studiepoeng: Antall | None = Field(
        None, description="Studiepoeng tiltaket gir, om noen (DeKom FYO finansierer "
        "etterutdanning uten studiepoeng).")


class BehovFil(Modell):
    """behov.yaml: partnerskapets kompetansebehov."""

    behov: list[Behov] = Field(description="Behovene.")


class PrioriteringerFil(Modell):
    """prioriteringer.yaml: partnerskapets rangerte prioriteringer."""

    prioriteringer: list[Prioritering] = Field(description="Prioriteringene.")


class TiltakFil(Modell):
    """tiltak.yaml: partnerskapets tiltak med budsjett."""

    tiltak: list[Tiltak] = Field(description="Tiltakene.")


# --- rapport.yaml ----------------------------------------------------------------------------


class Brukt(Modell):
    """Kroner brukt av tilskuddet, delt som i `budsjett`."""

    tilskudd_eier: KronerEllerFordeling = Field(
        0, description="Brukt av tilskuddet til eier, eller fordelt per orgnr.")
    tilskudd_uh: KronerEllerFordeling = Field(
        0, description="Brukt av tilskuddet til UH/tilbyder, eller fordelt per orgnr.")


class RapportTiltak(Modell):
    """Eiernes rapport om ett tiltak for ett år."""

    id: Id = Field(description="Tiltakets id i tiltak.yaml, f.eks. `T1`.")
    status: choice(*RAPPORTSTATUSER) = Field(  # type: ignore[valid-type]
        description="`gjennomfoert`, `delvis`, `utsatt` eller `avlyst`.")
    brukt: Brukt = Field(default_factory=Brukt, description="Kroner brukt av tilskuddet.")
    egenandel: KronerEllerFordeling = Field(
        0, description="Egenandelen eierne faktisk har levert, eller fordelt per orgnr.")
    egenandel_form: choice(*EGENANDEL_FORMER) | None = Field(  # type: ignore[valid-type]
        None, description="`kontant`, `arbeidstid` eller `blandet`.")
    deltakere: Deltakere | None = Field(None, description="Enheter og antall personer som deltok.")
    evaluering: Tekst | None = Field(None, description="Hva tiltaket ga, og hva som videreføres.")


class RapportAar(Modell):
    """Partnerskapets rapport for ett år."""

    aar: Aar = Field(description="Året rapporten gjelder.")
    dato: Dato | None = Field(None, description="Datoen rapporten ble gitt (ÅÅÅÅ-MM-DD).")
    tiltak: list[RapportTiltak] = Field(description="Rapporten for hvert tiltak med tilskudd det året.")


class RapportFil(Modell):
    """rapport.yaml: eiernes rapport om bruken av midlene, per år."""

    rapport: list[RapportAar] = Field(description="Rapportene, én per år.")
