"""Checks on the whole model: ids, references, citations, links, dates, quotes, placeholders.

Every check adds to one list of diagnostics, so a single run reports every
problem; errors stop the build, warnings are shown wherever it is built.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Collection, Iterable

from builder.sources import archive
from builder.checks import links
from builder.model import items as m
from builder.model import ids
from builder.model import load
from builder.sources import quotes
from builder.model import release_files
from builder.checks import sourcing
from builder.checks import tradecraft
from builder.model import urls
from builder.model.diagnostics import Diagnostic, did_you_mean, note, raise_errors, warning
from builder.model.xref import MarkdownField, Parsed, Xref

PLACEHOLDER = "TODO"
"""Marks a text an editor must still replace (`briefing new source` writes them)."""
_PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER}\b")


def _short(value: str) -> str:
    """A value quoted in a one-line message: whitespace folded, long ones cut."""
    flat = " ".join(value.split())
    return flat if len(flat) <= 80 else flat[:77] + "..."


class Checker:
    def __init__(self, model: m.Model, xref: Xref | None = None):
        self.model = model
        self.xref = xref or Xref(model)
        self.found: list[Diagnostic] = []
        self.entity_ids = {e.id for e in model.entities.entities}
        self._claims_by_id: dict[str, list[str]] = {}
        for claim in model.claims():
            self._claims_by_id.setdefault(claim.id, []).append(claim.key)

    def error(self, item: m.Item, field: str, message: str, hint: str = "") -> None:
        self.found.append(Diagnostic(item.loc.path, item.line_of(field), message, hint))

    def at(self, mf: MarkdownField, offset: int, message: str, hint: str = "") -> None:
        self.found.append(Diagnostic(mf.path, mf.line_at(offset, self.model.project_dir), message, hint))

    def run(self) -> list[Diagnostic]:
        self.unique_ids()
        self.archives()
        self.publication()
        self.sources()
        self.relations()
        self.themes()
        self.dates()
        self.discrepancies()
        self.corroboration_against_discrepancies()
        self.found += release_files.sequence_problems(self.model.releases)
        for parsed in self.xref.fields:
            self.markdown(parsed)
        return self.found

    # -- ids and references --------------------------------------------------------------------
    def unique_ids(self) -> None:
        def unique(items: Iterable[Any], what: str) -> None:  # items with an id
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
        unique([e for e in self.model.timeline.events if e.id], "timeline event")
        for source in self.model.sources.values():
            unique(source.claims, f"claim (in source '{source.id}')")

    def entity_ref(self, item: m.Item, field: str, entity_id: str) -> None:
        if entity_id not in self.entity_ids and not self.model.may_hold("entity", entity_id):
            self.error(item, field, f"unknown entity '{entity_id}' in '{field}'",
                       did_you_mean(entity_id, self.entity_ids) or "add it to entities.yaml")

    def cites_nothing(self, key: str) -> bool:
        """Whether a cited key names no source, or no claim of its source."""
        source_id, claim_id = ids.split_key(key)
        source = self.model.sources.get(source_id)
        missing = source is None or claim_id is not None and claim_id != "" and source.claim(claim_id) is None
        # What the loader could not read may well be there: its own error is reported, not this one.
        return missing and not self.model.may_hold("claim" if claim_id else "source", key)

    def cite_key(self, path: str, line: int, key: str) -> None:
        """Report a citation whose source or claim does not exist, with the likeliest fix."""
        if not self.cites_nothing(key):
            return
        source_id, claim_id = ids.split_key(key)
        source = self.model.sources.get(source_id)
        elsewhere = [k for k in self._claims_by_id.get(claim_id or "", ()) if k != key]
        if source is None:
            hint = did_you_mean(source_id, self.model.sources)
            if not hint and len(elsewhere) == 1:
                hint = f"did you mean '{elsewhere[0]}'?"
            self.found.append(Diagnostic(path, line, f"citation to unknown source '{source_id}'", hint))
        elif claim_id and source.claim(claim_id) is None:
            hint = f"did you mean '{elsewhere[0]}'? That claim is in another source" if elsewhere \
                else did_you_mean(claim_id, [c.id for c in source.claims])
            self.found.append(Diagnostic(path, line, f"citation to unknown claim '{claim_id}' of source '{source_id}'",
                                         hint))

    # -- files and items -----------------------------------------------------------------------
    def archives(self) -> None:
        """The archive folder and files: the only files outside content/ that content makes the build read."""
        briefing = self.model.briefing
        problem = archive.folder_problem(briefing.archive) if briefing.archive else ""
        if problem:
            self.error(briefing, "archive", f"'archive' {problem}, not '{_short(briefing.archive)}'")
        for source in self.model.sources.values():
            problem = archive.file_problem(source.archive) if source.archive else ""
            if problem:
                self.error(source, "archive", f"'archive' {problem}, not '{_short(source.archive)}'")
            problem = archive.original_problem(source.original, source.archive) if source.original is not None else ""
            if problem:
                self.error(source, "original", f"'original' {problem}, not '{_short(source.original or '')}'")

    def publication(self) -> None:
        """Who publishes the briefing and under what licence: each address one a reader can follow."""
        briefing = self.model.briefing
        for item, what in ((briefing.publisher, "publisher"), (briefing.licence, "licence"),
                           *((person, f"authors[{i}]") for i, person in enumerate(briefing.authors, 1))):
            if item is not None and item.url is not None and urls.web_address_problem(item.url):
                self.error(item, "url", f"'{what}.url' {urls.web_address_problem(item.url)}, not '{_short(item.url)}'",
                           "leave it out when there is no address")
        if briefing.contact is not None and links.contact_problem(briefing.contact):
            self.error(briefing, "contact", f"'contact' {links.contact_problem(briefing.contact)}, "
                                            f"not '{_short(briefing.contact)}'")
        if briefing.image is not None:
            problem = image_problem(briefing.image.file, Path(self.model.project_dir) / self.model.content_dir)
            if problem:
                self.error(briefing.image, "file", f"'image.file' {problem}, not '{_short(briefing.image.file)}'")

    def sources(self) -> None:
        """Each source: its address, date, and every claim."""
        for source in self.model.sources.values():
            if source.url is not None and urls.web_address_problem(source.url):
                self.error(source, "url", f"'url' {urls.web_address_problem(source.url)}, not '{_short(source.url)}'",
                           "leave it out, or write null, when the address is not known")
            if source.archived_url is not None and urls.web_address_problem(source.archived_url):
                self.error(source, "archived_url",
                           f"'archived_url' {urls.web_address_problem(source.archived_url)}, "
                           f"not '{_short(source.archived_url)}'", "the address of the web archive's copy, or null")
            if "published" in source.unread:
                pass  # the loader has said what is wrong with it
            elif source.published.date is None or source.published.date.precision != "day":
                if not source.published.inferred:
                    self.error(source.published, "date", "a partial or unknown publication date needs 'inferred'",
                               "say how the date was inferred, or why it is unknown")
            for claim in source.claims:
                self.claim(source, claim)

    def claim(self, source: m.Source, claim: m.Claim) -> None:
        if claim.type in m.CLAIM_TYPES_NEEDING_BY and not claim.by:
            self.error(claim, "type", f"claim '{claim.id}' is a {claim.type}, so it needs 'by': who makes it")
        if claim.credibility is not None and not 2 <= claim.credibility <= 6:
            self.error(claim, "credibility", f"credibility {claim.credibility} of claim '{claim.id}' is outside 2-6",
                       "1 (confirmed) is derived from 'corroborates'; never type it" if claim.credibility == 1
                       else "use 2 probably true ... 6 cannot be judged")
        for entity_id in claim.by:
            self.entity_ref(claim, "by", entity_id)
        for entity_id in claim.about:
            self.entity_ref(claim, "about", entity_id)
        for key in claim.corroborates:
            self.cite_key(claim.loc.path, claim.line_of("corroborates"), key)
            if ids.split_key(key)[0] == source.id:
                self.error(claim, "corroborates", f"claim '{claim.id}' corroborates '{key}' of its own source",
                           "corroboration must come from another source")

    def relations(self) -> None:
        """`independent_of` and `shares_origin_with`: real other sources, and never both for one pair."""
        declared: dict[tuple[str, str], tuple[str, m.SourceRelation]] = {}
        for source in self.model.sources.values():
            for field, word in (("independent_of", "independent"), ("shares_origin_with", "same-origin")):
                for relation in getattr(source, field):
                    other = relation.source
                    if other == source.id:
                        self.error(relation, "source", f"source '{source.id}' names itself in '{field}'")
                        continue
                    if other not in self.model.sources:
                        if not self.model.may_hold("source", other):
                            self.error(relation, "source", f"unknown source '{other}' in '{field}'",
                                       did_you_mean(other, self.model.sources))
                        continue
                    pair = (min(source.id, other), max(source.id, other))
                    earlier = declared.setdefault(pair, (word, relation))
                    if earlier[0] != word:
                        first = earlier[1].loc
                        self.error(relation, "source",
                                   f"sources '{pair[0]}' and '{pair[1]}' are declared both independent and of one "
                                   f"origin (the other at {first.path}:{first.line})", "keep the one that is true")

    def corroboration_against_discrepancies(self) -> None:
        """Two claims set against each other in a discrepancy cannot also state the same thing."""
        opposed: dict[str, dict[str, str]] = defaultdict(dict)  # claim key -> other claim key -> discrepancy id
        for disc in self.model.discrepancies.discrepancies:
            keys_per_value = [{c.key for c in self.xref.cites_in(value.text) if "#" in c.key} for value in disc.values]
            for i, keys in enumerate(keys_per_value):
                for other_keys in keys_per_value[i + 1 :]:
                    for a in keys - other_keys:
                        for b in other_keys - keys:
                            opposed[a].setdefault(b, disc.id)
                            opposed[b].setdefault(a, disc.id)
        for claim in self.model.claims():
            for key in claim.corroborates:
                disc_id = opposed.get(claim.key, {}).get(key)
                if disc_id:
                    self.error(claim, "corroborates",
                               f"claim '{claim.id}' corroborates '{key}', but discrepancy '{disc_id}' sets the two "
                               "against each other", "split the part they share into claims of its own, or drop the link")

    def themes(self) -> None:
        for theme in self.model.themes.values():
            for related in theme.related:
                if related == theme.id:
                    self.error(theme, "related", f"theme '{theme.id}' lists itself as related")
                elif related not in self.model.themes and not self.model.may_hold("theme", related):
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
                elif disc.kind != "number" and value.value is not None:
                    self.error(value, "value", f"discrepancy '{disc.id}' is of kind {disc.kind}: 'value' is only "
                               "for numbers, and would be shown nowhere", "put the wording in 'label' instead")
        for dismissal in self.model.discrepancies.dismissed:
            if len(set(dismissal.claims)) != 2:
                self.error(dismissal, "claims", "a dismissed candidate names two claims",
                           "copy the pair `briefing disagreements` printed: [source-id#claim-id, source-id#claim-id]")
            for key in dismissal.claims:
                self.cite_key(dismissal.loc.path, dismissal.line_of("claims"), key)

    # -- Markdown ------------------------------------------------------------------------------
    def markdown(self, parsed: Parsed) -> None:
        mf = parsed.field
        for offset in links.raw_html_offsets(mf.text):
            self.at(mf, offset, f"raw HTML is not allowed in '{mf.name}'", "use Markdown: *emphasis*, [text](https://...)")
        for problem in parsed.problems:
            self.at(mf, problem.offset, problem.message)
        for link in links.links_in(mf.text):
            message, hint = self.link_problem(link)
            if message:
                self.at(mf, link.offset, message, hint)
        for group in parsed.groups:
            for cite in group.citations:
                if not self.cites_nothing(cite.key):
                    continue  # working out the line of a good citation is wasted work
                self.cite_key(mf.path, mf.line_at(cite.start, self.model.project_dir), cite.key)
        if mf.name in mf.item.unread:
            return  # left at its default by the loader, which reported why
        if mf.must_cite == "text" and not parsed.groups and not parsed.problems:
            self.at(mf, 0, f"'{mf.name}' cites no source", "add a citation such as [@source-id#claim-id]")
        elif mf.must_cite == "paragraph":
            self.paragraphs_cite(parsed)

    def paragraphs_cite(self, parsed: Parsed) -> None:
        mf = parsed.field
        offset = 0
        for paragraph in mf.text.split("\n\n"):
            end = offset + len(paragraph)
            cited = any(offset <= g.start < end for g in parsed.groups) or \
                any(offset <= p.offset < end for p in parsed.problems)
            if paragraph.strip() and not cited:
                lead = paragraph.strip()[:50]
                self.at(mf, offset + len(paragraph) - len(paragraph.lstrip()), f"paragraph cites no source: \"{lead}...\"",
                        "every paragraph of a section needs at least one [@source#claim]")
            offset = end + 2

    def link_problem(self, link: links.Link) -> tuple[str, str]:
        """What is wrong with a link in content, and a hint; ('', '') when nothing is."""
        problem = links.address_problem(link)
        if problem:
            return problem, ""
        if not links.is_site_link(link.url):
            return "", ""
        path, anchor = links.split_site_link(link.url)
        example = f"like 'discrepancies/#{urls.discrepancy_anchor('<id>')}' or 'themes/<id>/'"
        if path.startswith(("../", "./")) or path in ("..", "."):
            from_root = re.sub(r"^(?:\.\.?(?:/|$))+", "", path) + (f"#{anchor}" if anchor else "")
            return (f"link to '{link.url}' is relative to one page, but a text can appear on several",
                    f"write the address from the site's root: '{from_root}'"
                    if not self.link_problem(links.Link(link.tag, from_root, 0))[0]
                    else f"write the address from the site's root, {example}")
        if not path:
            page = self.page_with_anchor(anchor)
            return (f"link to '{link.url}' names an anchor but no page",
                    f"write the page too: '{page}#{anchor}'" if page else f"write the page too, {example}")
        place = urls.Addresses().site_path(path)
        if place is None:
            return f"link to '{link.url}' leads to no page of this site", f"write the address from the site's root, {example}"
        kind, item_id = place
        if self.unread_page(kind, item_id, anchor):
            return "", ""  # the page or the item the anchor names may be among what could not be read
        exists: dict[str, Collection[str]] = {urls.THEME: self.model.themes, urls.SOURCE: self.model.sources, urls.ENTITY: self.entity_ids}
        if kind in exists and item_id not in exists[kind]:
            return (f"link to '{link.url}': there is no {kind} '{item_id}'",
                    did_you_mean(item_id or "", exists[kind]))
        if anchor and anchor not in self.anchors(kind, item_id):
            known = sorted(self.anchors(kind, item_id))
            prefix = urls.ANCHOR_PREFIXES.get(kind)
            hint = did_you_mean(anchor, known) or (f"anchors on that page start '{prefix}'" if prefix
                                                   else "that page has no anchors to link to")
            return f"link to '{link.url}': the page has no anchor '#{anchor}'", hint
        return "", ""

    _ANCHORED = {urls.SOURCE: "claim", urls.HOME: "judgement", urls.DISCREPANCIES: "discrepancy", urls.TIMELINE: "event"}
    """The kind of item each page's anchors are made for."""

    def unread_page(self, kind: str, item_id: str | None, anchor: str) -> bool:
        """Whether a link's page (a theme, source or entity) or the items its anchors name may be among
        what the loader could not read."""
        if kind in (urls.THEME, urls.SOURCE, urls.ENTITY) and self.model.may_hold(kind, item_id or ""):
            return True
        anchored = self._ANCHORED.get(kind)
        if not anchor or not anchored:
            return False
        named = anchor.removeprefix(urls.ANCHOR_PREFIXES[kind])
        return self.model.may_hold(anchored, f"{item_id}#{named}" if kind == urls.SOURCE else named)

    def page_with_anchor(self, anchor: str) -> str:
        """The one page that has this anchor, as content writes its address ('' when none or several do)."""
        for kind, prefix in urls.ANCHOR_PREFIXES.items():
            if anchor.startswith(prefix):
                candidates = self.model.sources if kind == urls.SOURCE else [None]
                found = [item_id for item_id in candidates if anchor in self.anchors(kind, item_id)]
                return urls.written_address(kind, found[0]) if len(found) == 1 else ""
        return ""

    def anchors(self, kind: str, item_id: str | None) -> set[str]:
        """The anchors the builder gives the items of one page."""
        if kind == urls.SOURCE:
            assert item_id is not None  # a source's page
            return {urls.claim_anchor(c.id) for c in self.model.sources[item_id].claims}
        if kind == urls.HOME:
            return {urls.judgement_anchor(kj.id) for kj in self.model.briefing.key_judgements}
        if kind == urls.DISCREPANCIES:
            return {urls.discrepancy_anchor(d.id) for d in self.model.discrepancies.discrepancies}
        if kind == urls.TIMELINE:
            return {urls.event_anchor(event_id) for event_id in self.model.event_ids().values()}
        if kind == urls.CHANGES:
            return {urls.release_anchor(release.number) for release in self.model.releases}
        return set()


