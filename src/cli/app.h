#pragma once

namespace collab::cli {

/// Parses the command line and runs the command; returns the exit status.
int run(int argc, char** argv);

} // namespace collab::cli
