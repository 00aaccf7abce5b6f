"""Dashboards per role kind, the navbar counter with optional e-mail, printable forms."""
