"""`briefing lsp`: a language server for briefings, over stdio (pygls speaks the protocol).

Any editor starts it; it works on the project holding each file opened (the nearest folder above
it with mkdocs.yml and a content folder). Every edit schedules an analysis of that project
(analysis.py: the loader and checks of `briefing check`, over the unsaved buffers, redoing only
what the edit can change) in one worker thread, so requests are answered meanwhile; edits that
arrive during an analysis are taken together by the next one. Diagnostics are published for every
file whose diagnostics changed, and for each edited buffer once per version it was analysed at.

The answers to requests (assist.py, complete.py, actions.py) read the latest analysis and the
buffers as they are now. Nothing runs between messages: an idle server uses no CPU.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from collections.abc import Callable

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from builder.editor import actions, assist, complete
from builder.editor.analysis import Project, Snapshot, find_project
from builder.model import workers
from builder.model.yamlfile import unsaved_buffers

log = logging.getLogger("briefing.lsp")

TRIGGERS = ["@", "#", "[", ":", " ", '"', ","]
"""Characters after which the editor asks for completions: citations, ids, values, quotes."""


class BriefingServer(LanguageServer):
    """The server's state: the projects opened, their latest analysis, what each editor was last told."""

    def __init__(self) -> None:
        super().__init__("briefing", "0.1.0", text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.projects: dict[str, Project] = {}
        self.snapshots: dict[str, Snapshot] = {}
        self.told: dict[str, tuple[tuple, int | None]] = {}  # path -> (diagnostics published, buffer version)
        self.pending: set[str] = set()
        self.running: asyncio.Future | None = None
        self.analysed: asyncio.Event = asyncio.Event()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-analysis")

    # -- files and projects ------------------------------------------------------------------------
    def project_of(self, uri: str) -> Project | None:
        path = to_fs_path(uri)
        if not path:
            return None
        for root, project in self.projects.items():
            if os.path.realpath(path).startswith(root + os.sep):
                return project
        found = find_project(Path(path).parent)
        if found is None:
            return None
        project = self.projects[str(found)] = Project(found)
        return project

    def buffers(self, project: Project) -> tuple[dict[str, str], dict[str, int]]:
        """The open buffers of a project's files, and their versions, by real path."""
        texts, versions = {}, {}
        for uri, document in list(self.workspace.text_documents.items()):
            path = os.path.realpath(to_fs_path(uri) or "")
            if path.startswith(str(project.root) + os.sep):
                texts[path] = document.source
                versions[path] = document.version
        return texts, versions

    def docs(self, project: Project) -> assist.Docs:
        return assist.Docs(project, self.buffers(project)[0], self.workspace.position_codec.client_num_units)

    # -- analysis ----------------------------------------------------------------------------------
    def schedule(self, project: Project) -> None:
        self.pending.add(str(project.root))
        if self.running is None or self.running.done():
            self.running = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self.pending:
            root = self.pending.pop()
            project = self.projects[root]
            buffers, versions = self.buffers(project)
            try:
                snapshot = await loop.run_in_executor(self.executor, project.analyse, buffers)
            except Exception:  # noqa: BLE001 - the server stays up; the editor is told why nothing changed
                self.report(f"briefing: the analysis failed:\n{traceback.format_exc()}")
                continue
            self.snapshots[root] = snapshot
            self.publish(project, snapshot, buffers, versions)
        self.analysed.set()
        self.analysed = asyncio.Event()

    async def snapshot(self, project: Project) -> Snapshot | None:
        """The latest analysis of a project, waiting for the first one (None if it failed)."""
        root = str(project.root)
        if root not in self.snapshots:
            self.schedule(project)
            await self.analysed.wait()
        return self.snapshots.get(root)

    def publish(self, project: Project, snapshot: Snapshot, buffers: dict[str, str], versions: dict[str, int]) -> None:
        """Tell the editor each file's diagnostics that changed, and every analysed buffer's at its version."""
        docs = assist.Docs(project, buffers, self.workspace.position_codec.client_num_units)
        reloaded = {project.absolute(shown) for shown in snapshot.reloaded}
        paths = {project.absolute(shown) for shown in snapshot.diagnostics}
        paths |= {p for p in self.told if p.startswith(str(project.root) + os.sep)} | set(buffers)
        for path in sorted(paths):
            found = tuple(snapshot.diagnostics.get(project.shown(path), ()))
            version = versions.get(path)
            before = self.told.get(path)
            if before is not None and before == (found, version) and path not in reloaded:
                continue
            self.told[path] = (found, version)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                assist.uri_of(path), assist.lsp_diagnostics(docs, path, found), version))

    def report(self, message: str) -> None:
        log.error(message)
        self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, message))


server = BriefingServer()


def _guarded(handler: Callable) -> Callable:
    """A request handler that answers nothing, rather than failing, when something unforeseen goes wrong."""

    @functools.wraps(handler)
    async def guarded(ls: BriefingServer, params: Any) -> Any:
        try:
            return await handler(ls, params)
        except Exception:  # noqa: BLE001 - one failed answer must not take the server down
            ls.report(f"briefing: {handler.__name__} failed:\n{traceback.format_exc()}")
            return None

    return guarded


async def _at(ls: BriefingServer, params: Any) -> tuple[Project, Snapshot, assist.Docs, str, int, int] | None:
    """The project, analysis, texts, file, line and column (in characters) a request is about."""
    uri = params.text_document.uri
    project = ls.project_of(uri)
    if project is None:
        return None
    document = ls.workspace.get_text_document(uri)
    position = document.position_from_client_units(params.position) if hasattr(params, "position") else None
    snapshot = await ls.snapshot(project)
    if snapshot is None:
        return None
    path = os.path.realpath(to_fs_path(uri) or "")
    line, column = (position.line, position.character) if position is not None else (0, 0)
    return project, snapshot, ls.docs(project), path, line, column


