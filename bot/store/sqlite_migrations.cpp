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
    // 2: interview tracking: user settings, interviews, the people met, the contact log.
    // Local calendar days (decision_by, call_on) are days since 1970-01-01.
    R"sql(
ALTER TABLE users ADD COLUMN timezone_asked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN nudges_on INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN quiet_start INTEGER NOT NULL DEFAULT 1260;
ALTER TABLE users ADD COLUMN quiet_end INTEGER NOT NULL DEFAULT 480;
CREATE TABLE interviews (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id INTEGER NOT NULL,
  company TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  at_has_time INTEGER NOT NULL,
  status TEXT NOT NULL,
  decision_by INTEGER,
  call_on INTEGER,
  calls INTEGER NOT NULL DEFAULT 0,
  voicemails INTEGER NOT NULL DEFAULT 0,
  unanswered INTEGER NOT NULL DEFAULT 0,
  thank_you_plan TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, id)
) WITHOUT ROWID;
CREATE TABLE people (
  user_id INTEGER NOT NULL,
  interview_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  preferred_channel TEXT NOT NULL DEFAULT '',
  thanked_at INTEGER,
  thanked_via TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, interview_id, position),
  FOREIGN KEY (user_id, interview_id) REFERENCES interviews (user_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE contact_log (
  user_id INTEGER NOT NULL,
  interview_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT '',
  with_name TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, interview_id, position),
  FOREIGN KEY (user_id, interview_id) REFERENCES interviews (user_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
)sql",
    // 3: reminders: the nudges themselves, per-interview snooze, the user's reminder time.
    R"sql(
ALTER TABLE users ADD COLUMN remind_minutes INTEGER;
ALTER TABLE interviews ADD COLUMN snoozed_until INTEGER;
CREATE TABLE nudges (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  interview_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  state INTEGER NOT NULL DEFAULT 0,   -- 0 pending, 1 sent, 2 cancelled
  created_at INTEGER NOT NULL,
  done_at INTEGER,
  FOREIGN KEY (user_id, interview_id) REFERENCES interviews (user_id, id) ON DELETE CASCADE
);
CREATE INDEX nudges_due ON nudges (due_at) WHERE state = 0;
CREATE INDEX nudges_by_user ON nudges (user_id, interview_id);
)sql",
    // 4: a reminder being sent is marked first, so a crash mid-send never sends it twice.
    R"sql(
ALTER TABLE outbox ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
)sql",
    // 5: a reply goes to the thread its message was in (Slack's thread_ts); '' for none.
    R"sql(
ALTER TABLE outbox ADD COLUMN thread TEXT NOT NULL DEFAULT '';
)sql",
    // 6: several rounds with one company: the round's number and the id of the first round
    // (NULL: this interview is its own application); whether the bot asked for a lesson; a
    // count of its changes (the calendar's SEQUENCE); the
    // SHA-256 of the user's calendar feed token (the token itself is never stored).
    R"sql(
ALTER TABLE interviews ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
ALTER TABLE interviews ADD COLUMN application INTEGER;
ALTER TABLE interviews ADD COLUMN lesson_asked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN calendar_hash TEXT;
ALTER TABLE users ADD COLUMN calendar_since INTEGER;
CREATE UNIQUE INDEX users_by_calendar ON users (calendar_hash) WHERE calendar_hash IS NOT NULL;
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
