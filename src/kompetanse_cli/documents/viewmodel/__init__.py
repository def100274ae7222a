"""The documents' view-models: frozen dataclasses in which every sum, share and sort is done.

Templates only lay these values out; tests reach the same numbers here. Amounts are whole kroner
(int), every one from pipeline/aggregate.py; user text is kept as written (the renderer escapes
it); enum values arrive as words in the chosen målform (bokmål or nynorsk).

One module per document, and the parts they are built from:

- `innstilling`: the annual innstilling (DeKom FYO: the disponeringsplan), `build_innstilling`;
- `plan`: the long-term plan (DeKom FYO: the kompetanseutviklingsplan), `build_plan`;
- `rapport`: Statsforvalteren's roll-up of the owners' reports (`komp rapport`), `build_rapport`;
- `tiltak`: the innstilling's rows about measures;
- `mottakere`: who receives what, the payouts (`komp utbetaling`) and the vedtak's departures;
- `disponering`: DeKom FYO's split between the county and the other actors, and its purchases;
- `common`: what every document has (forum, schemes, names, members, footer, status).
"""
