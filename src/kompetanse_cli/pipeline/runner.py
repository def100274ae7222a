"""The rule runner: which rules exist and are selected, and running them over a forum.

Rules return findings (a key path, a message, a hint); the runner turns them into located
diagnostics with the rule's code, severity and source.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Fix, Selection, Severity

if TYPE_CHECKING:
    from ..domain.context import Finding, ForumContext, PartnershipContext
    from ..rules import Rule
    from .cache import UnitCache

# The files only the partnership rules read: the forum rules never look at them.
PARTNERSHIP_RULES_ONLY = ("behov", "prioriteringer")

# The codes the schema step reports: a selection without them skips counting what it did not locate.
SCHEMA_CODES = ("K101", "K102", "K103", "K120", "K121")


def known_codes() -> list[str]:
    """Every rule code, from the names of the rule modules (without importing them)."""
    rules = os.path.join(os.path.dirname(os.path.dirname(__file__)), "rules")
    layers = [os.path.join(rules, name) for name in os.listdir(rules)
              if name[:1] == "k" and name[1:2].isdigit() and name[2:3] == "_"]
    return sorted(name[:4].upper() for folder in layers for name in os.listdir(folder)
                  if len(name) > 5 and name[0] == "k" and name[1:4].isdigit()
                  and name[4] == "_" and name.endswith(".py"))


def wants_schema(selection: Selection) -> bool:
    """Whether the selection reports any of the schema step's codes."""
    return any(selection.wants(code) for code in SCHEMA_CODES)


class SelectedRules:
    """The selected rules, imported only once a unit needs validating (not on a cache hit)."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        self._rules: list[Rule] | None = None

    def get(self) -> list[Rule]:
        if self._rules is None:
            from ..rules import RULES

            self._rules = [rule for rule in RULES if self.selection.wants(rule.code)]
        return self._rules


def run_rules(ctx: ForumContext, rules: Iterable[Rule],
              memo: dict[str, tuple[list[Any], list[Diagnostic]]] | None = None,
              kept: UnitCache | None = None) -> list[Diagnostic]:
    """Run the rules over a forum and its partnerships (see `RuleRun`)."""
    run = RuleRun(rules, memo, kept)
    out: list[Diagnostic] = []
    for partnership in ctx.partnerships:
        out.extend(run.partnership(ctx, partnership))
    out.extend(run.forum(ctx))
    return out


class RuleRun:
    """The rules with a check function, run over one forum: `partnership` for each of its
    partnerships (as soon as it is read), then `forum` once.

    The forum's own settings (`regler:` in forum.yaml) give a rule another severity or turn it
    off, for every partnership of the forum.

    With a `memo` (the language server's), a partnership whose checked files are the very same
    objects as in the previous run keeps that run's findings of the partnership rules, which
    see nothing but the partnership: an edit re-runs them only where it was made. With `kept`
    (the cache of a unit), the same holds across runs: a partnership whose files have the same
    content as in a run before gets that run's findings from the cache.
    """

    def __init__(self, rules: Iterable[Rule],
                 memo: dict[str, tuple[list[Any], list[Diagnostic]]] | None = None,
                 kept: UnitCache | None = None) -> None:
        self.all_rules = list(rules)
        self.memo = memo
        self.kept = kept
        self._forum_file: Any = None  # the forum file the settings below were read from
        self._settings: tuple[Any, ...] | None = None

    def _for(self, ctx: ForumContext) -> tuple[Any, ...]:
        """The forum's settings of the rules, and the rules it leaves on (read once)."""
        if self._settings is None or self._forum_file is not ctx.forum_file:
            from ..rules.innstillinger import parameters, severities

            overrides = severities(ctx.forum)
            own = parameters(ctx.forum)
            given = frozenset((code, name, value) for code, values in own.items()
                              for name, value in values.items())
            rules = [rule for rule in self.all_rules
                     if overrides.get(rule.code, rule.severity) is not None]
            partnership_rules = [rule for rule in rules
                                 if rule.check is not None and rule.scope == "partnerskap"]
            self._settings = (overrides, own, given, rules, partnership_rules)
            self._forum_file = ctx.forum_file
        return self._settings

    def partnership(self, ctx: ForumContext, partnership: PartnershipContext,
                    release: bool = False) -> list[Diagnostic]:
        """The partnership rules' diagnostics for one partnership of `ctx`.

        With `release`, the partnership then lets go of its files that only the partnership
        rules read (behov.yaml and prioriteringer.yaml): the forum's rules see
        partnerskap.yaml, tiltak.yaml and rapport.yaml, and a large forum is not held whole.
        """
        overrides, own, given, rules, partnership_rules = self._for(ctx)
        memo, kept = self.memo, self.kept
        partnership.parametre = own
        found: list[Diagnostic] | None = None
        identity: list[Any] = []
        if memo is not None:
            identity = [*rules, *sorted(partnership.files.items(), key=lambda kv: kv[0]),
                        frozenset(overrides.items()), given]
            known = memo.get(partnership.slug)
            if known is not None and len(known[0]) == len(identity) and all(
                    a is b or (isinstance(a, tuple) and a[0] == b[0] and a[1] is b[1])
                    or (isinstance(a, frozenset) and a == b)
                    for a, b in zip(known[0], identity, strict=True)):
                found = known[1]
        if found is None:
            key = kept.findings_key(ctx, partnership, rules, overrides) if kept is not None \
                else None
            found = kept.findings(key) if kept is not None and key else None
            if found is None:
                found = [_to_diagnostic(rule, f, overrides) for rule in partnership_rules
                         for f in rule.check(partnership)]
                if kept is not None and key:
                    kept.keep_findings(key, found)
            if memo is not None:
                memo[partnership.slug] = (identity, found)
        if release:
            for kind in PARTNERSHIP_RULES_ONLY:
                partnership.files.pop(kind, None)
            from .schema import Later

            for checked in partnership.files.values():  # read again by few forum rules
                if checked is not None and not isinstance(checked, Later):  # Later: packed
                    checked.loaded.pack()
        return found

    def forum(self, ctx: ForumContext) -> list[Diagnostic]:
        """The forum rules' diagnostics, and those of partnership rules' `check_forum`."""
        overrides, _, _, rules, _ = self._for(ctx)
        out: list[Diagnostic] = []
        for rule in rules:
            if rule.check is not None and rule.scope == "forum" and (
                    ctx.forum is not None or rule.without_forum):
                out.extend(_to_diagnostic(rule, f, overrides) for f in rule.check(ctx))
            if rule.check_forum is not None and ctx.forum is not None:
                out.extend(_to_diagnostic(rule, f, overrides) for f in rule.check_forum(ctx))
        return out


def _to_diagnostic(rule: Rule, finding: Finding,
                   overrides: dict[str, Severity | None] | None = None) -> Diagnostic:
    """A finding as a diagnostic, with the severity the forum gives the rule (`regler:`); a
    finding the rule itself made milder keeps its own severity."""
    severity = finding.severity or (overrides or {}).get(rule.code) or rule.severity
    checked = finding.file
    if checked is None:
        return Diagnostic("", None, severity, rule.code, finding.message, finding.hint,
                          rule.source)
    span = checked.loaded.source_map.locate(finding.path, key=finding.at_key)
    fix = finding.fix
    if fix is not None:  # the rule's replacement goes where the finding points
        fix = Fix(fix.title, fix.text, span) if span is not None else None
    return Diagnostic(checked.loaded.path, span, severity, rule.code,
                      finding.message, finding.hint, rule.source, fix=fix)
