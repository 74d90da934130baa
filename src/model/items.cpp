#include "collab/model/items.h"

#include "collab/model/kinds.h"
#include "collab/util/text.h"

namespace collab::model {

using namespace collab::util;
using namespace collab::yaml;

namespace {

std::string_view keep(TextArena& arena, std::string_view s)
{
  if (s.empty())
    return {};
  return arena.emplace_back(s);
}

/// The keys of ItemDetails, in its order.
constexpr std::string_view k_detail_keys[] = {"deliverable",       "progress",     "completed",
                                              "original_deadline", "delay_reason", "evidence"};

/// The details of entry `m` as Item::packed_details.
std::string_view pack_details(const yaml::Node& m, TextArena& arena)
{
  std::string packed;
  bool any = false;
  for (const auto key : k_detail_keys) {
    if (key != k_detail_keys[0])
      packed += Item::k_tag_separator;
    const std::string_view value = util::trim(m.text_of(key));
    any = any || !value.empty();
    // A separator typed into a value would shift the fields after it.
    for (const char c : value)
      packed += c == Item::k_tag_separator ? ' ' : c;
  }
  return any ? keep(arena, packed) : std::string_view();
}

/// The record-level facts of `root` as Item::record_facts.
std::string_view pack_facts(const yaml::Node& root, TextArena& arena)
{
  std::string packed;
  bool any = false;
  for (const std::string_view key : {"created", "category", "occurred"}) {
    if (key != "created")
      packed += Item::k_tag_separator;
    const std::string_view value = util::trim(root.text_of(key));
    any = any || !value.empty();
    for (const char c : value)
      packed += c == Item::k_tag_separator ? ' ' : c;
  }
  return any ? keep(arena, packed) : std::string_view();
}

Item make_item(const yaml::Node& m, std::string_view record, std::string_view ref, std::string_view kind,
               std::string_view text_key, std::string_view record_dept, std::string_view tags,
               std::string_view path, std::string_view facts, TextArena& arena)
{
  Item it;
  it.ref = ref;
  it.record = record;
  it.kind = kind;
  it.title = keep(arena, util::trim(m.text_of(text_key)));
  it.owner = keep(arena, util::trim(m.text_of("owner")));
  it.dept = keep(arena, util::trim(m.text_of("dept")));
  it.record_dept = record_dept;
  it.deadline = keep(arena, util::trim(m.text_of("deadline")));
  const auto s = m.text_of("status");
  it.status = s.empty() ? Status::Todo : parse_status(s).value_or(Status::Todo);
  it.path = path;
  it.tags = tags;
  it.packed_details = pack_details(m, arena);
  it.record_facts = facts;
  return it;
}

} // namespace

std::vector<std::string_view> Item::tag_list() const
{
  std::vector<std::string_view> out;
  std::string_view rest = tags;
  while (!rest.empty()) {
    const auto sep = rest.find(k_tag_separator);
    out.push_back(rest.substr(0, sep));
    if (sep == std::string_view::npos)
      break;
    rest.remove_prefix(sep + 1);
  }
  return out;
}

bool Item::has_tag(std::string_view tag) const
{
  for (auto t : tag_list())
    if (t == tag)
      return true;
  return false;
}

ItemDetails Item::details() const
{
  ItemDetails d;
  std::string_view rest = packed_details;
  for (auto* field : {&d.deliverable, &d.progress, &d.completed, &d.original_deadline, &d.delay_reason, &d.evidence}) {
    const size_t sep = rest.find(k_tag_separator);
    *field = rest.substr(0, sep);
    if (sep == std::string_view::npos)
      break;
    rest.remove_prefix(sep + 1);
  }
  return d;
}

RecordFacts Item::facts() const
{
  RecordFacts f;
  std::string_view rest = record_facts;
  for (auto* field : {&f.created, &f.category, &f.occurred}) {
    const size_t sep = rest.find(k_tag_separator);
    *field = rest.substr(0, sep);
    if (sep == std::string_view::npos)
      break;
    rest.remove_prefix(sep + 1);
  }
  return f;
}

int whole_progress(std::string_view progress)
{
  if (progress.empty() || progress.size() > 3)
    return -1;
  int v = 0;
  for (const char c : progress) {
    if (c < '0' || c > '9')
      return -1;
    v = v * 10 + (c - '0');
  }
  return v <= 100 ? v : -1;
}

ItemState state_of(const Item& item, const Date& today, int due_soon_days)
{
  return state_of(item, item.deadline_date(), today, due_soon_days);
}

ItemState state_of(const Item& item, const std::optional<Date>& d, const Date& today, int due_soon_days)
{
  return state_of(item.status, d, today, due_soon_days);
}

ItemState state_of(Status status, const std::optional<Date>& d, const Date& today, int due_soon_days)
{
  ItemState st;
  if (is_closed(status))
    return st;
  if (!d)
    return st;
  const long diff = today.days() - d->days();
  if (diff > 0) {
    st.overdue = true;
    st.days_late = diff;
  } else if (-diff <= due_soon_days) {
    st.due_soon = true;
  }
  return st;
}

void extract_items(const yaml::Node* root, const std::string& rel_path, std::vector<Item>& out, TextArena& arena)
{
  if (!root || !root->is_map())
    return;
  const std::string_view kind = util::trim(root->text_of("kind"));
  const std::string_view id = keep(arena, util::trim(root->text_of("id")));
  if (id.empty())
    return;
  std::string tags;
  if (const auto* t = root->get("tags")) {
    if (t->is_scalar())
      tags = t->value;
    for (const auto* i : t->items)
      if (i->is_scalar())
        tags += (tags.empty() ? "" : std::string(1, Item::k_tag_separator)) + i->value;
  }
  const std::string_view tag_view = keep(arena, tags);
  const std::string_view path = keep(arena, rel_path);
  const Kind* k = find_kind(kind);
  if (!k)
    return;
  std::string_view dept = keep(arena, util::trim(root->text_of("dept")));
  if (dept.empty() && !k->dept_fallback.empty())
    dept = keep(arena, util::trim(root->text_of(k->dept_fallback)));
  const std::string_view facts = pack_facts(*root, arena);
  if (k->tracked)
    out.push_back(make_item(*root, id, id, k->name, k->schema->text_field, dept, tag_view, path, facts, arena));
  const Schema* item_schema = k->item_schema();
  const auto* list = k->item_list.empty() ? nullptr : root->get(k->item_list);
  if (!item_schema || !list || !list->is_seq())
    return;
  for (size_t i = 0; i < list->items.size(); ++i)
    if (list->items[i]->is_map()) {
      const std::string_view ref = keep(arena, std::string(id) + "#" + std::to_string(i + 1));
      out.push_back(make_item(*list->items[i], id, ref, k->item_kind, item_schema->text_field, dept, tag_view, path,
                              facts, arena));
    }
}

} // namespace collab::model
