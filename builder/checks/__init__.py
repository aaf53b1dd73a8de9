"""Every rule over the whole model: references, links, quotes, sourcing, dates, tradecraft.

rules (the checks a build and `briefing check` run), links, sourcing (grades and independence),
stats. Imports the model and the sources.
"""
