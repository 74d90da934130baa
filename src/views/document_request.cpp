#include "collab/views/document.h"

#include "document_parts.h"

#include "collab/util/i18n.h"

namespace collab::views {

using namespace parts;
using util::i18n::tr;
using util::i18n::trf;

Doc request_document(const DocInput& in)
{
  const yaml::Node& r = *in.root;
  Doc doc;
  doc.lang = in.zh ? "zh-CN" : "en";
  doc.title = trf("Request: {}", r.text_of("title"));
  const ShownStatus st = item_status(r, "request", vocabulary(in), in.today);
  fields(doc, {{tr("ID"), in.id},
               {tr("Request"), std::string(r.text_of("title"))},
               {tr("Requesting department"), lines(r.get("from"))},
               {tr("Counterpart department"), lines(r.get("to"))},
               {tr("Goal"), lines(r.get("goal"))},
               {tr("Content"), lines(r.get("content"))},
               {tr("Expected completion"), lines(r.get("deadline"))},
               {tr("Owner"), person_name(r.get("owner"))},
               {tr("Counterpart contact"), person_name(r.get("contact"))},
               {tr("Mode"), mode_word(r.text_of("mode"), in.zh)},
               {tr("Status"), st.text}});
  common_trailer(doc, r, in.zh);
  return doc;
}

} // namespace collab::views
