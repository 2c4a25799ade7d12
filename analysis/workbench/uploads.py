"""A county's files sent from the page: size-limited, read by the command line's own readers
(`sim/county/`), kept only when every row is right.

The upload is written to a staging file inside the workspace, read as `population.register=` or
`calibration.records=` would read it, and moved to its name only then; a file with any bad row, or
too large, or not CSV or XLSX, is removed and the reasons are returned (the command line's lines:
file, row, column, value and what is allowed), so an invalid upload leaves nothing behind.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from analysis.workbench.workspace import OutsideWorkspace, Workspace, upload_name
from sim.config.errors import ConfigError
from sim.county.records import load_records
from sim.county.register import load_register

MAX_BYTES = 20 * 1024 * 1024   # a register of 100,000 enterprises as XLSX is about 4 MB
KINDS = {"register": load_register, "records": load_records}


class UploadRefused(ValueError):
    """The lines saying why an upload was not kept (the first is the summary)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


async def receive(workspace: Workspace, kind: str, upload, limit: int = MAX_BYTES) -> Path:
    """Store `upload` (a Starlette UploadFile) as a `kind` file ('register' or 'records') once it reads
    without error; UploadRefused with the reasons otherwise, the staging file removed."""
    if kind not in KINDS:
        raise UploadRefused([f"kind = {kind!r}: must be register or records"])
    try:
        name = upload_name(upload.filename or "")
    except OutsideWorkspace as error:
        raise UploadRefused([str(error)]) from None
    target = workspace.upload_path(kind, name)
    staging = workspace.inside(target.with_name(f".upload-{secrets.token_hex(6)}{target.suffix}"))
    try:
        size = 0
        with staging.open("wb") as out:
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused([f"file = {upload.filename!r}: larger than {limit // (1024 * 1024)} MB, "
                                         "the most the page takes"])
                out.write(chunk)
        try:
            KINDS[kind](str(staging), label=name)
        except ConfigError as error:
            raise UploadRefused(str(error).splitlines()) from None
        os.replace(staging, target)
        return target
    finally:
        staging.unlink(missing_ok=True)
