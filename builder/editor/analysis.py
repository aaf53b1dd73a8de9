"""One analysis of a briefing project for the language server: the loader and checks of `briefing check`,
over the editor's unsaved buffers, redoing only what an edit can change.

`briefing check` reads every file, verifies every quote and runs every rule. A keystroke changes one
buffer, so `Project.analyse` keeps, for each content file, what loading it gave (the item and its
problems) and reads again only the files whose text changed: open buffers first, else the file on
disk when its size or time changed. A reloaded item equal to the one before, positions included (an
edit inside a comment), is not replaced, so nothing downstream sees a change. Quotes are verified
again only for the sources whose objects changed (`quotes.verify`'s reuse), and when no item changed
at all (half-typed YAML that does not load yet) the rules are not run again either. Otherwise
every rule runs over the whole model through `rules.check`, as `briefing check` runs them: most
rules are about references between files, and there is one implementation of each.

A file that does not load (half-typed YAML) reports its loading problems, and the rest of the
briefing is checked with the last version of that file that loaded, so one broken file does not
mark every citation of it as unknown; problems the checks find in the broken file itself are left
out until it loads again (their lines are those of the old version).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.checks import rules
from builder.checks import sourcing as sourcing_mod
from builder.model import items as m
from builder.model import load
from builder.model import release_files
from builder.model import settings as settings_mod
from builder.model.diagnostics import Diagnostic, Problems, in_order
from builder.model.xref import Xref
from builder.model.yamlfile import unsaved_buffers
from builder.sources import archive, quotes

SINGLE_FILES = {
    "briefing.yaml": (m.Briefing, "briefing", True),
    "timeline.yaml": (m.Timeline, "timeline", False),
    "entities.yaml": (m.Entities, "entities", False),
    "discrepancies.yaml": (m.Discrepancies, "discrepancies", False),
}
"""The content files of one item each, as load.load() reads them: class, what it is called, required."""
FOLDERS = {"sources": (m.Source, "source"), "themes": (m.Theme, "theme")}
"""The content folders of one item per file, as load.load() reads them."""
_FIELD_OF_SINGLE = {"briefing.yaml": "briefing", "timeline.yaml": "timeline", "entities.yaml": "entities",
                    "discrepancies.yaml": "discrepancies"}
# A list of SINGLE_FILES may be a folder of files instead (load.SPLITTABLE: content/timeline/*.yaml), merged in order.


def find_project(path: str | Path) -> Path | None:
    """The briefing project holding a file: the nearest folder above it with mkdocs.yml and a content folder."""
    here = Path(os.path.abspath(path))
    for folder in (here, *here.parents):
        if (folder / settings_mod.CONFIG_FILE).is_file():
            try:
                settings = settings_mod.read(folder)
            except Problems:
                return None
            return folder if settings.content_dir.is_dir() else None
    return None


@dataclass
class _Loaded:
    """What loading one content file gave: the text or disk stamp it was read from, the item, the problems."""

    stamp: Any
    item: Any
    errors: list[Diagnostic]
    good: Any = None
    """The last item this file loaded to without problems (the model uses it while the file is broken)."""
    slot: tuple[str, str] = ("", "")
    """Where the item goes in the model: ('briefing', '') for a file of one item, ('sources', id) in a folder."""


@dataclass
class Snapshot:
    """One complete analysis: the model checked, and every diagnostic by file (relative to the project)."""

    model: m.Model
    xref: Xref
    diagnostics: dict[str, list[Diagnostic]]
    verification: quotes.Verification
    checked: rules.Checked | None = None
    found: tuple[Diagnostic, ...] = ()
    """What the checks found, in every file (the broken ones' too, which `diagnostics` leaves out)."""
    broken: frozenset[str] = frozenset()
    """Files (relative paths) that do not load as they are now."""
    reloaded: tuple[str, ...] = ()
    """The files read again for this analysis (relative paths)."""
    rules_run: bool = True
    """Whether the rules ran for it (False when no item changed since the analysis before)."""
    _sourcing: sourcing_mod.Sourcing | None = field(default=None, repr=False)

    def sourcing(self) -> sourcing_mod.Sourcing:
        """The derived grades and support, also while the check has errors (then worked out on demand)."""
        if self.checked is not None:
            return self.checked.sourcing
        if self._sourcing is None:
            self._sourcing = sourcing_mod.collect(self.model, self.xref, self.verification.lock.shared or [])
        return self._sourcing


class Project:
    """One briefing project, analysed again after every edit."""

    def __init__(self, root: str | Path):
        self.settings = settings_mod.read(root)
        self.root = Path(self.settings.project_dir)
        self.content = (self.root / self.settings.content).resolve()
        self._files: dict[str, _Loaded] = {}  # by absolute path
        self._releases: tuple[Any, tuple[m.Release, ...], list[Diagnostic]] = (None, (), [])
        self._verified: tuple[m.Model, quotes.Verification] | None = None
        self._last: Snapshot | None = None
        self._seen_outside: tuple[Any, Any] = (None, None)
        self._verified_outside: tuple[Any, Any] = (None, None)
        self._merged: dict[str, tuple[tuple[Any, ...], Any]] = {}  # a split list: its parts, and the item merged from them

    # -- files -------------------------------------------------------------------------------------
    def shown(self, path: str | Path) -> str:
        """A path as diagnostics name it: relative to the project folder."""
        return os.path.relpath(os.path.realpath(path), self.root)

    def absolute(self, shown: str) -> str:
        return os.path.normpath(os.path.join(self.root, shown))

    def kind_of(self, path: str | Path) -> tuple[type, str, str | None] | None:
        """The item class of a content file, what it is called, and the id its name gives (sources, themes)."""
        path = Path(os.path.realpath(path))
        if path.parent == self.content and path.name in SINGLE_FILES:
            cls, what, _ = SINGLE_FILES[path.name]
            return cls, what, None
        if path.parent.parent == self.content and path.parent.name in FOLDERS:
            cls, what = FOLDERS[path.parent.name]
            return cls, what, path.stem
        if path.parent.parent == self.content and path.parent.name in load.SPLITTABLE and path.suffix == ".yaml" \
                and not path.name.startswith("."):
            cls, what, _ = SINGLE_FILES[path.parent.name + ".yaml"]
            return cls, what, None
        return None

    def list_files(self, name: str) -> list[str]:
        """The files of one of SINGLE_FILES' lists ('entities'), as absolute paths in load order: NAME.yaml, or the
        files of the folder NAME/ when it is split (load.SPLITTABLE)."""
        parts = load.split_parts(self.content, name, self.root, []) if name in load.SPLITTABLE else None
        return [str(path) for path in parts] if parts is not None else [str(self.content / f"{name}.yaml")]

    def content_files(self, buffers: dict[str, str]) -> list[str]:
        """Every content file the model is made of, on disk or only in a buffer, as absolute paths, in load order."""
        found = [str(self.content / name) for name in SINGLE_FILES if (self.content / name).is_file()]
        for name in FOLDERS:
            folder = self.content / name
            if folder.is_dir():
                found += [entry.path for entry in os.scandir(folder)]
        for name in load.SPLITTABLE:
            found += [str(path) for path in load.split_parts(self.content, name, self.root, []) or ()
                      if str(path) not in found]
        found += [path for path in buffers if self.kind_of(path) and path not in found]
        return found

    def text_of(self, path: str | Path, buffers: dict[str, str]) -> str:
        """What the editor shows of a file: its buffer, else the file on disk ('' when there is none)."""
        path = os.path.realpath(path)
        if path in buffers:
            return buffers[path]
        try:
            return Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    @staticmethod
    def _stamp(path: str, buffers: dict[str, str]) -> Any:
        if path in buffers:
            return ("buffer", buffers[path])
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return ("disk", stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _load_file(self, path: str) -> tuple[Any, list[Diagnostic]]:
        """One file through the loader of `briefing check` (the folder's file-name rules included)."""
        kind = self.kind_of(path)
        assert kind is not None, path  # only content files are listed
        cls, what, file_id = kind
        errors: list[Diagnostic] = []
        if file_id is None:
            return load._load_item(Path(path), self.root, cls, what, errors), errors
        folder = Path(path).parent.name
        items, errors, _unread = load._load_folder([Path(path)], self.root, cls, what, folder)
        return items.get(file_id), errors

    def _refresh(self, buffers: dict[str, str]) -> list[str]:
        """Read again the files whose text changed; the paths read."""
        paths = self.content_files(buffers)
        for gone in set(self._files) - set(paths):
            del self._files[gone]
        reloaded = []
        with unsaved_buffers(buffers):
            for path in paths:
                stamp = self._stamp(path, buffers)
                before = self._files.get(path)
                if before is not None and before.stamp == stamp:
                    continue
                item, errors = self._load_file(path)
                reloaded.append(path)
                good = before.good if before else None
                if item is not None and not errors:
                    good = before.good if before and same_item(before.good, item) else item
                self._files[path] = _Loaded(stamp, good if item is not None and not errors else item, errors, good,
                                            self._slot(path))
        self._refresh_releases()
        return reloaded

    def _slot(self, path: str) -> tuple[str, str]:
        parent, name = os.path.split(path)
        if parent == str(self.content):
            return _FIELD_OF_SINGLE[name], ""
        if os.path.dirname(parent) == str(self.content) and os.path.basename(parent) in load.SPLITTABLE:
            return os.path.basename(parent), ""  # a part of a split list: merged in _single
        return os.path.basename(parent), os.path.splitext(name)[0]

    def _refresh_releases(self) -> None:
        folder = self.content / release_files.FOLDER
        stamp = tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(folder))) \
            if folder.is_dir() else ()
        if stamp != self._releases[0]:
            errors: list[Diagnostic] = []
            releases = release_files.read_all(self.content, self.root, errors)
            self._releases = (stamp, releases, errors)

    # -- the model ---------------------------------------------------------------------------------
    def _model(self) -> m.Model:
        """The briefing as it loads now, each broken file as it last loaded (or left out)."""
        singles: dict[str, list[Any]] = {}
        folders: dict[str, dict[str, Any]] = {name: {} for name in FOLDERS}
        for path in sorted(self._files):  # the order load.load() reads them in (timeline.yaml before timeline/)
            loaded = self._files[path]
            if loaded.good is None:
                continue
            kind, file_id = loaded.slot
            if file_id:
                folders[kind][file_id] = loaded.good
            else:
                singles.setdefault(kind, []).append(loaded.good)
        return m.Model(
            briefing=self._single(singles, "briefing", m.Briefing), sources=folders["sources"], themes=folders["themes"],
            timeline=self._single(singles, "timeline", m.Timeline), entities=self._single(singles, "entities", m.Entities),
            discrepancies=self._single(singles, "discrepancies", m.Discrepancies), project_dir=str(self.root),
            content_dir=str(self.content), releases=self._releases[1])

    def _single(self, singles: dict[str, list[Any]], kind: str, cls: type) -> Any:
        """The item of one of SINGLE_FILES; a split list's merged from its parts, the same object while they are."""
        parts = singles.get(kind)
        if not parts:
            return cls()
        if kind not in load.SPLITTABLE or not (self.content / kind).is_dir():
            return parts[-1]
        before = self._merged.get(kind)
        if before is not None and len(before[0]) == len(parts) and all(a is b for a, b in zip(before[0], parts, strict=True)):
            return before[1]  # the same parts: the same item, so that an unchanged model is seen as one
        merged = load.merge_parts(cls, parts, m.Loc(self.shown(self.content / kind), 0))
        self._merged[kind] = (tuple(parts), merged)
        return merged

    def _load_problems(self) -> tuple[list[Diagnostic], frozenset[str]]:
        """The loading problems of every file, and the files that have some."""
        found = [d for loaded in self._files.values() for d in loaded.errors] + list(self._releases[2])
        for name in load.SPLITTABLE:  # a split list's folder: both it and NAME.yaml, a file not .yaml in it
            load.split_parts(self.content, name, self.root, found)
        for name, (_, what, required) in SINGLE_FILES.items():
            path = self.content / name
            if required and str(path) not in self._files:
                found.append(Diagnostic(self.shown(path), 0, f"{what} file is missing",
                                        "`briefing init` starts a briefing with every file in place"))
        return found, frozenset(d.path for d in found)

    # -- the analysis ------------------------------------------------------------------------------
    def analyse(self, buffers: dict[str, str] | None = None) -> Snapshot:
        """Load what changed, check, and return every diagnostic by file."""
        buffers = {os.path.realpath(path): text for path, text in (buffers or {}).items()}
        reloaded = self._refresh(buffers)
        model = self._model()
        problems, broken = self._load_problems()
        last = self._last
        outside = self._outside(model)
        if outside[1] != self._seen_outside[1]:
            self._verified = None  # an archived text changed: verify every quote again
        changed_outside, self._seen_outside = outside != self._seen_outside, outside
        if last is not None and same_model(last.model, model) and not changed_outside:
            snapshot = dataclasses.replace(last, rules_run=False)
        elif not model.briefing.loc.path:
            snapshot = Snapshot(model, Xref(model), {}, quotes.Verification())  # no briefing.yaml has loaded yet
        else:
            with unsaved_buffers(buffers):
                snapshot = self._check(model)
        kept = [d for d in snapshot.found if d.path not in broken]
        diagnostics: dict[str, list[Diagnostic]] = {}
        for d in in_order(problems + kept):
            diagnostics.setdefault(d.path, []).append(d)
        snapshot = dataclasses.replace(snapshot, diagnostics=diagnostics, broken=broken,
                                       reloaded=tuple(self.shown(p) for p in reloaded))
        self._last = snapshot
        return snapshot

    def _outside(self, model: m.Model) -> tuple[Any, Any]:
        """What the checks read besides the content files: the quote lock, and the archived texts (by stat)."""
        def stat(path: Path) -> Any:
            try:
                found = path.stat()
            except OSError:
                return None
            return found.st_mtime_ns, found.st_size

        folder = model.briefing.archive
        texts: Any = None
        if folder and not archive.folder_problem(folder) and (self.root / folder).is_dir():
            texts = tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size)
                                 for e in os.scandir(self.root / folder) if e.is_file()))
        return stat(quotes.lock_path(model)), texts

    def _check(self, model: m.Model) -> Snapshot:
        """Every rule of `briefing check` over the model; only the changed sources' quotes verified again (none
        when no source changed: verifying reads the sources, the lock and the archived texts, nothing else)."""
        xref = Xref(model)
        earlier = self._verified
        if earlier is not None and _same_objects(earlier[0].sources, model.sources) \
                and earlier[0].briefing.archive == model.briefing.archive and self._verified_outside == self._seen_outside:
            verification = earlier[1]  # the same sources, lock and archived texts: the same verification
        else:
            verification = quotes.verify(model, reuse=earlier)
        self._verified, self._verified_outside = (model, verification), self._seen_outside
        checked = None
        try:
            checked = rules.check(model, xref=xref, verification=verification)
            found = list(checked.warnings)
        except Problems as problems:
            found = problems.errors + problems.warnings
        return Snapshot(model, xref, {}, verification, checked, found=tuple(found))


def same_model(a: m.Model, b: m.Model) -> bool:
    """Whether two models hold the very same items (nothing was reloaded into them differently)."""
    return (a.briefing is b.briefing and a.timeline is b.timeline and a.entities is b.entities
            and a.discrepancies is b.discrepancies and a.releases is b.releases
            and _same_objects(a.sources, b.sources) and _same_objects(a.themes, b.themes))


def _same_objects(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and list(a) == list(b) and all(a[k] is b[k] for k in a)


def same_item(a: Any, b: Any) -> bool:
    """Equal items at the same places: values, and every item's location and field lines, alike."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same_item(x, y) for x, y in zip(a, b, strict=False))
    if isinstance(a, m.Item):
        return a.loc == b.loc and a.lines == b.lines and all(
            same_item(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a) if f.name not in ("loc", "lines"))
    return a == b
