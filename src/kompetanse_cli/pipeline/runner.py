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
    from ..domain.context import Finding, ForumContext
    from ..rules import Rule
    from .cache import UnitCache

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
    """Run the rules with a check function over a forum and its partnerships.

    The forum's own settings (`regler:` in forum.yaml) give a rule another severity or turn it
    off, for every partnership of the forum.

    With a `memo` (the language server's), a partnership whose checked files are the very same
    objects as in the previous run keeps that run's findings of the partnership rules, which
    see nothing but the partnership: an edit re-runs them only where it was made. With `kept`
    (the cache of a unit), the same holds across runs: a partnership whose files have the same
    content as in a run before gets that run's findings from the cache.
    """
    from ..rules.innstillinger import parameters, severities

    overrides = severities(ctx.forum)
    own = parameters(ctx.forum)
    given = frozenset((code, name, value) for code, values in own.items()
                      for name, value in values.items())
    rules = [rule for rule in rules if overrides.get(rule.code, rule.severity) is not None]
    out: list[Diagnostic] = []
    partnership_rules = [rule for rule in rules
                         if rule.check is not None and rule.scope == "partnerskap"]
    for partnership in ctx.partnerships:
        partnership.parametre = own
        identity: list[Any] = [*rules, *sorted(partnership.files.items(), key=lambda kv: kv[0]),
                               frozenset(overrides.items()), given]
        known = memo.get(partnership.slug) if memo is not None else None
        if known is not None and len(known[0]) == len(identity) and all(
                a is b or (isinstance(a, tuple) and a[0] == b[0] and a[1] is b[1])
                or (isinstance(a, frozenset) and a == b)
                for a, b in zip(known[0], identity, strict=True)):
            out.extend(known[1])
            continue
        key = kept.findings_key(ctx, partnership, rules, overrides) if kept is not None else None
        found: list[Diagnostic] | None = kept.findings(key) if kept is not None and key else None
        if found is None:
            found = [_to_diagnostic(rule, f, overrides) for rule in partnership_rules
                     for f in rule.check(partnership)]  # type: ignore[misc]
            if kept is not None and key:
                kept.keep_findings(key, found)
        if memo is not None:
            memo[partnership.slug] = (identity, found)
        out.extend(found)
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
