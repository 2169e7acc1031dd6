--[[
What Quarto adds over pandoc, for the subset the report uses, so that the same .qmd files
render without Quarto (DESIGN.md, "The report without Quarto"):
  {{< include path >}}   a paragraph of its own; path relative to the including file
  {{<var a.b.c>}}        a value from the project's _variables.yml (spaces inside optional)
  ::: {#tbl-x} ... :::   a table and, as the last paragraph, its caption
  ![caption](f){#fig-x}  a figure
  @fig-x, @tbl-x          numbered cross-references
  ::: {.callout-note}    a callout (rendered as a titled box)
  ::: {.content-visible when-meta="key"} / {.content-hidden when-meta="key"}
                          kept or dropped by a boolean in the metadata (the language switch)
Unknown variables and missing includes stop the render with a message naming them.

It runs in two passes (render.py): to JSON, the steps that are the same in every format
(includes, conditional content, variables), once per language; then from that JSON to each
format, the numbering, cross-references and callouts that differ between HTML and Typst.
]]

local system = require 'pandoc.system'
local path = require 'pandoc.path'

local is_html = FORMAT:match 'html' ~= nil
local first_pass = FORMAT == 'json'
local main_dir = path.directory(PANDOC_STATE.input_files[1] or '.')
-- Labels of figures, tables and callouts: Quarto's translation keys, from the metadata's
-- `language` map (the build writes it per language, for Quarto too), else English.
local words = { fig = 'Figure', tbl = 'Table', note = 'Note', warning = 'Warning',
  important = 'Important' }
local word_keys = { fig = 'crossref-fig-title', tbl = 'crossref-tbl-title',
  note = 'callout-note-title', warning = 'callout-warning-title',
  important = 'callout-important-title' }
local variables = nil

local function read_file(file)
  local fh = io.open(file, 'r')
  if not fh then
    error('report: cannot read ' .. file .. ' (named by an include shortcode)')
  end
  local text = fh:read('a')
  fh:close()
  return text
end

-- {{<var key>}} in an included file becomes the value, its ASCII punctuation escaped, before
-- pandoc reads the file (as Quarto does): parsing the shortcodes themselves is slow.
local substitute_vars

-- Included files read before, kept as pandoc's JSON: reading an included file's Markdown is
-- most of the first pass (the annexes' large tables), and after an edit most files read the
-- same. The folder (CLUSTERS_MAGHREB_PARSE_CACHE, set by render.py) holds one file per text
-- read, named by the SHA-1 of pandoc's version, the reader's options and the text after its
-- variables are replaced (a changed variable is a changed text): the same name is the same
-- text read the same way. A text whose reading warned is not kept, so that every render
-- shows its warnings. Each first pass removes the entries it did not use (only files named
-- as entries), so the folder holds one report's worth.
local cache_dir = os.getenv('CLUSTERS_MAGHREB_PARSE_CACHE')
if cache_dir == '' then cache_dir = nil end
local cache_used = {}
local cache_signature = nil
local cache_warned = false
local ENTRY = '^%x+%.json$'
local PARTIAL = '^%x+%.json%.partial$'

local function cache_warning(err)
  -- the render goes on without the cache; the log says why, once
  if not cache_warned then
    io.stderr:write('[WARNING] report: parse cache not used: ' .. tostring(err) .. '\n')
    cache_warned = true
  end
end

local function reader_signature()
  local o = PANDOC_READER_OPTIONS
  local abbreviations = {}
  for k, v in pairs(o.abbreviations) do
    abbreviations[#abbreviations + 1] = type(k) == 'string' and k or tostring(v)
  end
  table.sort(abbreviations)
  return table.concat({ tostring(PANDOC_VERSION), table.concat(o.extensions, ','),
    o.columns, o.tab_stop, tostring(o.standalone), tostring(o.strip_comments),
    o.track_changes, o.default_image_extension, table.concat(o.indented_code_classes, ','),
    table.concat(abbreviations, ',') }, '\n')
end

local function read_markdown(text)
  if cache_dir and not cache_signature then
    local ok, signature = pcall(reader_signature)  -- a pandoc whose options read otherwise
    if ok then cache_signature = signature else cache_warning(signature); cache_dir = nil end
  end
  if not cache_dir then
    return pandoc.read(text, 'markdown', PANDOC_READER_OPTIONS)
  end
  local name = pandoc.utils.sha1(cache_signature .. '\n' .. text) .. '.json'
  local file = path.join({ cache_dir, name })
  cache_used[name] = true
  local fh = io.open(file, 'r')
  if fh then
    local json = fh:read('a')
    fh:close()
    local ok, doc = pcall(pandoc.read, json, 'json')
    if ok then return doc end  -- else (a damaged file) read the text again and replace it
  end
  local warnings = #PANDOC_STATE.log
  local doc = pandoc.read(text, 'markdown', PANDOC_READER_OPTIONS)
  if #PANDOC_STATE.log > warnings then
    return doc  -- not kept: the next render reads it again and shows its warnings again
  end
  local kept, err = pcall(function()
    system.make_directory(cache_dir, true)
    local partial = file .. '.partial'
    local out = assert(io.open(partial, 'w'))
    assert(out:write(pandoc.write(doc, 'json')))
    assert(out:close())
    assert(os.rename(partial, file))  -- whole or absent, whatever stops the render
  end)
  if not kept then
    os.remove(file .. '.partial')
    cache_warning(err)
  end
  return doc
end

local function prune_cache()
  if not cache_dir then return end
  local ok, names = pcall(system.list_directory, cache_dir)
  if not ok then return end
  for _, name in ipairs(names) do
    if (name:match(ENTRY) and not cache_used[name]) or name:match(PARTIAL) then
      os.remove(path.join({ cache_dir, name }))
    end
  end
end

-- {{< include >}}: splice the file's blocks in, resolving its own includes relative to it.
local function expand_includes(blocks, dir)
  local out = pandoc.List()
  for _, block in ipairs(blocks) do
    local target = nil
    if block.t == 'Para' then
      target = pandoc.utils.stringify(block):match('^{{<%s*include%s+(%S+)%s*>}}$')
    end
    if target then
      local file = path.normalize(path.join({ dir, target }))
      local text = substitute_vars(read_file(file))
      local doc = read_markdown(text)
      -- a text without the word cannot hold an include, however it is spelt (escaped
      -- braces, an entity): its blocks are spliced in without looking at each
      if text:find('include', 1, true) then
        out:extend(expand_includes(doc.blocks, path.directory(file)))
      else
        out:extend(doc.blocks)
      end
    elseif block.content and block.t == 'Div' then
      block.content = expand_includes(block.content, dir)
      out:insert(block)
    else
      out:insert(block)
    end
  end
  return out
end

-- _variables.yml is the project's (Quarto's rule): beside the main file, or, when the main file
-- is a language's folder of the project (report/en/report.qmd), one folder up.
local function load_variables()
  local file = path.join({ main_dir, '_variables.yml' })
  local fh = io.open(file, 'r')
  if fh then
    fh:close()
  else
    file = path.join({ main_dir, '..', '_variables.yml' })
  end
  local doc = pandoc.read('---\n' .. read_file(file) .. '\n---\n', 'markdown')
  return doc.meta
end

local function lookup(key)
  variables = variables or load_variables()
  local value = variables
  for part in key:gmatch('[^.]+') do
    if type(value) ~= 'table' or value[part] == nil then
      error('report: unknown variable ' .. key .. ' (not in _variables.yml)')
    end
    value = value[part]
  end
  return pandoc.utils.stringify(value)
end

substitute_vars = function(text)
  return (text:gsub('{{<%s*var%s+([^%s>]+)%s*>}}', function(key)
    return (lookup(key):gsub('%p', '\\%0'))
  end))
end

-- A var in the main file arrives as Str "{{<", Space, Str "var", Space, Str key, Space,
-- Str ">}}..." (spaced) or as Str "{{<var", Space, Str "key>}}..." (unspaced).
local function expand_vars(inlines)
  local out = pandoc.List()
  local i = 1
  while i <= #inlines do
    local el, n, key, close = inlines[i], nil, nil, nil
    if el.t == 'Str' and el.text:match('{{<$') and inlines[i + 2] and inlines[i + 2].text == 'var'
        and inlines[i + 4] and inlines[i + 6] and inlines[i + 6].t == 'Str' then
      n, key, close = 6, inlines[i + 4].text, inlines[i + 6].text:match('^>}}(.*)$')
    elseif el.t == 'Str' and el.text:match('{{<var$') and inlines[i + 2]
        and inlines[i + 2].t == 'Str' then
      n = 2
      key, close = inlines[i + 2].text:match('^([^>]+)>}}(.*)$')
    end
    if close then
      -- The rest may open the next shortcode ("}}-{{<"): put the result back in its place
      -- and look at it again.
      local before = el.text:sub(1, -(n == 6 and 4 or 7))  -- drop '{{<' or '{{<var'
      inlines[i + n] = pandoc.Str(before .. lookup(key) .. close)
      i = i + n
    else
      out:insert(el)
      i = i + 1
    end
  end
  return out
end

local numbers = {}

local function caption_prefix(kind, id)
  return words[kind] .. ' ' .. numbers[id]
end

-- Number figures and tables in document order; turn table divs into captioned tables.
local function number_floats(blocks)
  local count = { fig = 0, tbl = 0 }
  local function walk(list)
    local out = pandoc.List()
    for _, block in ipairs(list) do
      local id = block.identifier or (block.attr and block.attr.identifier) or ''
      local kind = id:match('^(%a+)%-') or ''
      if block.t == 'Div' and kind == 'tbl' then
        local tables = block.content:filter(function(b) return b.t == 'Table' end)
        local last = block.content[#block.content]
        if #tables ~= 1 or last.t ~= 'Para' then
          error('report: ::: {#' .. id .. '} needs one table and a caption paragraph after it')
        end
        count.tbl = count.tbl + 1
        numbers[id] = count.tbl
        local tbl = tables[1]
        local caption = last.content
        if is_html then
          caption = pandoc.List({ pandoc.Strong(caption_prefix('tbl', id) .. ':'), pandoc.Space() })
            .. caption
        end
        tbl.caption = pandoc.Caption({ pandoc.Plain(caption) })
        tbl.identifier = id
        out:insert(tbl)
      elseif block.t == 'Figure' and kind == 'fig' then
        count.fig = count.fig + 1
        numbers[id] = count.fig
        if is_html then
          local caption = block.caption.long[1]
          caption.content = pandoc.List({ pandoc.Strong(caption_prefix('fig', id) .. ':'),
            pandoc.Space() }) .. caption.content
        end
        out:insert(block)
      elseif block.t == 'Div' then
        block.content = walk(block.content)
        out:insert(block)
      else
        out:insert(block)
      end
    end
    return out
  end
  return walk(blocks)
end

-- A cross-reference (@fig-x, @tbl-x) is a citation to pandoc. The first pass (the one that
-- runs citeproc, after this filter) sets each aside as a span marked xref, so that citeproc
-- sees only the sources; each format's pass turns the span into its reference.
local function xref_id(cite)
  local id = cite.citations[1].id
  if id:match('^fig%-') or id:match('^tbl%-') then
    return id
  end
end

local function set_aside(cite)
  local id = xref_id(cite)
  if id then
    return pandoc.Span(cite.content, { xref = id })
  end
end

local function resolve_ref(span)
  local id = span.attributes.xref
  if not id then
    return nil
  end
  local kind = id:match('^(%a+)%-')
  if not numbers[id] then
    error('report: cross-reference @' .. id .. ' to no figure or table')
  end
  if not is_html then
    return pandoc.RawInline('typst', '@' .. id)
  end
  return pandoc.Link(caption_prefix(kind, id), '#' .. id)
end

local function callout(div)
  local kind = nil
  for _, class in ipairs(div.classes) do
    kind = kind or class:match('^callout%-(%a+)$')
  end
  if not kind then
    return nil
  end
  local title = div.attributes.title or words[kind] or kind
  if not is_html then
    local blocks = pandoc.List({
      pandoc.RawBlock('typst', '#block(stroke: 0.5pt + gray, inset: 8pt, radius: 3pt, width: 100%)['),
      pandoc.Para({ pandoc.Strong(title) }) })
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock('typst', ']'))
    return blocks
  end
  -- the title in a block of its own, not a paragraph of the text (as Quarto writes it)
  local head = pandoc.Div({ pandoc.Plain({ pandoc.Strong(title) }) },
    { class = 'callout-title-container' })
  local box = pandoc.Div(pandoc.List({ head }) .. div.content, { class = 'callout callout-' .. kind })
  return box
end

local function meta_true(meta, key)
  local value = meta
  for part in key:gmatch('[^.]+') do
    if type(value) ~= 'table' then return false end
    value = value[part]
  end
  return value == true or (type(value) == 'table' and pandoc.utils.stringify(value) == 'true')
end

-- Quarto's conditional content, by metadata only (formats are the same content here).
local function conditional(meta)
  return function(div)
    local visible = div.classes:includes('content-visible')
    if not visible and not div.classes:includes('content-hidden') then
      return nil
    end
    local key = div.attributes['when-meta'] or div.attributes['unless-meta']
    if not key then
      error('report: content-visible/hidden needs when-meta or unless-meta here')
    end
    local show = meta_true(meta, key)
    if div.attributes['unless-meta'] then show = not show end
    if not visible then show = not show end
    return show and div.content or {}
  end
end

function Pandoc(doc)
  local language = doc.meta.language or {}
  for kind, key in pairs(word_keys) do
    if language[key] then words[kind] = pandoc.utils.stringify(language[key]) end
  end
  if not doc.meta['compat-expanded'] then
    -- Vars of the main file (and metadata) only: every included file had its vars replaced
    -- as text before it was read, and walking the whole report again costs a second a pass.
    doc = doc:walk({ Inlines = expand_vars })
    doc.blocks = expand_includes(doc.blocks, main_dir)
    prune_cache()
    if not first_pass then doc = doc:walk({ Div = conditional(doc.meta) }) end
  end
  if first_pass then
    -- the conditional content and the cross-references in one walk (each walk of the whole
    -- report costs a quarter of a second); an expanded document has no conditional div left
    doc.meta['compat-expanded'] = true
    return doc:walk({ Div = conditional(doc.meta), Cite = set_aside })
  end
  doc.blocks = number_floats(doc.blocks)
  doc = doc:walk({ Span = resolve_ref, Div = callout })
  return doc
end
