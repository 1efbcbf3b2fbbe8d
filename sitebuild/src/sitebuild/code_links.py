"""Module names in the gallery's code link to their module, or to nothing.

sphinx-gallery links the names of an example's code to their documentation.
It matches each name by its spelling alone, so the ``data`` of
``from moons_tutorial.data import load_moons`` was linked like the example's
variable ``data`` (a ``MoonsData``). This post-transform runs after
sphinx-gallery's: it takes every dotted module name of an ``import`` line
(pygments' namespace tokens) as one name, drops the links sphinx-gallery put on
its parts, and links the whole name to the module's documentation where a
``py:module`` target exists, locally or in an intersphinx inventory.
"""

# Custom, not sphinx-gallery's ``inspect_global_variables=False``: that removes
# the mislink too, but also every module link (10 of 10 on the Bayes page) and
# most other code links (341 links there fell to 57).

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

NAMESPACE = "nn"  # pygments' CSS class of Name.Namespace tokens


def _is_namespace(node: nodes.Node) -> bool:
    if isinstance(node, nodes.reference):
        return bool(node.children) and all(_is_namespace(c) for c in node.children)
    return isinstance(node, nodes.inline) and node["classes"] == [NAMESPACE]


def _tokens(node: nodes.Node) -> list[nodes.Node]:
    """Return the token nodes of a namespace run, without the links around them."""
    if isinstance(node, nodes.reference):
        return [child.deepcopy() for child in node.children]
    return [node]


class ModuleLinks(SphinxPostTransform):
    """Link dotted module names of gallery code as a whole, to modules only."""

    default_priority = 6  # after sphinx-gallery's CodeLinksTransform (5)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        """Rewrite the namespace tokens of every linked code block."""
        from sphinx_gallery._doctree_links import code_links_block

        for block in list(self.document.findall(code_links_block)):
            children = list(block.children)
            rewritten: list[nodes.Node] = []
            run: list[nodes.Node] = []
            for child in [*children, None]:
                if child is not None and _is_namespace(child):
                    run.append(child)
                    continue
                if run:
                    rewritten += self._link_module(run)
                    run = []
                if child is not None:
                    rewritten.append(child)
            block.children = []
            block.extend(rewritten)

    def _link_module(self, run: list[nodes.Node]) -> list[nodes.Node]:
        tokens = [token for node in run for token in _tokens(node)]
        name = "".join(token.astext() for token in tokens)
        target = self._module_target(name)
        if target is None:
            return tokens
        docname, node_id, uri = target
        if docname is not None:
            # Sphinx 9 deprecated the transform's ``app`` for ``env._app``.
            app = getattr(self.env, "_app", None) or self.app
            reference = make_refnode(
                app.builder, self._docname(), docname, node_id, tokens, title=name
            )
        else:
            reference = nodes.reference(
                "", "", *tokens, internal=False, refuri=uri, reftitle=name
            )
        reference["classes"].append("sphx-glr-backref-type-py-module")
        return [reference]

    def _docname(self) -> str:
        return self.env.path2doc(self.document["source"])

    def _module_target(self, name: str) -> tuple[str | None, str | None, str] | None:
        module = self.env.domains["py"].modules.get(name)
        if module is not None:
            return module.docname, module.node_id, ""
        try:
            from sphinx.ext.intersphinx import InventoryAdapter

            inventory = InventoryAdapter(self.env).main_inventory
        except (ImportError, AttributeError):
            return None
        item = inventory.get("py:module", {}).get(name)
        if item is None:
            return None
        uri = getattr(item, "uri", None) or item[2]
        return None, None, str(uri)
