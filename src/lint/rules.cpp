#include "collab/lint/rules.h"

#include "collab/model/confirmations.h"
#include "collab/model/date.h"
#include "collab/model/department.h"
#include "collab/model/kinds.h"
#include "collab/model/refs.h"
#include "collab/model/status.h"
#include "collab/util/i18n.h"
#include "collab/util/names.h"
#include "collab/util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <unordered_set>

namespace collab::lint {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

namespace {

using yaml::Node;

std::string hint_for(const Field& f)
{
  switch (f.type) {
  case FieldType::Date: return fmt::format("`{}: YYYY-MM-DD`", f.name);
  case FieldType::DateTime: return fmt::format("`{}: YYYY-MM-DD HH:MM`", f.name);
  case FieldType::Owner: return trf("`{}: <one person>`", f.name);
  case FieldType::Status: return fmt::format("`{}: todo`", f.name);
  case FieldType::Attendees: return trf("`{}: [name, ...]`", f.name);
  case FieldType::Entries:
  case FieldType::TextList: return trf("`{}:` with a list", f.name);
  default: return fmt::format("`{}: ...`", f.name);
  }
}

/// The runs of ASCII digits in s as numbers; a run too large for an int counts as INT_MAX
/// (bounded parsing: "99999999999" is no time, and no overflow either).
std::vector<int> digit_numbers(std::string_view s)
{
  std::vector<int> nums;
  for (size_t i = 0; i < s.size();) {
    if (s[i] < '0' || s[i] > '9') {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data() + start, s.data() + i, v);
    nums.push_back(ec == std::errc() ? v : std::numeric_limits<int>::max());
  }
  return nums;
}

/// The offset of the first character no id may hold (white space, a control character, `/`,
/// `\`, `#` which starts an item number), or npos.
size_t unsafe_id_char(std::string_view id)
{
  const size_t control = util::find_control(id, false);
  const size_t other = id.find_first_of(" /\\#");
  return std::min(control, other);
}

/// How many of a department's people a department-owner message names.
constexpr size_t k_people_shown = 8;

class Linter {
public:
  Linter(const SourceFile& src, const Config& cfg, std::vector<Diagnostic>& out)
    : m_src(src), m_cfg(cfg), m_out(out), m_vague_owner(cfg.word_list("vague-owner")),
      m_vague_wording(cfg.word_list("vague-wording")), m_subjective(cfg.word_list("subjective-wording"))
  {
  }

  void report(std::string_view rule, const Position& pos, std::string message)
  {
    const RuleInfo* r = find_rule(rule);
    m_out.push_back(Diagnostic{std::string(rule), r ? r->default_severity : Severity::Error, m_src.path(), pos,
                               std::move(message)});
  }

  void lint(const Node* root, std::string_view stem, RecordInfo& info)
  {
    if (!root) {
      report("not-a-record", Position{1, 1}, tr("the file is empty; a record is a mapping with `id`, `kind` and `title`"));
      return;
    }
    if (!root->is_map()) {
      report("not-a-record", root->pos,
             trf("the top level is {}, not a mapping; a record is a mapping with `id`, `kind` and `title`",
                         yaml::shape_name(*root)));
      return;
    }
    const Node* kind = root->get("kind");
    if (!kind || kind->is_null()) {
      report("not-a-record", root->pos, tr("no `kind`; add `kind: meeting` (or task, issue, request)"));
      return;
    }
    const Schema* schema = kind->is_scalar() ? record_schema(util::trim(kind->value)) : nullptr;
    if (!schema) {
      const auto near = kind->is_scalar() ? util::nearest(kind->value, record_kinds()) : std::string_view();
      report("not-a-record", kind->pos,
             near.empty() ? trf("unknown kind `{}`; use meeting, task, issue or request", kind->value)
                          : trf("unknown kind `{}`; did you mean `{}`?", kind->value, near));
      return;
    }
    info.kind = schema->name;
    m_default_year = guess_year(*root);

    if (const Node* id = root->get("id"); id && id->is_scalar()) {
      info.id = id->value;
      info.id_pos = id->pos;
      if (const size_t bad = unsafe_id_char(id->value); bad != std::string::npos)
        report("id-mismatch", id->pos,
               trf("id `{}` holds `{}`; an id is a file name and a command-line argument: use letters, "
                           "digits and `-` (no spaces, control characters, `/`, `\\` or `#`)",
                           util::escape_controls(id->value, false),
                           util::escape_controls(id->value.substr(bad, id->value[bad] == '\xc2' ? 2 : 1), false)));
      else if (id->value != stem && !id->is_empty())
        report("id-mismatch", id->pos,
               trf("id `{}` differs from the file name `{}`; rename the file to `{}.yaml` or set `id: {}`",
                           id->value, stem, id->value, stem));
    }

    check_mapping(*root, *schema, root->pos, "");

    if (schema->name == "task")
      check_order(*root, "start", "deadline");
    if (const Kind* k = find_kind(schema->name); k && !k->item_list.empty())
      check_items_after(*root, *k);
    if (schema->name == "meeting") {
      meeting_rules(*root);
      collect_refs(*root, info);
    }
    if (schema->name == "issue") {
      const auto st = status_of(*root);
      if (st == Status::Done && is_blank(root->get("verification")))
        report("unverified-close", root->get("status")->pos,
               tr("issue is `done` without `verification`; add `verification:` with the result that shows the "
                  "problem is solved"));
      item_rules(*root, *schema, "");
    }
    check_wording(*root);
    check_controls(*root);
  }

private:
  static bool is_blank(const Node* n) { return !n || n->is_empty(); }