async def _target(ls: BriefingServer, params: Any) -> tuple[Project, Snapshot, assist.Docs, str, Any] | None:
    """What _at gives, with the id, citation or field at the cursor in place of the line and column."""
    at = await _at(ls, params)
    if at is None:
        return None
    project, snapshot, docs, path, line, column = at
    target = assist.target_at(docs, path, line, column)
    return None if target is None else (project, snapshot, docs, path, target)


# -- document sync -------------------------------------------------------------------------------------
def _analyse_project_of(ls: BriefingServer, uri: str) -> None:
    project = ls.project_of(uri)
    if project is not None:
        ls.schedule(project)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BriefingServer, params: lsp.DidOpenTextDocumentParams) -> None:
    _analyse_project_of(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BriefingServer, params: lsp.DidChangeTextDocumentParams) -> None:
    _analyse_project_of(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BriefingServer, params: lsp.DidCloseTextDocumentParams) -> None:
    _analyse_project_of(ls, params.text_document.uri)  # the file on disk counts again


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BriefingServer, params: lsp.DidSaveTextDocumentParams) -> None:
    _analyse_project_of(ls, params.text_document.uri)


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: BriefingServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    """Files changed on disk (another program, a git checkout, `briefing lock`): analyse their projects."""
    for root in {str(p.root) for change in params.changes if (p := ls.project_of(change.uri)) is not None}:
        ls.schedule(ls.projects[root])


@server.feature(lsp.INITIALIZED)
async def initialized(ls: BriefingServer, params: lsp.InitializedParams) -> None:
    watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watch and watch.dynamic_registration:
        await ls.client_register_capability_async(lsp.RegistrationParams([lsp.Registration(
            "briefing-files", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            lsp.DidChangeWatchedFilesRegistrationOptions([lsp.FileSystemWatcher("**/*.{yaml,json,lock,txt,md,html,htm}")]))]))


# -- requests ------------------------------------------------------------------------------------------
@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=TRIGGERS))
@_guarded
async def completion(ls: BriefingServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    at = await _at(ls, params)
    if at is None:
        return None
    _, snapshot, docs, path, line, column = at
    return complete.completions(docs, snapshot, path, line, column)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
@_guarded
async def hover(ls: BriefingServer, params: lsp.HoverParams) -> lsp.Hover | None:
    found = await _target(ls, params)
    if found is None:
        return None
    project, snapshot, docs, path, target = found
    kind = project.kind_of(path)
    with unsaved_buffers(docs.buffers):  # the lines of texts it names, as the editor shows them
        text = assist.hover_text(snapshot, target, kind[0] if kind else None)
    if not text:
        return None
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text),
                     docs.range(path, target.line, target.start, target.end))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
@_guarded
async def definition(ls: BriefingServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    found = await _target(ls, params)
    return assist.definition(found[2], found[4]) if found else None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
@_guarded
async def references(ls: BriefingServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    found = await _target(ls, params)
    if found is None or found[4].kind == "field":
        return None
    return assist.references(found[2], found[4], params.context.include_declaration)


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
@_guarded
async def prepare_rename(ls: BriefingServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
    at = await _at(ls, params)
    if at is None:
        return None
    _, _, docs, path, line, column = at
    found = assist.prepare_rename(assist.target_at(docs, path, line, column))
    if found is None:
        return None
    line, start, end, name = found
    return lsp.PrepareRenamePlaceholder(docs.range(path, line, start, end), name)


@server.feature(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameOptions(prepare_provider=True))
@_guarded
async def rename(ls: BriefingServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = await _target(ls, params)
    if found is None:
        return None
    project, snapshot, docs, _, target = found
    workspace = ls.client_capabilities.workspace
    edit_caps = workspace.workspace_edit if workspace else None
    document_changes = bool(edit_caps and edit_caps.document_changes)
    can_rename = bool(edit_caps and lsp.ResourceOperationKind.Rename in (edit_caps.resource_operations or []))
    try:
        edit = assist.rename(docs, snapshot, target, params.new_name, ls.buffers(project)[1], can_rename)
    except assist.RenameRefused as refused:
        ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning, f"briefing: {refused}"))
        return None
    if not document_changes:  # an editor that takes only plain changes: the same edits, by file
        edit = lsp.WorkspaceEdit(changes={
            change.text_document.uri: [e for e in change.edits if isinstance(e, lsp.TextEdit)]
            for change in edit.document_changes or () if isinstance(change, lsp.TextDocumentEdit)})
    return edit


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
@_guarded
async def code_action(ls: BriefingServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    at = await _at(ls, params)
    if at is None:
        return None
    _, snapshot, docs, path, _, _ = at
    return actions.code_actions(docs, snapshot, path, params.range.start.line, params.range.end.line)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@_guarded
async def document_symbol(ls: BriefingServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
    at = await _at(ls, params)
    if at is None:
        return None
    _, _, docs, path, _, _ = at
    return assist.symbols(docs, path)


def serve() -> int:
    """Run the server on stdin and stdout until the editor ends it."""
    workers.processes = 1  # no fork from a process with threads: the analysis thread, the reader's
    logging.basicConfig(level=logging.WARNING, format="briefing lsp: %(message)s")
    server.start_io()
    return 0
