"""Clients (客戶): intake, registration form, review, matchmaker assignment, unassigned pool."""