  /// The year of the record's own date, for completing dates written without one.
  int guess_year(const Node& root) const
  {
    for (auto key : {"date", "start", "occurred", "created", "deadline"})
      if (auto d = parse_iso_date(util::trim(root.text_of(key))))
        return d->year;
    return local_today().year;
  }

  std::optional<Status> status_of(const Node& m) const
  {
    const Node* s = m.get("status");
    if (!s || s->is_null())
      return Status::Todo;
    if (!s->is_scalar())
      return std::nullopt;
    return parse_status(s->value);
  }

  void check_mapping(const Node& map, const Schema& schema, Position missing_at, const std::string& where)
  {
    const auto extra_it = m_cfg.required.find(std::string(schema.name));
    const std::vector<std::string>* extra = extra_it == m_cfg.required.end() ? nullptr : &extra_it->second;
    const auto is_extra = [&](std::string_view key) {
      return extra && std::find(extra->begin(), extra->end(), key) != extra->end();
    };

    for (const auto& [k, v] : map.entries) {
      if (!k->is_scalar()) {
        report("type", k->pos, trf("a key{} is {}; keys are plain names", where, yaml::shape_name(*k)));
        continue;
      }
      const Field* f = schema.find(k->value);
      if (!f) {
        if (is_extra(k->value))
          continue;
        std::vector<std::string_view> names;
        for (const auto& field : schema.fields)
          names.push_back(field.name);
        const auto near = util::nearest(k->value, names);
        report("unknown-field", k->pos,
               near.empty()
                 ? trf("unknown field `{}`{}; it is not part of a {} (see `man collab`), remove or rename it",
                               k->value, where, schema.name)
                 : trf("unknown field `{}`{}; did you mean `{}`?", k->value, where, near));
        continue;
      }
      check_value(*f, *k, *v, where);
    }

    const auto check_required = [&](std::string_view name, const Field* f) {
      const Node* key = map.key_node(name);
      if (!key) {
        report("missing-field", missing_at,
               trf("missing required field `{}`{}; add {}", name, where,
                           f ? hint_for(*f) : fmt::format("`{}: ...`", name)));
        return;
      }
      if (map.get(name)->is_empty())
        report("empty-field", key->pos,
               trf("required field `{}`{} is empty; fill it in{}", name, where,
                           f ? trf(" ({})", hint_for(*f)) : std::string()));
    };
    for (const auto& f : schema.fields)
      if (f.required)
        check_required(f.name, &f);
    if (extra)
      for (const auto& name : *extra)
        if (const Field* f = schema.find(name); !f || !f->required)
          check_required(name, f);

    if (schema.is_item)
      item_rules(map, schema, where);
  }

  void type_error(const Node& key, const Node& v, std::string_view want, const std::string& where)
  {
    report("type", v.is_null() ? key.pos : v.pos,
           trf("`{}`{} must be {}, not {}", key.value, where, want, yaml::shape_name(v)));
  }