@dataclass
class Checked:
    """What checking found: the quote verification, the derived sourcing, and the warnings and notes."""

    verification: quotes.Verification
    sourcing: sourcing.Sourcing
    warnings: list[Diagnostic]


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
"""The pictures Open Graph and Twitter cards show."""


def image_problem(name: str, content: Path) -> str:
    """'' when the briefing's image may be named so (a file in the content folder), else why not."""
    parts = name.replace("\\", "/").split("/")
    if name != name.strip() or not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return "must be a file in the content folder, named from it: no '..', no leading '/'"
    if not name.lower().endswith(IMAGE_SUFFIXES):
        return f"must be a picture ending in {', '.join(IMAGE_SUFFIXES)}"
    if not (content / name).is_file():
        return "names no file in the content folder"
    return ""


def check(model: m.Model, use_lock: bool = True, xref: Xref | None = None,
          reuse: tuple[m.Model, quotes.Verification] | None = None, loading: Iterable[Diagnostic] = (),
          verification: quotes.Verification | None = None) -> Checked:
    """Run every check; raise Problems listing every error, else return what was found.

    `reuse`: an earlier model and its verification, whose unchanged sources need not be verified again.
    `loading`: what loading a partly read model found (load.load_partial), reported with the rest.
    `verification`: this model's quotes already verified (the language server keeps it, errors or not).
    """
    xref = xref or Xref(model)
    found = [*loading, *Checker(model, xref).run()]
    if verification is None:
        verification = quotes.verify(model, use_lock=use_lock, reuse=reuse)
    found += verification.errors
    if any(d.is_error for d in found):
        raise_errors(found + placeholders(model))  # the TODOs to replace travel with the errors
    derived = sourcing.collect(model, xref, verification.lock.shared or [])
    return Checked(verification, derived,
                   raise_errors(found + warnings(model, derived) + tradecraft.warnings(model, xref, derived)))


