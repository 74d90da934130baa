// The only translation unit that includes yaml-cpp. It drives yaml-cpp's event
// parser and builds collab's own positioned tree, which lets it see what
// YAML::Load hides: duplicate keys, further documents, nesting and aliases.
#include "collab/yaml/parse.h"

#include "collab/util/i18n.h"
#include "collab/yaml/fast_parser.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include <sstream>
#include <unordered_map>

namespace collab::yaml {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::tr_noop;

namespace {

/// Thrown from the handler to stop parsing at a finding of collab's own.
/// The byte offset in src of a yaml-cpp mark. yaml-cpp reads past a UTF-8 byte order mark
/// before counting, so positions in a file that starts with one are 3 bytes early (edits then
/// landed 3 bytes before the value they replace).
size_t text_offset(const SourceFile& src, const YAML::Mark& mark)
{
  const size_t bom = src.text().starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (mark.pos >= 0)
    return static_cast<size_t>(mark.pos) + bom;
  // A null mark: the line/column fallback (yaml-cpp columns are bytes).
  if (mark.line >= 0)
    return src.line_offset(mark.line + 1) + static_cast<size_t>(std::max(mark.column, 0)) + (mark.line == 0 ? bom : 0);
  return 0;
}

struct Stop {
  size_t offset;
  std::string message;
};

/// Thrown when a second document starts.
struct SecondDocument {
  size_t offset;
};

class TreeBuilder : public YAML::EventHandler {
public:
  TreeBuilder(const SourceFile& src, yaml::Document& doc, const ParseLimits& limits)
    : m_src(src), m_doc(doc), m_limits(limits) {}

