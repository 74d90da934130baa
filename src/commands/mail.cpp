#include "commands/options.h"

#include "collab/util/error.h"

namespace collab::commands {

int run_mail(const GlobalOptions&, const MailOptions&)
{
  throw util::usage_error("mail: not yet");
}

} // namespace collab::commands
