#pragma once

// Expected failures as values: a parser says why it failed, once, and every caller
// reports that reason instead of writing its own "is not a date".

#include <string>
#include <utility>
#include <variant>

namespace collab::util {

/// Why something expected failed, in words for the user ("`x` is not a date; use ...").
struct Failure {
  std::string reason;
};

/// A value, or the Failure that explains why there is none.
template <class T>
class Result {
public:
  Result(T value) : m_v(std::move(value)) {}
  Result(Failure f) : m_v(std::move(f)) {}

  /// True when it holds a value.
  explicit operator bool() const { return m_v.index() == 0; }
  /// The value; only when it holds one.
  const T& operator*() const { return std::get<0>(m_v); }
  const T* operator->() const { return &std::get<0>(m_v); }
  /// Why there is no value; only when it failed.
  const std::string& reason() const { return std::get<1>(m_v).reason; }

private:
  std::variant<T, Failure> m_v;
};

} // namespace collab::util