  /// Dispatches on the field's type; each type's check is its own function below.
  void check_value(const Field& f, const Node& key, const Node& v, const std::string& where)
  {
    switch (f.type) {
    case FieldType::Text:
    case FieldType::Id:
    case FieldType::Kind:
      if (v.is_seq() || v.is_map())
        type_error(key, v, tr("a single value (quote text that holds `: ` or starts with `[`/`{`)"), where);
      break;
    case FieldType::TextList: check_text_list(key, v, where); break;
    case FieldType::Date: check_date(key, v, where); break;
    case FieldType::DateTime: check_datetime(key, v, where); break;
    case FieldType::TimeRange: check_time_range(key, v, where); break;
    case FieldType::Status: check_status(key, v, where); break;
    case FieldType::Owner: check_owner(key, v, where); break;
    case FieldType::Person:
      if (v.is_seq() || v.is_map())
        type_error(key, v, tr("one person's name"), where);
      else
        check_person(v);
      break;
    case FieldType::People: check_people(key, v, where); break;
    case FieldType::Attendees:
    case FieldType::Points: check_mixed_list(f, key, v, where); break;
    case FieldType::Progress: check_progress(key, v, where); break;
    case FieldType::Mode: check_mode(key, v, where); break;
    case FieldType::Entries: check_entries(f, key, v, where); break;
    case FieldType::Mapping:
      if (v.is_null())
        break;
      if (!v.is_map())
        type_error(key, v, tr("a mapping"), where);
      else
        check_mapping(v, *f.sub, key.pos, trf(" in `{}`", key.value));
      break;
    }
  }

  void check_text_list(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_map()) {
      type_error(key, v, tr("a value or a list of values"), where);
      return;
    }
    for (const Node* item : v.items)
      if (item->is_seq() || item->is_map())
        report("type", item->pos,
               trf("each entry of `{}`{} must be a single value, not {}", key.value, where,
                           yaml::shape_name(*item)));
  }

  void check_people(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_map()) {
      type_error(key, v, tr("a name or a list of names"), where);
      return;
    }
    if (v.is_scalar()) {
      check_person(v);
      return;
    }
    for (const Node* item : v.items) {
      if (item->is_scalar())
        check_person(*item);
      else
        report("type", item->pos,
               trf("each entry of `{}`{} must be a name, not {}", key.value, where, yaml::shape_name(*item)));
    }
  }

  void check_mode(const Node& key, const Node& v, const std::string& where)
  {
    if (!v.is_scalar()) {
      if (!v.is_null())
        type_error(key, v, tr("a meeting mode"), where);
      return;
    }
    const auto& modes = meeting_modes();
    if (std::find(modes.begin(), modes.end(), util::ascii_lower(util::trim(v.value))) != modes.end())
      return;
    const auto near = util::nearest(v.value, modes);
    report("type", v.pos,
           trf("mode `{}` is not one of offline, online, hybrid, im, phone (线下, 线上, 混合, 群聊, 电话){}",
                       v.value, near.empty() ? std::string() : trf("; did you mean `{}`?", near)));
  }

  /// A list of mappings of the field's sub-schema (actions, agenda, ...), each checked in turn.
  void check_entries(const Field& f, const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    if (!v.is_seq()) {
      type_error(key, v, trf("a list of {} entries (each starting with `- `)", f.sub->name), where);
      return;
    }
    for (size_t i = 0; i < v.items.size(); ++i) {
      const Node* item = v.items[i];
      if (!item->is_map()) {
        report("type", item->is_null() ? key.pos : item->pos,
               trf("{} {} of `{}` must be a mapping of keys ({}), not {}", f.sub->name, i + 1, key.value,
                           f.sub->fields.front().name, yaml::shape_name(*item)));
        continue;
      }
      check_mapping(*item, *f.sub, item->pos, trf(" in {} {}", f.sub->name, i + 1));
    }
  }

  void check_mixed_list(const Field& f, const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    if (!v.is_seq()) {
      type_error(key, v, tr("a list"), where);
      return;
    }
    const bool attendees = f.type == FieldType::Attendees;
    for (size_t i = 0; i < v.items.size(); ++i) {
      const Node* item = v.items[i];
      if (item->is_scalar()) {
        if (attendees)
          check_person(*item);
      } else if (item->is_map() && f.sub) {
        check_mapping(*item, *f.sub, item->pos, trf(" in {} {}", key.value, i + 1));
      } else {
        report("type", item->is_null() ? key.pos : item->pos,
               trf("entry {} of `{}`{} must be {}, not {}", i + 1, key.value, where,
                           attendees ? tr("a name or {name, dept, title}") : tr("a string or {dept, text}"),
                           yaml::shape_name(*item)));
      }
    }
  }