def load_and_check(project_dir: str | Path, content_dir: str | Path = "content",
                   use_lock: bool = True) -> tuple[m.Model, Xref, Checked]:
    """Load what can be read and check all of it: every problem of every file in one Problems.

    A file or an entry that cannot be read is reported and left out; the checks run on the rest, within
    files and across them, and say nothing that follows only from what was left out (Model.unread).
    """
    model, loading = load.load_partial(project_dir, content_dir)
    xref = Xref(model)
    return model, xref, check(model, use_lock, xref, loading=loading)


def warnings(model: m.Model, derived: sourcing.Sourcing) -> list[Diagnostic]:
    """Warnings and notes: problems that do not stop the build but that an editor should see."""
    found = [note(kj.loc.path, kj.line_of("text"), f"key judgement '{kj.id}' rests on a single source",
                  "the site says so under it; cite a second, independent source if there is one")
             for kj in model.briefing.key_judgements if derived.support_of(kj).single_source]
    independence = derived.independence
    for (a, b), passage in sorted(independence.undeclared().items()):
        source = model.sources[a]
        found.append(warning(
            source.loc.path, source.line_of("archive"),
            f"the archived texts of '{a}' and '{b}' share a passage of {passage.words} words "
            f"(word {passage.start_a} of {passage.a}, word {passage.start_b} of {passage.b}: \"{passage.excerpt}...\"); "
            "they are counted as one origin",
            f"say which is true: `shares_origin_with` or `independent_of` (source: {b}, with the reason)"))
    for claim in model.claims():
        for key in claim.corroborates:
            other = ids.split_key(key)[0]
            if other in model.sources and other != claim.source and independence.same_origin(claim.source, other):
                found.append(warning(claim.loc.path, claim.line_of("corroborates"),
                                     f"claim '{claim.id}' corroborates '{key}', but the two sources share an origin: "
                                     "the link confirms nothing", "drop the link"))
    return found + placeholders(model)


