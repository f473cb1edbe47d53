#pragma once
#include <atomic>
#include <memory>
#include <stdexcept>

#include "bot/store/store.hpp"

namespace followup::testing {

// The real store, failing on command: each switch makes that kind of write throw as SQLite does
// when the disk is full ("database or disk is full"). Reads keep working, as they do on a full
// disk. The switches may be flipped from the test's thread while the store thread runs.
class failing_store final : public store {
 public:
  struct switches {
    std::atomic<bool> commits{false};  // inbound commits (and the probe, which is one)
    std::atomic<bool> marks{false};    // "delivered" marks
    std::atomic<bool> claims{false};   // claiming due reminders
    std::atomic<int> failures{0};      // how many writes failed
    void disk_full(bool full) {
      commits = full;
      marks = full;
      claims = full;
    }
  };

  failing_store(std::unique_ptr<store> real, std::shared_ptr<switches> s)
      : real_(std::move(real)), s_(std::move(s)) {}

  std::vector<inbound_outcome> apply_inbound(std::span<inbound_job> jobs,
                                             std::span<const delivery> deliveries,
                                             sys_time now) override {
    fail_if(s_->commits);
    return real_->apply_inbound(jobs, deliveries, now);
  }
  std::vector<outbox_row> load_outbox(outbox_priority p, std::int64_t after,
                                      std::size_t limit) override {
    return real_->load_outbox(p, after, limit);
  }
  void record_deliveries(std::span<const delivery> d, sys_time now) override {
    fail_if(s_->marks);
    real_->record_deliveries(d, now);
  }
  std::int64_t outbox_depth() override { return real_->outbox_depth(); }
  std::int64_t count_processed() override { return real_->count_processed(); }
  std::int64_t prune_processed(sys_time before) override {
    fail_if(s_->commits);
    return real_->prune_processed(before);
  }
  pruned prune_outbox(sys_time before, std::size_t limit) override {
    fail_if(s_->commits);
    return real_->prune_outbox(before, limit);
  }
  std::optional<user_state> find_user_by_calendar(const std::string& hash) override {
    return real_->find_user_by_calendar(hash);
  }
  std::optional<user_state> find_user(const std::string& p, const std::string& id) override {
    return real_->find_user(p, id);
  }
  std::int64_t enqueue(const outbox_row& row) override {
    fail_if(s_->commits);
    return real_->enqueue(row);
  }
  void set_in_flight(std::int64_t id, bool in_flight) override {
    fail_if(s_->marks);
    real_->set_in_flight(id, in_flight);
  }
  std::int64_t recover_in_flight() override { return real_->recover_in_flight(); }
  std::optional<sys_time> next_nudge_due() override { return real_->next_nudge_due(); }
  std::vector<outbox_row> claim_due_nudges(sys_time now, std::size_t max_users,
                                           const nudge_composer& compose) override {
    fail_if(s_->claims);
    return real_->claim_due_nudges(now, max_users, compose);
  }
  std::int64_t prune_nudges(sys_time before) override {
    fail_if(s_->commits);
    return real_->prune_nudges(before);
  }
  void checkpoint() override { real_->checkpoint(); }
  void probe_write() override {
    fail_if(s_->commits);
    real_->probe_write();
  }

 private:
  void fail_if(const std::atomic<bool>& on) {
    if (!on.load()) return;
    s_->failures.fetch_add(1);
    throw std::runtime_error("database or disk is full");
  }

  std::unique_ptr<store> real_;
  std::shared_ptr<switches> s_;
};

}  // namespace followup::testing
