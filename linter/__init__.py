"""first-party-lint: keeps Microsoft first-party application IDs out of client-ID positions.

Reusing an app ID that Microsoft owns (Azure CLI, Azure PowerShell, Office, ...) as your own
client ID works until the day Entra ID answers with AADSTS65002; this package finds such IDs
before they ship.
"""

from __future__ import annotations

__version__ = "0.1.0"
