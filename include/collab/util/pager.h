#pragma once

#include <string>

namespace collab::util {

/// The pager a person's terminal output goes through: COLLAB_PAGER, else PAGER, else
/// `less -FRX` (as git); "" when the one chosen is empty or `cat` (no pager).
std::string pager_command();

/// Starts `sh -c COMMAND` reading what is written to stdout from then on (stderr stays where it
/// was); sets LESS=FRX and LV=-c when unset, and COLUMNS to the terminal's width. False (and
/// stdout unchanged) when the pager cannot be started.
bool start_pager(const std::string& command);

/// True while stdout goes into a pager started by start_pager (it shows on a terminal).
bool pager_running();

/// True when a write failed because the pager ended before reading all of the output (the
/// person quit it early): the output is over, not an error.
bool pager_quit_early(int error_number);

/// Flushes stdout, closes the pipe and waits for the pager to end; nothing without a pager.
void finish_pager();

} // namespace collab::util
