#pragma once
// Status and Result<T>: the channel for expected failures (bad input, I/O).
// Exceptions are reserved for programmer errors (style.md §4).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace mw {

// DO NOT renumber: codes may be persisted in logs and metrics.
enum class StatusCode : std::uint8_t {
  kOk = 0,
  kInvalidArgument = 1,  // bad input from a user or a mine
  kNotFound = 2,
  kCorruption = 3,  // checksum or structure broken on disk
  kIoError = 4,
  kUnavailable = 5,  // try again later (e.g. file still being written)
  kResourceExhausted = 6,  // disk full, size limit
  kFailedPrecondition = 7,
  kInternal = 8,
};

std::string_view status_code_name(StatusCode code) noexcept;

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok_status() { return {}; }
  static Status invalid_argument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status resource_exhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
  static Status failed_precondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const noexcept { return code_ == StatusCode::kOk; }
  StatusCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // "invalid_argument: <message>" or "ok".
  std::string to_string() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or a non-OK Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) v_ = Status::internal("Result constructed from OK status");
  }

  bool ok() const noexcept { return std::holds_alternative<T>(v_); }
  const Status& status() const& {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  Status take_status() && { return ok() ? Status{} : std::move(std::get<Status>(v_)); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace mw

// Returns early from a function returning Status or Result<U> when `expr` is not OK.
#define MW_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::mw::Status mw_status_ = (expr);         \
    if (!mw_status_.ok()) return mw_status_;  \
  } while (0)
