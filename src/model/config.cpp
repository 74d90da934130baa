#include "collab/util/i18n.h"
#include "collab/util/mime.h"
#include "collab/model/config.h"

#include "collab/model/date.h"
#include "collab/model/kinds.h"
#include "collab/yaml/source_check.h"
#include "collab/util/text.h"
#include "collab/yaml/parse.h"

#include <algorithm>
#include <fmt/format.h>

namespace collab::model {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;

namespace {

const std::vector<std::string_view> k_wording_rules = {"vague-owner", "vague-wording", "subjective-wording"};

class ConfigReader {
public:
  ConfigReader(const SourceFile& src, std::vector<Diagnostic>& errors) : m_src(src), m_errors(errors) {}

  void error(const yaml::Node& at, const std::string& message)
  {
    m_errors.push_back(Diagnostic{"config", Severity::Error, m_src.path(), at.pos, message});
  }

  /// Unknown key: an error naming the nearest known one. `where` is the setting it is in ("" for
  /// the top level of the config).
  void unknown_key(const yaml::Node& key, const std::vector<std::string_view>& known, std::string_view where = {})
  {
    const auto near = util::nearest(key.value, known);
    if (where.empty())
      error(key, near.empty() ? trf("unknown key `{}` in the config; known keys: {}", key.value, fmt::join(known, ", "))
                              : trf("unknown key `{}` in the config; did you mean `{}`?", key.value, near));
    else
      error(key, near.empty() ? trf("unknown key `{}` in {}; known keys: {}", key.value, where, fmt::join(known, ", "))
                              : trf("unknown key `{}` in {}; did you mean `{}`?", key.value, where, near));
  }

  bool expect_scalar(const yaml::Node& v, std::string_view what)
  {
    if (v.is_scalar())
      return true;
    error(v, trf("{} must be a single value, not {}", what, yaml::shape_name(v)));
    return false;
  }

  std::vector<std::string> string_list(const yaml::Node& v, std::string_view what)
  {
    std::vector<std::string> out;
    if (v.is_scalar()) {
      out.push_back(v.value);
      return out;
    }
    if (!v.is_seq()) {
      error(v, trf("{} must be a list of strings, not {}", what, yaml::shape_name(v)));
      return out;
    }
    for (const auto* item : v.items)
      if (expect_scalar(*item, trf("each entry of {}", what)))
        out.push_back(item->value);
    return out;
  }

  int duration(const yaml::Node& v, std::string_view key)
  {
    if (!expect_scalar(v, key))
      return 0;
    auto d = parse_duration_days(util::trim(v.value));
    if (!d) {
      error(v, trf("`{}: {}` is not a duration; write days or weeks such as `2d` or `1w`", key, v.value));
      return 0;
    }
    return *d;
  }

  void read(const yaml::Node& root, Config& cfg)
  {
    if (root.is_null())
      return; // an empty config is all defaults
    if (!root.is_map()) {
      error(root, tr("the config must be a mapping of settings (lang, people, lint, ...)"));
      return;
    }
    const auto& known = config_keys();
    for (const auto& [k, v] : root.entries) {
      const std::string& key = k->value;
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        unknown_key(*k, known);
        continue;
      }
      if (key == "lang") {
        if (expect_scalar(*v, "lang")) {
          if (v->value != "en" && v->value != "zh")
            error(*v, trf("lang `{}` is not supported; use `en` or `zh`", v->value));
          else
            cfg.lang = v->value;
        }
      } else if (key == "id_format") {
        read_id_format(*v, cfg);
      } else if (key == "people") {
        read_people(*v, cfg);
      } else if (key == "departments") {
        cfg.departments = string_list(*v, "departments");
      } else if (key == "required") {
        read_required(*v, cfg);
      } else if (key == "lint") {
        read_lint(*v, cfg);
      } else if (key == "due_soon") {
        cfg.due_soon_days = duration(*v, key);
      } else if (key == "stale_after") {
        cfg.stale_after_days = duration(*v, key);
      }
    }
  }

  void read_id_format(const yaml::Node& v, Config& cfg)
  {
    if (!v.is_map()) {
      error(v, tr("id_format must map a kind to a format, e.g. `task: \"T-{year}-{seq}\"`"));
      return;
    }
    for (const auto& [k, f] : v.entries) {
      if (std::find(record_kinds().begin(), record_kinds().end(), k->value) == record_kinds().end()) {
        unknown_key(*k, record_kinds(), "id_format");
        continue;
      }
      if (!expect_scalar(*f, tr("an id format")))
        continue;
      // Only {year}, {seq} and {dept} are placeholders, and {seq} keeps ids unique.
      const std::string& s = f->value;
      for (size_t at = s.find('{'); at != std::string::npos; at = s.find('{', at + 1)) {
        const size_t end = s.find('}', at);
        const std::string name = end == std::string::npos ? s.substr(at) : s.substr(at, end - at + 1);
        if (name != "{year}" && name != "{seq}" && name != "{dept}")
          error(*f, trf("unknown placeholder `{}` in id format; use {{year}}, {{seq}} and {{dept}}", name));
      }
      if (s.find("{seq}") == std::string::npos)
        error(*f, tr("an id format needs `{seq}` so that ids stay unique"));
      if (s.find('/') != std::string::npos || s.find('\\') != std::string::npos)
        error(*f, tr("an id is a file name: no `/` or `\\` in the format"));
      cfg.id_format[k->value] = s;
    }
  }

