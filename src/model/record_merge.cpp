// Three-way merge of a record, field by field. The decisions are made on the parsed trees
// (base, ours, theirs); the result is ours' text with theirs' changes applied as minimal edits,
// each one re-read and checked before the next, so a shape the editor cannot handle exactly
// becomes a conflict on that field instead of a guess.
#include "collab/model/record_merge.h"

#include "collab/model/kinds.h"
#include "collab/util/i18n.h"
#include "collab/yaml/node_text.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/text_edit.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace collab::model {

using util::i18n::tr;
using util::i18n::trf;
using yaml::Node;

namespace {

/// One step from a record's root to a value: a mapping's key, or a list's 0-based index.
struct Step {
  std::string key;
  int index = -1;
};
using Steps = std::vector<Step>;

Steps plus(Steps s, Step step)
{
  s.push_back(std::move(step));
  return s;
}

const Node* walk(const Node* n, const Steps& steps)
{
  for (const Step& s : steps) {
    if (!n)
      return nullptr;
    if (s.index >= 0) {
      if (!n->is_seq() || static_cast<size_t>(s.index) >= n->items.size())
        return nullptr;
      n = n->items[static_cast<size_t>(s.index)];
    } else {
      n = n->is_map() ? n->get(s.key) : nullptr;
    }
  }
  return n;
}

/// The same value, whatever its style (quotes, flow or block, key order).
bool same(const Node* a, const Node* b)
{
  if (!a || !b)
    return a == b;
  if (a->type != b->type)
    return false;
  switch (a->type) {
  case yaml::NodeType::Null:
    return true;
  case yaml::NodeType::Scalar:
    return a->value == b->value;
  case yaml::NodeType::Sequence:
    if (a->items.size() != b->items.size())
      return false;
    for (size_t i = 0; i < a->items.size(); ++i)
      if (!same(a->items[i], b->items[i]))
        return false;
    return true;
  case yaml::NodeType::Map:
    if (a->entries.size() != b->entries.size())
      return false;
    for (const auto& [k, v] : a->entries) {
      if (k->is_scalar()) {
        if (!same(v, b->get(k->value)))
          return false;
        continue;
      }
      // A key that is no plain text (`null:`, `[a]:`): the entry of b with the same key.
      bool found = false;
      for (const auto& [k2, v2] : b->entries)
        if (same(k, k2) && same(v, v2)) {
          found = true;
          break;
        }
      if (!found)
        return false;
    }
    return true;
  }
  return false;
}

bool is_seq(const Node* n) { return n && n->is_seq(); }
bool is_map(const Node* n) { return n && n->is_map(); }
bool absent_or_null(const Node* n) { return !n || n->is_null(); }
size_t size_of(const Node* n) { return is_seq(n) ? n->items.size() : 0; }
std::string text_of(const Node* n) { return n ? yaml::inline_text(*n, yaml::InlineStyle::Flow) : ""; }

bool all_items(const Node* seq, bool (*pred)(const Node*))
{
  if (!is_seq(seq))
    return true;
  for (const Node* item : seq->items)
    if (!pred(item))
      return false;
  return true;
}

bool scalar_item(const Node* n) { return n->is_scalar() || n->is_null(); }
bool map_item(const Node* n) { return n->is_map(); }

/// Lists merged as sets (each side's additions and removals): names, tags, links, plain texts.
bool set_like(const Field* field, const Node* b, const Node* o, const Node* t)
{
  if (field && (field->type == FieldType::TextList || field->type == FieldType::People ||
                field->type == FieldType::Attendees))
    return true;
  return all_items(b, scalar_item) && all_items(o, scalar_item) && all_items(t, scalar_item);
}

/// An edit of ours' text that brings in one of theirs' changes.
struct Op {
  enum class Kind { Set, Remove, Items } kind;
  std::string path;   ///< the field, for a conflict when the edit cannot be made
  Steps map;          ///< ours' mapping holding `key`
  std::string key;
  const Node *b = nullptr, *o = nullptr, *t = nullptr; ///< the three values
  const Node* tmap = nullptr;      ///< Set: theirs' mapping holding the value
  long at = -1;                    ///< Items: where theirs' entries go in ours' list (-1: at the end)
  std::vector<size_t> take;        ///< Items: theirs' entries to insert
  std::vector<size_t> drop;        ///< Items: ours' entries to remove
};

struct Merger {
  const std::string& theirs_text;
  const std::set<std::string>& ours_wins;
  std::string_view item_list;
  std::vector<Op> ops;
  RecordMerge out;

