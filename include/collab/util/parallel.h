#pragma once

#include <cstddef>
#include <functional>

namespace collab::util {

/// Runs fn(i) for i in [0, n) over the available cores; rethrows the first exception.
void parallel_for(size_t n, const std::function<void(size_t)>& fn);

} // namespace collab::util
