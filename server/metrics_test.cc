#include "server/metrics.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace weerbaar::server {
namespace {

TEST(MetricsTest, CountsHistogramBucketsCumulatively) {
  Metrics m;
  m.durable_write.Observe(0);
  m.durable_write.Observe(3);
  m.durable_write.Observe(3);
  m.durable_write.Observe(20000);
  std::string text = RenderPrometheus(m, {});
  EXPECT_NE(text.find("weerbaar_durable_write_seconds_bucket{le=\"0.001\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("weerbaar_durable_write_seconds_bucket{le=\"0.002\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("weerbaar_durable_write_seconds_bucket{le=\"0.005\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("weerbaar_durable_write_seconds_bucket{le=\"10.000\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("weerbaar_durable_write_seconds_bucket{le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("weerbaar_durable_write_seconds_sum 20.006\n"), std::string::npos);
  EXPECT_NE(text.find("weerbaar_durable_write_seconds_count 4\n"), std::string::npos);
}

TEST(MetricsTest, RendersEveryMetricWithHelpAndType) {
  Metrics m;
  m.connections = 3;
  Metrics::Add(m.messages_total, 5);
  Metrics::Add(m.send_queue_overflows_total);
  std::string text = RenderPrometheus(m, {7, 11});
  EXPECT_NE(text.find("weerbaar_connections 3\n"), std::string::npos);
  EXPECT_NE(text.find("weerbaar_messages_total 5\n"), std::string::npos);
  EXPECT_NE(text.find("weerbaar_send_queue_overflows_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("weerbaar_store_commits_total 7\n"), std::string::npos);
  EXPECT_NE(text.find("weerbaar_store_operations_total 11\n"), std::string::npos);
  for (const char* name : {"weerbaar_connections", "weerbaar_connections_total",
                           "weerbaar_bytes_in_total", "weerbaar_bytes_out_total",
                           "weerbaar_auth_failures_total", "weerbaar_durable_write_seconds"}) {
    EXPECT_NE(text.find(std::string("# HELP ") + name + " "), std::string::npos) << name;
    EXPECT_NE(text.find(std::string("# TYPE ") + name + " "), std::string::npos) << name;
  }
}

// Every line is a comment or `name[{labels}] value`, as the text format requires.
TEST(MetricsTest, ProducesOnlyWellFormedLines) {
  Metrics m;
  m.durable_write.Observe(12);
  std::istringstream text(RenderPrometheus(m, {1, 2}));
  std::regex sample(R"(^[a-z_]+(\{le="[0-9.+Inf]+"\})? [0-9.]+$)");
  std::regex comment(R"(^# (HELP|TYPE) [a-z_]+ .+$)");
  std::string line;
  int lines = 0;
  while (std::getline(text, line)) {
    ++lines;
    EXPECT_TRUE(std::regex_match(line, sample) || std::regex_match(line, comment)) << line;
  }
  EXPECT_GT(lines, 30);
}

}  // namespace
}  // namespace weerbaar::server