  /// Whether the user settled `path` or a field holding it.
  bool settled(const std::string& path) const
  {
    for (const std::string& p : ours_wins)
      if (path == p || (path.starts_with(p) && (path[p.size()] == '.' || path[p.size()] == '#')))
        return true;
    return false;
  }

  void conflict(const std::string& path, const Node* b, const Node* o, const Node* t)
  {
    if (!settled(path))
      out.conflicts.push_back({path, text_of(b), text_of(o), text_of(t)});
  }

  void merge_map(const std::string& path, const Steps& steps, const Node* b, const Node& o, const Node& t,
                 const Schema* schema)
  {
    std::vector<std::string> keys;
    std::set<std::string> seen;
    bool odd_key = false; // `null:`, `~:`, `[a]:`: a key no field path can name
    const auto add = [&](const Node* m) {
      if (is_map(m))
        for (const auto& [k, v] : m->entries) {
          if (!k->is_scalar())
            odd_key = true;
          else if (seen.insert(k->value).second)
            keys.push_back(k->value);
        }
    };
    add(&o);
    add(&t);
    add(b);
    if (odd_key && !same(&o, &t) && !same(b, &t)) {
      // Edits are made by key; one that cannot be named cannot be merged exactly.
      conflict(path, b, &o, &t);
      return;
    }
    for (const std::string& key : keys) {
      const Field* field = schema ? schema->find(key) : nullptr;
      merge_entry(path.empty() ? key : path + "." + key, steps, key, is_map(b) ? b->get(key) : nullptr, o.get(key),
                  t.get(key), t, field);
    }
  }

  void merge_entry(const std::string& path, const Steps& steps, const std::string& key, const Node* b,
                   const Node* o, const Node* t, const Node& tmap, const Field* field)
  {
    if (same(o, t) || same(b, t))
      return;
    if (is_map(o) && is_map(t) && (absent_or_null(b) || b->is_map())) {
      merge_map(path, plus(steps, {key}), is_map(b) ? b : nullptr, *o, *t, field ? field->sub : nullptr);
      return;
    }
    if (is_seq(o) && is_seq(t) && (absent_or_null(b) || b->is_seq())) {
      if (set_like(field, b, o, t)) {
        if (same(b, o))
          ops.push_back({Op::Kind::Set, path, steps, key, b, o, t, &tmap});
        else
          merge_set(path, steps, key, b, *o, *t);
        return;
      }
      const size_t nb = size_of(b);
      if (all_items(b, map_item) && all_items(o, map_item) && all_items(t, map_item) && o->items.size() >= nb &&
          t->items.size() >= nb) {
        merge_items(path, steps, key, b, *o, *t, field);
        return;
      }
    }
    if (same(b, o)) {
      Op op{t ? Op::Kind::Set : Op::Kind::Remove, path, steps, key, b, o, t, &tmap};
      ops.push_back(std::move(op));
      return;
    }
    conflict(path, b, o, t);
  }

  /// Whether `side` holds, where the base had one entry, another entry of the base: entries moved.
  static bool moved(const Node* b, const Node& side)
  {
    const size_t nb = size_of(b);
    for (size_t i = 0; i < nb; ++i) {
      if (same(side.items[i], b->items[i]))
        continue;
      for (size_t j = 0; j < nb; ++j)
        if (j != i && same(side.items[i], b->items[j]) && !same(b->items[i], b->items[j]))
          return true;
    }
    return false;
  }

  /// Whether `side` changed an entry the base had.
  static bool changed_entry(const Node* b, const Node& side)
  {
    for (size_t i = 0; i < size_of(b); ++i)
      if (!same(side.items[i], b->items[i]))
        return true;
    return false;
  }

