"""The rules: codes, severities, documentation, and the policy that turns a role into a finding.

Scanners say where an ID stands and in what role; only here is it decided what that means for
the user. Rule documentation follows ruff's sections, and in the Fixit style its examples are
the tests: tests/test_rules.py runs every example, fix and quiet case of rule_examples.py
through the engine, and docs/rules/ quotes them, so the docs cannot drift from the linter.
"""

from __future__ import annotations

from linter import rule_examples as examples
from linter.findings import App, Role, Severity, Span
from linter.rule_examples import Example as Example  # re-exported: a rule's docs are examples
from linter.values import Value, set_field

AADSTS65002 = (
    "AADSTS65002: Consent between first party application '{client}' and first party "
    "resource '{resource}' must be configured via preauthorization"
)
REFERENCES = (
    "[Microsoft Entra authentication and authorization error codes]"
    "(https://learn.microsoft.com/entra/identity-platform/reference-error-codes)",
    "[Verify first-party Microsoft applications in sign-in reports]"
    "(https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/"
    "verify-first-party-apps-sign-in)",
    "[Register an application with the Microsoft identity platform]"
    "(https://learn.microsoft.com/entra/identity-platform/quickstart-register-app)",
)

HOW_TO_FIX = (
    "1. Identify the app: `first-party-lint catalog show <id>` names the Microsoft app whose\n"
    "   ID you are using.\n"
    "2. Register your own application in Microsoft Entra ID (App registrations).\n"
    "3. Give it the API permissions it needs and grant consent (admin consent where the\n"
    "   permissions require it).\n"
    "4. Replace the Microsoft ID with your app's client ID, read from configuration (an\n"
    "   environment variable such as `AZURE_CLIENT_ID`, `AzureAd:ClientId`).\n"
    "5. Sign in once to test, and watch sign-in logs for AADSTS65002 afterwards.\n"
    "\n"
    "If the ID is a deliberate reference (a list of Microsoft apps to recognise in sign-in\n"
    "logs, code owned by the app's publisher), keep it out of client positions and say why\n"
    "next to it."
)


class Rule(Value):
    """A rule and its documentation. `examples` are reported by this rule, `fixed[i]` is the
    clean rewrite of `examples[i]`, and `quiet` are look-alikes the rule must not report."""

    __slots__ = _fields = (
        "code",
        "name",
        "severity",
        "summary",
        "what",
        "why",
        "examples",
        "fixed",
        "quiet",
        "how_to_fix",
        "references",
        "quiet_intro",
    )
    code: str
    name: str
    severity: Severity
    summary: str
    what: str
    why: str
    examples: tuple[Example, ...]
    fixed: tuple[Example, ...]
    quiet: tuple[Example, ...]
    how_to_fix: str
    references: tuple[str, ...]
    quiet_intro: str

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        summary: str,
        what: str,
        why: str,
        examples: tuple[Example, ...],
        fixed: tuple[Example, ...],
        quiet: tuple[Example, ...] = (),
        how_to_fix: str = HOW_TO_FIX,
        references: tuple[str, ...] = REFERENCES,
        quiet_intro: str = "Resource uses are legitimate and stay silent:",
    ) -> None:
        if not examples or len(examples) != len(fixed):
            raise ValueError(f"{code}: every example needs exactly one fixed version")
        set_field(self, "code", code)
        set_field(self, "name", name)
        set_field(self, "severity", severity)
        set_field(self, "summary", summary)
        set_field(self, "what", what)
        set_field(self, "why", why)
        set_field(self, "examples", examples)
        set_field(self, "fixed", fixed)
        set_field(self, "quiet", quiet)
        set_field(self, "how_to_fix", how_to_fix)
        set_field(self, "references", references)
        set_field(self, "quiet_intro", quiet_intro)

    def doc(self) -> str:
        """The rule's documentation page in markdown (ruff's sections)."""
        fence_bad = _fence(self.examples[0])
        fence_good = _fence(self.fixed[0])
        more = "".join(
            f"\n{_fence(bad)}\nUse instead:\n\n{_fence(good)}"
            for bad, good in zip(self.examples[1:], self.fixed[1:], strict=True)
        )
        more_section = f"\n### In other languages and formats\n{more}" if more else ""
        quiet = "".join(f"\n{_fence(q)}" for q in self.quiet)
        refs = "\n".join(f"- {r}" for r in self.references)
        quiet_section = f"\n## Not reported\n\n{self.quiet_intro}\n{quiet}" if quiet else ""
        return (
            f"# {self.code} {self.name}\n\n"
            f"Default severity: **{self.severity.value}**. {self.summary}\n\n"
            f"## What it does\n\n{self.what}\n\n"
            f"## Why is this bad?\n\n{self.why}\n\n"
            f"## Example\n\n{fence_bad}\n"
            f"Use instead:\n\n{fence_good}{more_section}\n"
            f"## How to fix\n\n{self.how_to_fix}\n"
            f"{quiet_section}\n"
            f"## References\n\n{refs}\n"
        )


