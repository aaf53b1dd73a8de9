"""The words readers are shown for the model's fixed values: a claim's type, a source's kind, an entity's
kind, a confidence level, a likelihood, a grade.

The values themselves stay the English ids the content is written in (`type: statement`), and the
addresses and anchors made from them never change with the language; these are the words pages show for
them, in the readers' language (language.py). English is given here; each is a catalogue string.
"""

from __future__ import annotations

from builder.model import items as m
from builder.model.language import ENGLISH, Language


class Labels:
    """The words for the model's fixed values (a claim's type, a source's kind, a confidence level...) in
    the readers' language: the values stay English ids in the content and in addresses, and these are the
    words pages show for them. Templates reach them as `labels`."""

    def __init__(self, lang: Language = ENGLISH):
        self.lang = lang

    def _pick(self, table: dict[str, str], key: str) -> str:
        return table.get(key, key)

    def source_kind(self, kind: str) -> str:
        """'News report', as a label."""
        pgettext = self.lang.pgettext
        return self._pick({
            "news-report": pgettext("source kind", "News report"), "analysis": pgettext("source kind", "Analysis"),
            "wire-copy": pgettext("source kind", "Wire copy"),
            "think-tank-commentary": pgettext("source kind", "Think tank commentary"),
            "opinion": pgettext("source kind", "Opinion"), "other": pgettext("source kind", "Other")}, kind)

    def source_kind_in_text(self, kind: str) -> str:
        """'news report', as a table's cell or a phrase shows it."""
        pgettext = self.lang.pgettext
        return self._pick({
            "news-report": pgettext("source kind, in running text", "news report"),
            "analysis": pgettext("source kind, in running text", "analysis"),
            "wire-copy": pgettext("source kind, in running text", "wire copy"),
            "think-tank-commentary": pgettext("source kind, in running text", "think tank commentary"),
            "opinion": pgettext("source kind, in running text", "opinion"),
            "other": pgettext("source kind, in running text", "other")}, kind)

    def claim_type(self, kind: str) -> str:
        """'Statement', as a label."""
        pgettext = self.lang.pgettext
        return self._pick({
            "reported": pgettext("claim type", "Reported"), "statement": pgettext("claim type", "Statement"),
            "assessment": pgettext("claim type", "Assessment"), "opinion": pgettext("claim type", "Opinion")}, kind)

    def claim_type_in_text(self, kind: str) -> str:
        """'statement', as a table's cell shows it."""
        pgettext = self.lang.pgettext
        return self._pick({
            "reported": pgettext("claim type, in running text", "reported"),
            "statement": pgettext("claim type, in running text", "statement"),
            "assessment": pgettext("claim type, in running text", "assessment"),
            "opinion": pgettext("claim type, in running text", "opinion")}, kind)

    def entity_kind(self, kind: str) -> str:
        """'Person', as a label."""
        pgettext = self.lang.pgettext
        return self._pick({
            "person": pgettext("entity kind", "Person"), "organisation": pgettext("entity kind", "Organisation"),
            "place": pgettext("entity kind", "Place"), "group": pgettext("entity kind", "Group")}, kind)

    def entity_kind_in_text(self, kind: str) -> str:
        """'person', as a table's cell shows it."""
        pgettext = self.lang.pgettext
        return self._pick({
            "person": pgettext("entity kind, in running text", "person"),
            "organisation": pgettext("entity kind, in running text", "organisation"),
            "place": pgettext("entity kind, in running text", "place"),
            "group": pgettext("entity kind, in running text", "group")}, kind)

    def confidence_level(self, level: str) -> str:
        """'High', the level's name."""
        pgettext = self.lang.pgettext
        return self._pick({"high": pgettext("confidence level", "High"), "moderate": pgettext("confidence level", "Moderate"),
                           "low": pgettext("confidence level", "Low")}, level)

    def confidence_level_in_text(self, level: str) -> str:
        """'high', as a sentence names the level."""
        pgettext = self.lang.pgettext
        return self._pick({"high": pgettext("confidence level, in running text", "high"),
                           "moderate": pgettext("confidence level, in running text", "moderate"),
                           "low": pgettext("confidence level, in running text", "low")}, level)

    def confidence(self, level: str) -> str:
        """'High confidence', under a judgement or a theme."""
        gettext = self.lang.gettext
        return self._pick({"high": gettext("High confidence"), "moderate": gettext("Moderate confidence"),
                           "low": gettext("Low confidence")}, level)

    def likelihood(self, words: str) -> str:
        """A word of the likelihood scale: 'very likely'."""
        pgettext = self.lang.pgettext
        return self._pick({
            "almost no chance": pgettext("likelihood", "almost no chance"),
            "very unlikely": pgettext("likelihood", "very unlikely"),
            "unlikely": pgettext("likelihood", "unlikely"),
            "roughly even chance": pgettext("likelihood", "roughly even chance"),
            "likely": pgettext("likelihood", "likely"),
            "very likely": pgettext("likelihood", "very likely"),
            "almost certainly": pgettext("likelihood", "almost certainly")}, words)

    def reliability(self, letter: str) -> str:
        """A reliability grade's words: 'usually reliable'."""
        return self.lang.gettext(m.RELIABILITY_LABELS[letter])

    def credibility(self, grade: int) -> str:
        """A credibility grade's words: 'probably true'."""
        return self.lang.gettext(m.CREDIBILITY_LABELS[grade])

    def relation(self, relation: str) -> str:
        """How a claim relates to an entity: 'By' or 'About'."""
        pgettext = self.lang.pgettext
        return self._pick({"By": pgettext("claim by or about an entity", "By"),
                           "About": pgettext("claim by or about an entity", "About")}, relation)

    def figure_heading(self, kind: str) -> str:
        """The heading of a discrepancy's column of labels, by its kind."""
        pgettext = self.lang.pgettext
        return self._pick({"number": pgettext("discrepancy column", "Figure"),
                           "date": pgettext("discrepancy column", "Date given"),
                           "account": pgettext("discrepancy column", "In short")}, kind)

    def cited_by(self, kind: str) -> str:
        """What kind of item cites a source, in a 'Cited in' list: 'key judgement', 'theme'."""
        pgettext = self.lang.pgettext
        return self._pick({
            "theme": pgettext("citing item", "theme"), "key judgement": pgettext("citing item", "key judgement"),
            "briefing description": pgettext("citing item", "briefing description"),
            "timeline": pgettext("citing item", "timeline"), "discrepancy": pgettext("citing item", "discrepancy")}, kind)

    def support_kind(self, kind: str) -> str:
        """What kind of item rests on a source: 'theme section'."""
        pgettext = self.lang.pgettext
        return self._pick({
            "key judgement": pgettext("item resting on sources", "key judgement"),
            "theme bottom line": pgettext("item resting on sources", "theme bottom line"),
            "theme section": pgettext("item resting on sources", "theme section"),
            "timeline event": pgettext("item resting on sources", "timeline event")}, kind)

    def search_kind(self, kind: str) -> str:
        """What search results call a kind of page ('Theme', 'Source'); '' for a page search does not label."""
        pgettext = self.lang.pgettext
        return {
            "home": pgettext("search result", "Briefing"), "themes": pgettext("search result", "Themes"),
            "theme": pgettext("search result", "Theme"), "sources": pgettext("search result", "Sources"),
            "source": pgettext("search result", "Source"), "timeline": pgettext("search result", "Timeline"),
            "discrepancies": pgettext("search result", "Disagreements"), "entities": pgettext("search result", "Entities"),
            "entity": pgettext("search result", "Entity"), "sourcing": pgettext("search result", "Sourcing"),
            "methodology": pgettext("search result", "Method"), "changes": pgettext("search result", "Changes")}.get(kind, "")