  void OnDocumentStart(const YAML::Mark& mark) override
  {
    if (m_documents++ > 0)
      throw SecondDocument{offset_of(mark)};
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    auto& n = make(yaml::NodeType::Null, mark);
    finish(n, anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    const auto it = m_anchors.find(anchor);
    if (it == m_anchors.end())
      throw Stop{offset_of(mark), tr("alias to an unknown anchor")};
    add_to_parent(it->second.node, it->second.size);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override
  {
    auto& n = make(yaml::NodeType::Scalar, mark);
    n.value = value;
    // yaml-cpp tags quoted and block scalars "!" and plain ones "?".
    n.quoted = tag == "!";
    finish(n, anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override
  {
    open(yaml::NodeType::Sequence, mark, anchor, style);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override
  {
    open(yaml::NodeType::Map, mark, anchor, style);
  }
  void OnMapEnd() override { close(); }

  /// duplicate-key findings, in source order.
  std::vector<Diagnostic> m_duplicates;

private:
  struct Frame {
    yaml::Node* node;
    YAML::anchor_t anchor;
    size_t size = 1; ///< nodes below, aliases expanded
    const yaml::Node* pending_key = nullptr;
    /// Each key of a mapping with its first node: finding the first of a repeated key by
    /// searching the entries made a file of repeated keys quadratic (47k keys: 10 s).
    std::unordered_map<std::string_view, const yaml::Node*> keys;
  };
  struct Anchored {
    const yaml::Node* node;
    size_t size;
  };

  size_t offset_of(const YAML::Mark& mark) const { return text_offset(m_src, mark); }

  yaml::Node& make(yaml::NodeType type, const YAML::Mark& mark)
  {
    auto& n = m_doc.make(type);
    n.offset = offset_of(mark);
    if (m_limits.positions)
      n.pos = m_src.position_at(n.offset);
    return n;
  }

  void open(yaml::NodeType type, const YAML::Mark& mark, YAML::anchor_t anchor, YAML::EmitterStyle::value style)
  {
    if (static_cast<int>(m_stack.size()) >= m_limits.max_depth)
      throw Stop{offset_of(mark), trf("nesting deeper than {} levels; a record is a few levels deep at most",
                                              m_limits.max_depth)};
    auto& n = make(type, mark);
    n.flow = style == YAML::EmitterStyle::Flow;
    m_stack.push_back(Frame{&n, anchor});
  }

  void close()
  {
    Frame f = std::move(m_stack.back());
    m_stack.pop_back();
    if (f.pending_key)
      throw Stop{f.pending_key->offset, tr("a key without a value")};
    finish(*f.node, f.anchor, f.size);
  }

  void finish(const yaml::Node& n, YAML::anchor_t anchor, size_t size)
  {
    if (anchor != YAML::NullAnchor)
      m_anchors[anchor] = Anchored{&n, size};
    add_to_parent(&n, size);
  }

  void add_to_parent(const yaml::Node* n, size_t size)
  {
    m_expanded += size;
    if (m_expanded > m_limits.max_expanded_nodes)
      throw Stop{n->offset, trf("aliases expand to more than {} nodes; a record does not need aliases, "
                                        "write the values out",
                                        m_limits.max_expanded_nodes)};
    if (m_stack.empty()) {
      m_doc.set_root(n);
      return;
    }
    Frame& parent = m_stack.back();
    parent.size += size;
    yaml::Node* p = parent.node;
    if (p->is_seq()) {
      p->items.push_back(n);
      return;
    }
    if (!parent.pending_key) {
      if (n->is_scalar())
        if (const auto [it, added] = parent.keys.emplace(n->value, n); !added)
          m_duplicates.push_back(yaml::duplicate_key(m_src, *n, it->second->pos.line));
      parent.pending_key = n;
      return;
    }
    // yaml-cpp reads a block-mapping line without `:` as a key with a null value
    // carrying the key's own mark; a real empty value carries the next token's.
    if (!p->flow && n->is_null() && n->offset == parent.pending_key->offset && parent.pending_key->is_scalar())
      throw Stop{n->offset, trf("`{}` is not `key: value`; add the missing `:` after the key, or indent "
                                        "the line if it continues the value above",
                                        parent.pending_key->value)};
    p->entries.emplace_back(parent.pending_key, n);
    parent.pending_key = nullptr;
  }

  const SourceFile& m_src;
  yaml::Document& m_doc;
  ParseLimits m_limits;
  std::vector<Frame> m_stack;
  std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
  size_t m_expanded = 0;
  int m_documents = 0;
};

/// yaml-cpp's messages, each worded by collab for the catalogue (yaml-cpp's own English).
const std::pair<const char*, const char*> k_yaml_cpp_messages[] = {
  {YAML::ErrorMsg::YAML_DIRECTIVE_ARGS, tr_noop("YAML directives must have exactly one argument")},
  {YAML::ErrorMsg::YAML_MAJOR_VERSION, tr_noop("YAML major version too large")},
  {YAML::ErrorMsg::REPEATED_YAML_DIRECTIVE, tr_noop("repeated YAML directive")},
  {YAML::ErrorMsg::TAG_DIRECTIVE_ARGS, tr_noop("TAG directives must have exactly two arguments")},
  {YAML::ErrorMsg::REPEATED_TAG_DIRECTIVE, tr_noop("repeated TAG directive")},
  {YAML::ErrorMsg::CHAR_IN_TAG_HANDLE, tr_noop("illegal character found while scanning tag handle")},
  {YAML::ErrorMsg::TAG_WITH_NO_SUFFIX, tr_noop("tag handle with no suffix")},
  {YAML::ErrorMsg::END_OF_VERBATIM_TAG, tr_noop("end of verbatim tag not found")},
  {YAML::ErrorMsg::END_OF_MAP_FLOW, tr_noop("end of map flow not found (a `{` has no closing brace)")},
  {YAML::ErrorMsg::END_OF_SEQ_FLOW, tr_noop("end of sequence flow not found (a `[` has no closing bracket)")},
  {YAML::ErrorMsg::MULTIPLE_TAGS, tr_noop("cannot assign multiple tags to the same node")},
  {YAML::ErrorMsg::MULTIPLE_ANCHORS, tr_noop("cannot assign multiple anchors to the same node")},
  {YAML::ErrorMsg::MULTIPLE_ALIASES, tr_noop("cannot assign multiple aliases to the same node")},
  {YAML::ErrorMsg::ALIAS_CONTENT, tr_noop("aliases can't have any content, *including* tags")},
  {YAML::ErrorMsg::INVALID_HEX, tr_noop("bad character found while scanning hex number")},
  {YAML::ErrorMsg::UNKNOWN_TOKEN, tr_noop("unknown token")},
  {YAML::ErrorMsg::DOC_IN_SCALAR, tr_noop("illegal document indicator in scalar")},
  {YAML::ErrorMsg::EOF_IN_SCALAR, tr_noop("illegal EOF in scalar (a quote is not closed)")},
  {YAML::ErrorMsg::CHAR_IN_SCALAR, tr_noop("illegal character in scalar")},
  {YAML::ErrorMsg::TAB_IN_INDENTATION, tr_noop("illegal tab when looking for indentation")},
  {YAML::ErrorMsg::FLOW_END, tr_noop("illegal flow end (a `]` or `}` without its `[` or `{`)")},
  {YAML::ErrorMsg::BLOCK_ENTRY, tr_noop("illegal block entry (a `- ` where a list cannot start; check the "
                                        "indentation)")},
  {YAML::ErrorMsg::MAP_KEY, tr_noop("illegal map key")},
  {YAML::ErrorMsg::ALIAS_NOT_FOUND, tr_noop("alias not found after *")},
  {YAML::ErrorMsg::ANCHOR_NOT_FOUND, tr_noop("anchor not found after &")},
  {YAML::ErrorMsg::CHAR_IN_ALIAS, tr_noop("illegal character found while scanning alias")},
  {YAML::ErrorMsg::CHAR_IN_ANCHOR, tr_noop("illegal character found while scanning anchor")},
  {YAML::ErrorMsg::ZERO_INDENT_IN_BLOCK, tr_noop("cannot set zero indentation for a block scalar")},
  {YAML::ErrorMsg::CHAR_IN_BLOCK, tr_noop("unexpected character in block scalar")},
  {YAML::ErrorMsg::AMBIGUOUS_ANCHOR, tr_noop("cannot assign the same alias to multiple nodes")},
  {YAML::ErrorMsg::UNEXPECTED_END_SEQ, tr_noop("unexpected end sequence token")},
  {YAML::ErrorMsg::UNEXPECTED_END_MAP, tr_noop("unexpected end map token")},
  {YAML::ErrorMsg::SINGLE_QUOTED_CHAR, tr_noop("invalid character in single-quoted string")},
};

/// yaml-cpp's message in the catalogue's words; one collab does not know stays as it is.
std::string worded(const std::string& msg)
{
  for (const auto& [theirs, ours] : k_yaml_cpp_messages)
    if (msg == theirs)
      return tr(ours);
  const auto rest = [&](const char* prefix) { return msg.substr(std::string_view(prefix).size()); };
  if (msg.starts_with(YAML::ErrorMsg::YAML_VERSION))
    return trf("bad YAML version: {}", rest(YAML::ErrorMsg::YAML_VERSION));
  if (msg.starts_with(YAML::ErrorMsg::INVALID_UNICODE))
    return trf("invalid unicode: {}", rest(YAML::ErrorMsg::INVALID_UNICODE));
  if (msg.starts_with(YAML::ErrorMsg::INVALID_ESCAPE))
    return trf("unknown escape character: {}", rest(YAML::ErrorMsg::INVALID_ESCAPE));
  return msg;
}

std::string explain(const std::string& msg)
{
  // yaml-cpp's messages are terse; add the usual cause. The ones collab rewrites are whole
  // messages of the catalogue; the rest stay yaml-cpp's English.
  if (msg == YAML::ErrorMsg::MAP_VALUE)
    return tr("illegal map value (a value holds `: ` or the indentation is off; quote the value or fix the "
              "indentation)");
  if (msg == YAML::ErrorMsg::END_OF_MAP)
    return tr("end of map not found (check the indentation of this line, and that every `[` and `{` is closed)");
  if (msg == YAML::ErrorMsg::END_OF_SEQ)
    return tr("end of sequence not found (check the indentation of this line, and that every `[` and `{` is "
              "closed)");
  if (msg == YAML::ErrorMsg::UNKNOWN_ANCHOR)
    return tr("the referenced anchor is not defined (define the anchor `&name` before using `*name`)");
  if (msg.find("anchor") != std::string::npos)
    return trf("{} (define the anchor `&name` before using `*name`)", worded(msg));
  return worded(msg);
}

/// A key over the limit for an implicit key: where it starts and what to say.
struct LongKey {
  size_t start;
  std::string message;
};

/// The key ending at `colon` when it is over the limit for an implicit key (yaml-cpp then
/// reports "illegal map value" at the colon); nullopt otherwise. YAML allows 1024 characters,
/// yaml-cpp 1024 bytes.
std::optional<LongKey> long_key_before(std::string_view text, size_t colon)
{
  if (colon >= text.size() || text[colon] != ':')
    return std::nullopt;
  const size_t line = text.rfind('\n', colon == 0 ? 0 : colon - 1);
  size_t start = line == std::string_view::npos ? 0 : line + 1;
  while (start < colon && (text[start] == ' ' || text[start] == '-'))
    ++start; // indentation and list dashes
  if (colon - start <= 1024)
    return std::nullopt;
  size_t chars = 0;
  for (size_t i = start; i < colon; ++i)
    chars += (static_cast<unsigned char>(text[i]) & 0xc0) != 0x80;
  if (chars > 1024)
    return LongKey{start, tr("a key is longer than 1024 characters, YAML's limit for a key; shorten it")};
  return LongKey{start, trf("a key is longer than 1024 bytes ({} characters in UTF-8), the limit of "
                                    "collab's YAML reader; shorten it",
                                    chars)};
}

Diagnostic syntax_at(const SourceFile& src, size_t offset, const std::string& message)
{
  return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(offset), message};
}

} // namespace

ParsedYaml parse_yaml(const SourceFile& src, const ParseLimits& limits)
{
  if (auto fast = parse_simple_yaml(src, limits))
    return std::move(*fast);
  return parse_yaml_cpp(src, limits);
}

ParsedYaml parse_yaml_cpp(const SourceFile& src, const ParseLimits& limits)
{
  ParsedYaml out;
  auto doc = std::make_unique<yaml::Document>();
  TreeBuilder builder(src, *doc, limits);
  std::istringstream in(src.text());
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder))
      return out; // no document at all
    // A second document is a finding: yaml-cpp also lands here on stray content
    // after the top-level collection ends.
    parser.HandleNextDocument(builder);
  } catch (const SecondDocument& second) {
    const bool marker = src.text().compare(second.offset, 3, "---") == 0;
    out.error = syntax_at(src, second.offset,
                          marker ? tr("a second YAML document starts here; a record file holds exactly one "
                                      "document, move it to a file of its own")
                                 : tr("unexpected content after the end of the record; check the indentation of "
                                      "this line or quote the value it belongs to"));
    return out;
  } catch (const Stop& stop) {
    out.error = syntax_at(src, stop.offset, stop.message);
    return out;
  } catch (const YAML::Exception& e) {
    const size_t offset = text_offset(src, e.mark);
    if (const auto key = long_key_before(src.text(), offset)) {
      out.error = syntax_at(src, key->start, key->message);
      return out;
    }
    out.error = syntax_at(src, offset, trf("invalid YAML: {}", explain(e.msg)));
    return out;
  }
  // Duplicate keys leave a usable tree: the first occurrence wins, like yaml-cpp.
  out.findings = std::move(builder.m_duplicates);
  out.doc = std::move(doc);
  return out;
}

} // namespace collab::yaml
