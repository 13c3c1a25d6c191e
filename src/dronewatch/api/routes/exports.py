"""Exports: the same files as ``dronewatch export``, as downloads."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from dronewatch.api.params import CommonFilter, StoreDep
from dronewatch.export import MEDIA_TYPES, ExportError, ExportFormat, export, file_name
from dronewatch.record import EventType, Status

__all__ = ["router"]

router = APIRouter(prefix="/api/export", tags=["exports"])


@router.get("/{format}", summary="Download an export", response_class=Response,
            responses={200: {"content": {t: {} for t in set(MEDIA_TYPES.values())}}})
def download(store: StoreDep, format: ExportFormat, f: CommonFilter,
             kind: Annotated[str | None, Query(description="records (json/jsonl), articles, events, claims, "
                                                           "figures, loaded, incidents; barrage (csv/json)")] = None,
             type: Annotated[EventType | None, Query(description="Event type")] = None,
             status: Annotated[Status | None, Query(description="Event status")] = None) -> Response:
    """The stored records selected by the event filters, as CSV, JSON, JSONL, GeoJSON, Parquet or ACLED CSV."""
    out = io.BytesIO()
    try:
        export(store, format, out, kind, replace(f, type=type, status=status))
    except ExportError as exc:
        raise HTTPException(422, detail=[{"loc": ["query", "kind"], "msg": str(exc), "type": "value_error"}]) from exc
    return Response(out.getvalue(), media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{file_name(format, kind)}"'})
