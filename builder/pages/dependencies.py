"""Recorded dependencies: what each page read while it was rendered, and which pages an edit touches.

As Lektor records, while it builds a page, every record and template the page reads (so that a change
rebuilds exactly the pages that read it), a renderer made with `record` (render.Renderer) keeps, for each
page it renders, the *facts* the page read:

- ("field", item, name): a field of a content item, or of a view of one, read by a template (`source.title`),
  noted by the templates' environment (RecordingEnvironment) as it is read. An item is named by what it
  is (Names): ("source", id), ("claim", key), ("theme", id), ("section", theme id, n), ("judgement", id),
  ("event", id), ("entity", id), ("discrepancy", id), ("value", discrepancy id, n), ("briefing",), the views
  of sources and claims, ("sourceview", id) and ("claimview", key), and the page itself, ("page", src_uri).
- ("context", src_uri): the page's context (contexts.py), holding what the site works out of several items
  for the page (a claim's grade, who else states it, a chart, which events a theme has).
- ("refs", src_uri): the page's reference list (the references pass).
- ("head", src_uri, description): the page's metadata (metadata.py: Open Graph, JSON-LD).
- ("mentions",): the entities' ids, names and aliases, on a page that links the entities its text names.

A field is noted without its value (the page agrees with the site before the edit, which has it); every
other fact is kept with the value the page saw. After an edit, `stale` works out each fact in the site
after it (Facts) and returns the pages that read one whose value is not the same: exactly those need
rendering again. Every other page is as the site after the edit would render it, since nothing it read
changed; so the site before an edit is always one that every page agrees with, whenever it was rendered.

Two values are the same when they are equal, or else when they are `alike`: an item inside a value
taken by its name, not by what it holds. A context holding a source holds ("source", id), and what the
template read of the source is a fact of its own: a page listing sources by their titles is rendered
again when a title changes, not when a summary does. An item that is equal before and after (most are:
an edit changes one file) has the same value in every field, and is not looked at further. What the
pages share that no page reads (MkDocs' navigation, the site's name, the footer) is compared by the
caller (publish/incremental.py, same_frame).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from typing import Any

import jinja2

from builder.model import items as m
from builder.pages import views as v
from builder.pages import references as references_mod
from builder.pages.site import Page, Site

Fact = tuple[Any, ...]


_POSITIONS = frozenset(field.name for field in dataclasses.fields(m.Item))
"""The loader's record of where an item was written (Item.loc, lines, unread): not what a page shows."""


_NAMERS: dict[type, Callable[[Names, Any], tuple[Any, ...] | None]] = {
    m.Source: lambda names, item: ("source", item.id),
    m.Claim: lambda names, item: ("claim", item.key),
    m.Theme: lambda names, item: ("theme", item.id),
    m.Section: lambda names, item: names.placed("section", item),
    m.KeyJudgement: lambda names, item: ("judgement", item.id),
    m.Event: lambda names, item: names.placed("event", item),
    m.Entity: lambda names, item: ("entity", item.id),
    m.Discrepancy: lambda names, item: ("discrepancy", item.id),
    m.DiscrepancyValue: lambda names, item: names.placed("value", item),
    m.Briefing: lambda names, item: ("briefing",),
    v.SourceView: lambda names, view: ("sourceview", view.id),
    v.ClaimView: lambda names, view: ("claimview", view.key),
    Page: lambda names, page: ("page", page.src_uri),
}
"""How each kind of item that pages read is named."""


class Names:
    """The name of each item of one site that pages may read, found from the item itself."""

    def __init__(self, model: m.Model):
        self._known: dict[int, tuple[Any, ...] | None] = {}  # id() of each item named so far (they outlive it)
        self._places: dict[str, dict[int, tuple[Any, ...]]] = {
            "section": {id(section): (theme.id, n) for theme in model.themes.values()
                        for n, section in enumerate(theme.sections)},
            "value": {id(value): (disc.id, n) for disc in model.discrepancies.discrepancies
                      for n, value in enumerate(disc.values)},
            "event": {key: (event_id,) for key, event_id in model.event_ids().items()}}

    def placed(self, kind: str, item: Any) -> tuple[Any, ...] | None:
        """The name of an item known by its place (a theme's second section); None for one not of this model."""
        place = self._places[kind].get(id(item))
        return (kind, *place) if place is not None else None

    def of(self, value: Any) -> tuple[Any, ...] | None:
        """The name of an item, or None for a value that is not one."""
        namer = _NAMERS.get(type(value))
        if namer is None:
            return None
        key = id(value)
        if key not in self._known:
            self._known[key] = namer(self, value)
        return self._known[key]


