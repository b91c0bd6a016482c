"""Implementations of the application's ports: database, security, media, AI, settings."""
