"""Monthly report of sign-ins by first-party apps, fetched from Microsoft Graph."""

from __future__ import annotations

import msal

import settings
from settings import ADMIN_CONSOLE, PORTAL_APP


def client() -> msal.PublicClientApplication:
    authority = f"https://login.microsoftonline.com/{settings.TENANT}"
    return msal.PublicClientApplication(PORTAL_APP, authority=authority)


def token(app: msal.PublicClientApplication) -> dict[str, str]:
    return app.acquire_token_interactive([f"{settings.GRAPH_RESOURCE}/.default"])


def highlight(sign_in: dict[str, str]) -> bool:
    if sign_in["appId"] == ADMIN_CONSOLE:
        print(f"console sign-in by {sign_in['userPrincipalName']} ({ADMIN_CONSOLE})")
        return True
    return False
