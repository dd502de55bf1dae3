"""API routes for documents (list, show, upload, re-code, delete), mentions and runs."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from dyadwatch import __version__
from dyadwatch.server.deps import ERRORS, WRITE_ERRORS, Limit, Offset, Service, require_read, require_write
from dyadwatch.server.models import (
    DocChangeOut,
    DocumentDetail,
    DocumentPage,
    Health,
    MentionOut,
    MentionPage,
    RunPage,
    UploadOut,
)

log = logging.getLogger(__name__)

router = APIRouter()
read = APIRouter(dependencies=[Depends(require_read)], responses=ERRORS)
write = APIRouter(dependencies=[Depends(require_write)], responses=WRITE_ERRORS)


@router.get("/health", tags=["meta"])
def health(svc: Service, request: Request) -> Health:
    """Liveness, version and schema revision (always public)."""
    s = request.app.state.settings
    url = svc.store.engine.url.render_as_string(hide_password=True)
    return Health(status="ok", version=__version__, revision=svc.store.revision, database=url.split("://")[0],
                  read_public=s.read_public, writes_enabled=bool(s.token))  # fmt: skip


@read.get("/documents", tags=["documents"])
def list_documents(
    svc: Service,
    status: Annotated[str | None, Query(pattern="^(ok|failed)$", description="ok or failed.")] = None,
    lang: Annotated[str | None, Query(max_length=8, description="Dominant language, e.g. tr.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DocumentPage:
    """Stored documents and failed inputs (with their reasons), oldest first; without their text."""
    return DocumentPage.model_validate(svc.documents(status, lang, limit, offset))


@read.get("/documents/{doc_id}", tags=["documents"])
def show_document(svc: Service, doc_id: str) -> DocumentDetail:
    """A document with its text, sentences, mentions and the text cut into highlight segments."""
    doc, sents, mentions, segs = svc.document(doc_id)
    return DocumentDetail.model_validate(
        {**dataclasses.asdict(doc), "sentences": sents, "mentions": mentions, "segments": segs}
    )


@write.post("/documents", status_code=201, tags=["documents"])
async def upload_document(
    request: Request,
    svc: Service,
    file: Annotated[UploadFile, File(description="A .txt, .md, .html, .pdf or .jsonl file.")],
    published: Annotated[date | None, Form(description="Publication date for inputs that carry none.")] = None,
) -> UploadOut:
    """Upload a document (or a JSONL batch): it is read, coded, stored and clustered like ``dyadwatch ingest``.

    The file name is only kept as a label (its last part, cleaned); nothing is written under it."""
    limit = int(request.app.state.settings.max_upload_mb * 1024 * 1024)
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"upload larger than the limit of {limit} bytes")
    result = await run_in_threadpool(svc.upload, file.filename, file.content_type, data, published)
    return UploadOut.model_validate(result)


@write.delete("/documents/{doc_id}", tags=["documents"])
def delete_document(svc: Service, doc_id: str) -> DocChangeOut:
    """Delete a document, its sentences and mentions; the events it reported are re-clustered."""
    change, total = svc.delete(doc_id)
    return DocChangeOut(doc_id=change.doc_id, events_detached=change.events_detached,
                        mentions_removed=change.mentions_removed, mentions_added=0, events=total)  # fmt: skip


@write.post("/documents/{doc_id}/recode", tags=["documents"])
def recode_document(svc: Service, doc_id: str) -> DocChangeOut:
    """Run the current coder over a stored document again and replace its mentions (events re-clustered)."""
    change, total = svc.recode(doc_id)
    return DocChangeOut(doc_id=change.doc_id, events_detached=change.events_detached,
                        mentions_removed=change.mentions_removed, mentions_added=change.mentions_added,
                        events=total)  # fmt: skip


@read.get("/mentions", tags=["mentions"])
def list_mentions(
    svc: Service,
    event_id: Annotated[str | None, Query(max_length=64)] = None,
    doc_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> MentionPage:
    """Mentions (event reports) of one event or document, in order, each with its highlighted sentence."""
    if event_id is None and doc_id is None:
        raise HTTPException(400, "give event_id or doc_id")
    return MentionPage.model_validate(svc.mentions(event_id, doc_id, limit, offset))


@read.get("/mentions/{mention_id}", tags=["mentions"])
def show_mention(svc: Service, mention_id: int) -> MentionOut:
    """One mention with its evidence."""
    return MentionOut.model_validate(svc.mention(mention_id))


@read.get("/runs", tags=["runs"])
def list_runs(svc: Service, limit: Limit = 50, offset: Offset = 0) -> RunPage:
    """Ingest, upload, re-code and delete runs, newest first, with their counts."""
    return RunPage.model_validate(svc.runs(limit, offset))


router.include_router(read)
router.include_router(write)
