"""The filesystem boundary on the way in: model folder, YAML loader, source map, schema parse."""
