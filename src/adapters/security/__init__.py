"""Password hashing (argon2id) and access tokens (JWT)."""
