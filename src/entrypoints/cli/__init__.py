"""The `ahc` command line for operators."""
