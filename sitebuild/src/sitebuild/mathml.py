"""Render math as MathML at build time, so that no page loads MathJax from a CDN.

Browsers draw MathML themselves and screen readers read it; the site stays
usable offline and makes no request to another host.
"""

from __future__ import annotations

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number


def visit_math(self, node: nodes.math) -> None:
    """Write inline math as MathML."""
    self.body.append(convert(node.astext()))
    raise nodes.SkipNode


def visit_math_block(self, node: nodes.math_block) -> None:
    """Write a math block as MathML, with its equation number."""
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # A block may hold several equations, one per paragraph, as with MathJax.
    for latex in node.astext().split("\n\n"):
        if latex.strip():
            self.body.append(convert(latex, display="block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode
