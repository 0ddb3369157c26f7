"""Writing a diagram: the Mermaid text always, an image only where a Mermaid renderer is installed.

Rendering Mermaid needs a browser engine (the `mmdc` command of @mermaid-js/mermaid-cli); Bulkhead
does not depend on it. When `mmdc` is on PATH the image is rendered next to the text; when it is
not, the notes say so and the text renders in any Mermaid viewer or Markdown review tool.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

IMAGE_SUFFIXES = (".svg", ".png", ".pdf")
RENDERER = "mmdc"
# A browser render of a few dozen nodes takes seconds; a hung browser must not hang the command.
RENDER_TIMEOUT_SECONDS = 300


def write_diagram(mermaid: str, target: Path) -> list[str]:
    """Writes `target` (or `target`.mmd for an image name) and, with mmdc, the image; returns notes.

    Raises OSError when the text cannot be written.
    """
    if target.suffix.lower() in IMAGE_SUFFIXES:
        source, image = target.with_suffix(".mmd"), target
    else:
        source, image = target, target.with_suffix(".svg")
    source.write_text(mermaid, encoding="utf-8")
    notes = [f"wrote the Mermaid diagram to {source}"]
    renderer = shutil.which(RENDERER)
    if renderer is None:
        notes.append(
            f"no image: no Mermaid renderer ({RENDERER}) on PATH; {source} renders in any Mermaid viewer "
            "and in Markdown on GitHub or GitLab"
        )
        return notes
    try:
        result = subprocess.run(
            [renderer, "--input", str(source), "--output", str(image)],
            capture_output=True,
            text=True,
            check=False,
            timeout=RENDER_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return [*notes, f"no image: {RENDERER} did not finish within {RENDER_TIMEOUT_SECONDS} s"]
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        return [*notes, f"no image: {RENDERER} failed: {reason}"]
    return [*notes, f"rendered {image} with {RENDERER}"]
