#pragma once
// What tests read from and write to the bot's SQLite file behind its back, as an operator with
// the sqlite3 CLI would; busy_timeout because the bot may be committing at that moment.
#include <cstdint>
#include <string>

#include "bot/store/sqlite_db.hpp"

namespace followup::testing {

// The first column of the first row of `sql`: a count, usually.
inline std::int64_t scalar(const std::string& db, const std::string& sql) {
  sqlite::database d(db);
  d.exec("PRAGMA busy_timeout = 5000");
  auto s = d.prepare(sql);
  s.step();
  return s.column_int(0);
}

// A pending outbox row due now (priority 0 reply, 1 nudge); nobody tells the dispatcher.
inline void insert_outbox(const std::string& db, const std::string& platform,
                          const std::string& chat, const std::string& text, int priority) {
  sqlite::database d(db);
  d.exec("PRAGMA busy_timeout = 5000");
  auto s = d.prepare(
      "INSERT INTO outbox (platform, chat_id, text, priority, not_before, created_at) "
      "VALUES (?, ?, ?, ?, 0, 0)");
  s.bind(1, platform).bind(2, chat).bind(3, text).bind(4, priority).run();
}

}  // namespace followup::testing
