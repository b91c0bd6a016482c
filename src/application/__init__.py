"""Use cases of the platform and the ports they need. Imports the domain only."""