_RECORDS: dict[type, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}
"""Each type `alike` has met: a dataclass's fields and properties, or None for any other type."""


def _record(kind: type) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    if kind not in _RECORDS:
        _RECORDS[kind] = None
        if dataclasses.is_dataclass(kind):
            skipped = _POSITIONS if issubclass(kind, m.Item) else frozenset()
            _RECORDS[kind] = (tuple(f.name for f in dataclasses.fields(kind) if f.name not in skipped),
                              _properties(kind))
    return _RECORDS[kind]


def _properties(cls: type) -> tuple[str, ...]:
    """The properties a view computes from what it holds (Reference.grade, SupportView.single_source...).

    A model type's properties are worked out of its own fields only (PartialDate.display): left out."""
    if cls.__module__.startswith("builder.model."):
        return ()
    return tuple(sorted({name for klass in cls.__mro__ for name, value in vars(klass).items()
                         if isinstance(value, property | functools.cached_property)}))


def alike(old: Any, new: Any, old_names: Names, new_names: Names) -> bool:
    """Whether a page reading `old` in one site and `new` in another shows the same: items compared by their
    names (what a page reads of them is a fact of its own), anything else by what it holds and of what type
    (True equals 1, but is not printed alike); a function is alike nothing."""
    if old is new:
        return True
    kind = type(old)
    if type(new) is not kind:
        return False
    if isinstance(old, list | tuple):
        return len(old) == len(new) and all(alike(a, b, old_names, new_names) for a, b in zip(old, new, strict=True))
    if isinstance(old, dict):
        return len(old) == len(new) and all(
            alike(ka, kb, old_names, new_names) and alike(va, vb, old_names, new_names)
            for (ka, va), (kb, vb) in zip(old.items(), new.items(), strict=True))
    record = _record(kind)
    if record is not None:
        if kind in _NAMERS:
            name = old_names.of(old)
            if name is not None or new_names.of(new) is not None:
                return name == new_names.of(new)
        fields, properties = record
        return all(alike(getattr(old, f), getattr(new, f), old_names, new_names) for f in fields) and \
            all(alike(_property(old, p), _property(new, p), old_names, new_names) for p in properties)
    if callable(old):
        return False
    return bool(old == new)


def _property(value: Any, name: str) -> Any:
    try:
        return getattr(value, name)
    except Exception as exc:  # what a template reading it would meet
        return "raises", type(exc).__name__


class Record:
    """What one page read while it was rendered."""

    def __init__(self, names: Names):
        self.names = names
        """The names of the site it was rendered from."""
        self.fields: dict[tuple[Any, ...], set[str]] = {}
        """Each item a template read, by its name, and the fields it read of it."""
        self.seen: dict[Fact, Any] = {}
        """Each other fact it read, in order, with the value it saw."""

    def note(self, item: Any, field: str) -> None:
        """A template read a field of an item (of the site the page is rendered from)."""
        name = self.names.of(item)
        if name is not None:
            fields = self.fields.get(name)
            if fields is None:
                self.fields[name] = {field}
            else:
                fields.add(field)