  /// Lists of mappings: entries by position; entries appended on both sides go theirs first.
  void merge_items(const std::string& path, const Steps& steps, const std::string& key, const Node* b,
                   const Node& o, const Node& t, const Field* field)
  {
    // Entries are matched by place: when one side moved them and the other changed one, a
    // change would land on another entry, so the user decides.
    if ((moved(b, o) && changed_entry(b, t)) || (moved(b, t) && changed_entry(b, o))) {
      conflict(path, b, &o, &t);
      return;
    }
    const size_t nb = size_of(b), no = o.items.size(), nt = t.items.size();
    for (size_t i = 0; i < nb; ++i) {
      const Node *ib = b->items[i], *io = o.items[i], *it = t.items[i];
      if (same(io, it) || same(ib, it))
        continue;
      merge_map(fmt::format("{}#{}", path, i + 1), plus(plus(steps, {key}), {"", static_cast<int>(i)}), ib, *io,
                *it, field ? field->sub : nullptr);
    }
    if (nt == nb)
      return; // ours' appended entries stay where they are
    Op op{Op::Kind::Items, path, steps, key, b, &o, &t};
    op.at = static_cast<long>(nb);
    for (size_t k = nb; k < nt; ++k)
      op.take.push_back(k);
    // An entry appended on both sides is kept once, at theirs' place.
    std::vector<bool> matched(nt, false);
    int kept = 0;
    const bool items = steps.empty() && key == item_list;
    for (size_t j = nb; j < no; ++j) {
      size_t twin = nt;
      for (size_t k = nb; k < nt && twin == nt; ++k)
        if (!matched[k] && same(o.items[j], t.items[k]))
          twin = k;
      int now;
      if (twin < nt) {
        matched[twin] = true;
        op.drop.push_back(j);
        now = static_cast<int>(twin) + 1;
      } else {
        now = static_cast<int>(nt) + ++kept;
      }
      if (items && now != static_cast<int>(j) + 1)
        out.moved_items.emplace_back(static_cast<int>(j) + 1, now);
    }
    ops.push_back(std::move(op));
  }

  /// Lists of plain values: theirs' removals and additions applied to ours.
  void merge_set(const std::string& path, const Steps& steps, const std::string& key, const Node* b, const Node& o,
                 const Node& t)
  {
    std::set<std::string> in_b, in_o, in_t;
    for (const Node* n : is_seq(b) ? b->items : std::vector<const Node*>{})
      in_b.insert(text_of(n));
    for (const Node* n : o.items)
      in_o.insert(text_of(n));
    for (const Node* n : t.items)
      in_t.insert(text_of(n));
    Op op{Op::Kind::Items, path, steps, key, b, &o, &t};
    for (size_t i = 0; i < o.items.size(); ++i) {
      const std::string v = text_of(o.items[i]);
      if (in_b.count(v) && !in_t.count(v))
        op.drop.push_back(i);
    }
    for (size_t k = 0; k < t.items.size(); ++k) {
      const std::string v = text_of(t.items[k]);
      if (!in_b.count(v) && in_o.insert(v).second)
        op.take.push_back(k);
    }
    if (!op.drop.empty() || !op.take.empty())
      ops.push_back(std::move(op));
  }
};

// ---- the edits -------------------------------------------------------------------------------

std::unique_ptr<yaml::Document> read(const std::string& text)
{
  yaml::ParsedYaml p = yaml::parse_yaml(yaml::SourceFile("", text), yaml::ParseLimits{.positions = false});
  if (p.error || !p.doc || !p.doc->root())
    return nullptr;
  return std::move(p.doc);
}

size_t line_start(const std::string& t, size_t i)
{
  const size_t nl = i == 0 ? std::string::npos : t.rfind('\n', i - 1);
  return nl == std::string::npos ? 0 : nl + 1;
}

/// A position where whole lines may be inserted: `at`, after adding a final line break if needed.
size_t line_position(std::string& t, size_t at)
{
  if (at >= t.size() && !t.empty() && t.back() != '\n') {
    t += '\n';
    return t.size();
  }
  return at;
}

/// `s` (text from theirs) with every line after the first moved `delta` columns.
std::string reindent(std::string_view s, long delta)
{
  std::string out;
  size_t i = 0;
  while (true) {
    const size_t nl = s.find('\n', i);
    out.append(s.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl + 1 - i));
    if (nl == std::string_view::npos || nl + 1 >= s.size())
      return out;
    i = nl + 1;
    size_t blanks = 0;
    while (i + blanks < s.size() && s[i + blanks] == ' ')
      ++blanks;
    const bool empty = i + blanks >= s.size() || s[i + blanks] == '\n' || s[i + blanks] == '\r';
    if (empty || delta == 0)
      continue;
    if (delta > 0) {
      out.append(static_cast<size_t>(delta), ' ');
    } else {
      if (blanks < static_cast<size_t>(-delta))
        throw yaml::EditError(tr("a value's lines are indented less than it can be moved"));
      i += static_cast<size_t>(-delta);
    }
  }
}

