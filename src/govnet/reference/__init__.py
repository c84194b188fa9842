"""Reference tables: platforms, national division codes, bandwidth units."""
