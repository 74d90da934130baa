#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace collab::util {

/// Exit statuses: 0 success, 1 findings, 2 usage or configuration, 3 record or repository.
enum ExitStatus : int {
  k_exit_ok = 0,
  k_exit_findings = 1,
  k_exit_usage = 2,
  k_exit_repo = 3,
};

/// An environment or usage failure that stops a command; caught once in main, which
/// prints the details (positioned findings, one per line) and then `collab: error: message`.
class Error : public std::runtime_error {
public:
  Error(int exit_status, const std::string& message, std::string details = "")
    : std::runtime_error(message), m_exit_status(exit_status), m_details(std::move(details)) {}
  /// The process exit status it stops with.
  int exit_status() const { return m_exit_status; }
  /// Lines printed before the message ("" or newline-terminated).
  const std::string& details() const { return m_details; }

private:
  int m_exit_status;
  std::string m_details;
};

/// A usage or configuration error (exit 2).
inline Error usage_error(const std::string& message, std::string details = "")
{
  return Error(k_exit_usage, message, std::move(details));
}
/// A record or repository problem (exit 3).
inline Error repo_error(const std::string& message, std::string details = "")
{
  return Error(k_exit_repo, message, std::move(details));
}

} // namespace collab::util