/// A list entry as it may stand inside [...]: one line, a plain text with `,` `[` `]` `{` `}` quoted.
std::string flow_entry(const std::string& text, const yaml::ItemText& item, const Node& n)
{
  const std::string s = text.substr(item.text.begin, item.text.end - item.text.begin);
  if (s.find('\n') != std::string::npos || (!n.flow && (n.is_map() || n.is_seq())))
    throw yaml::EditError(tr("an entry written over several lines cannot go into a [...] list"));
  if (!n.is_scalar() || n.quoted || s.find_first_of(",[]{}") == std::string::npos)
    return s;
  std::string q = "\"";
  for (const char c : n.value) {
    if (c == '"' || c == '\\')
      q += '\\';
    q += c;
  }
  return q + '"';
}

/// The key column of a block mapping; theirs' and ours' may differ (an entry moved in a list).
size_t column_of(const std::string& text, const Node& map) { return yaml::block_map_column(text, map); }

void apply_set(std::string& cur, const Node& om, const Op& op, const std::string& ttext)
{
  const yaml::NodeText tnt = yaml::value_text(ttext, *op.tmap, op.key);
  if (tnt.anchored)
    throw yaml::EditError(tr("theirs' value has an anchor"));
  const std::string span = ttext.substr(tnt.begin, tnt.end - tnt.begin);
  const bool block = op.t->is_null() ? false : (!op.t->flow && (op.t->is_map() || op.t->is_seq()));
  const bool one_line = span.find('\n') == std::string::npos && !block;
  if (om.flow || op.tmap->flow) {
    if (!one_line)
      throw yaml::EditError(tr("a value written over several lines cannot go into {...}"));
    cur = yaml::set_field(cur, om, op.key, span);
    return;
  }
  const long delta = static_cast<long>(column_of(cur, om)) - static_cast<long>(column_of(ttext, *op.tmap));
  if (const Node* ov = om.get(op.key)) {
    const yaml::NodeText ont = yaml::value_text(cur, om, op.key);
    if (ont.anchored)
      throw yaml::EditError(tr("ours' value has an anchor"));
    const bool ours_one_line = !ov->is_null() && !(!ov->flow && (ov->is_map() || ov->is_seq())) &&
                               cur.find('\n', ont.begin) >= ont.end;
    if (one_line && ours_one_line) {
      // A comment theirs wrote after the new value comes with it; else ours' stays.
      const size_t t_eol = std::min(ttext.find('\n', tnt.end), ttext.size());
      const size_t o_eol = std::min(cur.find('\n', ont.end), cur.size());
      if (ttext.find('#', tnt.end) < t_eol) {
        size_t t_stop = t_eol, o_stop = o_eol;
        if (t_stop > 0 && ttext[t_stop - 1] == '\r')
          --t_stop;
        if (o_stop > 0 && cur[o_stop - 1] == '\r')
          --o_stop;
        cur.replace(ont.begin, o_stop - ont.begin, ttext.substr(tnt.begin, t_stop - tnt.begin));
      } else {
        cur = yaml::set_field(cur, om, op.key, span);
      }
      return;
    }
    if (one_line) {
      cur = yaml::set_field(cur, om, op.key, span);
      return;
    }
    cur.replace(ont.after_key, ont.end - ont.after_key,
                reindent(std::string_view(ttext).substr(tnt.after_key, tnt.end - tnt.after_key), delta));
    return;
  }
  // A new key: theirs' lines, after the key theirs has before it (else at the end).
  const size_t kstart = op.tmap->key_node(op.key)->offset;
  std::string piece = std::string(column_of(cur, om), ' ') +
                      reindent(std::string_view(ttext).substr(kstart, tnt.next_line - kstart), delta);
  if (piece.back() != '\n')
    piece += '\n';
  std::string prev;
  for (const auto& [k, v] : op.tmap->entries) {
    if (k->value == op.key)
      break;
    if (om.get(k->value))
      prev = k->value;
  }
  size_t at = prev.empty() ? yaml::collection_text(cur, om).next_line : yaml::value_text(cur, om, prev).next_line;
  at = line_position(cur, at);
  cur.insert(at, piece);
}

