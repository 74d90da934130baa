#pragma once
// Helpers shared by the libFuzzer harnesses: a failed property prints why and aborts, which
// libFuzzer reports as a crash and saves the input (crash-<sha1>).

#include "collab/store/workspace.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

[[noreturn]] inline void fail(const std::string& why, std::string_view input)
{
  std::fprintf(stderr, "\n*** property violated: %s\n*** input (%zu bytes): [%.*s]\n", why.c_str(), input.size(),
               static_cast<int>(input.size() > 2000 ? 2000 : input.size()), input.data());
  std::abort();
}

inline std::string_view as_text(const uint8_t* data, size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

/// The text's lines split at '\n' (the piece after a final '\n' is an empty last line).
inline std::vector<std::string_view> split_lines(std::string_view t)
{
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i] == '\n') {
      out.push_back(t.substr(start, i - start));
      start = i + 1;
    }
  out.push_back(t.substr(start));
  return out;
}

/// A records root that is never touched: the harnesses read text, not files.
inline const collab::store::Workspace& workspace()
{
  static const collab::store::Workspace ws = [] {
    collab::store::Workspace w;
    w.root = "/nonexistent";
    w.cwd = "/nonexistent";
    return w;
  }();
  return ws;
}

} // namespace fuzz
