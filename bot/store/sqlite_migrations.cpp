#include "bot/store/sqlite_migrations.hpp"

#include <string>

#include "bot/store/sqlite_db.hpp"

namespace followup::sqlite {

namespace {
constexpr std::string_view all[] = {
    // 1: the walking skeleton: users, processed updates, outbox.
    R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  timezone TEXT NOT NULL,
  conversation TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (platform, platform_user_id)
);
CREATE TABLE processed_updates (
  platform TEXT NOT NULL,
  update_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (platform, update_id)
) WITHOUT ROWID;
CREATE INDEX processed_updates_by_age ON processed_updates (received_at);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  text TEXT NOT NULL,
  priority INTEGER NOT NULL,
  state INTEGER NOT NULL DEFAULT 0,   -- 0 pending, 1 sent, 2 dead
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (priority, id) WHERE state = 0;
)sql",
};
}  // namespace

std::span<const std::string_view> migrations() {
  return all;
}

int migrate(database& db) {
  auto version_stmt = db.prepare("PRAGMA user_version");
  version_stmt.step();
  int before = static_cast<int>(version_stmt.column_int(0));
  version_stmt.reset();
  auto list = migrations();
  if (before > static_cast<int>(list.size())) {
    throw error("database schema version " + std::to_string(before) +
                " is newer than this program knows (" + std::to_string(list.size()) + ")");
  }
  for (int v = before; v < static_cast<int>(list.size()); ++v) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(list[v]);
      db.exec("PRAGMA user_version = " + std::to_string(v + 1));
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  }
  return before;
}

}  // namespace followup::sqlite
