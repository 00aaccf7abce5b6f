"""Demonstration data. Demo accounts use DEMO_PASSWORD; nothing here is used in production."""
