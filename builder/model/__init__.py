"""The content model: YAML read with the line of every value, typed items, citations and addresses.

items (the dataclasses every other layer reads), load (YAML -> items, every problem at its line),
yamlfile, citations and xref (every citation parsed once, indexed), urls (every page address and
anchor), settings (the project's options), release_files, schema (JSON Schemas from the items).
Imports nothing of the other layers.
"""
