#include "collab/util/big_alloc.h"

#include <cstdint>
#include <cstdlib>
#include <malloc.h>
#include <unistd.h>
#include <sys/mman.h>

namespace collab::util {

namespace {

constexpr std::size_t k_huge = std::size_t{2} << 20;
constexpr std::size_t k_big = std::size_t{256} << 10; // below this, malloc's pages are fine

std::size_t mapped_size(std::size_t bytes) { return (bytes + k_huge - 1) / k_huge * k_huge; }

} // namespace

void* big_allocate(std::size_t bytes)
{
  if (bytes < k_big)
    return ::operator new(bytes);
  const std::size_t size = mapped_size(bytes);
  // Map one huge page more than needed and trim both ends so the block is 2 MiB aligned,
  // the condition for the kernel to back it with huge pages.
  void* raw = ::mmap(nullptr, size + k_huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED)
    throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + k_huge - 1) & ~(k_huge - 1);
  if (aligned > start)
    ::munmap(raw, aligned - start);
  if (const std::size_t tail = start + size + k_huge - (aligned + size); tail > 0)
    ::munmap(reinterpret_cast<void*>(aligned + size), tail);
  ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE); // a hint: fine when refused
  return reinterpret_cast<void*>(aligned);
}

void tune_malloc() noexcept
{
  // A run lasts milliseconds: keep freed blocks for reuse rather than handing each back to the
  // kernel and faulting it in again. libgit2 allocates a fresh buffer for every tree it reads
  // (200 KB for a folder of 4,500 records), which glibc would otherwise map and unmap each time.
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // Each 4 KiB page faulted in costs ~10 us on some virtual machines: a report of 10,000 items
  // (12 MB of JSON) took 9,500 faults, half its time; with huge pages on the heap, 1,000.
  constexpr std::size_t k_heap = std::size_t{64} << 20;
  ::mallopt(M_TOP_PAD, static_cast<int>(k_heap));
  const auto lo = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  // One allocation larger than the heap's free top makes malloc grow it by itself plus the pad.
  // (volatile: a compiler may drop a malloc whose block is freed unused.)
  void* volatile grow = ::malloc(std::size_t{1} << 20);
  ::free(grow);
  const auto hi = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  const std::uintptr_t start = (lo + k_huge - 1) & ~(k_huge - 1);
  if (hi > start + k_huge)
    ::madvise(reinterpret_cast<void*>(start), (hi - start) & ~(k_huge - 1), MADV_HUGEPAGE); // a hint
}

void big_free(void* p, std::size_t bytes) noexcept
{
  if (!p)
    return;
  if (bytes < k_big) {
    ::operator delete(p);
    return;
  }
  ::munmap(p, mapped_size(bytes));
}

} // namespace collab::util
