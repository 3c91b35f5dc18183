"""The page speaks Danish: `<html lang="da">` on every page, before and after log-in, no
English input hints from Streamlit, and a tab icon from the app's own files.

Streamlit 1.67 serves its index.html with a hard-coded `<html lang="en">` and never changes it
(streamlit#15726): a screen reader would read the Danish text with English pronunciation, and
Chrome would offer to translate "from English". Streamlit has no option for it, and patching
the installed package's index.html would be lost on the next install. So app.py calls
`set_danish()` on every run: an `st.html` element whose script sets the attribute on the
app's own document (st.html is not iframed), and keeps it set should anything reset it.

The element is drawn first on every run with the same body, so React keeps it between reruns
and pages (nothing runs twice); a full reload or a new tab runs app.py and the script again.
It sits in a keyed container that is hidden, so it takes no room in the layout.
tests/browser/test_accessibility.py checks all of it in Chromium.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

LANG = "da"
# The browser tab's icon, from the app's own files. (A ":material/...:" page_icon makes the
# browser fetch the icon from Google's font servers; an SVG file is inlined as a data: URL.)
FAVICON = Path(__file__).with_name("favicon.svg")
_KEY = "monitor-page-lang"

# A constant: no user text ever reaches this script.
_SCRIPT = f"""<script>
(function () {{
  var root = document.documentElement;
  function danish() {{ if (root.lang !== "{LANG}") root.lang = "{LANG}"; }}
  danish();
  if (!window.monitorLangGuard) {{
    window.monitorLangGuard = new MutationObserver(danish);
    window.monitorLangGuard.observe(root, {{attributes: true, attributeFilter: ["lang"]}});
  }}
}})();
</script>"""

# Style-only st.html goes to Streamlit's event container and takes no room. A container's
# key becomes the CSS class `st-key-<key>`. Streamlit's input hints ("Press Enter to submit
# form", "Press Enter to apply") are English only and cannot be translated: they are hidden
# (Enter still submits; the buttons say in Danish what they do).
_STYLE = (
    "<style>"
    f".st-key-{_KEY} {{display: none;}}"
    '[data-testid="InputInstructions"] {display: none;}'
    "</style>"
)


def set_danish() -> None:
    """Mark the page as Danish (call right after st.set_page_config, before anything else)."""
    st.html(_STYLE)
    with st.container(key=_KEY):
        st.html(_SCRIPT, unsafe_allow_javascript=True)
