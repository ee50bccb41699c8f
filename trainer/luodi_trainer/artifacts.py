"""Describe output files and folders with their size and SHA-256, for the artifact events."""

import hashlib
from pathlib import Path

from .events import ArtifactEvent, ArtifactFile

CHUNK_BYTES = 1024 * 1024


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def describe_artifact(kind: str, path: Path) -> ArtifactEvent:
    """Hash a file, or every file of a folder and then the folder's manifest (see ArtifactEvent)."""
    if path.is_file():
        size = path.stat().st_size
        digest = sha256_file(path)
        return ArtifactEvent(
            kind=kind,
            path=str(path),
            size_bytes=size,
            sha256=digest,
            files=[ArtifactFile(path=path.name, size_bytes=size, sha256=digest)],
        )

    files = [
        ArtifactFile(path=str(file.relative_to(path)), size_bytes=file.stat().st_size, sha256=sha256_file(file))
        for file in sorted(path.rglob("*"))
        if file.is_file()
    ]
    manifest = "".join(f"{file.sha256}  {file.path}\n" for file in sorted(files, key=lambda item: item.path))
    return ArtifactEvent(
        kind=kind,
        path=str(path),
        size_bytes=sum(file.size_bytes for file in files),
        sha256=hashlib.sha256(manifest.encode("utf-8")).hexdigest(),
        files=files,
    )
