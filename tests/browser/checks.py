"""Checks a browser test runs on each page state it visits: the page fits a phone's width, its
actions can be reached and tapped, and axe-core finds no critical or serious violation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

# axe-core comes from npm (package.json, devDependencies) and is given to the page by the test
# alone: the application never serves it.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 360, "height": 740}
# WCAG 2.5.5's comfortable size, the one the phone layout gives every action (app.css).
TAP_HEIGHT = 44
# The default set of actions: buttons and links drawn as buttons, in the page's main part.
ACTIONS = "main .btn, main button"


@cache
def _axe_source() -> str:
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `make setup` (npm ci) first.")
    return AXE.read_text()


def assert_accessible(page: Page, *, impacts: tuple[str, ...] = ("critical", "serious")) -> None:
    """axe-core over the page as it stands (WCAG 2.2 A and AA rules): no violation of the
    given impacts. Evaluated through the browser's debugging protocol, so the page's
    Content-Security-Policy (no inline scripts) stays as strict as in use."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "wcag22aa", "best-practice"]},
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }"""
    )
    bad = [v for v in violations if v["impact"] in impacts]
    assert not bad, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in bad
    )


def assert_fits(page: Page) -> None:
    """No horizontal scrolling: the page is no wider than the window. Names the elements
    that stick out, so that a failure says where to look."""
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const out = [];
            for (const el of document.body.querySelectorAll("*")) {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > width + 1) {
                    out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
                             `${el.className && typeof el.className === "string" ?
                                "." + el.className.trim().split(/\\s+/).join(".") : ""}` +
                             ` right=${Math.round(box.right)}`);
                }
                if (out.length >= 8) break;
            }
            return {scroll: document.documentElement.scrollWidth, width, out};
        }"""
    )
    assert overflow is None, (
        f"{page.url} is {overflow['scroll']} px wide in a {overflow['width']} px window; "
        "sticking out:\n" + "\n".join(overflow["out"])
    )


def assert_actions_reachable(page: Page, selector: str = ACTIONS, *, tap: bool = True) -> int:
    """Every visible action is inside the window and inside its container (the table cell,
    card or section holding it), and at least TAP_HEIGHT px tall when tap is set. Hidden ones
    (in a closed menu or <details>) are skipped. Returns how many were checked, so that the
    test can assert the page had actions at all."""
    problems = page.evaluate(
        """([selector, tapHeight]) => {
            const width = document.documentElement.clientWidth;
            const out = [];
            let checked = 0;
            for (const el of document.querySelectorAll(selector)) {
                const box = el.getBoundingClientRect();
                const style = getComputedStyle(el);
                if (!box.width || !box.height || style.visibility === "hidden") continue;
                if (el.closest("[hidden], details:not([open]) > :not(summary)")) continue;
                checked++;
                const name = (el.getAttribute("aria-label") || el.textContent).trim()
                    .replace(/\\s+/g, " ").slice(0, 60);
                if (box.left < -1 || box.right > width + 1) {
                    out.push(`"${name}" is outside the window (${Math.round(box.left)}` +
                             `–${Math.round(box.right)} of ${width})`);
                }
                const holder = el.parentElement.closest("td, th, li, .card, section, form, main");
                if (holder) {
                    const h = holder.getBoundingClientRect();
                    if (box.left < h.left - 1 || box.right > h.right + 1) {
                        out.push(`"${name}" spills out of its ${holder.tagName.toLowerCase()}`);
                    }
                }
                if (tapHeight && box.height < tapHeight - 0.5) {
                    out.push(`"${name}" is ${Math.round(box.height)} px tall`);
                }
            }
            return {checked, out};
        }""",
        [selector, TAP_HEIGHT if tap else 0],
    )
    assert not problems["out"], f"on {page.url}:\n" + "\n".join(problems["out"])
    return problems["checked"]


def assert_phone_ready(page: Page, selector: str = ACTIONS) -> int:
    """The three checks a phone-sized page state passes: fits, actions reachable, accessible."""
    assert_fits(page)
    checked = assert_actions_reachable(page, selector)
    assert_accessible(page)
    return checked
