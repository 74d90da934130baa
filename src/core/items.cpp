#include "collab/items.h"

#include "collab/text.h"

namespace collab {

namespace {

std::string scalar(const yml::Node& m, std::string_view key)
{
  return std::string(text::trim(m.text_of(key)));
}

Item make_item(const yml::Node& m, const std::string& record, const std::string& ref, std::string kind,
               std::string_view text_key, const std::string& record_dept, const std::vector<std::string>& tags,
               const std::string& path)
{
  Item it;
  it.ref = ref;
  it.record = record;
  it.kind = std::move(kind);
  it.title = scalar(m, text_key);
  it.owner = scalar(m, "owner");
  it.dept = scalar(m, "dept");
  if (it.dept.empty())
    it.dept = record_dept;
  it.deadline = scalar(m, "deadline");
  const auto s = m.text_of("status");
  it.status = s.empty() ? Status::Todo : parse_status(s).value_or(Status::Todo);
  it.path = path;
  it.tags = tags;
  return it;
}

} // namespace

ItemState state_of(const Item& item, const Date& today, int due_soon_days)
{
  ItemState st;
  if (is_closed(item.status))
    return st;
  const auto d = item.deadline_date();
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

void extract_items(const yml::Node* root, const std::string& rel_path, std::vector<Item>& out)
{
  if (!root || !root->is_map())
    return;
  const std::string kind = scalar(*root, "kind");
  const std::string id = scalar(*root, "id");
  if (id.empty())
    return;
  std::vector<std::string> tags;
  if (const auto* t = root->get("tags")) {
    if (t->is_scalar())
      tags.push_back(t->value);
    for (const auto* i : t->items)
      if (i->is_scalar())
        tags.push_back(i->value);
  }
  const std::string dept = scalar(*root, "dept");
  const auto entries = [&](std::string_view list_key, const char* item_kind, std::string_view text_key) {
    const auto* list = root->get(list_key);
    if (!list || !list->is_seq())
      return;
    for (size_t i = 0; i < list->items.size(); ++i)
      if (list->items[i]->is_map())
        out.push_back(make_item(*list->items[i], id, id + "#" + std::to_string(i + 1), item_kind, text_key, dept,
                                tags, rel_path));
  };
  if (kind == "task") {
    out.push_back(make_item(*root, id, id, "task", "title", dept, tags, rel_path));
    entries("subtasks", "subtask", "title");
  } else if (kind == "meeting") {
    entries("actions", "action", "action");
  } else if (kind == "issue") {
    entries("solutions", "solution", "action");
  } else if (kind == "request") {
    Item it = make_item(*root, id, id, "request", "title", dept, tags, rel_path);
    if (it.dept.empty())
      it.dept = scalar(*root, "from"); // the requesting department owns it
    out.push_back(std::move(it));
  }
}

} // namespace collab
