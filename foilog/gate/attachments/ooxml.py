"""Safe access to OOXML (zip) packages: bomb checks, bounded reads, defused XML.

Office files are zips of XML parts. A hostile one can declare tiny sizes and
expand to gigabytes, carry ``../`` member names, or use XML entity tricks, so
every read goes through :class:`Package`, which checks the central directory
up front and counts bytes while decompressing (declared sizes can lie).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from foilog.gate.attachments._common import FileRefused, Inspection, hidden, plural
from foilog.gate.attachments._model import Limits
from foilog.gate.attachments.image import check_image

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_DRIVE = re.compile(r"^[A-Za-z]:")
_BOMB_FIX = "do not publish it; re-save the document from its source application"


def local(tag: str) -> str:
    """Strip the ``{namespace}`` from an ElementTree tag or attribute name."""
    return tag.rsplit("}", 1)[-1]


def attr(el: Element, name: str, default: str | None = None) -> str | None:
    """Read an attribute by local name, whatever namespace prefix it carries."""
    for key, value in el.attrib.items():
        if local(key) == name:
            return value
    return default


def is_true(value: str | None) -> bool:
    """OOXML booleans: ``1``/``true``/``on`` (and presence-only elements)."""
    return value is not None and value.lower() in ("1", "true", "on")


class _Counted(io.RawIOBase):
    """A readable stream that fails once more than ``budget`` bytes come out."""

    def __init__(self, raw: IO[bytes], budget: int, name: str) -> None:
        self._raw = raw
        self._left = budget
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        view = memoryview(buffer)  # BufferedReader passes a byte memoryview
        data = self._raw.read(len(view))
        self._left -= len(data)
        if self._left < 0:
            raise FileRefused(
                "unsafe-zip-bomb",
                f"the part {self._name} expands beyond its declared size or the size limit (a zip bomb); {_BOMB_FIX}",
            )
        view[: len(data)] = data
        return len(data)


class Package:
    """An OOXML package opened with zip-bomb and path checks applied."""

    def __init__(self, path: Path, limits: Limits) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise FileRefused(
                "unsafe-unparseable",
                f"the file is not a readable Office document ({type(exc).__name__}); re-save it from its source application",
            ) from exc
        self.limits = limits
        infos = self._zip.infolist()
        if len(infos) > limits.max_zip_members:
            raise FileRefused(
                "unsafe-zip-bomb",
                f"the package has {len(infos):,} parts (limit {limits.max_zip_members:,}); {_BOMB_FIX}",
            )
        total = 0
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts:
                raise FileRefused(
                    "unsafe-zip-path",
                    "the package contains a part whose name points outside it "
                    f"({name[:60]!r}), a trick used to overwrite files; {_BOMB_FIX}",
                )
            if info.flag_bits & 0x1:
                raise FileRefused(
                    "unsafe-encrypted",
                    "parts of the package are encrypted, so they cannot be checked; remove the password and publish the clean copy",
                )
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1024 * 1024 and ratio > limits.max_zip_ratio:
                raise FileRefused(
                    "unsafe-zip-bomb",
                    f"the part {name[:60]} expands {ratio:,.0f} times (limit "
                    f"{limits.max_zip_ratio:,.0f}), the signature of a zip bomb; {_BOMB_FIX}",
                )
            self.infos[name] = info
        if total > limits.max_zip_uncompressed_bytes:
            raise FileRefused(
                "unsafe-zip-bomb",
                f"the package expands to {total / 1e6:,.0f} MB (limit {limits.max_zip_uncompressed_bytes / 1e6:,.0f} MB); {_BOMB_FIX}",
            )
        self._budget = limits.max_zip_uncompressed_bytes

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    @property
    def names(self) -> list[str]:
        return list(self.infos)

    def has(self, name: str) -> bool:
        return name in self.infos

    def open(self, name: str) -> IO[bytes]:
        """Open a part as a stream that cannot expand past its declared size."""
        info = self.infos[name]
        budget = min(info.file_size, self._budget)
        self._budget -= info.file_size
        try:
            raw = self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
            raise FileRefused(
                "unsafe-unparseable",
                f"the part {name[:60]} cannot be read ({type(exc).__name__}); re-save the document from its source application",
            ) from exc
        return io.BufferedReader(_Counted(raw, budget, name), buffer_size=256 * 1024)

    def read(self, name: str) -> bytes:
        """Read a whole part (bounded like :meth:`open`)."""
        with self.open(name) as stream:
            try:
                return stream.read()
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise _broken(name, exc) from exc

    def xml(self, name: str) -> Element | None:
        """Parse a part with defused XML; ``None`` when the part is absent."""
        if name not in self.infos:
            return None
        try:
            return SafeET.fromstring(self.read(name), forbid_dtd=True)
        except (ParseError, DefusedXmlException, ValueError) as exc:
            raise _broken(name, exc) from exc

    def iterparse(self, name: str) -> Iterator[tuple[str, Element]]:
        """Stream ``start``/``end`` events from a big part (sheets, documents)."""
        stream = self.open(name)
        try:
            yield from SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True)
        except (ParseError, DefusedXmlException, ValueError, zipfile.BadZipFile, EOFError) as exc:
            raise _broken(name, exc) from exc
        finally:
            stream.close()

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """Relationships of ``part``: id -> (type suffix, resolved target, is external)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_name)
        result: dict[str, tuple[str, str, bool]] = {}
        if root is None:
            return result
        for rel in root:
            rid = rel.get("Id") or ""
            rtype = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            external = (rel.get("TargetMode") or "").lower() == "external"
            if not external:
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            result[rid] = (rtype, target, external)
        return result

    def check_macros(self) -> None:
        """Refuse packages carrying VBA projects or ActiveX controls (code, never run)."""
        for name in self.infos:
            low = name.lower()
            if low.endswith("vbaproject.bin") or "/activex/" in low or low.endswith("vbadata.xml"):
                raise FileRefused(
                    "unsafe-macro",
                    f"the file contains macros or ActiveX controls ({name[:60]}); foilog never "
                    "runs or checks code: publish CSV, PDF, or a clean copy saved without macros",
                )

    def properties(self) -> list[tuple[str, str]]:
        """Document properties from docProps/core.xml, app.xml and custom.xml."""
        props: list[tuple[str, str]] = []
        core = self.xml("docProps/core.xml")
        if core is not None:
            for el in core:
                if el.text and el.text.strip() and local(el.tag) not in ("created", "modified"):
                    props.append((local(el.tag), el.text.strip()))
        app = self.xml("docProps/app.xml")
        if app is not None:
            for el in app:
                if local(el.tag) in ("Company", "Manager") and el.text and el.text.strip():
                    props.append((local(el.tag), el.text.strip()))
        custom = self.xml("docProps/custom.xml")
        if custom is not None:
            for prop in custom:
                value = "".join(t for t in prop.itertext()).strip()
                if value:
                    props.append((prop.get("name") or "custom", value))
        return props