  void check_date(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    if (!v.is_scalar()) {
      type_error(key, v, tr("a date (YYYY-MM-DD)"), where);
      return;
    }
    const auto s = util::trim(v.value);
    if (parse_iso_date(s))
      return;
    if (auto dt = parse_datetime(s)) {
      report("bad-date", v.pos,
             trf("`{}`{} takes a date without a time; write `{}`", key.value, where, dt->first.str()));
      return;
    }
    if (auto g = guess_date(s, m_default_year)) {
      report("bad-date", v.pos,
             trf("`{}`{} is not an ISO date; write `{}` (YYYY-MM-DD)", v.value, where, g->str()));
      return;
    }
    report("bad-date", v.pos,
           trf("`{}`{} is not a valid date; write a calendar date as YYYY-MM-DD", v.value, where));
  }

  void check_datetime(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    if (!v.is_scalar()) {
      type_error(key, v, tr("a date-time (YYYY-MM-DD HH:MM)"), where);
      return;
    }
    const auto s = util::trim(v.value);
    if (parse_datetime(s) || parse_iso_date(s))
      return;
    if (auto g = guess_datetime(s, m_default_year)) {
      report("bad-date", v.pos,
             trf("`{}`{} is not an ISO date-time; write `{}{}`", v.value, where, g->first.str(),
                         g->second ? " " + format_time(*g->second) : std::string()));
      return;
    }
    report("bad-date", v.pos,
           trf("`{}`{} is not a valid date-time; write YYYY-MM-DD HH:MM", v.value, where));
  }

  void check_time_range(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    if (!v.is_scalar()) {
      type_error(key, v, tr("a time span (\"HH:MM-HH:MM\")"), where);
      return;
    }
    const auto s = util::trim(v.value);
    if (auto r = parse_time_range(s)) {
      if (r->second < r->first)
        report("date-order", v.pos,
               trf("the meeting ends ({}) before it starts ({}); swap the times or fix the end",
                           format_time(r->second), format_time(r->first)));
      return;
    }
    // Propose "HH:MM-HH:MM" from the digits written (9:00~10:30, 14：00-16：00).
    const std::vector<int> nums = digit_numbers(s);
    if (nums.size() == 4 && nums[0] < 24 && nums[1] < 60 && nums[2] < 24 && nums[3] < 60)
      report("bad-date", v.pos,
             trf("`{}`{} is not a time span; write \"{:02}:{:02}-{:02}:{:02}\"", v.value, where, nums[0],
                         nums[1], nums[2], nums[3]));
    else
      report("bad-date", v.pos, trf("`{}`{} is not a time span; write \"HH:MM-HH:MM\"", v.value, where));
  }

  void check_status(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    if (!v.is_scalar()) {
      type_error(key, v, tr("one status"), where);
      return;
    }
    if (is_overdue_word(v.value)) {
      report("overdue-status", v.pos,
             trf("status `{}`{} is computed from the deadline, not stored; write the real status "
                         "(doing, or delayed with a new deadline and delay_reason)",
                         v.value, where));
      return;
    }
    if (parse_status(v.value))
      return;
    const std::string near = nearest_status(v.value);
    report("unknown-status", v.pos,
           near.empty() ? trf("unknown status `{}`{}; use todo, doing, delayed, done or cancelled", v.value, where)
                        : trf("unknown status `{}`{}; did you mean `{}`?", v.value, where, near));
  }

  void check_owner(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    if (v.is_seq()) {
      report("multiple-owners", v.pos,
             trf("`{}`{} is a list of {}; an item has exactly one owner: keep one and name the others in "
                         "`notes`",
                         key.value, where, v.items.size()));
      return;
    }
    if (v.is_map()) {
      type_error(key, v, tr("one person's name"), where);
      return;
    }
    const std::string_view name = util::trim(v.value);
    // A registered name or alias is one person, whatever it holds (王和平).
    if (m_cfg.knows_person(name))
      return;
    // A listed department stays whole too ("R&D"): it is reported as what it is.
    if (m_cfg.is_department(name)) {
      department_owner(key, v, where);
      return;
    }
    const auto parts = util::split_names(name, [&](std::string_view s) { return m_cfg.knows_person(s); });
    if (parts.size() > 1) {
      report("multiple-owners", v.pos,
             trf("`{}`{} names {} people ({}); an item has exactly one owner: keep one and name the others "
                         "in `notes`",
                         key.value, where, parts.size(), fmt::join(parts, ", ")));
      return;
    }
    const auto vague = m_vague_owner.find(v.value);
    if (!vague.empty()) {
      report("vague-owner", v.pos,
             trf("`{}: {}`{} is not a named person; name the one person responsible", key.value, v.value,
                         where));
      return;
    }
    if (const auto suffix = department_suffix(name); !suffix.empty()) {
      report("department-owner", v.pos,
             trf("`{}: {}`{} reads as a department (it ends in `{}`), not a person; an item has exactly one "
                         "named owner: name the one person of that department who answers for it",
                         key.value, name, where, suffix));
      return;
    }
    check_person(v);
  }

