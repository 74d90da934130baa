#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace collab::util {

/// Allocates `bytes` for a large array: huge pages where the kernel offers them (each 4 KiB
/// page faulted in costs ~10 µs on some virtual machines; a 2 MiB page costs about the same).
void* big_allocate(std::size_t bytes);
/// Frees what big_allocate returned for the same `bytes`.
void big_free(void* p, std::size_t bytes) noexcept;

/// Sets malloc up for a short run that may build megabytes of output: freed blocks are kept
/// for reuse, large blocks come from the heap, and the heap grows in one 64 MiB step with
/// huge pages asked for (as glibc does with the tunable glibc.malloc.hugetlb=1, which only the
/// environment can set, before the process starts). Called once, first thing in main.
void tune_malloc() noexcept;

/// A std::allocator for large arrays (item lists of 100,000 records): big blocks come from
/// big_allocate, small ones from operator new.
template <class T>
struct BigAllocator {
  using value_type = T;
  BigAllocator() = default;
  template <class U>
  BigAllocator(const BigAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(big_allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { big_free(p, n * sizeof(T)); }
  friend bool operator==(const BigAllocator&, const BigAllocator&) { return true; }
};

/// A vector for arrays that may hold hundreds of thousands of elements.
template <class T>
using BigVector = std::vector<T, BigAllocator<T>>;

} // namespace collab::util
