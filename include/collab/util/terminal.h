#pragma once

#include <filesystem>
#include <string>

namespace collab::util {

/// True when the file descriptor is a terminal (stdout also while it goes into the pager).
bool is_terminal(int fd);

/// --color: always, never, or auto (decided by the environment and the terminal).
enum class ColorMode { Auto, Always, Never };

/// Whether to colour output on fd: --color=always|never, else NO_COLOR, CLICOLOR_FORCE, CLICOLOR=0,
/// TERM=dumb, a terminal (in that order).
bool use_color(ColorMode mode, int fd);

/// The directory a command works in: -C DIR or the current directory.
std::filesystem::path working_dir(const std::string& dir_option);

} // namespace collab::util
