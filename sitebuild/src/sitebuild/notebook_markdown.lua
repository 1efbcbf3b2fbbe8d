-- Pandoc filter for the gallery's notebooks: reST that Sphinx understands and a
-- notebook does not, turned into plain Markdown.
--
-- sphinx-gallery converts each text block of an example from reST to Markdown
-- with pandoc. Pandoc does not know Sphinx's roles and directives: it keeps
-- :func:`~pkg.mod.name` as code carrying a "role" attribute, a directive such
-- as ".. note::" as a fenced div, and |name| substitutions (defined in conf.py,
-- out of pandoc's sight) as links to "##SUBST##". This filter makes them read
-- well in Jupyter:
--
-- * a role on a name becomes that name as code (``~`` shortens it, as Sphinx does);
-- * :ref: and :doc: become a link to the page on the published site;
-- * :math: becomes math;
-- * a directive's div becomes its content (an admonition's title in bold);
-- * a substitution |name| becomes the Markdown given in the metadata field
--   "substitution_name", or is left as it is (and the notebook test names it);
-- * an image or link by a site-absolute address (/_static/a.png) points to the
--   published site; an image loses its size attributes, which Jupyter would
--   show as text.
--
-- Metadata: "site_url", the published site's root URL (ending in "/").

local site_url = ""
local substitutions = {}

function Meta(meta)
  if meta.site_url then
    site_url = pandoc.utils.stringify(meta.site_url)
  end
  for key, value in pairs(meta) do
    local name = key:match("^substitution_(.+)$")
    if name then
      substitutions[name] = pandoc.utils.stringify(value)
    end
  end
end

local function page_url(role, target)
  if role == "doc" then
    return site_url .. target:gsub("^/", "") .. ".html"
  end
  -- sphinx-gallery's labels: sphx_glr_<gallery dir>_<example>.py
  local example = target:match("^sphx_glr_auto_examples_(.+)%.py$")
  if example then
    return site_url .. "auto_examples/" .. example .. ".html"
  end
  return nil
end

function Code(element)
  local role = element.attributes["role"]
  if role == nil then
    return nil
  end
  local text = element.text
  if role == "math" then
    return pandoc.Math("InlineMath", text)
  end
  local title, target = text:match("^(.-)%s*<(.+)>$")
  if role == "ref" or role == "doc" then
    target = target or text
    local url = page_url(role, target)
    local words = title or target
    if url then
      return pandoc.Link(words, url)
    end
    return pandoc.Str(words)
  end
  if role == "download" then
    return pandoc.Str(title or text)
  end
  text = title or text
  if text:sub(1, 1) == "~" then
    text = text:match("([^.]+)$")
  end
  return pandoc.Code(text)
end

local function on_site(address)
  if site_url ~= "" and address:match("^/[^/]") then
    return site_url .. address:sub(2)
  end
  -- A gallery page's link up to a page of the site (../explorer.html?...).
  if site_url ~= "" and address:match("^%.%./[^/]") then
    return site_url .. address:sub(4)
  end
  return address
end

function Link(element)
  local name = element.target:match("^##SUBST##|(.+)|$")
  if name and substitutions[name] then
    return pandoc.read(substitutions[name], "markdown").blocks[1].content
  end
  element.target = on_site(element.target)
  return element
end

function Image(element)
  element.src = on_site(element.src)
  -- A size set for the page (:width: 354px) would show as raw {width=...}
  -- text in Jupyter, which does not read pandoc's attributes.
  element.attr = pandoc.Attr()
  return element
end

function Div(element)
  if element.classes:includes("title") then
    return pandoc.Para({ pandoc.Strong(pandoc.utils.blocks_to_inlines(element.content)) })
  end
  local blocks = {}
  for _, block in ipairs(element.content) do
    if block.t == "Div" and block.classes:includes("title") then
      table.insert(blocks, pandoc.Para({pandoc.Strong(pandoc.utils.blocks_to_inlines(block.content))}))
    else
      table.insert(blocks, block)
    end
  end
  return blocks
end

-- Metadata first, then the document.
return {
  { Meta = Meta },
  { Code = Code, Link = Link, Image = Image, Div = Div },
}