def _broken(name: str, exc: BaseException) -> FileRefused:
    if isinstance(exc, FileRefused):
        return exc
    if isinstance(exc, DefusedXmlException):
        return FileRefused(
            "unsafe-unparseable",
            f"the part {name[:60]} uses XML entity or DTD declarations, a known attack on "
            "XML parsers; re-save the document from its source application",
        )
    return FileRefused(
        "unsafe-unparseable",
        f"the part {name[:60]} is damaged ({type(exc).__name__}); re-save the document from its source application",
    )


def check_media(pkg: Package, out: Inspection, display: str, prefix: str) -> None:
    """Check images and embedded objects inside an OOXML package (shared with Word)."""
    kind = "xlsx" if prefix == "xl/" else "docx"
    embeds = [n for n in pkg.names if n.startswith(prefix + "embeddings/")]
    if embeds:
        out.findings.append(
            hidden(
                display,
                f"{kind}-embedded-object",
                f"the file embeds {plural(len(embeds), 'other file')} "
                f"({', '.join(posixpath.basename(e) for e in embeds[:5])}), which foilog cannot check and "
                "which often hold whole source spreadsheets: paste values or pictures instead, or "
                "publish the embedded files separately after checking them",
            )
        )
    for name in pkg.names:
        if name.startswith(prefix + "media/") and pkg.infos[name].file_size <= 50 * 1024 * 1024:
            try:
                findings, meta = check_image(pkg.read(name), display, label=posixpath.basename(name))
            except FileRefused:
                continue  # EMF/WMF and other vector formats Pillow cannot read carry no EXIF
            out.findings.extend(findings)
            out.metadata.extend(meta)
