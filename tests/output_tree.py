"""A small fixed tree with one of everything a report shows: the input of the golden files.

An error (FPA001) in Python, JSON, .env and a file name holding `,` and `:` (escaped in
GitHub's workflow commands), warnings (FPA002), a binary file (skipped), broken JSON (parsed as
text, with a note) and a clean file. Written by code so the binary needs no checked-in blob.
"""

from __future__ import annotations

from pathlib import Path

from helpers import AZ_CLI, AZ_PS, GRAPH, GRAPH_CLI, OFFICE

FILES: dict[str, str | bytes] = {
    "src/auth.py": (
        "import msal\n\n"
        f'app = msal.PublicClientApplication("{AZ_CLI}")\n'
        f'SCOPES = ["{GRAPH}/.default"]\n'
    ),
    "src/apps.py": f'# Office is {OFFICE}\nKNOWN = ["{AZ_PS}"]\n',
    "appsettings.json": (f'{{\n  "AzureAd": {{\n    "ClientId": "{AZ_PS}"\n  }}\n}}\n'),
    "broken.json": f'{{"clientId": "{GRAPH_CLI}",,\n',
    "deploy/odd,name:x.env": f"AZURE_CLIENT_ID={GRAPH_CLI}\n",
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "README.md": "Nothing to see here.\n",
}


def write_tree(root: Path) -> Path:
    for name, content in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
