"""The web till: the cashier's pages and the customer display, served from the theme."""
