#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bot/outbox/pacer.hpp"
#include "bot/outbox/retry_policy.hpp"
#include "bot/store/store.hpp"

namespace followup {

// The dispatcher's decisions, as a pure data structure driven by explicit times: which rows may
// go now, and when the next one may. Per chat: one message in flight at a time, in order
// (replies before nudges), paced per platform; a row waiting for a retry holds back its chat's
// later rows. Across platforms the most urgent row goes first among those whose platform's
// budget allows a send, so one platform's backlog never holds back another's.
//
// Parking: a send that comes back send_status::offline (a web chat with no page open) puts the
// row back at the head of its chat, counts no attempt, and parks the chat: it and the rows added
// to it later wait, on no clock, until unpark() (the page is back).
class outbox_queue {
 public:
  outbox_queue(send_rate rate, retry_policy policy, std::size_t max_in_flight);

  // The platform's sends are not paced (its client says it has no API limit).
  void exempt_from_pacing(const std::string& platform) { pacer_.exempt(platform); }

  // How the queue names a chat (also for unpark()).
  static std::string chat_key(const std::string& platform, const std::string& chat_id);

  void add(outbox_row row, sys_time now);
  bool contains(std::int64_t id) const { return known_.count(id) != 0; }

  // Rows to send now; each is in flight until complete() is called for it. `unrecorded`:
  // outcomes not yet durably written, which count against max_in_flight too: after a crash
  // only sends in flight or just finished can go out a second time.
  std::vector<outbox_row> take_ready(sys_time now, std::size_t unrecorded = 0);
  // When take_ready() may next return a row; nullopt when only a completion can change that.
  std::optional<sys_time> next_wake() const;
  // Records the outcome of sending row `id`; returns what to persist. For send_status::offline
  // that is a retry with attempts and not_before unchanged: nothing needs writing.
  delivery complete(std::int64_t id, const send_outcome& outcome, sys_time now);

  // The chat can be delivered to again: a parked chat is scheduled now; a chat with a send in
  // flight will not park on that send's offline outcome (the page came back meanwhile) but go
  // again. False when the queue holds nothing of the chat.
  bool unpark(const std::string& key, sys_time now);
  bool parked(const std::string& key) const;
  // Forgets parked chats, those parked longest first, until at most `keep` parked rows remain in
  // memory; their rows stay pending in the store. Returns the keys of the chats forgotten.
  std::vector<std::string> evict_parked(std::size_t keep);

  std::size_t size() const { return known_.size(); }
  // Rows not parked: those that will go out without anyone's help.
  std::size_t active_size() const { return known_.size() - parked_rows_; }
  std::size_t parked_rows() const { return parked_rows_; }
  std::size_t in_flight() const { return in_flight_.size(); }

 private:
  struct chat {
    std::string platform;
    std::deque<outbox_row> rows;  // ordered by (priority, id)
    bool sending = false;
    sys_time blocked_until{};  // retry not before this
    bool parked = false;
    std::uint64_t parked_seq = 0;  // key in parked_order_
    bool woken = false;            // unpark() came while a send was in flight
  };
  using eligible_key = std::tuple<int, std::int64_t, std::string>;

  void schedule(const std::string& key, sys_time now);
  void unschedule(const std::string& key);

  pacer pacer_;
  retry_policy policy_;
  std::size_t max_in_flight_;
  std::unordered_map<std::string, chat> chats_;
  // Per platform: (priority, head id, chat) of the chats that may send now but for the budget.
  std::unordered_map<std::string, std::set<eligible_key>> eligible_;
  std::set<std::pair<sys_time, std::string>> waiting_;  // (eligible at, chat)
  std::unordered_map<std::string, std::set<eligible_key>::iterator> eligible_pos_;
  std::unordered_map<std::string, sys_time> waiting_pos_;
  std::unordered_map<std::int64_t, std::string> in_flight_;  // id -> chat
  std::unordered_map<std::int64_t, outbox_row> flying_rows_;
  std::unordered_set<std::int64_t> known_;
  std::map<std::uint64_t, std::string> parked_order_;  // oldest parked first
  std::uint64_t park_counter_ = 0;
  std::size_t parked_rows_ = 0;
};

}  // namespace followup
