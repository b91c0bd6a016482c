"""The HTTP API: Litestar app factory, controllers, wire types, guards and error mapping."""
