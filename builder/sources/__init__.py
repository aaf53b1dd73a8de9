"""The archive and the quotes: archived texts, quote verification, the quote lock.

Imports only the model.
"""