  /// department-owner for an owner that is a known department, naming its registered people.
  void department_owner(const Node& key, const Node& v, const std::string& where)
  {
    const std::string_view dept = util::trim(v.value);
    std::vector<std::string> people = m_cfg.people_of(dept);
    if (people.size() > k_people_shown) {
      people.resize(k_people_shown);
      people.emplace_back("…");
    }
    if (people.empty())
      report("department-owner", v.pos,
             trf("`{}: {}`{} is a department, not a person; an item has exactly one named owner: name the "
                         "one person of {} who answers for it",
                         key.value, dept, where, dept));
    else
      report("department-owner", v.pos,
             trf("`{}: {}`{} is a department, not a person; an item has exactly one named owner: name the "
                         "one person of {} who answers for it (registered there: {})",
                         key.value, dept, where, dept, fmt::join(people, ", ")));
  }

  void check_person(const Node& v)
  {
    if (!m_cfg.has_people() || !v.is_scalar())
      return;
    const auto name = util::trim(v.value);
    if (name.empty() || m_cfg.knows_person(name))
      return;
    std::vector<std::string_view> known;
    for (const auto& n : m_cfg.known_names())
      known.push_back(n);
    const auto near = util::nearest(name, known);
    report("unknown-person", v.pos,
           near.empty() ? trf("`{}` is not in the people registry; add them to `people` in .collab.yaml", name)
                        : trf("`{}` is not in the people registry; did you mean `{}`?", name, near));
  }

