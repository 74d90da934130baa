#include "collab/util/big_alloc.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace collab::util;

namespace {

/// The VmFlags line of the mapping in /proc/self/smaps that holds `addr` ("" when none does).
std::string vm_flags_at(std::uintptr_t addr)
{
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    // A mapping's first line starts with its range in lower-case hex; its fields start with a
    // capitalised name, VmFlags last.
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) && !std::isupper(line[0])) {
      unsigned long lo = 0, hi = 0;
      inside = std::sscanf(line.c_str(), "%lx-%lx", &lo, &hi) == 2 && lo <= addr && addr < hi;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

} // namespace

TEST_CASE("big_alloc: tune_malloc grows malloc's heap and asks for huge pages on it")
{
#if defined(__SANITIZE_ADDRESS__)
  MESSAGE("skipped: AddressSanitizer's allocator does not use the brk heap");
  return;
#else
  tune_malloc();
  const auto top = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  // 4 MiB below the heap's top is inside the advised range (whole 2 MiB blocks of the 64 MiB it
  // grew by): its mapping carries VmFlags `hg`.
  const std::string flags = vm_flags_at(top - (std::size_t{4} << 20));
  INFO("VmFlags 4 MiB below the heap's top: " << flags);
  CHECK(flags.find(" hg") != std::string::npos);
  // Memory from malloc is still ordinary memory.
  auto* p = static_cast<char*>(std::malloc(std::size_t{3} << 20));
  REQUIRE(p);
  p[0] = 'a';
  p[(std::size_t{3} << 20) - 1] = 'z';
  CHECK(p[0] == 'a');
  std::free(p);
#endif
}

TEST_CASE("big_alloc: BigVector holds large arrays and small ones")
{
  BigVector<int> big(1 << 20, 7);
  CHECK(big.back() == 7);
  BigVector<int> small(10, 3);
  CHECK(small.front() == 3);
}
