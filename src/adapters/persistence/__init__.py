"""PostgreSQL persistence: tables, mapping, repositories, unit of work and read queries."""
