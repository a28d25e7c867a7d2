"""Settings for the sign-in report, read once at start-up."""

import os

TENANT = os.environ.get("AZURE_TENANT_ID", "organizations")

# The app the report signs in as when nothing else is configured.
PORTAL_APP = "1950a258-227b-4e31-a9cf-717495945fc2"

# Sign-ins by these apps are highlighted in the report.
ADMIN_CONSOLE = "d3590ed6-52b3-4102-aeff-aad2292ab01c"
GRAPH_RESOURCE = "00000003-0000-0000-c000-000000000000"