  void read_people(const yaml::Node& v, Config& cfg)
  {
    if (!v.is_map()) {
      error(v, tr("people must map each name to {dept, title, email, aliases}"));
      return;
    }
    static const std::vector<std::string_view> k_person_keys = {"dept", "title", "email", "aliases"};
    for (const auto& [k, p] : v.entries) {
      if (!k->is_scalar() || k->value.empty()) {
        error(*k, tr("a person's name must be a plain string"));
        continue;
      }
      Person person;
      person.name = k->value;
      if (p->is_map()) {
        for (const auto& [pk, pv] : p->entries) {
          if (pk->value == "aliases") {
            person.aliases = string_list(*pv, "aliases");
          } else if (pk->value == "dept" || pk->value == "title" || pk->value == "email") {
            if (expect_scalar(*pv, pk->value))
              (pk->value == "dept" ? person.dept : pk->value == "title" ? person.title : person.email) = pv->value;
            // `mail` puts it in a header as is: a line break there would forge headers.
            if (pk->value == "email" && pv->is_scalar() && !util::trim(pv->value).empty() &&
                !util::is_mail_address(util::trim(pv->value)))
              error(*pv, trf("`email: {}` of person `{}` is no mail address; write NAME@DOMAIN, without a name, "
                             "spaces or line breaks",
                             util::escape_controls(pv->value, false), person.name));
          } else {
            unknown_key(*pk, k_person_keys, trf("person `{}`", person.name));
          }
        }
      } else if (!p->is_null()) {
        error(*p, trf("person `{}` must be a mapping {{dept, title, email, aliases}} or empty", person.name));
      }
      cfg.add_person(std::move(person));
    }
  }

  void read_required(const yaml::Node& v, Config& cfg)
  {
    if (!v.is_map()) {
      error(v, tr("required must map a kind (or action, subtask, solution) to a list of keys"));
      return;
    }
    for (const auto& [k, keys] : v.entries) {
      const auto& scopes = required_scopes();
      if (std::find(scopes.begin(), scopes.end(), k->value) == scopes.end()) {
        unknown_key(*k, scopes, "required");
        continue;
      }
      cfg.required[k->value] = string_list(*keys, tr("required keys"));
    }
  }

  void read_lint(const yaml::Node& v, Config& cfg)
  {
    if (!v.is_map()) {
      error(v, tr("lint must map rule ids to error, warning or off"));
      return;
    }
    std::vector<std::string_view> ids;
    for (const auto& r : all_rules())
      ids.push_back(r.id);
    for (const auto& [k, setting] : v.entries) {
      if (!find_rule(k->value)) {
        unknown_key(*k, ids, tr("lint (rule ids)"));
        continue;
      }
      if (setting->is_scalar()) {
        read_severity(*setting, k->value, cfg);
        continue;
      }
      if (!setting->is_map()) {
        error(*setting, tr("a rule takes a severity (error, warning, off) or a mapping {severity, words, add_words}"));
        continue;
      }
      const bool wording = std::find(k_wording_rules.begin(), k_wording_rules.end(), k->value) != k_wording_rules.end();
      for (const auto& [sk, sv] : setting->entries) {
        if (sk->value == "severity") {
          read_severity(*sv, k->value, cfg);
        } else if (wording && (sk->value == "words" || sk->value == "add_words")) {
          auto list = string_list(*sv, sk->value);
          auto& target = cfg.words[k->value];
          if (sk->value == "words")
            target = std::move(list);
          else {
            if (target.empty())
              target = default_words(k->value);
            target.insert(target.end(), list.begin(), list.end());
          }
        } else {
          static const std::vector<std::string_view> k_with_words = {"severity", "words", "add_words"};
          static const std::vector<std::string_view> k_plain = {"severity"};
          unknown_key(*sk, wording ? k_with_words : k_plain, trf("lint rule `{}`", k->value));
        }
      }
    }
  }

  void read_severity(const yaml::Node& v, const std::string& rule, Config& cfg)
  {
    if (!expect_scalar(v, tr("a severity")))
      return;
    const std::string s = util::ascii_lower(v.value);
    if (s == "error")
      cfg.severity[rule] = Severity::Error;
    else if (s == "warning" || s == "warn")
      cfg.severity[rule] = Severity::Warning;
    else if (s == "off" || s == "false" || s == "no")
      cfg.severity[rule] = Severity::Off;
    else
      error(v, trf("severity `{}` for `{}` is not one of error, warning, off", v.value, rule));
  }

private:
  const SourceFile& m_src;
  std::vector<Diagnostic>& m_errors;
};

} // namespace

Severity Config::severity_of(std::string_view rule) const
{
  if (auto it = severity.find(std::string(rule)); it != severity.end())
    return it->second;
  const RuleInfo* r = find_rule(rule);
  return r ? r->default_severity : Severity::Error;
}

