#pragma once

#include <stdexcept>
#include <string>

namespace collab::util {

/// Exit statuses of SPEC §7.
enum ExitStatus : int {
  k_exit_ok = 0,
  k_exit_findings = 1,
  k_exit_usage = 2,
  k_exit_repo = 3,
};

/// An environment or usage failure that stops a command; caught once in main.
class Error : public std::runtime_error {
public:
  Error(int exit_status, const std::string& message)
    : std::runtime_error(message), m_exit_status(exit_status) {}
  int exit_status() const { return m_exit_status; }

private:
  int m_exit_status;
};

/// A usage or configuration error (exit 2).
inline Error usage_error(const std::string& message) { return Error(k_exit_usage, message); }
/// A record or repository problem (exit 3).
inline Error repo_error(const std::string& message) { return Error(k_exit_repo, message); }

} // namespace collab::util