def _fence(example: Example) -> str:
    lang = {
        "py": "python",
        "json": "json",
        "env": "shell",
        "cs": "csharp",
        "ps1": "powershell",
        "tf": "hcl",
        "toml": "toml",
    }.get(example.filename.rsplit(".", 1)[-1], "")
    return f"`{example.filename}`:\n\n```{lang}\n{example.code}```\n"


FPA001 = Rule(
    code="FPA001",
    name="first-party-app-id-as-client",
    severity=Severity.ERROR,
    summary="A Microsoft first-party application ID is used as the calling app's client ID.",
    what=(
        "Finds a Microsoft-owned application ID (Azure CLI, Azure PowerShell, Microsoft Graph\n"
        "Command Line Tools, Office, ...) in a client-ID position: the first argument of\n"
        "`msal.PublicClientApplication`, a credential's `client_id`, `AzureAd:ClientId` in\n"
        "`appsettings.json`, `AZURE_CLIENT_ID` in `.env`, `client_id=` in a token URL. The\n"
        "finding points at the ID itself, where the fix goes."
    ),
    why=(
        "Microsoft first-party applications are preauthorized only for the APIs Microsoft\n"
        "chose. Borrowing one's ID as your own client works until the day Entra ID answers\n"
        "`AADSTS65002: Consent between first party application ... and first party resource\n"
        "... must be configured via preauthorization`, which is how Microsoft stops apps\n"
        "impersonating its own. The failure arrives in production, for every user at once, and\n"
        "no consent grant in your tenant can fix it. The app also shows up in sign-in logs as\n"
        "Microsoft's, which hides it from your security team.\n\n"
        "Register your own application in Microsoft Entra ID, grant it the permissions it\n"
        "needs, and use its client ID, read from configuration."
    ),
    examples=examples.FPA001,
    fixed=examples.FPA001_FIXED,
    quiet=examples.FPA001_QUIET,
)

FPA002 = Rule(
    code="FPA002",
    name="first-party-app-id-unclear-role",
    severity=Severity.WARNING,
    summary="A Microsoft first-party application ID that can sign in appears in an unclear role.",
    what=(
        "Finds a Microsoft-owned application ID that is known to act as a client where the\n"
        "linter cannot tell how it is used: a constant with a neutral name, a comment, a table\n"
        "of IDs. IDs that the catalog knows only as resource APIs (Microsoft Graph, Azure\n"
        "Resource Manager) are not reported in such places."
    ),
    why=(
        "A constant holding the Azure CLI's ID is one refactoring away from being passed to\n"
        "MSAL. If the ID is meant as a client, it will fail with AADSTS65002 like an FPA001\n"
        "finding. If it is a deliberate reference (a list of apps to recognise in sign-in logs),\n"
        "review it once: warnings do not fail the run (exit code 0)."
    ),
    examples=examples.FPA002,
    fixed=examples.FPA002_FIXED,
)

