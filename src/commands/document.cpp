#include "commands/document.h"

namespace collab::commands {

std::string render_document(const GlobalOptions&, const std::string& id, views::DocFormat)
{
  return id + "\n"; // stub: the templates follow
}

} // namespace collab::commands
