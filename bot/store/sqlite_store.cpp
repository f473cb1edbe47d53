#include "bot/store/sqlite_store.hpp"

#include <algorithm>
#include <filesystem>

#include "bot/log.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_interviews.hpp"
#include "bot/store/sqlite_migrations.hpp"
#include "bot/store/sqlite_nudges.hpp"

namespace followup {
namespace {

class sqlite_store final : public store {
 public:
  explicit sqlite_store(const std::string& path)
      : db_(path), interviews_(migrated(db_)), nudges_(db_) {
    is_processed_ =
        db_.prepare("SELECT 1 FROM processed_updates WHERE platform = ? AND update_id = ?");
    mark_processed_ = db_.prepare(
        "INSERT INTO processed_updates (platform, update_id, received_at) VALUES (?, ?, ?)");
    find_user_ = db_.prepare(
        "SELECT id, chat_id, timezone, conversation, timezone_asked, nudges_on, quiet_start, "
        "quiet_end, remind_minutes, platform, platform_user_id, calendar_since FROM users WHERE "
        "platform = ? AND platform_user_id = ?");
    find_user_by_row_ = db_.prepare(
        "SELECT id, chat_id, timezone, conversation, timezone_asked, nudges_on, quiet_start, "
        "quiet_end, remind_minutes, platform, platform_user_id, calendar_since FROM users WHERE "
        "id = ?");
    find_calendar_ = db_.prepare("SELECT id FROM users WHERE calendar_hash = ?");
    set_calendar_ =
        db_.prepare("UPDATE users SET calendar_hash = ?, calendar_since = ? WHERE id = ?");
    insert_user_ = db_.prepare(
        "INSERT INTO users (platform, platform_user_id, chat_id, timezone, conversation, "
        "created_at, "
        "updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?)");
    update_user_ = db_.prepare(
        "UPDATE users SET chat_id = ?, conversation = ?, timezone = ?, timezone_asked = ?, "
        "nudges_on = ?, quiet_start = ?, quiet_end = ?, remind_minutes = ?, updated_at = ? WHERE "
        "id = ?");
    delete_user_ = db_.prepare("DELETE FROM users WHERE id = ?");
    insert_outbox_ = db_.prepare(
        "INSERT INTO outbox (platform, chat_id, text, priority, not_before, created_at, thread) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    load_outbox_ = db_.prepare(
        "SELECT id, platform, chat_id, text, priority, attempts, not_before, created_at, thread "
        "FROM outbox "
        "WHERE state = 0 AND priority = ? AND id > ? ORDER BY id LIMIT ?");
    mark_sent_ = db_.prepare(
        "UPDATE outbox SET state = 1, attempts = ?, sent_at = ?, in_flight = 0 WHERE id = ?");
    mark_retry_ = db_.prepare(
        "UPDATE outbox SET attempts = ?, not_before = ?, last_error = ?, in_flight = 0 WHERE id "
        "= ?");
    mark_dead_ = db_.prepare(
        "UPDATE outbox SET state = 2, attempts = ?, last_error = ?, in_flight = 0 WHERE id = ?");
    mark_in_flight_ = db_.prepare("UPDATE outbox SET in_flight = ? WHERE id = ?");
    begin_ = db_.prepare("BEGIN IMMEDIATE");
    commit_ = db_.prepare("COMMIT");
    sync_full_ = db_.prepare("PRAGMA synchronous = FULL");
    sync_normal_ = db_.prepare("PRAGMA synchronous = NORMAL");
  }

  std::vector<inbound_outcome> apply_inbound(std::span<inbound_job> jobs,
                                             std::span<const delivery> deliveries,
                                             sys_time now) override {
    std::vector<inbound_outcome> outcomes(jobs.size());
    in_transaction([&] {
      write_deliveries(deliveries, now);
      for (std::size_t i = 0; i < jobs.size(); ++i) outcomes[i] = apply_one(jobs[i], now);
    });
    return outcomes;
  }

