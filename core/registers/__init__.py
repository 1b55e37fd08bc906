"""Registers (tills) and their cash sessions."""