class RecordingEnvironment(jinja2.Environment):
    """Jinja's environment, noting each field of an item a template reads while `record` is set."""

    record: Record | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        if self.record is not None and type(obj) in _NAMERS:
            self.record.note(obj, attribute)
        return jinja2.Environment.getattr(self, obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self.record is not None and type(obj) in _NAMERS and isinstance(argument, str):
            self.record.note(obj, argument)
        return jinja2.Environment.getitem(self, obj, argument)


def mentioned(model: m.Model) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """What linking the entities a text names reads of them (pages/mentions.py): each one's id, name and
    aliases, in order (the first entity to claim a name has it)."""
    return tuple((entity.id, entity.name, entity.aliases) for entity in model.entities.entities)


_MISSING = object()
"""The value of a fact about an item or a page a site does not have."""


class Facts:
    """The facts pages may read, worked out in one site (each once, when first asked for)."""

    def __init__(self, site: Site, pages: Iterable[Page], references: dict[str, references_mod.PageReferences]):
        self.model = model = site.model
        self.views = site.views
        self.metadata = site.metadata
        self.pages = {page.src_uri: page for page in pages}
        self.references = references
        self.names = Names(model)
        self._values: dict[Fact, Any] = {}
        self._environment = jinja2.Environment()  # how a template reads a field: the attribute, else the item
        event_ids = model.event_ids()
        self._by_id: dict[str, Callable[[Any], Any]] = {
            "source": model.sources.get, "claim": model.find_claim, "theme": model.themes.get,
            "judgement": {judgement.id: judgement for judgement in model.briefing.key_judgements}.get,
            "event": {event_ids[id(event)]: event for event in model.timeline.events}.get,
            "entity": self.views.entity_by_id.get,
            "discrepancy": {disc.id: disc for disc in model.discrepancies.discrepancies}.get,
            "sourceview": self.views.sources.get, "claimview": self.views.claims.get, "page": self.pages.get}

    def value(self, fact: Fact) -> Any:
        """What a page reading the fact in this site reads."""
        if fact not in self._values:
            self._values[fact] = self._work_out(fact)
        return self._values[fact]

    def _work_out(self, fact: Fact) -> Any:
        kind = fact[0]
        if kind == "field":
            item = self.item(fact[1])
            return _MISSING if item is None else self._environment.getattr(item, fact[2])
        if kind == "mentions":
            return mentioned(self.model)
        page = self.pages.get(fact[1])
        if page is None:
            return _MISSING
        if kind == "context":
            return page.context
        if kind == "refs":
            return self.references.get(page.src_uri, references_mod.NONE)
        if kind == "head":
            return self.metadata.head(page, fact[2])
        raise ValueError(f"no such fact: {fact!r}")

    def item(self, name: tuple[Any, ...]) -> Any:
        """The item of this site with this name (Names), or None."""
        kind, key = name[0], name[1:]
        if kind in ("section", "value"):
            whole = self.item(("theme" if kind == "section" else "discrepancy", key[0]))
            parts = (whole.sections if kind == "section" else whole.values) if whole is not None else ()
            return parts[key[1]] if key[1] < len(parts) else None
        if kind == "briefing":
            return self.model.briefing
        return self._by_id[kind](key[0])


class _Compared:
    """The facts pages read, compared between the sites before and after an edit, each once."""

    def __init__(self, before: Facts, after: Facts):
        self.before, self.after = before, after
        self._items: dict[tuple[Any, ...], bool] = {}
        self._fields: dict[tuple[tuple[Any, ...], str], bool] = {}

    def same_item(self, name: tuple[Any, ...]) -> bool:
        """Whether an item is equal before and after (and so is every field of it)."""
        if name not in self._items:
            old, new = self.before.item(name), self.after.item(name)
            # A page equals another of the same address and title, whatever its context: not compared whole.
            self._items[name] = name[0] != "page" and old is not None and (old is new or old == new)
        return self._items[name]

    def same_field(self, name: tuple[Any, ...], field: str) -> bool:
        key = (name, field)
        if key not in self._fields:
            old, new = self.before.value(("field", name, field)), self.after.value(("field", name, field))
            self._fields[key] = old is not _MISSING and alike(old, new, self.before.names, self.after.names)
        return self._fields[key]

    def same_seen(self, fact: Fact, seen: Any, names: Names) -> bool:
        new = self.after.value(fact)
        return seen is new or seen == new or alike(seen, new, names, self.after.names)


def stale(recorded: dict[str, Record], before: Facts, after: Facts) -> set[str]:
    """The pages (by src_uri) that read a fact that is not the same before and after an edit, and the pages
    of the site after it that were never rendered.

    Every page must agree with the site `before`: rendered from it, or from an earlier site whose facts
    the page read are the same in it (as `stale` found at each edit since)."""
    compared = _Compared(before, after)
    read: set[tuple[Any, ...]] = set().union(*(record.fields.keys() for record in recorded.values()))
    changed = {name for name in read if not compared.same_item(name)}
    found = {src_uri for src_uri in after.pages if src_uri not in recorded}
    edited: bool | None = None  # whether the model differs at all (unedited items are the same objects: quick)
    for src_uri, record in recorded.items():
        if src_uri in after.pages and after.pages[src_uri].whole:
            if edited is None:
                edited = before.model != after.model
            if edited:  # the whole briefing: whatever changed in it changed the page
                found.add(src_uri)
        elif src_uri in after.pages and not (
                all(compared.same_field(name, field) for name in record.fields.keys() & changed
                    for field in record.fields[name])
                and all(compared.same_seen(fact, seen, record.names) for fact, seen in record.seen.items())):
            found.add(src_uri)
    return found
