"""The knowledge base: declarative checks (YAML) and the engine that proves them."""
