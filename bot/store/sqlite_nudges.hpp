#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "bot/conversation/interview.hpp"
#include "bot/store/sqlite_db.hpp"

namespace followup::sqlite {

// The nudges table: reminders planned from each user's state, claimed when due.
class nudge_table {
 public:
  explicit nudge_table(database& db);

  // Pending and sent reminders of one user, oldest due first.
  std::vector<nudge_record> load(std::int64_t user_row);
  // Makes the pending reminders match `planned`: keeps what is already pending or sent at the
  // same time, cancels what is no longer planned, and adds what is new and still ahead.
  // Returns whether anything was added.
  bool reconcile(std::int64_t user_row, const std::vector<planned_nudge>& planned, sys_time now);

  std::optional<sys_time> next_due();
  // Users with a reminder due at `now`, the longest-waiting first.
  std::vector<std::int64_t> due_users(sys_time now, std::size_t limit);
  std::vector<nudge_record> due_for(std::int64_t user_row, sys_time now);
  void finish(std::int64_t id, nudge_state state, sys_time now);
  std::int64_t prune(sys_time before);

 private:
  database& db_;
  statement load_, insert_, cancel_, next_due_, due_users_, due_for_, finish_;
};

}  // namespace followup::sqlite