void apply_remove(std::string& cur, const Node& om, const Op& op)
{
  if (om.flow || om.entries.size() < 2)
    throw yaml::EditError(tr("cannot remove the only key or a key inside {...}"));
  const size_t k = om.key_node(op.key)->offset;
  const size_t ls = line_start(cur, k);
  if (cur.find_first_not_of(' ', ls) != k)
    throw yaml::EditError(tr("the key does not start its line"));
  const yaml::NodeText v = yaml::value_text(cur, om, op.key);
  cur.erase(ls, v.next_line - ls);
}

void apply_items(std::string& cur, const Node& om, const Op& op, const std::string& ttext)
{
  const Node* os = om.get(op.key);
  if (!is_seq(os))
    throw yaml::EditError(tr("not a list"));
  const std::vector<yaml::ItemText> oi = yaml::item_texts(cur, *os);
  const std::vector<yaml::ItemText> ti = yaml::item_texts(ttext, *op.t);
  const size_t n = oi.size();
  const size_t at = op.at < 0 ? n : static_cast<size_t>(op.at);
  const auto dropped = [&](size_t i) { return std::find(op.drop.begin(), op.drop.end(), i) != op.drop.end(); };
  const size_t left = n - op.drop.size() + op.take.size();
  if (os->flow || left == 0 || n == 0) {
    std::vector<std::string> parts;
    for (size_t i = 0; i <= n; ++i) {
      if (i == at)
        for (const size_t k : op.take)
          parts.push_back(flow_entry(ttext, ti[k], *op.t->items[k]));
      if (i < n && !dropped(i))
        parts.push_back(flow_entry(cur, oi[i], *os->items[i]));
    }
    std::string list = "[";
    for (size_t i = 0; i < parts.size(); ++i)
      list += (i ? ", " : "") + parts[i];
    cur = yaml::set_field(cur, om, op.key, list + "]");
    return;
  }
  const size_t ocol = oi[0].dash - line_start(cur, oi[0].dash);
  std::string pieces;
  for (const size_t k : op.take) {
    if (op.t->flow) {
      pieces += std::string(ocol, ' ') + "- " + flow_entry(ttext, ti[k], *op.t->items[k]) + "\n";
      continue;
    }
    const size_t dash = ti[k].dash;
    const size_t end = k + 1 < ti.size() ? line_start(ttext, ti[k + 1].dash) : ti[k].text.next_line;
    const long delta = static_cast<long>(ocol) - static_cast<long>(dash - line_start(ttext, dash));
    std::string piece = std::string(ocol, ' ') + reindent(std::string_view(ttext).substr(dash, end - dash), delta);
    if (piece.back() != '\n')
      piece += '\n';
    pieces += piece;
  }
  // The removals and the insertion, applied from the end of the text so no offset moves.
  struct Cut {
    size_t pos, len;
    std::string insert;
  };
  std::vector<Cut> cuts;
  if (!pieces.empty())
    cuts.push_back({at < n ? line_start(cur, oi[at].dash) : line_position(cur, oi[n - 1].text.next_line), 0, pieces});
  for (size_t i = 0; i < n; ++i) {
    if (!dropped(i))
      continue;
    const size_t from = line_start(cur, oi[i].dash);
    if (cur.find_first_not_of(' ', from) != oi[i].dash)
      throw yaml::EditError(tr("a list entry does not start its line"));
    const size_t to = i + 1 < n ? line_start(cur, oi[i + 1].dash) : oi[i].text.next_line;
    cuts.push_back({from, to - from, ""});
  }
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) {
    return a.pos != b.pos ? a.pos > b.pos : a.len > b.len; // at one place: remove, then insert
  });
  for (const Cut& c : cuts) {
    cur.erase(c.pos, c.len);
    cur.insert(c.pos, c.insert);
  }
}

