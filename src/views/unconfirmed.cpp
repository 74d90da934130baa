#include "collab/views/unconfirmed.h"

#include "collab/util/i18n.h"
#include "collab/util/json.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace collab::views {

using util::i18n::tr;

Table unconfirmed_table(const std::vector<UnconfirmedRow>& rows)
{
  Table t;
  // The missing names are what the view is for: they never go; the title gives its width first.
  t.columns = {
    {tr("ID"), 0, 0, false, 8},
    {tr("DATE"), 0, 2, false, 10},
    {tr("DAYS"), 0, 3, true, 4},
    {tr("CONFIRMED"), 0, 1, true, 4},
    {tr("MISSING"), 2, 0, false, 8},
    {tr("TOPIC"), 1, 0, false, 8},
  };
  for (const auto& r : rows) {
    t.rows.push_back({r.id, r.date, std::to_string(r.days), fmt::format("{}/{}", r.confirmed, r.attendees),
                      fmt::format("{}", fmt::join(r.missing, ", ")), r.title});
    t.styles.push_back(RowStyle::Overdue);
  }
  return t;
}

std::string unconfirmed_json(const std::vector<UnconfirmedRow>& rows)
{
  std::string out = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const UnconfirmedRow& r = rows[i];
    out += i ? ",\n  {\"id\": " : "\n  {\"id\": ";
    util::append_json_quoted(out, r.id);
    out += ", \"title\": ";
    util::append_json_quoted(out, r.title);
    out += ", \"date\": ";
    util::append_json_quoted(out, r.date);
    fmt::format_to(std::back_inserter(out), ", \"days\": {}, \"attendees\": {}, \"confirmed\": {}, \"missing\": [",
                   r.days, r.attendees, r.confirmed);
    for (size_t m = 0; m < r.missing.size(); ++m) {
      if (m)
        out += ", ";
      util::append_json_quoted(out, r.missing[m]);
    }
    out += "], \"path\": ";
    util::append_json_quoted(out, r.path);
    out += "}";
  }
  out += rows.empty() ? "]\n" : "\n]\n";
  return out;
}

} // namespace collab::views
