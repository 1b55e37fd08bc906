"""Receipts: a neutral document built from a sale or a refund, rendered to text, HTML and
ESC/POS bytes; the receipt endpoints."""