/// Applies one edit and checks that the field now reads as it should.
void apply(std::string& cur, const Op& op, const std::string& ttext)
{
  const std::unique_ptr<yaml::Document> doc = read(cur);
  const Node* om = doc ? walk(doc->root(), op.map) : nullptr;
  if (!is_map(om))
    throw yaml::EditError(tr("cannot find the mapping again"));
  const size_t before = size_of(om->get(op.key));
  switch (op.kind) {
  case Op::Kind::Set: apply_set(cur, *om, op, ttext); break;
  case Op::Kind::Remove: apply_remove(cur, *om, op); break;
  case Op::Kind::Items: apply_items(cur, *om, op, ttext); break;
  }
  const std::unique_ptr<yaml::Document> after = read(cur);
  const Node* nm = after ? walk(after->root(), op.map) : nullptr;
  const Node* now = is_map(nm) ? nm->get(op.key) : nullptr;
  bool ok = is_map(nm);
  if (ok && op.kind == Op::Kind::Set)
    ok = same(now, op.t);
  else if (ok && op.kind == Op::Kind::Remove)
    ok = now == nullptr;
  else if (ok) {
    const size_t at = op.at < 0 ? before - op.drop.size() : static_cast<size_t>(op.at);
    ok = size_of(now) == before - op.drop.size() + op.take.size() || (before == op.drop.size() && op.take.empty());
    for (size_t i = 0; ok && i < op.take.size(); ++i)
      ok = same(now->items[at + i], op.t->items[op.take[i]]);
  }
  if (!ok)
    throw yaml::EditError(tr("the edited text does not read back as merged"));
}

/// The record's top-level mapping, or a reason why there is none.
std::unique_ptr<yaml::Document> read_side(std::string_view text, std::string_view side, std::string& error)
{
  const std::string t(text);
  yaml::ParsedYaml p = yaml::parse_yaml(yaml::SourceFile("", t), yaml::ParseLimits{.positions = false});
  if (p.error)
    error = trf("{}: {}", side, p.error->message);
  else if (!p.doc || !p.doc->root() || !p.doc->root()->is_map())
    error = trf("{}: not a YAML mapping", side);
  else if (!p.findings.empty())
    error = trf("{}: {}", side, p.findings.front().message);
  return error.empty() ? std::move(p.doc) : nullptr;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

} // namespace

RecordMerge merge_record(std::string_view base, std::string_view ours, std::string_view theirs,
                         const std::set<std::string>& ours_wins)
{
  RecordMerge result;
  std::string error;
  std::unique_ptr<yaml::Document> b;
  if (!blank(base))
    b = read_side(base, "base", error);
  auto o = error.empty() ? read_side(ours, "ours", error) : nullptr;
  auto t = error.empty() ? read_side(theirs, "theirs", error) : nullptr;
  if (!error.empty()) {
    result.error = error;
    return result;
  }
  const std::string theirs_text(theirs);
  const Node& oroot = *o->root();
  const Kind* kind = find_kind(oroot.text_of("kind"));
  Merger m{theirs_text, ours_wins, kind ? kind->item_list : std::string_view()};
  m.merge_map("", {}, b ? b->root() : nullptr, oroot, *t->root(), kind ? kind->schema : nullptr);
  if (!m.out.conflicts.empty()) {
    m.out.moved_items.clear();
    return std::move(m.out);
  }
  std::string cur(ours);
  for (const Op& op : m.ops) {
    if (m.settled(op.path))
      continue;
    try {
      apply(cur, op, theirs_text);
    } catch (const yaml::EditError&) {
      m.conflict(op.path, op.b, op.o, op.t);
    }
  }
  if (m.out.conflicts.empty())
    m.out.text = std::move(cur);
  else
    m.out.moved_items.clear();
  return std::move(m.out);
}

} // namespace collab::model
