"""Entities, value objects and rules of the course platform. Standard library only."""
