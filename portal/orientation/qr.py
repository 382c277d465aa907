"""QR codes of a slip: a link drawn as inline SVG, with a text alternative.

The picture is vector (sharp on paper at any size) and made here, so that the slip needs no
outside service and no script. The page's Content-Security-Policy allows it: the SVG carries
no style attribute and no script.
"""

from __future__ import annotations

import segno
from markupsafe import Markup, escape

# Modules of white around the code; the standard asks for four, three is enough for phone
# readers and keeps the code small on the slip.
QUIET_ZONE = 3


def svg(url: str, label: str, css_class: str = "qr") -> Markup:
    """The QR code of `url` as an <svg role="img"> whose accessible name is `label`."""
    code = segno.make(url, error="m")
    drawing = code.svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, svgclass=None,
                              lineclass=None, title=None)
    # segno starts its markup with "<svg "; the role, name and class go on that element.
    head = Markup('<svg class="{cls}" role="img" aria-label="{name}" focusable="false" ').format(
        cls=css_class, name=label)
    if not drawing.startswith("<svg "):  # never expected; refuse rather than emit broken markup
        raise ValueError("unexpected SVG from segno")
    # segno escapes nothing of ours: the URL is encoded in the drawing, never written as text.
    return head + Markup(drawing[len("<svg "):])


def text_alternative(url: str) -> Markup:
    """The link the code holds, to read or type when the code cannot be scanned."""
    return Markup('<span class="qr-url" dir="ltr">{}</span>').format(escape(url))
