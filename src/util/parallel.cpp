#include "collab/util/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace collab::util {

void parallel_for(size_t n, const std::function<void(size_t)>& fn)
{
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    while (true) {
      const size_t i = next.fetch_add(1);
      if (i >= n)
        return;
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure)
          failure = std::current_exception();
        next = n;
      }
    }
  };
  // Small batches are not worth a thread.
  const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), n / 8 + 1);
  {
    std::vector<std::jthread> pool;
    for (size_t t = 1; t < threads; ++t)
      pool.emplace_back(work);
    work();
  }
  if (failure)
    std::rethrow_exception(failure);
}

} // namespace collab::util
