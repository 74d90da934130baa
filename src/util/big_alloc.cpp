#include "collab/util/big_alloc.h"

#include <cstdint>
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