SUPPRESSION_REFERENCES = (
    "[README: Suppressions](../../README.md#suppressions)",
    "[ruff RUF100 unused-noqa](https://docs.astral.sh/ruff/rules/unused-noqa/)",
)
FPA100 = Rule(
    code="FPA100",
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="A suppression comment or `allow` entry that suppresses nothing.",
    what=(
        "Finds a `first-party-lint: ignore[...]` comment with no finding of the named rule on\n"
        "its line (or, for a comment alone on its line, the line below; `ignore[FPA001]` also\n"
        "covers the weaker FPA002), a comment that names no rule or a code that is not a rule\n"
        "it can suppress, and an `allow` entry of a config file that matched no finding in a\n"
        "run that walked its whole folder. Comments are judged only for the rules that ran;\n"
        "`allow` entries are not judged when files are passed one by one (pre-commit), since\n"
        "the entry's files may not be in the run."
    ),
    why=(
        "A suppression outlives the code it was written for: the ID is removed, the comment\n"
        "stays, and the next ID pasted on that line is silenced without review. A wrong code\n"
        "(`ignore[FPA002]` on a client use) suppresses nothing and misleads the reader."
    ),
    examples=examples.FPA100,
    fixed=examples.FPA100_FIXED,
    quiet=examples.FPA100_QUIET,
    how_to_fix=(
        "Delete the comment or the `allow` entry, or correct its rule code or paths. A comment\n"
        "covers its own line and, when it stands alone on its line, the line below."
    ),
    references=SUPPRESSION_REFERENCES,
    quiet_intro="A suppression that still covers a finding is used:",
)
FPA101 = Rule(
    code="FPA101",
    name="expired-allow",
    severity=Severity.WARNING,
    summary="An `allow` entry past its `expires` date.",
    what=(
        "Finds an `allow` entry whose `expires` date has passed (an entry works through the\n"
        "day it names). After that day the entry suppresses nothing: the findings it covered\n"
        "are reported again as their own rule (FPA001 errors fail the run), and this warning\n"
        "points at the entry to edit."
    ),
    why=(
        'An exception granted "until the migration is done" becomes permanent unless someone\n'
        "is reminded. The expiry date is that reminder (DevSkim's `until`, Guardian's\n"
        "`expirationDate`)."
    ),
    examples=examples.FPA101,
    fixed=examples.FPA101_FIXED,
    how_to_fix=(
        "Fix the code the entry covers and delete the entry, or review it and set a new\n"
        "`expires` date."
    ),
    references=SUPPRESSION_REFERENCES,
)
FPA102 = Rule(
    code="FPA102",
    name="suppression-without-reason",
    severity=Severity.ERROR,
    summary="A suppression gives no reason, and the run requires one (`--require-reason`).",
    what=(
        "With `--require-reason` (or `require-reason = true` in the config), finds a\n"
        "`first-party-lint: ignore[...]` comment with no text after the codes. The suppression\n"
        "still works; this finding is the error. Without the option nothing is reported. (An\n"
        "`allow` entry must always give a reason: without one the config is an error.)"
    ),
    why=(
        "A reviewer cannot judge a suppression without knowing why it is there, and a reason\n"
        "written at the time is the only record of it (gosec#1671, gitleaks#1246)."
    ),
    examples=examples.FPA102,
    fixed=examples.FPA102_FIXED,
    how_to_fix="Write the reason after the codes: `first-party-lint: ignore[FPA001] <why>`.",
    references=SUPPRESSION_REFERENCES,
)

RULES: dict[str, Rule] = {rule.code: rule for rule in (FPA001, FPA002, FPA100, FPA101, FPA102)}
# The rules that find IDs; only their findings can be suppressed.
SUPPRESSIBLE = frozenset({FPA001.code, FPA002.code})


def judge(span: Span, app: App) -> tuple[Rule, Role] | None:
    """Policy: resource uses are silent, client uses are errors, unclear ones warnings.

    Weak client evidence (a generic `APP_ID` name) next to an ID that is only ever a resource
    API is read as a resource reference, and an unclear mention of such an ID is no risk.
    """
    role = span.role
    if role is Role.CLIENT and span.weak and not app.client_capable:
        role = Role.RESOURCE
    if role is Role.RESOURCE:
        return None
    if role is Role.CLIENT:
        return FPA001, Role.CLIENT
    if not app.client_capable:
        return None
    return FPA002, Role.UNCLEAR


def message(rule: Rule, app: App, span: Span) -> str:
    where = span.context or "an unrecognised context"
    name = f"{app.label} ({app.app_id})"
    if rule is FPA001:
        text = f"{name} used as client ID in {where}"
        return f"{text}, flows into {span.sink}" if span.sink else text
    return f"{name} appears where its role is unclear ({where})"


def sign_in_error(app: App, resource: str = "<resource>") -> str:
    return AADSTS65002.format(client=app.app_id, resource=resource)


def remediation(app: App) -> str:
    """The one-line fix for this finding; the full guide is printed once per run."""
    return (
        f"Register your own application in Microsoft Entra ID, grant it the API permissions "
        f"it needs, and use its client ID (read from configuration) instead of {app.label}'s."
    )
