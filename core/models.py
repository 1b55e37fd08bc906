"""Every model of the core, imported so that the metadata is complete (migrations)."""

from .auth.models import ApiToken, Role, User  # noqa: F401
from .plugins.models import OutboxDelivery, PluginGeneration, PluginState, Setting  # noqa: F401
from .registers.models import Register  # noqa: F401
from .stock.models import Location  # noqa: F401
