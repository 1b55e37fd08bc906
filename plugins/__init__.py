"""Comptoir's bundled plugins. Each registers under the ``comptoir.plugins`` entry-point
group exactly like a third-party plugin: the core gives them no private path."""
