"""The catalog: products, barcodes, categories and tax rates."""
