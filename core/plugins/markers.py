"""The pluggy markers of Comptoir's hooks."""

import pluggy

PROJECT_NAME = "comptoir"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
