#include "commands/document.h"

#include "commands/context.h"
#include "commands/follow_up.h"
#include "commands/minutes_version.h"
#include "commands/record_edit.h"

#include "collab/lint/read_record.h"
#include "collab/model/items.h"
#include "collab/model/refs.h"
#include "collab/model/vocabulary.h"
#include "collab/util/error.h"
#include "collab/util/files.h"

#include <algorithm>

namespace collab::commands {

using namespace collab::model;
using namespace collab::store;
using namespace collab::views;

namespace {

/// The previous meeting's actions that `root` lists in `previous_actions`, as they stand now
/// (read from their records, not copied: the point of 上次行动项跟进 is the current status).
std::vector<LinkedItem> previous_actions(const Workspace& ws, const yaml::Node& root, const Date& today)
{
  std::vector<LinkedItem> out;
  const yaml::Node* refs = root.get("previous_actions");
  if (!refs || !refs->is_seq())
    return out;
  const Vocabulary fallback = ws.config.lang == "zh" ? Vocabulary::Chinese : Vocabulary::English;
  for (const auto* n : refs->items) {
    LinkedItem li;
    li.ref = n->is_scalar() ? n->value : "";
    const auto ref = parse_ref(li.ref);
    if (ref && ref->index > 0) {
      try {
        const LoadedRecord rec = load_record(ws, ref->id);
        const yaml::Node& item = ref_target(rec, *ref);
        li.found = true;
        li.text = std::string(item.text_of(rec.kind && rec.kind->name == "task" ? "title" : "action"));
        li.owner = std::string(item.text_of("owner"));
        li.deadline = std::string(item.text_of("deadline"));
        const std::string_view kind = rec.kind ? rec.kind->item_kind : "action";
        const auto written = item.text_of("status");
        const auto st = written.empty() ? std::optional<Status>(Status::Todo) : parse_status(written);
        const Vocabulary v = ws.config.lang == "zh" ? Vocabulary::Chinese : vocabulary_of(rec.root(), fallback);
        li.status = st ? std::string(status_word(*st, kind, v)) : std::string(written);
        const ItemState state = st ? state_of(*st, parse_iso_date(li.deadline), today, 0) : ItemState{};
        li.overdue = state.overdue;
        li.days_late = state.days_late;
      } catch (const util::Error&) {
        li.found = false; // a record that is gone or unreadable: shown as such, not fatal
      }
    }
    out.push_back(std::move(li));
  }
  return out;
}

/// The meetings whose `follow_up` is `id` (see follow_ups_of), as the template shows them.
std::vector<FollowUp> follow_ups(const Workspace& ws, const std::string& id)
{
  std::vector<FollowUp> out;
  for (auto& m : follow_ups_of(ws, id))
    out.push_back({std::move(m.id), std::move(m.title), std::move(m.date)});
  return out;
}

} // namespace

std::string render_document(const GlobalOptions& g, const std::string& id, DocFormat f)
{
  return render_documents(g, id, {f}).front();
}

Doc record_document(const Workspace& ws, const std::string& id, const yaml::Node& root, const Kind* kind,
                    const Date& today, DocContext ctx)
{
  DocInput in;
  in.root = &root;
  in.kind = kind;
  in.id = id;
  in.zh = ws.config.lang == "zh";
  in.today = today;
  in.config = &ws.config;
  if (kind && kind->name == "meeting") {
    in.version = std::move(ctx.version);
    in.version_committed = ctx.version_committed;
    in.previous_actions = previous_actions(ws, root, today);
    in.follow_ups = std::move(ctx.follow_ups);
  }
  return build_document(in);
}

std::vector<std::string> render_documents(const GlobalOptions& g, const std::string& id,
                                          std::initializer_list<DocFormat> formats)
{
  const Workspace ws = load_workspace(g);
  const LoadedRecord rec = load_record(ws, id);
  DocContext ctx;
  if (rec.kind && rec.kind->name == "meeting") {
    const MinutesVersion v = minutes_version(g, id, rec.text);
    ctx.version = v.str();
    ctx.version_committed = v.committed;
    ctx.follow_ups = follow_ups(ws, id);
  }
  const auto doc = record_document(ws, id, rec.root(), rec.kind, today(g), std::move(ctx));
  std::vector<std::string> out;
  for (const DocFormat f : formats)
    out.push_back(render(doc, f));
  return out;
}

} // namespace collab::commands
