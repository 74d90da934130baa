#include "collab/util/parallel.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace collab;
using namespace collab::util;

namespace {

/// How often parallel_for called fn with each index of [0, n).
std::vector<int> visits(size_t n)
{
  std::unique_ptr<std::atomic<int>[]> count(new std::atomic<int>[n + 1]);
  for (size_t i = 0; i <= n; ++i)
    count[i] = 0;
  std::atomic<size_t> out_of_range{0};
  parallel_for(n, [&](size_t i) {
    if (i >= n)
      ++out_of_range;
    else
      ++count[i];
  });
  CHECK(out_of_range == 0);
  std::vector<int> out;
  for (size_t i = 0; i < n; ++i)
    out.push_back(count[i]);
  return out;
}

} // namespace

TEST_CASE("parallel: every index is visited exactly once")
{
  for (size_t n : {0u, 1u, 2u, 7u, 8u, 9u, 17u, 100u, 100'000u}) {
    CAPTURE(n);
    const auto v = visits(n);
    REQUIRE(v.size() == n);
    CHECK(std::count(v.begin(), v.end(), 1) == static_cast<long>(n));
  }
}

TEST_CASE("parallel: n = 0 never calls fn")
{
  bool called = false;
  parallel_for(0, [&](size_t) { called = true; });
  CHECK_FALSE(called);
}

TEST_CASE("parallel: large batches use more than one thread when there are several cores")
{
  if (std::thread::hardware_concurrency() < 2)
    return;
  std::atomic<int> inside{0}, most{0};
  parallel_for(64, [&](size_t) {
    const int now = ++inside;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --inside;
  });
  CHECK(most.load() > 1);
}

TEST_CASE("parallel: an exception thrown by a task is rethrown to the caller")
{
  for (size_t n : {1u, 5u, 1000u}) {
    CAPTURE(n);
    CHECK_THROWS_WITH_AS(parallel_for(n, [&](size_t i) {
                           if (i == n - 1)
                             throw std::runtime_error("task failed");
                         }),
                         "task failed", std::runtime_error);
  }
}

TEST_CASE("parallel: after a failure the remaining indexes are abandoned and one exception comes out")
{
  std::atomic<size_t> ran{0};
  // Every task throws: only the first exception is rethrown, and no task runs after the failure
  // is seen (each thread stops at its next index).
  CHECK_THROWS_AS(parallel_for(100'000,
                               [&](size_t) {
                                 ++ran;
                                 throw std::logic_error("boom");
                               }),
                  std::logic_error);
  CHECK(ran.load() < 100'000);
  CHECK(ran.load() <= std::max(1u, std::thread::hardware_concurrency()) * 2);
}