  void check_progress(const Node& key, const Node& v, const std::string& where)
  {
    if (v.is_null())
      return;
    const auto s = util::trim(v.is_scalar() ? std::string_view(v.value) : std::string_view());
    const bool digits = v.is_scalar() && !s.empty() && s.size() <= 3 &&
                        std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && std::stoi(std::string(s)) <= 100)
      return;
    if (!v.is_scalar()) {
      type_error(key, v, tr("a whole number from 0 to 100 (percent, without `%`)"), where);
      return;
    }
    // `45%` (or `45 ％`): the number is right, the sign is not.
    std::string_view number = s;
    for (std::string_view sign : {"%", "％"})
      if (number.ends_with(sign))
        number = util::trim(number.substr(0, number.size() - sign.size()));
    const bool whole = !number.empty() && number.size() <= 3 && number != s &&
                       std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    // (progress is the only field of this type)
    if (whole && std::stoi(std::string(number)) <= 100)
      report("type", v.pos, trf("progress{} is a whole number from 0 to 100 without `%`: write `progress: {}`", where, number));
    else
      report("type", v.pos,
             digits ? trf("progress{} is a whole number from 0 to 100 without `%`; `{}` is not one", where, s)
                    : trf("progress{} is a whole number from 0 to 100 without `%`; `{}` is not one (e.g. `progress: "
                          "50`)",
                          where, s));
  }

  void check_order(const Node& m, std::string_view first, std::string_view second)
  {
    const Node* a = m.get(first);
    const Node* b = m.get(second);
    if (!a || !b || !a->is_scalar() || !b->is_scalar())
      return;
    auto da = parse_iso_date(util::trim(a->value));
    auto db = parse_iso_date(util::trim(b->value));
    if (da && db && *db < *da)
      report("date-order", b->pos,
             trf("`{}: {}` is before `{}: {}`; fix one of the dates", second, b->value, first, a->value));
  }

  /// The date a record's items cannot be due before: a meeting's `date`, an issue's `occurred`,
  /// a task's `start` (the kind's date_field).
  std::optional<Date> record_date(const Node& root, const Kind& k) const
  {
    const Node* d = root.get(k.date_field);
    return d && d->is_scalar() ? parse_iso_date(util::trim(d->value)) : std::nullopt;
  }

  /// date-order for an item due before the record it comes from was held, occurred or started.
  void check_items_after(const Node& root, const Kind& k)
  {
    const auto from = record_date(root, k);
    const Node* list = root.get(k.item_list);
    if (!from || !list || !list->is_seq())
      return;
    for (size_t i = 0; i < list->items.size(); ++i) {
      const Node* item = list->items[i];
      const Node* deadline = item->is_map() ? item->get("deadline") : nullptr;
      if (!deadline || !deadline->is_scalar())
        continue;
      if (const auto due = parse_iso_date(util::trim(deadline->value)); due && *due < *from)
        report("date-order", deadline->pos,
               trf("`deadline: {}` in {} {} is before the {}'s `{}: {}`; fix one of the dates",
                           deadline->value, k.item_kind, i + 1, k.name, k.date_field, from->str()));
    }
  }

  /// The meeting rules of the guides: the next meeting comes later, minutes are written up within
  /// 24 hours, and those who attended confirm them.
  /// The meeting's `follow_up` and `previous_actions`: malformed ones reported here, the
  /// others kept in `info` for check_refs (they name other files).
  void collect_refs(const Node& root, RecordInfo& info)
  {
    if (const Node* actions = root.get("actions"); actions && actions->is_seq())
      info.items = actions->items.size();
    if (const Node* f = root.get("follow_up"); f && f->is_scalar() && !f->is_empty()) {
      const auto ref = parse_ref(util::trim(f->value));
      if (!ref || ref->index != 0)
        report("broken-ref", f->pos,
               trf("`follow_up: {}` is not a meeting id; give the id of the meeting this one follows up "
                   "(M-2024-007)",
                   f->value));
      else
        info.refs.push_back(RefSite{ref->str(), "follow_up", f->pos});
    }
    const Node* prev = root.get("previous_actions");
    std::vector<const Node*> entries;
    if (prev && prev->is_scalar() && !prev->is_empty())
      entries.push_back(prev);
    for (const Node* n : prev && prev->is_seq() ? prev->items : std::vector<const Node*>{})
      if (n->is_scalar())
        entries.push_back(n);
    for (const Node* n : entries) {
      const auto ref = parse_ref(util::trim(n->value));
      if (!ref || ref->index == 0)
        report("broken-ref", n->pos,
               trf("`previous_actions` entry `{}` is not an action ref; write the earlier meeting's id and the "
                   "action's number (M-2024-007#2)",
                   n->value));
      else
        info.refs.push_back(RefSite{ref->str(), "previous_actions", n->pos});
    }
  }

  void meeting_rules(const Node& root)
  {
    const Kind& meeting = *find_kind("meeting");
    const auto date = record_date(root, meeting);
    if (date) {
      if (const Node* next = root.get("next_meeting"); next && next->is_scalar()) {
        const auto s = util::trim(next->value);
        const auto dt = parse_datetime(s);
        const auto d = dt ? std::optional<Date>(dt->first) : parse_iso_date(s);
        if (d && *d < *date)
          report("date-order", next->pos,
                 trf("`next_meeting: {}` is before this meeting's `date: {}`; the next meeting comes after "
                             "this one: fix one of the dates",
                             next->value, date->str()));
      }
      if (const Node* created = root.get("created"); created && created->is_scalar()) {
        const auto c = parse_iso_date(util::trim(created->value));
        if (c && c->days() - date->days() > 1)
          report("minutes-late", created->pos,
                 trf("`created: {}` is {} days after the meeting (`date: {}`); the guides want minutes "
                             "written up within 24 hours: publish them by the next day (or correct a wrong date)",
                             created->value, c->days() - date->days(), date->str()));
      }
    }
    check_confirmations(root);
    if (date)
      check_unconfirmed(root, *date);
  }

  /// non-attendee-confirmation: only those who attended confirm the minutes.
  void check_confirmations(const Node& root)
  {
    const Node* attendees = root.get("attendees");
    const Node* confirmed = root.get("confirmed");
    if (!attendees || !attendees->is_seq() || !confirmed || !confirmed->is_seq())
      return;
    const ConfirmationState state = confirmation_state(root, m_cfg);
    for (const Node* c : confirmed->items) {
      const Node* name = c->is_map() ? c->get("name") : nullptr;
      if (!name || !name->is_scalar() || util::trim(name->value).empty() || attendee_named(state, m_cfg, name->value))
        continue;
      report("non-attendee-confirmation", name->pos,
             trf("`{}` confirmed the minutes but is not among the `attendees`; only attendees confirm: add "
                         "them to `attendees` if they attended, else remove the confirmation",
                         util::trim(name->value)));
    }
  }

  /// unconfirmed-minutes: every attendee confirms the minutes within 24 hours of the meeting.
  void check_unconfirmed(const Node& root, const Date& date)
  {
    const Date today = m_cfg.today ? *m_cfg.today : local_today();
    if (!confirmation_due(date, today))
      return;
    const ConfirmationState state = confirmation_state(root, m_cfg);
    if (state.missing.empty())
      return;
    const Node* key = root.key_node("confirmed");
    if (!key)
      key = root.key_node("attendees");
    if (!key)
      return;
    const long days = today.days() - date.days();
    std::string names;
    for (const std::string& m : state.missing)
      names += (names.empty() ? "" : ", ") + m;
    const std::string id(util::trim(root.text_of("id")));
    report("unconfirmed-minutes", key->pos,
           trnf("{1} has not confirmed the minutes {0} day after the meeting (`date: {2}`); the guides want every "
                "attendee to confirm within 24 hours: `collab confirm {3} --as NAME` for each, once they have",
                "{1} have not confirmed the minutes {0} days after the meeting (`date: {2}`); the guides want every "
                "attendee to confirm within 24 hours: `collab confirm {3} --as NAME` for each, once they have",
                static_cast<unsigned long>(days), names, date.str(), id.empty() ? "ID" : id));
  }

  void item_rules(const Node& m, const Schema& schema, const std::string& where)
  {
    const Node* status = m.get("status");
    const auto st = status_of(m);
    if (status && st) {
      if (*st == Status::Done && is_blank(m.get("completed")))
        report("done-without-date", status->pos,
               trf("status `{}`{} without `completed`; add `completed: YYYY-MM-DD` (the day it was done)",
                           status->value, where));
      if (*st == Status::Done && is_blank(m.get("evidence")))
        report("done-without-evidence", status->pos,
               trf("status `{}`{} without `evidence`; add `evidence:` (a test report, a confirmation mail, "
                           "a link)",
                           status->value, where));
      if (*st == Status::Delayed && is_blank(m.get("delay_reason")))
        report("delayed-without-reason", status->pos,
               trf("status `{}`{} without `delay_reason`; add `delay_reason:` and the new `deadline`",
                           status->value, where));
    }
    for (auto field : {std::string_view("deliverable"), schema.text_field}) {
      if (field.empty() || (field == "title" && schema.name != "subtask"))
        continue;
      const Node* v = m.get(field);
      if (!v || !v->is_scalar())
        continue;
      const auto word = m_vague_wording.find(v->value);
      if (!word.empty())
        report("vague-wording", v->pos,
               trf("`{}`{} says \"{}\", which nobody can check; state a date, a number or a verifiable "
                           "result",
                           field, where, word));
    }
  }

  void check_wording(const Node& root)
  {
    if (m_subjective.empty())
      return;
    const bool may_alias = m_src.text().find('*') != std::string::npos; // see check_controls
    std::unordered_set<const Node*> seen;
    std::vector<const Node*> stack{&root};
    while (!stack.empty()) {
      const Node* n = stack.back();
      stack.pop_back();
      if (may_alias && !seen.insert(n).second)
        continue;
      if (n->is_scalar()) {
        const auto word = m_subjective.find(n->value);
        if (!word.empty())
          report("subjective-wording", n->pos,
                 trf("\"{}\" is a judgement, not a fact; record what was said or done (e.g. "
                             "\"研发部提出需2周\")",
                             word));
      }
      for (auto it = n->items.rbegin(); it != n->items.rend(); ++it)
        stack.push_back(*it);
      for (auto it = n->entries.rbegin(); it != n->entries.rend(); ++it)
        stack.push_back(it->second);
    }
  }

  /// Control characters in keys and values: a view printing them raw would let the file
  /// drive the terminal (`\e]0;...` retitles it, `\e[2J` clears it). Line breaks and tabs are
  /// text in values.
  void check_controls(const Node& root)
  {
    // Aliases share collections: visit each once. Without a `*` in the text there is no
    // alias, and no set to keep (a set of every node cost lint 12% of its time).
    const bool may_alias = m_src.text().find('*') != std::string::npos;
    std::unordered_set<const Node*> seen;
    std::vector<std::pair<const Node*, bool>> stack{{&root, false}}; // node, is a key
    while (!stack.empty()) {
      const auto [n, is_key] = stack.back();
      stack.pop_back();
      if (may_alias && !seen.insert(n).second)
        continue;
      if (n->is_scalar())
        if (const size_t at = util::find_control(n->value, !is_key); at != std::string::npos)
          report("control-char", n->pos, control_message(n->value, at, is_key));
      for (auto it = n->items.rbegin(); it != n->items.rend(); ++it)
        stack.emplace_back(*it, false);
      for (auto it = n->entries.rbegin(); it != n->entries.rend(); ++it) {
        stack.emplace_back(it->second, false);
        stack.emplace_back(it->first, true);
      }
    }
  }

  static std::string control_message(const std::string& value, size_t at, bool is_key)
  {
    const auto byte = static_cast<unsigned char>(value[at]);
    const unsigned cp = byte == 0xc2 ? static_cast<unsigned char>(value[at + 1]) : byte;
    const size_t n = byte == 0xc2 ? 2 : 1;
    // Counted in characters, as an editor counts: UTF-8 continuation bytes are not counted.
    const auto nth = 1 + std::count_if(value.begin(), value.begin() + static_cast<long>(at),
                                       [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
    const std::string shown = util::escape_controls(value.substr(at, n), false);
    return is_key ? trf("the key holds the control character U+{:04X} (`{}`) at character {}; a terminal would act "
                        "on it (escape sequences retitle or clear it): remove it",
                        cp, shown, nth)
                  : trf("the value holds the control character U+{:04X} (`{}`) at character {}; a terminal would "
                        "act on it (escape sequences retitle or clear it): remove it",
                        cp, shown, nth);
  }

  const SourceFile& m_src;
  const Config& m_cfg;
  std::vector<Diagnostic>& m_out;
  util::WordMatcher m_vague_owner;
  util::WordMatcher m_vague_wording;
  util::WordMatcher m_subjective;
  int m_default_year = 2024;
};

} // namespace

