"""Ways into the service: the HTTP API, the command line, and the composition root."""
