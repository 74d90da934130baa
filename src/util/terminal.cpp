#include "collab/util/terminal.h"

#include <cstdlib>
#include <unistd.h>

namespace collab::util {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

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
  if (const char* term = std::getenv("TERM"); term && std::string(term) == "dumb")
    return false;
  return is_terminal(fd);
}

std::filesystem::path working_dir(const std::string& dir_option)
{
  return dir_option.empty() ? std::filesystem::current_path() : std::filesystem::path(dir_option);
}

} // namespace collab::util
