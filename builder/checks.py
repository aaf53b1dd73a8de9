"""Checks on the whole model: ids, references, citations, dates, quotes.

Every check appends to one list, so a single run reports every problem.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from . import citations, model as m, quotes, sourcing
from .errors import ContentError, ContentErrors, did_you_mean


@dataclass(frozen=True)
class MarkdownField:
    """One Markdown value somewhere in the model, with what a message needs to place it."""

    item: m.Item
    name: str
    text: str
    index: Optional[int] = None  # position in a list field
    must_cite: str = ""  # what each paragraph must do, if anything ("paragraph", "text")

    @property
    def path(self) -> str:
        return self.item.loc.path

    def line_at(self, offset: int = 0) -> int:
        """The line of a character of the value (exact for literal `|` blocks)."""
        key = self.name if self.index is None else f"{self.name}[{self.index}]"
        block = self.item.lines.get(key + "@")
        if block:
            return block + self.text[:offset].count("\n")
        return self.item.lines.get(key, self.item.line_of(self.name))


def markdown_fields(model: m.Model) -> Iterator[MarkdownField]:
    """Every Markdown field of the briefing, in page order."""
    b = model.briefing
    if b.description:
        yield MarkdownField(b, "description", b.description)
    for kj in b.key_judgements:
        yield MarkdownField(kj, "text", kj.text, must_cite="text")
    for source in model.sources.values():
        yield MarkdownField(source, "summary", source.summary)
        for i, point in enumerate(source.key_points):
            yield MarkdownField(source, "key_points", point, i)
    for theme in model.themes.values():
        yield MarkdownField(theme, "bottom_line", theme.bottom_line, must_cite="text")
        for section in theme.sections:
            yield MarkdownField(section, "body", section.body, must_cite="paragraph")
        for i, item in enumerate(theme.watch_next):
            yield MarkdownField(theme, "watch_next", item, i)
    for event in model.timeline.events:
        yield MarkdownField(event, "text", event.text, must_cite="text")
    for disc in model.discrepancies.discrepancies:
        if disc.note:
            yield MarkdownField(disc, "note", disc.note)
        for value in disc.values:
            yield MarkdownField(value, "text", value.text, must_cite="text")


_WEB_ADDRESS = re.compile(r"^https?://[^\s/?#\\]+[^\s\\]*$", re.IGNORECASE)


def _short(value: str) -> str:
    """A value quoted in a one-line message: whitespace folded, long ones cut."""
    flat = " ".join(value.split())
    return flat if len(flat) <= 80 else flat[:77] + "..."


class Checker:
    def __init__(self, model: m.Model):
        self.model = model
        self.errors: list[ContentError] = []
        self.entity_ids = {e.id for e in model.entities.entities}

    def error(self, item: m.Item, field: str, message: str, hint: str = "") -> None:
        self.errors.append(ContentError(item.loc.path, item.line_of(field), message, hint))

    def run(self) -> list[ContentError]:
        self.unique_ids()
        self.archives()
        self.sources()
        self.themes()
        self.dates()
        self.discrepancies()
        for mf in markdown_fields(self.model):
            self.markdown(mf)
        return self.errors

    def unique_ids(self) -> None:
        def unique(items, what):
            seen: dict[str, m.Item] = {}
            for item in items:
                if item.id in seen:
                    first = seen[item.id].loc
                    self.error(item, "id", f"duplicate {what} id '{item.id}' (first used at {first.path}:{first.line})")
                else:
                    seen[item.id] = item

        unique(self.model.entities.entities, "entity")
        unique(self.model.discrepancies.discrepancies, "discrepancy")
        unique(self.model.briefing.key_judgements, "key judgement")
        for source in self.model.sources.values():
            unique(source.claims, f"claim (in source '{source.id}')")

    def entity_ref(self, item: m.Item, field: str, entity_id: str) -> None:
        if entity_id not in self.entity_ids:
            self.error(item, field, f"unknown entity '{entity_id}' in '{field}'",
                       did_you_mean(entity_id, self.entity_ids) or "add it to entities.yaml")

    def archives(self) -> None:
        """The archive folder and files: the only files outside content/ that content makes the build read."""
        problem = quotes.archive_folder_problem(self.model.briefing.archive) if self.model.briefing.archive else ""
        if problem:
            self.error(self.model.briefing, "archive", f"'archive' {problem}, not '{_short(self.model.briefing.archive)}'")
        for source in self.model.sources.values():
            problem = quotes.archive_file_problem(source.archive) if source.archive else ""
            if problem:
                self.error(source, "archive", f"'archive' {problem}, not '{_short(source.archive)}'")

    def sources(self) -> None:
        """Each source: its address, archive name, date, and every claim."""
        for source in self.model.sources.values():
            if source.url is not None and not _WEB_ADDRESS.match(source.url):
                self.error(source, "url", f"'url' must be a web address starting http:// or https://, not '{_short(source.url)}'",
                           "leave it out, or write null, when the address is not known")
            if source.published.date is None or source.published.date.precision != "day":
                if not source.published.inferred:
                    self.error(source.published, "date", "a partial or unknown publication date needs 'inferred'",
                               "say how the date was inferred, or why it is unknown")
            for claim in source.claims:
                if claim.type in m.CLAIM_TYPES_NEEDING_BY and not claim.by:
                    self.error(claim, "type", f"claim '{claim.id}' is a {claim.type}, so it needs 'by': who makes it")
                if claim.credibility is not None and not 2 <= claim.credibility <= 6:
                    self.error(claim, "credibility", f"credibility {claim.credibility} of claim '{claim.id}' is outside 2-6",
                               "1 (confirmed) is derived from 'corroborates'; never type it" if claim.credibility == 1
                               else "use 2 probably true ... 6 cannot be judged")
                if claim.by:
                    self.entity_ref(claim, "by", claim.by)
                for entity_id in claim.about:
                    self.entity_ref(claim, "about", entity_id)
                for key in claim.corroborates:
                    self.cite_key(claim, "corroborates", key)
                    if key.partition("#")[0] == source.id:
                        self.error(claim, "corroborates",
                                   f"claim '{claim.id}' corroborates '{key}' of its own source",
                                   "corroboration must come from another source")

    def cite_key(self, item: m.Item, field: str, key: str, line: Optional[int] = None) -> None:
        """Report a citation key whose source or claim does not exist."""
        source_id, _, claim_id = key.partition("#")
        where = line or item.line_of(field)
        source = self.model.sources.get(source_id)
        if source is None:
            self.errors.append(ContentError(item.loc.path, where, f"citation to unknown source '{source_id}'",
                                            did_you_mean(source_id, self.model.sources)))
        elif claim_id and source.claim(claim_id) is None:
            self.errors.append(ContentError(item.loc.path, where,
                                            f"citation to unknown claim '{claim_id}' of source '{source_id}'",
                                            did_you_mean(claim_id, [c.id for c in source.claims])))

    def themes(self) -> None:
        for theme in self.model.themes.values():
            for related in theme.related:
                if related == theme.id:
                    self.error(theme, "related", f"theme '{theme.id}' lists itself as related")
                elif related not in self.model.themes:
                    self.error(theme, "related", f"unknown theme '{related}' in 'related'",
                               did_you_mean(related, self.model.themes))

    def dates(self) -> None:
        as_of = self.model.briefing.as_of
        if as_of is None:
            return
        if as_of.precision != "day":
            self.error(self.model.briefing, "as_of", f"as-of date '{as_of.iso}' needs a day: write YYYY-MM-DD",
                       "it dates the whole briefing and its feed")
        for source in self.model.sources.values():
            date = source.published.date
            if date and date.earliest > as_of.latest:
                self.error(self.model.briefing, "as_of",
                           f"as-of date {as_of.iso} is before source '{source.id}', published {date.iso}",
                           "move as_of forward")

    def discrepancies(self) -> None:
        for disc in self.model.discrepancies.discrepancies:
            if len(disc.values) < 2:
                self.error(disc, "values", f"discrepancy '{disc.id}' needs at least two values to compare")
            for value in disc.values:
                if disc.kind == "number" and value.value is None:
                    self.error(value, "text", f"discrepancy '{disc.id}' is about numbers, so each value needs 'value'")

    def markdown(self, mf: MarkdownField) -> None:
        for offset in citations.raw_html_offsets(mf.text):
            self.errors.append(ContentError(mf.path, mf.line_at(offset), f"raw HTML is not allowed in '{mf.name}'",
                                            "use Markdown: *emphasis*, [text](https://...)"))
        groups, problems = citations.parse(mf.text)
        for problem in [*problems, *citations.link_problems(mf.text)]:
            self.errors.append(ContentError(mf.path, mf.line_at(problem.offset), problem.message))
        for group in groups:
            for cite in group.citations:
                self.cite_key(mf.item, mf.name, cite.key, mf.line_at(cite.start))
        if mf.must_cite == "text" and not groups and not problems:
            self.errors.append(ContentError(mf.path, mf.line_at(), f"'{mf.name}' cites no source",
                                            "add a citation such as [@source-id#claim-id]"))
        elif mf.must_cite == "paragraph":
            offset = 0
            for paragraph in mf.text.split("\n\n"):
                if paragraph.strip() and not citations.parse(paragraph)[0] and not citations.parse(paragraph)[1]:
                    lead = paragraph.strip()[:50]
                    self.errors.append(ContentError(mf.path, mf.line_at(offset + len(paragraph) - len(paragraph.lstrip())),
                                                    f"paragraph cites no source: \"{lead}...\"",
                                                    "every paragraph of a section needs at least one [@source#claim]"))
                offset += len(paragraph) + 2


def check(model: m.Model, use_lock: bool = True) -> quotes.Verification:
    """Run every check; raise ContentErrors listing them all, else return the quote verification."""
    errors = Checker(model).run()
    verification = quotes.verify(model, use_lock=use_lock)
    errors += verification.errors
    if errors:
        raise ContentErrors(errors)
    return verification


def warnings(model: m.Model) -> list[ContentError]:
    """Problems that do not stop the build but that an editor should see."""
    derived = sourcing.collect(model)
    found = [ContentError(kj.loc.path, kj.line_of("text"), f"warning: key judgement '{kj.id}' rests on a single source",
                          "cite a second, independent source, or say why one is enough")
             for kj in model.briefing.key_judgements if derived.support_of(kj).single_source]
    return found + _placeholders(model)


def _placeholders(model: m.Model) -> list[ContentError]:
    """TODO texts left from `briefing new source`: the build accepts them, readers should not see them."""
    found = []

    def visit(item: m.Item) -> None:
        for f in dataclasses.fields(item):
            value = getattr(item, f.name)
            values = value if isinstance(value, tuple) else (value,)
            for v in values:
                if isinstance(v, m.Item):
                    visit(v)
                elif isinstance(v, str) and v.lstrip().startswith("TODO"):
                    found.append(ContentError(item.loc.path, item.line_of(f.name),
                                             f"warning: '{f.name}' still holds placeholder text", "replace the TODO text"))

    for item in (model.briefing, *model.sources.values(), *model.themes.values(), model.timeline,
                 model.entities, model.discrepancies):
        visit(item)
    return found
