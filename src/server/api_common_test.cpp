// The API's one mapping from a Status to an HTTP answer.
#include "server/api_common.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mw::server::api {
namespace {

std::string header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(FromStatusTest, AStoreThatCannotAnswerNowIs503WithRetryAfterNotAConflict) {
  // A lost PostgreSQL connection or a write lock held too long: the request may succeed if
  // sent again, and it is not the caller's conflict with anyone.
  const Response r = from_status(Status::unavailable("PostgreSQL connection lost: reset"));
  EXPECT_EQ(r.status, 503U);
  EXPECT_EQ(header(r, "Retry-After"), "5");
  EXPECT_THAT(r.body, ::testing::HasSubstr("PostgreSQL connection lost"));
}

TEST(FromStatusTest, EachCodeHasItsAnswer) {
  EXPECT_EQ(from_status(Status::failed_precondition("someone acted first")).status, 409U);
  EXPECT_EQ(from_status(Status::not_found("no such alarm")).status, 404U);
  EXPECT_EQ(from_status(Status::invalid_argument("remark too long")).status, 422U);
  const Response full = from_status(Status::resource_exhausted("disk full"));
  EXPECT_EQ(full.status, 503U);
  EXPECT_EQ(header(full, "Retry-After"), "30");
  EXPECT_EQ(from_status(Status::corruption("bad page")).status, 500U);
}

TEST(FromStatusTest, AFailedAlarmReadIsTheServersFaultWithTheReason) {
  const Response r = alarm_store_failed(Status::io_error("disk I/O error"));
  EXPECT_EQ(r.status, 503U);
  EXPECT_THAT(r.body, ::testing::HasSubstr("disk I/O error"));
}

}  // namespace
}  // namespace mw::server::api