def placeholders(model: m.Model) -> list[Diagnostic]:
    """TODO left in any text (from `briefing new source`, or by hand): readers must not see it."""
    found: list[Diagnostic] = []

    def visit(item: m.Item, within: str = "") -> None:
        for name in _shown_fields(type(item)):  # type: ignore[arg-type]  # a class is hashable; mypy checks Item.__hash__
            value = getattr(item, name)
            listed = isinstance(value, tuple)
            for i, v in enumerate(value if listed else (value,)):
                # Entries counted from 1, as in the loader's messages: 'claims[1].text' is the first claim's.
                if isinstance(v, m.Item):
                    visit(v, f"{within}{name}[{i + 1}]." if listed else f"{within}{name}.")
                elif isinstance(v, str) and PLACEHOLDER in v and (match := _PLACEHOLDER.search(v)):
                    field_name = f"{within}{name}[{i + 1}]" if listed else f"{within}{name}"
                    # The line of the placeholder itself, also inside a text written over several lines.
                    place = MarkdownField(item, name, v, i if listed else None)
                    found.append(warning(item.loc.path, place.line_at(match.start(), model.project_dir),
                                         f"'{field_name}' still holds placeholder text ({PLACEHOLDER})",
                                         f"replace the {PLACEHOLDER} text before publishing"))

    for item in _all_items(model):
        visit(item)
    return found


@functools.cache
def _shown_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class that hold content (not the loader's bookkeeping)."""
    return tuple(f.name for f in dataclasses.fields(cls) if not f.metadata.get("internal"))


def _all_items(model: m.Model) -> Iterable[m.Item]:
    return (model.briefing, *model.sources.values(), *model.themes.values(), model.timeline,
            model.entities, model.discrepancies)
