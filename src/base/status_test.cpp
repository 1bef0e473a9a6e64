#include "base/status.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace mw {
namespace {

TEST(Status, DefaultIsOk) {
  const Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.to_string(), "ok");
  EXPECT_EQ(s, Status::ok_status());
}

TEST(Status, FactoriesSetCodeAndMessage) {
  struct Case {
    Status status;
    StatusCode code;
    std::string_view name;
  };
  const Case cases[] = {
      {Status::invalid_argument("m"), StatusCode::kInvalidArgument, "invalid_argument"},
      {Status::not_found("m"), StatusCode::kNotFound, "not_found"},
      {Status::corruption("m"), StatusCode::kCorruption, "corruption"},
      {Status::io_error("m"), StatusCode::kIoError, "io_error"},
      {Status::unavailable("m"), StatusCode::kUnavailable, "unavailable"},
      {Status::resource_exhausted("m"), StatusCode::kResourceExhausted, "resource_exhausted"},
      {Status::failed_precondition("m"), StatusCode::kFailedPrecondition, "failed_precondition"},
      {Status::internal("m"), StatusCode::kInternal, "internal"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(c.status.ok()) << c.name;
    EXPECT_EQ(c.status.code(), c.code) << c.name;
    EXPECT_EQ(c.status.message(), "m");
    EXPECT_EQ(status_code_name(c.code), c.name);
    EXPECT_EQ(c.status.to_string(), std::string(c.name) + ": m");
  }
}

TEST(Status, CodesAreStable) {
  // Persisted in logs and metrics: renumbering must fail this test.
  EXPECT_EQ(static_cast<int>(StatusCode::kInvalidArgument), 1);
  EXPECT_EQ(static_cast<int>(StatusCode::kIoError), 4);
  EXPECT_EQ(static_cast<int>(StatusCode::kInternal), 8);
}

TEST(Status, EqualityComparesCodeAndMessage) {
  EXPECT_EQ(Status::io_error("disk"), Status::io_error("disk"));
  EXPECT_NE(Status::io_error("disk"), Status::io_error("net"));
  EXPECT_NE(Status::io_error("disk"), Status::corruption("disk"));
}

Result<int> half(int v) {
  if (v % 2 != 0) return Status::invalid_argument(std::to_string(v) + " is odd");
  return v / 2;
}

Status halve_twice(int v, int& out) {
  auto a = half(v);
  MW_RETURN_IF_ERROR(a.status());
  auto b = half(*a);
  MW_RETURN_IF_ERROR(b.status());
  out = *b;
  return Status{};
}

TEST(Result, HoldsAValueOrAStatus) {
  auto good = half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  EXPECT_TRUE(good.status().ok());

  auto bad = half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "3 is odd");
  EXPECT_EQ(std::move(bad).take_status().message(), "3 is odd");
}

TEST(Result, AnOkStatusIsNotAValue) {
  const Result<int> r{Status{}};
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(Result, MovesOutMoveOnlyValues) {
  Result<std::unique_ptr<int>> r{std::make_unique<int>(7)};
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

TEST(Result, ArrowReachesMembers) {
  Result<std::string> r{std::string("abc")};
  EXPECT_EQ(r->size(), 3u);
  r->push_back('d');
  EXPECT_EQ(*r, "abcd");
}

TEST(ReturnIfError, StopsAtTheFirstFailure) {
  int out = -1;
  EXPECT_TRUE(halve_twice(8, out).ok());
  EXPECT_EQ(out, 2);
  out = -1;
  const Status s = halve_twice(6, out);  // 6 → 3, then 3 is odd
  EXPECT_EQ(s.message(), "3 is odd");
  EXPECT_EQ(out, -1);
}

}  // namespace
}  // namespace mw
