"""Every model of the core, imported so that the metadata is complete (migrations)."""

from .audit.models import AuditEntry  # noqa: F401
from .auth.models import ApiToken, AuthGeneration, Role, User  # noqa: F401
from .auth.sessions import UserSession  # noqa: F401
from .auth.throttle import SignInFailure  # noqa: F401
from .catalog.models import Barcode, Category, Product, ProductSearchTerm, TaxRate  # noqa: F401
from .catalog.price_history import ProductPrice  # noqa: F401
from .devices.models import (  # noqa: F401
    DeviceAgent,
    DeviceJob,
    NamedPrinter,
    NoSale,
    PairingCode,
    PairingFailure,
    RegisterDevices,
)
from .journal.models import JournalEntry  # noqa: F401
from .plugins.models import (  # noqa: F401
    OutboxDelivery,
    PluginCacheGeneration,
    PluginGeneration,
    PluginState,
    Setting,
)
from .registers.models import CashMovement, CashSession, Register  # noqa: F401
from .sales.models import (  # noqa: F401
    ParkedSale,
    Payment,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleLine,
    SaleTax,
)
from .stock.models import Location, StockLevel, StockMovement  # noqa: F401
