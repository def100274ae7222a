"""The words for the YAML's enum values, in bokmål and nynorsk (written, not translated)."""

from __future__ import annotations

ORDNING_KORT = {"dekom": "DeKom", "rekom": "ReKom", "komsip": "KomSIP", "dekom_fyo": "DeKom FYO"}

_NB: dict[str, dict[str, str]] = {
    "ordning": {
        "dekom": "Desentralisert ordning for kompetanseutvikling i grunnskole og videregående "
                 "skole",
        "rekom": "Regional ordning for kompetanseutvikling i barnehage",
        "komsip": "Kompetanseløft for spesialpedagogikk og inkluderende praksis",
        "dekom_fyo": "Desentralisert ordning for kompetanseutvikling i fag- og yrkesopplæringen",
    },
    "maalgruppe": {
        "laerere": "lærere", "ledere": "ledere", "barnehagelaerere": "barnehagelærere",
        "andre_ansatte": "andre ansatte", "ppt": "PPT", "eiere": "eiere",
        "yrkesfaglaerere": "yrkesfaglærere", "instruktoerer": "instruktører",
        "faglige_ledere": "faglige ledere", "proevenemndsmedlemmer": "prøvenemndsmedlemmer",
        "andre": "andre",
    },
    "tiltakstype": {
        "barnehagebasert": "barnehagebasert", "skolebasert": "skolebasert",
        "nettverk": "nettverk", "kartlegging": "kartlegging", "planlegging": "planlegging",
        "koordinering": "koordinering", "hospitering": "hospitering", "kurs": "kurs",
        "individuell_videreutdanning": "individuell videreutdanning", "annet": "annet",
    },
    "grunnlag": {
        "staastedsanalyse": "ståstedsanalyse", "kartlegging": "kartlegging",
        "tilstandsrapport": "tilstandsrapport", "medarbeidersamtaler": "medarbeidersamtaler",
        "annet": "annet",
    },
    "vurdert_av": {
        "ansatte": "ansatte", "ledere": "ledere", "tillitsvalgte": "tillitsvalgte",
        "eier": "eier", "uh": "UH",
    },
    "rolle": {
        "statsforvalter": "statsforvalter", "offentlig_eier": "offentlig eier",
        "privat_eier": "privat eier", "barnehagemyndighet": "barnehagemyndighet",
        "uh": "universitet eller høyskole", "ks": "KS", "pbl": "PBL",
        "laererorganisasjon": "lærerorganisasjon", "annen_organisasjon": "annen organisasjon",
        "statped": "Statped", "fylkeskommune": "fylkeskommune",
        "arbeidsgiverorganisasjon": "arbeidsgiverorganisasjon",
        "arbeidstakerorganisasjon": "arbeidstakerorganisasjon",
        "yrkesopplaeringsnemnd": "yrkesopplæringsnemnd", "privat_vgs": "privat videregående skole",
        "kompetansetilbyder": "kompetansetilbyder", "annen": "annen",
    },
    "stemme": {"for": "for", "mot": "mot", "avstaar": "avstår"},
    "egenandel_form": {"kontant": "kontant", "arbeidstid": "arbeidstid", "blandet": "blandet"},
    "rapportstatus": {"gjennomfoert": "gjennomført", "delvis": "delvis gjennomført",
                      "utsatt": "utsatt", "avlyst": "avlyst", "mangler": "ikke rapportert"},
    "tilbydertype": {
        "bedrift": "bedrift", "bransje": "bransje", "uh": "UH", "fagskole": "fagskole",
        "fylkeskommune": "fylkeskommune", "annen": "annen",
    },
    "mottakerrolle": {"eier": "eier", "uh": "UH", "tilbyder": "tilbyder",
                      "fylkeskommune": "fylkeskommunen", "ukjent": "ukjent mottaker",
                      "ukjent_tilbyder": "ukjent tilbyder",
                      "eier_i_nettverket": "eier i nettverket",
                      "eiere_sammen": "eiere sammen", "felles_for": "felles for"},
}

