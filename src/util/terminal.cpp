#include "collab/util/terminal.h"

#include "collab/util/pager.h"

#include <cstdlib>
#include <unistd.h>

namespace collab::util {

bool is_terminal(int fd)
{
  // Output going into the pager is shown on the terminal the pager was started from.
  if (fd == STDOUT_FILENO && pager_running())
    return true;
  return ::isatty(fd) == 1;
}

bool use_color(ColorMode mode, int fd)
{
  if (mode == ColorMode::Always)
    return true;
  if (mode == ColorMode::Never)
    return false;
  if (const char* no = std::getenv("NO_COLOR"); no && *no)
    return false;
  if (const char* force = std::getenv("CLICOLOR_FORCE"); force && *force && std::string(force) != "0")
    return true;
  // bixense.com/clicolors: CLICOLOR=0 asks for no colour unless CLICOLOR_FORCE says otherwise.
  if (const char* clicolor = std::getenv("CLICOLOR"); clicolor && std::string(clicolor) == "0")
    return false;
  if (const char* term = std::getenv("TERM"); term && std::string(term) == "dumb")
    return false;
  return is_terminal(fd);
}

std::filesystem::path working_dir(const std::string& dir_option)
{
  return dir_option.empty() ? std::filesystem::current_path() : std::filesystem::path(dir_option);
}

} // namespace collab::util
