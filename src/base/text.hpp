#pragma once
// Small text helpers for messages people read.

#include <cstddef>
#include <string>
#include <string_view>

namespace mw {

// 's' in single quotes for an error message; when longer than `max_bytes`, cut at a UTF-8
// character boundary and ended with "…" so a garbage field keeps the message readable.
std::string quoted(std::string_view s, std::size_t max_bytes = std::string_view::npos);

}  // namespace mw