_NN: dict[str, dict[str, str]] = {
    "ordning": {
        "dekom": "Desentralisert ordning for kompetanseutvikling i grunnskule og vidaregåande "
                 "skule",
        "rekom": "Regional ordning for kompetanseutvikling i barnehage",
        "komsip": "Kompetanseløft for spesialpedagogikk og inkluderande praksis",
        "dekom_fyo": "Desentralisert ordning for kompetanseutvikling i fag- og yrkesopplæringa",
    },
    "maalgruppe": {
        "laerere": "lærarar", "ledere": "leiarar", "barnehagelaerere": "barnehagelærarar",
        "andre_ansatte": "andre tilsette", "ppt": "PPT", "eiere": "eigarar",
        "yrkesfaglaerere": "yrkesfaglærarar", "instruktoerer": "instruktørar",
        "faglige_ledere": "faglege leiarar", "proevenemndsmedlemmer": "prøvenemndsmedlemmer",
        "andre": "andre",
    },
    "tiltakstype": {
        "barnehagebasert": "barnehagebasert", "skolebasert": "skulebasert",
        "nettverk": "nettverk", "kartlegging": "kartlegging", "planlegging": "planlegging",
        "koordinering": "koordinering", "hospitering": "hospitering", "kurs": "kurs",
        "individuell_videreutdanning": "individuell vidareutdanning", "annet": "anna",
    },
    "grunnlag": {
        "staastedsanalyse": "ståstadsanalyse", "kartlegging": "kartlegging",
        "tilstandsrapport": "tilstandsrapport", "medarbeidersamtaler": "medarbeidarsamtalar",
        "annet": "anna",
    },
    "vurdert_av": {
        "ansatte": "tilsette", "ledere": "leiarar", "tillitsvalgte": "tillitsvalde",
        "eier": "eigar", "uh": "UH",
    },
    "rolle": {
        "statsforvalter": "statsforvaltar", "offentlig_eier": "offentleg eigar",
        "privat_eier": "privat eigar", "barnehagemyndighet": "barnehagestyresmakt",
        "uh": "universitet eller høgskule", "ks": "KS", "pbl": "PBL",
        "laererorganisasjon": "lærarorganisasjon", "annen_organisasjon": "anna organisasjon",
        "statped": "Statped", "fylkeskommune": "fylkeskommune",
        "arbeidsgiverorganisasjon": "arbeidsgivarorganisasjon",
        "arbeidstakerorganisasjon": "arbeidstakarorganisasjon",
        "yrkesopplaeringsnemnd": "yrkesopplæringsnemnd", "privat_vgs": "privat vidaregåande skule",
        "kompetansetilbyder": "kompetansetilbydar", "annen": "anna",
    },
    "stemme": {"for": "for", "mot": "mot", "avstaar": "avstår"},
    "egenandel_form": {"kontant": "kontant", "arbeidstid": "arbeidstid", "blandet": "blanda"},
    "rapportstatus": {"gjennomfoert": "gjennomført", "delvis": "delvis gjennomført",
                      "utsatt": "utsett", "avlyst": "avlyst", "mangler": "ikkje rapportert"},
    "tilbydertype": {
        "bedrift": "bedrift", "bransje": "bransje", "uh": "UH", "fagskole": "fagskule",
        "fylkeskommune": "fylkeskommune", "annen": "anna",
    },
    "mottakerrolle": {"eier": "eigar", "uh": "UH", "tilbyder": "tilbydar",
                      "fylkeskommune": "fylkeskommunen", "ukjent": "ukjend mottakar",
                      "ukjent_tilbyder": "ukjend tilbydar",
                      "eier_i_nettverket": "eigar i nettverket",
                      "eiere_sammen": "eigarar saman", "felles_for": "felles for"},
}

LABELS = {"nb": _NB, "nn": _NN}


def label(maalform: str, kind: str, key: str) -> str:
    """The word for `key` of enum `kind`; the key itself when komp has no word for it."""
    return LABELS[maalform].get(kind, {}).get(key, key)
