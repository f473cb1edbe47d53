#include "bot/metrics.hpp"

#include <cstdio>

namespace followup {

void metrics::observe_latency(double seconds) {
  std::size_t i = 0;
  while (i < latency_bounds.size() && seconds > latency_bounds[i]) ++i;
  latency_buckets[i].fetch_add(1, std::memory_order_relaxed);
  latency_count.fetch_add(1, std::memory_order_relaxed);
  latency_sum_us.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

namespace {
void counter(std::string& out, const char* name, const char* help, std::uint64_t v,
             const char* type = "counter") {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
  out += name;
  out += ' ';
  out += std::to_string(v);
  out += '\n';
}
}  // namespace

std::string metrics::render() const {
  std::string out;
  counter(out, "followup_updates_received_total", "Platform updates accepted for processing.",
          updates_received);
  counter(out, "followup_updates_rejected_total",
          "Webhook calls rejected (bad secret or signature).", updates_rejected);
  counter(out, "followup_updates_deduplicated_total", "Redelivered updates acknowledged again.",
          updates_deduplicated);
  counter(out, "followup_updates_ignored_total", "Malformed updates or updates without a message.",
          updates_ignored);
  counter(out, "followup_updates_flooded_total",
          "Messages acknowledged without being read: the user was far over FOLLOWUP_USER_RATE.",
          updates_flooded);
  counter(out, "followup_replies_sent_total", "Outbox messages delivered to a platform API.",
          replies_sent);
  counter(out, "followup_replies_retried_total", "Deliveries scheduled for another attempt.",
          replies_retried);
  counter(out, "followup_replies_failed_total", "Deliveries given up on (dead-lettered).",
          replies_failed);
  counter(out, "followup_outbox_depth", "Messages waiting in the outbox.",
          static_cast<std::uint64_t>(outbox_depth.load() < 0 ? 0 : outbox_depth.load()), "gauge");
  counter(out, "followup_http_requests_total", "HTTP requests served.", http_requests);
  counter(out, "followup_connections_refused_total", "Connections refused over the cap.",
          connections_refused);
  counter(out, "followup_websockets_refused_total",
          "WebSocket upgrades refused: too many from one address, or in all.", websockets_refused);
  counter(out, "followup_web_pages_open", "Web chat pages connected now.",
          static_cast<std::uint64_t>(web_pages_open.load() < 0 ? 0 : web_pages_open.load()),
          "gauge");
  counter(out, "followup_store_commits_total", "Durable commits of inbound messages.",
          store_commits);
  counter(out, "followup_store_healthy",
          "1 while the store's writes succeed; 0 from a failed write (a full disk, say) until one "
          "succeeds again.",
          static_cast<std::uint64_t>(store_healthy.load() > 0 ? 1 : 0), "gauge");
  counter(out, "followup_store_failures_total", "Failed store writes (commits, marks, probes).",
          store_failures);
  counter(out, "followup_store_committed_messages_total",
          "Inbound messages carried by those commits.", store_committed);
  out += "# HELP followup_request_duration_seconds Time from request read to response written.\n";
  out += "# TYPE followup_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  char buf[128];
  for (std::size_t i = 0; i < latency_bounds.size(); ++i) {
    cumulative += latency_buckets[i].load();
    std::snprintf(buf, sizeof buf, "followup_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                  latency_bounds[i], static_cast<unsigned long long>(cumulative));
    out += buf;
  }
  cumulative += latency_buckets.back().load();
  std::snprintf(buf, sizeof buf, "followup_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                static_cast<unsigned long long>(cumulative));
  out += buf;
  std::snprintf(buf, sizeof buf, "followup_request_duration_seconds_sum %.6f\n",
                static_cast<double>(latency_sum_us.load()) / 1e6);
  out += buf;
  std::snprintf(buf, sizeof buf, "followup_request_duration_seconds_count %llu\n",
                static_cast<unsigned long long>(latency_count.load()));
  out += buf;
  return out;
}

}  // namespace followup
