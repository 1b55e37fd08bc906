"""Small plugins used by the core's own tests (loaded with ``comptoir_extra_plugins``)."""
