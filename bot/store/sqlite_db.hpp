#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace followup::sqlite {

// A failed SQLite call that the store cannot recover from (I/O error, full disk, corruption).
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class statement {
 public:
  statement() = default;
  statement(sqlite3* db, std::string_view sql);
  statement(statement&& o) noexcept : stmt_(o.stmt_), db_(o.db_) { o.stmt_ = nullptr; }
  statement& operator=(statement&& o) noexcept;
  ~statement();

  statement& bind(int index, std::int64_t v);
  statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  statement& bind(int index, std::string_view v);
  statement& bind_null(int index);
  // Returns true while a row is available.
  bool step();
  // Runs to completion, then resets for the next use.
  void run();
  void reset();

  std::int64_t column_int(int i) const;
  std::string column_text(int i) const;
  bool column_is_null(int i) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

class database {
 public:
  explicit database(const std::string& path);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  void exec(std::string_view sql);
  statement prepare(std::string_view sql) { return statement(db_, sql); }
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace followup::sqlite
