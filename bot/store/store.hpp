#pragma once
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

enum class outbox_priority : int { reply = 0, nudge = 1 };
inline constexpr int outbox_priority_count = 2;

struct outbox_row {
  std::int64_t id = 0;
  std::string platform;
  std::string chat_id;
  std::string text;
  std::string thread;  // inbound::thread of the message replied to; empty for none
  outbox_priority priority = outbox_priority::reply;
  int attempts = 0;
  sys_time not_before{};
  sys_time created_at{};
};

// One inbound message to apply: deduplicate, let `decide` look at the user, store its effects.
struct inbound_job {
  inbound message;
  std::string default_timezone;
  // Load the user's reminders for `decide` (user_state::nudges); left empty otherwise.
  bool with_reminders = true;
  // Runs on the store thread inside the transaction; must not block.
  std::function<effects(const inbound&, const user_state&)> decide;
};

struct inbound_outcome {
  bool duplicate = false;
  bool failed = false;             // rolled back: the platform should deliver it again
  std::vector<outbox_row> queued;  // with their outbox ids
  bool nudges_added = false;       // new reminders: the scheduler may need to wake earlier
};

enum class delivery_result { sent, retry, dead };

struct delivery {
  std::int64_t id = 0;
  delivery_result result = delivery_result::sent;
  int attempts = 0;
  sys_time not_before{};
  std::string error;
};

// What the scheduler makes of one user's due reminders: the messages to send, and the ones
// that no longer make sense (cancelled, not sent). The rest are marked sent.
struct composed_nudges {
  std::vector<std::string> texts;
  std::vector<std::int64_t> cancelled;
};
using nudge_composer = std::function<composed_nudges(
    const user_state& user, const std::vector<nudge_record>& due, sys_time now)>;

// The durable store. Implementations are used from one thread at a time (store_worker's).
class store {
 public:
  virtual ~store() = default;

  // Applies all jobs in one transaction (group commit); each job is isolated in a savepoint so
  // one failing job does not undo the others. Delivery outcomes waiting to be recorded ride
  // along in the same commit. Throws if the commit itself fails.
  virtual std::vector<inbound_outcome> apply_inbound(std::span<inbound_job> jobs,
                                                     std::span<const delivery> deliveries,
                                                     sys_time now) = 0;

  // Pending rows of one priority with id > after_id, oldest first.
  virtual std::vector<outbox_row> load_outbox(outbox_priority priority, std::int64_t after_id,
                                              std::size_t limit) = 0;
  virtual void record_deliveries(std::span<const delivery> deliveries, sys_time now) = 0;
  virtual std::int64_t outbox_depth() = 0;
  virtual std::int64_t count_processed() = 0;

  // Forgets processed update ids older than `before`; returns how many.
  virtual std::int64_t prune_processed(sys_time before) = 0;

  // Forgets delivered and dead outbox rows created before `before` (their text is the user's
  // conversation: kept only as long as it helps to debug a delivery). Looks at no more than
  // `limit` rows per call, oldest first, so a call stays short; `more` says whether to call
  // again. Pending rows are never removed, however old.
  struct pruned {
    std::int64_t removed = 0;
    bool more = false;
  };
  virtual pruned prune_outbox(sys_time before, std::size_t limit) = 0;

  virtual std::optional<user_state> find_user(const std::string& platform,
                                              const std::string& id) = 0;

  // The user whose calendar feed token hashes to `token_hash` (SHA-256, hex), with their
  // interviews and reminders; nullopt for none.
  virtual std::optional<user_state> find_user_by_calendar(const std::string& token_hash) = 0;
  // Queues a message outside an inbound transaction (nudges, CLI); returns its id.
  virtual std::int64_t enqueue(const outbox_row& row) = 0;

  // Marks a reminder's outbox row as being sent, durably, before the request goes out (and
  // unmarks it when it turned out not to go out at all).
  virtual void set_in_flight(std::int64_t outbox_id, bool in_flight) = 0;
  // After a crash: reminders that were being sent count as sent (a second copy would be worse
  // than the small chance the first never arrived); replies are sent again. Returns how many
  // reminders were settled that way. Only the server calls this, at start-up.
  virtual std::int64_t recover_in_flight() = 0;

  // The earliest pending reminder.
  virtual std::optional<sys_time> next_nudge_due() = 0;
  // In one transaction: takes the reminders due at `now` of at most `max_users` users, lets
  // `compose` word them, marks them sent (or cancelled) and queues the messages in the outbox.
  // A crash leaves either all of that or none of it, so a reminder is queued exactly once.
  virtual std::vector<outbox_row> claim_due_nudges(sys_time now, std::size_t max_users,
                                                   const nudge_composer& compose) = 0;
  // Forgets cancelled reminders older than `before`.
  virtual std::int64_t prune_nudges(sys_time before) = 0;

  // Makes everything durable and compacts the write-ahead log (shutdown).
  virtual void checkpoint() = 0;

  // A small write that touches the file (and is undone), to learn whether writes work again
  // after failures; throws like a failed commit.
  virtual void probe_write() = 0;
};

}  // namespace followup
