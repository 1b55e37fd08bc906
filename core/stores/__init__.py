"""The store: its settings (currency, tax mode, rounding, limits, theme)."""