  std::vector<outbox_row> load_outbox(outbox_priority priority, std::int64_t after_id,
                                      std::size_t limit) override {
    std::vector<outbox_row> rows;
    load_outbox_.bind(1, static_cast<int>(priority))
        .bind(2, after_id)
        .bind(3, static_cast<std::int64_t>(limit));
    while (load_outbox_.step()) {
      outbox_row r;
      r.id = load_outbox_.column_int(0);
      r.platform = load_outbox_.column_text(1);
      r.chat_id = load_outbox_.column_text(2);
      r.text = load_outbox_.column_text(3);
      r.priority = static_cast<outbox_priority>(load_outbox_.column_int(4));
      r.attempts = static_cast<int>(load_outbox_.column_int(5));
      r.not_before = from_millis(load_outbox_.column_int(6));
      r.created_at = from_millis(load_outbox_.column_int(7));
      r.thread = load_outbox_.column_text(8);
      rows.push_back(std::move(r));
    }
    load_outbox_.reset();
    return rows;
  }

  void record_deliveries(std::span<const delivery> deliveries, sys_time now) override {
    if (deliveries.empty()) return;
    // Losing a "sent" mark to a power cut only means sending that message again, so these
    // commits skip the fsync that inbound commits need.
    with_normal_sync([&] { in_transaction([&] { write_deliveries(deliveries, now); }); });
  }

  std::int64_t outbox_depth() override {
    return scalar("SELECT count(*) FROM outbox WHERE state = 0");
  }
  std::int64_t count_processed() override {
    return scalar("SELECT count(*) FROM processed_updates");
  }

  std::int64_t prune_processed(sys_time before) override {
    auto stmt = db_.prepare("DELETE FROM processed_updates WHERE received_at < ?");
    stmt.bind(1, to_millis(before)).run();
    return db_.changes();
  }

  pruned prune_outbox(sys_time before, std::size_t limit) override {
    // Ids grow with time: walk from the oldest (past the pending rows kept last time) and stop
    // at the first row that is recent enough. No index on created_at: it would cost every
    // insert a page.
    auto scan =
        db_.prepare("SELECT id, state, created_at FROM outbox WHERE id > ? ORDER BY id LIMIT ?");
    scan.bind(1, prune_outbox_after_).bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> finished;
    std::size_t seen = 0;
    bool reached_recent = false;
    while (scan.step()) {
      ++seen;
      if (from_millis(scan.column_int(2)) >= before) {
        reached_recent = true;
        break;
      }
      auto id = scan.column_int(0);
      if (scan.column_int(1) != 0) finished.push_back(id);
      prune_outbox_after_ = id;
    }
    scan.reset();
    if (!finished.empty()) {
      auto del = db_.prepare("DELETE FROM outbox WHERE id = ?");
      in_transaction([&] {
        for (auto id : finished) del.bind(1, id).run();
      });
    }
    pruned out{static_cast<std::int64_t>(finished.size()), !reached_recent && seen == limit};
    // Next round starts from the oldest again: pending rows seen now may be sent by then.
    if (!out.more) prune_outbox_after_ = 0;
    return out;
  }

  std::optional<user_state> find_user(const std::string& platform, const std::string& id) override {
    find_user_.bind(1, platform).bind(2, id);
    if (!find_user_.step()) {
      find_user_.reset();
      return std::nullopt;
    }
    user_state u = read_user(find_user_);
    auto row = find_user_.column_int(0);
    find_user_.reset();
    u.interviews = interviews_.load(row);
    u.nudges = nudges_.load(row);
    return u;
  }

  std::optional<user_state> find_user_by_calendar(const std::string& token_hash) override {
    find_calendar_.bind(1, token_hash);
    if (!find_calendar_.step()) {
      find_calendar_.reset();
      return std::nullopt;
    }
    auto row = find_calendar_.column_int(0);
    find_calendar_.reset();
    find_user_by_row_.bind(1, row);
    if (!find_user_by_row_.step()) {
      find_user_by_row_.reset();
      return std::nullopt;
    }
    user_state u = read_user(find_user_by_row_);
    find_user_by_row_.reset();
    u.interviews = interviews_.load(row);
    u.nudges = nudges_.load(row);
    return u;
  }

