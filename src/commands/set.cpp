#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/model/status.h"
#include "collab/util/error.h"
#include "collab/util/text.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

/// Keys only `delay` and `done` may write: they carry the guides' rules (a reason and the
/// first deadline kept; a completion date that is not in the future).
void refuse_rule_keys(const std::string& key, const Node& target, const std::string& value, const Ref& ref)
{
  const std::string_view old = util::trim(target.text_of("deadline"));
  if (key == "deadline" && !old.empty() && util::trim(value) != old)
    throw usage_error(trf("{} has deadline {}; a deadline moves only with its reason: `collab delay {} --to "
                          "DATE --reason TEXT` (keeps original_deadline)",
                          ref.str(), old, ref.str()));
  if (key == "original_deadline" || key == "delay_reason")
    throw usage_error(trf("`{}` is written by `collab delay {} --to DATE --reason TEXT`, not by set",
                          key, ref.str()));
  if (key == "completed")
    throw usage_error(trf("`completed` is written by `collab done {} [--date DATE]`, not by set", ref.str()));
}

/// The field `key` (`a` or `a.b` for a key of the mapping field `a`) of schema, or an
/// Error(2) naming the nearest known key.
const Field& known_field(const Schema& schema, const std::string& key, const Ref& ref)
{
  const size_t dot = key.find('.');
  const std::string head = key.substr(0, dot);
  const Field* f = schema.find(head);
  if (f && dot != std::string::npos) {
    if (f->type != FieldType::Mapping || !f->sub)
      throw usage_error(trf("`{}` holds no keys of its own; set it as `{}=VALUE`", head, head));
    return known_field(*f->sub, key.substr(dot + 1), ref);
  }
  if (f)
    return *f;
  std::vector<std::string_view> names;
  for (const Field& field : schema.fields)
    names.push_back(field.name);
  const std::string_view near = util::nearest(head, names);
  throw usage_error(near.empty()
                      ? trf("unknown field `{}` for {} (a {}); see `man collab` for its fields", head, ref.str(),
                            schema.name)
                      : trf("unknown field `{}` for {}; did you mean `{}`?", head, ref.str(), near));
}

} // namespace

int run_set(const GlobalOptions& g, const SetOptions& o)
{
  const Ref ref = require_ref(o.ref, false);
  if (o.assignments.empty())
    throw usage_error(tr("nothing to set; give key=value pairs"));
  const Workspace ws = load_workspace(g);
  WriteSession session(ws); // before reading: see WriteSession
  const LoadedRecord rec = load_record(ws, ref.id);
  const Date now = today(g);
  const Schema* schema = !rec.kind ? nullptr : ref.index > 0 ? rec.kind->item_schema() : rec.kind->schema;
  // An item one past the last is new: no deadline of its own yet.
  const Node* target = nullptr;
  try {
    target = &ref_target(rec, ref);
  } catch (const Error&) {
  }
  std::vector<std::pair<std::string, std::string>> edits;
  for (const auto& a : o.assignments) {
    auto [key, value] = split_assignment(a);
    if (key == "id" || key == "kind")
      throw usage_error(trf("`{}` cannot be set; it names the record", key));
    if (!schema)
      throw usage_error(trf("{} has no known kind; fix its `kind` first (`collab lint`)", ref.id));
    const Field& field = known_field(*schema, key, ref);
    if (field.type == FieldType::Entries || field.type == FieldType::Mapping)
      throw usage_error(trf("`{}` is a structure; set its keys one by one ({}#N.KEY=... or {}.KEY=...), or "
                            "use `collab edit {}`",
                            key, ref.str(), key, ref.id));
    if (value.empty())
      throw usage_error(trf("`{}=` gives no value; to remove a field use `collab edit {}`", key, ref.id));
    if (target)
      refuse_rule_keys(key, *target, value, ref);
    if (field.type == FieldType::Status) {
      if (is_overdue_word(value))
        throw usage_error(trf("`{}` is not a status: overdue is computed from the deadline; to move the deadline: "
                              "`collab delay {} --to DATE --reason TEXT`",
                              value, ref.str()));
      // A status in the record's own words (SPEC §2): 进行中 or doing, a request's 沟通中.
      if (const auto st = parse_status(value)) {
        edits.emplace_back(key, status_for(ws, rec, ref, *st));
        continue;
      }
    }
    // A nested key is written as `PARENT: {KEY: VALUE}` when the parent is absent, else in it.
    edits.emplace_back(key, value_for(rec.kind, ref.index > 0, key, value, now));
  }
  return write_record(g, session, ws, rec, ref, "set", apply_edits(rec, ref, edits), edits);
}

} // namespace collab::commands
