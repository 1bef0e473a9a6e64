// Test-binary support, no tests: counts heap allocations by replacing the global operator
// new/delete (in a file of their own so no caller sees them inline), for the hot-path
// no-allocation test of PointRules::on_sample.

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "rules/point_rules_fixture.hpp"

namespace {

std::atomic<std::uint64_t> g_news{0};

void* allocate(std::size_t n) noexcept {
  g_news.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}

void* allocate_or_throw(std::size_t n) {
  void* p = allocate(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

std::uint64_t mw::rules::testing::allocations() noexcept {
  return g_news.load(std::memory_order_relaxed);
}

void* operator new(std::size_t n) { return allocate_or_throw(n); }
void* operator new[](std::size_t n) { return allocate_or_throw(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
