"""The agent tests' fixtures (defined in agent_kit): ``served``, ``printer``."""

from agent_kit import printer, served  # noqa: F401
