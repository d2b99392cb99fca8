#!/bin/sh
# Debian packages: Tesseract with Vietnamese data (scans), LibreOffice Writer (legacy .doc) and Calc (the CSV
# export's test), and Chromium
# (the web page's end-to-end test, driven by Playwright), and poppler's pdftotext (a yardstick for PDF text).
# Installs only what is missing; needs root or sudo. Text, Markdown, HTML, PDF and DOCX need none of them.
set -e
missing=""
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr tesseract-ocr-vie"
if command -v tesseract >/dev/null 2>&1 && ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  missing="$missing tesseract-ocr-vie"
fi
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing="$missing libreoffice-calc-nogui"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# pdftotext: the yardstick the PDF reader's text is compared with (tests and benchmarks/real_pages.py)
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing Debian packages:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
