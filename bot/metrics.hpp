#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace followup {

// Process-wide counters, rendered in Prometheus text format by GET /metrics.
struct metrics {
  std::atomic<std::uint64_t> updates_received{0};
  std::atomic<std::uint64_t> updates_rejected{0};
  std::atomic<std::uint64_t> updates_deduplicated{0};
  std::atomic<std::uint64_t> updates_ignored{0};
  std::atomic<std::uint64_t> updates_flooded{0};
  std::atomic<std::uint64_t> store_failures{0};
  std::atomic<std::int64_t> store_healthy{1};
  std::atomic<std::uint64_t> replies_sent{0};
  std::atomic<std::uint64_t> replies_retried{0};
  std::atomic<std::uint64_t> replies_failed{0};
  std::atomic<std::int64_t> outbox_depth{0};
  std::atomic<std::uint64_t> http_requests{0};
  std::atomic<std::uint64_t> connections_refused{0};
  std::atomic<std::uint64_t> websockets_refused{0};
  std::atomic<std::int64_t> web_pages_open{0};
  // Inbound group commits and the messages they carried: their ratio is the batch size.
  std::atomic<std::uint64_t> store_commits{0};
  std::atomic<std::uint64_t> store_committed{0};

  static constexpr std::array<double, 12> latency_bounds{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                         0.05,   0.1,   0.25,  0.5,   1.0,  5.0};
  std::array<std::atomic<std::uint64_t>, latency_bounds.size() + 1> latency_buckets{};
  std::atomic<std::uint64_t> latency_count{0};
  std::atomic<std::uint64_t> latency_sum_us{0};

  void observe_latency(double seconds);
  std::string render() const;
};

}  // namespace followup
