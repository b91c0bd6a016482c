"""Read-model queries on a bare asyncpg pool: hand-written SQL, a fixed number of round
trips per read, rows turned straight into the response's shape."""