const std::vector<std::string>& Config::word_list(std::string_view rule) const
{
  if (auto it = words.find(std::string(rule)); it != words.end())
    return it->second;
  return default_words(rule);
}

void Config::add_person(Person p)
{
  m_known.insert(p.name);
  m_registered[p.name] = p.name;
  for (const auto& a : p.aliases) {
    m_known.insert(a);
    m_registered.emplace(a, p.name); // a name wins over another person's alias
  }
  people[p.name] = std::move(p);
}

std::string_view Config::registered_name(std::string_view name_or_alias) const
{
  const auto it = m_registered.find(name_or_alias);
  return it == m_registered.end() ? std::string_view() : std::string_view(it->second);
}

const Person* Config::find_person(std::string_view name_or_alias) const
{
  const std::string_view name = registered_name(util::trim(name_or_alias));
  const auto it = name.empty() ? people.end() : people.find(std::string(name));
  return it == people.end() ? nullptr : &it->second;
}

bool Config::is_department(std::string_view name) const
{
  if (name.empty())
    return false;
  if (std::find(departments.begin(), departments.end(), name) != departments.end())
    return true;
  return std::any_of(people.begin(), people.end(), [&](const auto& p) { return p.second.dept == name; });
}

std::vector<std::string> Config::people_of(std::string_view dept) const
{
  std::vector<std::string> out;
  for (const auto& [name, p] : people)
    if (p.dept == dept)
      out.push_back(name);
  return out;
}

std::string Config::id_format_for(std::string_view kind) const
{
  if (auto it = id_format.find(std::string(kind)); it != id_format.end())
    return it->second;
  const Kind* k = find_kind(kind);
  const char prefix = k ? k->id_prefix : 'R';
  return fmt::format("{}-{{year}}-{{seq}}", prefix);
}

const std::vector<std::string_view>& config_keys()
{
  static const std::vector<std::string_view> keys = {"lang",     "id_format", "people",   "departments",
                                                     "required", "lint",      "due_soon", "stale_after"};
  return keys;
}

const std::vector<std::string_view>& required_scopes()
{
  // Record kinds, then the kinds of their items.
  static const std::vector<std::string_view> scopes = [] {
    std::vector<std::string_view> out = record_kinds();
    for (const auto& k : kinds())
      if (!k.item_kind.empty())
        out.push_back(k.item_kind);
    return out;
  }();
  return scopes;
}

const std::vector<std::string>& default_words(std::string_view rule)
{
  static const std::vector<std::string> k_owner = {"相关部门", "各部门", "相关人员", "全体", "所有人", "大家",
                                                   "待定",     "TBD",    "team",     "all",  "everyone", "n/a"};
  static const std::vector<std::string> k_wording = {"尽快", "尽早", "加强沟通", "提升效果", "待定",
                                                     "ASAP", "TBD",  "as soon as possible"};
  static const std::vector<std::string> k_subjective = {"不配合", "推诿", "效率低", "不负责任", "甩锅", "态度差"};
  static const std::vector<std::string> k_none;
  if (rule == "vague-owner")
    return k_owner;
  if (rule == "vague-wording")
    return k_wording;
  if (rule == "subjective-wording")
    return k_subjective;
  return k_none;
}

Config parse_config(const SourceFile& src, std::vector<Diagnostic>& errors)
{
  Config cfg;
  if (auto bad = check_source(src)) {
    errors.push_back(*bad);
    return cfg;
  }
  ParsedYaml parsed = parse_yaml(src);
  if (parsed.error) {
    errors.push_back(*parsed.error);
    return cfg;
  }
  for (const auto& d : parsed.findings)
    errors.push_back(d);
  if (!parsed.doc || !parsed.doc->root())
    return cfg;
  ConfigReader(src, errors).read(*parsed.doc->root(), cfg);
  return cfg;
}

std::string config_template(std::string_view lang)
{
  // One message, so a translation can word the comments as a whole.
  return util::i18n::trf(R"(# collab settings for this records root. Every key is optional.
# See `man collab` (FILES) for the full list.

# Language of table headers and status names on output: en or zh.
lang: {}

# Id formats per kind: {{year}}, {{seq}} (zero-padded to 3 digits) and {{dept}}.
# id_format:
#   meeting: "M-{{year}}-{{seq}}"
#   task: "{{year}}-{{dept}}-{{seq}}"

# People: with a registry, unknown names in records are a warning.
# people:
#   赵六: {{dept: 市场部, title: 经理, email: zhaoliu@example.com, aliases: [Zhao Liu]}}

# departments: [市场部, 技术部, 仓储部]

# Extra required keys per kind (meeting, task, issue, request) or item (action, subtask, solution).
# required:
#   meeting: [location]
#   action: [dept]

# Lint rule severities (error, warning, off) and word lists.
# lint:
#   unknown-field: off
#   vague-wording: {{severity: error, add_words: [再议]}}

# An item is due soon when its deadline is this close; stale after no change for this long.
due_soon: 2d
stale_after: 7d
)",
                         lang);
}

} // namespace collab::model
