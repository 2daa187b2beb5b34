"""Assertions shared by the browser journeys."""

import pytest
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()  # reads the bundled axe.min.js once; injected into each page checked


def assert_accessible(page):
    """Run axe-core on the page; any violation fails, every one listed with its nodes."""
    violations = _axe.run(page).response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node.get('html', '')[:200]}")
    pytest.fail("\n".join(lines), pytrace=False)


def assert_language(page, language):
    """`<html lang dir>` match the page language (Arabic is right to left)."""
    direction = "rtl" if language == "ar" else "ltr"
    html = page.locator("html")
    found = (html.get_attribute("lang"), html.get_attribute("dir"))
    assert found == (language, direction), (
        f"{page.url}: <html lang dir> is {found}, expected {(language, direction)}"
    )