  std::int64_t enqueue(const outbox_row& row) override {
    insert_outbox(row);
    return db_.last_insert_rowid();
  }

  void set_in_flight(std::int64_t outbox_id, bool in_flight) override {
    // NORMAL sync: a killed process loses nothing the OS already has; only a power cut could
    // undo this mark, and then the reminder goes out again (at least once).
    with_normal_sync([&] { mark_in_flight_.bind(1, in_flight ? 1 : 0).bind(2, outbox_id).run(); });
  }

  std::int64_t recover_in_flight() override {
    db_.exec(
        "UPDATE outbox SET state = 1, in_flight = 0, last_error = 'in flight at a crash: "
        "counted as sent' WHERE in_flight = 1 AND state = 0 AND priority = 1");
    auto settled = db_.changes();
    db_.exec("UPDATE outbox SET in_flight = 0 WHERE in_flight = 1");
    return settled;
  }

  std::optional<sys_time> next_nudge_due() override { return nudges_.next_due(); }

  std::vector<outbox_row> claim_due_nudges(sys_time now, std::size_t max_users,
                                           const nudge_composer& compose) override {
    std::vector<outbox_row> queued;
    in_transaction([&] {
      for (auto row : nudges_.due_users(now, max_users)) {
        find_user_by_row_.bind(1, row);
        if (!find_user_by_row_.step()) {
          find_user_by_row_.reset();
          for (const auto& n : nudges_.due_for(row, now)) {
            nudges_.finish(n.id, nudge_state::cancelled, now);
          }
          continue;
        }
        auto user = read_user(find_user_by_row_);
        find_user_by_row_.reset();
        user.interviews = interviews_.load(row);
        user.nudges = nudges_.load(row);
        // What due_for() would read again: load() has every pending one, in the same order.
        std::vector<nudge_record> due;
        for (const auto& n : user.nudges) {
          if (n.state == nudge_state::pending && n.due <= now) due.push_back(n);
        }
        composed_nudges words;
        try {
          words = compose(user, due, now);
        } catch (const std::exception& e) {
          // A wording bug must not wedge the queue: these are dropped, loudly.
          log::error("nudge composition failed",
                     {{"user", user.platform + ":" + user.id}, {"error", e.what()}});
          for (const auto& n : due) words.cancelled.push_back(n.id);
        }
        for (const auto& n : due) {
          bool cancelled = std::find(words.cancelled.begin(), words.cancelled.end(), n.id) !=
                           words.cancelled.end();
          nudges_.finish(n.id, cancelled ? nudge_state::cancelled : nudge_state::sent, now);
        }
        for (auto& text : words.texts) {
          queued.push_back(
              queue(user.platform, user.chat_id, std::move(text), outbox_priority::nudge, now));
        }
      }
    });
    return queued;
  }

  std::int64_t prune_nudges(sys_time before) override { return nudges_.prune(before); }

