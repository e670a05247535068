"""Lighthouse over every public page type of a running site, on a phone and a desktop.

Needs Node (`make lighthouse` installs the registry package into .tools/; it drives Debian's Chromium).
Usage: python bench/lighthouse.py http://127.0.0.1:8080 — writes bench/results/lighthouse-<date>.md and
exits 1 when any page scores below 100 in a category. A measurement, not a test: run it against the
production stack (`make prod`), whose demo content it reads."""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def public_pages(base):
    """One address of each public page type, found from the site itself (the demo's content)."""
    with urllib.request.urlopen(base + "/sitemap-praktijken.xml", timeout=10) as response:
        practice = response.read().decode().split("<loc>", 2)[1].split("</loc>")[0]
    practice = "/" + practice.split("/", 3)[3]
    with urllib.request.urlopen(base + "/sitemap-handreikingen.xml", timeout=10) as response:
        guidance = response.read().decode().split("<loc>", 2)[1].split("</loc>")[0]
    guidance = "/" + guidance.split("/", 3)[3]
    # The log-in page and the staff's pages carry noindex on purpose: they are not measured for SEO.
    return [
        "/",
        "/praktijken/",
        "/praktijken/?q=steun&thema=economie",
        practice,
        "/kaart/",
        "/cijfers/",
        "/besturen/",
        "/besturen/44021/",
        "/handreikingen/",
        guidance,
        f"{guidance}versies/",
        "/meldingen/nieuw/?thema=economie",
        "/open-data/",
        "/over/",
        "/toegang-aanvragen/",
    ]


def audit(url, preset):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report.name}",
            "--chrome-flags=--headless=new --no-sandbox",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}
        for attempt in (1, 2):  # Chromium now and then fails to start on a busy machine: one more try
            if subprocess.run(command, env=env, capture_output=True, timeout=180).returncode == 0 or attempt == 2:
                break
        data = json.loads(Path(report.name).read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        f"{audit['id']}"
        for audit in data["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/")
    rows, below = [], 0
    for path in public_pages(base):
        for preset in ("mobile", "desktop"):
            scores, failing = audit(base + path, preset)
            below += any(score < 100 for score in scores.values())
            rows.append(
                f"| `{path}` | {preset} | "
                + " | ".join(str(scores[c]) for c in CATEGORIES)
                + f" | {', '.join(failing) or '—'} |"
            )
            print(rows[-1], flush=True)
    today = datetime.date.today().isoformat()
    table = [
        f"# Lighthouse, {today}",
        "",
        f"Site: {base} (production settings, demo content). Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}, Debian's Chromium.",
        "",
        "| page | form factor | performance | accessibility | best practices | SEO | binary audits not passed |",
        "|---|---|---:|---:|---:|---:|---|",
        *rows,
    ]
    out = ROOT / "bench" / "results" / f"lighthouse-{today}.md"
    out.write_text("\n".join(table) + "\n")
    print(f"\n{out}")
    sys.exit(1 if below else 0)


if __name__ == "__main__":
    main()
