#include "collab/yaml/fullwidth_check.h"

#include "collab/util/i18n.h"
#include "collab/util/text.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>

namespace collab::yaml {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace {

constexpr std::string_view k_colon = "\xef\xbc\x9a";      // ： U+FF1A
constexpr std::string_view k_wide_space = "\xe3\x80\x80"; // U+3000
constexpr std::string_view k_bom = "\xef\xbb\xbf";

/// What the lines above leave open for the next one. Columns are byte offsets in the line: the
/// indentation and `- ` before a key are ASCII.
struct Context {
  enum State {
    Key,   ///< the next line holds a key or a `- ` entry
    Open,  ///< after `key:` with nothing behind it: a more indented line is its value, whatever it is
    Value, ///< after a value on the line (`key: text`, `key: |`, `- text`): a more indented line continues it
  };
  State state = Key;
  size_t column = 0; ///< of the key or `-` that opened it
};

/// How a line's content (after indentation and `- `) starts.
struct Head {
  enum Kind {
    Plain,      ///< no key: a value, or text the parser will refuse
    Key,        ///< `key:` followed by a space or the end of the line
    WideColon,  ///< `key：`
    WideSpace,  ///< `key:` followed by U+3000
  };
  Kind kind = Plain;
  size_t at = 0;           ///< the colon's (or U+3000's) offset in the content
  std::string_view token;  ///< the text before it, trimmed
  std::string_view after;  ///< the text after the colon
};

Head read_head(std::string_view content)
{
  Head h;
  if (content.empty() || std::string_view("\"'[{|>!&*?%@`").find(content[0]) != std::string_view::npos)
    return h; // quoted, flow, block, tag, anchor, alias, complex key: not a plain key
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '#' && i > 0 && content[i - 1] == ' ')
      return h;
    const std::string_view rest = content.substr(i);
    if (rest[0] == ':' && (rest.size() == 1 || rest[1] == ' ')) {
      h = Head{Head::Key, i, trim(content.substr(0, i)), rest.substr(1)};
      return h;
    }
    if (rest[0] == ':' && rest.substr(1).starts_with(k_wide_space)) {
      h = Head{Head::WideSpace, i + 1, trim(content.substr(0, i)), rest.substr(1)};
      return h;
    }
    if (rest.starts_with(k_colon)) {
      h = Head{Head::WideColon, i, trim(content.substr(0, i)), rest.substr(k_colon.size())};
      return h;
    }
  }
  return h;
}

/// A plain YAML key that could be meant: one word, no flow or quote characters.
bool key_token(std::string_view t)
{
  return !t.empty() && t.find_first_of(" \t,[]{}#&*!|>'\"%@`") == std::string_view::npos;
}

/// A word as record keys are (`owner`, `next_meeting`): a key even where a value could stand.
bool ascii_key(std::string_view t)
{
  if (t.empty() || !(std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_'))
    return false;
  for (const char c : t)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      return false;
  return true;
}

/// True when nothing but blanks or a comment follows a key's colon.
bool empty_value(std::string_view after)
{
  after = trim(after);
  while (after.starts_with(k_wide_space))
    after = trim(after.substr(k_wide_space.size()));
  return after.empty() || after[0] == '#';
}

} // namespace

std::vector<Diagnostic> check_fullwidth(const SourceFile& src, const std::function<bool(std::string_view)>& is_key_name)
{
  std::vector<Diagnostic> out;
  const std::string& text = src.text();
  if (text.find(k_colon) == std::string::npos && text.find(k_wide_space) == std::string::npos)
    return out; // the common case
  const auto report = [&](size_t base, size_t at, std::string message) {
    out.push_back(Diagnostic{"fullwidth-syntax", Severity::Error, src.path(), src.position_at(base + at),
                             std::move(message)});
  };

  Context ctx;
  for (int n = 1; n <= src.line_count(); ++n) {
    std::string_view line = src.line(n);
    size_t base = src.line_offset(n);
    if (n == 1 && line.starts_with(k_bom)) {
      line.remove_prefix(k_bom.size());
      base += k_bom.size();
    }
    if (line.ends_with('\r'))
      line.remove_suffix(1);

    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ')
      ++indent;
    // The leading run of blanks, full-width ones included.
    size_t start = indent;
    std::optional<size_t> wide;
    while (start < line.size()) {
      if (line[start] == ' ') {
        ++start;
      } else if (line.substr(start).starts_with(k_wide_space)) {
        if (!wide)
          wide = start;
        start += k_wide_space.size();
      } else {
        break;
      }
    }
    const std::string_view rest = line.substr(start);
    if (!wide && (rest.empty() || rest[0] == '#'))
      continue; // blank or comment
    if (ctx.state == Context::Value && indent > ctx.column)
      continue; // more of the value above (plain, quoted or block text)
    if (indent == 0 && !wide && (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with("%"))) {
      ctx = Context{};
      continue;
    }
    const bool nested = ctx.state == Context::Open && indent > ctx.column;

    // `- ` entries: what follows a dash is a value or the first key of a mapping.
    size_t c = start;
    std::optional<size_t> dash;
    while (c < line.size() && line[c] == '-' && (c + 1 == line.size() || line[c + 1] == ' ')) {
      dash = c;
      ++c;
      while (c < line.size() && line[c] == ' ')
        ++c;
    }
    const Head head = read_head(line.substr(c));
    const bool value_place = nested || dash;
    const auto key_word = [&](std::string_view t) {
      if (!value_place)
        return key_token(t);
      return is_key_name ? is_key_name(t) : ascii_key(t);
    };
    const bool is_key = head.kind != Head::Plain && key_word(head.token);

    if (wide) {
      if (!nested || is_key || dash)
        report(base, *wide,
               tr("indentation with an ideographic space (U+3000, a full-width space); YAML counts only ASCII "
                  "spaces as indentation: indent with ASCII spaces"));
    } else if (head.kind == Head::WideColon && is_key) {
      report(base, c + head.at,
             trf("full-width colon `：` (U+FF1A) after the key `{}`; YAML ends a key only at an ASCII colon: "
                         "use an ASCII colon `:` followed by a space (`{}: ...`)",
                         head.token, head.token));
    } else if (head.kind == Head::WideSpace && is_key) {
      report(base, c + head.at,
             trf("an ideographic space (U+3000, a full-width space) after `{}:`; YAML needs an ASCII space "
                         "after a key's colon: replace it with an ASCII space",
                         head.token));
    }

    if (c == line.size() && dash)
      ctx = Context{Context::Open, *dash}; // `-` alone: its entry follows
    else if (head.kind == Head::Key || is_key)
      ctx = Context{empty_value(head.after) ? Context::Open : Context::Value, c};
    else
      ctx = Context{Context::Value, dash ? *dash : nested ? ctx.column : indent};
  }
  return out;
}

} // namespace collab::yaml