  void checkpoint() override { db_.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

  void probe_write() override {
    // A row in and out again dirties a page, so the commit has to write to the WAL: on a full
    // disk it fails as a real commit would.
    in_transaction([&] {
      db_.exec(
          "INSERT OR REPLACE INTO processed_updates (platform, update_id, received_at) "
          "VALUES ('-probe', '-probe', 0)");
      db_.exec("DELETE FROM processed_updates WHERE platform = '-probe'");
    });
  }

 private:
  // Runs `write` with synchronous=NORMAL and always returns to FULL, even when it throws: left
  // at NORMAL, every later inbound commit would be acknowledged without an fsync.
  template <class Write>
  void with_normal_sync(Write write) {
    sync_normal_.run();
    struct restore_full_sync {
      sqlite::statement& full;
      ~restore_full_sync() {
        try {
          full.run();
        } catch (const std::exception&) {
        }
      }
    } restore{sync_full_};
    write();
  }

  void write_deliveries(std::span<const delivery> deliveries, sys_time now) {
    for (const auto& d : deliveries) {
      switch (d.result) {
        case delivery_result::sent:
          mark_sent_.bind(1, d.attempts).bind(2, to_millis(now)).bind(3, d.id).run();
          break;
        case delivery_result::retry:
          mark_retry_.bind(1, d.attempts)
              .bind(2, to_millis(d.not_before))
              .bind(3, d.error)
              .bind(4, d.id)
              .run();
          break;
        case delivery_result::dead:
          mark_dead_.bind(1, d.attempts).bind(2, d.error).bind(3, d.id).run();
          break;
      }
    }
  }

  // Reads first and lets the handler decide before anything is written, so a failing handler
  // leaves no trace and needs no savepoint; a failing write abandons the whole batch.
  inbound_outcome apply_one(inbound_job& job, sys_time now) {
    const auto& m = job.message;
    is_processed_.bind(1, m.platform).bind(2, m.update_id);
    bool duplicate = is_processed_.step();
    is_processed_.reset();
    if (duplicate) return inbound_outcome{true, false, {}};

    find_user_.bind(1, m.platform).bind(2, m.user_id);
    user_state user;
    std::int64_t row_id = 0;
    if (find_user_.step()) {
      row_id = find_user_.column_int(0);
      user = read_user(find_user_);
    } else {
      user.platform = m.platform;
      user.id = m.user_id;
      user.chat_id = m.chat_id;
      user.timezone = job.default_timezone;
      user.is_new = true;
    }
    find_user_.reset();
    if (row_id != 0) {
      user.interviews = interviews_.load(row_id);
      if (job.with_reminders) user.nudges = nudges_.load(row_id);
    }

    effects fx;
    try {
      fx = job.decide(m, user);
    } catch (const std::exception& e) {
      log::error("inbound job failed", {{"platform", m.platform},
                                        {"update_id", log::update_id(m.platform, m.update_id)},
                                        {"error", e.what()}});
      return inbound_outcome{false, true, {}};
    }

    mark_processed_.bind(1, m.platform).bind(2, m.update_id).bind(3, to_millis(now)).run();
    // Where reminders will go: the user's own chat, not a channel they mentioned the bot in.
    const auto& home = m.home_chat.empty() ? m.chat_id : m.home_chat;
    if (user.is_new) {
      insert_user_.bind(1, m.platform)
          .bind(2, m.user_id)
          .bind(3, home)
          .bind(4, job.default_timezone)
          .bind(5, to_millis(now))
          .bind(6, to_millis(now))
          .run();
      row_id = db_.last_insert_rowid();
    }

    if (fx.forget_user) {
      // Interviews, people and the contact log go with the user (ON DELETE CASCADE). The
      // processed id stays, so a redelivery of this very message is not taken as new.
      delete_user_.bind(1, row_id).run();
    } else {
      write_user(user, fx, home, row_id, now);
    }
    inbound_outcome out;
    if (!fx.forget_user && fx.nudges) out.nudges_added = nudges_.reconcile(row_id, *fx.nudges, now);
    for (auto& text : fx.replies) {
      out.queued.push_back(
          queue(m.platform, m.chat_id, std::move(text), outbox_priority::reply, now, m.thread));
    }
    return out;
  }

  void write_user(const user_state& user, const effects& fx, const std::string& chat_id,
                  std::int64_t row_id, sys_time now) {
    bool changed = fx.conversation || fx.timezone || fx.settings || user.chat_id != chat_id;
    if (changed) {
      const auto& conv = fx.conversation ? *fx.conversation : user.conversation;
      const auto& tz = fx.timezone ? *fx.timezone : user.timezone;
      const auto& set = fx.settings ? *fx.settings : user.settings;
      update_user_.bind(1, chat_id)
          .bind(2, conv.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
          .bind(3, tz)
          .bind(4, set.timezone_asked ? 1 : 0)
          .bind(5, set.nudges_on ? 1 : 0)
          .bind(6, set.quiet_start_minutes)
          .bind(7, set.quiet_end_minutes);
      if (set.remind_minutes) {
        update_user_.bind(8, *set.remind_minutes);
      } else {
        update_user_.bind_null(8);
      }
      update_user_.bind(9, to_millis(now)).bind(10, row_id).run();
    }
    if (fx.interviews) interviews_.save(row_id, user.interviews, *fx.interviews, now);
    if (fx.calendar && !fx.calendar->token_hash.empty()) {
      set_calendar_.bind(1, fx.calendar->token_hash).bind(2, to_millis(now)).bind(3, row_id).run();
    }
  }

  static sqlite::database& migrated(sqlite::database& db) {
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: a commit is on disk before we acknowledge the update it carries.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA busy_timeout = 5000");
    int before = sqlite::migrate(db);
    if (before != static_cast<int>(sqlite::migrations().size())) {
      log::info("store migrated",
                {{"from", before}, {"to", static_cast<int>(sqlite::migrations().size())}});
    }
    return db;
  }

  // A user row from find_user_ or find_user_by_row_ (same columns).
  static user_state read_user(const sqlite::statement& q) {
    user_state u;
    u.platform = q.column_text(9);
    u.id = q.column_text(10);
    u.chat_id = q.column_text(1);
    u.timezone = q.column_text(2);
    u.conversation = nlohmann::json::parse(q.column_text(3), nullptr, false);
    if (u.conversation.is_discarded() || !u.conversation.is_object()) {
      u.conversation = nlohmann::json::object();
    }
    u.settings.timezone_asked = q.column_int(4) != 0;
    u.settings.nudges_on = q.column_int(5) != 0;
    u.settings.quiet_start_minutes = static_cast<int>(q.column_int(6));
    u.settings.quiet_end_minutes = static_cast<int>(q.column_int(7));
    if (!q.column_is_null(8)) u.settings.remind_minutes = static_cast<int>(q.column_int(8));
    if (!q.column_is_null(11)) u.calendar_since = from_millis(q.column_int(11));
    return u;
  }

  // Runs f between BEGIN IMMEDIATE and COMMIT; anything it throws rolls it all back.
  template <class F>
  void in_transaction(F f) {
    begin_.run();
    try {
      f();
      commit_.run();
    } catch (...) {
      try {
        db_.exec("ROLLBACK");
      } catch (const std::exception&) {
      }
      throw;
    }
  }

  // A message for the outbox, due now; returns it with its id.
  outbox_row queue(const std::string& platform, const std::string& chat_id, std::string text,
                   outbox_priority priority, sys_time now, const std::string& thread = {}) {
    outbox_row row;
    row.platform = platform;
    row.chat_id = chat_id;
    row.text = std::move(text);
    row.priority = priority;
    row.thread = thread;
    row.not_before = now;
    row.created_at = now;
    insert_outbox(row);
    row.id = db_.last_insert_rowid();
    return row;
  }

  void insert_outbox(const outbox_row& row) {
    insert_outbox_.bind(1, row.platform)
        .bind(2, row.chat_id)
        .bind(3, row.text)
        .bind(4, static_cast<int>(row.priority))
        .bind(5, to_millis(row.not_before))
        .bind(6, to_millis(row.created_at))
        .bind(7, row.thread)
        .run();
  }

  std::int64_t scalar(std::string_view sql) {
    auto stmt = db_.prepare(sql);
    stmt.step();
    return stmt.column_int(0);
  }

  std::int64_t prune_outbox_after_ = 0;  // where the current pruning round has got to
  sqlite::database db_;
  sqlite::interview_tables interviews_;
  sqlite::nudge_table nudges_;
  sqlite::statement delete_user_, find_user_by_row_, mark_in_flight_, find_calendar_, set_calendar_;
  sqlite::statement mark_processed_, find_user_, insert_user_, update_user_, insert_outbox_,
      load_outbox_, mark_sent_, mark_retry_, mark_dead_, is_processed_, begin_, commit_, sync_full_,
      sync_normal_;
};

}  // namespace

std::unique_ptr<store> open_sqlite_store(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  return std::make_unique<sqlite_store>(path);
}

}  // namespace followup
