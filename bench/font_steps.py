"""Where a bigger shipped font could cost time: each step that reads the font, timed in a fresh process per font,
in alternation (A/B pairs), as CPU milliseconds (what other work on the machine disturbs least).

Usage: python bench/font_steps.py OLD.ttf NEW.ttf [--pairs 6]

Steps, each the first use in its process (as in a fresh build's worker):
- cmap: govnet.draw.sfnt.cmap() (the diagrams' text metrics, GN723's drawable set);
- webfont: a WOFF subset of 300 characters (what the site and each SVG diagram embed, fontTools);
- svg: 100 WOFF subsets of 60 characters each written from the font's tables (govnet.draw.woff, what each SVG
  diagram embeds; glyph ids kept, so loca and hmtx span the whole font);
- metrics: the diagrams' text metrics (every glyph's advance and bounds, govnet.draw.metrics);
- fingerprint: hashing the font as the build's code fingerprint does (every file of the package, once a process);
- aggdraw: loading the font in aggdraw and drawing a label (the PNG diagrams);
- reportlab: parsing the font for ReportLab (make_font) and one form's subset (the PDF forms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, sys, time
from pathlib import Path
font = Path(sys.argv[1])
import govnet.draw.fonts as fonts
fonts.font_path = lambda: font
import govnet.draw.sfnt as sfnt, govnet.draw.webfont as webfont
sfnt.font_path = webfont.font_path = lambda: font
import aggdraw
from PIL import Image
from govnet.records import pdffont
from reportlab.pdfgen.canvas import Canvas
import io
out = {}
t = time.process_time(); sfnt.cmap(); out["cmap"] = time.process_time() - t
chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6) if c in sfnt.cmap())[::20][:300]
t = time.process_time(); webfont._subset(frozenset(chars)); out["webfont"] = time.process_time() - t
from govnet.draw import woff, metrics
from govnet.artefacts import new_digest
t = time.process_time(); metrics._font(); out["metrics"] = time.process_time() - t
t = time.process_time(); d = new_digest(); d.update(font.read_bytes()); d.hexdigest()
out["fingerprint"] = time.process_time() - t
t = time.process_time()
for i in range(100):
    woff.woff(set(chars[i % 240:i % 240 + 60]) | set("南昌市江西省"))
out["svg"] = time.process_time() - t
t = time.process_time()
draw = aggdraw.Draw(Image.new("RGB", (400, 100), "white"))
draw.text((10, 10), "南昌市东湖区滕王阁街道", aggdraw.Font("black", str(font), 14)); draw.flush()
out["aggdraw"] = time.process_time() - t
t = time.process_time()
f = pdffont.make_font("F", str(font))
from reportlab.pdfbase import pdfmetrics
pdfmetrics.registerFont(f)
c = Canvas(io.BytesIO()); c.setFont("F", 10); c.drawString(10, 10, chars[:200] + "王堃"); c.save()
out["reportlab"] = time.process_time() - t
print(json.dumps(out))
"""


def run(font: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(font)], check=True, capture_output=True, text=True)
    found: dict[str, float] = json.loads(done.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--pairs", type=int, default=6)
    args = parser.parse_args()
    import os

    print(f"load before: {os.getloadavg()}")
    runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for _ in range(args.pairs):
        for which in ("old", "new"):
            runs[which].append(run(getattr(args, which)))
    for step in runs["old"][0]:
        old = [r[step] * 1000 for r in runs["old"]]
        new = [r[step] * 1000 for r in runs["new"]]
        diff = statistics.median(n - o for o, n in zip(old, new, strict=True))
        print(f"{step}: old median {statistics.median(old):.1f} ms, new median {statistics.median(new):.1f} ms, "
              f"median paired difference {diff:+.1f} ms CPU")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
