#include "server/http.hpp"

#include <gtest/gtest.h>

namespace mw::server {
namespace {

Handler tagged(std::string tag) {
  return [tag](const Request&, const PathParams&) { return Response::json(200, tag); };
}

std::string call(const Router::Match& m) {
  if (m.handler == nullptr) return "<none>";
  return (*m.handler)(Request{}, m.params).body;
}

TEST(RouterTest, LiteralSegmentBeatsParameterWhateverTheOrderOfRegistration) {
  Router r;
  r.add(Method::kGet, "/api/v1/mines/{mine}", tagged("one"));
  r.add(Method::kGet, "/api/v1/mines/summary", tagged("summary"));
  EXPECT_EQ(call(r.match(Method::kGet, "/api/v1/mines/summary")), "summary");
  const auto m = r.match(Method::kGet, "/api/v1/mines/140105001");
  EXPECT_EQ(call(m), "one");
  EXPECT_EQ(m.params.at("mine"), "140105001");
}

TEST(RouterTest, EarlierLiteralDecidesBetweenTwoParameterisedPatterns) {
  Router r;
  r.add(Method::kGet, "/a/{x}/c", tagged("param-first"));
  r.add(Method::kGet, "/a/b/{y}", tagged("literal-first"));
  EXPECT_EQ(call(r.match(Method::kGet, "/a/b/c")), "literal-first");
  EXPECT_EQ(call(r.match(Method::kGet, "/a/z/c")), "param-first");
}

TEST(RouterTest, SeveralParametersAreAllCaptured) {
  Router r;
  r.add(Method::kPut, "/api/v1/mines/{mine}/files/{name}", tagged("put"));
  const auto m =
      r.match(Method::kPut, "/api/v1/mines/620823009203/files/x_CDSS_20260923101319.txt");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("mine"), "620823009203");
  EXPECT_EQ(m.params.at("name"), "x_CDSS_20260923101319.txt");
  EXPECT_EQ(m.params.size(), 2U);
}

TEST(RouterTest, UnknownPathIs404AndOtherMethodIs405) {
  Router r;
  r.add(Method::kGet, "/healthz", tagged("h"));
  const auto wrong_method = r.match(Method::kPost, "/healthz");
  EXPECT_TRUE(wrong_method.path_known);
  EXPECT_EQ(wrong_method.allow, "GET, HEAD");
  ASSERT_NE(wrong_method.handler, nullptr);
  Request req;
  req.method = Method::kPost;
  req.path = "/healthz";
  const Response answer = (*wrong_method.handler)(req, wrong_method.params);
  EXPECT_EQ(answer.status, 405u);
  ASSERT_EQ(answer.headers.size(), 1u);
  EXPECT_EQ(answer.headers[0].first, "Allow");
  EXPECT_EQ(answer.headers[0].second, "GET, HEAD");
  const auto unknown = r.match(Method::kGet, "/nope");
  EXPECT_EQ(unknown.handler, nullptr);
  EXPECT_FALSE(unknown.path_known);
}

TEST(RouterTest, AllowListsEveryMethodOfThePathAndHeadTakesGet) {
  Router r;
  r.add(Method::kPost, "/api/v1/alarms/{id}/ack", tagged("ack"));
  r.add(Method::kGet, "/api/v1/alarms/{id}", tagged("get"));
  r.add(Method::kPatch, "/api/v1/alarms/{id}", tagged("patch"));
  EXPECT_EQ(r.match(Method::kDelete, "/api/v1/alarms/7").allow, "GET, HEAD, PATCH");
  EXPECT_EQ(r.match(Method::kGet, "/api/v1/alarms/7/ack").allow, "POST");
  EXPECT_EQ(call(r.match(Method::kHead, "/api/v1/alarms/7")), "get");
  EXPECT_EQ(r.match(Method::kHead, "/api/v1/alarms/7/ack").allow, "POST");
}

TEST(RouterTest, ClaimingRoutesAreFallbacksAnd405OnlyWhereTheyClaim) {
  Router r;
  r.add(Method::kGet, "/{page}", tagged("ui"),
        [](std::string_view path) { return path == "/overview"; });
  r.add(Method::kPost, "/session", tagged("login"));
  // GET falls back to the claiming route anywhere; a firm route of another method wins 405.
  EXPECT_EQ(call(r.match(Method::kGet, "/anything")), "ui");
  EXPECT_EQ(r.match(Method::kGet, "/session").allow, "POST");
  EXPECT_EQ(call(r.match(Method::kPost, "/session")), "login");
  // Another method: 405 where the route claims the path, 404 where it does not.
  EXPECT_EQ(r.match(Method::kPost, "/overview").allow, "GET, HEAD");
  const auto unknown = r.match(Method::kPost, "/anything");
  EXPECT_EQ(unknown.handler, nullptr);
  EXPECT_FALSE(unknown.path_known);
}

TEST(RouterTest, SegmentCountEmptyParametersAndTrailingSlashDoNotMatch) {
  Router r;
  r.add(Method::kGet, "/api/v1/mines/{mine}", tagged("one"));
  r.add(Method::kGet, "/", tagged("root"));
  EXPECT_EQ(r.match(Method::kGet, "/api/v1/mines").handler, nullptr);
  EXPECT_EQ(r.match(Method::kGet, "/api/v1/mines/").handler, nullptr);
  EXPECT_EQ(r.match(Method::kGet, "/api/v1/mines/a/b").handler, nullptr);
  EXPECT_EQ(call(r.match(Method::kGet, "/")), "root");
}

TEST(RouterTest, MalformedAndDuplicatePatternsAreProgrammerErrors) {
  Router r;
  r.add(Method::kGet, "/a/{x}", tagged("a"));
  EXPECT_THROW(r.add(Method::kGet, "/a/{y}", tagged("dup")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::kGet, "/b/pre{x}", tagged("bad")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::kGet, "relative", tagged("bad")), std::invalid_argument);
  r.add(Method::kPost, "/a/{x}", tagged("post is another route"));
}

TEST(RequestTest, HeaderQueryAndCookieLookups) {
  Request q;
  q.headers = {{"authorization", "Bearer k1"},
               {"cookie", "theme=dark; mw_session=\"s3cr3t\" ;other=1"},
               {"cookie", "late=2"}};
  q.query = {{"mine", "14"}, {"mine", "61"}, {"active", ""}};
  EXPECT_EQ(q.header("authorization"), "Bearer k1");
  EXPECT_EQ(q.header("x-missing"), std::nullopt);
  EXPECT_EQ(q.query_param("mine"), "14");
  EXPECT_EQ(q.query_param("active"), "");
  EXPECT_EQ(q.query_param("kind"), std::nullopt);
  EXPECT_EQ(q.cookie("mw_session"), "s3cr3t");
  EXPECT_EQ(q.cookie("other"), "1");
  EXPECT_EQ(q.cookie("late"), "2");
  EXPECT_EQ(q.cookie("mw"), std::nullopt);
}

TEST(ResponseTest, ErrorBodyIsJsonWithEscapedMessage) {
  const Response r = Response::error(413, "body over \"8 MiB\"");
  EXPECT_EQ(r.status, 413U);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"error":"body over \"8 MiB\""})");
  EXPECT_EQ(Response::json(201, "{}").status, 201U);
}

}  // namespace
}  // namespace mw::server
