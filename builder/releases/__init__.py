"""Releases: snapshots of the public model, the changes between two, the content at a git revision.

Imports the model, the sources and the checks; knows nothing of pages.
"""
