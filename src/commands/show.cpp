#include "commands/context.h"
#include "commands/document.h"
#include "commands/record_edit.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/terminal.h"
#include "collab/views/record_text.h"

#include <cstdio>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;

int run_show(const GlobalOptions& g, const ShowOptions& o)
{
  if (g.format == Format::Md || g.format == Format::Html || g.format == Format::Text) {
    const Ref ref = require_ref(o.ref, true, tr("--format md, html and text render whole records"));
    const DocFormat f = g.format == Format::Md ? DocFormat::Markdown : g.format == Format::Html ? DocFormat::Html
                                                                                                : DocFormat::Text;
    const std::string doc = render_document(g, ref.id, f);
    std::fwrite(doc.data(), 1, doc.size(), stdout);
    return k_exit_ok;
  }
  const Ref ref = require_ref(o.ref, false);
  const Workspace ws = load_workspace(g);
  const LoadedRecord rec = load_record(ws, ref.id);
  const yaml::Node& target = ref_target(rec, ref);
  std::string out;
  if (g.format == Format::Json) {
    out = node_json(target);
  } else {
    ShowStyle style;
    style.zh = ws.config.lang == "zh";
    style.color = use_color(g.color, STDOUT_FILENO);
    style.width = output_width(g);
    style.today = today(g);
    style.due_soon_days = ws.config.due_soon_days;
    const DeptResolver depts(ws.config);
    style.depts = &depts;
    out = record_text(rec.root(), rec.kind, target, ref.str(), ref.index, item_text(target, rec, ref), style);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

} // namespace collab::commands
