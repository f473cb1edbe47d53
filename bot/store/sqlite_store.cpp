#include "bot/store/sqlite_store.hpp"

#include <filesystem>

#include "bot/log.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_migrations.hpp"

namespace followup {
namespace {

class sqlite_store final : public store {
 public:
  explicit sqlite_store(const std::string& path) : db_(path) {
    db_.exec("PRAGMA journal_mode = WAL");
    // FULL: a commit is on disk before we acknowledge the update it carries.
    db_.exec("PRAGMA synchronous = FULL");
    db_.exec("PRAGMA foreign_keys = ON");
    db_.exec("PRAGMA busy_timeout = 5000");
    int before = sqlite::migrate(db_);
    if (before != static_cast<int>(sqlite::migrations().size())) {
      log::info("store migrated", {{"path", path},
                                   {"from", before},
                                   {"to", static_cast<int>(sqlite::migrations().size())}});
    }
    is_processed_ =
        db_.prepare("SELECT 1 FROM processed_updates WHERE platform = ? AND update_id = ?");
    mark_processed_ = db_.prepare(
        "INSERT INTO processed_updates (platform, update_id, received_at) VALUES (?, ?, ?)");
    find_user_ = db_.prepare(
        "SELECT id, chat_id, timezone, conversation FROM users WHERE platform = ? AND "
        "platform_user_id = ?");
    insert_user_ = db_.prepare(
        "INSERT INTO users (platform, platform_user_id, chat_id, timezone, conversation, "
        "created_at, "
        "updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?)");
    update_user_ =
        db_.prepare("UPDATE users SET chat_id = ?, conversation = ?, updated_at = ? WHERE id = ?");
    insert_outbox_ = db_.prepare(
        "INSERT INTO outbox (platform, chat_id, text, priority, not_before, created_at) VALUES (?, "
        "?, ?, ?, ?, ?)");
    load_outbox_ = db_.prepare(
        "SELECT id, platform, chat_id, text, priority, attempts, not_before, created_at FROM "
        "outbox "
        "WHERE state = 0 AND priority = ? AND id > ? ORDER BY id LIMIT ?");
    mark_sent_ = db_.prepare("UPDATE outbox SET state = 1, attempts = ?, sent_at = ? WHERE id = ?");
    mark_retry_ =
        db_.prepare("UPDATE outbox SET attempts = ?, not_before = ?, last_error = ? WHERE id = ?");
    mark_dead_ =
        db_.prepare("UPDATE outbox SET state = 2, attempts = ?, last_error = ? WHERE id = ?");
    begin_ = db_.prepare("BEGIN IMMEDIATE");
    commit_ = db_.prepare("COMMIT");
    sync_full_ = db_.prepare("PRAGMA synchronous = FULL");
    sync_normal_ = db_.prepare("PRAGMA synchronous = NORMAL");
  }

  std::vector<inbound_outcome> apply_inbound(std::span<inbound_job> jobs,
                                             std::span<const delivery> deliveries,
                                             sys_time now) override {
    std::vector<inbound_outcome> outcomes(jobs.size());
    begin_.run();
    try {
      write_deliveries(deliveries, now);
      for (std::size_t i = 0; i < jobs.size(); ++i) outcomes[i] = apply_one(jobs[i], now);
      commit_.run();
    } catch (...) {
      try {
        db_.exec("ROLLBACK");
      } catch (const std::exception&) {
      }
      throw;
    }
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
      rows.push_back(std::move(r));
    }
    load_outbox_.reset();
    return rows;
  }

  void record_deliveries(std::span<const delivery> deliveries, sys_time now) override {
    if (deliveries.empty()) return;
    // Losing a "sent" mark to a power cut only means sending that message again, so these
    // commits skip the fsync that inbound commits need.
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
    begin_.run();
    try {
      write_deliveries(deliveries, now);
      commit_.run();
    } catch (...) {
      db_.exec("ROLLBACK");
      throw;
    }
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

  std::optional<user_state> find_user(const std::string& platform, const std::string& id) override {
    find_user_.bind(1, platform).bind(2, id);
    if (!find_user_.step()) {
      find_user_.reset();
      return std::nullopt;
    }
    user_state u = read_user(platform, id);
    find_user_.reset();
    return u;
  }

  std::int64_t enqueue(const outbox_row& row) override {
    insert_outbox(row);
    return db_.last_insert_rowid();
  }

  void checkpoint() override { db_.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

 private:
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
      user = read_user(m.platform, m.user_id);
    } else {
      user = user_state{
          m.platform, m.user_id, m.chat_id, job.default_timezone, nlohmann::json::object(), true};
    }
    find_user_.reset();

    effects fx;
    try {
      fx = job.decide(m, user);
    } catch (const std::exception& e) {
      log::error("inbound job failed",
                 {{"platform", m.platform}, {"update_id", m.update_id}, {"error", e.what()}});
      return inbound_outcome{false, true, {}};
    }

    mark_processed_.bind(1, m.platform).bind(2, m.update_id).bind(3, to_millis(now)).run();
    if (user.is_new) {
      insert_user_.bind(1, m.platform)
          .bind(2, m.user_id)
          .bind(3, m.chat_id)
          .bind(4, job.default_timezone)
          .bind(5, to_millis(now))
          .bind(6, to_millis(now))
          .run();
      row_id = db_.last_insert_rowid();
    }

    if (fx.conversation || user.chat_id != m.chat_id) {
      const auto& conv = fx.conversation ? *fx.conversation : user.conversation;
      update_user_.bind(1, m.chat_id)
          .bind(2, conv.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
          .bind(3, to_millis(now))
          .bind(4, row_id)
          .run();
    }
    inbound_outcome out;
    for (auto& text : fx.replies) {
      outbox_row row;
      row.platform = m.platform;
      row.chat_id = m.chat_id;
      row.text = std::move(text);
      row.priority = outbox_priority::reply;
      row.not_before = now;
      row.created_at = now;
      insert_outbox(row);
      row.id = db_.last_insert_rowid();
      out.queued.push_back(std::move(row));
    }
    return out;
  }

  user_state read_user(const std::string& platform, const std::string& id) {
    user_state u;
    u.platform = platform;
    u.id = id;
    u.chat_id = find_user_.column_text(1);
    u.timezone = find_user_.column_text(2);
    u.conversation = nlohmann::json::parse(find_user_.column_text(3), nullptr, false);
    if (u.conversation.is_discarded()) u.conversation = nlohmann::json::object();
    return u;
  }

  void insert_outbox(const outbox_row& row) {
    insert_outbox_.bind(1, row.platform)
        .bind(2, row.chat_id)
        .bind(3, row.text)
        .bind(4, static_cast<int>(row.priority))
        .bind(5, to_millis(row.not_before))
        .bind(6, to_millis(row.created_at))
        .run();
  }

  std::int64_t scalar(std::string_view sql) {
    auto stmt = db_.prepare(sql);
    stmt.step();
    return stmt.column_int(0);
  }

  sqlite::database db_;
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
