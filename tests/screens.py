"""What every screen is checked for in a real browser (tests/test_screens_browser.py).

- `axe_violations`: axe-core (vendored under tests/vendor/axe-core, injected into the page by
  the test, never served by Veta) run over the whole page, every rule of every impact level.
- `layout_problems`: at the viewport's width, nothing wider than the screen, no figure out of
  sight in a side-scroll, and any area that does scroll reachable by keyboard and named.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """One line per violation: rule, impact, and the first elements it names."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol: the page's CSP forbids inline scripts.
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(
                    n => n.target.join(" ") + " — " + n.failureSummary.split("\\n").slice(0, 3).join(" ")
                ),
            }));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['help']}: {' | '.join(v['nodes'])}" for v in results]


LAYOUT_CHECK = """(wide) => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
        problems.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen`);
    }
    const scrolls = (element) => {
        const style = getComputedStyle(element);
        return ["auto", "scroll"].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
    };
    const describe = (element) => {
        const classes = typeof element.className === "string" ? element.className.trim().split(/\\s+/) : [];
        return element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
            + classes.filter(Boolean).map(name => "." + name).join("");
    };
    // Scroll areas that do scroll: reachable by keyboard and named for a screen reader.
    for (const element of document.querySelectorAll("body *")) {
        if (!scrolls(element)) continue;
        // On a laptop's screen every table fits: nothing is clipped into a side-scroll.
        if (wide && element.closest("main")) problems.push(`${describe(element)} scrolls sideways on a wide screen`);
        if (element.tabIndex < 0) {
            problems.push(`${describe(element)} scrolls sideways but cannot be reached by keyboard`);
        }
        if (!element.getAttribute("aria-label") && !element.getAttribute("aria-labelledby")) {
            problems.push(`${describe(element)} scrolls sideways without a name`);
        }
    }
    // Figures: every number cell and headline figure in sight, not behind a side-scroll.
    for (const figure of document.querySelectorAll("td.number, th.number, .figures dd")) {
        const box = figure.getBoundingClientRect();
        // Hidden on purpose: a closed <details>, or the header row of a table stacked on a phone
        // (kept for screen readers, clipped out of sight).
        if (!figure.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) continue;
        const head = figure.closest("thead");
        if (head && getComputedStyle(head).position === "absolute") continue;
        let clipped = box.right > width + 1 || box.left < -1;
        for (let parent = figure.parentElement; parent && !clipped; parent = parent.parentElement) {
            if (scrolls(parent)) {
                const area = parent.getBoundingClientRect();
                clipped = box.right > area.right + 1 || box.left < area.left - 1;
            }
        }
        if (clipped) {
            const where = describe(figure.closest("table") || figure);
            problems.push(`a figure (${figure.textContent.trim().slice(0, 30)}) is out of sight: ${where}`);
        }
    }
    return problems;
}"""


def layout_problems(page, wide: bool = False) -> list[str]:
    """What does not fit; with `wide` (a laptop's screen), any area that scrolls sideways too."""
    return page.evaluate(LAYOUT_CHECK, wide)