std::vector<Diagnostic> lint_record(const SourceFile& src, const yaml::Node* root, const Config& cfg,
                                    std::string_view file_stem, RecordInfo& info)
{
  std::vector<Diagnostic> out;
  Linter(src, cfg, out).lint(root, file_stem, info);
  sort_by_position(out);
  return out;
}

void apply_severities(std::vector<Diagnostic>& diags, const Config& cfg)
{
  for (auto& d : diags)
    if (find_rule(d.rule))
      d.severity = cfg.severity_of(d.rule);
  std::erase_if(diags, [](const Diagnostic& d) { return d.severity == Severity::Off; });
}

std::vector<Diagnostic> check_refs(const std::string& path, const RecordInfo& info,
                                   const std::function<std::optional<RefTarget>(const std::string&)>& find)
{
  std::vector<Diagnostic> out;
  const RuleInfo* rule = find_rule("broken-ref");
  const auto report = [&](const RefSite& s, std::string message) {
    out.push_back(Diagnostic{"broken-ref", rule->default_severity, path, s.pos, std::move(message)});
  };
  for (const RefSite& s : info.refs) {
    const auto ref = parse_ref(s.ref);
    if (!ref)
      continue;
    const auto target = find(ref->id);
    if (s.key == "follow_up") {
      if (!target)
        report(s, trf("`follow_up: {}` names no record; give the id of the meeting this one follows up", s.ref));
      else if (target->kind != "meeting")
        report(s, trf("`follow_up: {}` is a {}, not a meeting; give the id of the meeting this one follows up",
                      s.ref, target->kind));
    } else if (!target) {
      report(s, trf("`previous_actions` entry `{}` names no record; write the earlier meeting's id and the "
                    "action's number",
                    s.ref));
    } else if (target->kind != "meeting") {
      report(s, trf("`previous_actions` entry `{}` is in a {}, not a meeting; list the actions of earlier meetings",
                    s.ref, target->kind));
    } else if (static_cast<size_t>(ref->index) > target->items) {
      report(s, trnf("`previous_actions` entry `{1}`: {2} has {0} action, there is no #{3}",
                     "`previous_actions` entry `{1}`: {2} has {0} actions, there is no #{3}", target->items, s.ref,
                     ref->id, ref->index));
    }
  }
  return out;
}

std::vector<Diagnostic> check_duplicate_ids(const std::vector<IdSite>& sites)
{
  std::map<std::string, std::vector<const IdSite*>> by_id;
  for (const auto& s : sites)
    if (!s.id.empty())
      by_id[s.id].push_back(&s);
  std::vector<Diagnostic> out;
  for (const auto& [id, list] : by_id) {
    if (list.size() < 2)
      continue;
    for (const IdSite* s : list) {
      std::vector<std::string> others;
      for (const IdSite* o : list)
        if (o != s)
          others.push_back(fmt::format("{}:{}:{}", o->path, o->pos.line, o->pos.column));
      out.push_back(Diagnostic{"duplicate-id", Severity::Error, s->path, s->pos,
                               trf("id `{}` is also used by {}; give each record its own id (and file name)",
                                           id, fmt::join(others, ", "))});
    }
  }
  return out;
}

} // namespace collab::lint
