"""Screenshots of a built site as a visitor sees it (docs/screenshots/).

Usage: .venv/bin/python scripts/site_screenshots.py SITE_DIR PREFIX OUTDIR

Serves SITE_DIR on a local port, opens each page in headless Chromium at the sizes issue 16
names (1280x800, 390x844, a 600x450 embed) and writes OUTDIR/PREFIX-NAME.png."""

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

site, prefix, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


handler = functools.partial(Quiet, directory=str(site))
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{srv.server_port}/"
shots = [
    ("index-1280x800", "index.html", 1280, 800, False),
    ("index-390x844", "index.html", 390, 844, False),
    ("embed-600x450", "embed.html", 600, 450, False),
    ("project-koda-eg-1280", "project/koda-eg.html", 1280, 800, True),
    ("municipality-03251005-1280", "municipality/03251005.html", 1280, 800, True),
    ("event-2020-11-24-1280", "event/2020-11-24-allianzen-bilden.html", 1280, 800, True),
    ("event-2020-11-24-390", "event/2020-11-24-allianzen-bilden.html", 390, 844, False),
    ("en-index-1280x800", "en/index.html", 1280, 800, False),
]
with sync_playwright() as p:
    b = p.chromium.launch(
        executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=["--no-sandbox"]
    )
    for name, path, w, h, full in shots:
        if not (site / path).exists():
            print("missing", path)
            continue
        page = b.new_page(viewport={"width": w, "height": h})
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(4000)
        page.screenshot(path=str(out / f"{prefix}-{name}.png"), full_page=full)
        print("shot", prefix, name)
        page.close()
    b.close()
srv.shutdown()
