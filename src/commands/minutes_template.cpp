#include "commands/minutes_template.h"

#include "collab/util/i18n.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace collab::commands {

using util::i18n::tr;

namespace {

/// A comment line of hints: `indent` spaces, `# `, the (translated) text.
std::string hint(int indent, const std::string& text)
{
  return fmt::format("{:{}}# {}\n", "", indent, text);
}

std::string trim(const std::string& s)
{
  const size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos)
    return "";
  const size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t nl = text.find('\n', i);
    out.push_back(text.substr(i, nl == std::string::npos ? std::string::npos : nl - i));
    i = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

size_t indent_of(const std::string& line) { return line.find_first_not_of(' '); }

/// True for `key:` (optionally `[]`, `{}`, `""`, `''`) with nothing else: no value on the line.
bool empty_key_line(const std::string& line)
{
  const std::string t = trim(line);
  if (t.empty() || t[0] == '#' || t[0] == '-')
    return false;
  const size_t colon = t.find(':');
  if (colon == std::string::npos || colon == 0)
    return false;
  for (size_t i = 0; i < colon; ++i)
    if (!(std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_' || t[i] == '-'))
      return false;
  const std::string rest = trim(t.substr(colon + 1));
  return rest.empty() || rest == "[]" || rest == "{}" || rest == "\"\"" || rest == "''";
}

} // namespace

bool minutes_template_has(const std::string& key)
{
  static const std::set<std::string> keys = {"id",     "kind",  "title",   "date",   "time",           "mode",
                                             "location", "host", "recorder", "attendees", "absent", "goals",
                                             "agenda", "actions", "open_questions", "next_meeting", "cc", "created"};
  return keys.count(key) > 0;
}

std::string minutes_template(const std::string& id, const std::map<std::string, std::string>& given,
                             const std::vector<std::string>& extra, const std::string& created)
{
  const auto value = [&](const std::string& key) {
    const auto it = given.find(key);
    return it == given.end() ? fmt::format("{}:\n", key) : fmt::format("{}: {}\n", key, it->second);
  };
  std::string t = fmt::format("id: {}\nkind: meeting\n", id);
  t += hint(0, tr("Minutes: fill in what was said and decided; lines starting with # are hints."));
  t += hint(0, tr("Optional parts left empty are dropped when you save."));
  t += value("title");
  t += value("date");
  t += hint(0, tr("Optional: time HH:MM-HH:MM; mode offline, online, hybrid, im or phone; the room or platform"));
  t += value("time") + value("mode") + value("location");
  t += value("host") + value("recorder");
  // A key given on the command line is written as given, else as an empty key with hints.
  const auto section = [&](const std::string& about, const std::string& key, const std::string& hints) {
    t += hint(0, about);
    t += given.count(key) ? value(key) : key + ":\n" + hints;
  };
  // Hint lines for the entries of a list: `- key: what` first, then `  key: what` ('' for none).
  const auto entry = [](std::initializer_list<std::pair<const char*, std::string>> fields) {
    std::string out;
    bool first = true;
    for (const auto& [key, what] : fields) {
      out += hint(2, fmt::format("{}{}:{}{}", first ? "- " : "  ", key, what.empty() ? "" : " ", what));
      first = false;
    }
    return out;
  };
  // A list entry's hint, `depth` 0 for the section's list, 1 inside an entry (the `#` stays at
  // column 3, so deleting `# ` makes the line YAML at the right indentation).
  const auto item = [](int depth, const std::string& what) { return hint(2, std::string(depth * 4, ' ') + "- " + what); };
  section(tr("Attendees: one a line, a name or a mapping of name, dept and title"), "attendees",
          item(0, fmt::format("{{name: {}, dept: {}}}", tr("NAME"), tr("DEPT"))));
  section(tr("Optional: who was absent, and why"), "absent", item(0, fmt::format("{{name: {}, dept: {}, reason: {}}}", tr("NAME"), tr("DEPT"), tr("REASON"))));
  section(tr("Optional: the goals of the meeting, one a line"), "goals", item(0, tr("a goal, measurable")));
  section(tr("Optional: the agenda; per topic the points by department, disagreements, consensus, decisions"),
          "agenda",
          entry({{"topic", tr("TOPIC")}, {"points", ""}}) + item(1, fmt::format("{{dept: {}, text: {}}}", tr("DEPT"), tr("what the department said"))) +
            hint(2, "  disagreements:") + item(1, tr("where the views differ")) +
            hint(2, "  consensus:") + item(1, tr("what everyone agreed")) + hint(2, "  decisions:") +
            item(1, tr("what was decided")));
  section(tr("Actions: one owner, a date, a verifiable deliverable for each"), "actions",
          entry({{"action", tr("what to do, specific and verifiable")},
                 {"owner", tr("one person")},
                 {"dept", tr("DEPT")},
                 {"deadline", "YYYY-MM-DD"},
                 {"deliverable", tr("what shows it is done")}}));
  section(tr("Optional: open questions, each with who answers it and how"), "open_questions",
          entry({{"question", tr("QUESTION")}, {"owner", tr("one person")}, {"plan", tr("how and by when it gets answered")}}));
  section(tr("Optional: the next meeting, YYYY-MM-DD HH:MM"), "next_meeting", "");
  section(tr("Optional: who else gets the minutes (department heads, PMO), one a line"), "cc", item(0, tr("NAME")));
  for (const auto& key : extra)
    if (!minutes_template_has(key))
      t += value(key);
  t += fmt::format("created: {}\n", created);
  return t;
}

std::string drop_unfilled(const std::string& saved, const std::string& template_text)
{
  std::set<std::string> hints;
  for (const auto& line : lines_of(template_text))
    if (const std::string t = trim(line); !t.empty() && t[0] == '#')
      hints.insert(t);
  std::vector<std::string> lines;
  for (auto& line : lines_of(saved))
    if (!hints.count(trim(line)))
      lines.push_back(std::move(line));
  // A key is empty when the next line with text is not below it (deeper, or a `- ` entry at
  // its own indentation: YAML's indentless list). Dropping one may empty its parent: repeat.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!empty_key_line(lines[i]))
        continue;
      const size_t own = indent_of(lines[i]);
      size_t j = i + 1;
      while (j < lines.size() && (trim(lines[j]).empty() || trim(lines[j])[0] == '#'))
        ++j; // blank lines and the recorder's own comments are no value
      const bool has_value = j < lines.size() && (indent_of(lines[j]) > own ||
                                                   (indent_of(lines[j]) == own && trim(lines[j])[0] == '-'));
      if (!has_value) {
        lines.erase(lines.begin() + static_cast<long>(i));
        changed = true;
        break;
      }
    }
  }
  std::string out;
  for (const auto& line : lines)
    out += line + "\n";
  if (!saved.empty() && saved.back() != '\n' && !out.empty())
    out.pop_back();
  return out;
}

} // namespace collab::commands
