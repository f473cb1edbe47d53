#include "bot/store/sqlite_nudges.hpp"

#include <algorithm>

namespace followup::sqlite {

nudge_table::nudge_table(database& db)
    : db_(db),
      load_(db.prepare("SELECT id, interview_id, kind, due_at, state FROM nudges WHERE user_id = ? "
                       "AND state IN (0, 1) ORDER BY due_at, id")),
      insert_(db.prepare("INSERT INTO nudges (user_id, interview_id, kind, due_at, state, "
                         "created_at) VALUES (?, ?, ?, ?, 0, ?)")),
      cancel_(db.prepare("UPDATE nudges SET state = 2, done_at = ? WHERE id = ? AND state = 0")),
      next_due_(db.prepare("SELECT min(due_at) FROM nudges WHERE state = 0")),
      // INDEXED BY: left to itself SQLite walks the per-user index for GROUP BY, which reads
      // every pending reminder; the due index reads only those due.
      due_users_(db.prepare("SELECT user_id, min(due_at) AS first FROM nudges INDEXED BY "
                            "nudges_due WHERE state = 0 AND due_at <= ? GROUP BY user_id ORDER "
                            "BY first LIMIT ?")),
      due_for_(db.prepare("SELECT id, interview_id, kind, due_at, state FROM nudges WHERE "
                          "user_id = ? AND state = 0 AND due_at <= ? ORDER BY due_at, id")),
      finish_(db.prepare("UPDATE nudges SET state = ?, done_at = ? WHERE id = ?")) {}

namespace {
std::vector<nudge_record> read_all(statement& s) {
  std::vector<nudge_record> out;
  while (s.step()) {
    nudge_record n;
    n.id = s.column_int(0);
    n.interview_id = static_cast<int>(s.column_int(1));
    n.kind = s.column_text(2);
    n.due = from_millis(s.column_int(3));
    n.state = static_cast<nudge_state>(s.column_int(4));
    out.push_back(std::move(n));
  }
  s.reset();
  return out;
}
}  // namespace

std::vector<nudge_record> nudge_table::load(std::int64_t user_row) {
  load_.bind(1, user_row);
  return read_all(load_);
}

bool nudge_table::reconcile(std::int64_t user_row, const std::vector<planned_nudge>& planned,
                            sys_time now) {
  auto existing = load(user_row);
  std::vector<bool> keep(existing.size(), false);
  bool added = false;
  for (const auto& p : planned) {
    auto it = std::find_if(existing.begin(), existing.end(), [&](const nudge_record& n) {
      return n.interview_id == p.interview_id && n.kind == p.kind && n.due == p.due;
    });
    if (it != existing.end()) {
      keep[static_cast<std::size_t>(it - existing.begin())] = true;
      continue;
    }
    // Already past: the reply the user just got covers it (catch-up is for stored ones).
    if (p.due <= now) continue;
    insert_.bind(1, user_row)
        .bind(2, p.interview_id)
        .bind(3, p.kind)
        .bind(4, to_millis(p.due))
        .bind(5, to_millis(now))
        .run();
    added = true;
  }
  for (std::size_t k = 0; k < existing.size(); ++k) {
    if (!keep[k] && existing[k].state == nudge_state::pending) {
      cancel_.bind(1, to_millis(now)).bind(2, existing[k].id).run();
    }
  }
  return added;
}

std::optional<sys_time> nudge_table::next_due() {
  std::optional<sys_time> out;
  if (next_due_.step() && !next_due_.column_is_null(0)) out = from_millis(next_due_.column_int(0));
  next_due_.reset();
  return out;
}

std::vector<std::int64_t> nudge_table::due_users(sys_time now, std::size_t limit) {
  std::vector<std::int64_t> users;
  due_users_.bind(1, to_millis(now)).bind(2, static_cast<std::int64_t>(limit));
  while (due_users_.step()) users.push_back(due_users_.column_int(0));
  due_users_.reset();
  return users;
}

std::vector<nudge_record> nudge_table::due_for(std::int64_t user_row, sys_time now) {
  due_for_.bind(1, user_row).bind(2, to_millis(now));
  return read_all(due_for_);
}

void nudge_table::finish(std::int64_t id, nudge_state state, sys_time now) {
  finish_.bind(1, static_cast<int>(state)).bind(2, to_millis(now)).bind(3, id).run();
}

std::int64_t nudge_table::prune(sys_time before) {
  auto s = db_.prepare("DELETE FROM nudges WHERE state = 2 AND done_at < ?");
  s.bind(1, to_millis(before)).run();
  return db_.changes();
}

}  // namespace followup::sqlite
