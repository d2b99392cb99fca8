"""Legacy office formats (.doc, .rtf, .odt ...) -> text through LibreOffice, when it is installed.

LibreOffice's own text export writes Word's automatic numbering into the text ("I.", "1.", "a)"), which
is what the parser needs. Each conversion runs in a private profile folder, so conversions can run side by
side and never touch the user's LibreOffice settings.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError

CONVERT_TIMEOUT_S = 180
# Encrypted Office files are OLE containers holding this stream name (UTF-16): "EncryptionInfo"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def soffice_command() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_with_libreoffice(data: bytes, name: str | None, suffix: str = ".doc") -> str:
    if _ENCRYPTED_MARK in data[:200_000]:
        raise InputError(name, "the document is encrypted (password protected)")
    exe = soffice_command()
    if exe is None:
        raise InputError(name, "legacy Word (.doc) files need LibreOffice: install the Debian package "
                               "libreoffice-writer-nogui (make install does), or save the file as .docx")
    with tempfile.TemporaryDirectory(prefix="kehoach-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                 "txt:Text (encoded):UTF8", "--outdir", str(folder / "out"), str(source)],
                capture_output=True, timeout=CONVERT_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise InputError(name, f"LibreOffice did not finish converting within {CONVERT_TIMEOUT_S} s") from None
        result = folder / "out" / "input.txt"
        if done.returncode != 0 or not result.exists():
            raise InputError(name, "LibreOffice could not convert the document (damaged, encrypted or not a Word file)")
        return result.read_text(encoding="utf-8-sig", errors="replace")
